// File: pioneer/stats/contingency.h
// Tests of independence in contingency tables: Fisher's exact test (2 x 2
// with the conditional maximum-likelihood odds ratio and its exact interval,
// r x c by complete enumeration) and Pearson's chi-squared test, as R's
// fisher.test and chisq.test.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "pioneer/stats/hypothesis.h"

namespace pioneer::stats {

// Counts, row-major: counts[r][c]. Every row must have the same length.
using CountTable = std::vector<std::vector<std::int64_t>>;

struct FisherOptions {
  Alternative alternative = Alternative::kTwoSided;  // 2 x 2 only
  double odds_ratio = 1;                             // null odds ratio, 2 x 2 only
  double confidence = 0.95;
  // r x c: enumeration stops with Error kFailedPrecondition beyond this many
  // tables (R uses the network algorithm of Mehta & Patel instead).
  std::int64_t max_tables = 50'000'000;
};

struct FisherResult {
  double p_value = 1;
  bool is_2x2 = false;
  // 2 x 2 only: conditional MLE of the odds ratio (not the sample odds
  // ratio) and its exact interval; may be 0 or +Inf.
  double odds_ratio = 0;
  ConfidenceInterval conf_int;
  std::int64_t tables_enumerated = 0;  // r x c only
  Alternative alternative = Alternative::kTwoSided;
  nlohmann::json ToJson() const;
};

// Throws Error kInvalidArgument for a ragged table, a negative count, or
// fewer than 2 rows or columns; kFailedPrecondition for a zero total.
FisherResult FisherExactTest(const CountTable& table, const FisherOptions& options = {});

struct ChiSquaredOptions {
  bool continuity_correction = true;  // Yates, 2 x 2 only (chisq.test's `correct`)
};

struct ChiSquaredResult {
  double statistic = 0;
  double df = 0;
  double p_value = 1;
  bool yates = false;
  std::vector<std::vector<double>> expected;
  bool expected_below_5 = false;  // R warns "Chi-squared approximation may be incorrect"
  nlohmann::json ToJson() const;
};

// Pearson's test of independence. A row or column of zeros makes an
// expected count zero: Error kFailedPrecondition (R returns NaN).
ChiSquaredResult ChiSquaredTest(const CountTable& table, const ChiSquaredOptions& options = {});

}  // namespace pioneer::stats
