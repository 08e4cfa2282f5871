// File: pioneer/models/glmnet.h
// Elastic-net penalised logistic and Cox (Breslow ties) regression along a
// lambda path, with the conventions of R's glmnet 4.1 (Friedman, Hastie &
// Tibshirani 2010, J Stat Softw 33(1); Simon et al. 2011, J Stat Softw
// 39(5)): observation weights 1/n, features standardised with the 1/n
// standard deviation and coefficients returned on the original scale,
// lambda_max = max_j |gradient_j at the null model| / alpha, a geometric
// sequence of nlambda values down to lambda.min.ratio * lambda_max (0.0001
// when n > p, else 0.01), df = non-zero coefficients, dev_ratio = 1 -
// deviance / null deviance, and glmnet's early stop of the path (dev_ratio
// gaining less than 1e-5 relative, or above 0.999, after 5 lambdas).
//
// Objective at each lambda: -(1/n) log-likelihood + lambda * ((1 - alpha)/2
// ||b||^2 + alpha ||b||_1) on the standardised scale. Solved by proximal
// Newton steps with cyclic coordinate descent, warm starts, the sequential
// strong rule (Tibshirani et al. 2012, JRSS-B 74:245) and a KKT check over
// every feature, so the result is the solution at the tolerance `thresh`.
// The binomial steps are glmnet's (IRLS); for Cox pioneer uses the full
// Breslow Hessian where glmnet keeps its diagonal, accelerates the passes
// (Anderson) and polishes the last step, which reaches the same solution
// in a few Newton steps instead of hundreds near saturation.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/core/enum_names.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::models {

enum class Family { kBinomial, kCox };
inline constexpr core::EnumSpelling<Family> kFamilyNames[] = {{Family::kBinomial, "binomial"},
                                                              {Family::kCox, "cox"}};
// "binomial" | "cox"; a UsageError naming the field `family` otherwise.
Family ParseFamily(const std::string& text);

struct PathOptions {
  double alpha = 1;  // 1 lasso, 0 ridge (alpha > 0 for a path start)
  int nlambda = 100;
  double lambda_min_ratio = -1;  // < 0: glmnet's default
  std::vector<double> lambda;    // explicit sequence (decreasing); overrides the above
  double thresh = 1e-7;  // coordinate descent: max_j xv_j * dbeta_j^2 < thresh * null deviance
  int max_iterations = 100000;  // coordinate passes per lambda
  bool standardize = true;
  bool early_stop = true;  // glmnet's fdev / devmax rule
};

struct Path {
  Family family = Family::kBinomial;
  std::vector<std::string> features;
  std::vector<double> lambda, df, dev_ratio, a0;  // a0: binomial only
  std::vector<std::vector<double>> beta;          // beta[lambda][feature], original scale
  double null_deviance = 0;
  std::size_t n = 0;
  int passes = 0;  // coordinate descent passes in total
  nlohmann::json ToJson() const;
};

// Binomial: y 0/1. x: n x p, no missing values. Throws Error
// kInvalidArgument for bad sizes, values or options.
Path FitBinomialPath(const Eigen::MatrixXd& x, const std::vector<double>& y,
                     const std::vector<std::string>& features, const PathOptions& options = {});
Path FitCoxPath(const Eigen::MatrixXd& x, const stats::SurvivalData& data,
                const std::vector<std::string>& features, const PathOptions& options = {});

// The KKT conditions of the fit at path index k, on the standardised scale:
// the largest violation of |g_j - lambda(1-alpha) b_j| <= lambda alpha
// (b_j = 0) or g_j - lambda(1-alpha) b_j = lambda alpha sign(b_j) (b_j != 0),
// relative to lambda, where g is the gradient of the mean log-likelihood.
double KktViolation(const Eigen::MatrixXd& x, const std::vector<double>& y,
                    const stats::SurvivalData* survival, const Path& path, std::size_t k,
                    double alpha);

// Linear predictor of the fit at index k for new rows (original scale).
std::vector<double> LinearPredictor(const Path& path, std::size_t k, const Eigen::MatrixXd& x);

}  // namespace pioneer::models
