// File: pioneer/stats/ttest.h
// Student and Welch t tests, as R's t.test.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "pioneer/stats/hypothesis.h"

namespace pioneer::stats {

struct TTestOptions {
  Alternative alternative = Alternative::kTwoSided;
  double mu = 0;           // hypothesised mean (difference)
  bool var_equal = false;  // false: Welch (t.test default); true: pooled Student
  double confidence = 0.95;
};

struct TTestResult {
  double t = 0;
  double df = 0;
  double p_value = 1;
  ConfidenceInterval conf_int;  // for the mean, or for mean(x) - mean(y)
  double mean_x = 0;
  double mean_y = 0;  // NaN for the one-sample test
  double std_error = 0;
  std::size_t n_x = 0;
  std::size_t n_y = 0;
  std::size_t missing = 0;  // NaN inputs dropped
  bool welch = true;
  Alternative alternative = Alternative::kTwoSided;
  nlohmann::json ToJson() const;
};

// Two-sample test of mean(x) - mean(y) = mu. NaN values are dropped.
// Throws Error kFailedPrecondition when a group has too few values (Welch
// needs 2 in each; Student 1 in each and 3 in all) or the data are
// essentially constant, with R's messages.
TTestResult TTest(const std::vector<double>& x, const std::vector<double>& y,
                  const TTestOptions& options = {});

// One-sample test of mean(x) = mu (paired: pass the differences).
TTestResult OneSampleTTest(const std::vector<double>& x, const TTestOptions& options = {});

}  // namespace pioneer::stats
