// Elastic-net paths as glmnet (see glmnet.h).
#include "pioneer/models/glmnet.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "cox_kernel.h"
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

// Rows of x in the order `rows`; -1 stands for a row of zeros (padding).
MatrixXd Reordered(const MatrixXd& x, const std::vector<Eigen::Index>& rows) {
  MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (std::size_t r = 0; r < rows.size(); ++r)
      out(static_cast<Eigen::Index>(r), j) = rows[r] < 0 ? 0.0 : x(rows[r], j);
  }
  return out;
}

// Weighted (1/n) mean and standard deviation, as glmnet's standard(); the
// rows of the copy in the order `rows` (the likelihood's).
Scaled Standardize(const MatrixXd& x, bool standardize, const std::vector<Eigen::Index>& rows) {
  Scaled s{Reordered(x, rows), x.colwise().mean().transpose(), VectorXd::Ones(x.cols())};
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (rows[r] >= 0) s.x(static_cast<Eigen::Index>(r), j) -= s.mean(j);
    if (!standardize) continue;
    const double sd =
        std::sqrt((x.col(j).array() - s.mean(j)).square().sum() / static_cast<double>(x.rows()));
    if (sd == 0)
      throw Error(ErrorCode::kInvalidArgument, fmt::format("feature {} is constant", j + 1));
    s.sd(j) = sd;
    s.x.col(j) /= sd;
  }
  return s;
}

// The log-likelihood side of a family, as a function of the linear
// predictor eta, and its quadratic model at an expansion point: with g the
// gradient and -H the Hessian of the mean log-likelihood there, the model's
// gradient after a change d of eta is g - H d. The coordinate descent sees
// only directions x (columns of the design, or ones for the intercept).
class Likelihood {
 public:
  virtual ~Likelihood() = default;
  virtual bool intercept() const = 0;
  virtual std::size_t observations() const = 0;
  // The order in which the likelihood takes the rows of x and eta (-1: a
  // padding row of zeros).
  virtual std::vector<Eigen::Index> RowOrder(std::size_t n) const {
    std::vector<Eigen::Index> rows(n);
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
  }
  virtual double LogLik(const VectorXd& eta) const = 0;
  virtual double Saturated() const = 0;
  // Sets the expansion point (d = 0) and returns the gradient g.
  virtual const VectorXd& Expand(const VectorXd& eta) = 0;
  // x'Hx.
  virtual double Curvature(const double* x) const = 0;
  // x'(g - H d) at the current change d; `next`: the direction the caller
  // will ask for next (a hint to fetch it into the cache).
  virtual double ModelGradient(const double* x, const double* next) = 0;
  // d += delta x; must follow ModelGradient(x) for the same x, and x must
  // stay valid until the next ModelGradient (Cox applies it there).
  virtual void Step(double delta, const double* x) = 0;
};

// H = diag(w): the model gradient r = g - w d is kept as a vector.
class Binomial : public Likelihood {
 public:
  explicit Binomial(const std::vector<double>& y)
      : y_(Eigen::Map<const VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()))),
        g_(y_.size()),
        w_(y_.size()) {}
  bool intercept() const override { return true; }
  std::size_t observations() const override { return static_cast<std::size_t>(y_.size()); }
  double LogLik(const VectorXd& eta) const override {
    double ll = 0;
    for (Eigen::Index i = 0; i < eta.size(); ++i)
      ll += y_(i) * eta(i) - std::log1p(std::exp(eta(i)));
    return ll;
  }
  double Saturated() const override { return 0; }
  const VectorXd& Expand(const VectorXd& eta) override {
    const double n = static_cast<double>(eta.size());
    for (Eigen::Index i = 0; i < eta.size(); ++i) {
      const double p = 1 / (1 + std::exp(-eta(i)));
      g_(i) = (y_(i) - p) / n;
      w_(i) = std::max(p * (1 - p), 1e-5 * (1 - 1e-5)) / n;  // glmnet's pmin floor
    }
    r_ = g_;
    return g_;
  }
  double Curvature(const double* x) const override { return Column(x).cwiseAbs2().dot(w_); }
  double ModelGradient(const double* x, const double*) override { return Column(x).dot(r_); }
  void Step(double delta, const double* x) override {
    r_.noalias() -= delta * Column(x).cwiseProduct(w_);
  }

 private:
  Eigen::Map<const VectorXd> Column(const double* x) const { return {x, y_.size()}; }
  VectorXd y_, g_, w_, r_;
};

// Breslow partial likelihood on rows in time order (RowOrder()), so that
// risk sets are suffixes of the rows.
//
// With e = exp(eta), S_b the sum of e over the risk set of tied-time block
// b, d_b its deaths and A_i the sum of d_b / S_b over the blocks up to row
// i's, the Hessian of the negative mean log-likelihood in eta is
//   H = diag(w) - sum_b c_b t_b t_b',  w = e A / n,  c_b = d_b / (n S_b^2),
// where t_b is e on the risk set of b and 0 elsewhere. glmnet keeps only
// the diagonal of H, and its Newton steps crawl near the saturated end of a
// p >> n path (over 100 steps per lambda); with the full H two or three
// steps suffice. The risk-set term costs one running sum over the rows per
// coordinate: x'(g - H d) = x'(g - w d) + sum_b c_b T_b(x) T_b(d), with
// T_b(v) = t_b'v the suffix sum of e v at the first row of b.
class Cox : public Likelihood {
 public:
  explicit Cox(const stats::SurvivalData& data)
      : n_(data.size()), steps_(cox_kernel::Steps(n_)), order_(n_), position_(n_) {
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::size_t a, std::size_t b) { return data.time[a] < data.time[b]; });
    event_.resize(n_);
    for (std::size_t k = 0; k < n_; ++k) {
      event_[k] = data.event[order_[k]];
      position_[k] = static_cast<Eigen::Index>(cox_kernel::Position(k, steps_));
    }
    for (std::size_t s = 0; s < n_;) {  // blocks of tied times
      std::size_t e = s;
      while (e < n_ && data.time[order_[e]] == data.time[order_[s]]) ++e;
      double d = 0;
      for (std::size_t k = s; k < e; ++k) d += event_[k];
      blocks_.push_back({s, e, d});
      s = e;
    }
    const auto size = static_cast<Eigen::Index>(steps_ * cox_kernel::kLanes);
    for (VectorXd* v : {&g_, &w_, &e_, &c_}) v->setZero(size);
  }
  bool intercept() const override { return false; }
  std::size_t observations() const override { return n_; }
  // Time order, interleaved for the kernels (cox_kernel.h).
  std::vector<Eigen::Index> RowOrder(std::size_t) const override {
    std::vector<Eigen::Index> rows(steps_ * cox_kernel::kLanes, -1);
    for (std::size_t k = 0; k < n_; ++k)
      rows[static_cast<std::size_t>(position_[k])] = static_cast<Eigen::Index>(order_[k]);
    return rows;
  }
  double LogLik(const VectorXd& eta) const override {
    double ll = 0, s = 0;
    for (std::size_t b = blocks_.size(); b-- > 0;) {
      for (std::size_t k = blocks_[b].start; k < blocks_[b].end; ++k) {
        s += std::exp(eta(position_[k]));
        ll += event_[k] * eta(position_[k]);
      }
      if (blocks_[b].deaths > 0) ll -= blocks_[b].deaths * std::log(s);
    }
    return ll;
  }
  // Each tied death set taking all the risk: -sum d_b log d_b.
  double Saturated() const override {
    double s = 0;
    for (const Block& b : blocks_)
      if (b.deaths > 0) s -= b.deaths * std::log(b.deaths);
    return s;
  }
  const VectorXd& Expand(const VectorXd& eta) override {
    std::vector<double> risk(blocks_.size());
    double s = 0;
    for (std::size_t b = blocks_.size(); b-- > 0;) {
      for (std::size_t k = blocks_[b].start; k < blocks_[b].end; ++k)
        s += e_(position_[k]) = std::exp(eta(position_[k]));
      risk[b] = s;
    }
    const double n = static_cast<double>(n_);
    double a = 0;  // sum of d / S over the blocks so far
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      const double d = blocks_[b].deaths;
      if (d > 0) a += d / risk[b];
      c_(position_[blocks_[b].start]) =
          d / (risk[b] * risk[b] * n);  // c_b at the block's first row, 0 elsewhere
      for (std::size_t k = blocks_[b].start; k < blocks_[b].end; ++k) {
        const Eigen::Index i = position_[k];
        g_(i) = (event_[k] - e_(i) * a) / n;
        w_(i) = e_(i) * a / n;
      }
    }
    model_.Reset(e_.data(), w_.data(), c_.data(), g_.data(), steps_);
    return g_;
  }
  double Curvature(const double* x) const override { return model_.Curvature(x); }
  double ModelGradient(const double* x, const double* next) override {
    return model_.Gradient(x, next);
  }
  void Step(double delta, const double* x) override { model_.Step(delta, x); }

 private:
  struct Block {
    std::size_t start, end;  // in time order
    double deaths;
  };
  std::size_t n_, steps_;
  std::vector<std::size_t> order_;      // time order: row of the caller at k
  std::vector<Eigen::Index> position_;  // where time-order row k is stored
  std::vector<double> event_;           // in time order
  std::vector<Block> blocks_;
  // At the expansion point (stored layout, 0 on padding): g, w, e =
  // exp(eta), c (see above), and the quadratic model.
  VectorXd g_, w_, e_, c_;
  cox_kernel::Model model_;
};

double Penalty(double b, double l1, double l2) { return l1 * std::abs(b) + 0.5 * l2 * b * b; }

double SoftThreshold(double u, double t) { return u > t ? u - t : (u < -t ? u + t : 0.0); }

// Proximal Newton with coordinate descent on the standardised scale.
class Solver {
 public:
  Solver(const MatrixXd& x, Likelihood& lik, const PathOptions& o)
      : x_(x),
        lik_(lik),
        o_(o),
        n_(x.rows()),
        p_(x.cols()),
        beta_(VectorXd::Zero(p_)),
        eta_(VectorXd::Zero(n_)),
        ones_(VectorXd::Ones(n_)),
        xv_(p_) {}

  void SetIntercept(double b0) {
    b0_ = b0;
    eta_.setConstant(b0);
  }
  double b0() const { return b0_; }
  const VectorXd& beta() const { return beta_; }
  const VectorXd& eta() const { return eta_; }
  int passes() const { return passes_; }

  // Gradient of the mean log-likelihood for every feature at the current fit.
  VectorXd FullGradient() { return x_.transpose() * lik_.Expand(eta_); }

  // Minimises the penalised objective at `lambda` over the features in `in`.
  // Converged by glmnet's rule (a first pass that changes no coefficient by
  // more than thresh), one more Newton step is solved kPolish times tighter:
  // the coordinate-wise rule stops early along ill-conditioned directions
  // near saturation, where glmnet's many diagonal steps happen to get
  // further. With it pioneer's objective is at or below glmnet's at every
  // lambda of bench/models.sh.
  static constexpr double kPolish = 0.1;
  void Solve(double lambda, const std::vector<Eigen::Index>& in, double thr) {
    const double l1 = lambda * o_.alpha, l2 = lambda * (1 - o_.alpha);
    double inner_thr = thr;
    for (int outer = 0; outer < 1000; ++outer) {
      lik_.Expand(eta_);
      for (Eigen::Index j : in) xv_(j) = lik_.Curvature(x_.col(j).data());
      if (lik_.intercept()) xv0_ = lik_.Curvature(ones_.data());
      start_ = beta_;
      b0_start_ = b0_;
      const double f_start = Objective(in, l1, l2);
      const double max_change = InnerLoop(in, l1, l2, inner_thr);
      // eta is needed only at the next expansion point.
      const VectorXd eta_start = eta_;
      eta_ += ChangeOfEta(in);
      Backtrack(in, l1, l2, f_start, b0_start_, eta_start);
      if (inner_thr < thr) return;
      if (max_change < thr) inner_thr = kPolish * thr;
    }
    throw Error(ErrorCode::kFailedPrecondition, fmt::format("no convergence at lambda {}", lambda));
  }

 private:
  double Update(Eigen::Index j, Eigen::Index next, double l1, double l2) {
    const double old = beta_(j);
    const double u = lik_.ModelGradient(x_.col(j).data(), x_.col(next).data()) + xv_(j) * old;
    const double now = SoftThreshold(u, l1) / (xv_(j) + l2);
    if (now == old) return 0;
    const double delta = now - old;
    beta_(j) = now;
    lik_.Step(delta, x_.col(j).data());
    return xv_(j) * delta * delta;
  }
  // out += sum of coefficient * column, four columns per sweep over out.
  struct Term {
    Eigen::Index column;
    double coefficient;
  };
  void AddColumns(const std::vector<Term>& terms, VectorXd& out) const {
    std::size_t k = 0;
    for (; k + 4 <= terms.size(); k += 4) {
      const Term* t = &terms[k];
      out.noalias() +=
          t[0].coefficient * x_.col(t[0].column) + t[1].coefficient * x_.col(t[1].column) +
          t[2].coefficient * x_.col(t[2].column) + t[3].coefficient * x_.col(t[3].column);
    }
    for (; k < terms.size(); ++k) out.noalias() += terms[k].coefficient * x_.col(terms[k].column);
  }
  // The change of eta from the expansion point to the current fit.
  VectorXd ChangeOfEta(const std::vector<Eigen::Index>& in) const {
    std::vector<Term> terms;
    for (Eigen::Index j : in) {
      if (beta_(j) != start_(j)) terms.push_back({j, beta_(j) - start_(j)});
    }
    VectorXd d = VectorXd::Constant(n_, b0_ - b0_start_);
    AddColumns(terms, d);
    return d;
  }
  // Anderson acceleration of the coordinate descent passes over a fixed set
  // (Bertrand & Massias 2021, AISTATS, PMLR 130:1288): from the last
  // kAnderson + 1 iterates, the affine combination with the smallest
  // combined step; taken only when it lowers the inner objective.
  static constexpr int kAnderson = 5;
  void Extrapolate(const std::vector<Eigen::Index>& set, std::vector<VectorXd>& history, double l1,
                   double l2) {
    VectorXd now(static_cast<Eigen::Index>(set.size()));
    for (std::size_t k = 0; k < set.size(); ++k) now(static_cast<Eigen::Index>(k)) = beta_(set[k]);
    history.push_back(std::move(now));
    if (history.size() < kAnderson + 1) return;
    MatrixXd u(history.back().size(), kAnderson);
    for (int k = 0; k < kAnderson; ++k) u.col(k) = history[k + 1] - history[k];
    const VectorXd z = (u.transpose() * u).ldlt().solve(VectorXd::Ones(kAnderson));
    VectorXd trial = VectorXd::Zero(history.back().size());
    for (int k = 0; k < kAnderson; ++k) trial += (z(k) / z.sum()) * history[k + 1];
    const VectorXd current = std::move(history.back());
    history.clear();
    if (!trial.allFinite()) return;
    // The inner objective changes by -r'D + D'HD/2 + the penalty's change,
    // where D = X (trial - current) and r is the model's gradient.
    std::vector<Term> terms;
    double penalty = 0;
    for (std::size_t k = 0; k < set.size(); ++k) {
      const auto i = static_cast<Eigen::Index>(k);
      if (trial(i) == current(i)) continue;
      terms.push_back({set[k], trial(i) - current(i)});
      penalty += Penalty(trial(i), l1, l2) - Penalty(current(i), l1, l2);
    }
    VectorXd& change = extrapolated_;  // outlives this call: Step may read it later
    change.setZero(n_);
    AddColumns(terms, change);
    const double gain = lik_.ModelGradient(change.data(), change.data()) -
                        0.5 * lik_.Curvature(change.data()) - penalty;
    if (!(gain > 0)) return;
    lik_.Step(1, change.data());
    for (std::size_t k = 0; k < set.size(); ++k)
      beta_(set[k]) = trial(static_cast<Eigen::Index>(k));
  }
  double UpdateIntercept() {
    if (!lik_.intercept()) return 0;
    const double delta = lik_.ModelGradient(ones_.data(), ones_.data()) / xv0_;
    b0_ += delta;
    lik_.Step(delta, ones_.data());
    return xv0_ * delta * delta;
  }
  // Penalised objective: -(1/n) log-likelihood + penalty (beta is zero outside `in`).
  double Objective(const std::vector<Eigen::Index>& in, double l1, double l2) const {
    double penalty = 0;
    for (Eigen::Index j : in) penalty += Penalty(beta_(j), l1, l2);
    return -lik_.LogLik(eta_) / static_cast<double>(lik_.observations()) + penalty;
  }
  // A full Newton step can overshoot where the quadratic model is poor
  // (Cox near saturation): halve it until the objective does not rise
  // beyond rounding (Lee, Sun & Saunders 2014, SIAM J Optim 24:1420).
  void Backtrack(const std::vector<Eigen::Index>& in, double l1, double l2, double f_start,
                 double b0_start, const VectorXd& eta_start) {
    const double slack = 1e-12 * std::max(1.0, std::abs(f_start));
    for (int halving = 0; halving < 40 && Objective(in, l1, l2) > f_start + slack; ++halving) {
      for (Eigen::Index j : in) beta_(j) = 0.5 * (beta_(j) + start_(j));
      b0_ = 0.5 * (b0_ + b0_start);
      eta_ = 0.5 * (eta_ + eta_start);
    }
  }
  // Cycles over `in`, then over the non-zero ones until they settle, then
  // again over `in` (glmnet's active-set iteration). Returns the largest
  // weighted squared change of the first pass.
  double InnerLoop(const std::vector<Eigen::Index>& in, double l1, double l2, double thr) {
    double first = -1;
    for (int iteration = 0; iteration < o_.max_iterations; ++iteration) {
      double dlx = UpdateIntercept();
      std::vector<Eigen::Index> nonzero;
      for (std::size_t k = 0; k < in.size(); ++k) {
        dlx = std::max(dlx, Update(in[k], in[k + 1 < in.size() ? k + 1 : 0], l1, l2));
        if (beta_(in[k]) != 0) nonzero.push_back(in[k]);
      }
      ++passes_;
      if (first < 0) first = dlx;
      if (dlx < thr) return first;
      std::vector<VectorXd> history;
      for (int inner = 0; inner < o_.max_iterations; ++inner) {
        double d = UpdateIntercept();
        for (std::size_t k = 0; k < nonzero.size(); ++k) {
          d = std::max(d, Update(nonzero[k], nonzero[k + 1 < nonzero.size() ? k + 1 : 0], l1, l2));
        }
        ++passes_;
        if (d < thr) break;
        Extrapolate(nonzero, history, l1, l2);
      }
    }
    throw Error(ErrorCode::kFailedPrecondition,
                "coordinate descent did not converge (max_iterations)");
  }

  const MatrixXd& x_;
  Likelihood& lik_;
  const PathOptions& o_;
  Eigen::Index n_, p_;
  VectorXd beta_, eta_, ones_, xv_;
  double xv0_ = 0;         // the intercept's curvature
  VectorXd extrapolated_;  // the change of eta of the last Anderson step
  VectorXd start_;         // beta at the expansion point
  double b0_ = 0, b0_start_ = 0;
  int passes_ = 0;
};

std::vector<double> LambdaSequence(double lambda_max, std::size_t n, std::size_t p,
                                   const PathOptions& o) {
  if (!o.lambda.empty()) return o.lambda;
  const double ratio = o.lambda_min_ratio > 0 ? o.lambda_min_ratio : (n > p ? 1e-4 : 1e-2);
  std::vector<double> out;
  for (int k = 0; k < o.nlambda; ++k) {
    out.push_back(lambda_max * std::exp(std::log(ratio) * k / (o.nlambda - 1)));
  }
  return out;
}

void Check(const MatrixXd& x, std::size_t rows, const std::vector<std::string>& features,
           const PathOptions& o) {
  if (static_cast<std::size_t>(x.rows()) != rows ||
      static_cast<std::size_t>(x.cols()) != features.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                "elastic net: x, outcome and feature names disagree in size");
  }
  if (x.rows() < 2 || x.cols() < 1)
    throw Error(ErrorCode::kInvalidArgument, "elastic net: need 2 rows and 1 feature");
  if (!x.allFinite())
    throw Error(ErrorCode::kInvalidArgument, "elastic net: x has missing or infinite values");
  if (!(o.alpha > 0 && o.alpha <= 1))
    throw Error(ErrorCode::kInvalidArgument, "alpha must be in (0, 1]");
  if (o.lambda.empty() && o.nlambda < 2)
    throw Error(ErrorCode::kInvalidArgument, "nlambda must be >= 2");
  if (!(o.thresh > 0)) throw Error(ErrorCode::kInvalidArgument, "thresh must be > 0");
}

Path RunPath(const MatrixXd& x_raw, Likelihood& lik, const std::vector<std::string>& features,
             const PathOptions& o, Family family, double b0_null) {
  const Scaled s =
      Standardize(x_raw, o.standardize, lik.RowOrder(static_cast<std::size_t>(x_raw.rows())));
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
      for (Eigen::Index j = 0; j < p; ++j)
        if (ever[static_cast<std::size_t>(j)]) in.push_back(j);
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
  return core::ParseEnum(kFamilyNames, text, "family");
}

Path FitBinomialPath(const MatrixXd& x, const std::vector<double>& y,
                     const std::vector<std::string>& features, const PathOptions& options) {
  Check(x, y.size(), features, options);
  double ones = 0;
  for (double v : y) {
    if (v != 0 && v != 1)
      throw Error(ErrorCode::kInvalidArgument, "binomial outcome must be 0 or 1");
    ones += v;
  }
  const double ybar = ones / static_cast<double>(y.size());
  if (ones == 0 || ybar == 1)
    throw Error(ErrorCode::kFailedPrecondition, "binomial outcome has one class only");
  Binomial lik(y);
  return RunPath(x, lik, features, options, Family::kBinomial, std::log(ybar / (1 - ybar)));
}

Path FitCoxPath(const MatrixXd& x, const stats::SurvivalData& data,
                const std::vector<std::string>& features, const PathOptions& options) {
  data.Validate();
  Check(x, data.size(), features, options);
  if (std::none_of(data.event.begin(), data.event.end(), [](int e) { return e == 1; })) {
    throw Error(ErrorCode::kFailedPrecondition, "Cox model needs at least one event");
  }
  Cox lik(data);
  return RunPath(x, lik, features, options, Family::kCox, 0);
}

double KktViolation(const MatrixXd& x, const std::vector<double>& y,
                    const stats::SurvivalData* survival, const Path& path, std::size_t k,
                    double alpha) {
  std::unique_ptr<Likelihood> lik;
  if (survival)
    lik = std::make_unique<Cox>(*survival);
  else
    lik = std::make_unique<Binomial>(y);
  const std::vector<Eigen::Index> rows = lik->RowOrder(static_cast<std::size_t>(x.rows()));
  const Scaled s = Standardize(x, true, rows);
  VectorXd b(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    b(j) = path.beta[k][static_cast<std::size_t>(j)] * s.sd(j);
  VectorXd eta = Reordered(x, rows) * Eigen::Map<const VectorXd>(path.beta[k].data(), x.cols());
  if (path.family == Family::kBinomial) eta.array() += path.a0[k];
  const VectorXd& g = lik->Expand(eta);
  const VectorXd grad = s.x.transpose() * g;
  const double lambda = path.lambda[k];
  double worst = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double r = grad(j) - lambda * (1 - alpha) * b(j);
    const double v = b(j) == 0 ? std::max(0.0, std::abs(r) - lambda * alpha)
                               : std::abs(r - lambda * alpha * (b(j) > 0 ? 1 : -1));
    worst = std::max(worst, v / lambda);
  }
  return worst;
}

std::vector<double> LinearPredictor(const Path& path, std::size_t k, const MatrixXd& x) {
  std::vector<double> out(static_cast<std::size_t>(x.rows()),
                          path.family == Family::kBinomial ? path.a0[k] : 0.0);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      out[static_cast<std::size_t>(i)] += x(i, j) * path.beta[k][static_cast<std::size_t>(j)];
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
  nlohmann::json j = {{"family", std::string(core::EnumName(kFamilyNames, family))},
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
