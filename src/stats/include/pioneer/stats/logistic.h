// File: pioneer/stats/logistic.h
// Logistic regression by iteratively reweighted least squares, step for step
// as R's glm.fit with family = binomial (logit link): same starting values,
// same clamping of the linear predictor, same convergence rule, so the
// coefficients, deviances, AIC and iteration count match R's.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pioneer::stats {

struct LogisticOptions {
  bool add_intercept = true;  // prepend a column of ones named "(Intercept)"
  int max_iterations = 25;    // glm.control(maxit)
  double epsilon = 1e-8;      // glm.control(epsilon): |dev - dev_old| / (|dev| + 0.1)
  double confidence = 0.95;   // Wald intervals (R's confint.default)
};

// A fit that does not converge, or that separates the outcomes, is a result:
// `converged`, `iterations` and `separation` say so, as R's warnings do.
struct LogisticResult {
  std::vector<std::string> terms;
  std::vector<double> coefficients;
  std::vector<double> std_errors;
  std::vector<double> z;
  std::vector<double> p_values;
  std::vector<double> ci_lower;  // Wald: estimate -/+ z_{(1+level)/2} SE
  std::vector<double> ci_upper;
  double confidence = 0.95;
  Eigen::MatrixXd covariance;  // unscaled (X' W X)^{-1}, dispersion 1
  std::vector<double> fitted;  // fitted probabilities of the rows used
  double null_deviance = 0;
  double deviance = 0;
  double log_likelihood = 0;
  double aic = 0;
  std::size_t df_null = 0;
  std::size_t df_residual = 0;
  std::size_t n = 0;        // rows used
  std::size_t missing = 0;  // rows dropped for a NaN in y or x (R's na.omit)
  int iterations = 0;
  bool converged = false;
  // Some fitted probability is within 10 * DBL_EPSILON of 0 or 1: R warns
  // "fitted probabilities numerically 0 or 1 occurred" (perfect or
  // quasi-complete separation); coefficients and SEs are then unreliable.
  bool separation = false;
  std::vector<std::string> warnings;  // R's warning texts, when they apply
  nlohmann::json ToJson() const;
};

// x: one row per subject, one column per covariate (without the intercept
// when options.add_intercept); y: 0 or 1; names: one per column of x.
// Throws Error kInvalidArgument for mismatched sizes, y not in {0, 1} or bad
// options; kFailedPrecondition when no complete row is left or the design
// is rank deficient (R would drop aliased columns; pioneer asks the caller to).
LogisticResult FitLogistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                           const std::vector<std::string>& names,
                           const LogisticOptions& options = {});

}  // namespace pioneer::stats
