// File: pioneer/stats/logrank.h
// The G-rho family of k-sample tests of R's survival::survdiff (survival
// 3.5, C routine survdiff2): rho = 0 log-rank, rho = 1 Peto-Peto
// (Prentice modification), optionally stratified; plus the test for trend
// over ordered group scores computed from survdiff's O - E and variance.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/stats/survival_data.h"

namespace pioneer::stats {

struct LogRankOptions {
  double rho = 0;  // weight S(t-)^rho, S the pooled left-continuous KM per stratum
  // Scores of the groups for the trend test, one per level of the group
  // factor; empty = the level values when they are all numbers, else 1..k.
  std::vector<double> trend_scores;
  bool timefix = true;  // merge times equal up to rounding (AeqSurv), as survdiff
  void Validate() const;
};

struct LogRankResult {
  double rho = 0;
  std::vector<std::string> groups;  // levels with at least one subject
  std::vector<double> n, observed, expected;
  std::vector<std::vector<double>> variance;
  double chisq = 0, df = 0, p = 0;
  double trend_chisq = 0, trend_df = 1, trend_p = 0;
  nlohmann::json ToJson() const;
};

// `strata` may be empty (an unstratified test).
LogRankResult LogRank(const SurvivalData& data, const Factor& group, const Factor& strata,
                      const LogRankOptions& options = {});

}  // namespace pioneer::stats
