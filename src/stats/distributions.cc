// R-style probability functions over Boost.Math (see distributions.h).
#include "pioneer/stats/distributions.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/hypergeometric.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>

namespace pioneer::stats {
namespace {

namespace bm = boost::math;
// Return +-Inf at the ends of the support instead of throwing, as R does.
using Policy = bm::policies::policy<bm::policies::overflow_error<bm::policies::ignore_error>>;

template <class Distribution>
double Cdf(const Distribution& d, double x, bool lower_tail) {
  return lower_tail ? bm::cdf(d, x) : bm::cdf(bm::complement(d, x));
}

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

double Pnorm(double x, bool lower_tail) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return (x > 0) == lower_tail ? 1.0 : 0.0;
  return Cdf(bm::normal_distribution<double, Policy>(), x, lower_tail);
}

double Qnorm(double p) {
  if (std::isnan(p)) return p;
  if (p <= 0) return -kInf;
  if (p >= 1) return kInf;
  return bm::quantile(bm::normal_distribution<double, Policy>(), p);
}

double Pt(double t, double df, bool lower_tail) {
  if (std::isnan(t) || std::isnan(df)) return std::nan("");
  if (std::isinf(t)) return (t > 0) == lower_tail ? 1.0 : 0.0;
  return Cdf(bm::students_t_distribution<double, Policy>(df), t, lower_tail);
}

double Qt(double p, double df) {
  if (p <= 0) return -kInf;
  if (p >= 1) return kInf;
  return bm::quantile(bm::students_t_distribution<double, Policy>(df), p);
}

double Pchisq(double x, double df, bool lower_tail) {
  if (std::isnan(x) || std::isnan(df)) return std::nan("");
  if (x <= 0) return lower_tail ? 0.0 : 1.0;
  if (std::isinf(x)) return lower_tail ? 1.0 : 0.0;
  return Cdf(bm::chi_squared_distribution<double, Policy>(df), x, lower_tail);
}

double Qbeta(double p, double a, double b) {
  return bm::quantile(bm::beta_distribution<double, Policy>(a, b), p);
}

double Dbinom(double x, double n, double p) {
  if (x < 0 || x > n) return 0;
  return bm::pdf(bm::binomial_distribution<double, Policy>(n, p), x);
}

double Pbinom(double x, double n, double p, bool lower_tail) {
  if (x < 0) return lower_tail ? 0.0 : 1.0;
  if (x >= n) return lower_tail ? 1.0 : 0.0;
  return Cdf(bm::binomial_distribution<double, Policy>(n, p), std::floor(x), lower_tail);
}

double LogDhyper(double x, double m, double n, double k) {
  // log C(m, x) + log C(n, k - x) - log C(m + n, k), by log-gamma: the
  // exponentiated differences feed only ratios (fisher.test's dnhyper).
  if (x < 0 || x > m || k - x < 0 || k - x > n) return -kInf;
  auto log_choose = [](double a, double b) {
    return bm::lgamma(a + 1, Policy()) - bm::lgamma(b + 1, Policy()) -
           bm::lgamma(a - b + 1, Policy());
  };
  return log_choose(m, x) + log_choose(n, k - x) - log_choose(m + n, k);
}

double Phyper(double x, double m, double n, double k, bool lower_tail) {
  const double lo = std::max(0.0, k - n);
  const double hi = std::min(k, m);
  if (x < lo) return lower_tail ? 0.0 : 1.0;
  if (x >= hi) return lower_tail ? 1.0 : 0.0;
  using Hyper = bm::hypergeometric_distribution<double, Policy>;
  const Hyper d(static_cast<unsigned>(m), static_cast<unsigned>(k), static_cast<unsigned>(m + n));
  const auto xi = static_cast<unsigned>(std::floor(x));
  return lower_tail ? bm::cdf(d, xi) : bm::cdf(bm::complement(d, xi));
}

}  // namespace pioneer::stats
