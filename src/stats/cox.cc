// Cox proportional hazards fit, a port of the algorithm of R's coxph.fit
// and coxfit6.c (survival 3.5): sort once by stratum and time, centre and
// scale the covariates, accumulate the risk sets backwards in time
// (O(n p^2) per iteration), Newton-Raphson from beta = 0 with step halving,
// stop when |1 - loglik_old / loglik_new| <= eps.
#include "pioneer/stats/cox.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "cox_internal.h"
#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::stats {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The subjects of one stratum sharing one time: rows [begin, end) of the
// sorted data.
struct TimeBlock {
  std::size_t begin = 0, end = 0;
  bool first_in_stratum = false, last_in_stratum = false;
};

// The data sorted once by stratum and time; covariates centred and scaled,
// row-major so that each subject's row is contiguous.
struct CoxWork {
  std::size_t n = 0, p = 0;
  std::vector<double> time;
  RowMatrix x;
  std::vector<int> status;
  std::vector<TimeBlock> blocks;
  VectorXd means, scale;
  bool efron = true;
};

std::vector<TimeBlock> TimeBlocks(const std::vector<double>& time,
                                  const std::vector<int>& sorted_strata) {
  std::vector<TimeBlock> blocks;
  for (std::size_t k = 0; k < time.size(); ++k) {
    const bool new_stratum = k == 0 || sorted_strata[k] != sorted_strata[k - 1];
    if (new_stratum || time[k] != time[k - 1]) {
      if (!blocks.empty()) blocks.back().last_in_stratum = new_stratum;
      blocks.push_back({k, k, new_stratum, false});
    }
    blocks.back().end = k + 1;
  }
  if (!blocks.empty()) blocks.back().last_in_stratum = true;
  return blocks;
}

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
  // Centre and scale column by column, then gather whole rows in time order.
  RowMatrix scaled = (x.rowwise() - w.means.transpose()) * w.scale.asDiagonal();
  w.x.resize(static_cast<Eigen::Index>(w.n), x.cols());
  std::vector<int> sorted_strata(w.n);
  for (std::size_t k = 0; k < w.n; ++k) {
    const std::size_t i = order[k];
    w.time[k] = data.time[i];
    w.status[k] = data.event[i];
    sorted_strata[k] = strata[i];
    w.x.row(static_cast<Eigen::Index>(k)) = scaled.row(static_cast<Eigen::Index>(i));
  }
  w.blocks = TimeBlocks(w.time, sorted_strata);
  return w;
}

// What one death time adds to the information matrix, besides the
// risk-weighted cross-products: sum_s q_s a_s a_s' with the Efron means
// a_s = a0 + f_s a2, kept as the three scalar sums of q_s, q_s f_s, q_s f_s^2.
struct MeanOuter {
  double c0 = 0, c1 = 0, c2 = 0;
};

// coxfit6_iter: log partial likelihood, score and information at beta.
//
// coxfit6 adds risk * x x' of every subject into a running p x p matrix
// and adds that matrix into the information at every death time:
// O(n p^2 + deaths p^2) with scalar loops. Exchanging the sums gives the
// same information as X' diag(omega) X - sum_t (mean outer products),
// where omega_k = risk_k times the summed weights of the death times whose
// risk set holds k (for a death, only a fraction of its own time's weight
// under Efron): one vectorised cross-product per iteration.
double Iterate(const CoxWork& w, const VectorXd& beta, VectorXd& u, MatrixXd& imat) {
  const auto p = static_cast<Eigen::Index>(w.p);
  const VectorXd zbeta = w.x * beta;
  const VectorXd risk = zbeta.array().exp();
  // Per block: the weight of its death time for subjects fully in the risk
  // set (all) and for the deaths of the time itself (dead).
  std::vector<double> weight_all(w.blocks.size(), 0.0), weight_dead(w.blocks.size(), 0.0);
  VectorXd a = VectorXd::Zero(p), a2(p), a0(p);
  MatrixXd mean_outer = MatrixXd::Zero(p, p);
  u = VectorXd::Zero(p);
  double loglik = 0, denom = 0;
  for (std::size_t b = w.blocks.size(); b-- > 0;) {
    const TimeBlock& block = w.blocks[b];
    if (block.last_in_stratum) {
      denom = 0;
      a.setZero();
    }
    double ndead = 0, denom2 = 0;
    a2.setZero();
    for (std::size_t k = block.end; k-- > block.begin;) {
      const auto row = static_cast<Eigen::Index>(k);
      const double r = risk[row];
      if (w.status[k] == 0) {
        denom += r;
        a.noalias() += r * w.x.row(row).transpose();
      } else {
        ndead += 1;
        denom2 += r;
        loglik += zbeta[row];
        u.noalias() += w.x.row(row).transpose();
        a2.noalias() += r * w.x.row(row).transpose();
      }
    }
    if (ndead == 0) continue;
    // Breslow adds the deaths at once; Efron in ndead equal fractions
    // (Efron 1977), which is the same when there is one death.
    const double parts = (!w.efron || ndead == 1) ? 1 : ndead;
    const double wtave = ndead / parts;
    MeanOuter m;
    a0 = a;
    for (int step = 0; step < static_cast<int>(parts); ++step) {
      const double f = (step + 1) / parts;  // share of the deaths in the risk set
      denom += denom2 / parts;
      loglik -= wtave * std::log(denom);
      const double c = wtave / denom, q = c / denom;
      weight_all[b] += c;
      weight_dead[b] += c * f;
      m.c0 += q;
      m.c1 += q * f;
      m.c2 += q * f * f;
    }
    u.noalias() -= weight_all[b] * a0 + weight_dead[b] * a2;
    a += a2;
    mean_outer.noalias() += (m.c0 * a0 + m.c1 * a2) * a0.transpose();
    mean_outer.noalias() += (m.c1 * a0 + m.c2 * a2) * a2.transpose();
  }
  // omega, forward in time: the weights of the death times at or before each subject's time.
  VectorXd sqrt_omega(static_cast<Eigen::Index>(w.n));
  double before = 0;
  for (std::size_t b = 0; b < w.blocks.size(); ++b) {
    const TimeBlock& block = w.blocks[b];
    if (block.first_in_stratum) before = 0;
    const double through = before + weight_all[b];
    for (std::size_t k = block.begin; k < block.end; ++k) {
      const auto row = static_cast<Eigen::Index>(k);
      sqrt_omega[row] = std::sqrt(risk[row] * (w.status[k] ? before + weight_dead[b] : through));
    }
    before = through;
  }
  // X' diag(omega) X in cache-sized chunks of rows (no n x p temporary).
  constexpr Eigen::Index kChunk = 256;
  imat.setZero(p, p);
  RowMatrix chunk;
  for (Eigen::Index begin = 0; begin < static_cast<Eigen::Index>(w.n); begin += kChunk) {
    const Eigen::Index rows = std::min(kChunk, static_cast<Eigen::Index>(w.n) - begin);
    chunk = w.x.middleRows(begin, rows).array().colwise() * sqrt_omega.segment(begin, rows).array();
    imat.selfadjointView<Eigen::Lower>().rankUpdate(chunk.transpose());
  }
  imat = MatrixXd(imat.selfadjointView<Eigen::Lower>()) - mean_outer;
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

std::string TiesName(Ties ties) { return std::string(core::EnumName(kTiesNames, ties)); }

Ties ParseTies(const std::string& name) { return core::ParseEnum(kTiesNames, name, "ties"); }

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
      c.possibly_infinite =
          !std::isfinite(u[j]) ||
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
    if (!r.coefficients[j].singular)
      offset += r.coefficients[j].coef * w.means[static_cast<Eigen::Index>(j)];
  }
  std::vector<double> lp(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    double s = 0;
    for (std::size_t j = 0; j < w.p; ++j) {
      if (!r.coefficients[j].singular)
        s += x(i, static_cast<Eigen::Index>(j)) * r.coefficients[j].coef;
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

CoxResult FitCox(const SurvivalData& input, const std::vector<CoxCovariate>& covariates,
                 const Factor& strata, const CoxOptions& options) {
  input.Validate();
  options.Validate();
  const SurvivalData data = options.timefix ? AeqSurv(input) : input;
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
  r.timefix = options.timefix;
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
    coefs.push_back({{"name", c.name},
                     {"coef", JsonNumber(c.coef)},
                     {"se", JsonNumber(c.se)},
                     {"z", JsonNumber(c.z)},
                     {"p", JsonNumber(c.p)},
                     {"hr", JsonNumber(c.hr)},
                     {"hr_lower", JsonNumber(c.hr_lower)},
                     {"hr_upper", JsonNumber(c.hr_upper)},
                     {"possibly_infinite", c.possibly_infinite},
                     {"singular", c.singular}});
  }
  nlohmann::json out = {{"n", n},
                        {"n_event", n_event},
                        {"ties", TiesName(ties)},
                        {"conf_level", conf_level},
                        {"coefficients", coefs},
                        {"loglik", {JsonNumber(loglik_null), JsonNumber(loglik)}},
                        {"lr_test", lr_test.ToJson()},
                        {"wald_test", wald_test.ToJson()},
                        {"score_test", score_test.ToJson()},
                        {"concordance", concordance.ToJson()},
                        {"iterations", iterations},
                        {"converged", converged}};
  if (zph.size() == 1)
    out["zph"] = zph[0].ToJson();
  else if (zph.size() > 1) {
    out["zph"] = nlohmann::json::array();
    for (const ZphResult& z : zph) out["zph"].push_back(z.ToJson());
  }
  return out;
}

}  // namespace pioneer::stats
