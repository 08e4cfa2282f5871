// Elastic-net paths against glmnet 4.1 on lung + noise columns
// (tests/reference/models.R), and the KKT conditions at every lambda.
#include "pioneer/models/glmnet.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pioneer/diagnostics/columns.h"
#include "pioneer/io/delimited.h"

namespace pioneer::models {
namespace {

constexpr double kTolerance = 1e-6;  // the agreement at tight convergence
constexpr double kKkt = 1e-6;        // largest KKT violation, relative to lambda

const nlohmann::json& Fixture() {
  static const nlohmann::json f = [] {
    std::ifstream in(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/models/glmnet.json");
    return nlohmann::json::parse(in);
  }();
  return f;
}

struct Design {
  Eigen::MatrixXd x;
  std::vector<double> y;
  stats::SurvivalData survival;
  std::vector<std::string> features;
};

Design Load(bool binomial) {
  const core::Table t =
      io::ReadDelimited(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/models/lung_design.csv");
  Design d;
  d.features = Fixture().at("features").get<std::vector<std::string>>();
  std::vector<std::string> cols = d.features;
  cols.insert(cols.end(), {"time", "status"});
  if (binomial) cols.push_back("dead1y");
  const diagnostics::NumericColumns c = diagnostics::ReadNumeric(t, cols, {}, true);
  const auto n = static_cast<Eigen::Index>(c.rows.size());
  d.x.resize(n, static_cast<Eigen::Index>(d.features.size()));
  for (std::size_t j = 0; j < d.features.size(); ++j) {
    for (Eigen::Index i = 0; i < n; ++i)
      d.x(i, static_cast<Eigen::Index>(j)) = c[d.features[j]][static_cast<std::size_t>(i)];
  }
  if (binomial) d.y = c["dead1y"];
  d.survival.time = c["time"];
  for (double s : c["status"]) d.survival.event.push_back(s == 2 ? 1 : 0);
  return d;
}

void Compare(const Path& p, const nlohmann::json& f, const std::vector<std::string>& features) {
  ASSERT_EQ(p.lambda.size(), f.at("lambda").size()) << "path length (glmnet's early stop)";
  EXPECT_NEAR(p.null_deviance, f.at("nulldev").get<double>(), 1e-8 * p.null_deviance);
  for (std::size_t k = 0; k < p.lambda.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_NEAR(p.lambda[k], f.at("lambda")[k].get<double>(),
                1e-8 * p.lambda[k]);  // glmnet multiplies by a ratio
    EXPECT_EQ(p.df[k], f.at("df")[k].get<double>());
    EXPECT_NEAR(p.dev_ratio[k], f.at("dev_ratio")[k].get<double>(), kTolerance);
    if (!p.a0.empty()) {
      EXPECT_NEAR(p.a0[k], f.at("a0")[k].get<double>(), kTolerance);
    }
    for (std::size_t j = 0; j < features.size(); ++j) {
      EXPECT_NEAR(p.beta[k][j], f.at("beta").at(features[j])[k].get<double>(), kTolerance)
          << features[j];
    }
  }
}

PathOptions Tight(double alpha) {
  PathOptions o;
  o.alpha = alpha;
  o.thresh = 1e-20;
  return o;
}

TEST(Glmnet, BinomialElasticNetMatchesGlmnet) {
  const Design d = Load(true);
  const Path p = FitBinomialPath(d.x, d.y, d.features, Tight(0.5));
  Compare(p, Fixture().at("binomial_alpha05"), d.features);
  for (std::size_t k = 0; k < p.lambda.size(); ++k)
    EXPECT_LT(KktViolation(d.x, d.y, nullptr, p, k, 0.5), kKkt) << k;
}

TEST(Glmnet, BinomialLassoMatchesGlmnet) {
  const Design d = Load(true);
  const Path p = FitBinomialPath(d.x, d.y, d.features, Tight(1));
  Compare(p, Fixture().at("binomial_alpha1"), d.features);
  for (std::size_t k = 0; k < p.lambda.size(); ++k)
    EXPECT_LT(KktViolation(d.x, d.y, nullptr, p, k, 1), kKkt) << k;
}

TEST(Glmnet, CoxLassoMatchesGlmnet) {
  const Design d = Load(false);
  const Path p = FitCoxPath(d.x, d.survival, d.features, Tight(1));
  Compare(p, Fixture().at("cox_lasso"), d.features);
  for (std::size_t k = 0; k < p.lambda.size(); ++k)
    EXPECT_LT(KktViolation(d.x, {}, &d.survival, p, k, 1), kKkt) << k;
}

// p > n (lung rows, 307 columns): the path runs to saturation, where
// glmnet's own solution is only approximate (tests/reference/models.R). At
// every lambda pioneer's solution satisfies the KKT conditions and its
// penalised objective is no worse than glmnet's.
Design LoadWide() {
  const core::Table t =
      io::ReadDelimited(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/models/lung_wide.csv");
  Design d;
  d.features = Fixture().at("wide_features").get<std::vector<std::string>>();
  std::vector<std::string> cols = d.features;
  cols.insert(cols.end(), {"time", "status"});
  const diagnostics::NumericColumns c = diagnostics::ReadNumeric(t, cols, {}, true);
  d.x.resize(static_cast<Eigen::Index>(c.rows.size()),
             static_cast<Eigen::Index>(d.features.size()));
  for (std::size_t j = 0; j < d.features.size(); ++j) {
    for (std::size_t i = 0; i < c.rows.size(); ++i)
      d.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = c[d.features[j]][i];
  }
  d.survival.time = c["time"];
  for (double s : c["status"]) d.survival.event.push_back(s == 2 ? 1 : 0);
  return d;
}

// dev / (2n) + lambda * sum |b_j| sd_j: the lasso objective up to a constant.
double LassoObjective(const Eigen::MatrixXd& x, double lambda, double dev_ratio,
                      double null_deviance, const std::vector<double>& beta) {
  const auto n = static_cast<double>(x.rows());
  double penalty = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double sd = std::sqrt((x.col(j).array() - x.col(j).mean()).square().sum() / n);
    penalty += std::abs(beta[static_cast<std::size_t>(j)]) * sd;
  }
  return (1 - dev_ratio) * null_deviance / (2 * n) + lambda * penalty;
}

TEST(Glmnet, CoxWidePathIsOptimalWhereGlmnetCreeps) {
  const Design d = LoadWide();
  const Path p = FitCoxPath(d.x, d.survival, d.features, Tight(1));
  const nlohmann::json& f = Fixture().at("cox_wide_lasso");
  ASSERT_EQ(p.lambda.size(), f.at("lambda").size());
  EXPECT_NEAR(p.null_deviance, f.at("nulldev").get<double>(), 1e-8 * p.null_deviance);
  for (std::size_t k = 0; k < p.lambda.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_NEAR(p.lambda[k], f.at("lambda")[k].get<double>(), 1e-8 * p.lambda[k]);
    EXPECT_LT(KktViolation(d.x, {}, &d.survival, p, k, 1), kKkt);
    std::vector<double> theirs;
    for (const std::string& feature : d.features)
      theirs.push_back(f.at("beta").at(feature)[k].get<double>());
    const double ours =
        LassoObjective(d.x, p.lambda[k], p.dev_ratio[k], p.null_deviance, p.beta[k]);
    EXPECT_LE(ours, LassoObjective(d.x, p.lambda[k], f.at("dev_ratio")[k].get<double>(),
                                   p.null_deviance, theirs) +
                        1e-12);
    EXPECT_NEAR(p.dev_ratio[k], f.at("dev_ratio")[k].get<double>(),
                2e-3);  // glmnet's shortfall, at most
  }
}

TEST(Glmnet, CoxWideElasticNetSatisfiesKkt) {
  const Design d = LoadWide();
  const Path p = FitCoxPath(d.x, d.survival, d.features, Tight(0.5));
  ASSERT_GT(p.lambda.size(), 50u);
  for (std::size_t k = 0; k < p.lambda.size(); ++k)
    EXPECT_LT(KktViolation(d.x, {}, &d.survival, p, k, 0.5), kKkt) << k;
}

// lambda -> 0 with alpha = 1 is the unpenalised maximum-likelihood fit (glm).
TEST(Glmnet, TinyLambdaIsGlm) {
  const Design d = Load(true);
  PathOptions o = Tight(1);
  o.lambda = {1e-12};
  const Path p = FitBinomialPath(d.x, d.y, d.features, o);
  const nlohmann::json& g = Fixture().at("glm_binomial").at("coefficients");
  EXPECT_NEAR(p.a0[0], g.at("(Intercept)").get<double>(), 1e-6);
  for (std::size_t j = 0; j < d.features.size(); ++j)
    EXPECT_NEAR(p.beta[0][j], g.at(d.features[j]).get<double>(), 1e-6);
}

TEST(Glmnet, RejectsBadInput) {
  const Design d = Load(true);
  std::vector<double> y = d.y;
  y[0] = 2;
  EXPECT_THROW(FitBinomialPath(d.x, y, d.features, {}), Error);
  EXPECT_THROW(FitBinomialPath(d.x, std::vector<double>(d.y.size(), 1), d.features, {}), Error);
  PathOptions o;
  o.alpha = 0;
  EXPECT_THROW(FitBinomialPath(d.x, d.y, d.features, o), Error);
  Eigen::MatrixXd x = d.x;
  x(0, 0) = NAN;
  EXPECT_THROW(FitBinomialPath(x, d.y, d.features, {}), Error);
}

}  // namespace
}  // namespace pioneer::models
