// Efficacy metrics on the EMT6 study against R (tests/reference/invivo.R):
// per-animal lm slopes, change-based TGI and T/C at the default landmark,
// time to a 1000 mm3 endpoint and survdiff's log-rank. Tolerance 1e-9.
#include "pioneer/invivo/efficacy.h"

#include <gtest/gtest.h>

#include "emt6_fixture.h"
#include "pioneer/invivo/endpoint.h"

namespace pioneer::invivo {
namespace {

using namespace testing;  // NOLINT

constexpr double kRel = 1e-9;

TEST(Efficacy, PerAnimalSlopesMatchLm) {
  const std::vector<AnimalGrowth> g = AnimalGrowthAll(Emt6());
  std::map<std::string, double> rate;
  for (const AnimalGrowth& a : g) rate[a.curve->id] = a.rate;
  const auto& slopes = Reference().at("slopes");
  ASSERT_EQ(slopes.size(), g.size());
  for (const auto& s : slopes) {
    const std::string id = s.at("animal");
    if (s.at("slope").is_null()) {
      EXPECT_TRUE(std::isnan(rate.at(id))) << id;  // one measurement: no slope (R: NA)
    } else {
      ExpectClose(rate.at(id), s.at("slope"), kRel, id);
    }
  }
}

TEST(Efficacy, LandmarkTgiAndTcMatchR) {
  const GrowthData& d = Emt6();
  const double landmark = DefaultLandmarkDay(d, "Isotype");
  EXPECT_EQ(landmark, Reference().at("landmark_day").get<double>());
  TgiOptions o;
  o.control = "Isotype";
  o.landmark_day = landmark;
  o.bootstrap_replicates = 200;
  const std::vector<TgiResult> tgi = GrowthInhibition(d, o);
  const auto& ref = Reference().at("tgi");
  ASSERT_EQ(tgi.size(), ref.size());
  for (std::size_t i = 0; i < tgi.size(); ++i) {
    EXPECT_EQ(tgi[i].arm, ref[i].at("arm").get<std::string>());
    EXPECT_EQ(tgi[i].n, ref[i].at("n").get<std::size_t>());
    ExpectClose(tgi[i].tgi_pct, ref[i].at("tgi_pct"), kRel, "TGI " + tgi[i].arm);
    ExpectClose(tgi[i].tc_pct, ref[i].at("tc_pct"), kRel, "T/C " + tgi[i].arm);
    EXPECT_LT(tgi[i].tgi_lower, tgi[i].tgi_pct);
    EXPECT_GT(tgi[i].tgi_upper, tgi[i].tgi_pct);
  }
  // Same seed, same intervals.
  const std::vector<TgiResult> again = GrowthInhibition(d, o);
  EXPECT_EQ(again[0].tgi_lower, tgi[0].tgi_lower);
  EXPECT_EQ(again[2].tc_upper, tgi[2].tc_upper);
}

TEST(Efficacy, TimeToEndpointAndLogRankMatchSurvdiff) {
  const GrowthData& d = Emt6();
  const EndpointResult e = AnalyseEndpoint(d, d.arms, {.volume = 1000});
  std::map<std::string, const AnimalEndpoint*> by_id;
  for (const AnimalEndpoint& a : e.animals) by_id[a.curve->id] = &a;
  for (const auto& r : Reference().at("time_to_endpoint")) {
    const AnimalEndpoint* a = by_id.at(r.at("animal").get<std::string>());
    EXPECT_EQ(a->time, r.at("time").get<double>());
    EXPECT_EQ(a->event, r.at("event").get<int>());
  }
  ASSERT_TRUE(e.has_logrank);
  const auto& lr = Reference().at("logrank");
  ExpectClose(e.logrank.chisq, lr.at("chisq"), kRel, "log-rank chisq");
  ExpectClose(e.logrank.p, lr.at("p"), kRel, "log-rank p");
  for (std::size_t g = 0; g < 4; ++g)
    ExpectClose(e.logrank.expected[g], lr.at("expected")[g], kRel, "expected");
}

TEST(Efficacy, DescriptiveStopsWhenTooFewAnimalsRemain) {
  const std::vector<ArmDaySummary> s = DescribeByArmDay(Emt6());
  double last_isotype = 0;
  for (const ArmDaySummary& x : s) {
    if (x.arm == "Isotype") last_isotype = x.day;
    EXPECT_GE(x.n, 5u);
  }
  EXPECT_EQ(last_isotype, 21);  // day 25 has 2 of 10 animals
}

TEST(Efficacy, RegressionsAndAucOnAHandCurve) {
  core::Table t("hand.tsv", {"m", "arm", "day", "v"});
  const std::vector<std::pair<double, double>> pts = {{0, 100}, {3, 40}, {6, 30}, {9, 20},
                                                      {12, 8},  {15, 8}, {18, 8}};
  std::int64_t line = 2;
  for (auto [day, v] : pts) t.AddRow({"a", "T", std::to_string(day), std::to_string(v)}, line++);
  GrowthColumns c{.animal = {"m"}, .arm = "arm", .day = "day", .volume = "v"};
  GrowthOptions floor8{.floor = 8};
  const AnimalGrowth g = AnimalGrowthAll(ReadGrowth(t, c, floor8)).front();
  EXPECT_TRUE(g.complete_regression);
  EXPECT_FALSE(g.partial_regression);
  GrowthOptions floor4{.floor = 4};
  const AnimalGrowth h = AnimalGrowthAll(ReadGrowth(t, c, floor4)).front();
  EXPECT_FALSE(h.complete_regression);
  EXPECT_TRUE(h.partial_regression);
  double auc = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) {
    auc += 0.5 * (std::log(pts[i - 1].second / 100) + std::log(pts[i].second / 100)) * 3;
  }
  EXPECT_NEAR(g.auc_log_rel, auc, 1e-12);
  EXPECT_DOUBLE_EQ(g.best_response_pct, -92);
}

}  // namespace
}  // namespace pioneer::invivo
