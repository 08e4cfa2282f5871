// RMST as survival:::survmean (survival 3.5) with rmean = tau.
#include "pioneer/stats/rmst.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "pioneer/stats/km.h"

namespace pioneer::stats {
namespace {

// survmean's pfun: rectangles under the curve from min(0, first time) to tau;
// varmean = sum over event times of (area beyond it)^2 d / (n (n - d)).
RmstGroup CurveRmst(const KmCurve& c, double tau, double start) {
  std::vector<double> t, s, hh;
  for (std::size_t i = 0; i < c.time.size() && c.time[i] <= tau; ++i) {
    t.push_back(c.time[i]);
    s.push_back(c.surv[i]);
    const double left = c.n_risk[i] - c.n_event[i];
    hh.push_back(left == 0 ? 0 : c.n_event[i] / (c.n_risk[i] * left));
  }
  t.push_back(tau);
  s.push_back(s.empty() ? 1.0 : s.back());
  hh.push_back(0);
  const std::size_t n = t.size();
  std::vector<double> rect(n);
  double prev = start, mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    rect[i] = (t[i] - prev) * (i == 0 ? 1.0 : s[i - 1]);
    prev = t[i];
    mean += rect[i];
  }
  // cumsum(rev(rectangles[-1]))^2 * rev(hh)[-1]
  double var = 0, cum = 0;
  for (std::size_t k = n; k-- > 1;) {
    cum += rect[k];
    var += cum * cum * hh[k - 1];
  }
  return {c.group, mean + start, std::sqrt(var)};
}

}  // namespace

void RmstOptions::Validate() const {
  if (!(std::isfinite(tau) && tau > 0)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("RmstOptions.tau = {} must be positive", tau));
  }
  if (!(conf_level > 0 && conf_level < 1)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("RmstOptions.conf_level = {} must be in (0, 1)", conf_level));
  }
}

RmstResult Rmst(const SurvivalData& data, const RmstOptions& options) {
  return Rmst(data, Factor::Single(data.size()), options);
}

RmstResult Rmst(const SurvivalData& data, const Factor& group, const RmstOptions& options) {
  options.Validate();
  KmOptions km;
  km.quantiles.clear();
  const KmResult curves = KaplanMeier(data, group, km);
  double start = 0;
  for (double t : data.time) start = std::min(start, t);
  RmstResult r;
  r.tau = options.tau;
  r.conf_level = options.conf_level;
  for (const KmCurve& c : curves.strata) {
    if (options.tau < c.time.front()) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("tau = {} is before the first time of group {} ({}), as R refuses",
                              options.tau, c.group, c.time.front()));
    }
    r.groups.push_back(CurveRmst(c, options.tau, start));
  }
  if (r.groups.size() == 2) {
    r.has_difference = true;
    RmstDifference& d = r.difference;
    d.estimate = r.groups[1].rmst - r.groups[0].rmst;
    d.se = std::hypot(r.groups[0].se, r.groups[1].se);
    const double z = Qnorm(1 - (1 - options.conf_level) / 2);
    d.lower = d.estimate - z * d.se;
    d.upper = d.estimate + z * d.se;
    d.p = NormalTwoSidedP(d.estimate / d.se);
  }
  return r;
}

nlohmann::json RmstResult::ToJson() const {
  nlohmann::json g = nlohmann::json::array();
  for (const RmstGroup& x : groups) {
    g.push_back({{"group", x.group}, {"rmst", JsonNumber(x.rmst)}, {"se", JsonNumber(x.se)}});
  }
  nlohmann::json out = {{"tau", tau}, {"conf_level", conf_level}, {"groups", g}};
  out["difference"] = nullptr;
  if (has_difference) {
    out["difference"] = {{"estimate", JsonNumber(difference.estimate)},
                         {"se", JsonNumber(difference.se)},
                         {"lower", JsonNumber(difference.lower)},
                         {"upper", JsonNumber(difference.upper)},
                         {"p", JsonNumber(difference.p)}};
  }
  return out;
}

}  // namespace pioneer::stats
