// The "invivo" analysis kind on the simulated 2x2 mouse study: the section,
// its charts and tables, the results JSON (the numbers themselves are
// tested in src/invivo), and a study without animals.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pioneer/pipeline/analysis.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::pipeline {
namespace {

AnalysisSpec Spec() {
  const AnalysisKind* k = FindAnalysisKind("invivo");
  EXPECT_NE(k, nullptr);
  AnalysisSpec spec{.kind = "invivo", .name = "invivo", .title = "", .options = DefaultOptions(*k)};
  spec.options["bootstrap_replicates"] = 200;  // fast; intervals are tested in src/invivo
  return spec;
}

template <typename T>
std::vector<const T*> Blocks(const report::Section& s) {
  std::vector<const T*> out;
  for (const report::Block& b : s.blocks) {
    if (const T* x = std::get_if<T>(&b)) out.push_back(x);
  }
  return out;
}

TEST(InvivoSection, RegisteredForTheDemo) {
  const AnalysisKind* k = FindAnalysisKind("invivo");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->demo_plan, "[[analysis]]\nkind = \"invivo\"\n");
  EXPECT_EQ(k->demo_order, 60);
  EXPECT_EQ(k->default_title, "In-vivo studies");
}

TEST(InvivoSection, MouseStudyChartsTablesAndSynergyWindows) {
  const study::Study mice = sim::SimulateMouseStudy({.mice_per_arm = 8, .seed = 5});
  report::Document doc("t");
  const AnalysisOutput out = FindAnalysisKind("invivo")->run(Spec(), mice, doc);
  ASSERT_EQ(doc.sections().size(), 1u);
  const report::Section& s = doc.sections()[0];
  EXPECT_EQ(s.heading, "In-vivo studies");
  const auto charts = Blocks<report::Chart>(s);
  ASSERT_EQ(charts.size(), 5u);  // spaghetti, mean +- SEM, waterfall, KM, synergy
  EXPECT_EQ(charts[0]->spec["facet"]["field"], "arm");
  EXPECT_EQ(charts[0]->spec["spec"]["encoding"]["y"]["scale"]["type"], "log");
  EXPECT_EQ(charts[0]->spec["data"]["values"].size(), mice.animals.size());
  EXPECT_EQ(charts[2]->spec["data"]["values"].size(), 32u);  // one bar per animal
  // Every synergy row states its window, in the table too.
  ASSERT_TRUE(out.result.contains("synergy"));
  ASSERT_FALSE(out.result["synergy"].empty());
  for (const auto& row : out.result["synergy"])
    EXPECT_FALSE(row["window"].get<std::string>().empty());
  const auto tables = Blocks<report::HtmlTable>(s);
  ASSERT_FALSE(tables.empty());
  // One synergy table per window (named in its caption), then the per-day table.
  std::size_t synergy_rows = 0, windows = 0;
  for (const report::HtmlTable* t : tables) {
    if (t->caption.find("window: ") == std::string::npos) continue;
    ++windows;
    synergy_rows += t->rows.size();
  }
  EXPECT_EQ(windows, 2u);  // landmark day and whole follow-up
  const report::HtmlTable& by_day = *tables.back();
  EXPECT_EQ(by_day.header[0], "Window");
  EXPECT_EQ(synergy_rows + by_day.rows.size(), out.result["synergy"].size());
  // The landmark vs whole-follow-up comparison is stated as a note.
  bool compared = false;
  for (const report::Note* n : Blocks<report::Note>(s)) {
    compared |= n->text.find("Bliss verdicts") != std::string::npos;
  }
  EXPECT_TRUE(compared);
  std::vector<std::string> names;
  for (const auto& [name, table] : out.tables) names.push_back(name);
  EXPECT_NE(std::find(names.begin(), names.end(), "synergy"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "summary"), names.end());
}

TEST(InvivoSection, StudyWithoutAnimalsIsANote) {
  const study::Study trial = sim::SimulateTrial({.patients = 5, .seed = 3});
  ASSERT_TRUE(trial.animals.empty());
  report::Document doc("t");
  const AnalysisOutput out = FindAnalysisKind("invivo")->run(Spec(), trial, doc);
  ASSERT_EQ(doc.sections().size(), 1u);
  EXPECT_EQ(Blocks<report::Note>(doc.sections()[0]).size(), 1u);
  EXPECT_TRUE(Blocks<report::Chart>(doc.sections()[0]).empty());
  EXPECT_EQ(out.result["animals"], 0);
  EXPECT_TRUE(out.tables.empty());
}

}  // namespace
}  // namespace pioneer::pipeline
