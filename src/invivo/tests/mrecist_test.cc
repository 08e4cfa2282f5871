// Mouse mRECIST (Gao et al. 2015, Xeva) on hand-made curves at each class
// boundary. Volumes are chosen so that dV% and the running means are exact
// binary fractions: the strict inequalities are tested exactly.
#include "pioneer/invivo/mrecist.h"

#include <gtest/gtest.h>

#include "pioneer/core/error.h"

namespace pioneer::invivo {
namespace {

struct Case {
  const char* name;
  std::vector<double> day, volume;
  double br, bar;
  const char* expected;
};

// Worksheet: baseline 100 mm3 on day 0, so dV% = V - 100.
const std::vector<Case> kCases = {
    {"deep regression", {0, 10, 14}, {100, 4, 2}, -98, (0 - 96 - 98) / 3.0, "mCR"},
    {"BR exactly -95 is not mCR", {0, 10}, {100, 5}, -95, -47.5, "mPR"},
    {"BAR exactly -40 is not mCR", {0, 5, 10}, {100, 76, 4}, -96, -40, "mPR"},
    {"BAR just below -40", {0, 5, 10}, {100, 75, 4}, -96, -121 / 3.0, "mCR"},
    {"BR exactly -50 is not mPR", {0, 10, 12}, {100, 60, 50}, -50, -30, "mSD"},
    {"BR just below -50", {0, 10, 12}, {100, 60, 49.5}, -50.5, (0 - 40 - 50.5) / 3.0, "mPR"},
    {"BR -60 and BAR -30", {0, 10}, {100, 40}, -60, -30, "mPR"},
    {"BAR exactly -20 is not mPR", {0, 10, 12}, {100, 100, 40}, -60, -20, "mSD"},
    {"early growth keeps BAR high", {0, 2, 10}, {100, 160, 40}, -60, 0, "mSD"},
    {"BR exactly 35 is mPD", {0, 10}, {100, 135}, 35, 17.5, "mPD"},
    {"BR just below 35", {0, 10}, {100, 134.5}, 34.5, 17.25, "mSD"},
    {"BAR exactly 30 is mPD", {0, 8, 10}, {100, 190, 100}, 0, 30, "mPD"},
    {"BAR just below 30", {0, 8, 10}, {100, 188.5, 100}, 0, 29.5, "mSD"},
    // Days before the window do not count for BR, but they enter the running mean.
    {"early dip outside the window", {0, 4, 10}, {100, 1, 200}, 100, (0 - 99 + 100) / 3.0, "mPD"},
    // No measurement on day >= 10: every point, baseline included, is used.
    {"no point in the window", {0, 3, 7}, {100, 120, 150}, 0, 0, "mSD"},
};

TEST(MRecist, WorksheetCases) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    const MRecistResult r = MRecist(c.day, c.volume);
    EXPECT_DOUBLE_EQ(r.best_response_pct, c.br);
    EXPECT_DOUBLE_EQ(r.best_avg_response_pct, c.bar);
    EXPECT_EQ(ToString(r.response), c.expected);
  }
}

TEST(MRecist, BestAverageResponseIsTheRunningMeanIncludingBaseline) {
  const MRecistResult r = MRecist({0, 5, 10}, {100, 76, 4});
  EXPECT_DOUBLE_EQ(r.best_avg_response_pct, -40);
  const MRecistResult s = MRecist({0, 8, 10}, {100, 190, 100});
  EXPECT_DOUBLE_EQ(s.best_avg_response_pct, 30);  // (0 + 90 + 0) / 3
  EXPECT_TRUE(MRecist({0, 3, 7}, {100, 120, 150}).window_empty);
}

TEST(MRecist, ClassBoundariesAreStrict) {
  EXPECT_EQ(ClassifyMRecist(-95.0001, -40.0001), MRecistClass::kCR);
  EXPECT_EQ(ClassifyMRecist(-95, -41), MRecistClass::kPR);
  EXPECT_EQ(ClassifyMRecist(-96, -40), MRecistClass::kPR);
  EXPECT_EQ(ClassifyMRecist(-50, -21), MRecistClass::kSD);
  EXPECT_EQ(ClassifyMRecist(-51, -20), MRecistClass::kSD);
  EXPECT_EQ(ClassifyMRecist(35, 0), MRecistClass::kPD);
  EXPECT_EQ(ClassifyMRecist(34.999, 29.999), MRecistClass::kSD);
  EXPECT_EQ(ClassifyMRecist(0, 30), MRecistClass::kPD);
}

TEST(MRecist, WindowAndThresholdsAreOptions) {
  MRecistOptions o;
  o.window_start_day = 4;
  // Day 4 now counts: BR -99, BAR (0 - 99) / 2 = -49.5.
  EXPECT_EQ(ToString(MRecist({0, 4, 10}, {100, 1, 200}, o).response), "mCR");
  o.sd_best_response = 120;
  o.sd_best_average = 60;
  EXPECT_EQ(ToString(MRecist({0, 10}, {100, 230}, o).response), "mPD");
  EXPECT_EQ(ToString(MRecist({0, 10}, {100, 200}, o).response), "mSD");
  MRecistOptions bad;
  bad.pr_best_response = -99;
  EXPECT_THROW(bad.Validate(), UsageError);
}

TEST(MRecist, RejectsACurveWithoutPositiveBaseline) {
  EXPECT_THROW(MRecist({}, {}), Error);
  EXPECT_THROW(MRecist({0, 10}, {0, 5}), Error);
}

}  // namespace
}  // namespace pioneer::invivo
