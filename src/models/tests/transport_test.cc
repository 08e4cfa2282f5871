// Transportability diagnostics and training-fold transforms: Chowell NSCLC
// train -> test against R (tests/reference/models_loris.R, fixture
// tests/fixtures/models/transport_chowell_nsclc.json with its tolerances).
#include "pioneer/models/transport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pioneer/diagnostics/columns.h"
#include "pioneer/io/delimited.h"
#include "pioneer/models/locked_model.h"
#include "pioneer/models/loris.h"

namespace pioneer::models {
namespace {

nlohmann::json Fixture() {
  std::ifstream in(std::string(PIONEER_SOURCE_DIR) +
                   "/tests/fixtures/models/transport_chowell_nsclc.json");
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

struct Nsclc {
  std::vector<std::vector<double>> features, pan;
  std::vector<double> y;
};
Nsclc Read(const std::string& file) {
  const core::Table all = io::ReadDelimited(std::string(PIONEER_SHARED_DATA) + "/icb/" + file);
  const core::Table t = diagnostics::FilterRows(all, {"CancerType=NSCLC"});
  Nsclc n;
  n.features = diagnostics::ReadNumeric(t, Loris(LorisVariant::kNsclc).features, {}, false).values;
  n.pan = diagnostics::ReadNumeric(t, Loris(LorisVariant::kPanCancer).features, {}, false).values;
  n.y = diagnostics::ReadNumeric(t, {"Response"}, {"Response"}, false).values[0];
  return n;
}

TEST(Transport, ChowellNsclcTrainToTestMatchesR) {
  const nlohmann::json fx = Fixture();
  const double rel = fx["tolerance"]["relative"];
  const Nsclc train = Read("chowell2022_msk_icb_train.tsv"),
              test = Read("chowell2022_msk_icb_test.tsv");
  const std::vector<std::string> names = Loris(LorisVariant::kNsclc).features;
  const std::vector<double> p = LorisScore(Loris(LorisVariant::kPanCancer), test.pan);
  const Transport t = AssessTransport(SummariseFeatures(train.features, names), test.features, p,
                                      test.y, train.features);
  ASSERT_EQ(t.features.size(), names.size());
  for (std::size_t j = 0; j < names.size(); ++j) {
    const double smd = fx["smd"][j];
    EXPECT_NEAR(t.features[j].smd, smd, rel * std::fabs(smd)) << names[j];
    const double share = fx["out_of_range_share"][j];
    EXPECT_NEAR(t.features[j].share_outside, share, 1e-15) << names[j];
  }
  ASSERT_TRUE(t.membership.fitted) << t.membership.note;
  EXPECT_EQ(t.membership.terms, fx["membership_terms"].get<std::vector<std::string>>());
  const double auc_tol = fx["tolerance"]["auc_absolute"];
  EXPECT_NEAR(t.membership.auc, fx["membership_auc"].get<double>(), auc_tol);
  EXPECT_NEAR(t.membership.auc_lower, fx["membership_lower"].get<double>(), auc_tol);
  EXPECT_NEAR(t.membership.auc_upper, fx["membership_upper"].get<double>(), auc_tol);
  EXPECT_NEAR(t.calibration_in_the_large, fx["calibration_in_the_large"].get<double>(),
              fx["tolerance"]["coefficient_absolute"].get<double>());
  const nlohmann::json j = t.ToJson();
  for (const char* key :
       {"smd", "membership_auc", "calibration_in_the_large", "out_of_range_share"})
    EXPECT_TRUE(j.contains(key));
}

TEST(Transport, WithoutTrainingRowsTheMembershipModelIsNotFitted) {
  const Transport t = AssessTransport({{"x", 3, 0, 1.0, 1.0, 0.0, 2.0}}, {{0.5, 3.0, NAN}},
                                      {0.2, 0.6, 0.5}, {0, 1, 1}, std::nullopt);
  EXPECT_FALSE(t.membership.fitted);
  EXPECT_TRUE(t.ToJson()["membership_auc"].is_null());
  EXPECT_EQ(t.features[0].n_outside, 1u);  // 3.0 > max 2.0; the missing value is not counted
  EXPECT_DOUBLE_EQ(t.features[0].share_outside, 0.5);
}

// Restricted cubic spline (Harrell 2015, sec. 2.4.5): zero left of the
// first knot, linear right of the last (second differences vanish).
TEST(Preprocessing, RestrictedCubicSplineIsLinearInTheTails) {
  const std::vector<double> t = {1, 4, 10};
  EXPECT_EQ(RcsTerm(0.5, t, 0), 0.0);
  const double a = RcsTerm(12, t, 0), b = RcsTerm(14, t, 0), c = RcsTerm(16, t, 0);
  EXPECT_NEAR(a - 2 * b + c, 0, 1e-12);
  EXPECT_GT(RcsTerm(5, t, 0), 0);
  // rcspline.eval(5, c(1, 4, 10), inclx = TRUE, norm = 2)[, 2] = (5 - 1)^3 - (5 - 4)^3 * 9 / 6
  // = 62.5, / 81.
  EXPECT_NEAR(RcsTerm(5, t, 0), 62.5 / 81, 1e-14);
}

TEST(Preprocessing, WinsorAndSplineLimitsComeFromTheTrainingRowsAndRoundTrip) {
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 200; ++i) {
    x.push_back(i == 0 ? 1000.0 : i % 50);
    y.push_back(i % 3 == 0 ? 1 : 0);
  }
  const Preprocessing w =
      Preprocessing::Fit({x}, {"x"}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Transform::kWinsor);
  EXPECT_LT(w.upper[0], 1000);  // the outlier is capped at the 99th percentile of those rows
  EXPECT_DOUBLE_EQ(w.Apply({{5000.0}}, {0})(0, 0), w.upper[0]);
  std::vector<std::size_t> all(x.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const Preprocessing s = Preprocessing::Fit({x}, {"x"}, all, Transform::kSpline);
  ASSERT_EQ(s.knots[0].size(), 3u);
  EXPECT_EQ(s.DesignNames(), (std::vector<std::string>{"x", "x_rcs1"}));
  FitOptions o;
  o.method = "logistic-spline";
  o.folds = 5;
  o.bootstrap = 0;
  const LockedModel m = FitLockedModel({x}, {"x"}, y, "y", "hash", o);
  const LockedModel back = LockedModel::FromJson(nlohmann::json::parse(m.ToJson().dump()));
  EXPECT_EQ(back.Predict({x}), m.Predict({x}));
  EXPECT_EQ(back.training_summary.size(), 1u);
}

TEST(LockedModel, MonotoneTreesRespectTheLearnedDirection) {
  std::vector<double> a, b, y;
  for (int i = 0; i < 300; ++i) {
    a.push_back(i % 17);
    b.push_back((i * 7) % 13);
    y.push_back((i % 17) + ((i * 7) % 13 == 3 ? 10 : 0) > 10 ? 1 : 0);
  }
  FitOptions o;
  o.method = "xgboost-monotone";
  o.folds = 5;
  o.bootstrap = 0;
  o.xgb.max_rounds = 30;
  const LockedModel m = FitLockedModel({a, b}, {"a", "b"}, y, "y", "hash", o);
  ASSERT_EQ(m.xgb.monotone.size(), 2u);
  EXPECT_EQ(m.xgb.monotone[0], 1);  // responders have the larger a
  std::vector<double> grid, fixed(17, 3.0);
  for (int v = 0; v < 17; ++v) grid.push_back(v);
  const std::vector<double> p = m.Predict({grid, fixed});
  for (std::size_t i = 1; i < p.size(); ++i) EXPECT_GE(p[i], p[i - 1]) << i;
  const LockedModel back = LockedModel::FromJson(nlohmann::json::parse(m.ToJson().dump()));
  EXPECT_EQ(back.Predict({grid, fixed}), p);
}

}  // namespace
}  // namespace pioneer::models
