// Analysis kind "predictive": the "Predictive biomarkers and diagnostic
// test" section of the report. A model of objective response (confirmed
// BOR CR/PR, clinical::DeriveStudyResponse) from the baseline biomarkers
// (biopsy PD-L1 TPS, TMB, CD8 density; blood NLR, albumin, LDH) and age and
// ECOG is fitted and locked on the study's cohort (models::FitLockedModel:
// stratified CV, bootstrap optimism correction), then applied unchanged to
// an external validation cohort simulated in memory from another seed
// (sim::SimulateTrial, same number of patients; no file I/O). Metrics come
// from src/diagnostics (DeLong AUC, Brier, calibration, decision curve,
// test performance at the locked threshold) and stats (KM, log-rank); this
// file only assembles, charts and tabulates.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "../report_sections.h"
#include "pioneer/clinical/study_response.h"
#include "pioneer/diagnostics/cutpoint.h"
#include "pioneer/diagnostics/metrics.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/models/locked_model.h"
#include "pioneer/pipeline/analysis.h"
#include "pioneer/sim/simulate.h"
#include "pioneer/stats/km.h"
#include "pioneer/stats/logrank.h"
#include "predictive_charts.h"

namespace pioneer::pipeline {
namespace {

constexpr double kDaysPerMonth = 365.25 / 12;

// Model features: (name in the model, label in the report). Skewed markers
// enter on the log scale.
struct Feature {
  const char* name;
  const char* label;
};
constexpr Feature kFeatures[] = {{"PDL1_TPS", "PD-L1 TPS (%)"},
                                 {"log2_TMB", "log2(TMB + 1)"},
                                 {"CD8_DENSITY_100", "CD8 density (100 cells/mm²)"},
                                 {"log_NLR", "log NLR"},
                                 {"ALB", "Albumin (g/dL)"},
                                 {"log_LDH", "log LDH"},
                                 {"AGE", "Age (years)"},
                                 {"ECOG", "ECOG"}};
constexpr std::size_t kPdl1 = 0, kTmb = 1;

// One cohort's model inputs: evaluable subjects (those with a derived
// response) in the order of clinical::StudyResponse::outcomes.
struct Cohort {
  std::vector<std::vector<double>> columns;  // per kFeatures, NaN missing
  std::vector<double> y;                     // 1 = confirmed CR/PR
  std::vector<double> tmb_raw;               // mut/Mb, NaN missing
  std::vector<std::optional<clinical::EndpointTime>> pfs, os;
  std::size_t subjects = 0;
};

Cohort CohortOf(const study::Study& study) {
  std::map<std::string, std::map<std::string, double>> assays;  // subject -> analyte -> value
  std::map<std::string, std::string> baseline_sample;           // sample -> subject
  for (const study::Sample& s : study.samples) {
    if (s.timepoint == "BASELINE") baseline_sample[s.sample_id] = s.subject_id;
  }
  for (const study::AssayResult& a : study.assay_results) {
    const auto it = baseline_sample.find(a.sample_id);
    if (it != baseline_sample.end() && a.value) assays[it->second][a.analyte] = *a.value;
  }
  std::map<std::string, const study::Subject*> subjects;
  for (const study::Subject& s : study.subjects) subjects[s.id] = &s;
  const clinical::StudyResponse response = clinical::DeriveStudyResponse(study);
  Cohort c;
  c.subjects = study.subjects.size();
  c.columns.resize(std::size(kFeatures));
  const double nan = std::nan("");
  for (const clinical::SubjectOutcome& o : response.outcomes) {
    const auto& a = assays[o.subject_id];
    auto get = [&](const char* analyte) {
      const auto it = a.find(analyte);
      return it == a.end() ? nan : it->second;
    };
    const study::Subject* s = subjects.count(o.subject_id) ? subjects[o.subject_id] : nullptr;
    const double tmb = get("TMB");
    const double values[] = {get("PDL1_TPS"),
                             std::log2(tmb + 1),
                             get("CD8_DENSITY") / 100,
                             std::log(get("NLR")),
                             get("ALB"),
                             std::log(get("LDH")),
                             s && s->age_years ? *s->age_years : nan,
                             s && s->ecog ? static_cast<double>(*s->ecog) : nan};
    for (std::size_t j = 0; j < std::size(kFeatures); ++j) c.columns[j].push_back(values[j]);
    c.tmb_raw.push_back(tmb);
    c.y.push_back(o.responder ? 1 : 0);
    c.pfs.push_back(o.pfs);
    c.os.push_back(o.os);
  }
  return c;
}

std::string Fmt(double x, int digits = 2) {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : "–";
}
std::string Pct(const diagnostics::Proportion& p) {
  return std::isfinite(p.estimate) ? fmt::format("{:.0f}% ({:.0f}–{:.0f})", 100 * p.estimate,
                                                 100 * p.lower, 100 * p.upper)
                                   : "–";
}
std::string AucText(const diagnostics::RocResult& r) {
  return fmt::format("{:.3f} ({:.3f}–{:.3f})", r.auc, r.auc_lower, r.auc_upper);
}

std::vector<int> Ints(const std::vector<double>& y) { return {y.begin(), y.end()}; }

// A single marker restricted to the subjects who have it.
struct Marker {
  std::vector<double> values, y;
};
Marker Present(const std::vector<double>& marker, const std::vector<double>& y) {
  Marker m;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(marker[i])) continue;
    m.values.push_back(marker[i]);
    m.y.push_back(y[i]);
  }
  return m;
}

struct Evaluated {
  std::string name;
  std::size_t n = 0, positive = 0;
  diagnostics::RocResult roc;
  double brier = std::nan(""), intercept = std::nan(""), slope = std::nan("");
  diagnostics::TestPerformance test;
  std::string test_rule;
};

Evaluated EvaluateProbabilities(const std::string& name, const std::vector<double>& p,
                                const std::vector<double>& y, double threshold) {
  Evaluated e;
  e.name = name;
  e.n = y.size();
  e.roc = diagnostics::Roc(p, Ints(y), {diagnostics::Direction::kLess, 0.95, true});
  e.positive = e.roc.n_cases;
  e.brier = diagnostics::Brier(p, y);
  const diagnostics::Calibration c = diagnostics::CalibrationOf(p, y);
  e.intercept = c.intercept;
  e.slope = c.slope;
  e.test = diagnostics::Performance(p, Ints(y), threshold, diagnostics::Direction::kLess);
  e.test_rule = fmt::format("p ≥ {:.2f}", threshold);
  return e;
}

Evaluated EvaluateMarker(const std::string& name, const Marker& m, double cutoff,
                         const std::string& rule) {
  Evaluated e;
  e.name = name;
  e.n = m.y.size();
  e.roc = diagnostics::Roc(m.values, Ints(m.y), {diagnostics::Direction::kLess, 0.95, true});
  e.positive = e.roc.n_cases;
  e.test = diagnostics::Performance(m.values, Ints(m.y), cutoff, diagnostics::Direction::kLess);
  e.test_rule = rule;
  return e;
}

report::HtmlTable DiscriminationTable(const std::vector<Evaluated>& rows) {
  report::HtmlTable t;
  t.caption = "Discrimination and calibration";
  t.header = {"Score", "n (responders)",        "AUC (95% CI)",
              "Brier", "Calibration intercept", "Calibration slope"};
  for (const Evaluated& e : rows) {
    t.rows.push_back({e.name, fmt::format("{} ({})", e.n, e.positive), AucText(e.roc),
                      Fmt(e.brier, 3), Fmt(e.intercept), Fmt(e.slope)});
  }
  t.footnotes = {
      "AUC: DeLong 95% CI (as pROC). Calibration: intercept of glm(y ~ offset(logit p)), slope of "
      "glm(y ~ logit p); "
      "ideal 0 and 1. Single markers are scored on the subjects with that assay."};
  return t;
}

report::HtmlTable TestTable(const std::vector<Evaluated>& rows) {
  report::HtmlTable t;
  t.caption = "The locked test and clinical cut-offs, % (95% CI)";
  t.header = {"Score", "Positive if", "Sensitivity", "Specificity", "PPV", "NPV"};
  for (const Evaluated& e : rows) {
    t.rows.push_back({e.name, e.test_rule, Pct(e.test.sensitivity), Pct(e.test.specificity),
                      Pct(e.test.ppv), Pct(e.test.npv)});
  }
  t.footnotes = {
      "Clopper-Pearson 95% CIs. The model's threshold is the Youden point of its cross-validated "
      "training "
      "predictions, locked before validation; PD-L1 TPS ≥ 50% and TMB ≥ 10 mut/Mb are the clinical "
      "cut-offs."};
  return t;
}

// KM of PFS or OS by predicted group on the validation cohort, months.
void AddKmByGroup(report::Section& section, const Cohort& v, const std::vector<double>& p,
                  double threshold, bool pfs) {
  stats::SurvivalData data;
  std::vector<SubjectSurvival> subjects;
  std::vector<std::string> groups;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto& t = pfs ? v.pfs[i] : v.os[i];
    if (!t) continue;
    const std::string g = p[i] >= threshold ? "high" : "low";
    const double months = t->days / kDaysPerMonth;
    data.time.push_back(months);
    data.event.push_back(t->event ? 1 : 0);
    groups.push_back(g);
    subjects.push_back({.subject_id = std::to_string(i),
                        .arm = g,
                        .os_months = months,
                        .os_event = t->event ? 1 : 0,
                        .pfs_months = months,
                        .pfs_event = t->event ? 1 : 0});
  }
  const stats::Factor group = stats::Factor::WithLevels(groups, {"high", "low"});
  if (group.Counts()[0] == 0 || group.Counts()[1] == 0) {
    section.AddNote(
        fmt::format("Every validation subject is in one predicted group: no {} comparison.",
                    pfs ? "PFS" : "OS"));
    return;
  }
  const stats::KmResult km = stats::KaplanMeier(data, group);
  const stats::LogRankResult lr = stats::LogRank(data, group, stats::Factor::Single(data.size()));
  const std::vector<std::pair<std::string, std::string>> labels = {
      {"high", "Predicted responder"}, {"low", "Predicted non-responder"}};
  nlohmann::json spec = KaplanMeierSpec(km, subjects, pfs, labels);
  for (auto& layer : spec["vconcat"][0]["layer"])
    layer["encoding"]["color"]["title"] = "Locked test";
  spec["vconcat"][1]["encoding"]["color"]["title"] = "Locked test";
  section.AddChart(
      std::move(spec),
      fmt::format("External validation cohort: Kaplan-Meier estimate of {} by the locked test "
                  "(predicted probability ≥ {:.2f}), months; log-rank chi² {:.2f}, p {}.",
                  pfs ? "RECIST 1.1 progression-free survival" : "overall survival", threshold,
                  lr.chisq, lr.p < 0.001 ? std::string("< 0.001") : fmt::format("{:.3f}", lr.p)));
}

// Standardised coefficients (per training SD, log odds) or xgboost gain.
std::vector<std::pair<std::string, double>> Importance(const models::LockedModel& m,
                                                       const Cohort& train) {
  std::map<std::string, std::string> label;
  for (const Feature& f : kFeatures) label[f.name] = f.label;
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [name, value] : m.Importance()) {
    double scale = 1;
    if (m.method != "xgboost") {
      // SD of the design column in the training data (imputed as the model does).
      std::vector<std::size_t> rows(train.y.size());
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
      const Eigen::MatrixXd x = m.preprocessing.Apply(train.columns, rows);
      const std::vector<std::string> names = m.preprocessing.DesignNames();
      const auto j =
          static_cast<Eigen::Index>(std::find(names.begin(), names.end(), name) - names.begin());
      const double mean = x.col(j).mean();
      scale = std::sqrt((x.col(j).array() - mean).square().sum() / static_cast<double>(x.rows()));
    }
    const std::string base =
        name.size() > 8 && name.ends_with("_missing") ? name.substr(0, name.size() - 8) : name;
    const std::string shown =
        label.count(base) ? label[base] + (base != name ? " missing" : "") : name;
    out.emplace_back(shown, value * scale);
  }
  return out;
}

AnalysisOutput RunPredictive(const AnalysisSpec& spec, const study::Study& study,
                             report::Document& doc) {
  const Cohort train = CohortOf(study);
  sim::CohortOptions vo;
  vo.patients = static_cast<int>(study.subjects.size());
  vo.seed = static_cast<std::uint64_t>(spec.Get<std::int64_t>("validation_seed"));
  vo.study_id = "PIO-SIM-VAL";
  const Cohort val = CohortOf(sim::SimulateTrial(vo));

  std::vector<std::string> features;
  for (const Feature& f : kFeatures) features.push_back(f.name);
  const models::FitOptions o = models::FitOptionTable().Read(spec.options);
  const models::LockedModel m =
      models::FitLockedModel(train.columns, features, train.y, "objective_response", "demo", o);
  const std::vector<double> p_val = m.Predict(val.columns);

  const Evaluated cv =
      EvaluateProbabilities("Model, training CV", m.out_of_fold, train.y, m.risk_threshold);
  const Evaluated ext = EvaluateProbabilities("Model, validation", p_val, val.y, m.risk_threshold);
  const Evaluated pdl1 =
      EvaluateMarker("PD-L1 TPS, validation", Present(val.columns[kPdl1], val.y), 50, "TPS ≥ 50%");
  const Evaluated tmb =
      EvaluateMarker("TMB, validation", Present(val.tmb_raw, val.y), 10, "TMB ≥ 10 mut/Mb");

  report::Section& section =
      doc.AddSection(spec.title, fmt::format("Locked {} model of objective response: AUC {} "
                                             "cross-validated on the study cohort, {} on an "
                                             "external simulated cohort (seed {}).",
                                             m.method, AucText(cv.roc), AucText(ext.roc), vo.seed));
  section.AddParagraph(
      fmt::format("Training: {} evaluable subjects of the study ({} confirmed responders). "
                  "Features from the baseline biopsy (PD-L1 "
                  "TPS, TMB, CD8 density) and blood (NLR, albumin, LDH), with age and ECOG; "
                  "missing assays are imputed with the "
                  "training median plus a missingness indicator. Method {} ({}), tuned by {}-fold "
                  "stratified CV (seed {}). "
                  "Validation: {} evaluable subjects of a second simulated trial ({} responders), "
                  "scored with the locked model "
                  "without refitting.",
                  train.y.size(), cv.positive, m.method,
                  m.method == "xgboost" ? fmt::format("{} rounds", m.rounds)
                                        : fmt::format("alpha {}, lambda {:.4g}", m.alpha, m.lambda),
                  m.folds, m.seed, val.y.size(), ext.positive));
  if (o.method == "auto") section.AddParagraph(m.selection + ".");
  section.AddTable(DiscriminationTable({cv, ext, pdl1, tmb}));
  section.AddTable(TestTable({cv, ext, pdl1, tmb}));
  if (!m.optimism.metrics.empty()) {
    const models::OptimismMetric& auc = m.optimism.metrics[0];
    section.AddNote(
        fmt::format("Harrell's bootstrap ({} resamples, seed {}): apparent training AUC {:.3f}, "
                    "optimism {:.3f}, "
                    "optimism-corrected AUC {:.3f}; the corrected calibration slope is {:.2f}.",
                    m.optimism.replicates, m.optimism.seed, auc.apparent, auc.optimism,
                    auc.corrected, m.optimism.metrics[3].corrected));
  }
  std::vector<double> grid;
  for (int k = 0; k <= 50; ++k) grid.push_back(k / 50.0);
  stats::BootstrapOptions band;
  band.replicates = 500;
  band.seed = o.seed;
  std::vector<predictive::RocLine> lines = {
      {cv.name, &cv.roc, diagnostics::RocBand(m.out_of_fold, Ints(train.y), grid, band)},
      {ext.name, &ext.roc, diagnostics::RocBand(p_val, Ints(val.y), grid, band)},
      {"PD-L1 TPS, validation", &pdl1.roc, {}},
      {"TMB, validation", &tmb.roc, {}}};
  section.AddChart(predictive::RocSpec(lines),
                   "ROC curves: the model's cross-validated training predictions and its external "
                   "validation, with "
                   "pointwise 95% bands of sensitivity (stratified bootstrap, 500 resamples, as "
                   "pROC ci.se), next to "
                   "PD-L1 TPS and TMB alone on the validation cohort.");
  section.AddChart(predictive::CalibrationSpec(
                       {{cv.name, diagnostics::CalibrationCurve(m.out_of_fold, train.y, 10)},
                        {ext.name, diagnostics::CalibrationCurve(p_val, val.y, 10)}}),
                   "Calibration: observed response rate against mean predicted probability in "
                   "deciles of the prediction "
                   "(Wilson 95% CIs); the dashed diagonal is perfect calibration.");
  std::vector<double> thresholds;
  for (int k = 1; k <= 60; ++k) thresholds.push_back(k / 100.0);
  const std::vector<diagnostics::NetBenefit> dca =
      diagnostics::DecisionCurve(p_val, val.y, thresholds);
  section.AddChart(
      predictive::DecisionCurveSpec(dca, "Locked model"),
      "Decision curve on the validation cohort (Vickers & Elkin 2006): net benefit = TP/n − FP/n · "
      "pt/(1 − pt) "
      "of treating when the predicted probability is ≥ pt, against treating everyone or no one.");
  AddKmByGroup(section, val, p_val, m.risk_threshold, true);
  AddKmByGroup(section, val, p_val, m.risk_threshold, false);
  section.AddChart(
      predictive::ImportanceSpec(
          Importance(m, train),
          m.method == "xgboost" ? "Total split gain" : "Coefficient per training SD (log odds)"),
      m.method == "xgboost"
          ? "Feature importance: total gain of each feature's splits."
          : fmt::format("Coefficients of the locked model (lambda {:.4g}, alpha {}), scaled to one "
                        "training standard deviation of each feature.",
                        m.lambda, m.alpha));

  AnalysisOutput out;
  out.result = {{"model", m.ToJson()},
                {"validation_seed", vo.seed},
                {"training",
                 {{"n", cv.n},
                  {"responders", cv.positive},
                  {"cv_auc", cv.roc.auc},
                  {"cv_auc_lower", cv.roc.auc_lower},
                  {"cv_auc_upper", cv.roc.auc_upper},
                  {"brier", cv.brier}}},
                {"validation",
                 {{"n", ext.n},
                  {"responders", ext.positive},
                  {"auc", ext.roc.auc},
                  {"auc_lower", ext.roc.auc_lower},
                  {"auc_upper", ext.roc.auc_upper},
                  {"brier", ext.brier},
                  {"calibration_intercept", ext.intercept},
                  {"calibration_slope", ext.slope},
                  {"at_threshold", ext.test.ToJson()},
                  {"pdl1_auc", pdl1.roc.auc},
                  {"tmb_auc", tmb.roc.auc},
                  {"decision_curve", diagnostics::ToJson(dca)}}}};
  return out;
}

// The library's declaration of the model (models::FitOptionTable: the same
// options, defaults and checks as `model fit`) and the validation cohort's seed.
std::vector<core::OptionSpec> PredictiveOptions() {
  std::vector<core::OptionSpec> options = models::FitOptionTable().Specs();
  options.insert(options.begin(), core::OptionSpec::Integer(
                                      "validation_seed", "seed of the simulated validation cohort")
                                      .Default(20270611)
                                      .Range(0, core::kMaxSeed));
  return options;
}

AnalysisKind PredictiveKind() {
  return {.name = "predictive",
          .default_title = "Predictive biomarkers and diagnostic test",
          .options = PredictiveOptions(),
          // 20 resamples instead of the library's 50: the demo's run time.
          .result_keys = {"model", "training", "validation", "validation_seed"},
          .demo_plan = "[[analysis]]\nkind = \"predictive\"\nbootstrap = 20\n",
          .demo_order = 55,
          .run = RunPredictive};
}

const RegisterAnalysis kPredictive(PredictiveKind);

}  // namespace
}  // namespace pioneer::pipeline
