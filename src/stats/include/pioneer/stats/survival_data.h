// File: pioneer/stats/survival_data.h
// Typed inputs shared by the survival analyses (km.h, logrank.h, cox.h,
// rmst.h): right-censored times with an event indicator, and categorical
// variables with R's factor level order.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/stats/json.h"

namespace pioneer::stats {

// Right-censored survival times, one entry per subject (R's Surv(time, event)).
struct SurvivalData {
  std::vector<double> time;
  std::vector<int> event;  // 1 = event, 0 = censored

  std::size_t size() const { return time.size(); }
  // Throws Error(kInvalidArgument) naming the field, the row and the rule:
  // sizes agree, times finite, events 0 or 1.
  void Validate() const;
};

// R's timefix (survival >= 2.39, aeqSurv): distinct times closer than
// `tolerance`, absolutely or relative to the mean absolute time, are one
// time, the smallest of their run. Times computed by date arithmetic would
// otherwise split a tie on floating-point noise. KM, log-rank, Cox and RMST
// apply it by default (their options' `timefix`), as survfit, survdiff and
// coxph do.
inline constexpr double kTimefixTolerance = 1.4901161193847656e-08;  // sqrt(.Machine$double.eps)
SurvivalData AeqSurv(const SurvivalData& data, double tolerance = kTimefixTolerance);

// A categorical variable: per-row codes into `levels`.
struct Factor {
  std::vector<std::string> levels;
  std::vector<int> codes;

  // Levels ordered as R's factor() orders them: numerically when every value
  // is a number (read.csv makes such a column numeric), else by byte order.
  static Factor FromValues(const std::vector<std::string>& values);
  // Levels given explicitly (levels absent from the data stay, with no rows);
  // throws Error(kInvalidArgument) for a value not among them.
  static Factor WithLevels(const std::vector<std::string>& values, std::vector<std::string> levels);
  // Every one of `rows` rows in the single level "all" (an ungrouped analysis).
  static Factor Single(std::size_t rows);
  std::size_t size() const { return codes.size(); }
  // Number of rows per level.
  std::vector<std::size_t> Counts() const;
};

// Landmark analysis: subjects still at risk at `landmark` (time >= landmark),
// with time measured from the landmark. `kept` (optional) receives the row
// index of each kept subject, to subset covariates or groups alike.
SurvivalData Landmark(const SurvivalData& data, double landmark,
                      std::vector<std::size_t>* kept = nullptr);

// Picks the rows in `rows` of a vector (for subsetting groups after Landmark).
template <typename T>
std::vector<T> SelectRows(const std::vector<T>& values, const std::vector<std::size_t>& rows) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (std::size_t r : rows) out.push_back(values[r]);
  return out;
}

// Two-sided upper tail probabilities (Boost.Math).
double ChiSquareUpperTail(double statistic, double df);
double NormalTwoSidedP(double z);

}  // namespace pioneer::stats
