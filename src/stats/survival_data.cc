// Survival inputs: validation, R-ordered factors, landmark subsets.
#include "pioneer/stats/survival_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "pioneer/core/error.h"
#include "pioneer/core/table.h"
#include "pioneer/stats/distributions.h"
#include "sort_by_time.h"

namespace pioneer::stats {

void SurvivalData::Validate() const {
  if (event.size() != time.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("SurvivalData.event has {} values but time has {}; they must agree",
                            event.size(), time.size()));
  }
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i])) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("SurvivalData.time[{}] = {} must be finite", i, time[i]));
    }
    if (event[i] != 0 && event[i] != 1) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("SurvivalData.event[{}] = {} must be 0 or 1", i, event[i]));
    }
  }
}

SurvivalData AeqSurv(const SurvivalData& data, double tolerance) {
  // One sort of (time, row), then a walk over the distinct times: a time
  // within `tolerance` of the previous distinct time joins its run, so each
  // row gets the smallest time of its run (R: cuts[findInterval(x, cuts)]).
  struct TimeRow {
    double time;
    std::size_t row;
  };
  std::vector<TimeRow> sorted(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) sorted[i] = {data.time[i], i};
  internal::SortByTime(sorted);
  // mean(abs(y)) over the distinct times, accumulated in long double as R's mean().
  long double sum_abs = 0;
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i].time == sorted[i - 1].time) continue;
    sum_abs += std::fabs(sorted[i].time);
    ++distinct;
  }
  if (distinct < 2) return data;
  const auto mean_abs = static_cast<double>(sum_abs / static_cast<long double>(distinct));
  SurvivalData fixed = data;
  double cut = sorted[0].time, previous = cut;
  for (const auto& [time, row] : sorted) {
    if (time != previous) {
      const double dy = time - previous;
      if (!(dy <= tolerance || dy / mean_abs <= tolerance)) cut = time;
      previous = time;
    }
    fixed.time[row] = cut;
  }
  return fixed;
}

Factor Factor::FromValues(const std::vector<std::string>& values) {
  // The distinct values first (few, as a rule), then sorted.
  const std::unordered_set<std::string_view> distinct(values.begin(), values.end());
  std::vector<std::string> levels(distinct.begin(), distinct.end());
  std::sort(levels.begin(), levels.end());
  const bool numeric = std::all_of(levels.begin(), levels.end(), [](const std::string& v) {
    return core::ParseDouble(v).has_value();
  });
  if (numeric) {
    std::stable_sort(levels.begin(), levels.end(), [](const std::string& a, const std::string& b) {
      return *core::ParseDouble(a) < *core::ParseDouble(b);
    });
  }
  return WithLevels(values, std::move(levels));
}

Factor Factor::WithLevels(const std::vector<std::string>& values, std::vector<std::string> levels) {
  std::unordered_map<std::string_view, int> index;
  for (std::size_t i = 0; i < levels.size(); ++i) index.emplace(levels[i], static_cast<int>(i));
  Factor f;
  f.levels = std::move(levels);
  f.codes.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto it = index.find(values[i]);
    if (it == index.end()) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("Factor value [{}] = \"{}\" is not one of the levels", i, values[i]));
    }
    f.codes.push_back(it->second);
  }
  return f;
}

std::vector<std::size_t> Factor::Counts() const {
  std::vector<std::size_t> counts(levels.size(), 0);
  for (int c : codes) ++counts[static_cast<std::size_t>(c)];
  return counts;
}

SurvivalData Landmark(const SurvivalData& data, double landmark, std::vector<std::size_t>* kept) {
  data.Validate();
  SurvivalData out;
  if (kept != nullptr) kept->clear();
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data.time[i] < landmark) continue;
    out.time.push_back(data.time[i] - landmark);
    out.event.push_back(data.event[i]);
    if (kept != nullptr) kept->push_back(i);
  }
  return out;
}

Factor Factor::Single(std::size_t rows) {
  Factor all;
  all.levels = {"all"};
  all.codes.assign(rows, 0);
  return all;
}

// Survival tests with no degrees of freedom (an empty comparison) or an
// infinite statistic (monotone likelihood) have no p-value: NaN, not 0.
double ChiSquareUpperTail(double statistic, double df) {
  if (!(df > 0) || !std::isfinite(statistic)) return std::numeric_limits<double>::quiet_NaN();
  return Pchisq(statistic, df, /*lower_tail=*/false);
}

double NormalTwoSidedP(double z) {
  if (!std::isfinite(z)) return std::numeric_limits<double>::quiet_NaN();
  return 2.0 * Pnorm(-std::fabs(z));
}

}  // namespace pioneer::stats
