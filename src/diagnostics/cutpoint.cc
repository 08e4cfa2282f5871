// maxstat and test performance (see cutpoint.h).
#include "pioneer/diagnostics/cutpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "pioneer/stats/proportion.h"

namespace pioneer::diagnostics {
namespace {

std::vector<std::size_t> StableOrder(std::span<const double> v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  return order;
}

double Nan() { return std::numeric_limits<double>::quiet_NaN(); }

nlohmann::json Number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<double> LogRankScores(const stats::SurvivalData& data) {
  data.Validate();
  const std::size_t n = data.size();
  const std::vector<std::size_t> order = StableOrder(data.time);
  // cumulative sum of event / (N - maxrank + 1) over the sorted times, read
  // at the end of each block of tied times.
  std::vector<double> scores(n);
  double cumulative = 0;
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start;
    while (end < n && data.time[order[end]] == data.time[order[start]]) ++end;
    const double at_risk = static_cast<double>(n - end + 1);  // N - max rank + 1
    for (std::size_t k = start; k < end; ++k) cumulative += data.event[order[k]] / at_risk;
    for (std::size_t k = start; k < end; ++k) scores[order[k]] = data.event[order[k]] - cumulative;
    start = end;
  }
  return scores;
}

double PLausen92(double b, double min_prop, double max_prop) {
  if (b < 1) return 1;
  const double pi = 3.14159265358979323846;
  const double db = std::exp(-b * b / 2) / std::sqrt(2 * pi);
  const double p =
      4 * db / b +
      db * (b - 1 / b) * std::log((max_prop * (1 - min_prop)) / ((1 - max_prop) * min_prop));
  return std::max(p, 0.0);
}

MaxstatResult MaxstatLogRank(const stats::SurvivalData& data, std::span<const double> marker,
                             const MaxstatOptions& options) {
  if (marker.size() != data.size()) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format("maxstat: {} marker values for {} subjects", marker.size(), data.size()));
  }
  for (double v : marker) {
    if (!std::isfinite(v))
      throw Error(ErrorCode::kInvalidArgument, "maxstat: marker values must be finite");
  }
  const std::vector<double> scores = LogRankScores(data);
  const std::size_t n = scores.size();
  const double nd = static_cast<double>(n);
  const std::vector<std::size_t> order = StableOrder(marker);
  // cmaxstat: candidate m = number of subjects below each new distinct value.
  const auto lo = static_cast<std::size_t>(std::max(1.0, std::floor(nd * options.min_prop)));
  const auto hi = static_cast<std::size_t>(std::floor(nd * options.max_prop));
  double sum = 0, sum_sq = 0;
  for (double s : scores) {
    sum += s;
    sum_sq += s * s;
  }
  MaxstatResult r;
  r.n = n;
  double cumulative = 0;
  std::size_t best = 0;
  for (std::size_t m = 0; m < n; ++m) {
    if (m > 0 && marker[order[m]] != marker[order[m - 1]] && m >= lo && m <= hi) {
      const double md = static_cast<double>(m);
      const double e = md / nd * sum;
      const double v = md * (nd - md) / (nd * nd * (nd - 1)) * (nd * sum_sq - sum * sum);
      const double stat = std::abs((cumulative - e) / std::sqrt(v));
      r.cuts.push_back(marker[order[m - 1]]);
      r.statistics.push_back(stat);
      if (r.statistics.size() == 1 || stat > r.statistic) {
        r.statistic = stat;
        r.cutpoint = marker[order[m - 1]];
        best = m;
      }
    }
    cumulative += scores[order[m]];
  }
  if (r.cuts.empty()) {
    throw Error(
        ErrorCode::kFailedPrecondition,
        fmt::format(
            "maxstat: no cut-point leaves between {} and {} of the {} subjects in the lower group",
            options.min_prop, options.max_prop, n));
  }
  r.n_low = best;
  r.p = PLausen92(r.statistic, options.min_prop, options.max_prop);
  return r;
}

nlohmann::json MaxstatResult::ToJson() const {
  return {{"method", "maxstat"},
          {"cutpoint", cutpoint},
          {"statistic", statistic},
          {"p", p},
          {"p_method", "Lau92"},
          {"n", n},
          {"n_low", n_low},
          {"n_high", n - n_low},
          {"groups", "marker <= cutpoint vs above"}};
}

namespace {

Proportion Exact(std::int64_t successes, std::int64_t trials, double confidence) {
  Proportion p;
  p.successes = successes;
  p.trials = trials;
  if (trials == 0) {
    p.estimate = p.lower = p.upper = Nan();
    return p;
  }
  stats::ProportionOptions options;
  options.confidence = confidence;
  const stats::ProportionResult r = stats::BinomialTest(successes, trials, options);
  p.estimate = r.estimate;
  p.lower = r.conf_int.lower;
  p.upper = r.conf_int.upper;
  return p;
}

}  // namespace

TestPerformance Performance(std::span<const double> marker, std::span<const int> outcome,
                            double threshold, Direction direction, double confidence) {
  if (marker.size() != outcome.size()) {
    throw Error(ErrorCode::kInvalidArgument, "test performance: marker and outcome sizes differ");
  }
  if (direction == Direction::kAuto) {
    throw Error(ErrorCode::kInvalidArgument, "test performance: resolve the direction first");
  }
  TestPerformance t;
  t.threshold = threshold;
  t.direction = direction;
  for (std::size_t i = 0; i < marker.size(); ++i) {
    const bool positive =
        direction == Direction::kLess ? marker[i] >= threshold : marker[i] <= threshold;
    const bool is_case = outcome[i] == 1;
    if (positive && is_case)
      ++t.true_positive;
    else if (positive)
      ++t.false_positive;
    else if (is_case)
      ++t.false_negative;
    else
      ++t.true_negative;
  }
  t.sensitivity = Exact(t.true_positive, t.true_positive + t.false_negative, confidence);
  t.specificity = Exact(t.true_negative, t.true_negative + t.false_positive, confidence);
  t.ppv = Exact(t.true_positive, t.true_positive + t.false_positive, confidence);
  t.npv = Exact(t.true_negative, t.true_negative + t.false_negative, confidence);
  t.lr_positive = t.sensitivity.estimate / (1 - t.specificity.estimate);
  t.lr_negative = (1 - t.sensitivity.estimate) / t.specificity.estimate;
  return t;
}

nlohmann::json TestPerformance::ToJson() const {
  nlohmann::json j = {{"threshold", Number(threshold)},
                      {"positive_when", direction == Direction::kLess ? "marker >= threshold"
                                                                      : "marker <= threshold"},
                      {"true_positive", true_positive},
                      {"false_positive", false_positive},
                      {"true_negative", true_negative},
                      {"false_negative", false_negative},
                      {"lr_positive", Number(lr_positive)},
                      {"lr_negative", Number(lr_negative)},
                      {"ci_method", "clopper-pearson"}};
  auto put = [&](const char* name, const Proportion& p) {
    j[name] = Number(p.estimate);
    j[std::string(name) + "_lower"] = Number(p.lower);
    j[std::string(name) + "_upper"] = Number(p.upper);
  };
  put("sensitivity", sensitivity);
  put("specificity", specificity);
  put("ppv", ppv);
  put("npv", npv);
  return j;
}

}  // namespace pioneer::diagnostics
