// Cox proportional hazards fit, a port of the algorithm of R's coxph.fit
// and coxfit6.c (survival 3.5): sort once by stratum and time, centre and
// scale the covariates, accumulate the risk sets backwards in time
// (O(n p^2) per iteration), Newton-Raphson from beta = 0 with step halving,
// stop when |1 - loglik_old / loglik_new| <= eps.
#include "pioneer/stats/cox.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "cox_internal.h"
#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::stats {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The data sorted once: covariates row-major (centred and scaled) so that
// the accumulation touches each subject's row contiguously.
struct CoxWork {
  std::size_t n = 0, p = 0;
  std::vector<double> time, x;
  std::vector<int> status;
  std::vector<char> last_in_stratum;  // coxfit6's strata flag
  VectorXd means, scale;
  bool efron = true;
};

CoxWork Prepare(const SurvivalData& data, const MatrixXd& x, const std::vector<int>& strata,
                bool efron) {
  const auto order = internal::OrderByStrataTime(data, strata);
  CoxWork w;
  w.n = data.size();
  w.p = static_cast<std::size_t>(x.cols());
  w.efron = efron;
  w.means = VectorXd::Zero(x.cols());
  w.scale = VectorXd::Ones(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    // coxph's nocenter = c(-1, 0, 1): such columns are neither centred nor scaled.
    const bool zero_one = (x.col(j).array().abs() == 1 || x.col(j).array() == 0).all();
    if (zero_one || w.n == 0) continue;
    w.means[j] = x.col(j).mean();
    const double mad = (x.col(j).array() - w.means[j]).abs().sum();
    w.scale[j] = mad > 0 ? static_cast<double>(w.n) / mad : 1.0;
  }
  w.time.resize(w.n);
  w.status.resize(w.n);
  w.last_in_stratum.assign(w.n, 0);
  w.x.resize(w.n * w.p);
  for (std::size_t k = 0; k < w.n; ++k) {
    const std::size_t i = order[k];
    w.time[k] = data.time[i];
    w.status[k] = data.event[i];
    for (std::size_t j = 0; j < w.p; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      w.x[k * w.p + j] = (x(static_cast<Eigen::Index>(i), jj) - w.means[jj]) * w.scale[jj];
    }
    if (k + 1 == w.n || strata[order[k + 1]] != strata[i]) w.last_in_stratum[k] = 1;
  }
  return w;
}

// Adds weight * v v' into the lower triangle of the p x p row-major `m`.
inline void AddOuter(double* m, const double* v, double weight, std::size_t p) {
  for (std::size_t i = 0; i < p; ++i) {
    const double wi = weight * v[i];
    double* row = m + i * p;
    for (std::size_t j = 0; j <= i; ++j) row[j] += wi * v[j];
  }
}

// coxfit6_iter: log partial likelihood, score and information at beta.
double Iterate(const CoxWork& w, const VectorXd& beta, VectorXd& u, MatrixXd& imat) {
  const std::size_t p = w.p;
  std::vector<double> a(p), a2(p), cmat(p * p), cmat2(p * p), info(p * p, 0.0);
  u = VectorXd::Zero(static_cast<Eigen::Index>(p));
  double loglik = 0, denom = 0;
  for (std::size_t k = w.n; k-- > 0;) {
    if (w.last_in_stratum[k]) {
      denom = 0;
      std::fill(a.begin(), a.end(), 0.0);
      std::fill(cmat.begin(), cmat.end(), 0.0);
    }
    const double dtime = w.time[k];
    double ndead = 0, denom2 = 0;
    std::fill(a2.begin(), a2.end(), 0.0);
    std::fill(cmat2.begin(), cmat2.end(), 0.0);
    for (;;) {
      const double* xk = &w.x[k * p];
      double zbeta = 0;
      for (std::size_t i = 0; i < p; ++i) zbeta += beta[static_cast<Eigen::Index>(i)] * xk[i];
      const double risk = std::exp(zbeta);
      if (w.status[k] == 0) {
        denom += risk;
        for (std::size_t i = 0; i < p; ++i) a[i] += risk * xk[i];
        AddOuter(cmat.data(), xk, risk, p);
      } else {
        ndead += 1;
        denom2 += risk;
        loglik += zbeta;
        for (std::size_t i = 0; i < p; ++i) {
          u[static_cast<Eigen::Index>(i)] += xk[i];
          a2[i] += risk * xk[i];
        }
        AddOuter(cmat2.data(), xk, risk, p);
      }
      if (k == 0 || w.last_in_stratum[k - 1] || w.time[k - 1] != dtime) break;
      --k;
    }
    if (ndead == 0) continue;
    // Breslow adds the deaths at once; Efron in ndead equal fractions
    // (Efron 1977), which is the same when there is one death.
    const double parts = (!w.efron || ndead == 1) ? 1 : ndead;
    const double wtave = ndead / parts;
    for (int step = 0; step < static_cast<int>(parts); ++step) {
      denom += denom2 / parts;
      loglik -= wtave * std::log(denom);
      for (std::size_t i = 0; i < p; ++i) {
        a[i] += a2[i] / parts;
        const double mean_i = a[i] / denom;
        u[static_cast<Eigen::Index>(i)] -= wtave * mean_i;
        for (std::size_t j = 0; j <= i; ++j) {
          cmat[i * p + j] += cmat2[i * p + j] / parts;
          info[i * p + j] += wtave * (cmat[i * p + j] - mean_i * a[j]) / denom;
        }
      }
    }
  }
  imat.resize(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p));
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      imat(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = info[i * p + j];
      imat(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)) = info[i * p + j];
    }
  }
  return loglik;
}

bool AllFinite(const VectorXd& u, const MatrixXd& imat, double loglik) {
  return std::isfinite(loglik) && u.allFinite() && imat.allFinite();
}

struct NewtonResult {
  VectorXd beta, u;
  MatrixXd variance;
  double loglik_null = 0, loglik = 0, score = 0;
  int iterations = 0, rank = 0;
  bool converged = false;
};

// coxfit6's main loop, in the scaled coordinates.
NewtonResult Newton(const CoxWork& w, const CoxOptions& options) {
  const auto p = static_cast<Eigen::Index>(w.p);
  NewtonResult r;
  VectorXd beta = VectorXd::Zero(p), u;
  MatrixXd imat;
  r.loglik_null = Iterate(w, beta, u, imat);
  double best = r.loglik_null;
  r.rank = internal::Cholesky2(imat, options.toler_chol);
  VectorXd step = u;
  internal::CholeskySolve2(imat, step);
  r.score = u.dot(step);
  VectorXd newbeta = beta + step;
  int halving = 0;
  for (r.iterations = 1; r.iterations <= options.max_iterations; ++r.iterations) {
    const double newlk = Iterate(w, newbeta, u, imat);
    r.rank = internal::Cholesky2(imat, options.toler_chol);
    const bool finite = AllFinite(u, imat, newlk);
    if (finite && std::fabs(1 - best / newlk) <= options.eps) {
      r.beta = newbeta;
      r.u = u;
      r.loglik = newlk;
      r.variance = internal::CholeskyInverse2(imat);
      r.converged = true;
      return r;
    }
    if (r.iterations == options.max_iterations) break;
    if (!finite || newlk < best) {
      ++halving;
      newbeta = (newbeta + halving * beta) / (halving + 1.0);
    } else {
      halving = 0;
      best = newlk;
      internal::CholeskySolve2(imat, u);
      beta = newbeta;
      newbeta = newbeta + u;
    }
  }
  // Out of iterations: report the last accepted beta (coxfit6 does the same).
  r.iterations = options.max_iterations;
  r.loglik = Iterate(w, beta, u, imat);
  r.rank = internal::Cholesky2(imat, options.toler_chol);
  r.beta = beta;
  r.u = u;
  r.variance = internal::CholeskyInverse2(imat);
  return r;
}

}  // namespace

std::string TiesName(Ties ties) { return ties == Ties::kEfron ? "efron" : "breslow"; }

Ties ParseTies(const std::string& name) {
  if (name == "efron") return Ties::kEfron;
  if (name == "breslow") return Ties::kBreslow;
  throw Error(ErrorCode::kInvalidArgument,
              fmt::format("ties \"{}\" must be one of efron, breslow", name));
}

void CoxOptions::Validate() const {
  auto fail = [](const std::string& field, double value, const char* rule) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("CoxOptions.{} = {} {}", field, value, rule));
  };
  if (max_iterations < 1) fail("max_iterations", max_iterations, "must be at least 1");
  if (!(eps > 0)) fail("eps", eps, "must be positive");
  if (!(toler_chol > 0)) fail("toler_chol", toler_chol, "must be positive");
  if (!(toler_inf > 0)) fail("toler_inf", toler_inf, "must be positive");
  if (!(conf_level > 0 && conf_level < 1)) fail("conf_level", conf_level, "must be in (0, 1)");
}

namespace {

// coxph.wtest: b' var^- b through R's generalised Cholesky.
double WaldStatistic(const MatrixXd& var, const VectorXd& b, double toler) {
  MatrixXd ldl = var;
  internal::Cholesky2(ldl, toler);
  VectorXd s = b;
  internal::CholeskySolve2(ldl, s);
  return b.dot(s);
}

void FillCoefficients(const NewtonResult& nr, const CoxWork& w, const CoxOptions& options,
                      const std::vector<std::string>& names, CoxResult& r) {
  const auto p = static_cast<Eigen::Index>(w.p);
  const VectorXd coef = nr.beta.cwiseProduct(w.scale);
  const MatrixXd var = w.scale.asDiagonal() * nr.variance * w.scale.asDiagonal();
  const VectorXd u = nr.u.cwiseQuotient(w.scale);
  const VectorXd infs = (var * u).cwiseAbs();
  const double z = Qnorm(1 - (1 - options.conf_level) / 2);
  r.variance.assign(w.p, std::vector<double>(w.p, 0.0));
  for (Eigen::Index j = 0; j < p; ++j) {
    CoxCoefficient c;
    c.name = names[static_cast<std::size_t>(j)];
    c.singular = nr.rank < p && var(j, j) == 0;
    c.coef = c.singular ? kNaN : coef[j];
    c.se = c.singular ? kNaN : std::sqrt(var(j, j));
    c.z = c.coef / c.se;
    c.p = NormalTwoSidedP(c.z);
    c.hr = std::exp(c.coef);
    c.hr_lower = std::exp(c.coef - z * c.se);
    c.hr_upper = std::exp(c.coef + z * c.se);
    if (nr.converged) {
      c.possibly_infinite = !std::isfinite(u[j]) ||
                            (infs[j] > options.eps && infs[j] > options.toler_inf * std::fabs(coef[j]));
    } else {
      c.possibly_infinite = !std::isfinite(infs[j]);
    }
    r.coefficients.push_back(c);
    for (Eigen::Index k = 0; k < p; ++k) {
      r.variance[static_cast<std::size_t>(j)][static_cast<std::size_t>(k)] = var(j, k);
    }
  }
}

void FillTests(const NewtonResult& nr, const CoxOptions& options, CoxResult& r) {
  std::vector<Eigen::Index> keep;
  for (std::size_t j = 0; j < r.coefficients.size(); ++j) {
    if (!r.coefficients[j].singular) keep.push_back(static_cast<Eigen::Index>(j));
  }
  const auto k = static_cast<Eigen::Index>(keep.size());
  MatrixXd var(k, k);
  VectorXd b(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    b[i] = r.coefficients[static_cast<std::size_t>(keep[static_cast<std::size_t>(i)])].coef;
    for (Eigen::Index j = 0; j < k; ++j) {
      var(i, j) = r.variance[static_cast<std::size_t>(keep[static_cast<std::size_t>(i)])]
                            [static_cast<std::size_t>(keep[static_cast<std::size_t>(j)])];
    }
  }
  const auto df = static_cast<double>(k);
  const double lr = 2 * (nr.loglik - nr.loglik_null);
  r.lr_test = {lr, df, ChiSquareUpperTail(lr, df)};
  const double wald = WaldStatistic(var, b, options.toler_chol);
  r.wald_test = {wald, df, ChiSquareUpperTail(wald, df)};
  r.score_test = {nr.score, df, ChiSquareUpperTail(nr.score, df)};
}

// coxph's linear.predictors: x %*% coef - sum(coef * means).
std::vector<double> LinearPredictor(const MatrixXd& x, const CoxResult& r, const CoxWork& w) {
  double offset = 0;
  for (std::size_t j = 0; j < w.p; ++j) {
    if (!r.coefficients[j].singular) offset += r.coefficients[j].coef * w.means[static_cast<Eigen::Index>(j)];
  }
  std::vector<double> lp(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    double s = 0;
    for (std::size_t j = 0; j < w.p; ++j) {
      if (!r.coefficients[j].singular) s += x(i, static_cast<Eigen::Index>(j)) * r.coefficients[j].coef;
    }
    lp[static_cast<std::size_t>(i)] = s - offset;
  }
  return lp;
}

}  // namespace

CoxResult FitCox(const SurvivalData& data, const std::vector<CoxCovariate>& covariates,
                 const CoxOptions& options) {
  return FitCox(data, covariates, Factor{}, options);
}

CoxResult FitCox(const SurvivalData& data, const std::vector<CoxCovariate>& covariates,
                 const Factor& strata, const CoxOptions& options) {
  data.Validate();
  options.Validate();
  if (covariates.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "FitCox needs at least one covariate");
  }
  const internal::CoxDesign design = internal::BuildCoxDesign(covariates, data.size());
  const std::vector<int> codes = internal::StrataCodes(strata, data.size());
  CoxResult r;
  r.n = data.size();
  for (int e : data.event) r.n_event += static_cast<std::size_t>(e);
  if (r.n_event == 0) {
    throw Error(ErrorCode::kFailedPrecondition, "Cox model: there are no events");
  }
  r.ties = options.ties;
  r.conf_level = options.conf_level;
  r.terms = design.terms;
  const CoxWork w = Prepare(data, design.x, codes, options.ties == Ties::kEfron);
  const NewtonResult nr = Newton(w, options);
  r.loglik_null = nr.loglik_null;
  r.loglik = nr.loglik;
  r.iterations = nr.iterations;
  r.converged = nr.converged;
  FillCoefficients(nr, w, options, design.names, r);
  FillTests(nr, options, r);
  r.linear_predictor = LinearPredictor(design.x, r, w);
  if (options.concordance) r.concordance = ConcordanceIndex(data, r.linear_predictor, strata);
  return r;
}

nlohmann::json TestStatistic::ToJson() const {
  return {{"stat", JsonNumber(stat)}, {"df", df}, {"p", JsonNumber(p)}};
}

nlohmann::json CoxResult::ToJson() const {
  nlohmann::json coefs = nlohmann::json::array();
  for (const CoxCoefficient& c : coefficients) {
    coefs.push_back({{"name", c.name}, {"coef", JsonNumber(c.coef)}, {"se", JsonNumber(c.se)},
                     {"z", JsonNumber(c.z)}, {"p", JsonNumber(c.p)}, {"hr", JsonNumber(c.hr)},
                     {"hr_lower", JsonNumber(c.hr_lower)}, {"hr_upper", JsonNumber(c.hr_upper)},
                     {"possibly_infinite", c.possibly_infinite}, {"singular", c.singular}});
  }
  nlohmann::json out = {{"n", n}, {"n_event", n_event}, {"ties", TiesName(ties)},
                        {"conf_level", conf_level}, {"coefficients", coefs},
                        {"loglik", {JsonNumber(loglik_null), JsonNumber(loglik)}},
                        {"lr_test", lr_test.ToJson()}, {"wald_test", wald_test.ToJson()},
                        {"score_test", score_test.ToJson()},
                        {"concordance", concordance.ToJson()},
                        {"iterations", iterations}, {"converged", converged}};
  if (zph.size() == 1) out["zph"] = zph[0].ToJson();
  else if (zph.size() > 1) {
    out["zph"] = nlohmann::json::array();
    for (const ZphResult& z : zph) out["zph"].push_back(z.ToJson());
  }
  return out;
}

}  // namespace pioneer::stats
