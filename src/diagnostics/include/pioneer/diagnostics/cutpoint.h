// File: pioneer/diagnostics/cutpoint.h
// Cut-points of a continuous marker and the performance of the resulting
// binary test:
// - the maximally selected log-rank statistic with the Lausen & Schumacher
//   (1992, Biometrics 48:73) p-value, step for step as R's maxstat 0.7-25
//   (maxstat.test(Surv(time, event) ~ marker, smethod = "LogRank",
//   pmethod = "Lau92")): groups marker <= cut-point vs above;
// - sensitivity, specificity, PPV, NPV with exact Clopper-Pearson intervals
//   and the likelihood ratios of a test "positive" at a threshold.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "pioneer/diagnostics/roc.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::diagnostics {

// exactRankTests::cscores(Surv, "LogRank"): event - sum over times up to
// one's own (ties ranked by their maximum) of event / (N - rank + 1).
std::vector<double> LogRankScores(const stats::SurvivalData& data);

struct MaxstatOptions {
  double min_prop = 0.1;  // smallest lower group, as a fraction of n
  double max_prop = 0.9;
};

struct MaxstatResult {
  double cutpoint = 0;   // the largest marker value of the lower group
  double statistic = 0;  // max |standardised linear rank statistic|
  double p = 1;          // Lausen-Schumacher 1992 approximation
  std::size_t n = 0;
  std::size_t n_low = 0;                 // marker <= cutpoint
  std::vector<double> cuts, statistics;  // every candidate cut-point
  nlohmann::json ToJson() const;
};

// Lausen & Schumacher's (1992) upper bound on P(max |Z| >= b):
// 4 phi(b)/b + phi(b)(b - 1/b) log(max(1-min)/((1-max) min)), 1 when b < 1.
double PLausen92(double b, double min_prop, double max_prop);

// Throws Error kInvalidArgument for mismatched sizes or non-finite values,
// kFailedPrecondition when no cut-point lies between min_prop and max_prop.
MaxstatResult MaxstatLogRank(const stats::SurvivalData& data, std::span<const double> marker,
                             const MaxstatOptions& options = {});

struct Proportion {
  double estimate = 0, lower = 0, upper = 0;  // NaN when the denominator is 0
  std::int64_t successes = 0, trials = 0;
};

struct TestPerformance {
  double threshold = 0;
  Direction direction = Direction::kLess;
  std::int64_t true_positive = 0, false_positive = 0, true_negative = 0, false_negative = 0;
  Proportion sensitivity, specificity, ppv, npv;
  double lr_positive = 0, lr_negative = 0;
  nlohmann::json ToJson() const;  // flat keys: sensitivity, sensitivity_lower, ...
};

// "Positive" is marker >= threshold for direction "<" (higher in cases),
// marker <= threshold for ">". Intervals: Clopper-Pearson at `confidence`.
TestPerformance Performance(std::span<const double> marker, std::span<const int> outcome,
                            double threshold, Direction direction, double confidence = 0.95);

}  // namespace pioneer::diagnostics
