// File: pioneer/invivo/mixed_model.h
// Linear mixed model of log tumour volume on day x arm with a random
// intercept and slope per animal (unstructured 2x2 covariance), fitted by
// REML: R's lme(log(v) ~ day * arm, random = ~ day | animal) or
// lmer(log(v) ~ day * arm + (day | animal)). The REML deviance is profiled
// over the fixed effects and the residual variance as in lme4 (Bates et al.
// 2015, JSS 67(1), eq. 41), with the relative covariance factor Lambda
// (lower triangular, 3 parameters) as the only optimisation variables; the
// per-animal blocks use Woodbury identities on sufficient statistics, so a
// deviance evaluation costs O(animals). Minimised by Newton's method with
// finite-difference derivatives from a small grid of starts.
#pragma once

#include <Eigen/Dense>
#include <map>
#include <string>
#include <vector>

#include "pioneer/invivo/growth_data.h"

namespace pioneer::invivo {

struct MixedModelOptions {
  std::string control;  // reference arm (first coefficient level); empty = first arm
  int max_iterations = 200;
  double gradient_tolerance = 1e-9;  // on the REML deviance per parameter
};

struct Coefficient {
  std::string name;  // R's names: (Intercept), day, arm<A>, day:arm<A>
  double estimate = 0, se = 0, z = 0, p = 1;
};

struct WaldTest {
  std::string term;  // "day", "arm", "day:arm"
  double chisq = 0;
  int df = 0;
  double p = 1;
};

struct Contrast {
  std::string label;
  double estimate = 0, se = 0, z = 0, p = 1, p_holm = 1;
};

struct MixedModelResult {
  std::vector<std::string> arms;  // control first
  std::vector<Coefficient> fixed;
  Eigen::MatrixXd vcov;
  double sd_intercept = 0, sd_slope = 0, correlation = 0, sigma = 0;
  double loglik_reml = 0;
  Eigen::Vector3d theta = Eigen::Vector3d::Zero();  // lme4's theta (Lambda, column-major lower)
  std::size_t n_obs = 0, n_animals = 0;
  int iterations = 0;
  bool converged = false;
  std::string stop_reason;
  std::map<std::string, double> arm_slopes, arm_slope_se;  // log volume per day
  std::vector<WaldTest> type2;                             // car::Anova type II Wald chi-square
  std::vector<Contrast> slope_contrasts;                   // pairwise slope differences, Holm
};

MixedModelResult FitGrowthMixedModel(const GrowthData& data, const MixedModelOptions& options = {});

// Wald z test of sum_k w_k beta_k (normal reference, as a large-sample test).
Contrast LinearContrast(const MixedModelResult& fit, const Eigen::VectorXd& weights,
                        std::string label);

// Index of the slope coefficient of an arm: "day" for the control,
// "day:arm<A>" otherwise (the arm's slope is day + day:arm<A>).
Eigen::VectorXd SlopeWeights(const MixedModelResult& fit, const std::string& arm);

}  // namespace pioneer::invivo
