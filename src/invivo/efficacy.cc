#include "pioneer/invivo/efficacy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/stats/multiple_testing.h"
#include "pioneer/stats/ttest.h"

namespace pioneer::invivo {

double Mean(const std::vector<double>& v) {
  if (v.empty()) return NAN;
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double Sem(const std::vector<double>& v) {
  if (v.size() < 2) return NAN;
  const double m = Mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()));
}

double Median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

namespace {

// Index of `day` in a curve, or -1.
long IndexOfDay(const Curve& c, double day) {
  const auto it = std::lower_bound(c.day.begin(), c.day.end(), day);
  return it != c.day.end() && *it == day ? static_cast<long>(it - c.day.begin()) : -1;
}

ArmDaySummary SummariseDay(const std::string& arm, double day,
                           const std::vector<const Curve*>& curves) {
  std::vector<double> vol, rel, weight;
  for (const Curve* c : curves) {
    const long i = IndexOfDay(*c, day);
    if (i < 0) continue;
    vol.push_back(c->volume[i]);
    rel.push_back(c->volume[i] / c->baseline());
    const double w0 = c->body_weight.front(), w = c->body_weight[i];
    if (std::isfinite(w0) && std::isfinite(w)) weight.push_back(100.0 * (w - w0) / w0);
  }
  ArmDaySummary s;
  s.arm = arm;
  s.day = day;
  s.n = vol.size();
  s.mean = Mean(vol);
  s.sem = Sem(vol);
  s.median = Median(vol);
  s.mean_relative = Mean(rel);
  s.sem_relative = Sem(rel);
  s.n_weight = weight.size();
  s.mean_weight_change_pct = Mean(weight);
  return s;
}

}  // namespace

std::vector<ArmDaySummary> DescribeByArmDay(const GrowthData& data,
                                            const DescriptiveOptions& options) {
  std::vector<ArmDaySummary> out;
  for (const std::string& arm : data.arms) {
    const std::vector<const Curve*> curves = data.Arm(arm);
    std::set<double> days;
    for (const Curve* c : curves) days.insert(c->day.begin(), c->day.end());
    const double needed =
        std::max(static_cast<double>(options.min_animals),
                 std::ceil(options.min_fraction * static_cast<double>(curves.size())));
    for (double day : days) {
      ArmDaySummary s = SummariseDay(arm, day, curves);
      if (static_cast<double>(s.n) < needed) break;
      out.push_back(s);
    }
  }
  return out;
}

double DefaultLandmarkDay(const GrowthData& data, const std::string& control) {
  const std::vector<const Curve*> curves = data.Arm(control);
  if (curves.empty()) {
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("control arm '{}' has no animals", control));
  }
  std::vector<double> common = curves.front()->day;
  for (const Curve* c : curves) {
    std::vector<double> next;
    std::set_intersection(common.begin(), common.end(), c->day.begin(), c->day.end(),
                          std::back_inserter(next));
    common.swap(next);
  }
  if (common.empty()) {
    throw Error(
        ErrorCode::kFailedPrecondition,
        fmt::format("no day on which every animal of control arm '{}' is measured", control));
  }
  return common.back();
}

LandmarkSample SampleAtDay(const GrowthData& data, const std::vector<std::string>& arms,
                           double day) {
  LandmarkSample s;
  for (const std::string& arm : arms) {
    s.baseline.emplace_back();
    s.volume.emplace_back();
    for (const Curve* c : data.Arm(arm)) {
      const long i = IndexOfDay(*c, day);
      if (i < 0) continue;
      s.baseline.back().push_back(c->baseline());
      s.volume.back().push_back(c->volume[i]);
    }
  }
  return s;
}

stats::BootstrapResult StratifiedBootstrap(const std::vector<std::size_t>& sizes,
                                           const GroupStatistic& statistic, int replicates,
                                           std::uint64_t seed, double confidence) {
  std::vector<std::vector<std::size_t>> index(sizes.size());
  for (std::size_t g = 0; g < sizes.size(); ++g) {
    index[g].resize(sizes[g]);
    std::iota(index[g].begin(), index[g].end(), 0);
  }
  stats::BootstrapResult r;
  r.estimate = statistic(index);
  r.replicates = replicates;
  r.seed = seed;
  // Jackknife: each animal left out of its own arm in turn.
  for (std::size_t g = 0; g < sizes.size(); ++g) {
    for (std::size_t leave = 0; leave < sizes[g]; ++leave) {
      auto jack = index;
      jack[g].erase(jack[g].begin() + static_cast<long>(leave));
      r.jackknife_values.push_back(statistic(jack));
    }
  }
  core::Rng rng(seed);
  std::vector<double> reps;
  reps.reserve(static_cast<std::size_t>(replicates));
  auto draw = index;
  for (int b = 0; b < replicates; ++b) {
    for (std::size_t g = 0; g < sizes.size(); ++g) {
      for (std::size_t& i : draw[g]) i = rng.Below(sizes[g]);
    }
    reps.push_back(statistic(draw));
  }
  std::vector<double> finite;
  for (double v : reps) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  r.bias = Mean(finite) - r.estimate;
  r.std_error = Sem(finite) * std::sqrt(static_cast<double>(finite.size()));
  r.intervals = stats::IntervalsFromReplicates(r.estimate, reps, r.jackknife_values, confidence);
  r.replicate_values = std::move(reps);
  return r;
}

namespace {

double MeanAt(const std::vector<double>& v, const std::vector<std::size_t>& idx) {
  double s = 0;
  for (std::size_t i : idx) s += v[i];
  return s / static_cast<double>(idx.size());
}

double MeanChangeAt(const std::vector<double>& v, const std::vector<double>& v0,
                    const std::vector<std::size_t>& idx) {
  double s = 0;
  for (std::size_t i : idx) s += v[i] - v0[i];
  return s / static_cast<double>(idx.size());
}

}  // namespace

std::vector<TgiResult> GrowthInhibition(const GrowthData& data, const TgiOptions& o) {
  std::vector<TgiResult> out;
  for (const std::string& arm : data.arms) {
    if (arm == o.control) continue;
    const LandmarkSample s = SampleAtDay(data, {o.control, arm}, o.landmark_day);
    const auto& c0 = s.baseline[0];
    const auto& c = s.volume[0];
    const auto& t0 = s.baseline[1];
    const auto& t = s.volume[1];
    TgiResult r;
    r.arm = arm;
    r.day = o.landmark_day;
    r.n = t.size();
    r.n_control = c.size();
    r.mean_volume = Mean(t);
    r.tgi_lower = r.tgi_upper = r.tc_lower = r.tc_upper = NAN;
    auto tgi = [&](const std::vector<std::vector<std::size_t>>& ix) {
      return 100.0 * (1.0 - MeanChangeAt(t, t0, ix[1]) / MeanChangeAt(c, c0, ix[0]));
    };
    auto tc = [&](const std::vector<std::vector<std::size_t>>& ix) {
      return 100.0 * MeanAt(t, ix[1]) / MeanAt(c, ix[0]);
    };
    if (r.n == 0 || r.n_control == 0) {
      r.mean_change = r.tgi_pct = r.tc_pct = NAN;
      out.push_back(r);
      continue;
    }
    std::vector<std::size_t> all_t(r.n), all_c(r.n_control);
    std::iota(all_t.begin(), all_t.end(), 0);
    std::iota(all_c.begin(), all_c.end(), 0);
    r.mean_change = MeanChangeAt(t, t0, all_t);
    r.tgi_pct = tgi({all_c, all_t});
    r.tc_pct = tc({all_c, all_t});
    if (r.n >= 2 && r.n_control >= 2) {
      const auto bt = StratifiedBootstrap({r.n_control, r.n}, tgi, o.bootstrap_replicates, o.seed,
                                          o.confidence);
      const auto bc =
          StratifiedBootstrap({r.n_control, r.n}, tc, o.bootstrap_replicates, o.seed, o.confidence);
      r.tgi_lower = bt.intervals.percentile.lower;
      r.tgi_upper = bt.intervals.percentile.upper;
      r.tc_lower = bc.intervals.percentile.lower;
      r.tc_upper = bc.intervals.percentile.upper;
    }
    out.push_back(r);
  }
  return out;
}

namespace {

// OLS fit of log V on day: slope and intercept (R's lm(log(v) ~ day)).
std::pair<double, double> LogLinearFit(const Curve& c) {
  const std::size_t n = c.size();
  if (n < 2) return {NAN, NAN};
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += c.day[i];
    my += std::log(c.volume[i]);
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (c.day[i] - mx) * (std::log(c.volume[i]) - my);
    sxx += (c.day[i] - mx) * (c.day[i] - mx);
  }
  const double slope = sxy / sxx;
  return {slope, my - slope * mx};
}

bool HasRun(const Curve& c, int consecutive, const std::function<bool(std::size_t)>& pred) {
  int run = 0;
  for (std::size_t i = 1; i < c.size(); ++i) {
    run = pred(i) ? run + 1 : 0;
    if (run >= consecutive) return true;
  }
  return false;
}

}  // namespace

std::vector<AnimalGrowth> AnimalGrowthAll(const GrowthData& data, const RegressionOptions& o) {
  std::vector<AnimalGrowth> out;
  out.reserve(data.curves.size());
  for (const Curve& c : data.curves) {
    AnimalGrowth g;
    g.curve = &c;
    std::tie(g.rate, g.intercept) = LogLinearFit(c);
    g.best_response_pct = NAN;
    for (std::size_t i = 1; i < c.size(); ++i) {
      const double change = 100.0 * (c.volume[i] - c.baseline()) / c.baseline();
      g.best_response_pct =
          std::isnan(g.best_response_pct) ? change : std::min(g.best_response_pct, change);
      const double a = std::log(c.volume[i - 1] / c.baseline()),
                   b = std::log(c.volume[i] / c.baseline());
      g.auc_log_rel += 0.5 * (a + b) * (c.day[i] - c.day[i - 1]);
    }
    g.complete_regression =
        HasRun(c, o.consecutive, [&](std::size_t i) { return c.volume[i] <= data.floor; });
    g.partial_regression = !g.complete_regression && HasRun(c, o.consecutive, [&](std::size_t i) {
      return c.volume[i] <= o.partial_fraction * c.baseline();
    });
    out.push_back(g);
  }
  return out;
}

std::vector<ArmRates> CompareRates(const GrowthData& data, const std::vector<AnimalGrowth>& growth,
                                   const std::string& control) {
  std::map<std::string, std::vector<const AnimalGrowth*>> by_arm;
  for (const AnimalGrowth& g : growth) by_arm[g.curve->arm].push_back(&g);
  auto rates_of = [&](const std::string& arm) {
    std::vector<double> r;
    for (const AnimalGrowth* g : by_arm[arm]) {
      if (std::isfinite(g->rate)) r.push_back(g->rate);
    }
    return r;
  };
  const std::vector<double> control_rates = rates_of(control);
  std::vector<ArmRates> out;
  std::vector<double> p;
  for (const std::string& arm : data.arms) {
    ArmRates a;
    a.arm = arm;
    const std::vector<double> rates = rates_of(arm);
    std::vector<double> auc;
    for (const AnimalGrowth* g : by_arm[arm]) {
      auc.push_back(g->auc_log_rel);
      a.partial_regressions += g->partial_regression ? 1 : 0;
      a.complete_regressions += g->complete_regression ? 1 : 0;
    }
    a.n = rates.size();
    a.mean_rate = Mean(rates);
    a.sem = Sem(rates);
    a.median_rate = Median(rates);
    a.mean_auc = Mean(auc);
    a.sem_auc = Sem(auc);
    a.diff_vs_control = a.t = a.df = a.p = a.p_holm = NAN;
    if (arm != control && !control.empty()) {
      a.diff_vs_control = a.mean_rate - Mean(control_rates);
      try {
        const stats::TTestResult t = stats::TTest(rates, control_rates);
        a.t = t.t;
        a.df = t.df;
        a.p = t.p_value;
      } catch (const Error&) {
        // Too few animals or constant rates: no test (NaN), as R stops.
      }
    }
    p.push_back(a.p);
    out.push_back(a);
  }
  const std::vector<double> adjusted = stats::AdjustPValues(p, stats::PAdjustMethod::kHolm);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].p_holm = adjusted[i];
  return out;
}

}  // namespace pioneer::invivo
