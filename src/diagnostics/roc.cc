// ROC, DeLong and Youden as pROC 1.18 (see roc.h).
#include "pioneer/diagnostics/roc.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::diagnostics {
namespace {

using Indexed = std::vector<std::pair<double, std::size_t>>;

Indexed SortedWithIndex(std::span<const double> values, double sign) {
  Indexed out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = {sign * values[i], i};
  std::sort(out.begin(), out.end());
  return out;
}

double Median(std::vector<double> v) {
  const std::size_t n = v.size();
  std::nth_element(v.begin(), v.begin() + n / 2, v.end());
  const double upper = v[n / 2];
  if (n % 2 == 1) return upper;
  return (upper + *std::max_element(v.begin(), v.begin() + n / 2)) / 2;
}

double Json(double v) { return v; }

// Sample variance about `mean` with denominator size - 1.
double SumSquares(const std::vector<double>& v, double mean) {
  double s = 0;
  for (double x : v) s += (x - mean) * (x - mean);
  return s;
}

}  // namespace

Direction ParseDirection(const std::string& text) {
  return core::ParseEnum(kDirectionNames, text, "direction");
}

std::string DirectionName(Direction direction) {
  return std::string(core::EnumName(kDirectionNames, direction));
}

// Walks the two sorted samples block of tied values by block, counting the
// controls and cases below each block: a case's placement is (controls
// below + controls tied / 2) / n_controls, a control's is (cases above +
// cases tied / 2) / n_cases.
Placements DeLongPlacements(std::span<const double> controls, std::span<const double> cases,
                            Direction direction) {
  const double sign = direction == Direction::kGreater ? -1.0 : 1.0;
  const Indexed x = SortedWithIndex(cases, sign);
  const Indexed y = SortedWithIndex(controls, sign);
  const double m = static_cast<double>(x.size());
  const double n = static_cast<double>(y.size());
  Placements p;
  p.cases.resize(x.size());
  p.controls.resize(y.size());
  std::size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    const double value =
        std::min(i < x.size() ? x[i].first : std::numeric_limits<double>::infinity(),
                 j < y.size() ? y[j].first : std::numeric_limits<double>::infinity());
    std::size_t i_end = i, j_end = j;
    while (i_end < x.size() && x[i_end].first == value) ++i_end;
    while (j_end < y.size() && y[j_end].first == value) ++j_end;
    const double case_place = (static_cast<double>(j) + 0.5 * static_cast<double>(j_end - j)) / n;
    const double control_place =
        (m - static_cast<double>(i) - 0.5 * static_cast<double>(i_end - i)) / m;
    for (std::size_t k = i; k < i_end; ++k) p.cases[x[k].second] = case_place;
    for (std::size_t k = j; k < j_end; ++k) p.controls[y[k].second] = control_place;
    i = i_end;
    j = j_end;
  }
  double sum = 0;
  for (double v : p.cases) sum += v;
  p.auc = sum / m;
  return p;
}

Placements DeLongPlacementsNaive(std::span<const double> controls, std::span<const double> cases,
                                 Direction direction) {
  const double sign = direction == Direction::kGreater ? -1.0 : 1.0;
  auto psi = [&](double case_value, double control_value) {
    const double a = sign * case_value, b = sign * control_value;
    return a > b ? 1.0 : (a == b ? 0.5 : 0.0);
  };
  Placements p;
  p.cases.assign(cases.size(), 0);
  p.controls.assign(controls.size(), 0);
  double total = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    for (std::size_t j = 0; j < controls.size(); ++j) {
      const double s = psi(cases[i], controls[j]);
      p.cases[i] += s / static_cast<double>(controls.size());
      p.controls[j] += s / static_cast<double>(cases.size());
      total += s;
    }
  }
  p.auc = total / static_cast<double>(cases.size() * controls.size());
  return p;
}

double DeLongVariance(const Placements& p) {
  const double m = static_cast<double>(p.cases.size());
  const double n = static_cast<double>(p.controls.size());
  if (m <= 1 || n <= 1) return std::numeric_limits<double>::quiet_NaN();
  return SumSquares(p.cases, p.auc) / (m - 1) / m + SumSquares(p.controls, p.auc) / (n - 1) / n;
}

namespace {

void CheckInput(std::span<const double> marker, std::span<const int> outcome) {
  if (marker.size() != outcome.size()) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("ROC: {} marker values but {} outcomes",
                                                         marker.size(), outcome.size()));
  }
  for (std::size_t i = 0; i < marker.size(); ++i) {
    if (outcome[i] != 0 && outcome[i] != 1) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("ROC: outcome of row {} is {}, expected 0 or 1", i + 1, outcome[i]));
    }
    if (!std::isfinite(marker[i])) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("ROC: marker of row {} is not a finite number", i + 1));
    }
  }
}

// pROC's roc.utils.thresholds (midpoints, halved first when huge) and the
// sensitivity / specificity at each. One sort per class, a merge for the
// distinct values, then one monotone sweep: the thresholds increase, so the
// counts of cases / controls below (or at most) each threshold only move
// forward (O(n) after sorting, instead of four binary searches per threshold).
void FillCurve(std::vector<double> xs, std::vector<double> ys, RocResult& r) {
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  std::vector<double> all(xs.size() + ys.size());
  std::merge(xs.begin(), xs.end(), ys.begin(), ys.end(), all.begin());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  const double inf = std::numeric_limits<double>::infinity();
  const std::size_t count = all.size() + 1;
  r.thresholds.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    const double lo = k == 0 ? -inf : all[k - 1];
    const double hi = k == all.size() ? inf : all[k];
    const double t = (lo + hi) / 2;
    r.thresholds[k] = std::abs(t) > 1e100 ? lo / 2 + hi / 2 : t;
  }
  const double m = static_cast<double>(xs.size()), n = static_cast<double>(ys.size());
  r.sensitivities.resize(count);
  r.specificities.resize(count);
  std::size_t cases_below = 0, controls_below = 0, cases_at_most = 0, controls_at_most = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const double t = r.thresholds[k];
    while (cases_below < xs.size() && xs[cases_below] < t) ++cases_below;
    while (controls_below < ys.size() && ys[controls_below] < t) ++controls_below;
    while (cases_at_most < xs.size() && xs[cases_at_most] <= t) ++cases_at_most;
    while (controls_at_most < ys.size() && ys[controls_at_most] <= t) ++controls_at_most;
    if (r.direction == Direction::kLess) {  // positive: marker >= t
      r.sensitivities[k] = (m - static_cast<double>(cases_below)) / m;
      r.specificities[k] = static_cast<double>(controls_below) / n;
    } else {  // positive: marker <= t
      r.sensitivities[k] = static_cast<double>(cases_at_most) / m;
      r.specificities[k] = (n - static_cast<double>(controls_at_most)) / n;
    }
  }
}

// coords(x = "best", best.method = "youden"): the maximum of se + sp; among
// ties the lowest threshold for "<", the highest for ">" (pROC's order of
// increasing specificity... decreasing sensitivity).
Youden BestYouden(const RocResult& r) {
  std::size_t best = 0;
  double best_value = -1;
  const std::size_t k_count = r.thresholds.size();
  for (std::size_t s = 0; s < k_count; ++s) {
    const std::size_t k = r.direction == Direction::kLess ? s : k_count - 1 - s;
    const double value = r.sensitivities[k] + r.specificities[k];
    if (value > best_value) {
      best_value = value;
      best = k;
    }
  }
  return {r.thresholds[best], r.sensitivities[best], r.specificities[best]};
}

}  // namespace

RocResult Roc(std::span<const double> marker, std::span<const int> outcome,
              const RocOptions& options) {
  CheckInput(marker, outcome);
  std::vector<double> controls, cases;
  for (std::size_t i = 0; i < marker.size(); ++i)
    (outcome[i] == 1 ? cases : controls).push_back(marker[i]);
  if (cases.empty() || controls.empty()) {
    throw Error(
        ErrorCode::kFailedPrecondition,
        fmt::format("ROC needs at least one case and one control (got {} cases, {} controls)",
                    cases.size(), controls.size()));
  }
  RocResult r;
  r.n_cases = cases.size();
  r.n_controls = controls.size();
  r.confidence = options.confidence;
  r.direction = options.direction;
  if (r.direction == Direction::kAuto) {
    r.direction = Median(controls) <= Median(cases) ? Direction::kLess : Direction::kGreater;
  }
  r.placements = DeLongPlacements(controls, cases, r.direction);
  r.auc = r.placements.auc;
  const double variance = DeLongVariance(r.placements);
  r.auc_se = std::sqrt(variance);
  const double z = stats::Qnorm(1 - (1 - options.confidence) / 2);
  r.auc_lower = std::clamp(r.auc - z * r.auc_se, 0.0, 1.0);
  r.auc_upper = std::clamp(r.auc + z * r.auc_se, 0.0, 1.0);
  if (std::isnan(variance)) r.auc_lower = r.auc_upper = std::numeric_limits<double>::quiet_NaN();
  FillCurve(std::move(cases), std::move(controls), r);
  r.youden = BestYouden(r);
  if (!options.keep_curve) {
    r.thresholds.clear();
    r.sensitivities.clear();
    r.specificities.clear();
  }
  return r;
}

PairedTest PairedDeLongTest(const RocResult& first, const RocResult& second) {
  const Placements& a = first.placements;
  const Placements& b = second.placements;
  if (a.cases.size() != b.cases.size() || a.controls.size() != b.controls.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                "paired DeLong test: the two ROC curves are not on the same subjects");
  }
  const double m = static_cast<double>(a.cases.size()), n = static_cast<double>(a.controls.size());
  auto cov = [](const std::vector<double>& u, double mu, const std::vector<double>& v, double mv) {
    double s = 0;
    for (std::size_t i = 0; i < u.size(); ++i) s += (u[i] - mu) * (v[i] - mv);
    return s / static_cast<double>(u.size() - 1);
  };
  // L S L' with L = (1, -1), S = S10 / m + S01 / n (pROC delong.paired.calculations).
  const double var =
      (cov(a.cases, a.auc, a.cases, a.auc) + cov(b.cases, b.auc, b.cases, b.auc) -
       2 * cov(a.cases, a.auc, b.cases, b.auc)) /
          m +
      (cov(a.controls, a.auc, a.controls, a.auc) + cov(b.controls, b.auc, b.controls, b.auc) -
       2 * cov(a.controls, a.auc, b.controls, b.auc)) /
          n;
  PairedTest t;
  t.difference = a.auc - b.auc;
  t.se = std::sqrt(std::max(var, 0.0));
  t.z = (t.difference == 0 && t.se == 0) ? 0.0 : t.difference / t.se;
  t.p = 2 * stats::Pnorm(-std::abs(t.z));
  return t;
}

nlohmann::json RocResult::ToJson() const {
  return {{"n_cases", n_cases},
          {"n_controls", n_controls},
          {"direction", DirectionName(direction)},
          {"auc", Json(auc)},
          {"auc_se", Json(auc_se)},
          {"auc_lower", Json(auc_lower)},
          {"auc_upper", Json(auc_upper)},
          {"conf_level", confidence},
          {"ci_method", "delong"},
          {"youden",
           {{"threshold", Json(youden.threshold)},
            {"sensitivity", youden.sensitivity},
            {"specificity", youden.specificity}}}};
}

nlohmann::json PairedTest::ToJson() const {
  return {{"method", "DeLong, paired"}, {"difference", difference}, {"se", se}, {"z", z}, {"p", p}};
}

}  // namespace pioneer::diagnostics
