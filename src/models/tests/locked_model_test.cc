// Locked model: training-fold preprocessing, seeded CV, JSON round trip.
#include "pioneer/models/locked_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"

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

FitOptions Fast(const std::string& method) {
  FitOptions o;
  o.method = method;
  o.folds = 5;
  o.seed = 7;
  o.outer_folds = 3;
  o.bootstrap = 4;
  o.xgb.max_rounds = 40;
  return o;
}

TEST(LockedModel, FitsValidatesAndRoundTrips) {
  const Data train = Simulate(1, 300);
  FitOptions o = Fast("elasticnet");
  o.bootstrap = 0;
  const LockedModel m =
      FitLockedModel(train.columns, {"a", "b", "c"}, train.y, "response", "hash", o);
  EXPECT_EQ(m.validation.size(), 1u);
  EXPECT_TRUE(m.preprocessing.indicator[1]);
  EXPECT_FALSE(m.preprocessing.indicator[0]);
  EXPECT_EQ(m.coefficients.size(), 4u);  // a, b, c, b_missing
  EXPECT_GT(m.coefficients[0], 0.5);
  EXPECT_LT(m.coefficients[1], -0.3);
  EXPECT_GT(m.validation[0].auc, 0.7);
  EXPECT_EQ(m.nested.outer_folds, 0);  // nested CV only for auto
  // Same seed, same model; the artifact reproduces the predictions exactly.
  const LockedModel again =
      FitLockedModel(train.columns, {"a", "b", "c"}, train.y, "response", "hash", o);
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

TEST(LockedModel, AutoRunsNestedCvAndOptimismBootstrap) {
  const Data train = Simulate(1, 240);
  const FitOptions o = Fast("auto");
  const LockedModel m =
      FitLockedModel(train.columns, {"a", "b", "c"}, train.y, "response", "hash", o);
  ASSERT_EQ(m.validation.size(), 3u);  // logistic, elasticnet, xgboost on the same folds
  EXPECT_NE(m.selection.find("auto:"), std::string::npos);
  ASSERT_EQ(m.nested.folds.size(), 3u);
  std::size_t tested = 0;
  for (const NestedFold& f : m.nested.folds) {
    tested += f.n_test;
    EXPECT_FALSE(f.method.empty());
    EXPECT_GT(f.auc, 0.6);
  }
  EXPECT_EQ(tested, train.y.size());  // every subject is tested exactly once by the outer loop
  EXPECT_GT(m.nested.auc, 0.7);
  EXPECT_LT(m.nested.auc_lower, m.nested.auc);
  ASSERT_EQ(m.optimism.metrics.size(), 4u);
  EXPECT_EQ(m.optimism.metrics[0].name, "auc");
  EXPECT_GT(m.optimism.metrics[0].optimism, 0);  // the apparent AUC is optimistic
  EXPECT_NEAR(m.optimism.metrics[0].corrected,
              m.optimism.metrics[0].apparent - m.optimism.metrics[0].optimism, 1e-15);
  const nlohmann::json j = m.ToJson();
  EXPECT_EQ(j.at("selection").at("nested_cv").at("folds").size(), 3u);
  EXPECT_TRUE(j.at("validated_performance").contains("bootstrap_optimism"));
  // Deterministic: the same seed gives the same artifact.
  EXPECT_EQ(FitLockedModel(train.columns, {"a", "b", "c"}, train.y, "response", "hash", o)
                .ToJson()
                .dump(),
            j.dump());
}

// y = (a > 0) xor (b > 0), with 10% labels flipped: no linear signal at all.
Data Xor(std::uint64_t seed, std::size_t n) {
  core::Rng rng(seed);
  Data d{{{}, {}}, {}};
  for (std::size_t i = 0; i < n; ++i) {
    const double a = rng.Normal(), b = rng.Normal();
    const bool label = (a > 0) != (b > 0);
    d.y.push_back(label != rng.Bernoulli(0.1) ? 1 : 0);
    d.columns[0].push_back(a);
    d.columns[1].push_back(rng.Bernoulli(0.1) ? NAN
                                              : b);  // missing values passed to xgboost as missing
  }
  return d;
}

TEST(XgboostModel, TreesBeatLinearOnAnInteraction) {
  const Data train = Xor(5, 300);
  FitOptions o = Fast("auto");
  o.bootstrap = 0;
  o.outer_folds = 0;
  const LockedModel m = FitLockedModel(train.columns, {"a", "b"}, train.y, "y", "hash", o);
  EXPECT_EQ(m.method, "xgboost") << m.selection;
  double linear = 0, trees = 0;
  for (const CvSummary& s : m.validation)
    (s.method == "xgboost" ? trees : linear) =
        std::max(s.method == "xgboost" ? trees : linear, s.auc);
  EXPECT_GT(trees, 0.8);
  EXPECT_LT(linear, 0.65);
  EXPECT_GT(m.rounds, 0);
  EXPECT_LE(m.rounds, o.xgb.max_rounds);
  const std::vector<std::pair<std::string, double>> gain = m.Importance();
  ASSERT_EQ(gain.size(), 2u);
  EXPECT_GT(gain[0].second, 0);
  EXPECT_GT(gain[1].second, 0);
}

TEST(XgboostModel, SavedModelReproducesPredictionsExactly) {
  const Data train = Xor(6, 200);
  FitOptions o = Fast("xgboost");
  o.bootstrap = 0;
  const LockedModel m = FitLockedModel(train.columns, {"a", "b"}, train.y, "y", "hash", o);
  const std::string text = m.ToJson().dump();
  const LockedModel loaded = LockedModel::FromJson(nlohmann::json::parse(text));
  const Data test = Xor(7, 150);
  const std::vector<double> p = m.Predict(test.columns);
  EXPECT_EQ(loaded.Predict(test.columns), p);
  EXPECT_EQ(loaded.ToJson().at("xgboost").dump(),
            m.ToJson().at("xgboost").dump());  // the trees survive the round trip
  // A subject with every feature missing still gets a prediction.
  const std::vector<double> all_missing = loaded.Predict({{NAN}, {NAN}});
  ASSERT_EQ(all_missing.size(), 1u);
  EXPECT_TRUE(all_missing[0] > 0 && all_missing[0] < 1);
  // Same seed, same trees.
  EXPECT_EQ(FitLockedModel(train.columns, {"a", "b"}, train.y, "y", "hash", o).ToJson().dump(),
            text);
}

TEST(LockedModel, RefusesOneClassAndUnknownMethods) {
  Data d = Simulate(1, 50);
  std::fill(d.y.begin(), d.y.end(), 0.0);
  EXPECT_THROW(FitLockedModel(d.columns, {"a", "b", "c"}, d.y, "y", "h", Fast("logistic")), Error);
  EXPECT_THROW(FitLockedModel(d.columns, {"a", "b", "c"}, d.y, "y", "h", Fast("forest")), Error);
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
    p.push_back(1 / (1 + std::exp(-(0.3 + 1.2 * d.columns[0][i] -
                                    0.8 * (std::isnan(d.columns[1][i]) ? 0 : d.columns[1][i])))));
  }
  const Calibration c = CalibrationOf(p, d.y);
  EXPECT_NEAR(c.intercept, 0, 0.2);
  EXPECT_NEAR(c.slope, 1, 0.2);
  EXPECT_NEAR(Brier(std::vector<double>{0.5, 0.5}, std::vector<double>{0, 1}), 0.25, 1e-15);
}

}  // namespace
}  // namespace pioneer::models
