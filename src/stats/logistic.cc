// Logistic regression, following R's glm.fit and binomial()/logit C code
// (stats 4.2: family.c logit_linkinv, logit_mu_eta, binomial_dev_resids).
#include "pioneer/stats/logistic.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "pioneer/stats/hypothesis.h"

namespace pioneer::stats {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kThresh = 30;  // family.c THRESH / MTHRESH

// logit^{-1}, with eta clamped to [-30, 30] as R does.
double LinkInverse(double eta) {
  const double t = eta < -kThresh ? kEps : (eta > kThresh ? 1 / kEps : std::exp(eta));
  return t / (1 + t);
}

// d mu / d eta, floored at DBL_EPSILON outside [-30, 30].
double MuEta(double eta) {
  if (eta > kThresh || eta < -kThresh) return kEps;
  const double e = std::exp(eta);
  return e / ((1 + e) * (1 + e));
}

double Deviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double dev = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    dev += 2 * (y[i] == 1 ? -std::log(mu[i]) : -std::log(1 - mu[i]));
  }
  return dev;
}

struct Design {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  std::vector<std::string> terms;
  std::size_t missing = 0;
};

Design Prepare(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
               const std::vector<std::string>& names, const LogisticOptions& o) {
  if (x.rows() != y.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("x has {} rows but y has {} values", x.rows(), y.size()));
  }
  if (names.size() != static_cast<std::size_t>(x.cols())) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{} names given for {} columns of x", names.size(), x.cols()));
  }
  if (o.max_iterations < 1)
    throw Error(ErrorCode::kInvalidArgument, "LogisticOptions.max_iterations must be >= 1");
  if (!(o.epsilon > 0))
    throw Error(ErrorCode::kInvalidArgument, "LogisticOptions.epsilon must be > 0");
  CheckConfidenceLevel(o.confidence, "LogisticOptions.confidence");
  Design d;
  if (o.add_intercept) d.terms.push_back("(Intercept)");
  d.terms.insert(d.terms.end(), names.begin(), names.end());
  std::vector<Eigen::Index> keep;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    if (std::isnan(y[i]) || x.row(i).hasNaN()) {
      ++d.missing;
      continue;
    }
    if (y[i] != 0 && y[i] != 1) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("y[{}] = {} is not 0 or 1", i + 1, y[i]));
    }
    keep.push_back(i);
  }
  if (keep.empty())
    throw Error(ErrorCode::kFailedPrecondition, "no complete observations for the logistic fit");
  const Eigen::Index offset = o.add_intercept ? 1 : 0;
  d.x.resize(static_cast<Eigen::Index>(keep.size()), x.cols() + offset);
  d.y.resize(static_cast<Eigen::Index>(keep.size()));
  for (std::size_t k = 0; k < keep.size(); ++k) {
    const auto row = static_cast<Eigen::Index>(k);
    if (o.add_intercept) d.x(row, 0) = 1;
    d.x.row(row).tail(x.cols()) = x.row(keep[k]);
    d.y[row] = y[keep[k]];
  }
  return d;
}

void CheckRank(const Design& d) {
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(d.x);
  qr.setThreshold(1e-7);  // R's lm/glm rank tolerance
  if (qr.rank() < d.x.cols()) {
    const Eigen::Index aliased = qr.colsPermutation().indices()[qr.rank()];
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("design matrix is rank deficient ({} of {} columns independent); "
                            "term \"{}\" is collinear with the others",
                            qr.rank(), d.x.cols(), d.terms[static_cast<std::size_t>(aliased)]));
  }
}

// One IRLS run; leaves the QR of the last weighted design for the covariance.
struct IrlsState {
  Eigen::VectorXd beta;
  Eigen::VectorXd mu;
  Eigen::MatrixXd r_factor;  // R of sqrt(W) X at the last iteration
  double deviance = 0;
  int iterations = 0;
  bool converged = false;
};

IrlsState Irls(const Design& d, const LogisticOptions& o) {
  const Eigen::Index n = d.x.rows();
  const Eigen::Index p = d.x.cols();
  IrlsState s;
  Eigen::VectorXd eta(n);
  s.mu.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double mustart = (d.y[i] + 0.5) / 2;  // binomial()$initialize
    eta[i] = std::log(mustart / (1 - mustart));
    s.mu[i] = LinkInverse(eta[i]);
  }
  double dev_old = Deviance(d.y, s.mu);
  for (int iter = 1; iter <= o.max_iterations; ++iter) {
    Eigen::MatrixXd wx(n, p);
    Eigen::VectorXd wz(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double mu_eta = MuEta(eta[i]);
      const double z = eta[i] + (d.y[i] - s.mu[i]) / mu_eta;
      const double w = std::sqrt(mu_eta * mu_eta / (s.mu[i] * (1 - s.mu[i])));
      wx.row(i) = d.x.row(i) * w;
      wz[i] = z * w;
    }
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(wx);
    s.beta = qr.solve(wz);
    s.r_factor = qr.matrixQR().topLeftCorner(p, p).triangularView<Eigen::Upper>();
    eta = d.x * s.beta;
    for (Eigen::Index i = 0; i < n; ++i) s.mu[i] = LinkInverse(eta[i]);
    s.deviance = Deviance(d.y, s.mu);
    s.iterations = iter;
    if (std::abs(s.deviance - dev_old) / (std::abs(s.deviance) + 0.1) < o.epsilon) {
      s.converged = true;
      break;
    }
    dev_old = s.deviance;
  }
  return s;
}

void Summarise(const Design& d, const IrlsState& s, const LogisticOptions& o, LogisticResult& r) {
  const Eigen::Index p = d.x.cols();
  const Eigen::MatrixXd r_inv =
      s.r_factor.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
  r.covariance = r_inv * r_inv.transpose();  // chol2inv(R), as summary.glm
  const double q = Qnorm((1 + o.confidence) / 2);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double b = s.beta[j];
    const double se = std::sqrt(r.covariance(j, j));
    r.coefficients.push_back(b);
    r.std_errors.push_back(se);
    r.z.push_back(b / se);
    r.p_values.push_back(2 * Pnorm(-std::abs(b / se)));
    r.ci_lower.push_back(b - q * se);
    r.ci_upper.push_back(b + q * se);
  }
}

}  // namespace

LogisticResult FitLogistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                           const std::vector<std::string>& names, const LogisticOptions& options) {
  const Design d = Prepare(x, y, names, options);
  CheckRank(d);
  const IrlsState s = Irls(d, options);
  LogisticResult r;
  r.terms = d.terms;
  r.confidence = options.confidence;
  r.n = static_cast<std::size_t>(d.x.rows());
  r.missing = d.missing;
  r.iterations = s.iterations;
  r.converged = s.converged;
  r.deviance = s.deviance;
  Summarise(d, s, options, r);
  const double n = static_cast<double>(r.n);
  const double mean_y = options.add_intercept ? d.y.sum() / n : 0.5;  // glm.fit's wtdmu
  r.null_deviance = Deviance(d.y, Eigen::VectorXd::Constant(d.y.size(), mean_y));
  r.fitted.assign(s.mu.data(), s.mu.data() + s.mu.size());
  for (Eigen::Index i = 0; i < d.y.size(); ++i) {
    r.log_likelihood += d.y[i] == 1 ? std::log(s.mu[i]) : std::log(1 - s.mu[i]);
    r.separation = r.separation || s.mu[i] > 1 - 10 * kEps || s.mu[i] < 10 * kEps;
  }
  r.aic = -2 * r.log_likelihood + 2 * static_cast<double>(d.x.cols());
  r.df_null = r.n - (options.add_intercept ? 1 : 0);
  r.df_residual = r.n - static_cast<std::size_t>(d.x.cols());
  if (!r.converged) r.warnings.push_back("glm.fit: algorithm did not converge");
  if (r.separation)
    r.warnings.push_back("glm.fit: fitted probabilities numerically 0 or 1 occurred");
  return r;
}

nlohmann::json LogisticResult::ToJson() const {
  nlohmann::json coefs = nlohmann::json::array();
  for (std::size_t j = 0; j < terms.size(); ++j) {
    coefs.push_back({{"term", terms[j]},
                     {"estimate", coefficients[j]},
                     {"std_error", std_errors[j]},
                     {"z", z[j]},
                     {"p_value", p_values[j]},
                     {"ci_lower", ci_lower[j]},
                     {"ci_upper", ci_upper[j]}});
  }
  return {{"model", "logistic regression (IRLS, logit link)"},
          {"coefficients", coefs},
          {"confidence", confidence},
          {"null_deviance", null_deviance},
          {"deviance", deviance},
          {"log_likelihood", log_likelihood},
          {"aic", aic},
          {"df_null", df_null},
          {"df_residual", df_residual},
          {"n", n},
          {"missing", missing},
          {"iterations", iterations},
          {"converged", converged},
          {"separation", separation},
          {"warnings", warnings}};
}

}  // namespace pioneer::stats
