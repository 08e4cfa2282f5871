// Binomial and score tests, as R's binom.test and prop.test (stats 4.2).
#include "pioneer/stats/proportion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::stats {
namespace {

void Validate(std::int64_t x, std::int64_t n, const ProportionOptions& o, bool open_p) {
  if (n < 1) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("trials = {} must be at least 1", n));
  }
  if (x < 0 || x > n) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("successes = {} must be between 0 and trials = {}", x, n));
  }
  const bool p_ok = open_p ? (o.p > 0 && o.p < 1) : (o.p >= 0 && o.p <= 1);
  if (!p_ok) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("ProportionOptions.p = {} must be in {}",
                                                         o.p, open_p ? "(0, 1)" : "[0, 1]"));
  }
  CheckConfidenceLevel(o.confidence, "ProportionOptions.confidence");
}

// binom.test's two-sided p-value: the probability of all outcomes no more
// likely than the observed one (relative tolerance 1e-7 for ties).
double TwoSidedBinomialP(double x, double n, double p) {
  const double d = Dbinom(x, n, p);
  const double m = n * p;
  constexpr double kRelErr = 1 + 1e-7;
  if (x == m) return 1;
  double pv = 0;
  if (x < m) {
    double y = 0;
    for (double i = std::ceil(m); i <= n; ++i) y += Dbinom(i, n, p) <= d * kRelErr ? 1 : 0;
    pv = Pbinom(x, n, p) + Pbinom(n - y, n, p, false);
  } else {
    double y = 0;
    for (double i = 0; i <= std::floor(m); ++i) y += Dbinom(i, n, p) <= d * kRelErr ? 1 : 0;
    pv = Pbinom(y - 1, n, p) + Pbinom(x - 1, n, p, false);
  }
  return std::min(1.0, pv);
}

// Clopper-Pearson limits from beta quantiles.
double ClopperLower(double x, double n, double alpha) {
  return x == 0 ? 0 : Qbeta(alpha, x, n - x + 1);
}
double ClopperUpper(double x, double n, double alpha) {
  return x == n ? 1 : Qbeta(1 - alpha, x + 1, n - x);
}

// The fields both tests fill the same way.
ProportionResult StartResult(std::int64_t successes, std::int64_t trials,
                             const ProportionOptions& options, bool exact) {
  ProportionResult r;
  r.successes = successes;
  r.trials = trials;
  r.estimate = static_cast<double>(successes) / static_cast<double>(trials);
  r.exact = exact;
  r.alternative = options.alternative;
  return r;
}

}  // namespace

ProportionResult BinomialTest(std::int64_t successes, std::int64_t trials,
                              const ProportionOptions& options) {
  Validate(successes, trials, options, false);
  ProportionResult r = StartResult(successes, trials, options, /*exact=*/true);
  const double x = static_cast<double>(successes);
  const double n = static_cast<double>(trials);
  const double p = options.p;
  const double level = options.confidence;
  r.statistic = x;
  r.conf_int.level = level;
  switch (options.alternative) {
    case Alternative::kLess:
      r.p_value = Pbinom(x, n, p);
      r.conf_int = {0, ClopperUpper(x, n, 1 - level), level};
      break;
    case Alternative::kGreater:
      r.p_value = Pbinom(x - 1, n, p, false);
      r.conf_int = {ClopperLower(x, n, 1 - level), 1, level};
      break;
    case Alternative::kTwoSided: {
      r.p_value = TwoSidedBinomialP(x, n, p);
      const double alpha = (1 - level) / 2;
      r.conf_int = {ClopperLower(x, n, alpha), ClopperUpper(x, n, alpha), level};
      break;
    }
  }
  return r;
}

ProportionResult ScoreTest(std::int64_t successes, std::int64_t trials,
                           const ProportionOptions& options) {
  Validate(successes, trials, options, true);
  ProportionResult r = StartResult(successes, trials, options, /*exact=*/false);
  const double x = static_cast<double>(successes);
  const double n = static_cast<double>(trials);
  const double p = options.p;
  const double level = options.confidence;
  const bool two_sided = options.alternative == Alternative::kTwoSided;
  const double yates = options.continuity_correction ? std::min(0.5, std::abs(x - n * p)) : 0.0;
  const double z = Qnorm(two_sided ? (1 + level) / 2 : level);
  const double z22n = z * z / (2 * n);
  // Wilson (1927) score limits, shifted by the correction as prop.test does.
  auto limit = [&](double pc, double sign) {
    return (pc + z22n + sign * z * std::sqrt(pc * (1 - pc) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  };
  const double pc_up = r.estimate + yates / n;
  const double pc_lo = r.estimate - yates / n;
  const double upper = std::min(1.0, pc_up >= 1 ? 1.0 : limit(pc_up, 1));
  const double lower = std::max(0.0, pc_lo <= 0 ? 0.0 : limit(pc_lo, -1));
  r.conf_int = {options.alternative == Alternative::kLess ? 0.0 : lower,
                options.alternative == Alternative::kGreater ? 1.0 : upper, level};
  const double e1 = n * p;
  const double e0 = n * (1 - p);
  r.statistic =
      std::pow(std::abs(x - e1) - yates, 2) / e1 + std::pow(std::abs((n - x) - e0) - yates, 2) / e0;
  if (two_sided) {
    r.p_value = Pchisq(r.statistic, 1, false);
  } else {
    const double zs =
        (r.estimate > p ? 1.0 : (r.estimate < p ? -1.0 : 0.0)) * std::sqrt(r.statistic);
    r.p_value = Pnorm(zs, options.alternative == Alternative::kLess);
  }
  return r;
}

nlohmann::json ProportionResult::ToJson() const {
  return {{"test", exact ? "exact binomial" : "score (Wilson)"},
          {"successes", successes},
          {"trials", trials},
          {"estimate", estimate},
          {"statistic", statistic},
          {"p_value", p_value},
          {"conf_int", conf_int.ToJson()},
          {"alternative", ToString(alternative)}};
}

}  // namespace pioneer::stats
