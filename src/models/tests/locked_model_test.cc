// Locked model: training-fold preprocessing, seeded CV, JSON round trip.
#include <cmath>

#include <gtest/gtest.h>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/models/locked_model.h"

namespace pioneer::models {
namespace {

struct Data {
  std::vector<std::vector<double>> columns;
  std::vector<double> y;
};

// Two informative features (one with 20% missing), one noise feature.
Data Simulate(std::uint64_t seed, std::size_t n) {
  core::Rng rng(seed);
  Data d{{{}, {}, {}}, {}};
  for (std::size_t i = 0; i < n; ++i) {
    const double a = rng.Normal(), b = rng.Normal(), c = rng.Normal();
    d.y.push_back(rng.Bernoulli(1 / (1 + std::exp(-(0.3 + 1.2 * a - 0.8 * b)))) ? 1 : 0);
    d.columns[0].push_back(a);
    d.columns[1].push_back(rng.Bernoulli(0.2) ? NAN : b);
    d.columns[2].push_back(c);
  }
  return d;
}

TEST(LockedModel, FitsValidatesAndRoundTrips) {
  const Data train = Simulate(1, 300);
  FitOptions o;
  o.method = "auto";
  o.folds = 5;
  o.seed = 7;
  const LockedModel m = FitLockedModel(train.columns, {"a", "b", "c"}, train.y, "response", "hash", o);
  EXPECT_EQ(m.validation.size(), 2u);
  EXPECT_NE(m.selection.find("auto:"), std::string::npos);
  EXPECT_TRUE(m.preprocessing.indicator[1]);
  EXPECT_FALSE(m.preprocessing.indicator[0]);
  EXPECT_EQ(m.coefficients.size(), 4u);  // a, b, c, b_missing
  EXPECT_GT(m.coefficients[0], 0.5);
  EXPECT_LT(m.coefficients[1], -0.3);
  EXPECT_GT(m.validation[0].auc, 0.7);
  // Same seed, same model; the artifact reproduces the predictions exactly.
  const LockedModel again = FitLockedModel(train.columns, {"a", "b", "c"}, train.y, "response", "hash", o);
  EXPECT_EQ(again.ToJson().dump(), m.ToJson().dump());
  const LockedModel loaded = LockedModel::FromJson(nlohmann::json::parse(m.ToJson().dump()));
  const Data test = Simulate(2, 200);
  EXPECT_EQ(loaded.Predict(test.columns), m.Predict(test.columns));
  nlohmann::json bad = m.ToJson();
  bad["format"] = "other";
  EXPECT_THROW(LockedModel::FromJson(bad), Error);
  bad = m.ToJson();
  bad.erase("coefficients");
  EXPECT_THROW(LockedModel::FromJson(bad), Error);
}

TEST(LockedModel, StratifiedFoldsBalanceClasses) {
  std::vector<double> y(100, 0);
  for (std::size_t i = 0; i < 30; ++i) y[i] = 1;
  const std::vector<int> f = StratifiedFolds(y, 10, 3);
  for (int k = 0; k < 10; ++k) {
    int pos = 0, all = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (f[i] == k) {
        ++all;
        pos += y[i] == 1;
      }
    }
    EXPECT_EQ(all, 10);
    EXPECT_EQ(pos, 3);
  }
  EXPECT_EQ(StratifiedFolds(y, 10, 3), f);
  EXPECT_NE(StratifiedFolds(y, 10, 4), f);
}

TEST(LockedModel, CalibrationOfPerfectlyCalibratedIsZeroOne) {
  const Data d = Simulate(3, 2000);
  std::vector<double> p;
  for (std::size_t i = 0; i < d.y.size(); ++i) {
    p.push_back(1 / (1 + std::exp(-(0.3 + 1.2 * d.columns[0][i] - 0.8 * (std::isnan(d.columns[1][i]) ? 0 : d.columns[1][i])))));
  }
  const Calibration c = CalibrationOf(p, d.y);
  EXPECT_NEAR(c.intercept, 0, 0.2);
  EXPECT_NEAR(c.slope, 1, 0.2);
  EXPECT_NEAR(Brier({0.5, 0.5}, {0, 1}), 0.25, 1e-15);
}

}  // namespace
}  // namespace pioneer::models
