// Wilcoxon rank-sum and Kruskal-Wallis tests, as R's wilcox.test.default
// (two-sample branch) and kruskal.test.default (stats 4.2).
#include "pioneer/stats/rank_tests.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::stats {
namespace {

// sum over tie groups of t^3 - t.
double TieTerm(const std::vector<double>& values) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  double term = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const double t = static_cast<double>(j - i);
    term += t * t * t - t;
    i = j;
  }
  return term;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double ExactP(double w, std::size_t nx, std::size_t ny, Alternative alternative) {
  switch (alternative) {
    case Alternative::kLess:
      return WilcoxonRankSumCdf(w, nx, ny);
    case Alternative::kGreater:
      return WilcoxonRankSumCdf(w - 1, nx, ny, false);
    case Alternative::kTwoSided:
      break;
  }
  const double half = static_cast<double>(nx) * static_cast<double>(ny) / 2;
  const double p =
      w > half ? WilcoxonRankSumCdf(w - 1, nx, ny, false) : WilcoxonRankSumCdf(w, nx, ny);
  return std::min(2 * p, 1.0);
}

// Normal approximation with tie-corrected variance and continuity
// correction (wilcox.test's non-exact branch); sigma 0 (all ties) gives NaN.
void NormalApproximation(double tie_term, const WilcoxonOptions& options, WilcoxonResult& r) {
  const double nx = static_cast<double>(r.n_x);
  const double ny = static_cast<double>(r.n_y);
  const double z = r.w - nx * ny / 2;
  const double sigma =
      std::sqrt((nx * ny / 12) * ((nx + ny + 1) - tie_term / ((nx + ny) * (nx + ny - 1))));
  double correction = 0;
  if (options.continuity_correction) {
    switch (options.alternative) {
      case Alternative::kTwoSided:
        correction = z > 0 ? 0.5 : (z < 0 ? -0.5 : 0.0);
        break;
      case Alternative::kGreater:
        correction = 0.5;
        break;
      case Alternative::kLess:
        correction = -0.5;
        break;
    }
  }
  r.z = (z - correction) / sigma;
  switch (options.alternative) {
    case Alternative::kLess:
      r.p_value = Pnorm(r.z);
      break;
    case Alternative::kGreater:
      r.p_value = Pnorm(r.z, false);
      break;
    case Alternative::kTwoSided:
      r.p_value = 2 * std::min(Pnorm(r.z), Pnorm(r.z, false));
      break;
  }
}

}  // namespace

std::vector<double> AverageRanks(const std::vector<double>& values) {
  const std::size_t n = values.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && values[order[j]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j) + 1) / 2;
    for (std::size_t k = i; k < j; ++k) ranks[order[k]] = rank;
    i = j;
  }
  return ranks;
}

double WilcoxonRankSumCdf(double q, std::size_t m, std::size_t n, bool lower_tail) {
  const double max_w = static_cast<double>(m) * static_cast<double>(n);
  q = std::floor(q + 1e-7);    // R's pwilcox rounds q the same way
  if (n > m) std::swap(m, n);  // the null distribution is symmetric in (m, n)
  constexpr double kMaxCells = 2e7;
  if (static_cast<double>(n + 1) * (max_w + 1) > kMaxCells) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("exact Wilcoxon distribution for samples of {} and {} is too large; "
                            "use the normal approximation",
                            m, n));
  }
  if (q < 0) return lower_tail ? 0.0 : 1.0;
  if (q >= max_w) return lower_tail ? 1.0 : 0.0;
  // counts[j][w]: number of arrangements of i x's and j y's with statistic
  // w; adding an x after j y's adds j (R's cwilcox recursion, all additions).
  const std::size_t size = m * n + 1;
  std::vector<std::vector<double>> prev(n + 1, std::vector<double>(size, 0.0));
  for (std::size_t j = 0; j <= n; ++j) prev[j][0] = 1;  // i = 0: only w = 0
  for (std::size_t i = 1; i <= m; ++i) {
    std::vector<std::vector<double>> cur(n + 1, std::vector<double>(size, 0.0));
    cur[0][0] = 1;
    for (std::size_t j = 1; j <= n; ++j) {
      for (std::size_t w = 0; w <= i * j; ++w) {
        cur[j][w] = cur[j - 1][w] + (w >= j ? prev[j][w - j] : 0.0);
      }
    }
    prev.swap(cur);
  }
  const std::vector<double>& counts = prev[n];
  double total = 0;
  double below = 0;
  for (std::size_t w = 0; w < size; ++w) {
    total += counts[w];
    if (static_cast<double>(w) <= q) below += counts[w];
  }
  return lower_tail ? below / total : (total - below) / total;
}

WilcoxonResult WilcoxonRankSum(const std::vector<double>& x_in, const std::vector<double>& y_in,
                               const WilcoxonOptions& options) {
  if (!std::isfinite(options.mu)) {
    throw Error(ErrorCode::kInvalidArgument, "WilcoxonOptions.mu must be finite");
  }
  WilcoxonResult r;
  std::vector<double> x = DropNaN(x_in, &r.missing);
  const std::vector<double> y = DropNaN(y_in, &r.missing);
  if (x.empty())
    throw Error(ErrorCode::kFailedPrecondition, "not enough (non-missing) 'x' observations");
  if (y.empty()) throw Error(ErrorCode::kFailedPrecondition, "not enough 'y' observations");
  for (double& v : x) v -= options.mu;
  r.n_x = x.size();
  r.n_y = y.size();
  r.alternative = options.alternative;
  std::vector<double> all = x;
  all.insert(all.end(), y.begin(), y.end());
  const std::vector<double> ranks = AverageRanks(all);
  const double nx = static_cast<double>(r.n_x);
  r.w = std::accumulate(ranks.begin(), ranks.begin() + static_cast<std::ptrdiff_t>(r.n_x), 0.0) -
        nx * (nx + 1) / 2;
  const double tie_term = TieTerm(all);
  r.ties = tie_term > 0;
  const bool want_exact = options.exact == ExactMode::kExact ||
                          (options.exact == ExactMode::kAuto && r.n_x < 50 && r.n_y < 50);
  r.exact = want_exact && !r.ties;
  if (r.exact) {
    r.p_value = ExactP(r.w, r.n_x, r.n_y, options.alternative);
  } else {
    NormalApproximation(tie_term, options, r);
  }
  std::vector<double> diffs;
  diffs.reserve(r.n_x * r.n_y);
  for (double a : x) {
    for (double b : y) diffs.push_back(a - b + options.mu);
  }
  r.hodges_lehmann = Median(std::move(diffs));
  return r;
}

KruskalWallisResult KruskalWallis(const std::vector<std::vector<double>>& groups) {
  KruskalWallisResult r;
  std::vector<std::vector<double>> kept;
  for (const auto& g : groups) {
    std::vector<double> values = DropNaN(g, &r.missing);
    if (values.empty()) {
      ++r.empty_groups;
    } else {
      kept.push_back(std::move(values));
    }
  }
  if (kept.size() < 2) {
    throw Error(
        ErrorCode::kFailedPrecondition,
        fmt::format("Kruskal-Wallis test needs at least 2 non-empty groups, got {}", kept.size()));
  }
  std::vector<double> all;
  for (const auto& g : kept) all.insert(all.end(), g.begin(), g.end());
  const double n = static_cast<double>(all.size());
  const std::vector<double> ranks = AverageRanks(all);
  const double tie_term = TieTerm(all);
  if (tie_term == n * n * n - n) {
    throw Error(ErrorCode::kFailedPrecondition, "Kruskal-Wallis test: all values are equal");
  }
  double sum = 0;
  std::size_t offset = 0;
  for (const auto& g : kept) {
    double rank_sum = 0;
    for (std::size_t i = 0; i < g.size(); ++i) rank_sum += ranks[offset + i];
    sum += rank_sum * rank_sum / static_cast<double>(g.size());
    offset += g.size();
  }
  r.statistic = (12 * sum / (n * (n + 1)) - 3 * (n + 1)) / (1 - tie_term / (n * n * n - n));
  r.n = all.size();
  r.groups = kept.size();
  r.df = static_cast<double>(kept.size() - 1);
  r.p_value = Pchisq(r.statistic, r.df, false);
  return r;
}

nlohmann::json WilcoxonResult::ToJson() const {
  nlohmann::json j = {{"test", "Wilcoxon rank-sum"},
                      {"w", w},
                      {"p_value", p_value},
                      {"exact", exact},
                      {"ties", ties},
                      {"hodges_lehmann", hodges_lehmann},
                      {"n_x", n_x},
                      {"n_y", n_y},
                      {"missing", missing},
                      {"alternative", ToString(alternative)}};
  if (!exact) j["z"] = z;
  return j;
}

nlohmann::json KruskalWallisResult::ToJson() const {
  return {{"test", "Kruskal-Wallis"},
          {"statistic", statistic},
          {"df", df},
          {"p_value", p_value},
          {"n", n},
          {"groups", groups},
          {"empty_groups", empty_groups},
          {"missing", missing}};
}

}  // namespace pioneer::stats
