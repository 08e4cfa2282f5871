// Elastic-net paths as glmnet (see glmnet.h).
#include "pioneer/models/glmnet.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "pioneer/core/error.h"

namespace pioneer::models {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kFdev = 1e-5;     // glmnet.control(fdev)
constexpr double kDevMax = 0.999;  // glmnet.control(devmax)
constexpr int kMinLambdas = 5;     // glmnet.control(mnlam)

struct Scaled {
  MatrixXd x;  // centred and scaled columns
  VectorXd mean, sd;
};

// Weighted (1/n) mean and standard deviation, as glmnet's standard().
Scaled Standardize(const MatrixXd& x, bool standardize) {
  Scaled s{x, x.colwise().mean().transpose(), VectorXd::Ones(x.cols())};
  s.x.rowwise() -= s.mean.transpose();
  if (standardize) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double sd = std::sqrt(s.x.col(j).squaredNorm() / static_cast<double>(x.rows()));
      if (sd == 0) throw Error(ErrorCode::kInvalidArgument, fmt::format("feature {} is constant", j + 1));
      s.sd(j) = sd;
      s.x.col(j) /= sd;
    }
  }
  return s;
}

// The log-likelihood side of a family: value, gradient g and Hessian
// diagonal w of the mean log-likelihood with respect to eta.
class Likelihood {
 public:
  virtual ~Likelihood() = default;
  virtual bool intercept() const = 0;
  virtual double LogLik(const VectorXd& eta) const = 0;
  virtual void Quadratic(const VectorXd& eta, VectorXd& g, VectorXd& w) const = 0;
  virtual double Saturated() const = 0;
};

class Binomial : public Likelihood {
 public:
  explicit Binomial(const std::vector<double>& y) : y_(Eigen::Map<const VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()))) {}
  bool intercept() const override { return true; }
  double LogLik(const VectorXd& eta) const override {
    double ll = 0;
    for (Eigen::Index i = 0; i < eta.size(); ++i) ll += y_(i) * eta(i) - std::log1p(std::exp(eta(i)));
    return ll;
  }
  void Quadratic(const VectorXd& eta, VectorXd& g, VectorXd& w) const override {
    const double n = static_cast<double>(eta.size());
    for (Eigen::Index i = 0; i < eta.size(); ++i) {
      const double p = 1 / (1 + std::exp(-eta(i)));
      g(i) = (y_(i) - p) / n;
      w(i) = std::max(p * (1 - p), 1e-5 * (1 - 1e-5)) / n;  // glmnet's pmin floor
    }
  }
  double Saturated() const override { return 0; }

 private:
  VectorXd y_;
};

// Breslow partial likelihood; rows pre-sorted by time so risk sets are
// suffixes, tied times grouped.
class Cox : public Likelihood {
 public:
  explicit Cox(const stats::SurvivalData& data) : n_(data.size()), order_(n_) {
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return data.time[a] < data.time[b]; });
    event_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) event_[i] = data.event[i];
    for (std::size_t s = 0; s < n_;) {  // blocks of tied times in sorted order
      std::size_t e = s;
      while (e < n_ && data.time[order_[e]] == data.time[order_[s]]) ++e;
      double d = 0;
      for (std::size_t k = s; k < e; ++k) d += event_[order_[k]];
      blocks_.push_back({s, e, d});
      s = e;
    }
  }
  bool intercept() const override { return false; }
  double LogLik(const VectorXd& eta) const override {
    double ll = 0;
    const std::vector<double> risk = RiskSums(eta);
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      if (blocks_[b].deaths == 0) continue;
      for (std::size_t k = blocks_[b].start; k < blocks_[b].end; ++k) ll += event_[order_[k]] * eta(static_cast<Eigen::Index>(order_[k]));
      ll -= blocks_[b].deaths * std::log(risk[b]);
    }
    return ll;
  }
  void Quadratic(const VectorXd& eta, VectorXd& g, VectorXd& w) const override {
    const std::vector<double> risk = RiskSums(eta);
    const double n = static_cast<double>(n_);
    double a = 0, b2 = 0;  // sums over event times up to now of d/S and d/S^2
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      if (blocks_[b].deaths > 0) {
        a += blocks_[b].deaths / risk[b];
        b2 += blocks_[b].deaths / (risk[b] * risk[b]);
      }
      for (std::size_t k = blocks_[b].start; k < blocks_[b].end; ++k) {
        const auto i = static_cast<Eigen::Index>(order_[k]);
        const double e = std::exp(eta(i));
        g(i) = (event_[order_[k]] - e * a) / n;
        w(i) = (e * a - e * e * b2) / n;
      }
    }
  }
  // Each tied death set taking all the risk: -sum d_k log d_k.
  double Saturated() const override {
    double s = 0;
    for (const Block& b : blocks_) if (b.deaths > 0) s -= b.deaths * std::log(b.deaths);
    return s;
  }

 private:
  struct Block {
    std::size_t start, end;
    double deaths;
  };
  // Sum of exp(eta) over the risk set of each block (times >= its time).
  std::vector<double> RiskSums(const VectorXd& eta) const {
    std::vector<double> risk(blocks_.size());
    double s = 0;
    for (std::size_t b = blocks_.size(); b-- > 0;) {
      for (std::size_t k = blocks_[b].start; k < blocks_[b].end; ++k) s += std::exp(eta(static_cast<Eigen::Index>(order_[k])));
      risk[b] = s;
    }
    return risk;
  }
  std::size_t n_;
  std::vector<std::size_t> order_;
  std::vector<double> event_;
  std::vector<Block> blocks_;
};

double SoftThreshold(double u, double t) { return u > t ? u - t : (u < -t ? u + t : 0.0); }

// Proximal Newton with coordinate descent on the standardised scale.
class Solver {
 public:
  Solver(const MatrixXd& x, const Likelihood& lik, const PathOptions& o)
      : x_(x), lik_(lik), o_(o), n_(x.rows()), p_(x.cols()), beta_(VectorXd::Zero(p_)), eta_(VectorXd::Zero(n_)),
        g_(n_), w_(n_), rr_(n_), xv_(p_) {}

  void SetIntercept(double b0) {
    b0_ = b0;
    eta_.setConstant(b0);
  }
  double b0() const { return b0_; }
  const VectorXd& beta() const { return beta_; }
  const VectorXd& eta() const { return eta_; }
  int passes() const { return passes_; }

  // Gradient of the mean log-likelihood for every feature at the current fit.
  VectorXd FullGradient() {
    lik_.Quadratic(eta_, g_, w_);
    return x_.transpose() * g_;
  }

  // Minimises the penalised objective at `lambda` over the features in `in`.
  void Solve(double lambda, const std::vector<Eigen::Index>& in, double thr) {
    const double l1 = lambda * o_.alpha, l2 = lambda * (1 - o_.alpha);
    for (int outer = 0; outer < 1000; ++outer) {
      lik_.Quadratic(eta_, g_, w_);
      rr_ = g_;  // = w (z - eta) at the expansion point
      for (Eigen::Index j : in) xv_(j) = x_.col(j).cwiseAbs2().dot(w_);
      start_ = beta_;
      const double max_change = InnerLoop(in, l1, l2, thr);
      // eta is needed only at the next expansion point: one update per
      // changed coefficient here instead of one per coordinate step.
      for (Eigen::Index j : in) {
        if (beta_(j) != start_(j)) eta_.noalias() += (beta_(j) - start_(j)) * x_.col(j);
      }
      if (max_change < thr) return;
    }
    throw Error(ErrorCode::kFailedPrecondition, fmt::format("no convergence at lambda {}", lambda));
  }

 private:
  double Update(Eigen::Index j, double l1, double l2) {
    const double old = beta_(j);
    const double u = x_.col(j).dot(rr_) + xv_(j) * old;
    const double now = SoftThreshold(u, l1) / (xv_(j) + l2);
    if (now == old) return 0;
    const double delta = now - old;
    beta_(j) = now;
    rr_.noalias() -= delta * x_.col(j).cwiseProduct(w_);
    return xv_(j) * delta * delta;
  }
  double UpdateIntercept() {
    if (!lik_.intercept()) return 0;
    const double sw = w_.sum();
    const double delta = rr_.sum() / sw;
    b0_ += delta;
    rr_.noalias() -= delta * w_;
    eta_.array() += delta;
    return sw * delta * delta;
  }
  // Cycles over `in`, then over the non-zero ones until they settle, then
  // again over `in` (glmnet's active-set iteration). Returns the largest
  // weighted squared change of the first pass.
  double InnerLoop(const std::vector<Eigen::Index>& in, double l1, double l2, double thr) {
    double first = -1;
    for (int iteration = 0; iteration < o_.max_iterations; ++iteration) {
      double dlx = UpdateIntercept();
      std::vector<Eigen::Index> nonzero;
      for (Eigen::Index j : in) {
        dlx = std::max(dlx, Update(j, l1, l2));
        if (beta_(j) != 0) nonzero.push_back(j);
      }
      ++passes_;
      if (first < 0) first = dlx;
      if (dlx < thr) return first;
      for (int inner = 0; inner < o_.max_iterations; ++inner) {
        double d = UpdateIntercept();
        for (Eigen::Index j : nonzero) d = std::max(d, Update(j, l1, l2));
        ++passes_;
        if (d < thr) break;
      }
    }
    throw Error(ErrorCode::kFailedPrecondition, "coordinate descent did not converge (max_iterations)");
  }

  const MatrixXd& x_;
  const Likelihood& lik_;
  const PathOptions& o_;
  Eigen::Index n_, p_;
  VectorXd beta_, eta_, g_, w_, rr_, xv_;
  VectorXd start_;  // beta at the current expansion point (eta is brought up to date after each inner loop)
  double b0_ = 0;
  int passes_ = 0;
};

std::vector<double> LambdaSequence(double lambda_max, std::size_t n, std::size_t p, const PathOptions& o) {
  if (!o.lambda.empty()) return o.lambda;
  const double ratio = o.lambda_min_ratio > 0 ? o.lambda_min_ratio : (n > p ? 1e-4 : 1e-2);
  std::vector<double> out;
  for (int k = 0; k < o.nlambda; ++k) {
    out.push_back(lambda_max * std::exp(std::log(ratio) * k / (o.nlambda - 1)));
  }
  return out;
}

void Check(const MatrixXd& x, std::size_t rows, const std::vector<std::string>& features, const PathOptions& o) {
  if (static_cast<std::size_t>(x.rows()) != rows || static_cast<std::size_t>(x.cols()) != features.size()) {
    throw Error(ErrorCode::kInvalidArgument, "elastic net: x, outcome and feature names disagree in size");
  }
  if (x.rows() < 2 || x.cols() < 1) throw Error(ErrorCode::kInvalidArgument, "elastic net: need 2 rows and 1 feature");
  if (!x.allFinite()) throw Error(ErrorCode::kInvalidArgument, "elastic net: x has missing or infinite values");
  if (!(o.alpha > 0 && o.alpha <= 1)) throw Error(ErrorCode::kInvalidArgument, "alpha must be in (0, 1]");
  if (o.lambda.empty() && o.nlambda < 2) throw Error(ErrorCode::kInvalidArgument, "nlambda must be >= 2");
  if (!(o.thresh > 0)) throw Error(ErrorCode::kInvalidArgument, "thresh must be > 0");
}

Path RunPath(const MatrixXd& x_raw, const Likelihood& lik, const std::vector<std::string>& features,
             const PathOptions& o, Family family, double b0_null) {
  const Scaled s = Standardize(x_raw, o.standardize);
  Solver solver(s.x, lik, o);
  solver.SetIntercept(b0_null);
  const double ll_null = lik.LogLik(solver.eta());
  const double null_dev = 2 * (lik.Saturated() - ll_null);
  VectorXd grad = solver.FullGradient();
  const double lambda_max = grad.cwiseAbs().maxCoeff() / std::max(o.alpha, 1e-3);
  Path path;
  path.family = family;
  path.features = features;
  path.n = static_cast<std::size_t>(x_raw.rows());
  path.null_deviance = null_dev;
  const std::vector<double> lambdas = LambdaSequence(lambda_max, path.n, features.size(), o);
  const double thr = o.thresh * null_dev / static_cast<double>(path.n);
  const Eigen::Index p = s.x.cols();
  // Features cycled at a lambda: those ever non-zero along the path plus
  // this lambda's strong set (recomputed at every lambda, so a feature that
  // was strong once but never entered is not cycled for the rest of the
  // path), plus any KKT violator found after the fit.
  std::vector<char> ever(static_cast<std::size_t>(p), 0), active(static_cast<std::size_t>(p), 0);
  double previous_lambda = lambda_max;
  for (std::size_t k = 0; k < lambdas.size(); ++k) {
    const double lambda = lambdas[k];
    // Sequential strong rule: keep j when |g_j| >= alpha (2 lambda - lambda_prev).
    for (Eigen::Index j = 0; j < p; ++j) {
      const auto u = static_cast<std::size_t>(j);
      ever[u] = active[u] || std::abs(grad(j)) >= o.alpha * (2 * lambda - previous_lambda);
    }
    // At lambda_max the solution is exactly zero (glmnet's first point).
    for (; k > 0 || o.lambda.size() > 0;) {
      std::vector<Eigen::Index> in;
      for (Eigen::Index j = 0; j < p; ++j) if (ever[static_cast<std::size_t>(j)]) in.push_back(j);
      solver.Solve(lambda, in, thr);
      grad = solver.FullGradient();
      bool violated = false;
      for (Eigen::Index j = 0; j < p; ++j) {
        if (!ever[static_cast<std::size_t>(j)] && std::abs(grad(j)) > o.alpha * lambda) {
          ever[static_cast<std::size_t>(j)] = 1;
          violated = true;
        }
      }
      if (!violated) break;
    }
    previous_lambda = lambda;
    const double dev = 2 * (lik.Saturated() - lik.LogLik(solver.eta()));
    std::vector<double> beta(static_cast<std::size_t>(p));
    double a0 = solver.b0(), df = 0;
    for (Eigen::Index j = 0; j < p; ++j) {
      if (solver.beta()(j) != 0) active[static_cast<std::size_t>(j)] = 1;
      beta[static_cast<std::size_t>(j)] = solver.beta()(j) / s.sd(j);
      a0 -= beta[static_cast<std::size_t>(j)] * s.mean(j);
      if (solver.beta()(j) != 0) ++df;
    }
    path.lambda.push_back(lambda);
    path.df.push_back(df);
    path.dev_ratio.push_back(1 - dev / null_dev);
    if (family == Family::kBinomial) path.a0.push_back(a0);
    path.beta.push_back(std::move(beta));
    const std::size_t m = path.lambda.size();
    if (o.early_stop && o.lambda.empty() && static_cast<int>(m) >= kMinLambdas) {
      if (path.dev_ratio[m - 1] > kDevMax) break;
      // Binomial: one-step absolute gain; Cox (Fortran coxnet): relative
      // gain over the last mnlam - 1 steps with fdev * 100.
      const std::vector<double>& r = path.dev_ratio;
      if (family == Family::kBinomial && r[m - 1] - r[m - 2] < kFdev) break;
      if (family == Family::kCox && (r[m - 1] - r[m - kMinLambdas]) / r[m - 1] < 100 * kFdev) break;
    }
  }
  path.passes = solver.passes();
  return path;
}

}  // namespace

Family ParseFamily(const std::string& text) {
  if (text == "binomial") return Family::kBinomial;
  if (text == "cox") return Family::kCox;
  throw UsageError(fmt::format("--family {}: expected binomial or cox", text));
}

Path FitBinomialPath(const MatrixXd& x, const std::vector<double>& y, const std::vector<std::string>& features,
                     const PathOptions& options) {
  Check(x, y.size(), features, options);
  double ones = 0;
  for (double v : y) {
    if (v != 0 && v != 1) throw Error(ErrorCode::kInvalidArgument, "binomial outcome must be 0 or 1");
    ones += v;
  }
  const double ybar = ones / static_cast<double>(y.size());
  if (ones == 0 || ybar == 1) throw Error(ErrorCode::kFailedPrecondition, "binomial outcome has one class only");
  const Binomial lik(y);
  return RunPath(x, lik, features, options, Family::kBinomial, std::log(ybar / (1 - ybar)));
}

Path FitCoxPath(const MatrixXd& x, const stats::SurvivalData& data, const std::vector<std::string>& features,
                const PathOptions& options) {
  data.Validate();
  Check(x, data.size(), features, options);
  if (std::none_of(data.event.begin(), data.event.end(), [](int e) { return e == 1; })) {
    throw Error(ErrorCode::kFailedPrecondition, "Cox model needs at least one event");
  }
  const Cox lik(data);
  return RunPath(x, lik, features, options, Family::kCox, 0);
}

double KktViolation(const MatrixXd& x, const std::vector<double>& y, const stats::SurvivalData* survival,
                    const Path& path, std::size_t k, double alpha) {
  const Scaled s = Standardize(x, true);
  VectorXd b(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) b(j) = path.beta[k][static_cast<std::size_t>(j)] * s.sd(j);
  VectorXd eta = x * Eigen::Map<const VectorXd>(path.beta[k].data(), x.cols());
  if (path.family == Family::kBinomial) eta.array() += path.a0[k];
  VectorXd g(x.rows()), w(x.rows());
  if (survival) Cox(*survival).Quadratic(eta, g, w);
  else Binomial(y).Quadratic(eta, g, w);
  const VectorXd grad = s.x.transpose() * g;
  const double lambda = path.lambda[k];
  double worst = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double r = grad(j) - lambda * (1 - alpha) * b(j);
    const double v = b(j) == 0 ? std::max(0.0, std::abs(r) - lambda * alpha) : std::abs(r - lambda * alpha * (b(j) > 0 ? 1 : -1));
    worst = std::max(worst, v / lambda);
  }
  return worst;
}

std::vector<double> LinearPredictor(const Path& path, std::size_t k, const MatrixXd& x) {
  std::vector<double> out(static_cast<std::size_t>(x.rows()), path.family == Family::kBinomial ? path.a0[k] : 0.0);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) out[static_cast<std::size_t>(i)] += x(i, j) * path.beta[k][static_cast<std::size_t>(j)];
  }
  return out;
}

nlohmann::json Path::ToJson() const {
  nlohmann::json b = nlohmann::json::object();
  for (std::size_t j = 0; j < features.size(); ++j) {
    std::vector<double> col;
    for (const auto& row : beta) col.push_back(row[j]);
    b[features[j]] = col;
  }
  nlohmann::json j = {{"family", family == Family::kBinomial ? "binomial" : "cox"},
                      {"n", n},
                      {"lambda", lambda},
                      {"df", df},
                      {"dev_ratio", dev_ratio},
                      {"null_deviance", null_deviance},
                      {"beta", b}};
  if (family == Family::kBinomial) j["a0"] = a0;
  return j;
}

}  // namespace pioneer::models
