#include "pioneer/invivo/synergy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::invivo {
namespace {

enum class Model { kBliss, kHsa, kAdditivity };

double Expected(Model m, double ea, double eb) {
  switch (m) {
    case Model::kBliss:
      return ea + eb - ea * eb;
    case Model::kHsa:
      return std::max(ea, eb);
    case Model::kAdditivity:
      return ea + eb;
  }
  return NAN;
}

const char* Name(Model m) {
  switch (m) {
    case Model::kBliss:
      return "bliss";
    case Model::kHsa:
      return "hsa";
    case Model::kAdditivity:
      return "response_additivity";
  }
  return "";
}

std::string ResponseVerdict(const SynergyRow& r, const char* model) {
  if (!std::isfinite(r.lower) || !std::isfinite(r.upper)) return "not assessable (too few animals)";
  if (r.lower > 0) return fmt::format("synergy (better than {})", model);
  if (r.upper < 0) return fmt::format("antagonism (worse than {})", model);
  return fmt::format("not distinguishable from {}", model);
}

std::string RateVerdict(const SynergyRow& r) {
  if (!std::isfinite(r.lower) || !std::isfinite(r.upper)) return "not assessable (too few animals)";
  if (r.upper < 0) return "synergy (combination grows slower than Bliss independence predicts)";
  if (r.lower > 0) return "antagonism (combination grows faster than Bliss independence predicts)";
  return "not distinguishable from Bliss independence";
}

double BootstrapP(const std::vector<double>& reps, double null_value) {
  double below = 0, above = 0, n = 0;
  for (double v : reps) {
    if (!std::isfinite(v)) continue;
    n += 1;
    below += v <= null_value ? 1 : 0;
    above += v >= null_value ? 1 : 0;
  }
  return n == 0 ? NAN : std::min(1.0, 2 * std::min(below, above) / n);
}

// Response E_g of the four arms (control, A, B, AB) from resampled indices.
using ResponseFn =
    std::function<std::array<double, 3>(const std::vector<std::vector<std::size_t>>&)>;

void ResponseRows(const ResponseFn& response, const std::vector<std::size_t>& sizes,
                  const std::string& window, const SynergyOptions& o, SynergyResult& out) {
  for (Model m : {Model::kBliss, Model::kHsa, Model::kAdditivity}) {
    auto stat = [&](const std::vector<std::vector<std::size_t>>& ix) {
      const auto e = response(ix);
      return 100 * (e[2] - Expected(m, e[0], e[1]));
    };
    SynergyRow row;
    row.method = Name(m);
    row.window = window;
    std::vector<std::vector<std::size_t>> all(sizes.size());
    for (std::size_t g = 0; g < sizes.size(); ++g) {
      for (std::size_t i = 0; i < sizes[g]; ++i) all[g].push_back(i);
    }
    const auto e = response(all);
    row.expected = 100 * Expected(m, e[0], e[1]);
    row.observed = 100 * e[2];
    row.estimate = row.observed - row.expected;
    row.lower = row.upper = row.p = NAN;
    if (*std::min_element(sizes.begin(), sizes.end()) >= 2) {
      const stats::BootstrapResult b =
          StratifiedBootstrap(sizes, stat, o.bootstrap_replicates, o.seed, o.confidence);
      row.lower = b.intervals.percentile.lower;
      row.upper = b.intervals.percentile.upper;
      row.p = BootstrapP(b.replicate_values, 0);
    }
    row.verdict = ResponseVerdict(row, m == Model::kBliss ? "Bliss independence"
                                       : m == Model::kHsa ? "the highest single agent"
                                                          : "response additivity");
    out.rows.push_back(row);
  }
}

struct Groups {
  std::array<std::vector<double>, 4> v;  // control, A, B, AB
};

// Interaction r_AB - r_A - r_B + r_C of group means with a t reference.
SynergyRow InteractionRow(const Groups& g, bool welch, std::string method, std::string window,
                          double conf) {
  SynergyRow row;
  row.method = std::move(method);
  row.window = std::move(window);
  const std::array<double, 4> sign = {1, -1, -1, 1};
  std::array<double, 4> m{}, var{}, n{};
  double pooled_ss = 0, total_n = 0;
  for (int k = 0; k < 4; ++k) {
    n[k] = static_cast<double>(g.v[k].size());
    m[k] = Mean(g.v[k]);
    const double s = Sem(g.v[k]);
    var[k] = s * s * n[k];
    pooled_ss += (n[k] - 1) * var[k];
    total_n += n[k];
  }
  row.expected = m[1] + m[2] - m[0];
  row.observed = m[3];
  row.estimate = row.observed - row.expected;
  double se2 = 0, df = total_n - 4;
  if (welch) {
    double num = 0, den = 0;
    for (int k = 0; k < 4; ++k) {
      const double term = sign[k] * sign[k] * var[k] / n[k];
      num += term;
      den += term * term / (n[k] - 1);
    }
    se2 = num;
    df = num * num / den;  // Satterthwaite
  } else {
    const double s2 = pooled_ss / (total_n - 4);
    for (int k = 0; k < 4; ++k) se2 += s2 / n[k];
  }
  const double se = std::sqrt(se2);
  const double q = stats::Qt(0.5 + conf / 2, df);
  row.lower = row.estimate - q * se;
  row.upper = row.estimate + q * se;
  row.p = 2 * stats::Pt(-std::abs(row.estimate / se), df);
  row.verdict = RateVerdict(row);
  return row;
}

bool Enough(const Groups& g, std::size_t k) {
  return std::all_of(g.v.begin(), g.v.end(), [&](const auto& x) { return x.size() >= k; });
}

long IndexOfDay(const Curve& c, double day) {
  const auto it = std::lower_bound(c.day.begin(), c.day.end(), day);
  return it != c.day.end() && *it == day ? static_cast<long>(it - c.day.begin()) : -1;
}

}  // namespace

CombinationDesign CombinationDesign::Parse(const std::string& text, const std::string& control) {
  const auto eq = text.rfind('=');
  const auto comma = eq == std::string::npos ? std::string::npos : text.find(',', eq);
  if (eq == std::string::npos || comma == std::string::npos || eq == 0 || comma == eq + 1 ||
      comma + 1 == text.size()) {
    throw UsageError(fmt::format(
        "combination {}: expected 'AB=A,B' (combination arm = single-agent arms)", text));
  }
  return {control, text.substr(eq + 1, comma - eq - 1), text.substr(comma + 1), text.substr(0, eq)};
}

void CombinationDesign::Check(const GrowthData& data) const {
  for (const std::string* arm : {&control, &a, &b, &ab}) {
    if (std::find(data.arms.begin(), data.arms.end(), *arm) == data.arms.end()) {
      throw UsageError(fmt::format("combination: arm '{}' is not in the data (arms: {})", *arm,
                                   fmt::join(data.arms, ", ")));
    }
  }
}

SynergyResult AnalyseSynergy(const GrowthData& data, const CombinationDesign& d,
                             const std::vector<AnimalGrowth>& growth, const MixedModelResult* mixed,
                             const SynergyOptions& o) {
  d.Check(data);
  SynergyResult out;
  const std::vector<std::string> arms = {d.control, d.a, d.b, d.ab};
  double first = INFINITY, last = -INFINITY;
  for (const Curve& c : data.curves) {
    first = std::min(first, c.day.front());
    last = std::max(last, c.day.back());
  }
  const std::string landmark_window =
      fmt::format("landmark day {} (TGI, change from each animal's baseline)", o.landmark_day);
  const std::string whole =
      fmt::format("whole follow-up, days {}-{} (per-animal log-linear growth rates)", first, last);

  // Landmark: E = TGI / 100 on change from baseline; CI on T/C.
  const LandmarkSample s = SampleAtDay(data, arms, o.landmark_day);
  std::vector<std::size_t> sizes;
  for (const auto& v : s.volume) sizes.push_back(v.size());
  auto mean_change = [&](std::size_t g, const std::vector<std::size_t>& ix) {
    double sum = 0;
    for (std::size_t i : ix) sum += s.volume[g][i] - s.baseline[g][i];
    return sum / static_cast<double>(ix.size());
  };
  auto mean_volume = [&](std::size_t g, const std::vector<std::size_t>& ix) {
    double sum = 0;
    for (std::size_t i : ix) sum += s.volume[g][i];
    return sum / static_cast<double>(ix.size());
  };
  if (*std::min_element(sizes.begin(), sizes.end()) >= 1) {
    ResponseRows(
        [&](const auto& ix) {
          const double c = mean_change(0, ix[0]);
          return std::array<double, 3>{1 - mean_change(1, ix[1]) / c, 1 - mean_change(2, ix[2]) / c,
                                       1 - mean_change(3, ix[3]) / c};
        },
        sizes, landmark_window, o, out);
    SynergyRow ci;
    ci.method = "combination_index";
    ci.window = fmt::format("landmark day {} (T/C of mean volumes)", o.landmark_day);
    auto tc = [&](std::size_t g, const auto& ix) {
      return mean_volume(g, ix[g]) / mean_volume(0, ix[0]);
    };
    auto ratio = [&](const std::vector<std::vector<std::size_t>>& ix) {
      return tc(3, ix) / (tc(1, ix) * tc(2, ix));
    };
    std::vector<std::vector<std::size_t>> all(4);
    for (std::size_t g = 0; g < 4; ++g) {
      for (std::size_t i = 0; i < sizes[g]; ++i) all[g].push_back(i);
    }
    ci.expected = tc(1, all) * tc(2, all);
    ci.observed = tc(3, all);
    ci.estimate = ci.observed / ci.expected;
    ci.lower = ci.upper = ci.p = NAN;
    if (*std::min_element(sizes.begin(), sizes.end()) >= 2) {
      const auto b =
          StratifiedBootstrap(sizes, ratio, o.bootstrap_replicates, o.seed, o.confidence);
      ci.lower = b.intervals.percentile.lower;
      ci.upper = b.intervals.percentile.upper;
    }
    ci.verdict = !std::isfinite(ci.upper) ? "not assessable (too few animals)"
                 : ci.upper < 1           ? "synergy (CI < 1)"
                 : ci.lower > 1           ? "antagonism (CI > 1)"
                                          : "not distinguishable from Bliss independence (CI = 1)";
    out.rows.push_back(ci);
  }

  // Whole follow-up: per-animal rates.
  Groups rates, dm;
  for (const AnimalGrowth& g : growth) {
    const auto k = std::find(arms.begin(), arms.end(), g.curve->arm) - arms.begin();
    if (k == 4 || !std::isfinite(g.rate)) continue;
    rates.v[static_cast<std::size_t>(k)].push_back(g.rate);
    // Demidenko & Miller: log(V_t / V_0) = b t through the origin.
    double sty = 0, stt = 0;
    const Curve& c = *g.curve;
    for (std::size_t i = 1; i < c.size(); ++i) {
      const double t = c.day[i] - c.day[0];
      sty += t * std::log(c.volume[i] / c.baseline());
      stt += t * t;
    }
    dm.v[static_cast<std::size_t>(k)].push_back(sty / stt);
  }
  if (Enough(rates, 1)) {
    std::vector<std::size_t> rs;
    for (const auto& v : rates.v) rs.push_back(v.size());
    ResponseRows(
        [&](const auto& ix) {
          auto m = [&](std::size_t g) {
            double sum = 0;
            for (std::size_t i : ix[g]) sum += rates.v[g][i];
            return sum / static_cast<double>(ix[g].size());
          };
          const double c = m(0);
          return std::array<double, 3>{1 - m(1) / c, 1 - m(2) / c, 1 - m(3) / c};
        },
        rs, whole, o, out);
  }
  if (Enough(rates, 2)) {
    out.rows.push_back(
        InteractionRow(rates, false, "rate_interaction_pooled", whole, o.confidence));
    out.rows.push_back(InteractionRow(rates, true, "rate_interaction_welch", whole, o.confidence));
  }
  if (mixed != nullptr) {
    const Eigen::VectorXd w = SlopeWeights(*mixed, d.ab) - SlopeWeights(*mixed, d.a) -
                              SlopeWeights(*mixed, d.b) + SlopeWeights(*mixed, d.control);
    const Contrast c = LinearContrast(*mixed, w, "interaction");
    SynergyRow row;
    row.method = "mixed_model_interaction";
    row.window = fmt::format("whole follow-up, days {}-{} (mixed model, log volume, day x arm)",
                             first, last);
    row.observed = mixed->arm_slopes.at(d.ab);
    row.expected = row.observed - c.estimate;
    row.estimate = c.estimate;
    const double q = stats::Qnorm(0.5 + o.confidence / 2);
    row.lower = c.estimate - q * c.se;
    row.upper = c.estimate + q * c.se;
    row.p = c.p;
    row.verdict = RateVerdict(row);
    out.rows.push_back(row);
  }
  if (Enough(dm, 2)) {
    out.rows.push_back(InteractionRow(
        dm, true, "demidenko_miller",
        fmt::format("whole follow-up, days {}-{} (log relative volume, slope through origin)",
                    first, last),
        o.confidence));
  }
  // Time-resolved Demidenko & Miller: mean log relative volume per day.
  std::set<double> days;
  for (const Curve& c : data.curves) days.insert(c.day.begin() + 1, c.day.end());
  for (double day : days) {
    Groups lr;
    for (std::size_t k = 0; k < 4; ++k) {
      for (const Curve* c : data.Arm(arms[k])) {
        const long i = IndexOfDay(*c, day);
        if (i > 0)
          lr.v[k].push_back(std::log(c->volume[static_cast<std::size_t>(i)] / c->baseline()));
      }
    }
    if (!Enough(lr, o.min_animals_per_day)) continue;
    SynergyRow row = InteractionRow(lr, true, "demidenko_miller_time_resolved",
                                    fmt::format("day {}", day), o.confidence);
    if (row.upper < 0)
      row.verdict = "synergy (log relative volume below Bliss independence)";
    else if (row.lower > 0)
      row.verdict = "antagonism (log relative volume above Bliss independence)";
    else
      row.verdict = "not distinguishable from Bliss independence";
    out.rows.push_back(row);
  }
  // Landmark vs whole follow-up (Bliss).
  const SynergyRow* at_landmark = nullptr;
  const SynergyRow* over_all = nullptr;
  for (const SynergyRow& r : out.rows) {
    if (r.method == "bliss" && r.window == landmark_window) at_landmark = &r;
    if (r.method == "bliss" && r.window == whole) over_all = &r;
  }
  if (at_landmark && over_all) {
    auto kind = [](const std::string& v) { return v.substr(0, v.find(' ')); };
    if (kind(at_landmark->verdict) != kind(over_all->verdict)) {
      out.notes.push_back(fmt::format(
          "Bliss verdicts disagree: at the landmark (day {}) '{}' (TGI {:.1f} observed vs {:.1f} "
          "expected), "
          "over the whole follow-up '{}' (rate inhibition {:.1f} vs {:.1f}); see the curves: the "
          "combination's "
          "effect changes over time (e.g. late regressions after the landmark).",
          o.landmark_day, at_landmark->verdict, at_landmark->observed, at_landmark->expected,
          over_all->verdict, over_all->observed, over_all->expected));
    } else {
      out.notes.push_back(fmt::format(
          "Bliss verdicts agree at the landmark (day {}) and over the whole follow-up: {}",
          o.landmark_day, at_landmark->verdict));
    }
  }
  return out;
}

}  // namespace pioneer::invivo
