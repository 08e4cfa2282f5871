// Concordance, Brier, calibration, decision curves, bootstrap (metrics.h).
#include "pioneer/diagnostics/metrics.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/stats/logistic.h"
#include "pioneer/stats/proportion.h"

namespace pioneer::diagnostics {
namespace {

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

// Fenwick tree of weights over risk ranks 0..m-1.
class Fenwick {
 public:
  explicit Fenwick(std::size_t m) : tree_(m + 1, 0.0) {}
  void Add(std::size_t rank, double w) {
    for (std::size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += w;
  }
  double Below(std::size_t rank) const {  // sum over ranks < rank
    double s = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) s += tree_[i];
    return s;
  }

 private:
  std::vector<double> tree_;
};

void CheckSurvival(const stats::SurvivalData& data, std::span<const double> risk) {
  data.Validate();
  if (risk.size() != data.size()) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format("concordance: {} risk values for {} subjects", risk.size(), data.size()));
  }
  for (std::size_t i = 0; i < risk.size(); ++i) {
    if (!std::isfinite(risk[i]))
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("concordance: risk of subject {} is not finite", i + 1));
  }
  if (std::count(data.event.begin(), data.event.end(), 1) == 0) {
    throw Error(ErrorCode::kFailedPrecondition, "concordance: no events, so no comparable pairs");
  }
}

// Weight of the comparisons anchored at each subject's event time (indexed
// by subject; only events used): 1 (Harrell), or 1/G(t-)^2 with G the
// censoring Kaplan-Meier, censorings at t after the deaths at t (Uno).
std::vector<double> EventWeights(const stats::SurvivalData& d, bool uno, double tau) {
  const std::size_t n = d.size();
  std::vector<double> w(n, 1.0);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return d.time[a] < d.time[b]; });
  double g = 1;  // G just before the current time
  std::size_t at_risk = n;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i, deaths = 0, censored = 0;
    while (j < n && d.time[order[j]] == d.time[order[i]])
      (d.event[order[j++]] == 1 ? deaths : censored)++;
    for (std::size_t k = i; k < j; ++k) {
      const std::size_t s = order[k];
      w[s] = d.time[s] > tau ? 0.0 : (uno ? 1 / (g * g) : 1.0);
    }
    if (censored > 0 && at_risk > deaths)
      g *= 1 - static_cast<double>(censored) / static_cast<double>(at_risk - deaths);
    at_risk -= j - i;
    i = j;
  }
  return w;
}

ConcordanceIndex Count(const stats::SurvivalData& d, std::span<const double> risk,
                       const std::vector<double>& weight) {
  const std::size_t n = d.size();
  std::vector<double> levels(risk.begin(), risk.end());
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  std::vector<std::size_t> rank(n);
  for (std::size_t i = 0; i < n; ++i)
    rank[i] = static_cast<std::size_t>(std::lower_bound(levels.begin(), levels.end(), risk[i]) -
                                       levels.begin());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return d.time[a] > d.time[b]; });
  Fenwick tree(levels.size());
  double in_tree = 0;
  ConcordanceIndex c;
  c.n = n;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && d.time[order[j]] == d.time[order[i]]) ++j;
    for (std::size_t k = i; k < j; ++k)
      if (d.event[order[k]] == 0) {
        tree.Add(rank[order[k]], 1);
        in_tree += 1;
      }
    std::size_t deaths = 0;
    for (std::size_t k = i; k < j; ++k) {
      const std::size_t s = order[k];
      if (d.event[s] == 0) continue;
      ++deaths;
      ++c.n_events;
      const double below = tree.Below(rank[s]);
      const double tied = tree.Below(rank[s] + 1) - below;
      c.concordant += weight[s] * below;  // higher risk, earlier death
      c.tied_x += weight[s] * tied;
      c.discordant += weight[s] * (in_tree - below - tied);
    }
    if (deaths > 1) c.tied_y += weight[order[i]] * static_cast<double>(deaths * (deaths - 1) / 2);
    for (std::size_t k = i; k < j; ++k)
      if (d.event[order[k]] == 1) {
        tree.Add(rank[order[k]], 1);
        in_tree += 1;
      }
    i = j;
  }
  const double comparable = c.concordant + c.discordant + c.tied_x;
  if (comparable <= 0)
    throw Error(ErrorCode::kFailedPrecondition, "concordance: no comparable pairs");
  c.c = (c.concordant + c.tied_x / 2) / comparable;
  return c;
}

}  // namespace

ConcordanceIndex HarrellC(const stats::SurvivalData& data, std::span<const double> risk) {
  CheckSurvival(data, risk);
  ConcordanceIndex c = Count(data, risk, std::vector<double>(data.size(), 1.0));
  c.weighting = "harrell";
  return c;
}

ConcordanceIndex UnoC(const stats::SurvivalData& data, std::span<const double> risk, double tau) {
  CheckSurvival(data, risk);
  if (!(tau > 0))
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("Uno's C: tau = {} must be positive", tau));
  ConcordanceIndex c = Count(data, risk, EventWeights(data, true, tau));
  c.weighting = "uno";
  c.tau = tau;
  return c;
}

nlohmann::json ConcordanceIndex::ToJson() const {
  nlohmann::json j = {{"c", c},
                      {"weighting", weighting},
                      {"concordant", concordant},
                      {"discordant", discordant},
                      {"tied_x", tied_x},
                      {"tied_y", tied_y},
                      {"n", n},
                      {"n_events", n_events}};
  j["tau"] = std::isfinite(tau) ? nlohmann::json(tau) : nlohmann::json(nullptr);
  return j;
}

void CheckBinaryPrediction(std::span<const double> p, std::span<const double> y,
                           const std::string& what) {
  if (p.size() != y.size())
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: {} predictions for {} outcomes", what, p.size(), y.size()));
  std::size_t positive = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1)
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("{}: outcome {} of subject {} is not 0 or 1", what, y[i], i + 1));
    if (!(p[i] >= 0 && p[i] <= 1))
      throw Error(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: probability {} of subject {} is not in [0, 1]", what, p[i], i + 1));
    positive += y[i] == 1;
  }
  if (positive == 0 || positive == y.size()) {
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("{}: all {} subjects are in one class (outcome {}); it needs both",
                            what, y.size(), positive == 0 ? 0 : 1));
  }
}

double Brier(std::span<const double> p, std::span<const double> y) {
  if (p.empty() || p.size() != y.size())
    throw Error(ErrorCode::kInvalidArgument, "Brier: empty or mismatched inputs");
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) s += (p[i] - y[i]) * (p[i] - y[i]);
  return s / static_cast<double>(p.size());
}

Calibration CalibrationOf(std::span<const double> probability, std::span<const double> y) {
  CheckBinaryPrediction(probability, y, "calibration");
  const auto n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd lp(n, 1);
  Eigen::VectorXd yy(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double p = std::clamp(probability[static_cast<std::size_t>(i)], 1e-15, 1 - 1e-15);
    lp(i, 0) = std::log(p / (1 - p));
    yy(i) = y[static_cast<std::size_t>(i)];
  }
  Calibration c;
  try {
    const stats::LogisticResult fit = stats::FitLogistic(lp, yy, {"lp"});
    c.slope = fit.coefficients[1];
    c.converged = fit.converged && !fit.separation;
  } catch (const Error& e) {
    // (Nearly) constant predictions: lp is collinear with the intercept at
    // glm's rank tolerance, and R reports the slope as NA.
    if (e.code() != ErrorCode::kFailedPrecondition) throw;
    c.slope = std::numeric_limits<double>::quiet_NaN();
  }
  // glm(y ~ offset(lp)): Newton on the intercept alone.
  for (int it = 0; it < 100; ++it) {
    double g = 0, h = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double p = Sigmoid(c.intercept + lp(i, 0));
      g += yy(i) - p;
      h += p * (1 - p);
    }
    const double step = g / h;
    c.intercept += step;
    if (std::abs(step) < 1e-12) break;
  }
  return c;
}

namespace {
double Quantile7(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}
}  // namespace

std::vector<CalibrationGroup> CalibrationCurve(std::span<const double> p, std::span<const double> y,
                                               int groups) {
  CheckBinaryPrediction(p, y, "calibration curve");
  if (groups < 1)
    throw Error(ErrorCode::kInvalidArgument, "calibration curve: groups must be at least 1");
  std::vector<double> sorted(p.begin(), p.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> breaks;
  for (int g = 0; g <= groups; ++g)
    breaks.push_back(Quantile7(sorted, static_cast<double>(g) / groups));
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  if (breaks.size() < 2) breaks.push_back(breaks[0]);  // all predictions equal: one group
  std::vector<CalibrationGroup> out(breaks.size() - 1);
  for (std::size_t g = 0; g < out.size(); ++g) {
    out[g].lower = breaks[g];
    out[g].upper = breaks[g + 1];
  }
  for (std::size_t i = 0; i < p.size(); ++i) {
    // (b[g], b[g+1]], the first group closed on the left (include.lowest).
    std::size_t g = static_cast<std::size_t>(
        std::lower_bound(breaks.begin() + 1, breaks.end() - 1, p[i]) - (breaks.begin() + 1));
    out[g].n++;
    out[g].events += y[i] == 1;
    out[g].mean_predicted += p[i];
  }
  std::erase_if(out, [](const CalibrationGroup& g) { return g.n == 0; });
  for (CalibrationGroup& g : out) {
    g.mean_predicted /= static_cast<double>(g.n);
    g.observed = static_cast<double>(g.events) / static_cast<double>(g.n);
    const auto ci =
        stats::ScoreTest(static_cast<std::int64_t>(g.events), static_cast<std::int64_t>(g.n))
            .conf_int;
    g.observed_lower = ci.lower;
    g.observed_upper = ci.upper;
  }
  return out;
}

std::vector<NetBenefit> DecisionCurve(std::span<const double> p, std::span<const double> y,
                                      std::span<const double> thresholds) {
  CheckBinaryPrediction(p, y, "decision curve");
  const double n = static_cast<double>(y.size());
  const double prevalence = std::accumulate(y.begin(), y.end(), 0.0) / n;
  std::vector<NetBenefit> out;
  for (double pt : thresholds) {
    if (!(pt >= 0 && pt < 1))
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("decision curve: threshold {} is not in [0, 1)", pt));
    NetBenefit nb;
    nb.threshold = pt;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i] < pt) continue;
      (y[i] == 1 ? nb.true_positive : nb.false_positive)++;
    }
    const double odds = pt / (1 - pt);
    nb.model = static_cast<double>(nb.true_positive) / n -
               static_cast<double>(nb.false_positive) / n * odds;
    nb.treat_all = prevalence - (1 - prevalence) * odds;
    out.push_back(nb);
  }
  return out;
}

nlohmann::json ToJson(const std::vector<CalibrationGroup>& curve) {
  nlohmann::json a = nlohmann::json::array();
  for (const CalibrationGroup& g : curve) {
    a.push_back({{"lower", g.lower},
                 {"upper", g.upper},
                 {"n", g.n},
                 {"events", g.events},
                 {"mean_predicted", g.mean_predicted},
                 {"observed", g.observed},
                 {"observed_lower", g.observed_lower},
                 {"observed_upper", g.observed_upper}});
  }
  return a;
}

nlohmann::json ToJson(const std::vector<NetBenefit>& curve) {
  nlohmann::json a = nlohmann::json::array();
  for (const NetBenefit& b : curve) {
    a.push_back({{"threshold", b.threshold},
                 {"true_positive", b.true_positive},
                 {"false_positive", b.false_positive},
                 {"net_benefit", b.model},
                 {"treat_all", b.treat_all},
                 {"treat_none", b.treat_none}});
  }
  return a;
}

stats::BootstrapResult BootstrapMetric(std::size_t n, const stats::IndexStatistic& metric,
                                       const stats::BootstrapOptions& options) {
  return stats::Bootstrap(n, metric, options);
}

stats::BootstrapResult BootstrapAuc(std::span<const double> probability,
                                    std::span<const int> outcome,
                                    const stats::BootstrapOptions& options) {
  if (probability.size() != outcome.size())
    throw Error(ErrorCode::kInvalidArgument, "bootstrap AUC: sizes differ");
  const std::size_t cases = static_cast<std::size_t>(std::count(outcome.begin(), outcome.end(), 1));
  if (cases == 0 || cases == outcome.size())
    throw Error(ErrorCode::kFailedPrecondition, "bootstrap AUC: all subjects are in one class");
  auto auc = [&](const std::vector<std::size_t>& rows) {
    std::vector<double> controls, positives;
    for (std::size_t r : rows) (outcome[r] == 1 ? positives : controls).push_back(probability[r]);
    if (controls.empty() || positives.empty()) return std::nan("");
    return DeLongPlacements(controls, positives, Direction::kLess).auc;
  };
  return stats::Bootstrap(probability.size(), auc, options);
}

}  // namespace pioneer::diagnostics

namespace pioneer::diagnostics {
namespace {

// Largest sensitivity among thresholds whose specificity reaches each
// target, "positive when marker >= threshold".
std::vector<double> SensitivityAt(std::vector<double> controls, std::vector<double> cases,
                                  std::span<const double> targets) {
  std::sort(controls.begin(), controls.end());
  std::sort(cases.begin(), cases.end());
  std::vector<double> out;
  const double nc = static_cast<double>(controls.size()), np = static_cast<double>(cases.size());
  for (double sp : targets) {
    // Specificity of threshold t = share of controls < t. The smallest t
    // reaching sp lies just above the k-th smallest control, k = ceil(sp nc).
    const auto k = static_cast<std::size_t>(std::ceil(sp * nc - 1e-12));
    double sens = 0;
    if (k == 0) {
      sens = 1;
    } else {
      const double t = controls[k - 1];  // positives: marker > t
      sens =
          static_cast<double>(cases.end() - std::upper_bound(cases.begin(), cases.end(), t)) / np;
    }
    out.push_back(sens);
  }
  return out;
}

}  // namespace

std::vector<RocBandPoint> RocBand(std::span<const double> marker, std::span<const int> outcome,
                                  std::span<const double> specificities,
                                  const stats::BootstrapOptions& options) {
  std::vector<double> controls, cases;
  for (std::size_t i = 0; i < marker.size(); ++i)
    (outcome[i] == 1 ? cases : controls).push_back(marker[i]);
  if (controls.empty() || cases.empty())
    throw Error(ErrorCode::kFailedPrecondition, "ROC band: all subjects are in one class");
  if (options.replicates < 2)
    throw Error(ErrorCode::kInvalidArgument, "ROC band: at least 2 replicates");
  const std::vector<double> point = SensitivityAt(controls, cases, specificities);
  std::vector<std::vector<double>> draws(specificities.size());
  core::Rng rng(options.seed);
  std::vector<double> rc(controls.size()), rp(cases.size());
  for (int b = 0; b < options.replicates; ++b) {
    for (double& v : rc) v = controls[rng.Below(controls.size())];
    for (double& v : rp) v = cases[rng.Below(cases.size())];
    const std::vector<double> s = SensitivityAt(rc, rp, specificities);
    for (std::size_t k = 0; k < s.size(); ++k) draws[k].push_back(s[k]);
  }
  const double a = (1 - options.confidence) / 2;
  std::vector<RocBandPoint> out;
  for (std::size_t k = 0; k < specificities.size(); ++k) {
    std::sort(draws[k].begin(), draws[k].end());
    auto q = [&](double p) {  // quantile type 7, as R's quantile() in pROC's ci.se
      const double h = (static_cast<double>(draws[k].size()) - 1) * p;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min(lo + 1, draws[k].size() - 1);
      return draws[k][lo] + (h - static_cast<double>(lo)) * (draws[k][hi] - draws[k][lo]);
    };
    out.push_back({specificities[k], point[k], q(a), q(1 - a)});
  }
  return out;
}

}  // namespace pioneer::diagnostics
