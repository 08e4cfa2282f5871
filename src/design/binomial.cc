#include "binomial.h"

#include <boost/math/distributions/binomial.hpp>

#include "pioneer/design/option_error.h"

namespace pioneer::design {

std::vector<double> BinomialPmf(int n, double p) {
  const boost::math::binomial_distribution<double> d(n, p);
  std::vector<double> pmf(static_cast<std::size_t>(n) + 1);
  for (int x = 0; x <= n; ++x) pmf[static_cast<std::size_t>(x)] = boost::math::pdf(d, x);
  return pmf;
}

std::vector<double> UpperTails(const std::vector<double>& pmf) {
  std::vector<double> upper(pmf.size() + 1, 0.0);
  for (std::size_t k = pmf.size(); k-- > 0;) upper[k] = upper[k + 1] + pmf[k];
  return upper;
}

std::vector<double> LowerTails(const std::vector<double>& pmf) {
  std::vector<double> lower(pmf.size());
  double sum = 0;
  for (std::size_t k = 0; k < pmf.size(); ++k) lower[k] = sum += pmf[k];
  return lower;
}

std::vector<std::vector<double>> BinomialPmfTable(int nmax, double p) {
  std::vector<std::vector<double>> table;
  table.reserve(static_cast<std::size_t>(nmax) + 1);
  for (int n = 0; n <= nmax; ++n) table.push_back(BinomialPmf(n, p));
  return table;
}

void RequireBinaryHypotheses(const char* options, double p0, double p1, double alpha, double beta) {
  Require(p0 > 0 && p0 < 1, options, "p0", p0, "must be in (0, 1)");
  Require(p1 > p0 && p1 < 1, options, "p1", p1, "must be in (p0, 1)");
  Require(alpha > 0 && alpha < 1, options, "alpha", alpha, "must be in (0, 1)");
  Require(beta > 0 && beta < 1, options, "beta", beta, "must be in (0, 1)");
}

}  // namespace pioneer::design
