#include "pioneer/invivo/mixed_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "pioneer/stats/multiple_testing.h"

namespace pioneer::invivo {
namespace {

using Eigen::Matrix2d;
using Eigen::MatrixXd;
using Eigen::Vector2d;
using Eigen::Vector3d;
using Eigen::VectorXd;

// Per-animal sufficient statistics with Z = [1, day].
struct Block {
  Matrix2d ztz;
  MatrixXd ztx;  // 2 x p
  Vector2d zty;
};

struct Problem {
  std::vector<Block> blocks;
  MatrixXd xtx;
  VectorXd xty;
  double yty = 0;
  std::size_t n = 0, p = 0;
};

// Fixed-effect design row: (Intercept), day, arm_k, day:arm_k.
VectorXd DesignRow(double day, std::size_t arm, std::size_t k) {
  VectorXd x = VectorXd::Zero(static_cast<long>(2 * k));
  x(0) = 1;
  x(1) = day;
  if (arm > 0) {
    x(static_cast<long>(1 + arm)) = 1;
    x(static_cast<long>(k + arm)) = day;
  }
  return x;
}

Problem Build(const GrowthData& data, const std::vector<std::string>& arms) {
  Problem pr;
  const std::size_t k = arms.size();
  pr.p = 2 * k;
  const long p = static_cast<long>(pr.p);
  pr.xtx = MatrixXd::Zero(p, p);
  pr.xty = VectorXd::Zero(p);
  for (const Curve& c : data.curves) {
    const std::size_t arm =
        static_cast<std::size_t>(std::find(arms.begin(), arms.end(), c.arm) - arms.begin());
    Block b{Matrix2d::Zero(), MatrixXd::Zero(2, p), Vector2d::Zero()};
    for (std::size_t i = 0; i < c.size(); ++i) {
      const VectorXd x = DesignRow(c.day[i], arm, k);
      const double y = std::log(c.volume[i]);
      const Vector2d z(1.0, c.day[i]);
      b.ztz += z * z.transpose();
      b.ztx += z * x.transpose();
      b.zty += z * y;
      pr.xtx += x * x.transpose();
      pr.xty += x * y;
      pr.yty += y * y;
    }
    pr.n += c.size();
    pr.blocks.push_back(std::move(b));
  }
  return pr;
}

Matrix2d Lambda(const Vector3d& t) {
  Matrix2d l;
  l << t(0), 0, t(1), t(2);
  return l;
}

// Quantities at theta: A = X'V^-1 X, b = X'V^-1 y, q = y'V^-1 y, log|V|
// (V = I + Z Lambda Lambda' Z', per animal; Woodbury with M = I + L'Z'ZL).
struct Profile {
  MatrixXd a;
  VectorXd b;
  double q = 0, logdet_v = 0;
};

Profile Evaluate(const Problem& pr, const Vector3d& theta) {
  const Matrix2d l = Lambda(theta);
  Profile out{pr.xtx, pr.xty, pr.yty, 0};
  for (const Block& blk : pr.blocks) {
    const Matrix2d m = Matrix2d::Identity() + l.transpose() * blk.ztz * l;
    const Eigen::LLT<Matrix2d> llt(m);
    const MatrixXd u = l.transpose() * blk.ztx;  // 2 x p
    const Vector2d v = l.transpose() * blk.zty;
    const MatrixXd mu = llt.solve(u);
    const Vector2d mv = llt.solve(v);
    out.a.noalias() -= u.transpose() * mu;
    out.b.noalias() -= u.transpose() * mv;
    out.q -= v.dot(mv);
    const Matrix2d lm = llt.matrixL();
    out.logdet_v += 2 * (std::log(lm(0, 0)) + std::log(lm(1, 1)));
  }
  return out;
}

// Profiled REML deviance (-2 log restricted likelihood), lme4 eq. 41.
double Deviance(const Problem& pr, const Vector3d& theta) {
  const Profile f = Evaluate(pr, theta);
  const Eigen::LLT<MatrixXd> llt(f.a);
  if (llt.info() != Eigen::Success) return INFINITY;
  const VectorXd beta = llt.solve(f.b);
  const double r2 = f.q - beta.dot(f.b);
  const double dof = static_cast<double>(pr.n - pr.p);
  const MatrixXd lm = llt.matrixL();
  const double logdet_a = 2 * lm.diagonal().array().log().sum();
  return f.logdet_v + logdet_a + dof * (1 + std::log(2 * std::numbers::pi * r2 / dof));
}

struct Derivatives {
  Vector3d g;
  Eigen::Matrix3d h;
};

Derivatives FiniteDifferences(const Problem& pr, const Vector3d& t, double f0) {
  Derivatives d;
  const double h = 1e-4;
  auto f = [&](const Vector3d& x) { return Deviance(pr, x); };
  for (int i = 0; i < 3; ++i) {
    Vector3d e = Vector3d::Zero();
    e(i) = h;
    const double fp = f(t + e), fm = f(t - e);
    d.g(i) = (fp - fm) / (2 * h);
    d.h(i, i) = (fp - 2 * f0 + fm) / (h * h);
    for (int j = 0; j < i; ++j) {
      Vector3d e2 = Vector3d::Zero();
      e2(j) = h;
      d.h(i, j) = d.h(j, i) =
          (f(t + e + e2) - f(t + e - e2) - f(t - e + e2) + f(t - e - e2)) / (4 * h * h);
    }
  }
  return d;
}

// Newton steps with a positive-definite shift of the Hessian and a
// backtracking line search.
void Minimise(const Problem& pr, Vector3d& t, const MixedModelOptions& o, MixedModelResult& r) {
  double f = Deviance(pr, t);
  for (r.iterations = 0; r.iterations < o.max_iterations; ++r.iterations) {
    const Derivatives d = FiniteDifferences(pr, t, f);
    if (d.g.cwiseAbs().maxCoeff() < o.gradient_tolerance) {
      r.converged = true;
      r.stop_reason = "gradient below tolerance";
      return;
    }
    Eigen::Matrix3d h = d.h;
    double shift = 0;
    Eigen::LLT<Eigen::Matrix3d> llt(h);
    while (llt.info() != Eigen::Success ||
           llt.matrixL().toDenseMatrix().diagonal().minCoeff() <= 0) {
      shift = shift == 0 ? 1e-6 * (1 + h.diagonal().cwiseAbs().maxCoeff()) : shift * 10;
      llt.compute(d.h + shift * Eigen::Matrix3d::Identity());
    }
    const Vector3d step = -llt.solve(d.g);
    // Newton decrement g' H^-1 g: half the predicted deviance decrease, in
    // log-likelihood units whatever the size of the data.
    const double decrement = -d.g.dot(step);
    if (decrement < 1e-15) {
      r.converged = true;
      r.stop_reason = "Newton decrement below 1e-15";
      return;
    }
    double scale = 1;
    bool improved = false;
    for (int k = 0; k < 60; ++k, scale *= 0.5) {
      const Vector3d trial = t + scale * step;
      const double ft = Deviance(pr, trial);
      if (ft <= f) {
        improved = ft < f || scale == 1;
        t = trial;
        f = ft;
        break;
      }
    }
    if (!improved) {
      // No decrease at machine precision: converged as far as doubles allow.
      // Rounding of f (~1e-16 |f|) limits the finite differences: relative test.
      r.converged = decrement < 1e-9 * std::max(1.0, std::abs(f));
      r.stop_reason =
          r.converged ? "no further decrease (machine precision)" : "line search failed";
      return;
    }
  }
  r.stop_reason = "iteration limit";
}

Vector3d BestStart(const Problem& pr, const GrowthData& data) {
  double day_range = 1;
  double lo = INFINITY, hi = -INFINITY;
  for (const Curve& c : data.curves) {
    lo = std::min(lo, c.day.front());
    hi = std::max(hi, c.day.back());
  }
  if (hi > lo) day_range = hi - lo;
  Vector3d best(1, 0, 1.0 / day_range);
  double best_f = INFINITY;
  for (double a : {0.1, 0.3, 1.0, 3.0}) {
    for (double s : {0.03, 0.1, 0.3, 1.0, 3.0}) {
      const Vector3d t(a, 0, s / day_range);
      const double f = Deviance(pr, t);
      if (f < best_f) {
        best_f = f;
        best = t;
      }
    }
  }
  return best;
}

std::vector<std::string> ArmsControlFirst(const GrowthData& data, const std::string& control) {
  std::vector<std::string> arms = data.arms;
  if (!control.empty()) {
    const auto it = std::find(arms.begin(), arms.end(), control);
    if (it == arms.end())
      throw UsageError(fmt::format("control arm '{}' is not in the data", control));
    std::rotate(arms.begin(), it, it + 1);
  }
  return arms;
}

void FillFixed(const Problem& pr, const Vector3d& t, MixedModelResult& r) {
  const Profile f = Evaluate(pr, t);
  const Eigen::LLT<MatrixXd> llt(f.a);
  const VectorXd beta = llt.solve(f.b);
  const double dof = static_cast<double>(pr.n - pr.p);
  const double sigma2 = (f.q - beta.dot(f.b)) / dof;
  r.vcov = sigma2 * llt.solve(MatrixXd::Identity(f.a.rows(), f.a.cols()));
  r.sigma = std::sqrt(sigma2);
  const Matrix2d d = sigma2 * Lambda(t) * Lambda(t).transpose();
  r.sd_intercept = std::sqrt(d(0, 0));
  r.sd_slope = std::sqrt(d(1, 1));
  r.correlation = d(0, 1) / (r.sd_intercept * r.sd_slope);
  r.loglik_reml = -0.5 * Deviance(pr, t);
  const std::size_t k = r.arms.size();
  std::vector<std::string> names = {"(Intercept)", "day"};
  for (std::size_t a = 1; a < k; ++a) names.push_back("arm" + r.arms[a]);
  for (std::size_t a = 1; a < k; ++a) names.push_back("day:arm" + r.arms[a]);
  for (long i = 0; i < beta.size(); ++i) {
    Coefficient c;
    c.name = names[static_cast<std::size_t>(i)];
    c.estimate = beta(i);
    c.se = std::sqrt(r.vcov(i, i));
    c.z = c.estimate / c.se;
    c.p = 2 * stats::Pnorm(-std::abs(c.z));
    r.fixed.push_back(c);
  }
}

WaldTest Wald(const MixedModelResult& r, const MatrixXd& l, std::string term) {
  VectorXd beta(static_cast<long>(r.fixed.size()));
  for (std::size_t i = 0; i < r.fixed.size(); ++i) beta(static_cast<long>(i)) = r.fixed[i].estimate;
  const VectorXd lb = l * beta;
  const MatrixXd lvl = l * r.vcov * l.transpose();
  WaldTest w;
  w.term = std::move(term);
  w.df = static_cast<int>(l.rows());
  w.chisq = lb.dot(lvl.ldlt().solve(lb));
  w.p = stats::Pchisq(w.chisq, w.df, false);
  return w;
}

// Rows of the identity for coefficient indices.
MatrixXd Rows(const std::vector<long>& idx, long p) {
  MatrixXd m = MatrixXd::Zero(static_cast<long>(idx.size()), p);
  for (std::size_t i = 0; i < idx.size(); ++i) m(static_cast<long>(i), idx[i]) = 1;
  return m;
}

// car::Anova type II for a term with higher-order relatives: the part of
// span(term + relatives) conjugate-orthogonal (w.r.t. vcov) to the
// relatives (car's ConjComp, by G. Monette).
MatrixXd TypeIIHypothesis(const MatrixXd& relatives, const MatrixXd& with_term,
                          const MatrixXd& vcov) {
  const MatrixXd z = with_term.transpose();
  const MatrixXd x = relatives.transpose();
  const MatrixXd zipx = z.transpose() * vcov * x;
  Eigen::HouseholderQR<MatrixXd> qr(zipx);
  const MatrixXd q = qr.householderQ() * MatrixXd::Identity(zipx.rows(), zipx.rows());
  const long rank = x.cols();
  return (z * q.rightCols(q.cols() - rank)).transpose();
}

void TypeII(MixedModelResult& r) {
  const long k = static_cast<long>(r.arms.size());
  const long p = 2 * k;
  std::vector<long> arm_idx, inter_idx;
  for (long a = 1; a < k; ++a) {
    arm_idx.push_back(1 + a);
    inter_idx.push_back(k + a);
  }
  if (k < 2) {
    r.type2.push_back(Wald(r, Rows({1}, p), "day"));
    return;
  }
  const MatrixXd inter = Rows(inter_idx, p);
  std::vector<long> day_all = inter_idx, arm_all = inter_idx;
  day_all.push_back(1);
  arm_all.insert(arm_all.end(), arm_idx.begin(), arm_idx.end());
  r.type2.push_back(Wald(r, TypeIIHypothesis(inter, Rows(day_all, p), r.vcov), "day"));
  r.type2.push_back(Wald(r, TypeIIHypothesis(inter, Rows(arm_all, p), r.vcov), "arm"));
  r.type2.push_back(Wald(r, inter, "day:arm"));
}

void Slopes(MixedModelResult& r) {
  std::vector<double> p;
  for (const std::string& arm : r.arms) {
    const Contrast c = LinearContrast(r, SlopeWeights(r, arm), arm);
    r.arm_slopes[arm] = c.estimate;
    r.arm_slope_se[arm] = c.se;
  }
  for (std::size_t a = 0; a < r.arms.size(); ++a) {
    for (std::size_t b = a + 1; b < r.arms.size(); ++b) {
      const VectorXd w = SlopeWeights(r, r.arms[b]) - SlopeWeights(r, r.arms[a]);
      r.slope_contrasts.push_back(LinearContrast(r, w, r.arms[b] + " - " + r.arms[a]));
      p.push_back(r.slope_contrasts.back().p);
    }
  }
  const std::vector<double> adj = stats::AdjustPValues(p, stats::PAdjustMethod::kHolm);
  for (std::size_t i = 0; i < adj.size(); ++i) r.slope_contrasts[i].p_holm = adj[i];
}

}  // namespace

Eigen::VectorXd SlopeWeights(const MixedModelResult& fit, const std::string& arm) {
  const long k = static_cast<long>(fit.arms.size());
  VectorXd w = VectorXd::Zero(2 * k);
  w(1) = 1;
  const long a =
      static_cast<long>(std::find(fit.arms.begin(), fit.arms.end(), arm) - fit.arms.begin());
  if (a == k) throw UsageError(fmt::format("arm '{}' is not in the mixed model", arm));
  if (a > 0) w(k + a) = 1;
  return w;
}

Contrast LinearContrast(const MixedModelResult& fit, const Eigen::VectorXd& w, std::string label) {
  Contrast c;
  c.label = std::move(label);
  for (std::size_t i = 0; i < fit.fixed.size(); ++i)
    c.estimate += w(static_cast<long>(i)) * fit.fixed[i].estimate;
  c.se = std::sqrt(w.dot(fit.vcov * w));
  c.z = c.estimate / c.se;
  c.p = 2 * stats::Pnorm(-std::abs(c.z));
  c.p_holm = c.p;
  return c;
}

MixedModelResult FitGrowthMixedModel(const GrowthData& data, const MixedModelOptions& options) {
  RequirePositiveVolumes(data);
  MixedModelResult r;
  r.arms = ArmsControlFirst(data, options.control);
  const Problem pr = Build(data, r.arms);
  r.n_obs = pr.n;
  r.n_animals = pr.blocks.size();
  if (pr.n <= pr.p + 3 || r.n_animals < 3) {
    throw Error(
        ErrorCode::kFailedPrecondition,
        fmt::format("mixed model: {} measurements of {} animals are too few for {} fixed effects",
                    pr.n, r.n_animals, pr.p));
  }
  Vector3d t = BestStart(pr, data);
  Minimise(pr, t, options, r);
  // Lambda's columns are defined up to sign: report lme4's convention.
  if (t(0) < 0) t.head<2>() *= -1;
  if (t(2) < 0) t(2) *= -1;
  r.theta = t;
  FillFixed(pr, t, r);
  TypeII(r);
  Slopes(r);
  return r;
}

}  // namespace pioneer::invivo
