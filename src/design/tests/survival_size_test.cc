// Log-rank sample sizes against rpact 3.3.4 getSampleSizeSurvival: the 8
// cases of ../shared/data/designs/logrank_rpact_subset.json and the 18 of
// tests/fixtures/design/rpact.json (tests/reference/design.R: Schoenfeld and
// Freedman, allocations 1, 2 and 1:2, dropout 0 to 10%).
#include "pioneer/design/survival_size.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pioneer/design/option_error.h"

namespace pioneer::design {
namespace {

// Closed forms: relative 1e-9 (rpact's JSON keeps 12-15 digits).
constexpr double kRelative = 1e-9;

double worst_relative = 0;  // printed by the fixture test

void ExpectClose(double got, double want, const std::string& what) {
  worst_relative = std::max(worst_relative, std::fabs(got - want) / std::max(1.0, std::fabs(want)));
  EXPECT_NEAR(got, want, kRelative * std::max(1.0, std::fabs(want))) << what;
}

nlohmann::json Read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(LogrankSize, MatchesSharedRpactSubset) {
  const nlohmann::json cases =
      Read(std::string(PIONEER_SHARED_DATA) + "/designs/logrank_rpact_subset.json")["cases"];
  ASSERT_EQ(cases.size(), 8u);
  for (const nlohmann::json& c : cases) {
    LogrankOptions o;
    o.hazard_ratio = c["hazardRatio"];
    o.power = c["power"];
    o.allocation = c["allocationRatioPlanned"];
    o.accrual = 24, o.follow_up = 12, o.median_control = 12;
    const LogrankSize s = LogrankSampleSize(o);
    const std::string what = c["call"];
    ExpectClose(s.events, c["eventsFixed"], what);
    ExpectClose(s.n_total, c["maxNumberOfSubjects"], what);
    ExpectClose(s.n_experimental, c["nFixed1"], what);
    ExpectClose(s.n_control, c["nFixed2"], what);
    ExpectClose(s.hazard_experimental, c["lambda1"], what);
    EXPECT_EQ(s.events_ceiling, static_cast<int>(std::ceil(c["eventsFixed"].get<double>())));
  }
}

TEST(LogrankSize, MatchesRpactFixture) {
  const nlohmann::json fixture = Read("tests/fixtures/design/rpact.json");
  ASSERT_GE(fixture["logrank"].size(), 18u);
  for (const nlohmann::json& c : fixture["logrank"]) {
    LogrankOptions o;
    o.hazard_ratio = c["hazard_ratio"];
    o.alpha = c["alpha"];
    o.power = c["power"];
    o.allocation = c["allocation"];
    o.method = ParseEventsFormula(c["method"]);
    o.accrual = c["accrual"];
    o.follow_up = c["follow_up"];
    o.median_control = c["median_control"];
    o.dropout = c["dropout"];
    const LogrankSize s = LogrankSampleSize(o);
    const std::string what = c["call"];
    ExpectClose(s.events, c["events"], what);
    ExpectClose(s.n_total, c["n_total"], what);
    ExpectClose(s.n_experimental, c["n_experimental"], what);
    ExpectClose(s.n_control, c["n_control"], what);
  }
  std::printf("largest relative difference from rpact (both files): %.2g\n", worst_relative);
}

TEST(LogrankSize, EventsOnlyWithoutAccrual) {
  LogrankOptions o;
  o.hazard_ratio = 0.6;
  const LogrankSize s = LogrankSampleSize(o);
  EXPECT_FALSE(s.has_subjects);
  EXPECT_EQ(s.events_ceiling, 121);
  EXPECT_TRUE(s.ToJson()["n_total"].is_null());
}

TEST(LogrankSize, ParsesAllocationAndNamesBadFields) {
  EXPECT_DOUBLE_EQ(ParseAllocation("2:1"), 2.0);
  EXPECT_DOUBLE_EQ(ParseAllocation("1:2"), 0.5);
  EXPECT_DOUBLE_EQ(ParseAllocation("3"), 3.0);
  for (const char* bad : {"2:", ":1", "0:1", "a:b", "2:1:1"}) {
    try {
      ParseAllocation(bad);
      ADD_FAILURE() << bad;
    } catch (const InvalidOption& e) {
      EXPECT_EQ(e.field(), "allocation");
    }
  }
  LogrankOptions o;
  o.hazard_ratio = 1;
  try {
    LogrankSampleSize(o);
    FAIL();
  } catch (const InvalidOption& e) {
    EXPECT_EQ(e.field(), "hazard_ratio");
  }
}

}  // namespace
}  // namespace pioneer::design
