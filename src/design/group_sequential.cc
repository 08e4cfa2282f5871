// Lan-DeMets alpha-spending boundaries and their power by recursive
// numerical integration (Armitage, McPherson & Rowe 1969; grid of Jennison
// & Turnbull 2000, section 19.2), matched to rpact 3.3.4
// getDesignGroupSequential / getDesignCharacteristics.
#include "pioneer/design/group_sequential.h"

#include <fmt/format.h>

#include <cmath>

#include "pioneer/design/option_error.h"
#include "pioneer/design/survival_size.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::design {
namespace {

constexpr const char* kGs = "GsOptions";
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

double Dnorm(double x) { return kInvSqrt2Pi * std::exp(-0.5 * x * x); }
double UpperNormal(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

// Points and Simpson weights of the integral over (-inf, upper] of a
// density centred near `mean`: Jennison & Turnbull's 6r - 1 nodes (dense
// within 3 of the mean, log-spaced tails), cut at `upper`, with midpoints.
struct Grid {
  std::vector<double> z, w;
};

Grid MakeGrid(double mean, double upper, int r) {
  std::vector<double> nodes;
  for (int i = 1; i <= 6 * r - 1; ++i) {
    double x = 0;
    if (i < r) {
      x = -3 - 4 * std::log(static_cast<double>(r) / i);
    } else if (i <= 5 * r) {
      x = -3 + 3.0 * (i - r) / (2.0 * r);
    } else {
      x = 3 + 4 * std::log(static_cast<double>(r) / (6 * r - i));
    }
    if (mean + x < upper) nodes.push_back(mean + x);
  }
  nodes.push_back(upper);
  Grid g;
  if (nodes.size() < 2) nodes.insert(nodes.begin(), upper - 1e-9);
  for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
    const double d = nodes[i + 1] - nodes[i];
    if (i == 0) g.z.push_back(nodes[0]), g.w.push_back(0);
    g.w.back() += d / 6;
    g.z.push_back(0.5 * (nodes[i] + nodes[i + 1]));
    g.w.push_back(4 * d / 6);
    g.z.push_back(nodes[i + 1]);
    g.w.push_back(d / 6);
  }
  return g;
}

// The sub-density of Z_k on the continuation region, times the weights:
// g[i] = w_i f_k(z_i) with f_k the density of not having stopped.
struct Stage {
  Grid grid;
  std::vector<double> g;
};

Stage FirstStage(double t1, double c1, double drift, int r) {
  Stage s{MakeGrid(drift * std::sqrt(t1), c1, r), {}};
  for (std::size_t i = 0; i < s.grid.z.size(); ++i) {
    s.g.push_back(s.grid.w[i] * Dnorm(s.grid.z[i] - drift * std::sqrt(t1)));
  }
  return s;
}

// P(Z_k >= c, not stopped before) from the previous stage's sub-density.
double Crossing(const Stage& prev, double t_prev, double t, double c, double drift) {
  const double dt = t - t_prev, sd = std::sqrt(dt);
  double sum = 0;
  for (std::size_t j = 0; j < prev.g.size(); ++j) {
    sum += prev.g[j] *
           UpperNormal((c * std::sqrt(t) - prev.grid.z[j] * std::sqrt(t_prev) - drift * dt) / sd);
  }
  return sum;
}

Stage NextStage(const Stage& prev, double t_prev, double t, double c, double drift, int r) {
  const double dt = t - t_prev, sd = std::sqrt(dt);
  Stage s{MakeGrid(drift * std::sqrt(t), c, r), {}};
  for (std::size_t i = 0; i < s.grid.z.size(); ++i) {
    double f = 0;
    for (std::size_t j = 0; j < prev.g.size(); ++j) {
      f += prev.g[j] *
           Dnorm((s.grid.z[i] * std::sqrt(t) - prev.grid.z[j] * std::sqrt(t_prev) - drift * dt) /
                 sd);
    }
    s.g.push_back(s.grid.w[i] * f * std::sqrt(t) / sd);
  }
  return s;
}

// The c with Crossing(c) = target, by bisection (Crossing decreases in c).
double SolveBoundary(const Stage& prev, double t_prev, double t, double target) {
  double lo = -10, hi = 40;
  for (int it = 0; it < 200 && hi - lo > 1e-14; ++it) {
    const double mid = 0.5 * (lo + hi);
    (Crossing(prev, t_prev, t, mid, 0) > target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

std::vector<double> Boundaries(const GsOptions& o) {
  std::vector<double> c;
  double spent = 0;
  Stage stage;
  for (std::size_t k = 0; k < o.looks.size(); ++k) {
    const double cumulative = SpentAlpha(o.spending, o.alpha, o.gamma, o.looks[k]);
    const double increment = cumulative - spent;
    if (k == 0) {
      c.push_back(-stats::Qnorm(increment));
      stage = FirstStage(o.looks[0], c[0], 0, o.grid);
    } else {
      c.push_back(SolveBoundary(stage, o.looks[k - 1], o.looks[k], increment));
      if (k + 1 < o.looks.size())
        stage = NextStage(stage, o.looks[k - 1], o.looks[k], c[k], 0, o.grid);
    }
    spent = cumulative;
  }
  return c;
}

double Sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// The drift with total rejection probability = power (Illinois regula falsi).
double SolveDrift(const GsOptions& o, const std::vector<double>& c) {
  const double fixed = stats::Qnorm(1 - o.alpha) + stats::Qnorm(o.power);
  const auto f = [&](double d) {
    return Sum(CrossingProbabilities(o.looks, c, d, o.grid)) - o.power;
  };
  double a = fixed * 0.9, b = fixed * 1.6, fa = f(a), fb = f(b);
  int side = 0;
  for (int it = 0; it < 100 && std::fabs(b - a) > 1e-13; ++it) {
    const double x = (a * fb - b * fa) / (fb - fa), fx = f(x);
    if (fx * fb > 0) {
      b = x, fb = fx;
      if (side == -1) fa /= 2;
      side = -1;
    } else {
      a = x, fa = fx;
      if (side == 1) fb /= 2;
      side = 1;
    }
    if (fx == 0) return x;
  }
  return 0.5 * (a + b);
}

double ExpectedInformation(const std::vector<double>& looks, const std::vector<double>& cross) {
  double e = 0, stopped = 0;
  for (std::size_t k = 0; k + 1 < looks.size(); ++k) e += looks[k] * cross[k], stopped += cross[k];
  return e + looks.back() * (1 - stopped);
}

}  // namespace

Spending ParseSpending(const std::string& text) {
  return core::ParseEnum(kSpendingNames, text, "spending");
}

std::string ToString(Spending s) { return std::string(core::EnumName(kSpendingNames, s)); }

void GsOptions::Validate() const {
  Require(!looks.empty() && looks.size() <= 20, kGs, "looks", static_cast<double>(looks.size()),
          "must list 1 to 20 information rates");
  for (std::size_t k = 0; k < looks.size(); ++k) {
    Require(looks[k] > (k == 0 ? 0 : looks[k - 1]) && looks[k] <= 1, kGs, "looks", looks[k],
            "information rates must increase within (0, 1]");
  }
  Require(std::fabs(looks.back() - 1) < 1e-12, kGs, "looks", looks.back(), "the last must be 1");
  Require(alpha > 0 && alpha < 0.5, kGs, "alpha", alpha, "must be in (0, 0.5) (one-sided)");
  Require(power > alpha && power < 1, kGs, "power", power, "must be in (alpha, 1)");
  Require(std::fabs(gamma) <= 40, kGs, "gamma", gamma, "must be in [-40, 40]");
  Require(hazard_ratio >= 0 && hazard_ratio != 1, kGs, "hazard_ratio", hazard_ratio,
          "must be > 0 and != 1 (0: no events)");
  Require(allocation > 0 && allocation <= 100, kGs, "allocation", allocation,
          "must be in (0, 100]");
  Require(grid >= 8 && grid <= 200, kGs, "grid", grid, "must be in [8, 200]");
}

double SpentAlpha(Spending s, double alpha, double gamma, double t) {
  if (t >= 1) return alpha;
  switch (s) {
    case Spending::kOBrienFleming:  // rpact asOF: 2 (1 - Phi(z_{1-alpha/2} / sqrt(t)))
      return 2 * UpperNormal(-stats::Qnorm(alpha / 2) / std::sqrt(t));
    case Spending::kPocock:  // rpact asP: alpha log(1 + (e - 1) t)
      return alpha * std::log(1 + (std::exp(1.0) - 1) * t);
    case Spending::kHwangShihDeCani:  // rpact asHSD: alpha (1 - e^{-g t}) / (1 - e^{-g})
      return gamma == 0 ? alpha * t : alpha * std::expm1(-gamma * t) / std::expm1(-gamma);
  }
  return alpha;
}

std::vector<double> CrossingProbabilities(const std::vector<double>& looks,
                                          const std::vector<double>& c, double drift, int grid) {
  std::vector<double> cross = {UpperNormal(c[0] - drift * std::sqrt(looks[0]))};
  Stage stage = FirstStage(looks[0], c[0], drift, grid);
  for (std::size_t k = 1; k < looks.size(); ++k) {
    cross.push_back(Crossing(stage, looks[k - 1], looks[k], c[k], drift));
    if (k + 1 < looks.size()) stage = NextStage(stage, looks[k - 1], looks[k], c[k], drift, grid);
  }
  return cross;
}

GsResult GroupSequential(const GsOptions& o) {
  o.Validate();
  GsResult r{o, {}, 0, 0, false, 0, 0, 0, 0};
  const std::vector<double> c = Boundaries(o);
  r.drift = SolveDrift(o, c);
  const double fixed = stats::Qnorm(1 - o.alpha) + stats::Qnorm(o.power);
  r.inflation_factor = (r.drift / fixed) * (r.drift / fixed);
  const std::vector<double> h1 = CrossingProbabilities(o.looks, c, r.drift, o.grid);
  const std::vector<double> h0 = CrossingProbabilities(o.looks, c, 0, o.grid);
  double power = 0;
  for (std::size_t k = 0; k < o.looks.size(); ++k) {
    power += h1[k];
    r.looks.push_back({o.looks[k], c[k], UpperNormal(c[k]),
                       SpentAlpha(o.spending, o.alpha, o.gamma, o.looks[k]), power, 0, 0});
  }
  if (o.hazard_ratio > 0) {
    r.has_events = true;
    r.fixed_events =
        FixedEvents(EventsFormula::kSchoenfeld, o.hazard_ratio, 2 * o.alpha, o.power, o.allocation);
    r.max_events = r.inflation_factor * r.fixed_events;
    r.expected_events_h1 = r.max_events * ExpectedInformation(o.looks, h1);
    r.expected_events_h0 = r.max_events * ExpectedInformation(o.looks, h0);
    const double a = o.allocation, sign = o.hazard_ratio < 1 ? -1 : 1;
    for (GsLook& look : r.looks) {
      look.events = look.information * r.max_events;
      look.hr_boundary = std::exp(sign * look.critical_z * (1 + a) / std::sqrt(a * look.events));
    }
  }
  return r;
}

nlohmann::json GsResult::ToJson() const {
  nlohmann::json looks_json = nlohmann::json::array();
  for (const GsLook& l : looks) {
    nlohmann::json j = {{"information", l.information},
                        {"critical_z", l.critical_z},
                        {"nominal_alpha", l.nominal_alpha},
                        {"alpha_spent", l.alpha_spent},
                        {"power_cumulative", l.power_cumulative}};
    if (has_events) j["events"] = l.events, j["hr_boundary"] = l.hr_boundary;
    looks_json.push_back(j);
  }
  nlohmann::json j = {
      {"method", "Lan-DeMets alpha spending, one-sided efficacy boundaries, as rpact"},
      {"spending", ToString(options.spending)},
      {"gamma", options.gamma},
      {"alpha", options.alpha},
      {"power", options.power},
      {"looks", looks_json},
      {"drift", drift},
      {"inflation_factor", inflation_factor}};
  if (has_events) {
    j["hazard_ratio"] = options.hazard_ratio;
    j["allocation"] = options.allocation;
    j["fixed_events"] = fixed_events;
    j["max_events"] = max_events;
    j["expected_events_h1"] = expected_events_h1;
    j["expected_events_h0"] = expected_events_h0;
  }
  return j;
}

}  // namespace pioneer::design
