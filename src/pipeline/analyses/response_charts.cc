// Waterfall, spider and swimmer plots of the "Response and resistance"
// section, from the rules engine's per-subject results (response_charts.h).
#include "response_charts.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "../charts.h"

namespace pioneer::pipeline {
namespace {

using clinical::IResponse;
using clinical::LesionStatus;
using clinical::LesionType;
using clinical::OverallResponse;

constexpr double kDaysPerMonth = 30.4375;
using charts::kSchema;

double Months(int day) { return std::round(day / kDaysPerMonth * 100.0) / 100.0; }
double Round1(double x) { return std::round(x * 10.0) / 10.0; }

std::string Label(const ArmLabels_& labels, const std::string& arm) {
  for (const auto& [code, label] : labels) {
    if (code == arm) return label;
  }
  return arm;
}

// The confirmed-BOR colours, one fixed domain so every chart agrees.
nlohmann::json BorColour() {
  return {{"field", "bor"},
          {"type", "nominal"},
          {"title", "Confirmed BOR"},
          {"scale",
           {{"domain", {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"}},
            {"range", {"#1b7837", "#7fbf7b", "#f1b630", "#bdbdbd", "#d73027", "#8c8c8c"}}}}};
}

// baseline sum of the target diameters (too small = default).
std::optional<double> BaselineSum(const clinical::Patient& p, double too_small_mm) {
  for (const clinical::Visit& v : p.visits) {
    if (!v.baseline) continue;
    double sum = 0;
    for (const clinical::Lesion& l : v.lesions) {
      if (l.type != LesionType::kTarget) continue;
      if (l.status == LesionStatus::kTooSmall) sum += too_small_mm;
      if (l.status != LesionStatus::kMeasured) continue;
      if (l.fragments_mm.empty()) sum += l.diameter_mm;
      for (double f : l.fragments_mm) sum += f;
    }
    return sum > 0 ? std::optional(sum) : std::nullopt;
  }
  return std::nullopt;
}

ResponseCourse Course(const clinical::Patient& p, const clinical::PatientResult& r,
                      const std::string& arm, double too_small_mm) {
  ResponseCourse c;
  c.subject_id = r.id;
  c.arm = arm;
  c.bor_confirmed = std::string(clinical::Name(r.recist.bor_confirmed));
  if (const auto base = BaselineSum(p, too_small_mm)) {
    c.change.emplace_back(0, 0.0);
    for (const clinical::RecistTimepoint& tp : r.recist.timepoints) {
      if (!tp.sum_mm) continue;
      const double pct = 100.0 * (*tp.sum_mm - *base) / *base;
      c.change.emplace_back(tp.day, pct);
      c.best_change_pct = std::min(c.best_change_pct.value_or(pct), pct);
    }
  }
  c.end_day = r.os.day;
  c.died = r.os.event;
  c.ongoing = !r.os.event && !r.recist.pfs.event;
  if (r.recist.dor) c.response_day = r.recist.dor->start_day;
  for (const clinical::RecistTimepoint& tp : r.recist.timepoints) {
    if (tp.overall == OverallResponse::kPD) c.pd_day = tp.day;
  }
  for (const clinical::IrecistTimepoint& tp : r.irecist.timepoints) {
    if (tp.overall == IResponse::kIUPD) c.iupd_days.push_back(tp.day);
    if (tp.overall == IResponse::kICPD) c.icpd_day = tp.day;
  }
  return c;
}

}  // namespace

std::vector<ResponseCourse> ResponseCourses(const clinical::StudyResponse& response) {
  std::vector<ResponseCourse> out;
  for (std::size_t i = 0; i < response.results.size(); ++i) {
    out.push_back(Course(response.patients[i], response.results[i], response.patient_arms[i],
                         response.parameters.too_small_default_mm));
  }
  return out;
}

nlohmann::json WaterfallSpec(const std::vector<ResponseCourse>& courses, const ArmLabels_& labels) {
  std::vector<const ResponseCourse*> shown;
  for (const ResponseCourse& c : courses) {
    if (c.best_change_pct) shown.push_back(&c);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const auto* a, const auto* b) {
    return *a->best_change_pct > *b->best_change_pct;
  });
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t i = 0; i < shown.size(); ++i) {
    values.push_back({{"rank", i + 1},
                      {"change", Round1(*shown[i]->best_change_pct)},
                      {"bor", shown[i]->bor_confirmed},
                      {"arm", Label(labels, shown[i]->arm)}});
  }
  const nlohmann::json x = {{"field", "rank"},
                            {"type", "ordinal"},
                            {"title", nullptr},
                            {"axis", {{"labels", false}, {"ticks", false}}}};
  const nlohmann::json y = {{"field", "change"},
                            {"type", "quantitative"},
                            {"title", "Best change in target sum from baseline (%)"},
                            {"scale", {{"domainMax", 100}, {"clamp", true}}}};
  nlohmann::json rules = nlohmann::json::array();
  for (double at : {20.0, -30.0}) rules.push_back({{"y", at}});
  return {{"$schema", kSchema},
          {"width", 680},
          {"height", 280},
          {"layer",
           {{{"data", {{"values", values}}},
             {"mark", {{"type", "bar"}}},
             {"encoding",
              {{"x", x},
               {"y", y},
               {"color", BorColour()},
               {"tooltip", {{{"field", "arm"}}, {{"field", "bor"}}, {{"field", "change"}}}}}}},
            {{"data", {{"values", rules}}},
             {"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "#555"}}},
             {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}}}}}},
          {"config", {{"legend", {{"orient", "top"}}}}}};
}

nlohmann::json SpiderSpec(const std::vector<ResponseCourse>& courses, const ArmLabels_& labels) {
  nlohmann::json values = nlohmann::json::array();
  for (const ResponseCourse& c : courses) {
    for (const auto& [day, pct] : c.change) {
      values.push_back({{"subject", c.subject_id},
                        {"week", Round1(day / 7.0)},
                        {"change", Round1(pct)},
                        {"bor", c.bor_confirmed},
                        {"arm", Label(labels, c.arm)}});
    }
  }
  return {{"$schema", kSchema},
          {"width", 680},
          {"height", 300},
          {"data", {{"values", values}}},
          {"layer",
           {{{"mark", {{"type", "line"}, {"strokeWidth", 1}, {"opacity", 0.7}, {"point", false}}},
             {"encoding",
              {{"x", {{"field", "week"}, {"type", "quantitative"}, {"title", "Weeks since day 0"}}},
               {"y",
                {{"field", "change"},
                 {"type", "quantitative"},
                 {"title", "Change in target sum from baseline (%)"},
                 {"scale", {{"domainMax", 150}, {"clamp", true}}}}},
               {"detail", {{"field", "subject"}}},
               {"color", BorColour()}}}},
            {{"data", {{"values", {{{"y", 20}}, {{"y", -30}}}}}},
             {"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "#555"}}},
             {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}}}}}},
          {"config", {{"legend", {{"orient", "top"}}}}}};
}

nlohmann::json ResponseSwimmerSpec(const std::vector<ResponseCourse>& courses,
                                   const ArmLabels_& labels, std::size_t max_lanes) {
  // Confirmed responders and patients with an iUPD: the courses the rules
  // are about (response onset, pseudo-progression, confirmed progression).
  std::vector<const ResponseCourse*> lanes;
  for (const ResponseCourse& c : courses) {
    if (c.response_day || !c.iupd_days.empty()) lanes.push_back(&c);
  }
  std::stable_sort(lanes.begin(), lanes.end(),
                   [](const auto* a, const auto* b) { return a->end_day > b->end_day; });
  if (max_lanes > 0 && lanes.size() > max_lanes) lanes.resize(max_lanes);
  nlohmann::json bars = nlohmann::json::array(), marks = nlohmann::json::array();
  auto mark = [&](const ResponseCourse& c, int day, const char* event) {
    marks.push_back({{"subject", c.subject_id}, {"month", Months(day)}, {"event", event}});
  };
  std::vector<std::string> order;
  for (const ResponseCourse* c : lanes) {
    order.push_back(c->subject_id);
    bars.push_back({{"subject", c->subject_id},
                    {"start", 0},
                    {"end", Months(c->end_day)},
                    {"arm", Label(labels, c->arm)},
                    {"bor", c->bor_confirmed}});
    if (c->response_day) mark(*c, *c->response_day, "Confirmed response (onset)");
    for (int d : c->iupd_days) mark(*c, d, "iUPD");
    if (c->icpd_day) mark(*c, *c->icpd_day, "iCPD");
    if (c->pd_day) mark(*c, *c->pd_day, "PD (RECIST 1.1)");
    if (c->died) mark(*c, c->end_day, "Death");
    if (c->ongoing) mark(*c, c->end_day, "Ongoing (alive, no progression)");
  }
  const nlohmann::json y = {{"field", "subject"},
                            {"type", "nominal"},
                            {"sort", order},
                            {"title", nullptr},
                            {"axis", {{"labels", false}, {"ticks", false}}}};
  const nlohmann::json events = {
      "Confirmed response (onset)",     "iUPD", "iCPD", "PD (RECIST 1.1)", "Death",
      "Ongoing (alive, no progression)"};
  nlohmann::json bar_layer;
  bar_layer["data"] = {{"values", bars}};
  bar_layer["mark"] = {{"type", "bar"}, {"height", 6}};
  bar_layer["encoding"]["y"] = y;
  bar_layer["encoding"]["x"] = {
      {"field", "start"}, {"type", "quantitative"}, {"title", "Months since day 0"}};
  bar_layer["encoding"]["x2"] = {{"field", "end"}};
  // Light arm colours under strong event colours, so that every mark stays visible.
  bar_layer["encoding"]["color"] = {
      {"field", "arm"},
      {"type", "nominal"},
      {"title", "Arm"},
      {"scale", {{"range", {"#b9d3ea", "#f9d2a8", "#d4d4d4", "#d8c7e6"}}}}};
  bar_layer["encoding"]["tooltip"] = nlohmann::json::array(
      {{{"field", "arm"}}, {{"field", "bor"}}, {{"field", "end"}, {"title", "months"}}});
  const nlohmann::json shapes = {"triangle-up", "diamond", "cross",
                                 "square",      "circle",  "triangle-right"};
  const nlohmann::json colours = {"#1b7837", "#f28e2b", "#b2182b", "#d73027", "#222222", "#4e79a7"};
  nlohmann::json mark_layer;
  mark_layer["data"] = {{"values", marks}};
  mark_layer["mark"] = {{"type", "point"}, {"filled", true}, {"size", 60}, {"opacity", 1}};
  mark_layer["encoding"]["y"] = y;
  mark_layer["encoding"]["x"] = {{"field", "month"}, {"type", "quantitative"}};
  mark_layer["encoding"]["shape"] = {{"field", "event"},
                                     {"type", "nominal"},
                                     {"title", "Event"},
                                     {"scale", {{"domain", events}, {"range", shapes}}}};
  // One "Event" legend: the shape legend, coloured like the marks.
  mark_layer["encoding"]["color"] = {{"field", "event"},
                                     {"type", "nominal"},
                                     {"legend", nullptr},
                                     {"scale", {{"domain", events}, {"range", colours}}}};
  mark_layer["encoding"]["tooltip"] =
      nlohmann::json::array({{{"field", "event"}}, {{"field", "month"}}});
  nlohmann::json spec = {{"$schema", kSchema}, {"width", 680}};
  spec["height"] = std::max<std::size_t>(60, 9 * lanes.size());
  spec["layer"] = nlohmann::json::array({bar_layer, mark_layer});
  spec["resolve"] = {{"scale", {{"color", "independent"}}}};
  spec["config"] = {{"legend", {{"orient", "right"}, {"labelLimit", 260}}}};
  return spec;
}

}  // namespace pioneer::pipeline
