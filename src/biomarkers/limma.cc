// File: src/biomarkers/limma.cc
// limma 3.54 lmFit / eBayes / topTable (see limma.h). Formulas follow the R
// sources function by function (lm.series, squeezeVar, fitFDist,
// trigammaInverse, tmixture.vector, .ebayes, topTableF ordering).
#include "pioneer/biomarkers/limma.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/polygamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "pioneer/biomarkers/parallel.h"
#include "pioneer/core/error.h"
#include "pioneer/stats/multiple_testing.h"

namespace pioneer::biomarkers {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// R's quantile(type = 7).
double Quantile7(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Upper tail of Student's t (df may be +Inf: normal).
double UpperT(double t, double df) {
  if (!std::isfinite(df) || df > 1e300)
    return boost::math::cdf(boost::math::complement(boost::math::normal(), t));
  return boost::math::cdf(boost::math::complement(boost::math::students_t(df), t));
}
double UpperTQuantile(double p, double df) {
  if (!std::isfinite(df) || df > 1e300)
    return boost::math::quantile(boost::math::complement(boost::math::normal(), p));
  return boost::math::quantile(boost::math::complement(boost::math::students_t(df), p));
}

// Natural cubic spline basis with boundary knots at the range and df - 2
// interior knots at quantiles: the column space of splines::ns(x, df,
// intercept = TRUE), which is all a least-squares fit depends on. Truncated
// power form (Hastie, Tibshirani & Friedman, ESL eq. 5.4-5.5) on x rescaled
// to [0, 1] for conditioning.
Eigen::MatrixXd NaturalSplineBasis(const std::vector<double>& x, int df) {
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  const double lo = sorted.front(), hi = sorted.back();
  std::vector<double> knots{lo};
  const int interior = df - 2;
  for (int k = 1; k <= interior; ++k)
    knots.push_back(Quantile7(sorted, static_cast<double>(k) / (interior + 1)));
  knots.push_back(hi);
  for (double& k : knots) k = (k - lo) / (hi - lo);
  const std::size_t K = knots.size();
  auto cube = [](double v) { return v > 0 ? v * v * v : 0.0; };
  auto d = [&](std::size_t k, double u) {
    return (cube(u - knots[k]) - cube(u - knots[K - 1])) / (knots[K - 1] - knots[k]);
  };
  Eigen::MatrixXd basis(static_cast<Eigen::Index>(x.size()), static_cast<Eigen::Index>(K));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double u = (x[i] - lo) / (hi - lo);
    const auto r = static_cast<Eigen::Index>(i);
    basis(r, 0) = 1;
    basis(r, 1) = u;
    for (std::size_t k = 0; k + 2 < K; ++k)
      basis(r, static_cast<Eigen::Index>(k + 2)) = d(k, u) - d(K - 2, u);
  }
  return basis;
}

// tmixture.vector: prior variance of the non-null coefficients.
double TMixture(std::vector<double> tstat, const std::vector<double>& stdev_unscaled, double df,
                double proportion, double lim_low, double lim_high) {
  const std::size_t ngenes = tstat.size();
  const std::size_t ntarget =
      static_cast<std::size_t>(std::ceil(proportion / 2 * static_cast<double>(ngenes)));
  if (ntarget < 1) return std::numeric_limits<double>::quiet_NaN();
  const double p = std::max(static_cast<double>(ntarget) / static_cast<double>(ngenes), proportion);
  for (double& t : tstat) t = std::fabs(t);
  std::vector<std::size_t> order(ngenes);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tstat[a] > tstat[b]; });
  double sum = 0;
  for (std::size_t r = 0; r < ntarget; ++r) {
    const double t = tstat[order[r]];
    const double v1 = stdev_unscaled[order[r]] * stdev_unscaled[order[r]];
    const double p0 = 2 * UpperT(t, df);
    const double ptarget =
        ((static_cast<double>(r + 1) - 0.5) / static_cast<double>(ngenes) - (1 - p) * p0) / p;
    double v0 = 0;
    if (ptarget > p0) {
      const double qtarget = UpperTQuantile(ptarget / 2, df);
      v0 = v1 * ((t / qtarget) * (t / qtarget) - 1);
    }
    sum += std::min(std::max(v0, lim_low), lim_high);
  }
  return sum / static_cast<double>(ntarget);
}

}  // namespace

double TrigammaInverse(double x) {
  if (std::isnan(x)) return x;
  if (x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x > 1e7) return 1 / std::sqrt(x);
  if (x < 1e-6) return 1 / x;
  double y = 0.5 + 1 / x;
  for (int iter = 0; iter < 50; ++iter) {
    const double tri = boost::math::trigamma(y);
    const double dif = tri * (1 - tri / x) / boost::math::polygamma(2, y);
    y += dif;
    if (-dif / y < 1e-8) break;
  }
  return y;
}

FDistFit FitFDist(const std::vector<double>& x_in, double df1,
                  const std::vector<double>* covariate) {
  const std::size_t n = x_in.size();
  std::vector<double> x;
  std::vector<double> cov;
  std::vector<bool> ok(n);
  for (std::size_t i = 0; i < n; ++i) {
    ok[i] = std::isfinite(x_in[i]) && x_in[i] > -1e-15;
    if (!ok[i]) continue;
    x.push_back(x_in[i]);
    if (covariate) cov.push_back((*covariate)[i]);
  }
  const std::size_t nok = x.size();
  FDistFit out;
  if (nok <= 1) {
    out.scale = {nok == 1 ? x[0] : std::numeric_limits<double>::quiet_NaN()};
    return out;
  }
  int splinedf = 1;
  if (covariate) {
    splinedf = 1 + (nok >= 3) + (nok >= 6) + (nok >= 30);
    std::vector<double> u = cov;
    std::sort(u.begin(), u.end());
    splinedf =
        std::min<int>(splinedf, static_cast<int>(std::unique(u.begin(), u.end()) - u.begin()));
    if (splinedf < 2) {
      FDistFit plain = FitFDist(x_in, df1, nullptr);
      plain.scale.assign(n, plain.scale[0]);
      return plain;
    }
    if (nok < n)
      throw Error(ErrorCode::kFailedPrecondition, "eBayes trend: non-finite residual variances");
  }
  for (double& v : x) v = std::max(v, 0.0);
  double m = Median(x);
  if (m == 0) m = 1;  // limma warns: more than half of the variances are zero
  for (double& v : x) v = std::max(v, 1e-5 * m);
  const double shift = -boost::math::digamma(df1 / 2) + std::log(df1 / 2);
  Eigen::VectorXd e(static_cast<Eigen::Index>(nok));
  for (std::size_t i = 0; i < nok; ++i) e(static_cast<Eigen::Index>(i)) = std::log(x[i]) + shift;
  Eigen::VectorXd emean;
  double evar = 0;
  if (!covariate) {
    const double mean = e.mean();
    emean = Eigen::VectorXd::Constant(e.size(), mean);
    evar = (e.array() - mean).square().sum() / static_cast<double>(nok - 1);
  } else {
    const Eigen::MatrixXd basis = NaturalSplineBasis(cov, splinedf);
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(basis);
    emean = basis * qr.solve(e);
    evar =
        (e - emean).squaredNorm() / static_cast<double>(nok - static_cast<std::size_t>(qr.rank()));
  }
  evar -= boost::math::trigamma(df1 / 2);
  std::vector<double> scale(static_cast<std::size_t>(emean.size()));
  if (evar > 0) {
    out.df2 = 2 * TrigammaInverse(evar);
    for (std::size_t i = 0; i < scale.size(); ++i) {
      scale[i] = std::exp(emean(static_cast<Eigen::Index>(i)) + boost::math::digamma(out.df2 / 2) -
                          std::log(out.df2 / 2));
    }
  } else {
    out.df2 = kInf;
    const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(nok);
    for (std::size_t i = 0; i < scale.size(); ++i) {
      scale[i] = covariate ? std::exp(emean(static_cast<Eigen::Index>(i))) : mean_x;
    }
  }
  out.scale = covariate ? scale : std::vector<double>{scale[0]};
  return out;
}

DeResult LimmaDe(const ExpressionMatrix& y, const Eigen::MatrixXd& design, std::size_t coef,
                 const std::string& coef_name, const LimmaOptions& options) {
  const std::size_t genes = y.n_genes();
  const auto n = static_cast<Eigen::Index>(y.n_samples());
  const Eigen::Index p = design.cols();
  if (design.rows() != n) throw Error(ErrorCode::kInternal, "design rows do not match the samples");
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(design);
  if (qr.rank() < p) {
    throw Error(ErrorCode::kFailedPrecondition,
                "the design matrix is not of full column rank (confounded covariates?)");
  }
  if (n <= p)
    throw Error(ErrorCode::kFailedPrecondition,
                "no residual degrees of freedom: more parameters than samples");
  // (X'X)^-1 and the hat-like map H = (X'X)^-1 X'.
  const Eigen::MatrixXd xtx_inv = (design.transpose() * design).inverse();
  const Eigen::MatrixXd hat = qr.solve(Eigen::MatrixXd::Identity(n, n));  // p x n
  const double df_residual = static_cast<double>(n - p);
  const auto c = static_cast<Eigen::Index>(coef);
  const double stdev_unscaled = std::sqrt(xtx_inv(c, c));
  std::vector<double> coefficient(genes), sigma2(genes), amean(genes);
  ParallelFor(genes, options.threads, [&](std::size_t begin, std::size_t end) {
    Eigen::VectorXd row(n);
    for (std::size_t g = begin; g < end; ++g) {
      for (Eigen::Index j = 0; j < n; ++j) row(j) = y.at(g, static_cast<std::size_t>(j));
      const Eigen::VectorXd b = hat * row;
      const double rss = (row - design * b).squaredNorm();
      coefficient[g] = b(c);
      sigma2[g] = rss / df_residual;
      amean[g] = row.mean();
    }
  });
  const FDistFit prior = FitFDist(sigma2, df_residual, options.trend ? &amean : nullptr);
  const double df_prior = prior.df2;
  auto s2_prior = [&](std::size_t g) {
    return prior.scale.size() == 1 ? prior.scale[0] : prior.scale[g];
  };
  const double df_total =
      std::min(df_residual + df_prior, df_residual * static_cast<double>(genes));
  std::vector<double> t(genes), pval(genes);
  for (std::size_t g = 0; g < genes; ++g) {
    const double s2_post =
        std::isfinite(df_prior)
            ? (df_residual * sigma2[g] + df_prior * s2_prior(g)) / (df_residual + df_prior)
            : s2_prior(g);
    t[g] = coefficient[g] / stdev_unscaled / std::sqrt(s2_post);
    pval[g] = 2 * UpperT(std::fabs(t[g]), df_total);
  }
  const double s2_median = Median(prior.scale);
  const std::vector<double> su(genes, stdev_unscaled);
  const double v0 = TMixture(t, su, df_total, options.proportion,
                             options.stdev_coef_lim_low * options.stdev_coef_lim_low / s2_median,
                             options.stdev_coef_lim_high * options.stdev_coef_lim_high / s2_median);
  const double var_prior = std::isnan(v0) ? 1 / s2_prior(0) : v0;
  const double r =
      (stdev_unscaled * stdev_unscaled + var_prior) / (stdev_unscaled * stdev_unscaled);
  const std::vector<double> adj = stats::AdjustPValues(pval, stats::PAdjustMethod::kBH);
  DeResult result;
  result.coefficient = coef_name;
  result.df_residual = df_residual;
  result.df_prior = df_prior;
  result.s2_prior_median = s2_median;
  result.var_prior = var_prior;
  result.n_samples = static_cast<std::size_t>(n);
  result.rows.resize(genes);
  for (std::size_t g = 0; g < genes; ++g) {
    const double t2 = t[g] * t[g];
    const double kernel =
        df_prior > 1e6 ? t2 * (1 - 1 / r) / 2
                       : (1 + df_total) / 2 * std::log((t2 + df_total) / (t2 / r + df_total));
    const double lods =
        std::log(options.proportion / (1 - options.proportion)) - std::log(r) / 2 + kernel;
    result.rows[g] = DeRow{y.genes[g], coefficient[g], amean[g], t[g], pval[g], adj[g], lods};
  }
  std::stable_sort(result.rows.begin(), result.rows.end(),
                   [](const DeRow& a, const DeRow& b) { return a.b > b.b; });
  return result;
}

}  // namespace pioneer::biomarkers
