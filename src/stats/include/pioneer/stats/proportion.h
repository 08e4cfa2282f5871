// File: pioneer/stats/proportion.h
// One-sample proportion: the exact binomial test with the Clopper-Pearson
// interval (R's binom.test) and the score test with the Wilson interval
// (R's prop.test, correct = FALSE; with Yates' correction if asked).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "pioneer/stats/hypothesis.h"

namespace pioneer::stats {

struct ProportionOptions {
  double p = 0.5;  // hypothesised probability of success
  Alternative alternative = Alternative::kTwoSided;
  double confidence = 0.95;
  // Score test only: Yates' continuity correction (prop.test's `correct`;
  // false gives the Wilson interval, binom::binom.wilson).
  bool continuity_correction = false;
};

struct ProportionResult {
  std::int64_t successes = 0;
  std::int64_t trials = 0;
  double estimate = 0;
  double statistic = 0;  // successes (exact test) or the chi-squared score statistic
  double p_value = 1;
  ConfidenceInterval conf_int;
  bool exact = true;
  Alternative alternative = Alternative::kTwoSided;
  nlohmann::json ToJson() const;
};

// Exact binomial test and Clopper-Pearson interval. Throws Error
// kInvalidArgument unless 0 <= successes <= trials, trials >= 1, 0 <= p <= 1.
ProportionResult BinomialTest(std::int64_t successes, std::int64_t trials,
                              const ProportionOptions& options = {});

// Score (chi-squared) test with the Wilson score interval; 0 < p < 1.
ProportionResult ScoreTest(std::int64_t successes, std::int64_t trials,
                           const ProportionOptions& options = {});

}  // namespace pioneer::stats
