// File: pioneer/stats/correlation.h
// Pearson and Spearman correlation tests, as R's cor.test.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "pioneer/stats/hypothesis.h"

namespace pioneer::stats {

enum class CorrelationMethod { kPearson, kSpearman };

struct CorrelationOptions {
  CorrelationMethod method = CorrelationMethod::kPearson;
  Alternative alternative = Alternative::kTwoSided;
  double confidence = 0.95;  // Pearson's Fisher-z interval (needs n >= 4)
  // Spearman: true (R's exact = NULL) uses AS 89 (exact permutation
  // distribution for n <= 9, Edgeworth series above) when n < 1290 and there
  // are no ties, else the t approximation; false (exact = FALSE) always uses
  // the t approximation.
  bool spearman_exact = true;
};

struct CorrelationResult {
  CorrelationMethod method = CorrelationMethod::kPearson;
  double estimate = 0;   // r or rho
  double statistic = 0;  // Pearson: t; Spearman: S = (n^3 - n)(1 - rho) / 6
  double df = 0;         // Pearson only: n - 2
  double p_value = 1;
  bool has_conf_int = false;
  ConfidenceInterval conf_int;  // Pearson with n >= 4 only
  bool exact = false;           // Spearman p from AS 89
  bool ties = false;
  std::size_t n = 0;        // complete pairs used
  std::size_t missing = 0;  // pairs dropped because x or y is NaN
  Alternative alternative = Alternative::kTwoSided;
  nlohmann::json ToJson() const;
};

// Pairs with a NaN in x or y are dropped (R's complete cases). Throws Error
// kInvalidArgument when x and y differ in length; kFailedPrecondition with
// fewer than 3 complete pairs or a constant variable.
CorrelationResult CorrelationTest(const std::vector<double>& x, const std::vector<double>& y,
                                  const CorrelationOptions& options = {});

// R's pspearman for the Spearman statistic S: AS 89 (Best & Roberts 1975)
// as in R's prho.c, P[S >= s] (upper) or P[S < s] (lower), for 2 <= n.
double SpearmanAs89(double s, std::size_t n, bool lower_tail);

}  // namespace pioneer::stats
