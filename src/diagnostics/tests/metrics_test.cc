// Harrell's / Uno's C against survival::concordance, Brier, calibration
// (glm), calibration curve and decision curve (formulas in R) on survival's
// lung data (tests/reference/diagnostics_metrics.R writes the fixture), the
// O(n log n) concordance against the pairwise definition, edge cases and
// the seeded bootstrap.
#include "pioneer/diagnostics/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/diagnostics/roc.h"

namespace pioneer::diagnostics {
namespace {

constexpr double kRelative = 1e-9;
constexpr double kAbsolute = 1e-12;

const nlohmann::json& Fixture() {
  static const nlohmann::json f = [] {
    std::ifstream in(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/diagnostics/metrics.json");
    return nlohmann::json::parse(in);
  }();
  return f;
}

void ExpectNear(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, std::max(kAbsolute, kRelative * std::abs(expected))) << what;
}

std::vector<double> Doubles(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

stats::SurvivalData LungSurvival() {
  stats::SurvivalData d;
  d.time = Doubles(Fixture().at("survival").at("time"));
  d.event = Fixture().at("survival").at("event").get<std::vector<int>>();
  return d;
}

TEST(Concordance, MatchesSurvivalConcordance) {
  const stats::SurvivalData d = LungSurvival();
  for (const auto& [name, c] : Fixture().at("concordance").items()) {
    SCOPED_TRACE(name);
    const std::vector<double> risk =
        Doubles(Fixture().at("survival").at(c.at("risk").get<std::string>()));
    const bool uno = name.rfind("uno", 0) == 0;
    const double tau =
        c.at("tau").is_null() ? std::numeric_limits<double>::infinity() : c.at("tau").get<double>();
    const ConcordanceIndex r = uno ? UnoC(d, risk, tau) : HarrellC(d, risk);
    ExpectNear(r.c, c.at("c"), "c");
    ExpectNear(r.concordant, c.at("concordant"), "concordant");
    ExpectNear(r.discordant, c.at("discordant"), "discordant");
    ExpectNear(r.tied_x, c.at("tied_x"), "tied_x");
  }
}

// Pairwise definition of Harrell's C (risk higher = shorter survival).
double NaiveHarrell(const stats::SurvivalData& d, const std::vector<double>& risk) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d.event[i] != 1) continue;
    for (std::size_t j = 0; j < d.size(); ++j) {
      const bool longer = d.time[j] > d.time[i] || (d.time[j] == d.time[i] && d.event[j] == 0);
      if (!longer) continue;
      den += 1;
      num += risk[i] > risk[j] ? 1 : risk[i] == risk[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

TEST(Concordance, FenwickEqualsPairwiseWithTies) {
  core::Rng rng(7);
  stats::SurvivalData d;
  std::vector<double> risk;
  for (int i = 0; i < 300; ++i) {
    d.time.push_back(static_cast<double>(1 + rng.Below(40)));  // many tied times
    d.event.push_back(rng.Below(3) == 0 ? 0 : 1);
    risk.push_back(static_cast<double>(rng.Below(12)));  // many tied risks
  }
  EXPECT_NEAR(HarrellC(d, risk).c, NaiveHarrell(d, risk), 1e-12);
  // No censoring: Uno's weights are all 1, so Uno = Harrell.
  for (int& e : d.event) e = 1;
  EXPECT_NEAR(UnoC(d, risk).c, HarrellC(d, risk).c, 1e-12);
}

TEST(Concordance, EdgeCases) {
  stats::SurvivalData d{{1, 2, 3}, {0, 0, 0}};
  const std::vector<double> risk{1, 2, 3};
  EXPECT_THROW(HarrellC(d, risk), Error);  // no events
  d.event = {1, 1, 1};
  EXPECT_THROW(HarrellC(d, std::vector<double>{1, 2}), Error);
  EXPECT_THROW(UnoC(d, risk, 0.0), Error);
  EXPECT_DOUBLE_EQ(HarrellC(d, std::vector<double>{3, 2, 1}).c, 1.0);
  EXPECT_DOUBLE_EQ(HarrellC(d, std::vector<double>{1, 2, 3}).c, 0.0);
  EXPECT_DOUBLE_EQ(HarrellC(d, std::vector<double>{5, 5, 5}).c, 0.5);  // all tied on risk
}

TEST(BinaryMetrics, BrierAndCalibrationMatchR) {
  const auto& b = Fixture().at("binary");
  const std::vector<double> y = Doubles(b.at("y"));
  for (const char* which : {"p", "p_tied"}) {
    ExpectNear(Brier(Doubles(b.at(which)), y), Fixture().at("brier").at(which),
               std::string("brier ") + which);
  }
  const Calibration c = CalibrationOf(Doubles(b.at("p")), y);
  // glm's IRLS stops at its own tolerance (epsilon 1e-8 on the deviance).
  EXPECT_NEAR(c.intercept, Fixture().at("calibration").at("p").at("intercept").get<double>(), 1e-7);
  EXPECT_NEAR(c.slope, Fixture().at("calibration").at("p").at("slope").get<double>(), 1e-7);
}

// A model that kept no feature predicts one probability for everybody:
// glm(y ~ lp) has an aliased slope (NA in R); the intercept is still defined,
// logit(mean y) - logit(p).
TEST(BinaryMetrics, CalibrationOfConstantPredictionHasNoSlope) {
  const std::vector<double> y{1, 0, 0, 1, 0}, p(5, 0.3);
  const Calibration c = CalibrationOf(p, y);
  EXPECT_TRUE(std::isnan(c.slope));
  EXPECT_NEAR(c.intercept, std::log(0.4 / 0.6) - std::log(0.3 / 0.7), 1e-10);
}

TEST(BinaryMetrics, CalibrationCurveMatchesR) {
  const auto& b = Fixture().at("binary");
  const std::vector<double> y = Doubles(b.at("y"));
  for (const char* which : {"p", "p_tied"}) {
    SCOPED_TRACE(which);
    const auto& e = Fixture().at("calibration_curve").at(which);
    const std::vector<CalibrationGroup> curve = CalibrationCurve(Doubles(b.at(which)), y, 10);
    ASSERT_EQ(curve.size(), e.at("n").size());
    for (std::size_t g = 0; g < curve.size(); ++g) {
      EXPECT_EQ(curve[g].n, e.at("n")[g].get<std::size_t>());
      EXPECT_EQ(curve[g].events, e.at("events")[g].get<std::size_t>());
      ExpectNear(curve[g].mean_predicted, e.at("mean_predicted")[g], "mean_predicted");
      ExpectNear(curve[g].observed, e.at("observed")[g], "observed");
      ExpectNear(curve[g].observed_lower, e.at("observed_lower")[g], "observed_lower");
      ExpectNear(curve[g].observed_upper, e.at("observed_upper")[g], "observed_upper");
    }
  }
}

TEST(BinaryMetrics, DecisionCurveMatchesFormula) {
  const auto& b = Fixture().at("binary");
  const std::vector<double> y = Doubles(b.at("y"));
  for (const char* which : {"p", "p_tied"}) {
    SCOPED_TRACE(which);
    const auto& e = Fixture().at("decision_curve").at(which);
    const std::vector<double> thresholds = Doubles(e.at("threshold"));
    const std::vector<NetBenefit> curve = DecisionCurve(Doubles(b.at(which)), y, thresholds);
    ASSERT_EQ(curve.size(), thresholds.size());
    for (std::size_t k = 0; k < curve.size(); ++k) {
      EXPECT_EQ(curve[k].true_positive, e.at("tp")[k].get<std::size_t>());
      EXPECT_EQ(curve[k].false_positive, e.at("fp")[k].get<std::size_t>());
      ExpectNear(curve[k].model, e.at("net_benefit")[k], "net benefit");
      ExpectNear(curve[k].treat_all, e.at("treat_all")[k], "treat all");
      EXPECT_EQ(curve[k].treat_none, 0.0);
    }
  }
}

TEST(BinaryMetrics, OneClassIsAClearError) {
  const std::vector<double> p{0.1, 0.5, 0.9}, y{1, 1, 1};
  try {
    CalibrationOf(p, y);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("one class"), std::string::npos) << e.what();
  }
  EXPECT_THROW(DecisionCurve(p, y, std::vector<double>{0.2}), Error);
  EXPECT_THROW(CalibrationCurve(p, y), Error);
  EXPECT_THROW(DecisionCurve(p, std::vector<double>{0, 1, 0}, std::vector<double>{1.0}),
               Error);  // pt = 1
  EXPECT_THROW(BootstrapAuc(p, std::vector<int>{0, 0, 0}, {}), Error);
}

TEST(Bootstrap, AucIntervalSeededAndNearDeLong) {
  const auto& b = Fixture().at("binary");
  const std::vector<double> p = Doubles(b.at("p"));
  std::vector<int> y;
  for (double v : Doubles(b.at("y"))) y.push_back(static_cast<int>(v));
  stats::BootstrapOptions o;
  o.replicates = 500;
  o.seed = 11;
  const stats::BootstrapResult r1 = BootstrapAuc(p, y, o);
  const stats::BootstrapResult r2 = BootstrapAuc(p, y, o);
  EXPECT_EQ(r1.intervals.percentile.lower, r2.intervals.percentile.lower);
  EXPECT_EQ(r1.intervals.bca.upper, r2.intervals.bca.upper);
  const RocResult roc = Roc(p, y, {Direction::kLess, 0.95, false});
  EXPECT_DOUBLE_EQ(r1.estimate, roc.auc);
  // The bootstrap and DeLong standard errors estimate the same quantity.
  EXPECT_NEAR(r1.std_error, roc.auc_se, 0.25 * roc.auc_se);
  EXPECT_LT(r1.intervals.percentile.lower, roc.auc);
  EXPECT_GT(r1.intervals.percentile.upper, roc.auc);
  o.seed = 12;
  EXPECT_NE(BootstrapAuc(p, y, o).intervals.percentile.lower, r1.intervals.percentile.lower);
}

TEST(Bootstrap, AnyMetricOfRows) {
  const auto& b = Fixture().at("binary");
  const std::vector<double> p = Doubles(b.at("p")), y = Doubles(b.at("y"));
  auto brier = [&](const std::vector<std::size_t>& rows) {
    double s = 0;
    for (std::size_t r : rows) s += (p[r] - y[r]) * (p[r] - y[r]);
    return s / static_cast<double>(rows.size());
  };
  stats::BootstrapOptions o;
  o.replicates = 300;
  o.seed = 3;
  const stats::BootstrapResult r = BootstrapMetric(p.size(), brier, o);
  EXPECT_DOUBLE_EQ(r.estimate, Brier(p, y));
  EXPECT_LT(r.intervals.percentile.lower, r.estimate);
  EXPECT_GT(r.intervals.percentile.upper, r.estimate);
}

TEST(RocBand, ContainsTheCurveAndIsSeeded) {
  const auto& b = Fixture().at("binary");
  const std::vector<double> p = Doubles(b.at("p"));
  std::vector<int> y;
  for (double v : Doubles(b.at("y"))) y.push_back(static_cast<int>(v));
  const std::vector<double> grid{0.0, 0.25, 0.5, 0.75, 1.0};
  stats::BootstrapOptions o;
  o.replicates = 200;
  o.seed = 5;
  const std::vector<RocBandPoint> band = RocBand(p, y, grid, o);
  ASSERT_EQ(band.size(), grid.size());
  EXPECT_EQ(band[0].sensitivity, 1.0);  // specificity 0: everyone positive
  EXPECT_EQ(band[0].lower, 1.0);
  // The point estimate is the empirical curve: pROC's sensitivity at the
  // best threshold reaching each specificity.
  const RocResult roc = Roc(p, y, {Direction::kLess, 0.95, true});
  for (const RocBandPoint& pt : band) {
    double best = 0;
    for (std::size_t k = 0; k < roc.thresholds.size(); ++k) {
      if (roc.specificities[k] >= pt.specificity - 1e-12)
        best = std::max(best, roc.sensitivities[k]);
    }
    EXPECT_DOUBLE_EQ(pt.sensitivity, best) << pt.specificity;
    EXPECT_LE(pt.lower, pt.sensitivity + 1e-12);
    EXPECT_GE(pt.upper, pt.sensitivity - 1e-12);
  }
  EXPECT_EQ(RocBand(p, y, grid, o)[2].lower, band[2].lower);
}

}  // namespace
}  // namespace pioneer::diagnostics
