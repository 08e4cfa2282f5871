// The "Survival" section of the report: numbers come from SurvivalByArm
// (stats::KaplanMeier / LogRank / FitCox); nothing is estimated here.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "charts.h"
#include "pioneer/pipeline/analysis.h"
#include "report_sections.h"

namespace pioneer::pipeline {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

constexpr double kRiskStepMonths = 3.0;  // number at risk every 3 months

std::string ArmLabel(const Labels& labels, const std::string& arm) {
  for (const auto& [code, label] : labels) {
    if (code == arm) return label;
  }
  return arm.empty() ? "No arm" : arm;
}

double Round3(double x) { return std::round(x * 1000.0) / 1000.0; }

std::string Number(double x, const char* format = "{:.1f}") {
  return std::isfinite(x) ? fmt::format(fmt::runtime(format), x) : std::string("NR");
}

std::string MedianCell(const stats::KmCurve& c) {
  return fmt::format("{} ({}–{})", Number(c.median), Number(c.median_lower),
                     Number(c.median_upper));
}

std::string PValue(double p) { return p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p); }

double MaxTime(const std::vector<SubjectSurvival>& subjects, bool pfs) {
  double max = 0;
  for (const SubjectSurvival& s : subjects) max = std::max(max, pfs ? s.pfs_months : s.os_months);
  return max;
}

// Step points (starting at 1 at time 0) and censor marks of each arm.
nlohmann::json CurveValues(const stats::KmResult& km, const Labels& labels) {
  nlohmann::json values = nlohmann::json::array();
  for (const stats::KmCurve& c : km.strata) {
    const std::string arm = ArmLabel(labels, c.group);
    values.push_back({{"layer", "step"}, {"arm", arm}, {"month", 0.0}, {"surv", 1.0}});
    for (std::size_t i = 0; i < c.time.size(); ++i) {
      values.push_back({{"layer", "step"},
                        {"arm", arm},
                        {"month", Round3(c.time[i])},
                        {"surv", Round3(c.surv[i])}});
      if (c.n_censor[i] > 0) {
        values.push_back({{"layer", "censor"},
                          {"arm", arm},
                          {"month", Round3(c.time[i])},
                          {"surv", Round3(c.surv[i])}});
      }
    }
  }
  return values;
}

// Number at risk (time >= t) per arm at 0, 3, 6 ... months: counted from the
// subject times, as survfit's n.risk at those times.
nlohmann::json RiskValues(const std::vector<SubjectSurvival>& subjects, bool pfs,
                          const std::vector<std::string>& arms, const Labels& labels) {
  nlohmann::json values = nlohmann::json::array();
  const double max = MaxTime(subjects, pfs);
  for (const std::string& arm : arms) {
    for (double t = 0; t <= max; t += kRiskStepMonths) {
      std::size_t n = 0;
      for (const SubjectSurvival& s : subjects)
        n += s.arm == arm && (pfs ? s.pfs_months : s.os_months) >= t;
      values.push_back({{"layer", "risk"}, {"arm", ArmLabel(labels, arm)}, {"month", t}, {"n", n}});
    }
  }
  return values;
}

}  // namespace

nlohmann::json KaplanMeierSpec(const stats::KmResult& km,
                               const std::vector<SubjectSurvival>& subjects, bool pfs,
                               const Labels& labels) {
  std::vector<std::string> arms;
  for (const stats::KmCurve& c : km.strata) arms.push_back(c.group);
  nlohmann::json values = CurveValues(km, labels);
  for (const nlohmann::json& v : RiskValues(subjects, pfs, arms, labels)) values.push_back(v);
  const double max = std::max(
      kRiskStepMonths, std::ceil(MaxTime(subjects, pfs) / kRiskStepMonths) * kRiskStepMonths);
  const nlohmann::json x = {{"field", "month"},
                            {"type", "quantitative"},
                            {"title", "Months"},
                            {"scale", {{"domain", {0, max}}}},
                            {"axis", {{"values", nlohmann::json::array()}}}};
  nlohmann::json ticks = nlohmann::json::array();
  for (double t = 0; t <= max; t += kRiskStepMonths) ticks.push_back(t);
  nlohmann::json x_axis = x;
  x_axis["axis"] = {{"values", ticks}};
  nlohmann::json arm_labels = nlohmann::json::array();  // legend and rows in study arm order
  for (const std::string& arm : arms) arm_labels.push_back(ArmLabel(labels, arm));
  const nlohmann::json color = {
      {"field", "arm"}, {"type", "nominal"}, {"title", "Arm"}, {"scale", {{"domain", arm_labels}}}};
  const nlohmann::json y = {{"field", "surv"},
                            {"type", "quantitative"},
                            {"title", pfs ? "Progression-free survival" : "Overall survival"},
                            {"scale", {{"domain", {0, 1}}}}};
  const nlohmann::json curves = {
      {"width", 640},
      {"height", 300},
      {"layer",
       {{{"transform", {{{"filter", "datum.layer == 'step'"}}}},
         {"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
         {"encoding", {{"x", x_axis}, {"y", y}, {"color", color}}}},
        {{"transform", {{{"filter", "datum.layer == 'censor'"}}}},
         {"mark", {{"type", "point"}, {"shape", "cross"}, {"size", 40}, {"filled", true}}},
         {"encoding", {{"x", x_axis}, {"y", y}, {"color", color}}}}}}};
  nlohmann::json x_risk = x;
  x_risk["title"] = "Number at risk";
  const nlohmann::json risk = {
      {"width", 640},
      {"height", 20 * static_cast<int>(arms.size())},
      {"transform", {{{"filter", "datum.layer == 'risk'"}}}},
      {"mark", {{"type", "text"}, {"fontSize", 11}}},
      {"encoding",
       {{"x", x_risk},
        {"y",
         {{"field", "arm"},
          {"type", "nominal"},
          {"title", nullptr},
          {"sort", arm_labels},
          {"axis", {{"labelPadding", 18}, {"ticks", false}, {"domain", false}}}}},
        {"text", {{"field", "n"}, {"type", "quantitative"}}},
        {"color", color}}}};
  return {{"$schema", charts::kSchema},
          {"data", {{"values", values}}},
          {"vconcat", {curves, risk}},
          {"spacing", 10},
          {"resolve", {{"scale", {{"x", "shared"}}}}},
          {"config", {{"legend", {{"orient", "top"}}}}}};
}

nlohmann::json ForestSpec(const stats::CoxResult& cox) {
  nlohmann::json values = nlohmann::json::array();
  for (const stats::CoxCoefficient& c : cox.coefficients) {
    if (c.singular || !std::isfinite(c.hr_lower) || !std::isfinite(c.hr_upper)) continue;
    values.push_back({{"term", c.name},
                      {"hr", Round3(c.hr)},
                      {"lower", Round3(c.hr_lower)},
                      {"upper", Round3(c.hr_upper)}});
  }
  const nlohmann::json y = {
      {"field", "term"}, {"type", "nominal"}, {"sort", nullptr}, {"title", nullptr}};
  const nlohmann::json x_scale = {{"type", "log"}};
  return {
      {"$schema", charts::kSchema},
      {"width", 560},
      {"height", 28 * static_cast<int>(values.size())},
      {"data", {{"values", values}}},
      {"layer",
       {{{"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "#888"}}},
         {"encoding", {{"x", {{"datum", 1}, {"type", "quantitative"}, {"scale", x_scale}}}}}},
        {{"mark", "rule"},
         {"encoding",
          {{"y", y},
           {"x",
            {{"field", "lower"},
             {"type", "quantitative"},
             {"scale", x_scale},
             {"title", "Hazard ratio (95% CI, log scale)"}}},
           {"x2", {{"field", "upper"}}}}}},
        {{"mark", {{"type", "point"}, {"filled", true}, {"shape", "square"}}},
         {"encoding",
          {{"y", y}, {"x", {{"field", "hr"}, {"type", "quantitative"}, {"scale", x_scale}}}}}}}}};
}

void AddSurvivalSection(report::Document& doc, const AnalysisSpec& spec,
                        const SurvivalByArm& result, const Labels& labels) {
  report::Section& section = doc.AddSection(
      spec.title,
      "Progression-free survival (first investigator-reported PD / iCPD or death) and overall "
      "survival by arm: Kaplan-Meier estimates, log-rank test, Cox model for OS.");
  if (result.subjects_without_follow_up > 0) {
    section.AddNote(fmt::format("{} subjects have no death or last-contact day and are left out.",
                                result.subjects_without_follow_up));
  }
  if (result.subjects.empty()) return;
  report::HtmlTable medians;
  medians.caption = "Median survival in months (95% CI) by arm";
  medians.header = {"Endpoint", "Arm", "Events / N", "Median (95% CI)", "Log-rank p"};
  auto add = [&](const char* endpoint, const stats::KmResult& km, const stats::LogRankResult& lr) {
    for (const stats::KmCurve& c : km.strata) {
      double events = 0;
      for (double e : c.n_event) events += e;
      medians.rows.push_back({endpoint, ArmLabel(labels, c.group),
                              fmt::format("{:.0f} / {}", events, c.n), MedianCell(c),
                              result.arms.size() > 1 ? PValue(lr.p) : "–"});
    }
  };
  add("PFS", result.pfs_km, result.pfs_logrank);
  add("OS", result.os_km, result.os_logrank);
  medians.footnotes = {
      "NR: not reached. CI of the median by the log transformation (survfit's default); "
      "log-rank test across all arms. PFS here is the simple investigator-reported "
      "definition (docs/ANALYSIS_PLAN.md); the RECIST-derived PFS comes with issue 4."};
  section.AddTable(medians);
  section.AddChart(KaplanMeierSpec(result.pfs_km, result.subjects, true, labels),
                   "Kaplan-Meier estimate of progression-free survival; crosses mark censored "
                   "subjects; below, the number at risk by arm every 3 months.");
  section.AddChart(KaplanMeierSpec(result.os_km, result.subjects, false, labels),
                   "Kaplan-Meier estimate of overall survival; crosses mark censored subjects; "
                   "below, the number at risk by arm every 3 months.");
  if (!result.cox_fitted || !result.cox_problem.empty()) {
    section.AddNote(fmt::format("Cox model for OS: {}.", result.cox_problem));
    if (!result.cox_fitted) return;
  }
  section.AddChart(
      ForestSpec(result.os_cox),
      "Hazard ratios for death (Cox model, Efron ties) with 95% CI; dashed line at HR = 1.");
  report::HtmlTable cox;
  cox.caption = "Cox model for overall survival";
  cox.header = {"Term", "HR", "95% CI", "p"};
  for (const stats::CoxCoefficient& c : result.os_cox.coefficients) {
    cox.rows.push_back(
        {c.name, Number(c.hr, "{:.2f}"),
         fmt::format("{}–{}", Number(c.hr_lower, "{:.2f}"), Number(c.hr_upper, "{:.2f}")),
         PValue(c.p)});
  }
  cox.footnotes = {fmt::format(
      "Covariates: arm (reference {}), age (per year), sex (reference Female), ECOG (per point), "
      "PD-L1 TPS >= 50%. {} of {} subjects used ({} events); {} dropped for a missing covariate.",
      ArmLabel(labels, result.arms.front()), result.os_cox.n, result.subjects.size(),
      result.os_cox.n_event, result.cox_dropped)};
  section.AddTable(cox);
}

namespace {

// Two tables: <name>_medians.tsv and <name>_cox_os.tsv.
AnalysisOutput RunSurvival(const AnalysisSpec& spec, const study::Study& study,
                           report::Document& doc) {
  const SurvivalByArm result = AnalyseSurvivalByArm(study);
  AddSurvivalSection(doc, spec, result, ArmLabels(study));
  return {.result = ToJson(result),
          .tables = {{"medians", MediansTable(result)}, {"cox_os", CoxTable(result)}}};
}

AnalysisKind SurvivalKind() {
  return {.name = "survival",
          .default_title = "Survival",
          .result_keys = {"arms", "cox_dropped", "cox_problem", "os_cox", "os_km", "os_logrank",
                          "pfs_km", "pfs_logrank", "subjects", "subjects_without_follow_up"},
          .demo_plan = "[[analysis]]\nkind = \"survival\"\n",
          .demo_order = 30,
          .run = RunSurvival};
}

const RegisterAnalysis kSurvival(SurvivalKind);

}  // namespace

}  // namespace pioneer::pipeline
