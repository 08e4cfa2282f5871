// OS / PFS derivation on the hand-made study (values worked by hand from the
// follow-up described in hand_study.h) and medians that are exactly
// stats::KaplanMeier's on the same times.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../report_sections.h"
#include "hand_study.h"
#include "pioneer/pipeline/analyses/survival_by_arm.h"
#include "pioneer/pipeline/plan.h"
#include "pioneer/pipeline/runner.h"
#include "pioneer/stats/km.h"

namespace pioneer::pipeline {
namespace {

constexpr double kMonth = 30.4375;

TEST(SurvivalDerivation, HandStudyOsAndPfs) {
  std::int64_t missing = -1;
  const std::vector<SubjectSurvival> rows = DeriveSurvival(testing::HandStudy(), &missing);
  EXPECT_EQ(missing, 1);  // PID-5: no death, no last contact
  ASSERT_EQ(rows.size(), 4u);
  // PID-1: alive at 400, never progressed: PFS censored at last assessment (126).
  EXPECT_EQ(rows[0].subject_id, "PID-1");
  EXPECT_DOUBLE_EQ(rows[0].os_months, 400 / kMonth);
  EXPECT_EQ(rows[0].os_event, 0);
  EXPECT_DOUBLE_EQ(rows[0].pfs_months, 126 / kMonth);
  EXPECT_EQ(rows[0].pfs_event, 0);
  // PID-2: PD day 42, died 180 (death wins over the earlier last contact 170).
  EXPECT_DOUBLE_EQ(rows[1].os_months, 180 / kMonth);
  EXPECT_EQ(rows[1].os_event, 1);
  EXPECT_DOUBLE_EQ(rows[1].pfs_months, 42 / kMonth);
  EXPECT_EQ(rows[1].pfs_event, 1);
  // PID-3: PD day 300, alive at 350.
  EXPECT_DOUBLE_EQ(rows[2].os_months, 350 / kMonth);
  EXPECT_EQ(rows[2].os_event, 0);
  EXPECT_DOUBLE_EQ(rows[2].pfs_months, 300 / kMonth);
  EXPECT_EQ(rows[2].pfs_event, 1);
  // PID-4: iUPD day 90 is not progression; died day 200: PFS event at death.
  EXPECT_DOUBLE_EQ(rows[3].os_months, 200 / kMonth);
  EXPECT_EQ(rows[3].os_event, 1);
  EXPECT_DOUBLE_EQ(rows[3].pfs_months, 200 / kMonth);
  EXPECT_EQ(rows[3].pfs_event, 1);
}

TEST(SurvivalDerivation, ConfirmedIrecistProgressionAndNoAssessment) {
  study::Study s = testing::HandStudy();
  s.responses.push_back({"PID-4", "V", 150, "iRECIST", "iCPD"});
  s.subjects[4].last_contact_day = 30;  // PID-5: followed, never assessed
  const std::vector<SubjectSurvival> rows = DeriveSurvival(s);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_DOUBLE_EQ(rows[3].pfs_months, 150 / kMonth);
  EXPECT_EQ(rows[3].pfs_event, 1);
  EXPECT_DOUBLE_EQ(rows[4].pfs_months, 0.0);  // censored at day 0
  EXPECT_EQ(rows[4].pfs_event, 0);
  EXPECT_DOUBLE_EQ(rows[4].os_months, 30 / kMonth);
}

TEST(SurvivalByArmTest, MediansAreKaplanMeiersOnTheSameTimes) {
  const study::Study s = testing::HandStudy();
  const SurvivalByArm result = AnalyseSurvivalByArm(s);
  ASSERT_EQ(result.arms, (std::vector<std::string>{"A", "B"}));
  for (bool pfs : {true, false}) {
    stats::SurvivalData data;
    std::vector<std::string> arm;
    for (const SubjectSurvival& r : result.subjects) {
      data.time.push_back(pfs ? r.pfs_months : r.os_months);
      data.event.push_back(pfs ? r.pfs_event : r.os_event);
      arm.push_back(r.arm);
    }
    const stats::KmResult direct = stats::KaplanMeier(data, stats::Factor::FromValues(arm));
    const stats::KmResult& ours = pfs ? result.pfs_km : result.os_km;
    ASSERT_EQ(ours.strata.size(), direct.strata.size());
    for (std::size_t i = 0; i < direct.strata.size(); ++i) {
      EXPECT_EQ(ours.strata[i].group, direct.strata[i].group);
      // Both NaN (not reached) or equal.
      EXPECT_EQ(std::isnan(ours.strata[i].median), std::isnan(direct.strata[i].median));
      if (!std::isnan(direct.strata[i].median)) {
        EXPECT_DOUBLE_EQ(ours.strata[i].median, direct.strata[i].median);
      }
    }
  }
  // Arm A OS: deaths only PID-2 at 180 d among 3: S drops to 2/3, median not reached.
  EXPECT_TRUE(std::isnan(result.os_km.strata[0].median));
  // Arm A PFS: events at 42 d (3 at risk) and 300 d (1 at risk): S = 2/3 then 0 -> median 300 d.
  EXPECT_DOUBLE_EQ(result.pfs_km.strata[0].median, 300 / kMonth);
  const core::Table medians = MediansTable(result);
  EXPECT_EQ(medians.rows(), 4u);
}

TEST(SurvivalByArmTest, CoxNeedsEnoughDataAndSaysWhy) {
  // Four subjects cannot carry six coefficients: no throw, a stated problem
  // or a fit; the JSON is written either way.
  const SurvivalByArm result = AnalyseSurvivalByArm(testing::HandStudy());
  const nlohmann::json json = ToJson(result);
  EXPECT_EQ(json["subjects"].size(), 4u);
  EXPECT_EQ(json["cox_dropped"], 0);
  EXPECT_TRUE(json.contains("os_logrank"));
}

TEST(SurvivalCharts, KaplanMeierSpecHasStepsCensorMarksAndNumberAtRisk) {
  const SurvivalByArm result = AnalyseSurvivalByArm(testing::HandStudy());
  const nlohmann::json spec =
      KaplanMeierSpec(result.os_km, result.subjects, false, {{"A", "Drug A"}, {"B", "Drug B"}});
  EXPECT_EQ(spec["vconcat"][0]["layer"][0]["mark"]["interpolate"], "step-after");
  std::size_t censor = 0, risk_a0 = 0, risk_a6 = 0;
  for (const nlohmann::json& v : spec["data"]["values"]) {
    censor += v["layer"] == "censor";
    if (v["layer"] == "risk" && v["arm"] == "Drug A" && v["month"] == 0.0) risk_a0 = v["n"];
    if (v["layer"] == "risk" && v["arm"] == "Drug A" && v["month"] == 6.0) risk_a6 = v["n"];
  }
  EXPECT_EQ(censor, 2u);   // PID-1 (400 d) and PID-3 (350 d) alive
  EXPECT_EQ(risk_a0, 3u);  // arm A: PID-1..3
  EXPECT_EQ(risk_a6, 2u);  // 6 months = 182.6 d: PID-2 died at 180 d
}

TEST(SurvivalPlan, KindIsParsedAndNamed) {
  const Plan plan = ParsePlan(
      "[study]\nstore = \"s.sqlite\"\n[output]\ndir = \"o\"\n"
      "[[analysis]]\nkind = \"survival\"\n",
      "plan.toml");
  ASSERT_EQ(plan.analyses.size(), 1u);
  EXPECT_EQ(plan.analyses[0].kind, "survival");
}

}  // namespace
}  // namespace pioneer::pipeline
