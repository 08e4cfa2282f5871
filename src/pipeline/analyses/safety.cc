// Analysis kind "safety": the "Safety" section of the report, from
// clinical::SummariseSafety (subject-level AE incidence by arm, CTCAE grade
// and term; exposure). Tables written: <name>_summary, _terms, _worst_grade,
// _exposure.
#include "pioneer/clinical/safety.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../charts.h"
#include "pioneer/pipeline/analysis.h"

namespace pioneer::pipeline {
namespace {

using core::OptionSpec;

using Labels = std::vector<std::pair<std::string, std::string>>;

using charts::kSchema;

std::string ArmName(const Labels& labels, const std::string& arm) {
  for (const auto& [code, label] : labels) {
    if (code == arm) return label;
  }
  return arm;
}

double Round1(double x) { return std::round(x * 10.0) / 10.0; }

std::string Cell(const clinical::Incidence& i) { return fmt::format("{} ({:.1f}%)", i.n, i.pct); }

// Incidence of the most frequent terms, one panel per arm, each bar split
// into grade 1-2 and grade >= 3 (percent of the arm's safety population).
nlohmann::json IncidenceSpec(const clinical::SafetyResult& r, const Labels& labels,
                             std::size_t top) {
  nlohmann::json values = nlohmann::json::array();
  nlohmann::json order = nlohmann::json::array();
  nlohmann::json arm_order = nlohmann::json::array();  // study arm order, not alphabetical
  for (const std::string& arm : r.arms) arm_order.push_back(ArmName(labels, arm));
  for (std::size_t k = 0; k < r.terms.size() && k < top; ++k) {
    const clinical::TermRow& t = r.terms[k];
    order.push_back(t.term);
    for (std::size_t a = 0; a < r.arms.size(); ++a) {
      const double severe = t.grade3plus[a].pct;
      values.push_back({{"term", t.term},
                        {"arm", ArmName(labels, r.arms[a])},
                        {"grade", "Grade 1-2"},
                        {"pct", Round1(t.any_grade[a].pct - severe)},
                        {"order", 1}});
      values.push_back({{"term", t.term},
                        {"arm", ArmName(labels, r.arms[a])},
                        {"grade", "Grade >= 3"},
                        {"pct", Round1(severe)},
                        {"order", 0}});
    }
  }
  return {
      {"$schema", kSchema},
      {"data", {{"values", values}}},
      {"facet",
       {{"column",
         {{"field", "arm"}, {"type", "nominal"}, {"title", nullptr}, {"sort", arm_order}}}}},
      {"spec",
       {{"width", 190},
        {"height", 14 * static_cast<int>(order.size())},
        {"mark", {{"type", "bar"}}},
        {"encoding",
         {{"y", {{"field", "term"}, {"type", "nominal"}, {"sort", order}, {"title", nullptr}}},
          {"x",
           {{"field", "pct"},
            {"type", "quantitative"},
            {"stack", "zero"},
            {"title", "Patients with the AE (%)"}}},
          {"order", {{"field", "order"}}},
          {"color",
           {{"field", "grade"},
            {"type", "nominal"},
            {"title", "Worst CTCAE grade"},
            {"scale",
             {{"domain", {"Grade 1-2", "Grade >= 3"}}, {"range", {"#9ecae1", "#c0392b"}}}}}},
          {"tooltip",
           {{{"field", "term"}}, {{"field", "arm"}}, {{"field", "grade"}}, {{"field", "pct"}}}}}}}},
      {"config", {{"legend", {{"orient", "top"}}}}}};
}

// Patients by worst grade, stacked to 100 % per arm.
nlohmann::json WorstGradeSpec(const clinical::SafetyResult& r, const Labels& labels) {
  static const std::vector<std::string> kGrades = {"No AE",   "Grade 1", "Grade 2",
                                                   "Grade 3", "Grade 4", "Grade 5"};
  nlohmann::json values = nlohmann::json::array();
  for (const clinical::WorstGradeRow& row : r.worst_grade) {
    for (std::size_t g = 0; g < kGrades.size(); ++g) {
      const double pct = row.population > 0 ? 100.0 * static_cast<double>(row.by_grade[g]) /
                                                  static_cast<double>(row.population)
                                            : 0;
      values.push_back({{"arm", ArmName(labels, row.arm)},
                        {"grade", kGrades[g]},
                        {"pct", Round1(pct)},
                        {"order", g}});
    }
  }
  return {{"$schema", kSchema},
          {"width", 560},
          {"height", 30 * static_cast<int>(std::max<std::size_t>(1, r.arms.size()))},
          {"data", {{"values", values}}},
          {"mark", {{"type", "bar"}}},
          {"encoding",
           {{"y", {{"field", "arm"}, {"type", "nominal"}, {"title", nullptr}, {"sort", nullptr}}},
            {"x",
             {{"field", "pct"},
              {"type", "quantitative"},
              {"stack", "zero"},
              {"title", "Patients (%)"}}},
            {"order", {{"field", "order"}}},
            {"color",
             {{"field", "grade"},
              {"type", "nominal"},
              {"title", "Worst grade"},
              {"scale",
               {{"domain", kGrades},
                {"range", {"#e0e0e0", "#c6dbef", "#6baed6", "#fd8d3c", "#d94801", "#67000d"}}}}}},
            {"tooltip", {{{"field", "arm"}}, {{"field", "grade"}}, {{"field", "pct"}}}}}},
          {"config", {{"legend", {{"orient", "top"}}}}}};
}

report::HtmlTable SummaryHtml(const clinical::SafetyResult& r, const Labels& labels,
                              std::int64_t window) {
  report::HtmlTable t;
  t.caption = "Patients with adverse events by arm, n (%)";
  t.header = {""};
  for (std::size_t a = 0; a < r.arms.size(); ++a) {
    t.header.push_back(fmt::format("{} (N = {})", ArmName(labels, r.arms[a]), r.population[a]));
  }
  t.header.push_back(fmt::format("All (N = {})", r.population_total));
  for (const clinical::IncidenceRow& row : r.summary) {
    std::vector<std::string> cells = {row.category};
    for (const clinical::Incidence& i : row.by_arm) cells.push_back(Cell(i));
    cells.push_back(Cell(row.total));
    t.rows.push_back(std::move(cells));
  }
  t.footnotes = {
      fmt::format("Safety population: patients with at least one dose. Treatment-emergent: onset "
                  "from the first dose to "
                  "{} days after the last. A patient counts once per row. {} AE records outside "
                  "the window were not counted.",
                  window, r.events_outside_window)};
  return t;
}

report::HtmlTable TermsHtml(const clinical::SafetyResult& r, const Labels& labels,
                            std::size_t top) {
  report::HtmlTable t;
  t.caption = fmt::format("Most frequent adverse events (top {} terms), n (%)",
                          std::min(top, r.terms.size()));
  t.header = {"CTCAE term"};
  for (const std::string& arm : r.arms) {
    t.header.push_back(ArmName(labels, arm) + ": any grade");
    t.header.push_back(ArmName(labels, arm) + ": grade >= 3");
  }
  for (std::size_t k = 0; k < r.terms.size() && k < top; ++k) {
    const clinical::TermRow& term = r.terms[k];
    std::vector<std::string> cells = {term.term};
    for (std::size_t a = 0; a < r.arms.size(); ++a) {
      cells.push_back(Cell(term.any_grade[a]));
      cells.push_back(Cell(term.grade3plus[a]));
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

report::HtmlTable ExposureHtml(const clinical::SafetyResult& r, const Labels& labels) {
  report::HtmlTable t;
  t.caption = "Treatment exposure by arm";
  t.header = {"Arm",
              "Treated",
              "Duration, days: median (range)",
              "Mean",
              "Administrations: median",
              ">= 6 months",
              ">= 12 months"};
  for (const clinical::ExposureRow& e : r.exposure) {
    t.rows.push_back({ArmName(labels, e.arm), std::to_string(e.treated),
                      fmt::format("{:g} ({:g}–{:g})", e.duration_median_days, e.duration_min_days,
                                  e.duration_max_days),
                      fmt::format("{:.1f}", e.duration_mean_days),
                      fmt::format("{:g}", e.administrations_median),
                      std::to_string(e.treated_6_months), std::to_string(e.treated_12_months)});
  }
  t.footnotes = {"Duration = last dose day - first dose day + 1 (ADaM TRTDURD)."};
  return t;
}

AnalysisOutput RunSafety(const AnalysisSpec& spec, const study::Study& study,
                         report::Document& doc) {
  clinical::SafetyOptions options;
  options.post_treatment_window_days =
      static_cast<std::int32_t>(spec.Get<std::int64_t>("ae_window_days"));
  const clinical::SafetyResult r = clinical::SummariseSafety(study, options);
  const auto top = static_cast<std::size_t>(spec.Get<std::int64_t>("top_terms"));
  const Labels labels = ArmLabels(study);
  report::Section& s =
      doc.AddSection(spec.title.empty() ? "Safety" : spec.title,
                     "Adverse events (CTCAE v5.0) and exposure of the safety population, by arm.");
  s.AddTable(SummaryHtml(r, labels, *options.post_treatment_window_days));
  if (!r.terms.empty()) {
    s.AddChart(IncidenceSpec(r, labels, top),
               "Incidence of the most frequent adverse events by arm: percent of patients with the "
               "event at any "
               "grade, split by the worst grade (1-2, >= 3).");
  }
  s.AddChart(WorstGradeSpec(r, labels),
             "Patients by their worst CTCAE grade over all adverse events, by arm.");
  s.AddTable(TermsHtml(r, labels, top));
  s.AddTable(ExposureHtml(r, labels));
  return {.result = r.ToJson(),
          .tables = {{"summary", clinical::SafetySummaryTable(r)},
                     {"terms", clinical::SafetyTermTable(r)},
                     {"worst_grade", clinical::WorstGradeTable(r)},
                     {"exposure", clinical::ExposureTable(r)}}};
}

AnalysisKind SafetyKind() {
  return {.name = "safety",
          .default_title = "Safety",
          .options = {OptionSpec::Integer("ae_window_days",
                                          "adverse events up to this many days after the last dose")
                          .Default(90)
                          .Range(0, 3650)
                          .Unit("days"),
                      OptionSpec::Integer("top_terms", "most frequent preferred terms in the table")
                          .Default(15)
                          .Range(0, 100000)},
          .result_keys = {"arms", "events_counted", "events_outside_window",
                          "events_untreated_subject", "exposure", "population", "population_total",
                          "summary", "terms", "worst_grade"},
          .demo_plan = "[[analysis]]\nkind = \"safety\"\n",
          .demo_order = 50,
          .run = RunSafety};
}

const RegisterAnalysis kSafety(SafetyKind);

}  // namespace
}  // namespace pioneer::pipeline
