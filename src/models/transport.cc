// Transportability diagnostics (see transport.h).
#include "pioneer/models/transport.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "pioneer/core/error.h"
#include "pioneer/diagnostics/metrics.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/stats/logistic.h"

namespace pioneer::models {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::json NumberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

FeatureSummary Summarise(const std::vector<double>& column, const std::string& name) {
  FeatureSummary s;
  s.name = name;
  double sum = 0;
  s.min = std::numeric_limits<double>::infinity();
  s.max = -s.min;
  for (double v : column) {
    if (std::isnan(v)) {
      ++s.n_missing;
      continue;
    }
    ++s.n;
    sum += v;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
  }
  s.mean = s.n > 0 ? sum / static_cast<double>(s.n) : kNaN;
  double ss = 0;
  for (double v : column)
    if (!std::isnan(v)) ss += (v - s.mean) * (v - s.mean);
  s.sd = s.n > 1 ? std::sqrt(ss / static_cast<double>(s.n - 1)) : kNaN;
  if (s.n == 0) s.min = s.max = kNaN;
  return s;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Pooled design of the membership model: each non-constant feature
// (missing: pooled median) and, when it has missing values, its indicator.
struct Design {
  std::vector<std::vector<double>> columns;  // one per term, training rows then external rows
  std::vector<std::string> names;
};
Design MembershipDesign(const std::vector<std::string>& names,
                        const std::vector<std::vector<double>>& training,
                        const std::vector<std::vector<double>>& external) {
  Design d;
  for (std::size_t j = 0; j < names.size(); ++j) {
    std::vector<double> pooled = training[j];
    pooled.insert(pooled.end(), external[j].begin(), external[j].end());
    std::vector<double> present;
    for (double v : pooled)
      if (!std::isnan(v)) present.push_back(v);
    if (present.empty()) continue;
    const double median = Median(present);
    const bool constant =
        std::all_of(present.begin(), present.end(), [&](double v) { return v == present[0]; });
    const bool missing = present.size() < pooled.size();
    if (!constant) {
      std::vector<double> c;
      for (double v : pooled) c.push_back(std::isnan(v) ? median : v);
      d.columns.push_back(c);
      d.names.push_back(names[j]);
    }
    if (missing) {
      std::vector<double> c;
      for (double v : pooled) c.push_back(std::isnan(v) ? 1.0 : 0.0);
      d.columns.push_back(c);
      d.names.push_back(names[j] + "_missing");
    }
  }
  return d;
}

}  // namespace

nlohmann::json FeatureSummary::ToJson() const {
  return {{"name", name},
          {"n", n},
          {"n_missing", n_missing},
          {"mean", NumberOrNull(mean)},
          {"sd", NumberOrNull(sd)},
          {"min", NumberOrNull(min)},
          {"max", NumberOrNull(max)}};
}

FeatureSummary FeatureSummary::FromJson(const nlohmann::json& j) {
  auto number = [&](const char* key) {
    return j.at(key).is_null() ? kNaN : j.at(key).get<double>();
  };
  FeatureSummary s;
  s.name = j.at("name");
  s.n = j.at("n");
  s.n_missing = j.at("n_missing");
  s.mean = number("mean");
  s.sd = number("sd");
  s.min = number("min");
  s.max = number("max");
  return s;
}

std::vector<FeatureSummary> SummariseFeatures(const std::vector<std::vector<double>>& columns,
                                              const std::vector<std::string>& names) {
  std::vector<FeatureSummary> out;
  for (std::size_t j = 0; j < names.size(); ++j) out.push_back(Summarise(columns.at(j), names[j]));
  return out;
}

MembershipModel FitMembership(const std::vector<std::string>& names,
                              const std::vector<std::vector<double>>& training,
                              const std::vector<std::vector<double>>& external) {
  MembershipModel m;
  m.n_train = training.empty() ? 0 : training[0].size();
  m.n_external = external.empty() ? 0 : external[0].size();
  const Design d = MembershipDesign(names, training, external);
  m.terms = d.names;
  const std::size_t n = m.n_train + m.n_external;
  if (d.names.empty() || m.n_train == 0 || m.n_external == 0) {
    m.note = "no varying feature or an empty cohort";
    return m;
  }
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d.names.size()));
  Eigen::VectorXd y(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    y(static_cast<Eigen::Index>(i)) = i < m.n_train ? 0.0 : 1.0;
    for (std::size_t k = 0; k < d.names.size(); ++k)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = d.columns[k][i];
  }
  try {
    const stats::LogisticResult fit = stats::FitLogistic(x, y, d.names);
    std::vector<int> member(n);
    for (std::size_t i = 0; i < n; ++i) member[i] = i < m.n_train ? 0 : 1;
    const diagnostics::RocResult roc =
        diagnostics::Roc(fit.fitted, member, {diagnostics::Direction::kLess, 0.95, false});
    m.fitted = true;
    m.auc = roc.auc;
    m.auc_lower = roc.auc_lower;
    m.auc_upper = roc.auc_upper;
    if (!fit.warnings.empty()) m.note = fit.warnings.front();
  } catch (const Error& e) {
    m.note = e.what();
  }
  return m;
}

Transport AssessTransport(const std::vector<FeatureSummary>& training,
                          const std::vector<std::vector<double>>& external,
                          const std::vector<double>& probability,
                          const std::vector<double>& outcome,
                          const std::optional<std::vector<std::vector<double>>>& training_rows) {
  Transport t;
  std::vector<std::string> names;
  for (std::size_t j = 0; j < training.size(); ++j) {
    const FeatureSummary& tr = training[j];
    const FeatureSummary ex = Summarise(external.at(j), tr.name);
    names.push_back(tr.name);
    FeatureShift s{tr.name, tr.mean, tr.sd, ex.mean, ex.sd, kNaN, ex.n, 0, tr.min, tr.max, kNaN};
    const double pooled = std::sqrt((tr.sd * tr.sd + ex.sd * ex.sd) / 2);
    s.smd = pooled > 0 ? (ex.mean - tr.mean) / pooled : kNaN;
    for (double v : external[j])
      if (!std::isnan(v) && (v < tr.min || v > tr.max)) ++s.n_outside;
    s.share_outside =
        ex.n > 0 ? static_cast<double>(s.n_outside) / static_cast<double>(ex.n) : kNaN;
    t.features.push_back(s);
  }
  if (training_rows) {
    t.membership = FitMembership(names, *training_rows, external);
  } else {
    t.membership.note = "no training rows given (model evaluate --reference-data)";
  }
  const diagnostics::Calibration c = diagnostics::CalibrationOf(probability, outcome);
  t.calibration_in_the_large = c.intercept;
  double observed = 0, predicted = 0;
  for (std::size_t i = 0; i < outcome.size(); ++i) {
    observed += outcome[i];
    predicted += probability[i];
  }
  t.observed_rate = outcome.empty() ? kNaN : observed / static_cast<double>(outcome.size());
  t.mean_predicted = outcome.empty() ? kNaN : predicted / static_cast<double>(outcome.size());
  return t;
}

nlohmann::json Transport::ToJson() const {
  nlohmann::json smd = nlohmann::json::array(), range = nlohmann::json::array();
  for (const FeatureShift& s : features) {
    smd.push_back({{"feature", s.feature},
                   {"smd", NumberOrNull(s.smd)},
                   {"train_mean", NumberOrNull(s.train_mean)},
                   {"train_sd", NumberOrNull(s.train_sd)},
                   {"external_mean", NumberOrNull(s.external_mean)},
                   {"external_sd", NumberOrNull(s.external_sd)}});
    range.push_back({{"feature", s.feature},
                     {"share", NumberOrNull(s.share_outside)},
                     {"n_outside", s.n_outside},
                     {"n_external", s.n_external},
                     {"train_min", NumberOrNull(s.train_min)},
                     {"train_max", NumberOrNull(s.train_max)}});
  }
  const MembershipModel& mm = membership;
  nlohmann::json member = {{"fitted", mm.fitted},
                           {"n_train", mm.n_train},
                           {"n_external", mm.n_external},
                           {"terms", mm.terms},
                           {"note", mm.note},
                           {"model", "glm(member ~ features, binomial), apparent AUC"}};
  if (mm.fitted) {
    member["auc_lower"] = mm.auc_lower;
    member["auc_upper"] = mm.auc_upper;
  }
  return {{"smd", smd},
          {"membership_auc",
           membership.fitted ? nlohmann::json(membership.auc) : nlohmann::json(nullptr)},
          {"membership", member},
          {"calibration_in_the_large", NumberOrNull(calibration_in_the_large)},
          {"calibration_in_the_large_model", "glm(y ~ offset(qlogis(p)), binomial) intercept"},
          {"observed_rate", NumberOrNull(observed_rate)},
          {"mean_predicted", NumberOrNull(mean_predicted)},
          {"out_of_range_share", range}};
}

}  // namespace pioneer::models
