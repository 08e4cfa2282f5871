// Time to endpoint on hand-made curves: event on the first day at or above
// the threshold, fold-change endpoints, censoring at the last measurement
// and at a declared non-tumour death; body-weight change in the summary.
#include "pioneer/invivo/endpoint.h"

#include <gtest/gtest.h>

#include "pioneer/core/error.h"
#include "pioneer/invivo/efficacy.h"

namespace pioneer::invivo {
namespace {

GrowthData Hand() {
  core::Table t("hand.tsv", {"m", "arm", "day", "v", "bw", "why"});
  const std::vector<std::vector<std::string>> rows = {
      {"a", "C", "0", "100", "20", ""},  {"a", "C", "5", "600", "21", ""},
      {"a", "C", "9", "1200", "22", ""}, {"b", "C", "0", "200", "20", ""},
      {"b", "C", "5", "500", "19", ""},  {"b", "C", "9", "900", "18", ""},
      {"c", "T", "0", "100", "20", ""},  {"c", "T", "5", "300", "20", "ulceration"},
      {"c", "T", "9", "1500", "20", ""}, {"d", "T", "0", "100", "20", ""},
      {"d", "T", "5", "150", "20", ""},  {"d", "T", "9", "250", "20", ""}};
  std::int64_t line = 2;
  for (const auto& r : rows) t.AddRow(r, line++);
  return ReadGrowth(t, {.animal = {"m"},
                        .arm = "arm",
                        .day = "day",
                        .volume = "v",
                        .body_weight = "bw",
                        .censor_reason = "why"});
}

TEST(Endpoint, VolumeThresholdAndCensoring) {
  const GrowthData d = Hand();
  const std::vector<AnimalEndpoint> e = TimeToEndpoint(d, {.volume = 1000});
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].time, 9);  // a: 1200 on day 9
  EXPECT_EQ(e[0].event, 1);
  EXPECT_EQ(e[1].time, 9);  // b: never reaches 1000, censored at its last day
  EXPECT_EQ(e[1].event, 0);
  EXPECT_EQ(e[2].time, 5);  // c: euthanised (ulceration) on day 5, before 1500 on day 9
  EXPECT_EQ(e[2].event, 0);
  EXPECT_EQ(e[3].event, 0);
}

TEST(Endpoint, FoldChangeOfOwnBaseline) {
  const std::vector<AnimalEndpoint> e =
      TimeToEndpoint(Hand(), {.volume = 1000, .fold_change = 2.5});
  EXPECT_EQ(e[0].time, 5);  // 600 >= 250
  EXPECT_EQ(e[0].event, 1);
  EXPECT_EQ(e[1].time, 5);  // 500 >= 2.5 x 200: at the threshold counts
  EXPECT_EQ(e[1].event, 1);
  EXPECT_EQ(e[3].time, 9);  // 250 >= 250
  EXPECT_EQ(e[3].event, 1);
  EXPECT_THROW(TimeToEndpoint(Hand(), {.volume = -1}), UsageError);
}

TEST(Endpoint, KaplanMeierAndLogRankAcrossArms) {
  const GrowthData d = Hand();
  const EndpointResult r = AnalyseEndpoint(d, d.arms, {.volume = 1000});
  ASSERT_EQ(r.km.strata.size(), 2u);
  EXPECT_TRUE(r.has_logrank);
  EXPECT_EQ(r.logrank.observed[0], 1);
  EXPECT_EQ(r.logrank.observed[1], 0);
}

TEST(Descriptive, BodyWeightChangeAndMinimumAnimals) {
  const std::vector<ArmDaySummary> s =
      DescribeByArmDay(Hand(), {.min_animals = 2, .min_fraction = 0.5});
  ASSERT_EQ(s.size(), 6u);
  EXPECT_DOUBLE_EQ(s[2].mean_weight_change_pct, 0.5 * (10 - 10));  // +10% and -10% on day 9
  EXPECT_DOUBLE_EQ(s[1].mean_weight_change_pct, 0.5 * (5 - 5));
  EXPECT_DOUBLE_EQ(s[2].mean, 1050);
  EXPECT_DOUBLE_EQ(s[2].median, 1050);
  EXPECT_DOUBLE_EQ(s[2].sem, 150);
  EXPECT_DOUBLE_EQ(s[2].mean_relative, 0.5 * (12 + 4.5));
  EXPECT_EQ(DescribeByArmDay(Hand(), {.min_animals = 3, .min_fraction = 0.5}).size(), 0u);
}

}  // namespace
}  // namespace pioneer::invivo
