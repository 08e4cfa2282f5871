// Model card (see card.h).
#include "pioneer/models/card.h"

#include <fmt/format.h>

#include <cmath>

namespace pioneer::models {
namespace {

nlohmann::json Pick(const nlohmann::json& j, const char* key) {
  return j.contains(key) ? j.at(key) : nlohmann::json(nullptr);
}

nlohmann::json Features(const LockedModel& m, const CardInputs& in) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t j = 0; j < m.preprocessing.features.size(); ++j) {
    const std::string& name = m.preprocessing.features[j];
    nlohmann::json f = {{"name", name},
                        {"unit", in.units.contains(name) ? in.units.at(name) : "not stated"}};
    for (const FeatureSummary& s : m.training_summary) {
      if (s.name == name) f["training"] = s.ToJson();
    }
    if (m.method != "xgboost")
      f["missing"] = m.preprocessing.indicator[j] ? "training median + missingness indicator"
                                                  : "training median";
    out.push_back(f);
  }
  return out;
}

nlohmann::json Validation(const CardValidation& v) {
  const nlohmann::json& e = v.evaluation;
  nlohmann::json out = {{"cohort", v.name},
                        {"n", Pick(e, "n")},
                        {"n_positive", Pick(e, "n_positive")},
                        {"auc", Pick(e, "auc")},
                        {"auc_lower", Pick(e, "auc_lower")},
                        {"auc_upper", Pick(e, "auc_upper")},
                        {"brier", Pick(e, "brier")},
                        {"calibration_intercept", Pick(e, "calibration_intercept")},
                        {"calibration_slope", Pick(e, "calibration_slope")},
                        {"calibration_curve", Pick(e, "calibration_curve")},
                        {"decision_curve", Pick(e, "decision_curve")},
                        {"at_risk_threshold", Pick(e, "at_risk_threshold")}};
  if (e.contains("transport")) {
    out["transport"] = {{"membership_auc", e["transport"]["membership_auc"]},
                        {"calibration_in_the_large", e["transport"]["calibration_in_the_large"]},
                        {"smd", e["transport"]["smd"]},
                        {"out_of_range_share", e["transport"]["out_of_range_share"]}};
  }
  if (e.contains("compare")) out["compare"] = e["compare"];
  return out;
}

std::vector<std::string> GeneratedLimits(const LockedModel& m, const CardInputs& in) {
  std::vector<std::string> limits = {
      fmt::format("trained on {} patients ({} with the outcome) of one training cohort; "
                  "performance elsewhere depends on case mix",
                  m.n_train, m.n_positive),
      "validation cohorts were never used to choose the method, its tuning or its threshold "
      "(selection by cross-validation "
      "on the training data only)"};
  for (std::size_t j = 0; j < m.preprocessing.indicator.size(); ++j) {
    if (m.method != "xgboost" && m.preprocessing.indicator[j]) {
      limits.push_back(
          fmt::format("{} was missing for some training patients: the model uses a missingness "
                      "indicator, so its "
                      "risks depend on how often the feature is measured",
                      m.preprocessing.features[j]));
    }
  }
  if (m.training_summary.empty())
    limits.push_back("the artifact carries no training ranges (written before format extension)");
  if (in.validations.empty())
    limits.push_back("no external validation cohort was given to this card");
  for (const std::string& l : in.limits) limits.push_back(l);
  return limits;
}

std::string Number(const nlohmann::json& v, const char* format = "{:.3f}") {
  return v.is_number() ? fmt::format(fmt::runtime(format), v.get<double>()) : "NA";
}

}  // namespace

nlohmann::json ModelCard(const LockedModel& m, const CardInputs& in) {
  const nlohmann::json artifact = m.ToJson();
  nlohmann::json validations = nlohmann::json::array();
  for (const CardValidation& v : in.validations) validations.push_back(Validation(v));
  return {{"card", "pioneer model card (Mitchell et al. 2019; TRIPOD items 13-17)"},
          {"intended_use", in.intended_use.empty() ? "not stated" : in.intended_use},
          {"model",
           {{"method", m.method},
            {"outcome", m.outcome},
            {"pioneer_version", m.pioneer_version},
            {"training_hash", m.training_hash},
            {"selection", artifact.at("selection").at("reason")},
            {"risk_threshold", m.risk_threshold}}},
          {"training_cohort",
           {{"description", in.training_cohort.empty() ? "not stated" : in.training_cohort},
            {"n", m.n_train},
            {"n_positive", m.n_positive}}},
          {"features", Features(m, in)},
          {"internal_validation", artifact.at("validated_performance")},
          {"external_validation", validations},
          {"known_limits", GeneratedLimits(m, in)}};
}

std::string ModelCardText(const nlohmann::json& c) {
  std::string t = "MODEL CARD\n";
  t += fmt::format("Intended use: {}\n", c["intended_use"].get<std::string>());
  t += fmt::format(
      "Model: {} of {} (pioneer {}, training hash {}), risk threshold {:.4f}\n",
      c["model"]["method"].get<std::string>(), c["model"]["outcome"].get<std::string>(),
      c["model"]["pioneer_version"].get<std::string>(),
      c["model"]["training_hash"].get<std::string>(), c["model"]["risk_threshold"].get<double>());
  t += fmt::format("Selection: {}\n", c["model"]["selection"].get<std::string>());
  t += fmt::format("Training cohort: {} (n = {}, {} positive)\n",
                   c["training_cohort"]["description"].get<std::string>(),
                   c["training_cohort"]["n"].get<std::size_t>(),
                   c["training_cohort"]["n_positive"].get<std::size_t>());
  t += "Features (training mean, sd, range):\n";
  for (const auto& f : c["features"]) {
    const nlohmann::json tr = f.contains("training") ? f["training"] : nlohmann::json::object();
    t += fmt::format("  {} [{}]: {}, {}, {} to {}; {} missing\n", f["name"].get<std::string>(),
                     f["unit"].get<std::string>(), Number(Pick(tr, "mean")), Number(Pick(tr, "sd")),
                     Number(Pick(tr, "min"), "{:g}"), Number(Pick(tr, "max"), "{:g}"),
                     tr.contains("n_missing") ? tr["n_missing"].dump() : "NA");
  }
  const nlohmann::json& iv = c["internal_validation"];
  if (iv.contains("nested_cv")) {
    t += fmt::format("Nested CV AUC: {} ({}-{})\n", Number(iv["nested_cv"]["auc"]),
                     Number(iv["nested_cv"]["auc_lower"]), Number(iv["nested_cv"]["auc_upper"]));
  }
  if (iv.contains("bootstrap_optimism")) {
    t += fmt::format("Bootstrap optimism-corrected AUC: {}\n",
                     Number(iv["bootstrap_optimism"]["auc"]["corrected"]));
  }
  t += "External validation:\n";
  for (const auto& v : c["external_validation"]) {
    t += fmt::format(
        "  {}: n = {} ({} positive), AUC {} ({}-{}), Brier {}, calibration intercept {}, slope "
        "{}\n",
        v["cohort"].get<std::string>(), v["n"].dump(), v["n_positive"].dump(), Number(v["auc"]),
        Number(v["auc_lower"]), Number(v["auc_upper"]), Number(v["brier"]),
        Number(v["calibration_intercept"]), Number(v["calibration_slope"]));
    if (v.contains("transport"))
      t += fmt::format("    membership AUC {}\n", Number(v["transport"]["membership_auc"]));
    if (v.contains("compare")) {
      t += fmt::format("    vs LORIS on {} patients: model {} vs LORIS {}, paired DeLong p = {}\n",
                       v["compare"]["n"].dump(), Number(v["compare"]["model"]["auc"]),
                       Number(v["compare"]["loris"]["auc"]),
                       Number(v["compare"]["paired_delong"]["p"], "{:.4g}"));
    }
  }
  t += "Known limits:\n";
  for (const auto& l : c["known_limits"]) t += "  - " + l.get<std::string>() + "\n";
  return t;
}

}  // namespace pioneer::models
