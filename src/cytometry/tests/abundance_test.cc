// DA (quasi-binomial GLM) and DS (pooled t on medians) against base R
// (tests/reference/cytometry_abundance.R -> tests/fixtures/cytometry/abundance).
#include "pioneer/cytometry/abundance.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"

namespace pioneer::cytometry {
namespace {

constexpr double kRelTol = 1e-9;  // closed-form GLM vs IRLS to convergence
constexpr double kAbsFloor = 1e-12;

const std::string kDir = std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/cytometry/abundance/";

void Close(double expected, double actual, const std::string& what) {
  EXPECT_LE(std::abs(expected - actual), std::max(kAbsFloor, kRelTol * std::abs(expected))) << what;
}

AbundanceResult RunFixture() {
  AbundanceOptions o;
  o.group_column = "response";
  o.reference = "NR";
  return TestAbundance(io::ReadDelimited(kDir + "frequencies.tsv"),
                       io::ReadDelimited(kDir + "medians.tsv"),
                       io::ReadDelimited(kDir + "samples.tsv"), o);
}

TEST(Abundance, MatchesRGlmQuasibinomialAndTTest) {
  const nlohmann::json fx = nlohmann::json::parse(core::ReadFile(kDir + "expected.json"));
  const AbundanceResult r = RunFixture();
  EXPECT_EQ(r.levels, (std::vector<std::string>{"NR", "R"}));
  ASSERT_EQ(r.da.size(), fx["da"].size());
  for (std::size_t i = 0; i < r.da.size(); ++i) {
    const auto& e = fx["da"][i];
    EXPECT_EQ(r.da[i].metacluster, e["metacluster"].get<int>());
    Close(e["log_odds_ratio"], r.da[i].log_odds_ratio, "lor");
    Close(e["se"], r.da[i].se, "se");
    Close(e["t"], r.da[i].t, "t");
    Close(e["dispersion"], r.da[i].dispersion, "dispersion");
    Close(e["p"], r.da[i].p, "p");
    Close(e["fdr"], r.da[i].fdr, "fdr");
  }
  ASSERT_EQ(r.ds.size(), fx["ds"].size());
  for (std::size_t i = 0; i < r.ds.size(); ++i) {
    const auto& e = fx["ds"][i];
    EXPECT_EQ(r.ds[i].metacluster, e["metacluster"].get<int>());
    EXPECT_EQ(r.ds[i].marker, e["marker"].get<std::string>());
    Close(e["difference"], r.ds[i].difference, "difference");
    Close(e["t"], r.ds[i].t, "t");
    Close(e["p"], r.ds[i].p, "p");
    Close(e["fdr"], r.ds[i].fdr, "fdr");
  }
  EXPECT_EQ(r.ds.back().n_reference, 4u);  // s01 has no metacluster-4 cells
}

TEST(Abundance, EmptyGroupProportionGivesNaNNotACrash) {
  const DaRow row = QuasiBinomialTwoGroups({0, 0, 5, 6}, {100, 100, 100, 100}, {0, 0, 1, 1});
  EXPECT_TRUE(std::isnan(row.p));
  EXPECT_EQ(row.frequency_reference, 0);
}

TEST(Abundance, BadSamplesTables) {
  AbundanceOptions o;
  o.group_column = "response";
  const core::Table counts = io::ReadDelimited(kDir + "frequencies.tsv");
  const core::Table medians = io::ReadDelimited(kDir + "medians.tsv");
  core::Table one_level("samples.tsv", {"file", "response"});
  for (int i = 1; i <= 10; ++i) one_level.AddRow({fmt::format("s{:02d}.fcs", i), "R"}, i + 1);
  EXPECT_THROW(TestAbundance(counts, medians, one_level, o), InputError);
  core::Table missing("samples.tsv", {"file", "response"});
  missing.AddRow({"s01.fcs", "R"}, 2);
  missing.AddRow({"s02.fcs", "NR"}, 3);
  try {
    TestAbundance(counts, medians, missing, o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not in the samples table"), std::string::npos)
        << e.what();
  }
  o.group_column = "arm";
  EXPECT_THROW(TestAbundance(counts, medians, missing, o), InputError);
}

}  // namespace
}  // namespace pioneer::cytometry
