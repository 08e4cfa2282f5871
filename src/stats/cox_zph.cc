// Test of proportional hazards from scaled Schoenfeld residuals, as R's
// survival::cox.zph (survival 3.5, C routine zph1): a score test, at the
// fitted beta, of adding x * g(t) for each term, g being the transformed
// and centred event time (Grambsch & Therneau 1994).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cox_internal.h"
#include "pioneer/core/error.h"
#include "pioneer/stats/km.h"

namespace pioneer::stats {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// rank(times): average ranks of ties.
std::vector<double> AverageRanks(const std::vector<double>& t) {
  std::vector<std::size_t> order(t.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
  std::vector<double> rank(t.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && t[order[j]] == t[order[i]]) ++j;
    const double r = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) rank[order[k]] = r;
    i = j;
  }
  return rank;
}

// 1 - S(t-) from the Kaplan-Meier of all subjects (cox.zph's "km").
std::vector<double> KmTransform(const SurvivalData& data) {
  std::vector<std::size_t> all(data.size());
  std::iota(all.begin(), all.end(), 0);
  KmOptions options;
  options.quantiles.clear();
  const KmCurve c = KaplanMeierCurve(data, all, "all", options);
  std::vector<double> g(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto k = std::lower_bound(c.time.begin(), c.time.end(), data.time[i]) - c.time.begin();
    g[i] = 1.0 - (k == 0 ? 1.0 : c.surv[static_cast<std::size_t>(k - 1)]);
  }
  return g;
}

std::vector<double> TransformTimes(const SurvivalData& data, ZphTransform transform) {
  switch (transform) {
    case ZphTransform::kIdentity:
      return data.time;
    case ZphTransform::kRank:
      return AverageRanks(data.time);
    case ZphTransform::kKm:
      return KmTransform(data);
  }
  return data.time;
}

// zph1: the score u (2p) and information (2p x 2p) of (beta, theta) at
// (beta-hat, 0); rows of x are recentred by their overall mean.
void ZphScore(const SurvivalData& data, MatrixXd x, const std::vector<int>& strata,
              const std::vector<double>& eta, const std::vector<double>& gt, bool efron,
              VectorXd& u, MatrixXd& imat) {
  const Eigen::Index p = x.cols();
  for (Eigen::Index j = 0; j < p; ++j) x.col(j).array() -= x.col(j).mean();
  const auto order = internal::OrderByStrataTime(data, strata);
  u = VectorXd::Zero(2 * p);
  imat = MatrixXd::Zero(2 * p, 2 * p);
  VectorXd a = VectorXd::Zero(p), a2 = VectorXd::Zero(p);
  MatrixXd cmat = MatrixXd::Zero(p, p), cmat2 = MatrixXd::Zero(p, p);
  double denom = 0;
  int cstrat = -1;
  for (std::size_t ip = order.size(); ip > 0;) {
    std::size_t person = order[ip - 1];
    if (strata[person] != cstrat) {
      cstrat = strata[person];
      denom = 0;
      a.setZero();
      cmat.setZero();
    }
    const double dtime = data.time[person], timewt = gt[person];
    double ndead = 0, denom2 = 0;
    for (; ip > 0; --ip) {
      person = order[ip - 1];
      if (data.time[person] != dtime || strata[person] != cstrat) break;
      const double risk = std::exp(eta[person]);
      const auto xi = x.row(static_cast<Eigen::Index>(person)).transpose();
      if (data.event[person] == 0) {
        denom += risk;
        a += risk * xi;
        cmat.noalias() += risk * xi * xi.transpose();
      } else {
        ndead += 1;
        denom2 += risk;
        u.head(p) += xi;
        u.tail(p) += timewt * xi;
        a2 += risk * xi;
        cmat2.noalias() += risk * xi * xi.transpose();
      }
    }
    if (ndead == 0) continue;
    const double parts = efron ? ndead : 1, wtave = ndead / parts;
    for (int k = 0; k < static_cast<int>(parts); ++k) {
      denom += denom2 / parts;
      a += a2 / parts;
      cmat += cmat2 / parts;
      const VectorXd mean = a / denom;
      u.head(p) -= wtave * mean;
      u.tail(p) -= timewt * wtave * mean;
      const MatrixXd v = wtave * (cmat - mean * a.transpose()) / denom;
      imat.topLeftCorner(p, p) += v;
      imat.topRightCorner(p, p) += timewt * v;
      imat.bottomRightCorner(p, p) += timewt * timewt * v;
    }
    a2.setZero();
    cmat2.setZero();
  }
  imat.bottomLeftCorner(p, p) = imat.topRightCorner(p, p).transpose();
}

// u' imat[kk, kk]^-1 u with u = (0_p, u_theta[columns]) as cox.zph does.
double ZphStatistic(const VectorXd& u, const MatrixXd& imat,
                    const std::vector<std::size_t>& columns) {
  const Eigen::Index p = imat.rows() / 2;
  std::vector<Eigen::Index> kk;
  for (Eigen::Index j = 0; j < p; ++j) kk.push_back(j);
  for (std::size_t c : columns) kk.push_back(p + static_cast<Eigen::Index>(c));
  const auto m = static_cast<Eigen::Index>(kk.size());
  MatrixXd sub(m, m);
  VectorXd us = VectorXd::Zero(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    if (i >= p) us[i] = u[kk[static_cast<std::size_t>(i)]];
    for (Eigen::Index j = 0; j < m; ++j)
      sub(i, j) = imat(kk[static_cast<std::size_t>(i)], kk[static_cast<std::size_t>(j)]);
  }
  return us.dot(sub.partialPivLu().solve(us));
}

}  // namespace

std::string ZphTransformName(ZphTransform transform) {
  return std::string(core::EnumName(kZphTransformNames, transform));
}

ZphTransform ParseZphTransform(const std::string& name) {
  return core::ParseEnum(kZphTransformNames, name, "zph");
}

ZphResult CoxZph(const SurvivalData& input, const std::vector<CoxCovariate>& covariates,
                 const Factor& strata, const CoxResult& fit, ZphTransform transform) {
  // cox.zph works on the fit's (time-fixed) response.
  const SurvivalData data = fit.timefix ? AeqSurv(input) : input;
  const internal::CoxDesign design = internal::BuildCoxDesign(covariates, data.size());
  const std::vector<int> codes = internal::StrataCodes(strata, data.size());
  std::vector<double> g = TransformTimes(data, transform);
  double sum = 0, count = 0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (data.event[i]) {
      sum += g[i];
      count += 1;
    }
  }
  const double mean = sum / count;
  for (double& v : g) v -= mean;
  VectorXd u;
  MatrixXd imat;
  ZphScore(data, design.x, codes, fit.linear_predictor, g, fit.ties == Ties::kEfron, u, imat);
  ZphResult r;
  r.transform = transform;
  std::vector<std::size_t> all;
  for (const CoxTerm& t : design.terms) {
    const double chisq = ZphStatistic(u, imat, t.columns);
    const auto df = static_cast<double>(t.columns.size());
    r.terms.push_back({t.name, chisq, df, ChiSquareUpperTail(chisq, df)});
    all.insert(all.end(), t.columns.begin(), t.columns.end());
  }
  const double chisq = ZphStatistic(u, imat, all);
  const auto df = static_cast<double>(all.size());
  r.global = {"GLOBAL", chisq, df, ChiSquareUpperTail(chisq, df)};
  return r;
}

nlohmann::json ZphResult::ToJson() const {
  nlohmann::json terms_json = nlohmann::json::array();
  for (const ZphTerm& t : terms) {
    terms_json.push_back(
        {{"name", t.name}, {"chisq", JsonNumber(t.chisq)}, {"df", t.df}, {"p", JsonNumber(t.p)}});
  }
  return {{"transform", ZphTransformName(transform)},
          {"terms", terms_json},
          {"global",
           {{"chisq", JsonNumber(global.chisq)}, {"df", global.df}, {"p", JsonNumber(global.p)}}}};
}

}  // namespace pioneer::stats
