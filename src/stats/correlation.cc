// Correlation tests, as R's cor.test.default (stats 4.2) and its C helper
// prho.c (AS 89) for Spearman's exact p-values.
#include "pioneer/stats/correlation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "pioneer/stats/rank_tests.h"

namespace pioneer::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kSpearmanExactMax = 1290;  // n (n^2 - 1) fits an int in R
constexpr std::size_t kAs89Enumerate = 9;        // R's n_small

// Pearson correlation with long double sums and centred cross-products.
double Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  long double mx = 0;
  long double my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<long double>(n);
  my /= static_cast<long double>(n);
  long double sxy = 0;
  long double sxx = 0;
  long double syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double dx = x[i] - mx;
    const long double dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0 || syy == 0) {
    throw Error(ErrorCode::kFailedPrecondition,
                "the standard deviation is zero: correlation undefined");
  }
  const double r = static_cast<double>(sxy / std::sqrt(sxx * syy));
  return std::clamp(r, -1.0, 1.0);
}

bool HasTies(const std::vector<double>& v) {
  return std::set<double>(v.begin(), v.end()).size() < v.size();
}

void PearsonTest(const std::vector<double>& x, const std::vector<double>& y,
                 const CorrelationOptions& o, CorrelationResult& r) {
  const double n = static_cast<double>(r.n);
  r.estimate = Pearson(x, y);
  r.df = n - 2;
  r.statistic = std::sqrt(r.df) * r.estimate / std::sqrt(1 - r.estimate * r.estimate);
  switch (o.alternative) {
    case Alternative::kLess:
      r.p_value = Pt(r.statistic, r.df);
      break;
    case Alternative::kGreater:
      r.p_value = Pt(r.statistic, r.df, false);
      break;
    case Alternative::kTwoSided:
      r.p_value = 2 * std::min(Pt(r.statistic, r.df), Pt(r.statistic, r.df, false));
      break;
  }
  if (r.n > 3) {  // Fisher's z transform
    r.has_conf_int = true;
    const double z = std::atanh(r.estimate);
    const double sigma = 1 / std::sqrt(n - 3);
    const double level = o.confidence;
    double lo = -kInf;
    double hi = kInf;
    if (o.alternative == Alternative::kTwoSided) {
      const double q = Qnorm((1 + level) / 2);
      lo = z - sigma * q;
      hi = z + sigma * q;
    } else if (o.alternative == Alternative::kLess) {
      hi = z + sigma * Qnorm(level);
    } else {
      lo = z - sigma * Qnorm(level);
    }
    r.conf_int = {std::tanh(lo), std::tanh(hi), level};
  }
}

double SpearmanP(double s, std::size_t n, bool exact, bool lower_tail) {
  if (exact) return SpearmanAs89(std::round(s) + (lower_tail ? 2 : 0), n, lower_tail);
  // Large n or ties: rho * sqrt((n - 2) / (1 - rho^2)) ~ t_{n-2}.
  const double nd = static_cast<double>(n);
  const double rho = 1 - s / (nd * (nd * nd - 1) / 6);
  return Pt(rho / std::sqrt((1 - rho * rho) / (nd - 2)), nd - 2, !lower_tail);
}

void SpearmanTest(const std::vector<double>& x, const std::vector<double>& y,
                  const CorrelationOptions& o, CorrelationResult& r) {
  const double n = static_cast<double>(r.n);
  r.estimate = Pearson(AverageRanks(x), AverageRanks(y));
  r.statistic = (n * n * n - n) * (1 - r.estimate) / 6;
  r.ties = HasTies(x) || HasTies(y);
  r.exact = o.spearman_exact && r.n < kSpearmanExactMax && !r.ties;
  const double s = r.statistic;
  switch (o.alternative) {
    case Alternative::kGreater:
      r.p_value = SpearmanP(s, r.n, r.exact, true);
      break;
    case Alternative::kLess:
      r.p_value = SpearmanP(s, r.n, r.exact, false);
      break;
    case Alternative::kTwoSided: {
      const double p = s > (n * n * n - n) / 6 ? SpearmanP(s, r.n, r.exact, false)
                                               : SpearmanP(s, r.n, r.exact, true);
      r.p_value = std::min(2 * p, 1.0);
      break;
    }
  }
}

// AS 89 exact branch: the share of the n! permutations with S >= s.
double EnumerateSpearman(double s, std::size_t n) {
  std::vector<int> perm(n);
  std::iota(perm.begin(), perm.end(), 1);
  double at_least = 0;
  double total = 0;
  do {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(i + 1) - perm[i];
      sum += d * d;
    }
    total += 1;
    if (sum >= s) at_least += 1;
  } while (std::next_permutation(perm.begin(), perm.end()));
  return at_least / total;
}

}  // namespace

double SpearmanAs89(double s, std::size_t n, bool lower_tail) {
  // Edgeworth series coefficients of AS 89.
  constexpr double c1 = 0.2274, c2 = 0.2531, c3 = 0.1745, c4 = 0.0758, c5 = 0.1033, c6 = 0.3932,
                   c7 = 0.0879, c8 = 0.0151, c9 = 0.0072, c10 = 0.0831, c11 = 0.0131, c12 = 4.6e-4;
  if (n <= 1) return lower_tail ? 0.0 : 1.0;
  if (s <= 0) return lower_tail ? 0.0 : 1.0;
  const double nd = static_cast<double>(n);
  if (s > nd * (nd * nd - 1) / 3) return lower_tail ? 1.0 : 0.0;  // beyond the maximum of S
  double upper = 0;
  if (n <= kAs89Enumerate) {
    upper = EnumerateSpearman(s, n);
  } else {
    const double b = 1 / nd;
    const double x = (6 * (s - 1) * b / (nd * nd - 1) - 1) * std::sqrt(1 / b - 1);
    double y = x * x;
    const double u = x * b *
                     (c1 + b * (c2 + c3 * b) +
                      y * (-c4 + b * (c5 + c6 * b) -
                           y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
    y = u / std::exp(y / 2);
    upper = std::clamp(y + Pnorm(x, false), 0.0, 1.0);
  }
  return lower_tail ? 1 - upper : upper;
}

CorrelationResult CorrelationTest(const std::vector<double>& x_in, const std::vector<double>& y_in,
                                  const CorrelationOptions& options) {
  if (x_in.size() != y_in.size()) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format("x and y must have the same length ({} vs {})", x_in.size(), y_in.size()));
  }
  CheckConfidenceLevel(options.confidence, "CorrelationOptions.confidence");
  CorrelationResult r;
  r.method = options.method;
  r.alternative = options.alternative;
  std::vector<double> x;
  std::vector<double> y;
  for (std::size_t i = 0; i < x_in.size(); ++i) {
    if (std::isnan(x_in[i]) || std::isnan(y_in[i])) {
      ++r.missing;
    } else {
      x.push_back(x_in[i]);
      y.push_back(y_in[i]);
    }
  }
  r.n = x.size();
  if (r.n < 3)
    throw Error(ErrorCode::kFailedPrecondition, "not enough finite observations (need 3 pairs)");
  if (options.method == CorrelationMethod::kPearson) {
    PearsonTest(x, y, options, r);
  } else {
    SpearmanTest(x, y, options, r);
  }
  return r;
}

nlohmann::json CorrelationResult::ToJson() const {
  const bool pearson = method == CorrelationMethod::kPearson;
  nlohmann::json j = {{"method", pearson ? "pearson" : "spearman"},
                      {"estimate", estimate},
                      {"statistic", statistic},
                      {"p_value", p_value},
                      {"n", n},
                      {"missing", missing},
                      {"alternative", ToString(alternative)}};
  if (pearson) j["df"] = df;
  if (has_conf_int) j["conf_int"] = conf_int.ToJson();
  if (!pearson) {
    j["exact"] = exact;
    j["ties"] = ties;
  }
  return j;
}

}  // namespace pioneer::stats
