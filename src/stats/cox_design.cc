// Cox model matrix (treatment coding as R's contr.treatment), strata order,
// and R's cholesky2/chsolve2 (survival) used by the Newton-Raphson fit.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cox_internal.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {

CoxCovariate CoxCovariate::Numeric(std::string name, std::vector<double> values) {
  CoxCovariate c;
  c.name = std::move(name);
  c.values = std::move(values);
  return c;
}

CoxCovariate CoxCovariate::Categorical(std::string name, std::vector<std::string> values,
                                       std::string reference) {
  CoxCovariate c;
  c.name = std::move(name);
  c.categories = std::move(values);
  c.reference = std::move(reference);
  return c;
}

namespace internal {
namespace {

void CheckLength(const CoxCovariate& c, std::size_t n) {
  const std::size_t size = c.categorical() ? c.categories.size() : c.values.size();
  if (size != n) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("covariate {} has {} values for {} rows", c.name, size, n));
  }
}

// The level coded 0 in the treatment contrasts: the chosen one, else the first.
std::size_t ReferenceLevel(const CoxCovariate& c, const Factor& f) {
  if (c.reference.empty()) return 0;
  auto it = std::find(f.levels.begin(), f.levels.end(), c.reference);
  if (it == f.levels.end()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("reference level \"{}\" of covariate {} does not occur in the data",
                            c.reference, c.name));
  }
  return static_cast<std::size_t>(it - f.levels.begin());
}

}  // namespace

CoxDesign BuildCoxDesign(const std::vector<CoxCovariate>& covariates, std::size_t n) {
  CoxDesign d;
  // First the columns (names, terms), then the matrix, filled in place.
  std::vector<Factor> factors(covariates.size());
  std::vector<std::size_t> references(covariates.size(), 0);
  std::size_t ncols = 0;
  for (std::size_t i = 0; i < covariates.size(); ++i) {
    const CoxCovariate& c = covariates[i];
    CheckLength(c, n);
    CoxTerm term{c.name, {}};
    if (c.categorical()) {
      factors[i] = Factor::FromValues(c.categories);
      references[i] = ReferenceLevel(c, factors[i]);
      for (std::size_t level = 0; level < factors[i].levels.size(); ++level) {
        if (level == references[i]) continue;
        term.columns.push_back(ncols++);
        d.names.push_back(c.name + factors[i].levels[level]);
      }
    } else {
      term.columns.push_back(ncols++);
      d.names.push_back(c.name);
    }
    d.terms.push_back(std::move(term));
  }
  d.x.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(ncols));
  for (std::size_t i = 0; i < covariates.size(); ++i) {
    const CoxCovariate& c = covariates[i];
    const std::vector<std::size_t>& cols = d.terms[i].columns;
    if (!c.categorical()) {
      d.x.col(static_cast<Eigen::Index>(cols[0])) =
          Eigen::Map<const Eigen::VectorXd>(c.values.data(), static_cast<Eigen::Index>(n));
      continue;
    }
    // Level l maps to column cols[l - (l > reference)]; the reference to none.
    for (std::size_t k = 0; k < cols.size(); ++k)
      d.x.col(static_cast<Eigen::Index>(cols[k])).setZero();
    for (std::size_t row = 0; row < n; ++row) {
      const auto level = static_cast<std::size_t>(factors[i].codes[row]);
      if (level == references[i]) continue;
      const std::size_t col = cols[level - (level > references[i] ? 1 : 0)];
      d.x(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(col)) = 1;
    }
  }
  return d;
}

std::vector<int> StrataCodes(const Factor& strata, std::size_t n) {
  if (strata.codes.empty()) return std::vector<int>(n, 0);
  if (strata.codes.size() != n) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("strata has {} values for {} rows", strata.codes.size(), n));
  }
  return strata.codes;
}

std::vector<std::size_t> OrderByStrataTime(const SurvivalData& data,
                                           const std::vector<int>& strata) {
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (strata[a] != strata[b]) return strata[a] < strata[b];
    return data.time[a] < data.time[b];
  });
  return order;
}

int Cholesky2(Eigen::MatrixXd& m, double toler) {
  const Eigen::Index n = m.rows();
  double eps = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    eps = std::max(eps, m(i, i));
    for (Eigen::Index j = i + 1; j < n; ++j) m(j, i) = m(i, j);
  }
  eps = eps == 0 ? toler : eps * toler;
  int rank = 0, nonneg = 1;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double pivot = m(i, i);
    if (!std::isfinite(pivot) || pivot < eps) {
      m(i, i) = 0;
      if (pivot < -8 * eps) nonneg = -1;
      continue;
    }
    ++rank;
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const double temp = m(j, i) / pivot;
      m(j, i) = temp;
      m(j, j) -= temp * temp * pivot;
      for (Eigen::Index k = j + 1; k < n; ++k) m(k, j) -= temp * m(k, i);
    }
  }
  return rank * nonneg;
}

void CholeskySolve2(const Eigen::MatrixXd& ldl, Eigen::VectorXd& y) {
  const Eigen::Index n = ldl.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    double temp = y[i];
    for (Eigen::Index j = 0; j < i; ++j) temp -= y[j] * ldl(i, j);
    y[i] = temp;
  }
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    if (ldl(i, i) == 0) {
      y[i] = 0;
      continue;
    }
    double temp = y[i] / ldl(i, i);
    for (Eigen::Index j = i + 1; j < n; ++j) temp -= y[j] * ldl(j, i);
    y[i] = temp;
  }
}

Eigen::MatrixXd CholeskyInverse2(Eigen::MatrixXd ldl) {
  const Eigen::Index n = ldl.rows();
  Eigen::MatrixXd inv = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index k = 0; k < n; ++k) {
    if (ldl(k, k) == 0) continue;
    Eigen::VectorXd e = Eigen::VectorXd::Zero(n);
    e[k] = 1;
    CholeskySolve2(ldl, e);
    inv.col(k) = e;
  }
  for (Eigen::Index k = 0; k < n; ++k) {
    if (ldl(k, k) == 0) inv.row(k).setZero();
  }
  return inv;
}

}  // namespace internal
}  // namespace pioneer::stats
