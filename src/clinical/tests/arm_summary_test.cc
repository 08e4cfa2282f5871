// Arm-level summaries: Clopper-Pearson and Newcombe intervals against R
// (tests/reference/response_arms.R -> tests/fixtures/clinical/response_arms.json),
// and the per-arm counts and KM curves on hand-made outcomes.
#include "pioneer/clinical/arm_summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"

namespace pioneer::clinical {
namespace {

nlohmann::json Fixture() {
  std::ifstream in(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/clinical/response_arms.json");
  return nlohmann::json::parse(in);
}

void ExpectClose(double actual, double expected, const nlohmann::json& tol,
                 const std::string& what) {
  const double bound =
      std::max(tol["absolute"].get<double>(), tol["relative"].get<double>() * std::abs(expected));
  EXPECT_NEAR(actual, expected, bound) << what;
}

TEST(ArmSummary, ClopperPearsonAndNewcombeMatchR) {
  const nlohmann::json f = Fixture();
  ASSERT_GE(f["cases"].size(), 5u);
  for (const auto& c : f["cases"]) {
    const auto x1 = c["x1"].get<std::int64_t>(), n1 = c["n1"].get<std::int64_t>();
    const auto x2 = c["x2"].get<std::int64_t>(), n2 = c["n2"].get<std::int64_t>();
    std::vector<SubjectOutcome> subjects;
    auto add = [&](const std::string& arm, bool responder) {
      SubjectOutcome s;
      s.subject_id = std::to_string(subjects.size());
      s.arm = arm;
      s.responder = responder;
      subjects.push_back(s);
    };
    for (std::int64_t i = 0; i < n1; ++i) add("B", i < x1);
    for (std::int64_t i = 0; i < n2; ++i) add("A", i < x2);
    const ArmSummary s = SummariseArms(subjects, {"A", "B"});
    const std::string label = c.dump();
    ASSERT_EQ(s.orr.by_arm.size(), 2u);
    ExpectClose(s.orr.by_arm[1].lower, c["cp1"][0], f["tolerance"], label + " cp1 lower");
    ExpectClose(s.orr.by_arm[1].upper, c["cp1"][1], f["tolerance"], label + " cp1 upper");
    ExpectClose(s.orr.by_arm[0].lower, c["cp2"][0], f["tolerance"], label + " cp2 lower");
    ExpectClose(s.orr.by_arm[0].upper, c["cp2"][1], f["tolerance"], label + " cp2 upper");
    ASSERT_EQ(s.orr.differences.size(), 1u);
    const RateDifference& d = s.orr.differences[0];
    EXPECT_EQ(d.arm, "B");
    EXPECT_EQ(d.reference, "A");
    ExpectClose(d.estimate, c["diff"], f["tolerance"], label + " diff");
    ExpectClose(d.lower, c["diff_lower"], f["tolerance"], label + " diff lower");
    ExpectClose(d.upper, c["diff_upper"], f["tolerance"], label + " diff upper");
  }
}

std::vector<SubjectOutcome> Hand() {
  std::vector<SubjectOutcome> v;
  auto add = [&](const std::string& id, const std::string& arm, const std::string& bor, double pfs,
                 bool pfs_event, const std::string& sitc) {
    SubjectOutcome s;
    s.subject_id = id;
    s.arm = arm;
    s.bor_confirmed = bor;
    s.responder = bor == "CR" || bor == "PR";
    s.disease_control = s.responder || bor == "SD" || bor == "NON-CR/NON-PD";
    s.pfs = EndpointTime{pfs, pfs_event};
    s.os = EndpointTime{pfs + 100, false};
    if (s.responder) s.dor = EndpointTime{pfs - 42, pfs_event};
    s.sitc_2020 = sitc;
    s.sitc_2023_ici_chemo = sitc == "indeterminate" ? "primary_resistance" : sitc;
    v.push_back(s);
  };
  add("1", "X", "CR", 400, false, "no_progression");
  add("2", "X", "PR", 200, true, "secondary_resistance");
  add("3", "X", "PD", 40, true, "primary_resistance");
  add("4", "Y", "SD", 130, true, "primary_resistance");
  add("5", "Y", "NE", 0, false, "indeterminate");
  return v;
}

TEST(ArmSummary, RatesCountsAndCurvesPerArm) {
  const ArmSummary s = SummariseArms(Hand(), {"X", "Y", "Z"});
  EXPECT_EQ(s.arms, (std::vector<std::string>{"X", "Y", "Z"}));
  EXPECT_EQ(s.orr.by_arm[0].x, 2);
  EXPECT_EQ(s.orr.by_arm[0].n, 3);
  EXPECT_EQ(s.dcr.by_arm[1].x, 1);
  EXPECT_EQ(s.orr.by_arm[2].n, 0);  // empty arm: no estimate, no difference
  EXPECT_TRUE(std::isnan(s.orr.by_arm[2].estimate));
  EXPECT_EQ(s.orr.differences.size(), 1u);
  EXPECT_EQ(s.orr.overall.x, 2);
  EXPECT_EQ(s.orr.overall.n, 5);
  ASSERT_EQ(s.bor.categories[0], "CR");
  EXPECT_EQ(s.bor.counts[0][0], 1);        // CR in X
  EXPECT_EQ(s.bor.counts[5][1], 1);        // NE in Y
  EXPECT_EQ(s.sitc_2020.counts[0][0], 1);  // primary in X
  EXPECT_EQ(s.sitc_2020.counts[0][1], 1);  // primary in Y
  EXPECT_EQ(s.sitc_2023.counts[0][1], 2);
  ASSERT_EQ(s.pfs_km.strata.size(), 2u);  // Z has no subjects
  EXPECT_EQ(s.pfs_km.strata[0].group, "X");
  EXPECT_DOUBLE_EQ(s.pfs_km.strata[0].median, 200.0);
  ASSERT_EQ(s.dor_km.strata.size(), 1u);  // only X has responders
  EXPECT_EQ(s.dor_km.strata[0].n, 2u);
  const core::Table rates = RateTable(s);
  EXPECT_EQ(rates.rows(), 8u);  // (3 arms + total) x ORR/DCR
  EXPECT_EQ(rates.cell(0, 4), "66.7");
  EXPECT_EQ(rates.cell(1, 7), "X");  // Y's difference against X
  EXPECT_EQ(CountsTable(s).rows(), (6u + 5u + 5u) * 3u);
  EXPECT_EQ(s.ToJson()["orr"]["differences"][0]["method"], "newcombe_hybrid_score");
}

TEST(ArmSummary, ReferenceArmOption) {
  ArmSummaryOptions o;
  o.reference_arm = "Y";
  const ArmSummary s = SummariseArms(Hand(), {"X", "Y"}, o);
  ASSERT_EQ(s.orr.differences.size(), 1u);
  EXPECT_EQ(s.orr.differences[0].arm, "X");
  EXPECT_NEAR(s.orr.differences[0].estimate, 2.0 / 3.0, 1e-15);
  o.reference_arm = "W";
  EXPECT_THROW(SummariseArms(Hand(), {"X", "Y"}, o), UsageError);
}

TEST(ArmSummary, NoSubjects) {
  const ArmSummary s = SummariseArms({}, {});
  EXPECT_TRUE(s.arms.empty());
  EXPECT_TRUE(s.pfs_km.strata.empty());
}

}  // namespace
}  // namespace pioneer::clinical
