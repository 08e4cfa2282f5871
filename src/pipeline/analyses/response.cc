// Analysis kind "response": the "Response and resistance" section of the
// report. Everything is derived from the lesion measurements by the rules
// engine (src/clinical, response-rules.md) through
// clinical::DeriveStudyResponse; the arm-level numbers are
// clinical::SummariseArms (Clopper-Pearson, Newcombe, stats::KaplanMeier).
// Tables written: <name>_adrs, _adtte, _sitc, _rates, _counts.
#include <fmt/format.h>

#include <cmath>

#include "../report_sections.h"
#include "pioneer/clinical/study_response.h"
#include "pioneer/pipeline/analysis.h"
#include "response_charts.h"

namespace pioneer::pipeline {
namespace {

using core::OptionSpec;

using Labels = std::vector<std::pair<std::string, std::string>>;

constexpr double kDaysPerMonth = 30.4375;

std::string ArmName(const Labels& labels, const std::string& arm) {
  for (const auto& [code, label] : labels) {
    if (code == arm) return label;
  }
  return arm;
}

std::string Pct(double p) { return std::isfinite(p) ? fmt::format("{:.1f}", 100.0 * p) : "–"; }

std::string RateCell(const clinical::RateEstimate& e) {
  if (e.n == 0) return "–";
  return fmt::format("{} ({}%) [{}–{}]", e.x, Pct(e.estimate), Pct(e.lower), Pct(e.upper));
}

std::string DiffCell(const clinical::RateSummary& r, const std::string& arm) {
  for (const clinical::RateDifference& d : r.differences) {
    if (d.arm == arm)
      return fmt::format("{} [{} to {}]", Pct(d.estimate), Pct(d.lower), Pct(d.upper));
  }
  return "reference";
}

report::HtmlTable RatesTable(const clinical::ArmSummary& s, const Labels& labels) {
  report::HtmlTable t;
  t.caption = "Objective response and disease control (RECIST 1.1, confirmed) by arm";
  t.header = {"Arm",
              "N",
              "ORR n (%) [95% CI]",
              "ORR difference, points [95% CI]",
              "DCR n (%) [95% CI]",
              "DCR difference, points [95% CI]"};
  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    t.rows.push_back({ArmName(labels, s.arms[a]), std::to_string(s.orr.by_arm[a].n),
                      RateCell(s.orr.by_arm[a]), DiffCell(s.orr, s.arms[a]),
                      RateCell(s.dcr.by_arm[a]), DiffCell(s.dcr, s.arms[a])});
  }
  t.rows.push_back({"All", std::to_string(s.orr.overall.n), RateCell(s.orr.overall), "",
                    RateCell(s.dcr.overall), ""});
  t.footnotes = {
      "ORR: confirmed BOR CR or PR; DCR: CR, PR, SD or NON-CR/NON-PD (E-04). 95% CI: "
      "Clopper-Pearson (R binom.test). Differences against the first arm: Newcombe hybrid score "
      "interval (Wilson-based, method 10). Subjects without an evaluable tumour course count as "
      "NE."};
  return t;
}

report::HtmlTable CountsHtml(const clinical::CategoryCounts& c, const clinical::ArmSummary& s,
                             const Labels& labels, std::string caption) {
  report::HtmlTable t;
  t.caption = std::move(caption);
  t.header = {""};
  std::vector<std::int64_t> totals(s.arms.size(), 0);
  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    t.header.push_back(ArmName(labels, s.arms[a]));
    for (const auto& row : c.counts) totals[a] += row[a];
  }
  for (std::size_t k = 0; k < c.categories.size(); ++k) {
    std::vector<std::string> row = {c.categories[k]};
    for (std::size_t a = 0; a < s.arms.size(); ++a) {
      const double pct = totals[a] > 0 ? 100.0 * static_cast<double>(c.counts[k][a]) /
                                             static_cast<double>(totals[a])
                                       : 0;
      row.push_back(fmt::format("{} ({:.1f}%)", c.counts[k][a], pct));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Months-based KM of PFS or DoR, for the chart and the medians.
struct MonthsKm {
  std::vector<SubjectSurvival> subjects;
  stats::KmResult km;
};

MonthsKm KmInMonths(const clinical::StudyResponse& r, bool dor) {
  MonthsKm out;
  stats::SurvivalData data;
  std::vector<std::string> group;
  for (const clinical::SubjectOutcome& o : r.outcomes) {
    const auto& t = dor ? o.dor : o.pfs;
    if (!t) continue;
    out.subjects.push_back({.subject_id = o.subject_id,
                            .arm = o.arm,
                            .os_months = 0,
                            .os_event = 0,
                            .pfs_months = t->days / kDaysPerMonth,
                            .pfs_event = t->event ? 1 : 0});
    data.time.push_back(t->days / kDaysPerMonth);
    data.event.push_back(t->event ? 1 : 0);
    group.push_back(o.arm);
  }
  if (data.size() > 0)
    out.km = stats::KaplanMeier(data, stats::Factor::WithLevels(group, r.arms.arms));
  return out;
}

std::string Median(const stats::KmCurve& c) {
  auto n = [](double x) { return std::isfinite(x) ? fmt::format("{:.1f}", x) : std::string("NR"); };
  return fmt::format("{} ({}–{})", n(c.median), n(c.median_lower), n(c.median_upper));
}

report::HtmlTable MediansHtml(const MonthsKm& pfs, const MonthsKm& dor, const Labels& labels) {
  report::HtmlTable t;
  t.caption = "Median PFS and duration of response by arm, months (95% CI)";
  t.header = {"Arm", "PFS: n", "PFS: events", "PFS median", "DoR: n", "DoR: events", "DoR median"};
  auto cells = [](const stats::KmResult& km, const std::string& arm) -> std::vector<std::string> {
    for (const stats::KmCurve& c : km.strata) {
      if (c.group != arm) continue;
      double events = 0;
      for (double e : c.n_event) events += e;
      return {std::to_string(c.n), fmt::format("{:g}", events), Median(c)};
    }
    return {"0", "0", "–"};
  };
  std::vector<std::string> arms;
  for (const auto& c : pfs.km.strata) arms.push_back(c.group);
  for (const std::string& arm : arms) {
    std::vector<std::string> row = {ArmName(labels, arm)};
    for (const auto& part : {cells(pfs.km, arm), cells(dor.km, arm)})
      row.insert(row.end(), part.begin(), part.end());
    t.rows.push_back(std::move(row));
  }
  t.footnotes = {
      "Kaplan-Meier medians with log-transformed 95% CIs (R survfit defaults); NR = not reached. "
      "PFS: RECIST 1.1 PD or death, censored by E-05..E-07; DoR from the first confirmed response "
      "(A8)."};
  return t;
}

void AddKm(report::Section& section, const MonthsKm& m, bool dor, const Labels& labels) {
  if (m.km.strata.empty()) {
    section.AddNote(dor ? "No confirmed responder: no duration of response."
                        : "No subject with PFS.");
    return;
  }
  nlohmann::json spec = KaplanMeierSpec(m.km, m.subjects, true, labels);
  if (dor) {
    for (auto& layer : spec["vconcat"][0]["layer"])
      layer["encoding"]["y"]["title"] = "Duration of response";
  }
  section.AddChart(
      std::move(spec),
      dor ? "Kaplan-Meier estimate of the duration of response (confirmed responders, E-08), "
            "months from the first confirmed response; crosses mark censoring."
          : "Kaplan-Meier estimate of RECIST 1.1 progression-free survival with the FDA censoring "
            "rules (E-05..E-07), months; crosses mark censoring.");
}

void AddSection(report::Document& doc, const AnalysisSpec& spec, const clinical::StudyResponse& r,
                const Labels& labels, std::size_t max_lanes) {
  report::Section& s =
      doc.AddSection(spec.title.empty() ? "Response and resistance" : spec.title,
                     "RECIST 1.1, iRECIST and SITC resistance classes derived from the lesion "
                     "measurements by pioneer's "
                     "rules engine (response-rules.md), with the FDA censoring rules for PFS.");
  s.AddParagraph(
      fmt::format("{} subjects were evaluated from their lesion-level data; {} had no evaluable "
                  "tumour course and count "
                  "as NE. Timepoint responses, confirmation (>= {} days, at most {} NE inside the "
                  "window), SD minimum "
                  "(day >= {}) and the missed-assessment rule (more than {} x interval + {} days) "
                  "follow the defaults "
                  "of the rule book (section 8).",
                  r.results.size(), r.excluded.size(), r.parameters.confirm_min_days,
                  r.parameters.confirm_max_ne, r.parameters.sd_min_days,
                  r.parameters.missed_assessments, r.parameters.missed_window_days));
  s.AddTable(RatesTable(r.arms, labels));
  s.AddTable(CountsHtml(r.arms.bor, r.arms, labels,
                        "Confirmed best overall response (RECIST 1.1) by arm"));
  const std::vector<ResponseCourse> courses = ResponseCourses(r);
  s.AddChart(WaterfallSpec(courses, labels),
             "Waterfall plot: best % change of the target sum from baseline per subject, coloured "
             "by confirmed "
             "BOR; dashed lines at +20% (PD threshold) and -30% (PR threshold).");
  s.AddChart(SpiderSpec(courses, labels),
             "Spider plot: % change of the target sum from baseline over time per subject (up to "
             "the first PD), "
             "coloured by confirmed BOR; the axis is clipped at +150%.");
  s.AddChart(
      ResponseSwimmerSpec(courses, labels, max_lanes),
      "Swimmer plot of confirmed responders and patients with an iUPD: bars from day 0 to death or "
      "last "
      "contact; marks at the onset of confirmed response, iUPD, iCPD, RECIST 1.1 PD and death; "
      "right-pointing triangles mark patients alive and progression-free.");
  const MonthsKm pfs = KmInMonths(r, false), dor = KmInMonths(r, true);
  AddKm(s, pfs, false, labels);
  AddKm(s, dor, true, labels);
  s.AddTable(MediansHtml(pfs, dor, labels));
  s.AddTable(
      CountsHtml(r.arms.sitc_2020, r.arms, labels,
                 "SITC resistance class (Kluger 2020, anti-PD-(L)1 advanced setting) by arm"));
  s.AddTable(CountsHtml(r.arms.sitc_2023, r.arms, labels,
                        "SITC resistance class (Rizvi 2023, ICI + chemotherapy variant) by arm"));
  std::size_t disagree = 0;
  for (const clinical::SubjectOutcome& o : r.outcomes) {
    const bool p20 = o.sitc_2020 == "primary_resistance",
               p23 = o.sitc_2023_ici_chemo == "primary_resistance";
    disagree += p20 != p23 ? 1 : 0;
  }
  s.AddNote(
      fmt::format("SITC 2020 requires progression confirmed on a scan >= 28 days later (persistent "
                  "iUPD/iCPD); the 2023 "
                  "variant takes the first RECIST 1.1 PD without confirmation. The two disagree on "
                  "primary resistance "
                  "for {} subjects (pseudo-progression, unconfirmed PD).",
                  disagree));
}

AnalysisOutput RunResponse(const AnalysisSpec& spec, const study::Study& study,
                           report::Document& doc) {
  clinical::StudyResponseOptions options;
  options.assessment_interval_days = spec.Get<std::int64_t>("assessment_interval_days");
  options.arms.reference_arm = spec.Get<std::string>("reference_arm");
  const clinical::StudyResponse r = clinical::DeriveStudyResponse(study, options);
  AddSection(doc, spec, r, ArmLabels(study),
             static_cast<std::size_t>(spec.Get<std::int64_t>("max_swimmer_lanes")));
  AnalysisOutput out;
  out.result = {{"evaluated", r.results.size()},
                {"excluded", r.excluded.size()},
                {"arm_summary", r.arms.ToJson()}};
  out.tables = {{"adrs", clinical::AdrsTable(study, r)},
                {"adtte", clinical::AdtteTable(study, r)},
                {"sitc", clinical::SitcTable(study, r)},
                {"rates", clinical::RateTable(r.arms)},
                {"counts", clinical::CountsTable(r.arms)}};
  return out;
}

AnalysisKind ResponseKind() {
  return {
      .name = "response",
      .default_title = "Response and resistance",
      .options = {OptionSpec::Integer("assessment_interval_days",
                                      "planned interval between tumour assessments")
                      .Default(42)
                      .Range(1, 3650)
                      .Unit("days"),
                  OptionSpec::String("reference_arm",
                                     "arm the others are compared with (\"\": the first arm)")
                      .Default("")
                      .Metavar("ARM"),
                  OptionSpec::Integer("max_swimmer_lanes",
                                      "at most this many subjects in the swimmer chart (0: all)")
                      .Default(80)
                      .Range(0, 100000)},
      .result_keys = {"arm_summary", "evaluated", "excluded"},
      .demo_plan = "[[analysis]]\nkind = \"response\"\n",
      .demo_order = 40,
      .run = RunResponse};
}

const RegisterAnalysis kResponse(ResponseKind);

}  // namespace
}  // namespace pioneer::pipeline
