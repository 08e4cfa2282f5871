#include "report_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "charts.h"
#include "pioneer/pipeline/analysis.h"

namespace pioneer::pipeline {
namespace {

// Days to months as clinical papers count them (365.25 / 12 days).
constexpr double kDaysPerMonth = 30.4375;

double Months(std::int32_t day) {
  return std::round(static_cast<double>(day) / kDaysPerMonth * 100.0) / 100.0;
}

std::string Label(const std::vector<std::pair<std::string, std::string>>& labels,
                  const std::string& arm) {
  for (const auto& [code, label] : labels) {
    if (code == arm) return label;
  }
  return arm.empty() ? "No arm" : arm;
}

nlohmann::json Event(const SwimmerLane& lane, const std::string& arm, std::size_t order,
                     const char* event, std::int32_t day) {
  return {{"kind", "event"}, {"id", lane.subject_id}, {"arm", arm}, {"order", order},
          {"event", event},  {"month", Months(day)},  {"day", day}};
}

nlohmann::json SwimmerValues(const SwimmerData& shown,
                             const std::vector<std::pair<std::string, std::string>>& labels) {
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t i = 0; i < shown.lanes.size(); ++i) {
    const SwimmerLane& l = shown.lanes[i];
    const std::string arm = Label(labels, l.arm);
    const bool died = l.end == LaneEnd::kDied;
    values.push_back(
        {{"kind", "lane"},
         {"id", l.subject_id},
         {"arm", arm},
         {"order", i},
         {"start", 0},
         {"end", Months(l.end_day)},
         {"end_day", l.end_day},
         {"status", died ? "Died" : (l.on_treatment ? "Alive, on treatment" : "Alive")},
         {"response", l.response.empty() ? "None" : l.response}});
    if (l.response_day)
      values.push_back(Event(l, arm, i, l.response == "CR" ? "CR" : "PR", *l.response_day));
    if (l.cr_day) values.push_back(Event(l, arm, i, "CR", *l.cr_day));
    if (l.progression_day) values.push_back(Event(l, arm, i, "PD", *l.progression_day));
    if (died) values.push_back(Event(l, arm, i, "Death", l.end_day));
    if (l.on_treatment) values.push_back(Event(l, arm, i, "On treatment", l.end_day));
  }
  return values;
}

std::string CountPercent(std::size_t n, std::size_t total) {
  return total == 0 ? "0"
                    : fmt::format("{} ({:.0f}%)", n,
                                  100.0 * static_cast<double>(n) / static_cast<double>(total));
}

}  // namespace

void AddCohortSummarySection(report::Document& doc, const AnalysisSpec& spec,
                             const CohortSummary& summary) {
  report::Section& section = doc.AddSection(
      spec.title, fmt::format("{} subjects in {} arms.", summary.columns.back().subjects,
                              summary.columns.size() - 1));
  report::HtmlTable table;
  table.caption = "Table 1. Baseline characteristics by arm";
  table.header.push_back("Characteristic");
  for (const CohortColumn& c : summary.columns) {
    table.header.push_back(fmt::format("{}\nN = {}", c.label, c.subjects));
  }
  for (const Table1Row& r : FormatTable1(summary)) {
    const bool heading = r.level.empty();
    std::vector<std::string> cells = {heading ? r.characteristic : r.level};
    if (heading) {
      cells.resize(summary.columns.size() + 1);
    } else {
      cells.insert(cells.end(), r.cells.begin(), r.cells.end());
    }
    table.rows.push_back(std::move(cells));
    table.row_styles.push_back(heading ? report::RowStyle::kGroup : report::RowStyle::kLevel);
  }
  table.footnotes = {
      "Percentages are of all subjects in the column, so each characteristic, Missing included, "
      "sums to 100%. Q1, Q3: first and third quartiles (R quantile type 7); SD: standard "
      "deviation.",
      "ECOG: Eastern Cooperative Oncology Group. PD-L1 TPS: tumour proportion score, the "
      "percentage of viable tumour cells with membranous PD-L1 staining."};
  section.AddTable(std::move(table));
}

// One arm's panel: bars (lanes) and event markers. Lane rows have no
// "month" and event rows no "start": each layer drops the other's rows as
// invalid (Vega-Lite's default).
nlohmann::json ArmPanel(const std::string& arm, bool last, int step, double max_month) {
  const nlohmann::json y = {{"field", "id"},
                            {"type", "nominal"},
                            {"sort", {{"field", "order"}, {"op", "min"}}},
                            {"axis", nullptr}};
  const nlohmann::json x_scale = {{"domain", {0, max_month}}, {"nice", false}};
  const nlohmann::json x_title =
      last ? nlohmann::json("Months since first dose (day 0)") : nlohmann::json();
  const nlohmann::json events = {"CR", "PR", "PD", "Death", "On treatment"};
  nlohmann::json lanes = {
      {"mark", {{"type", "bar"}, {"color", "#a9bfd6"}, {"cornerRadiusEnd", 1}}},
      {"encoding",
       {{"y", y},
        {"x",
         {{"field", "start"}, {"type", "quantitative"}, {"title", x_title}, {"scale", x_scale}}},
        {"x2", {{"field", "end"}}},
        {"tooltip",
         {{{"field", "id"}, {"title", "Subject"}},
          {{"field", "arm"}, {"title", "Arm"}},
          {{"field", "end"}, {"title", "Follow-up (months)"}, {"format", ".1f"}},
          {{"field", "end_day"}, {"title", "Follow-up (days)"}},
          {{"field", "status"}, {"title", "Status"}},
          {{"field", "response"}, {"title", "First response"}}}}}}};
  nlohmann::json marks = {
      {"mark",
       {{"type", "point"}, {"filled", true}, {"size", step >= 8 ? 46 : 30}, {"opacity", 1}}},
      {"encoding",
       {{"y", y},
        {"x",
         {{"field", "month"}, {"type", "quantitative"}, {"title", x_title}, {"scale", x_scale}}},
        {"shape",
         {{"field", "event"},
          {"type", "nominal"},
          {"title", "Event"},
          {"scale",
           {{"domain", events},
            {"range", {"circle", "circle", "diamond", "cross", "triangle-right"}}}}}},
        {"color",
         {{"field", "event"},
          {"type", "nominal"},
          {"title", "Event"},
          {"scale",
           {{"domain", events},
            {"range", {"#1b7837", "#7fbc41", "#d6301d", "#1d2733", "#2166ac"}}}}}},
        {"tooltip",
         {{{"field", "id"}, {"title", "Subject"}},
          {{"field", "event"}, {"title", "Event"}},
          {{"field", "day"}, {"title", "Study day"}},
          {{"field", "month"}, {"title", "Month"}, {"format", ".1f"}}}}}}};
  return {{"title", {{"text", arm}, {"anchor", "start"}, {"fontSize", 13}, {"offset", 6}}},
          {"transform", {{{"filter", {{"field", "arm"}, {"equal", arm}}}}}},
          {"width", 880},
          {"height", {{"step", step}}},
          {"layer", {lanes, marks}}};
}

nlohmann::json SwimmerSpec(const SwimmerData& shown,
                           const std::vector<std::pair<std::string, std::string>>& labels) {
  std::vector<std::string> arms;
  std::int32_t max_day = 1;
  for (const SwimmerLane& l : shown.lanes) {
    const std::string arm = Label(labels, l.arm);
    if (std::find(arms.begin(), arms.end(), arm) == arms.end()) arms.push_back(arm);
    max_day = std::max(max_day, l.end_day);
  }
  // Thin bars for large cohorts, so that 300 subjects fit in ~1,500 px.
  constexpr int kTargetHeight = 1200;
  const int n = std::max<int>(1, static_cast<int>(shown.lanes.size()));
  const int step = std::clamp(kTargetHeight / n, 4, 10);
  // One panel per arm (vconcat, not facet: each panel's y scale holds only
  // its own subjects, and the x scale is shared so months line up).
  nlohmann::json panels = nlohmann::json::array();
  for (std::size_t i = 0; i < arms.size(); ++i) {
    panels.push_back(ArmPanel(arms[i], i + 1 == arms.size(), step, std::ceil(Months(max_day))));
  }
  return {{"$schema", charts::kSchema},
          {"data", {{"values", SwimmerValues(shown, labels)}}},
          {"vconcat", panels},
          {"spacing", 20},
          {"resolve", {{"scale", {{"x", "shared"}, {"y", "independent"}}}}},
          {"config", {{"legend", {{"orient", "top"}, {"direction", "horizontal"}}}}}};
}

void AddSwimmerSection(report::Document& doc, const AnalysisSpec& spec, const SwimmerData& data,
                       const std::vector<std::pair<std::string, std::string>>& labels) {
  const std::size_t total = data.lanes.size();
  std::size_t died = 0, on_treatment = 0, responded = 0, progressed = 0;
  for (const SwimmerLane& l : data.lanes) {
    died += l.end == LaneEnd::kDied;
    on_treatment += l.on_treatment;
    responded += l.response_day.has_value();
    progressed += l.progression_day.has_value();
  }
  report::Section& section = doc.AddSection(
      spec.title,
      "One bar per subject, from the first dose to death or last contact; subjects sorted by arm, "
      "then by length of follow-up.");
  section.AddParagraph(fmt::format(
      "Of {} subjects, {} died and {} were alive at last contact ({} still on treatment). "
      "{} had an objective response (first CR or PR) and {} a progression (PD) as reported by the "
      "investigator.",
      total, CountPercent(died, total), total - died, on_treatment, CountPercent(responded, total),
      CountPercent(progressed, total)));
  const SwimmerData shown = SampleLanes(data, spec.options.at("max_subjects").get<std::size_t>());
  if (shown.lanes.size() < total) {
    section.AddNote(fmt::format(
        "The chart shows {} of {} subjects, evenly spaced by follow-up within each arm "
        "(max_subjects = {}); tables/{}.tsv lists all.",
        shown.lanes.size(), total, spec.options.at("max_subjects").get<std::int64_t>(), spec.name));
  }
  if (data.subjects_without_follow_up > 0) {
    section.AddNote(fmt::format("{} subjects have no follow-up day recorded and are not shown.",
                                data.subjects_without_follow_up));
  }
  section.AddChart(SwimmerSpec(shown, labels),
                   "Swimmer plot: circles mark the first response (dark green CR, light green "
                   "PR), red diamonds progression, crosses death, blue arrows subjects still on "
                   "treatment.");
}

namespace {

AnalysisOutput RunCohortSummary(const AnalysisSpec& spec, const study::Study& study,
                                report::Document& doc) {
  const CohortSummary summary = SummariseCohort(study);
  AddCohortSummarySection(doc, spec, summary);
  return {.result = ToJson(summary), .tables = {{"", ToTable(summary)}}};
}

AnalysisOutput RunSwimmer(const AnalysisSpec& spec, const study::Study& study,
                          report::Document& doc) {
  const SwimmerData data = BuildSwimmer(study);
  AddSwimmerSection(doc, spec, data, ArmLabels(study));
  return {.result = ToJson(data), .tables = {{"", ToTable(data)}}};
}

AnalysisKind CohortSummaryKind() {
  return {.name = "cohort_summary",
          .default_title = "Baseline characteristics",
          .result_keys = {"analysis", "columns"},
          .demo_plan = "[[analysis]]\nkind = \"cohort_summary\"\n",
          .demo_order = 10,
          .run = RunCohortSummary};
}

AnalysisKind SwimmerKind() {
  // max_subjects: at most this many subjects in the chart (0 = all); the table keeps all.
  return {.name = "swimmer",
          .default_title = "Follow-up, response and survival",
          .options = {core::OptionSpec::Integer("max_subjects",
                                                "at most this many subjects in the chart (0: all); "
                                                "the table keeps all")
                          .Default(0)
                          .Range(0, 1000000)},
          .result_keys = {"analysis", "lanes", "subjects_without_follow_up"},
          .demo_plan = "[[analysis]]\nkind = \"swimmer\"\nmax_subjects = 0   # all subjects\n",
          .demo_order = 20,
          .run = RunSwimmer};
}

const RegisterAnalysis kCohortSummary(CohortSummaryKind);
const RegisterAnalysis kSwimmer(SwimmerKind);

}  // namespace

}  // namespace pioneer::pipeline
