// Training-fold preprocessing of the linear methods (see locked_model.h):
// median imputation, missingness indicators, winsorising, restricted cubic
// splines.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "pioneer/core/error.h"
#include "pioneer/models/locked_model.h"

namespace pioneer::models {
namespace {

constexpr double kWinsorLow = 0.01, kWinsorHigh = 0.99;
constexpr double kKnotQuantiles[] = {0.1, 0.5, 0.9};  // Harrell's 3-knot defaults
constexpr std::size_t kMinDistinctForSpline = 6;

// R's quantile(type = 7) of sorted values.
double Quantile(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double Median(const std::vector<double>& sorted) { return Quantile(sorted, 0.5); }

double Cube(double v) { return v > 0 ? v * v * v : 0; }

std::vector<double> Knots(const std::vector<double>& sorted) {
  std::vector<double> distinct = sorted;
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() < kMinDistinctForSpline) return {};
  std::vector<double> t;
  for (double q : kKnotQuantiles) t.push_back(Quantile(sorted, q));
  if (!(t[0] < t[1] && t[1] < t[2])) return {};
  return t;
}

}  // namespace

std::string TransformName(Transform transform) {
  switch (transform) {
    case Transform::kNone:
      return "none";
    case Transform::kWinsor:
      return "winsor";
    case Transform::kSpline:
      return "spline";
  }
  return "none";
}

Transform ParseTransform(const std::string& name) {
  if (name == "winsor") return Transform::kWinsor;
  if (name == "spline") return Transform::kSpline;
  if (name == "none") return Transform::kNone;
  throw Error(ErrorCode::kDataLoss, fmt::format("unknown preprocessing transform {}", name));
}

double RcsTerm(double x, const std::vector<double>& t, std::size_t j) {
  const std::size_t k = t.size();
  const double tk = t[k - 1], tk1 = t[k - 2];
  const double v = Cube(x - t[j]) - Cube(x - tk1) * (tk - t[j]) / (tk - tk1) +
                   Cube(x - tk) * (tk1 - t[j]) / (tk - tk1);
  return v / ((tk - t[0]) * (tk - t[0]));
}

Preprocessing Preprocessing::Fit(const std::vector<std::vector<double>>& columns,
                                 const std::vector<std::string>& features,
                                 const std::vector<std::size_t>& rows, Transform transform) {
  Preprocessing p;
  p.features = features;
  p.transform = transform;
  for (std::size_t j = 0; j < features.size(); ++j) {
    std::vector<double> present;
    for (std::size_t r : rows)
      if (!std::isnan(columns[j][r])) present.push_back(columns[j][r]);
    if (present.empty()) {
      throw Error(ErrorCode::kFailedPrecondition,
                  fmt::format("feature {} has no value in the training data", features[j]));
    }
    std::sort(present.begin(), present.end());
    p.medians.push_back(Median(present));
    p.indicator.push_back(present.size() < rows.size());
    if (transform == Transform::kWinsor) {
      p.lower.push_back(Quantile(present, kWinsorLow));
      p.upper.push_back(Quantile(present, kWinsorHigh));
    }
    if (transform == Transform::kSpline) p.knots.push_back(Knots(present));
  }
  return p;
}

std::vector<std::string> Preprocessing::DesignNames() const {
  std::vector<std::string> names = features;
  for (std::size_t j = 0; j < knots.size(); ++j) {
    for (std::size_t t = 0; t + 2 < knots[j].size(); ++t)
      names.push_back(fmt::format("{}_rcs{}", features[j], t + 1));
  }
  for (std::size_t j = 0; j < features.size(); ++j)
    if (indicator[j]) names.push_back(features[j] + "_missing");
  return names;
}

Eigen::MatrixXd Preprocessing::Apply(const std::vector<std::vector<double>>& columns,
                                     const std::vector<std::size_t>& rows) const {
  const std::size_t width = DesignNames().size();
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(width));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    std::size_t k = features.size();
    for (std::size_t j = 0; j < features.size(); ++j) {
      double v = columns[j][rows[i]];
      const bool missing = std::isnan(v);
      if (missing) v = medians[j];
      if (!lower.empty()) v = std::clamp(v, lower[j], upper[j]);
      x(row, static_cast<Eigen::Index>(j)) = v;
      if (j < knots.size()) {
        for (std::size_t t = 0; t + 2 < knots[j].size(); ++t)
          x(row, static_cast<Eigen::Index>(k++)) = RcsTerm(v, knots[j], t);
      }
    }
    for (std::size_t j = 0; j < features.size(); ++j) {
      if (indicator[j])
        x(row, static_cast<Eigen::Index>(k++)) = std::isnan(columns[j][rows[i]]) ? 1.0 : 0.0;
    }
  }
  return x;
}

void Preprocessing::AddToJson(std::size_t j, nlohmann::json& f) const {
  if (!lower.empty()) f["winsor"] = {lower[j], upper[j]};
  if (j < knots.size() && !knots[j].empty()) f["knots"] = knots[j];
}

void Preprocessing::ReadFromJson(const nlohmann::json& f) {
  if (f.contains("winsor")) {
    transform = Transform::kWinsor;
    lower.push_back(f.at("winsor").at(0));
    upper.push_back(f.at("winsor").at(1));
  }
  if (transform == Transform::kSpline)
    knots.push_back(f.contains("knots") ? f.at("knots").get<std::vector<double>>()
                                        : std::vector<double>{});
}

}  // namespace pioneer::models
