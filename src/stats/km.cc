// Kaplan-Meier curves as R's survfit computes them (survival 3.5:
// survfitKM, survfit_confint, quantile.survfit's findq, summary.survfit).
#include "pioneer/stats/km.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_set>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "sort_by_time.h"

namespace pioneer::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// quantile.survfit's tolerance: sqrt(.Machine$double.eps).
const double kQuantileTolerance = std::sqrt(std::numeric_limits<double>::epsilon());

// survfit_confint(p, se, logse = TRUE, conf.type, conf.int): `se` is the
// standard error of the cumulative hazard.
void ConfidenceLimits(double p, double se, ConfType type, double z, double& lower, double& upper) {
  switch (type) {
    case ConfType::kPlain: {
      const double se2 = se * p * z;
      lower = std::max(p - se2, 0.0);  // NaN stays NaN, as pmax() in R
      upper = std::min(p + se2, 1.0);
      if (std::isnan(se2)) lower = upper = kNaN;
      return;
    }
    case ConfType::kLog:
      if (p == 0) {
        lower = upper = kNaN;
        return;
      }
      lower = std::exp(std::log(p) - z * se);
      upper = std::min(std::exp(std::log(p) + z * se), 1.0);
      if (std::isnan(se)) lower = upper = kNaN;
      return;
    case ConfType::kLogLog: {
      if (p == 0 || p == 1) {
        lower = upper = kNaN;
        return;
      }
      const double se2 = z * se / std::log(p);
      lower = std::exp(-std::exp(std::log(-std::log(p)) - se2));
      upper = std::exp(-std::exp(std::log(-std::log(p)) + se2));
      return;
    }
  }
}

// quantile.survfit's findq(x, y, p, tol): x = c(0, time), y = c(0, 1 - s),
// where NaN entries of y are skipped as approx() skips NA.
double FindQuantile(const std::vector<double>& x, const std::vector<double>& y, double p) {
  const double tol = kQuantileTolerance;
  double ymax = -std::numeric_limits<double>::infinity();
  for (double v : y) {
    if (!std::isnan(v)) ymax = std::max(ymax, v);
  }
  if (ymax < p) return kNaN;
  const double xmax = x.back();
  // Remove duplicated y values (keep the first, as duplicated()), NaN
  // counting as one value. A curve's 1 - S (and its limits, as a rule) never
  // decreases, so equal values are adjacent and one pass suffices; a hash
  // set keeps the general case O(n) for long curves.
  std::vector<double> xs, ys;
  bool seen_nan = false;
  bool monotone = true;
  double previous = -std::numeric_limits<double>::infinity();
  for (double v : y) {
    if (std::isnan(v)) continue;
    monotone = monotone && v >= previous;
    previous = v;
  }
  std::unordered_set<double> seen;
  double last_kept = kNaN;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool nan = std::isnan(y[i]);
    bool dup = false;
    if (nan)
      dup = seen_nan;
    else if (monotone)
      dup = y[i] == last_kept;
    else
      dup = !seen.insert(y[i]).second;
    if (nan)
      seen_nan = true;
    else if (!dup)
      last_kept = y[i];
    if (dup) continue;
    xs.push_back(x[i]);
    ys.push_back(y[i]);
  }
  // approx(y +/- tol, 1:n, p, method = "constant", f = 1): the first index
  // whose shifted y reaches p, NaN when p is outside the shifted range.
  auto index_for = [&](double shift) -> long {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : ys) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v + shift);
      hi = std::max(hi, v + shift);
    }
    if (p < lo || p > hi) return -1;
    for (std::size_t i = 0; i < ys.size(); ++i) {
      if (!std::isnan(ys[i]) && ys[i] + shift >= p) return static_cast<long>(i);
    }
    return -1;
  };
  const long i1 = index_for(tol), i2 = index_for(-tol);
  if (p == 0) return xs[0];
  const double ylast = ys.back();
  if (!std::isnan(ylast) && std::fabs(p - ylast) < tol) {
    return i1 < 0 ? kNaN : (xs[static_cast<std::size_t>(i1)] + xmax) / 2;
  }
  if (i1 < 0 || i2 < 0) return kNaN;
  return (xs[static_cast<std::size_t>(i1)] + xs[static_cast<std::size_t>(i2)]) / 2;
}

KmQuantile CurveQuantile(const KmCurve& c, double p) {
  std::vector<double> x{0.0}, ys{0.0}, yl{0.0}, yu{0.0};
  for (std::size_t i = 0; i < c.time.size(); ++i) {
    x.push_back(c.time[i]);
    ys.push_back(1 - c.surv[i]);
    yl.push_back(1 - c.lower[i]);
    yu.push_back(1 - c.upper[i]);
  }
  return {p, FindQuantile(x, ys, p), FindQuantile(x, yl, p), FindQuantile(x, yu, p)};
}

// summary(fit, times = t): the curve's values at the last time <= t.
KmAtTime CurveAt(const KmCurve& c, double t) {
  KmAtTime a{t, 0, kNaN, kNaN, kNaN, kNaN};
  const auto after = std::upper_bound(c.time.begin(), c.time.end(), t);
  const auto k = static_cast<std::size_t>(after - c.time.begin());
  if (c.time.empty() || t > c.time.back()) return a;
  const auto first_at_or_after = std::lower_bound(c.time.begin(), c.time.end(), t);
  a.n_risk = c.n_risk[static_cast<std::size_t>(first_at_or_after - c.time.begin())];
  if (k == 0) {
    a.surv = a.lower = a.upper = 1;
    a.std_err = 0;
    return a;
  }
  a.surv = c.surv[k - 1];
  a.std_err = c.std_err[k - 1];
  a.lower = c.lower[k - 1];
  a.upper = c.upper[k - 1];
  return a;
}

}  // namespace

std::string ConfTypeName(ConfType type) {
  return std::string(core::EnumName(kConfTypeNames, type));
}

ConfType ParseConfType(const std::string& name) {
  return core::ParseEnum(kConfTypeNames, name, "conf_type");
}

void KmOptions::Validate() const {
  if (!(conf_level > 0 && conf_level < 1)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("KmOptions.conf_level = {} must be in (0, 1)", conf_level));
  }
  for (double p : quantiles) {
    if (!(p >= 0 && p <= 1)) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("KmOptions.quantiles value {} must be in [0, 1]", p));
    }
  }
  for (double t : times) {
    if (!std::isfinite(t)) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("KmOptions.times value {} must be finite", t));
    }
  }
}

KmCurve KaplanMeierCurve(const SurvivalData& data, const std::vector<std::size_t>& rows,
                         const std::string& label, const KmOptions& options) {
  // Sorted (time, event) pairs: contiguous, unlike sorting row indices.
  struct Observation {
    double time;
    int event;
  };
  std::vector<Observation> obs;
  obs.reserve(rows.size());
  for (std::size_t r : rows) obs.push_back({data.time[r], data.event[r]});
  internal::SortByTime(obs);
  const double z = Qnorm(1 - (1 - options.conf_level) / 2);
  KmCurve c;
  c.group = label;
  c.n = obs.size();
  for (auto* v : {&c.time, &c.n_risk, &c.n_event, &c.n_censor, &c.surv, &c.std_err_cumhaz,
                  &c.std_err, &c.lower, &c.upper}) {
    v->reserve(obs.size());  // at most one point per observation
  }
  double surv = 1, varhaz = 0;
  for (std::size_t i = 0; i < obs.size();) {
    const double t = obs[i].time;
    const double at_risk = static_cast<double>(obs.size() - i);
    double events = 0, censored = 0;
    for (; i < obs.size() && obs[i].time == t; ++i) (obs[i].event ? events : censored) += 1;
    if (events > 0) {
      surv *= (at_risk - events) / at_risk;
      varhaz += events / (at_risk * (at_risk - events));  // Greenwood; Inf when all die
    }
    double lower = 0, upper = 0;
    const double se = std::sqrt(varhaz);
    ConfidenceLimits(surv, se, options.conf_type, z, lower, upper);
    c.time.push_back(t);
    c.n_risk.push_back(at_risk);
    c.n_event.push_back(events);
    c.n_censor.push_back(censored);
    c.surv.push_back(surv);
    c.std_err_cumhaz.push_back(se);
    c.std_err.push_back(se * surv);
    c.lower.push_back(lower);
    c.upper.push_back(upper);
  }
  for (double p : options.quantiles) c.quantiles.push_back(CurveQuantile(c, p));
  const KmQuantile median = CurveQuantile(c, 0.5);
  c.median = median.time;
  c.median_lower = median.lower;
  c.median_upper = median.upper;
  for (double t : options.times) c.at_times.push_back(CurveAt(c, t));
  return c;
}

KmResult KaplanMeier(const SurvivalData& data, const KmOptions& options) {
  return KaplanMeier(data, Factor::Single(data.size()), options);
}

KmResult KaplanMeier(const SurvivalData& input, const Factor& group, const KmOptions& options) {
  input.Validate();
  const SurvivalData data = options.timefix ? AeqSurv(input) : input;
  options.Validate();
  if (group.size() != data.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("group has {} values but the data {} rows", group.size(), data.size()));
  }
  std::vector<std::vector<std::size_t>> rows(group.levels.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    rows[static_cast<std::size_t>(group.codes[i])].push_back(i);
  }
  KmResult result;
  result.conf_type = options.conf_type;
  result.conf_level = options.conf_level;
  for (std::size_t g = 0; g < rows.size(); ++g) {
    if (rows[g].empty()) continue;
    result.strata.push_back(KaplanMeierCurve(data, rows[g], group.levels[g], options));
  }
  return result;
}

nlohmann::json KmResult::ToJson() const {
  nlohmann::json strata_json = nlohmann::json::array();
  for (const KmCurve& c : strata) {
    nlohmann::json q = nlohmann::json::array(), at = nlohmann::json::array();
    for (const KmQuantile& k : c.quantiles) {
      q.push_back({{"p", k.p},
                   {"time", JsonNumber(k.time)},
                   {"lower", JsonNumber(k.lower)},
                   {"upper", JsonNumber(k.upper)}});
    }
    for (const KmAtTime& a : c.at_times) {
      at.push_back({{"time", a.time},
                    {"n_risk", a.n_risk},
                    {"surv", JsonNumber(a.surv)},
                    {"std_err", JsonNumber(a.std_err)},
                    {"lower", JsonNumber(a.lower)},
                    {"upper", JsonNumber(a.upper)}});
    }
    strata_json.push_back({{"group", c.group},
                           {"n", c.n},
                           {"time", c.time},
                           {"n_risk", c.n_risk},
                           {"n_event", c.n_event},
                           {"n_censor", c.n_censor},
                           {"surv", JsonNumbers(c.surv)},
                           {"std_err", JsonNumbers(c.std_err)},
                           {"std_err_cumhaz", JsonNumbers(c.std_err_cumhaz)},
                           {"lower", JsonNumbers(c.lower)},
                           {"upper", JsonNumbers(c.upper)},
                           {"median", JsonNumber(c.median)},
                           {"median_lower", JsonNumber(c.median_lower)},
                           {"median_upper", JsonNumber(c.median_upper)},
                           {"quantiles", q},
                           {"at_times", at}});
  }
  return {
      {"conf_type", ConfTypeName(conf_type)}, {"conf_level", conf_level}, {"strata", strata_json}};
}

}  // namespace pioneer::stats
