// Synergy on hand-made 2x2 studies whose expected values are known, and on
// the EMT6 study (the mixed-model interaction row equals R's contrast).
#include "pioneer/invivo/synergy.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "emt6_fixture.h"
#include "pioneer/invivo/analysis.h"

namespace pioneer::invivo {
namespace {

using namespace testing;  // NOLINT

// Exponential growth, rate per arm, 3 animals per arm with baselines 90,
// 100, 110 and small animal-specific noise in the rate.
GrowthData Exponential(double rc, double ra, double rb, double rab) {
  core::Table t("sim.tsv", {"m", "arm", "day", "v"});
  std::int64_t line = 2;
  const std::vector<std::pair<std::string, double>> arms = {
      {"C", rc}, {"A", ra}, {"B", rb}, {"AB", rab}};
  for (const auto& [arm, rate] : arms) {
    for (int k = 0; k < 3; ++k) {
      const double r = rate * (1 + 0.01 * (k - 1));
      for (int day = 0; day <= 20; day += 4) {
        t.AddRow({arm + std::to_string(k), arm, std::to_string(day),
                  fmt::format("{}", (90 + 10 * k) * std::exp(r * day))},
                 line++);
      }
    }
  }
  return ReadGrowth(t, {.animal = {"m"}, .arm = "arm", .day = "day", .volume = "v"});
}

const SynergyRow& Row(const SynergyResult& r, const std::string& method) {
  for (const SynergyRow& x : r.rows) {
    if (x.method == method) return x;
  }
  throw std::runtime_error("no row " + method);
}

TEST(Synergy, BlissIndependentRatesShowNoInteraction) {
  // r_AB = r_A + r_B - r_C: Bliss independence of exponential growth.
  const GrowthData d = Exponential(0.2, 0.15, 0.1, 0.05);
  const auto growth = AnimalGrowthAll(d);
  const SynergyResult s =
      AnalyseSynergy(d, CombinationDesign::Parse("AB=A,B", "C"), growth, nullptr,
                     {.landmark_day = 20, .bootstrap_replicates = 200});
  const SynergyRow& pooled = Row(s, "rate_interaction_pooled");
  EXPECT_NEAR(pooled.estimate, 0, 1e-12);
  EXPECT_NEAR(pooled.expected, 0.05, 1e-12);
  EXPECT_EQ(pooled.verdict, "not distinguishable from Bliss independence");
  EXPECT_NEAR(Row(s, "demidenko_miller").estimate, 0, 1e-12);
  // Whole-follow-up rate inhibitions 25%, 50%, 75%: Bliss expects 62.5%,
  // HSA 50%, additivity 75%.
  for (const SynergyRow& r : s.rows) {
    if (r.window.rfind("whole", 0) != 0) continue;
    const std::map<std::string, double> expected = {
        {"bliss", 62.5}, {"hsa", 50}, {"response_additivity", 75}};
    if (!expected.contains(r.method)) continue;
    EXPECT_NEAR(r.expected, expected.at(r.method), 1e-9) << r.method;
    EXPECT_NEAR(r.observed, 75, 1e-9) << r.method;
  }
}

TEST(Synergy, ARegressingCombinationIsSynergisticAndEveryVerdictHasItsWindow) {
  const GrowthData d = Exponential(0.2, 0.15, 0.15, -0.05);
  const SynergyResult s =
      AnalyseSynergy(d, CombinationDesign::Parse("AB=A,B", "C"), AnimalGrowthAll(d), nullptr,
                     {.landmark_day = 12, .bootstrap_replicates = 200});
  EXPECT_EQ(Row(s, "rate_interaction_welch").verdict.rfind("synergy", 0), 0u);
  EXPECT_LT(Row(s, "combination_index").estimate, 1);
  for (const SynergyRow& r : s.rows) EXPECT_FALSE(r.window.empty()) << r.method;
  EXPECT_FALSE(s.notes.empty());
}

TEST(Synergy, BadCombinationFlag) {
  EXPECT_THROW(CombinationDesign::Parse("AB", "C"), UsageError);
  EXPECT_THROW(CombinationDesign::Parse("AB=A", "C"), UsageError);
  const GrowthData d = Exponential(0.2, 0.15, 0.1, 0.05);
  EXPECT_THROW(CombinationDesign::Parse("AB=A,Z", "C").Check(d), UsageError);
  const CombinationDesign c = CombinationDesign::Parse("aPD-L1 + aTGFb=aPD-L1,aTGFb", "Isotype");
  EXPECT_EQ(c.ab, "aPD-L1 + aTGFb");
  EXPECT_EQ(c.a, "aPD-L1");
  EXPECT_EQ(c.b, "aTGFb");
}

TEST(Synergy, Emt6MixedModelRowIsRsContrast) {
  AnalysisOptions o;
  o.control = "Isotype";
  o.combination = "aPD-L1 + aTGFb=aPD-L1,aTGFb";
  o.bootstrap_replicates = 200;
  const StudyAnalysis a = AnalyseStudy(Emt6(), o);
  const auto& ref = Reference().at("mixed_model");
  const SynergyRow& m = Row(*a.synergy, "mixed_model_interaction");
  ExpectClose(m.estimate, ref.at("synergy_estimate"), 1e-6, "interaction");
  const nlohmann::json j = a.ToJson();
  ExpectClose(j.at("mixed_model").at("synergy").at("se"), ref.at("synergy_se"), 1e-6, "json se");
  EXPECT_EQ(j.at("landmark_day"), 18);
  for (const char* key : {"tgi", "growth_rates", "synergy"})
    EXPECT_TRUE(j.at(key).is_array()) << key;
  EXPECT_TRUE(j.at("mixed_model").at("arm_slopes").contains("aTGFb"));
  // Same seed, same JSON.
  EXPECT_EQ(AnalyseStudy(Emt6(), o).ToJson().dump(), j.dump());
}

}  // namespace
}  // namespace pioneer::invivo
