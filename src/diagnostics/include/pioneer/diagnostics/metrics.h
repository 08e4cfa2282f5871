// File: pioneer/diagnostics/metrics.h
// Performance metrics of a prediction beyond the ROC curve:
// - Harrell's C and Uno's C for a risk score against right-censored
//   survival (survival::concordance(Surv(time, status) ~ risk, reverse =
//   TRUE), timewt "n" and "n/G2"; Uno et al. 2011, Stat Med 30:1105);
// - the Brier score, calibration intercept (calibration-in-the-large) and
//   slope, and a grouped calibration curve;
// - decision-curve net benefit (Vickers & Elkin 2006, Med Decis Making
//   26:565) with the treat-all and treat-none strategies;
// - bootstrap confidence intervals (percentile and BCa, stats/bootstrap.h)
//   for any metric of resampled rows, with an explicit seed.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "pioneer/stats/bootstrap.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::diagnostics {

// Weighted pair counts and the concordance (concordant + tied_x / 2) /
// (concordant + discordant + tied_x). A pair is comparable when the shorter
// time is an event (a subject censored at the same time as an event counts
// as the longer, as survival); pairs tied on time with two events are
// tied_y and not comparable. Higher risk = shorter survival.
struct ConcordanceIndex {
  std::string weighting;  // "harrell" (timewt "n") or "uno" (timewt "n/G2")
  double c = 0;
  double concordant = 0, discordant = 0, tied_x = 0, tied_y = 0;  // weighted
  double tau = std::numeric_limits<double>::infinity();
  std::size_t n = 0, n_events = 0;
  nlohmann::json ToJson() const;
};

// Harrell's C, O(n log n) (a Fenwick tree over the risk ranks).
ConcordanceIndex HarrellC(const stats::SurvivalData& data, std::span<const double> risk);

// Uno's C: each comparison anchored at an event time t weighted by
// 1 / G(t)^2, G the Kaplan-Meier estimate of the censoring distribution
// (censorings at t happen after the deaths at t, i.e. G just before t, as
// survival's fastkm), with only events at t <= tau counted (the truncation
// of Uno 2011; survival's ymax). tau = +Inf: no truncation.
ConcordanceIndex UnoC(const stats::SurvivalData& data, std::span<const double> risk,
                      double tau = std::numeric_limits<double>::infinity());

// Mean squared difference between probability and the 0/1 outcome.
double Brier(std::span<const double> probability, std::span<const double> outcome);

struct Calibration {
  double intercept = 0;  // glm(y ~ offset(logit p), binomial): calibration-in-the-large
  // glm(y ~ logit p, binomial); NaN when the predictions are (nearly) all
  // the same (R reports the aliased coefficient as NA), e.g. a lasso that
  // kept no feature.
  double slope = 0;
  // false when glm would warn: no convergence, or fitted probabilities 0 or
  // 1 (separation, e.g. an overfitted model on its own training rows); the
  // slope is then not a usable number.
  bool converged = true;
};
Calibration CalibrationOf(std::span<const double> probability, std::span<const double> outcome);

// Groups of the calibration curve: cut(p, unique(quantile(p, 0:g / g)),
// include.lowest = TRUE) as R, i.e. quantile groups (type 7) with ties kept
// together; observed proportion with its Wilson 95% interval.
struct CalibrationGroup {
  double lower = 0, upper = 0;  // the group's predicted-probability interval
  std::size_t n = 0, events = 0;
  double mean_predicted = 0, observed = 0, observed_lower = 0, observed_upper = 0;
};
std::vector<CalibrationGroup> CalibrationCurve(std::span<const double> probability,
                                               std::span<const double> outcome, int groups = 10);

// Net benefit of "treat when p >= threshold": TP/n - FP/n * pt / (1 - pt);
// treat all: prevalence - (1 - prevalence) * pt / (1 - pt); treat none: 0.
struct NetBenefit {
  double threshold = 0;
  std::size_t true_positive = 0, false_positive = 0;
  double model = 0, treat_all = 0, treat_none = 0;
};
// Thresholds must lie in [0, 1).
std::vector<NetBenefit> DecisionCurve(std::span<const double> probability,
                                      std::span<const double> outcome,
                                      std::span<const double> thresholds);

nlohmann::json ToJson(const std::vector<CalibrationGroup>& curve);
nlohmann::json ToJson(const std::vector<NetBenefit>& curve);

// Bootstrap of a metric of resampled rows (indices into the caller's data).
// A resample on which the metric is undefined (e.g. one class only) should
// return NaN: it is left out of the intervals and counted.
stats::BootstrapResult BootstrapMetric(std::size_t n, const stats::IndexStatistic& metric,
                                       const stats::BootstrapOptions& options);

// Bootstrap AUC of "higher p = case" (NaN for one-class resamples).
stats::BootstrapResult BootstrapAuc(std::span<const double> probability,
                                    std::span<const int> outcome,
                                    const stats::BootstrapOptions& options);

// Pointwise confidence band of the ROC curve, as pROC's ci.se: cases and
// controls resampled separately (stratified bootstrap), the sensitivity at
// each given specificity taken from every resample's empirical curve (the
// largest sensitivity among thresholds reaching that specificity), and
// percentile limits. Direction "<" (higher marker = case).
struct RocBandPoint {
  double specificity = 0, sensitivity = 0, lower = 0, upper = 0;
};
std::vector<RocBandPoint> RocBand(std::span<const double> marker, std::span<const int> outcome,
                                  std::span<const double> specificities,
                                  const stats::BootstrapOptions& options);

// Checks a 0/1 outcome with both classes next to probabilities in [0, 1] of
// the same size; throws Error kInvalidArgument / kFailedPrecondition
// ("all subjects are in one class") naming `what`.
void CheckBinaryPrediction(std::span<const double> probability, std::span<const double> outcome,
                           const std::string& what);

}  // namespace pioneer::diagnostics
