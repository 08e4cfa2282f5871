// File: pioneer/stats/rank_tests.h
// Rank-based tests: Wilcoxon rank-sum / Mann-Whitney (R's wilcox.test for
// two samples) with the Hodges-Lehmann shift estimate, and Kruskal-Wallis
// (R's kruskal.test), both with R's tie corrections.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "pioneer/stats/hypothesis.h"

namespace pioneer::stats {

// Ranks 1..n with ties given their average rank (R's rank(), ties "average").
std::vector<double> AverageRanks(const std::vector<double>& values);

enum class ExactMode { kAuto, kExact, kNormal };

struct WilcoxonOptions {
  Alternative alternative = Alternative::kTwoSided;
  double mu = 0;  // hypothesised location shift of x relative to y
  // kAuto: exact when both samples have fewer than 50 values and there are
  // no ties (R's default); with ties the normal approximation is used
  // whatever is asked, as R does (it warns).
  ExactMode exact = ExactMode::kAuto;
  bool continuity_correction = true;  // normal approximation only
};

struct WilcoxonResult {
  double w = 0;  // R's W: rank sum of x minus n_x (n_x + 1) / 2
  double p_value = 1;
  bool exact = false;
  bool ties = false;
  double z = 0;  // normal approximation only (after correction)
  // Hodges-Lehmann estimate: median of all differences x_i - y_j (R reports
  // it with conf.int = TRUE; it equals R's in the exact case, R's
  // approximate case solves for it numerically instead).
  double hodges_lehmann = 0;
  std::size_t n_x = 0;
  std::size_t n_y = 0;
  std::size_t missing = 0;
  Alternative alternative = Alternative::kTwoSided;
  nlohmann::json ToJson() const;
};

// NaN values are dropped and counted. An empty sample is an Error
// kFailedPrecondition ("not enough (non-missing) 'x' observations").
WilcoxonResult WilcoxonRankSum(const std::vector<double>& x, const std::vector<double>& y,
                               const WilcoxonOptions& options = {});

// P[W <= q] for the exact null distribution of W with sizes m and n (R's
// pwilcox), by the counting recursion of cwilcox.
double WilcoxonRankSumCdf(double q, std::size_t m, std::size_t n, bool lower_tail = true);

struct KruskalWallisResult {
  double statistic = 0;  // H, corrected for ties
  double df = 0;
  double p_value = 1;
  std::size_t n = 0;
  std::size_t groups = 0;        // non-empty groups used
  std::size_t empty_groups = 0;  // groups with no (non-missing) value, dropped as R's factor()
  std::size_t missing = 0;
  nlohmann::json ToJson() const;
};

// One vector per group. Empty groups are dropped (R drops unused factor
// levels); fewer than 2 non-empty groups is an Error kFailedPrecondition,
// and so are all values equal (H is 0/0; R returns NaN).
KruskalWallisResult KruskalWallis(const std::vector<std::vector<double>>& groups);

}  // namespace pioneer::stats
