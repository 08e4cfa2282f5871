// The "cytometry" analysis kind on the demo's simulated FCS files: section,
// results, tables; a plan folder without files gives a note, not an error.
#include <gtest/gtest.h>

#include <filesystem>

#include "../analyses/cytometry_files.h"
#include "pioneer/pipeline/analysis.h"
#include "pioneer/sim/simulate.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

AnalysisSpec Spec(const fs::path& base) {
  const AnalysisKind* k = FindAnalysisKind("cytometry");
  EXPECT_NE(k, nullptr);
  AnalysisSpec spec{.kind = "cytometry",
                    .name = "cytometry",
                    .title = "",
                    .options = DefaultOptions(*k),
                    .base_dir = base};
  spec.options["fcs_dir"] = "fcs";
  spec.options["metaclusters"] = 12;
  spec.options["train_events"] = 20000;
  return spec;
}

TEST(CytometrySection, ClustersTheDemoFilesAndTestsAbundanceByResponse) {
  sim::CohortOptions o;
  o.patients = 60;
  o.seed = 4;
  const study::Study study = sim::SimulateTrial(o);
  const fs::path base = fs::temp_directory_path() / "pioneer_cytometry_section_test";
  fs::remove_all(base);
  EXPECT_EQ(WriteDemoCytometry(study, 4, base / "fcs"), 60u);
  EXPECT_EQ(WriteDemoCytometry(study, 4, base / "fcs"), 60u);  // a second run replaces the folder
  const AnalysisSpec spec = Spec(base);
  report::Document doc("t");
  const AnalysisOutput out = FindAnalysisKind("cytometry")->run(spec, study, doc);
  ASSERT_EQ(doc.sections().size(), 1u);
  EXPECT_EQ(doc.sections()[0].heading, "Blood immune phenotyping");
  EXPECT_EQ(out.result["samples"], 60);
  EXPECT_EQ(out.result["events"], 60 * 2500);
  EXPECT_EQ(out.result["metaclusters"], 12);
  EXPECT_EQ(out.result["markers"].size(), 14u);
  EXPECT_GT(out.result["responders"].get<int>(), 1);
  std::size_t charts = 0;
  for (const report::Block& b : doc.sections()[0].blocks)
    charts += std::holds_alternative<report::Chart>(b);
  EXPECT_EQ(charts, 3u);  // heatmap, map, box plots
  std::vector<std::string> tables;
  for (const auto& [name, table] : out.tables) tables.push_back(name);
  EXPECT_EQ(tables, (std::vector<std::string>{"frequencies", "heatmap", "abundance", "state"}));
  EXPECT_EQ(out.tables[0].second.rows(), 60u * 12u);
  EXPECT_EQ(out.tables[2].second.rows(), 12u);
  fs::remove_all(base);
}

TEST(CytometrySection, NoFilesGivesANote) {
  sim::CohortOptions o;
  o.patients = 5;
  const study::Study study = sim::SimulateTrial(o);
  report::Document doc("t");
  const AnalysisOutput out =
      FindAnalysisKind("cytometry")
          ->run(Spec(fs::temp_directory_path() / "no_such_dir_x"), study, doc);
  ASSERT_EQ(doc.sections().size(), 1u);
  ASSERT_EQ(doc.sections()[0].blocks.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<report::Note>(doc.sections()[0].blocks[0]));
  EXPECT_EQ(out.result["files"], 0);
}

TEST(CytometrySection, ChecksItsOptions) {
  const AnalysisKind* k = FindAnalysisKind("cytometry");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->check("grid", "10x10"), "");
  EXPECT_NE(k->check("grid", "10"), "");
  EXPECT_NE(core::FindOption(k->options, "metaclusters")->Problem(1, "metaclusters"), "");
  EXPECT_NE(k->check("transform", "sqrt"), "");
  EXPECT_EQ(k->check("transform", "arcsinh:150"), "");
}

}  // namespace
}  // namespace pioneer::pipeline
