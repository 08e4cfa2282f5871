// Analysis kind "invivo": the "In-vivo studies" section of the report.
// The stored study's mouse measurements (study::Study::animals) become the
// invivo module's growth data (invivo::ReadGrowth, volumes below the
// detection limit raised to the floor) and the whole analysis is
// invivo::AnalyseStudy (docs/invivo.md): mRECIST, TGI, growth rates, the
// REML mixed model, time to endpoint and, for a 2x2 design, synergy. This
// file only converts, charts and tabulates; it computes no statistics.
// Tables written: <name>_<table> for each table of StudyAnalysis::Tables().
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "../charts.h"
#include "pioneer/invivo/analysis.h"
#include "pioneer/pipeline/analysis.h"

namespace pioneer::pipeline {
namespace {

using core::OptionSpec;

// The animals of one in-vivo study as the long table ReadGrowth reads.
core::Table GrowthTable(const std::vector<study::AnimalMeasurement>& animals,
                        const std::string& study_id) {
  core::Table t("study animals", {"study", "animal", "arm", "day", "volume"});
  std::int64_t line = 1;
  for (const study::AnimalMeasurement& m : animals) {
    ++line;
    if (m.study != study_id) continue;
    t.AddRow({m.study, m.animal, m.arm, std::to_string(m.day),
              m.volume_mm3 ? fmt::format("{}", *m.volume_mm3) : std::string()},
             line);
  }
  return t;
}

// 'AB=A,B' when an arm named "A+B" combines two other arms.
std::optional<std::string> DetectCombination(const invivo::GrowthData& data) {
  const std::set<std::string> arms(data.arms.begin(), data.arms.end());
  for (const std::string& arm : data.arms) {
    const std::size_t plus = arm.find('+');
    if (plus == std::string::npos) continue;
    const std::string a = arm.substr(0, plus), b = arm.substr(plus + 1);
    if (arms.count(a) && arms.count(b)) return fmt::format("{}={},{}", arm, a, b);
  }
  return std::nullopt;
}

std::string Num(double x, int digits = 1) {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : std::string("–");
}

// Three significant digits: synergy rows mix percentage points and rates per day.
std::string Sig(double x) { return std::isfinite(x) ? fmt::format("{:.3g}", x) : std::string("–"); }

std::string PValue(double p) {
  if (!std::isfinite(p)) return "–";
  return p < 0.001 ? std::string("<0.001") : fmt::format("{:.3f}", p);
}

// "landmark day 19 (TGI, ...)" -> "landmark day 19"; the full window goes
// to the table's footnote (report cells do not wrap).
std::string ShortWindow(const std::string& window) { return window.substr(0, window.find(" (")); }

nlohmann::json ArmSort(const invivo::GrowthData& data) { return data.arms; }

nlohmann::json SpaghettiSpec(const invivo::GrowthData& data) {
  nlohmann::json values = nlohmann::json::array();
  for (const invivo::Curve& c : data.curves) {
    for (std::size_t i = 0; i < c.size(); ++i) {
      values.push_back(
          {{"animal", c.id}, {"arm", c.arm}, {"day", c.day[i]}, {"volume", c.volume[i]}});
    }
  }
  return {
      {"$schema", charts::kSchema},
      {"data", {{"values", values}}},
      {"facet",
       {{"field", "arm"}, {"type", "nominal"}, {"sort", ArmSort(data)}, {"title", nullptr}}},
      {"columns", 4},
      {"spec",
       {{"width", 170},
        {"height", 170},
        {"mark", {{"type", "line"}, {"point", {{"size", 12}}}, {"strokeWidth", 1}}},
        {"encoding",
         {{"x", {{"field", "day"}, {"type", "quantitative"}, {"title", "Day"}}},
          {"y",
           {{"field", "volume"},
            {"type", "quantitative"},
            {"scale", {{"type", "log"}}},
            {"title", "Tumour volume (mm³, log)"}}},
          {"detail", {{"field", "animal"}, {"type", "nominal"}}},
          {"color",
           {{"field", "arm"}, {"type", "nominal"}, {"sort", ArmSort(data)}, {"legend", nullptr}}},
          {"tooltip", {{{"field", "animal"}}, {{"field", "day"}}, {{"field", "volume"}}}}}}}}};
}

nlohmann::json MeanSemSpec(const invivo::StudyAnalysis& a, const invivo::GrowthData& data) {
  nlohmann::json values = nlohmann::json::array();
  for (const invivo::ArmDaySummary& s : a.summary) {
    const double sem = std::isfinite(s.sem) ? s.sem : 0.0;
    values.push_back({{"arm", s.arm},
                      {"day", s.day},
                      {"n", s.n},
                      {"mean", s.mean},
                      {"low", s.mean - sem},
                      {"high", s.mean + sem}});
  }
  const nlohmann::json color = {
      {"field", "arm"}, {"type", "nominal"}, {"sort", ArmSort(data)}, {"title", "Arm"}};
  const nlohmann::json x = {{"field", "day"}, {"type", "quantitative"}, {"title", "Day"}};
  return {{"$schema", charts::kSchema},
          {"width", 520},
          {"height", 300},
          {"data", {{"values", values}}},
          {"layer",
           {{{"mark", {{"type", "errorbar"}, {"ticks", true}}},
             {"encoding",
              {{"x", x},
               {"y",
                {{"field", "low"},
                 {"type", "quantitative"},
                 {"title", "Mean tumour volume ± SEM (mm³)"}}},
               {"y2", {{"field", "high"}}},
               {"color", color}}}},
            {{"mark", {{"type", "line"}, {"point", true}}},
             {"encoding",
              {{"x", x},
               {"y", {{"field", "mean"}, {"type", "quantitative"}}},
               {"color", color},
               {"tooltip",
                {{{"field", "arm"}},
                 {{"field", "day"}},
                 {{"field", "n"}},
                 {{"field", "mean"}, {"format", ".1f"}}}}}}}}}};
}

nlohmann::json WaterfallSpec(const invivo::StudyAnalysis& a) {
  std::vector<const invivo::CurveResponse*> order;
  for (const invivo::CurveResponse& r : a.mrecist) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const auto* x, const auto* y) {
    return x->result.best_response_pct > y->result.best_response_pct;
  });
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t i = 0; i < order.size(); ++i) {
    const invivo::CurveResponse& r = *order[i];
    values.push_back({{"rank", i + 1},
                      {"animal", r.curve->id},
                      {"arm", r.curve->arm},
                      {"best", std::min(r.result.best_response_pct, 300.0)},
                      {"best_raw", r.result.best_response_pct},
                      {"mrecist", invivo::ToString(r.result.response)}});
  }
  return {
      {"$schema", charts::kSchema},
      {"width", 620},
      {"height", 260},
      {"data", {{"values", values}}},
      {"mark", "bar"},
      {"encoding",
       {{"x", {{"field", "rank"}, {"type", "ordinal"}, {"axis", nullptr}, {"title", "Animals"}}},
        {"y",
         {{"field", "best"},
          {"type", "quantitative"},
          {"title", "Best response, % change (capped at +300%)"}}},
        {"color",
         {{"field", "mrecist"},
          {"type", "nominal"},
          {"title", "mRECIST"},
          {"scale",
           {{"domain", {"mCR", "mPR", "mSD", "mPD"}},
            {"range", {"#1a9850", "#91cf60", "#fee08b", "#d73027"}}}}}},
        {"tooltip",
         {{{"field", "animal"}},
          {{"field", "arm"}},
          {{"field", "mrecist"}},
          {{"field", "best_raw"}, {"format", ".1f"}, {"title", "best %"}}}}}}};
}

nlohmann::json EndpointSpec(const invivo::EndpointResult& e, const invivo::GrowthData& data) {
  nlohmann::json values = nlohmann::json::array(), censored = nlohmann::json::array();
  for (const stats::KmCurve& c : e.km.strata) {
    values.push_back({{"arm", c.group}, {"day", 0.0}, {"surv", 1.0}});
    double s = 1.0;
    for (std::size_t i = 0; i < c.time.size(); ++i) {
      values.push_back({{"arm", c.group}, {"day", c.time[i]}, {"surv", s}});  // step
      s = c.surv[i];
      values.push_back({{"arm", c.group}, {"day", c.time[i]}, {"surv", s}});
      if (c.n_censor[i] > 0)
        censored.push_back({{"arm", c.group}, {"day", c.time[i]}, {"surv", s}});
    }
  }
  const nlohmann::json color = {
      {"field", "arm"}, {"type", "nominal"}, {"sort", ArmSort(data)}, {"title", "Arm"}};
  const nlohmann::json x = {{"field", "day"}, {"type", "quantitative"}, {"title", "Day"}};
  const nlohmann::json y = {{"field", "surv"},
                            {"type", "quantitative"},
                            {"scale", {{"domain", {0, 1}}}},
                            {"title", "Fraction below the endpoint volume"}};
  return {{"$schema", charts::kSchema},
          {"width", 520},
          {"height", 280},
          {"layer",
           {{{"data", {{"values", values}}},
             {"mark", {{"type", "line"}, {"interpolate", "linear"}}},
             {"encoding", {{"x", x}, {"y", y}, {"color", color}, {"order", {{"field", "day"}}}}}},
            {{"data", {{"values", censored}}},
             {"mark", {{"type", "point"}, {"shape", "cross"}, {"filled", true}, {"size", 60}}},
             {"encoding", {{"x", x}, {"y", y}, {"color", color}}}}}}};
}

nlohmann::json SynergySpec(const invivo::SynergyResult& s) {
  nlohmann::json values = nlohmann::json::array();
  for (const invivo::SynergyRow& r : s.rows) {
    // The response-scale rows (percentage points) share one axis.
    if (r.method != "bliss" && r.method != "hsa" && r.method != "response_additivity") continue;
    if (!std::isfinite(r.estimate)) continue;
    values.push_back({{"row", fmt::format("{}, {}", r.method, ShortWindow(r.window))},
                      {"estimate", r.estimate},
                      {"lower", std::isfinite(r.lower) ? r.lower : r.estimate},
                      {"upper", std::isfinite(r.upper) ? r.upper : r.estimate},
                      {"verdict", r.verdict}});
  }
  return {
      {"$schema", charts::kSchema},
      {"width", 420},
      {"data", {{"values", values}}},
      {"layer",
       {{{"mark", "rule"},
         {"encoding",
          {{"y",
            {{"field", "row"},
             {"type", "nominal"},
             {"sort", nullptr},
             {"title", nullptr},
             {"axis", {{"labelLimit", 320}}}}},
           {"x",
            {{"field", "lower"},
             {"type", "quantitative"},
             {"title", "Observed − expected (> 0 = synergy)"}}},
           {"x2", {{"field", "upper"}}}}}},
        {{"mark", {{"type", "point"}, {"filled", true}, {"size", 60}}},
         {"encoding",
          {{"y", {{"field", "row"}, {"type", "nominal"}, {"sort", nullptr}}},
           {"x", {{"field", "estimate"}, {"type", "quantitative"}}},
           {"color",
            {{"field", "verdict"},
             {"type", "nominal"},
             {"title", "Verdict"},
             {"legend", {{"orient", "bottom"}, {"direction", "vertical"}, {"labelLimit", 400}}}}},
           {"tooltip",
            {{{"field", "row"}},
             {{"field", "estimate"}, {"format", ".2f"}},
             {{"field", "verdict"}}}}}}},
        {{"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "gray"}}},
         {"data", {{"values", {{{"zero", 0}}}}}},
         {"encoding", {{"x", {{"field", "zero"}, {"type", "quantitative"}}}}}}}}};
}

report::HtmlTable MRecistTable(const invivo::StudyAnalysis& a, const invivo::GrowthData& data) {
  report::HtmlTable t;
  t.caption = "mRECIST best response by arm (Gao 2015), animals (%)";
  t.header = {"Arm", "N", "mCR", "mPR", "mSD", "mPD"};
  for (const std::string& arm : data.arms) {
    std::map<std::string, int> n;
    int total = 0;
    for (const invivo::CurveResponse& r : a.mrecist) {
      if (r.curve->arm != arm) continue;
      ++n[invivo::ToString(r.result.response)];
      ++total;
    }
    std::vector<std::string> row = {arm, std::to_string(total)};
    for (const char* c : {"mCR", "mPR", "mSD", "mPD"}) {
      row.push_back(fmt::format("{} ({:.0f}%)", n[c], total > 0 ? 100.0 * n[c] / total : 0.0));
    }
    t.rows.push_back(std::move(row));
  }
  t.footnotes = {
      "Best response BR = min % change from baseline from the window start on; best average "
      "response "
      "BAR = min running mean. mCR: BR < -95 and BAR < -40; mPR: BR < -50 and BAR < -20; mSD: "
      "BR < 35 and BAR < 30; else mPD."};
  return t;
}

report::HtmlTable EfficacyTable(const invivo::StudyAnalysis& a) {
  report::HtmlTable t;
  t.caption =
      fmt::format("Growth inhibition at the landmark (day {:g}) and growth rates against {}",
                  a.landmark_day, a.control);
  t.header = {"Arm",
              "n (landmark)",
              "TGI % [95% CI]",
              "T/C % [95% CI]",
              "Mean growth rate /day (SEM)",
              "Δ rate vs control",
              "p (Welch, Holm)"};
  for (const invivo::ArmRates& r : a.rates) {
    std::vector<std::string> row = {
        r.arm, "–", "–", "–", fmt::format("{} ({})", Num(r.mean_rate, 4), Num(r.sem, 4)), "", ""};
    if (r.arm == a.control) {
      row[5] = "reference";
    } else {
      row[5] = Num(r.diff_vs_control, 4);
      row[6] = PValue(r.p_holm);
    }
    for (const invivo::TgiResult& g : a.tgi) {
      if (g.arm != r.arm) continue;
      row[1] = std::to_string(g.n);
      row[2] = fmt::format("{} [{}, {}]", Num(g.tgi_pct), Num(g.tgi_lower), Num(g.tgi_upper));
      row[3] = fmt::format("{} [{}, {}]", Num(g.tc_pct), Num(g.tc_lower), Num(g.tc_upper));
    }
    t.rows.push_back(std::move(row));
  }
  t.footnotes = {
      "TGI = 100 (1 - mean ΔV_T / mean ΔV_C), each animal from its own baseline; T/C = 100 mean "
      "V_T / "
      "mean V_C; stratified bootstrap percentile intervals (animals resampled within arms). Growth "
      "rate: per-animal OLS slope of log volume on day."};
  return t;
}

bool TimeResolved(const invivo::SynergyRow& r) {
  return r.method == "demidenko_miller_time_resolved";
}

std::string Estimate(const invivo::SynergyRow& r) {
  return fmt::format("{} [{}, {}]", Sig(r.estimate), Sig(r.lower), Sig(r.upper));
}

// The rows of one window (e.g. "landmark day 19"): report cells do not
// wrap, so the window is the table's caption and its details a footnote.
report::HtmlTable SynergyTable(const invivo::SynergyResult& s, const invivo::CombinationDesign& d,
                               const std::string& window) {
  report::HtmlTable t;
  t.caption = fmt::format("Synergy of {} (= {} + {}, control {}), window: {}", d.ab, d.a, d.b,
                          d.control, window);
  t.header = {"Method", "Expected", "Observed", "Estimate [95% CI]", "p", "Verdict"};
  std::vector<std::string> details;
  for (const invivo::SynergyRow& r : s.rows) {
    if (TimeResolved(r) || ShortWindow(r.window) != window) continue;
    t.rows.push_back(
        {r.method, Sig(r.expected), Sig(r.observed), Estimate(r), PValue(r.p), r.verdict});
    if (std::find(details.begin(), details.end(), r.window) == details.end())
      details.push_back(r.window);
  }
  std::string list;
  for (const std::string& w : details) list += (list.empty() ? "" : "; ") + w;
  t.footnotes = {"Window in full: " + list + ".",
                 "Response scale (landmark TGI, whole-follow-up growth rates): estimate = observed "
                 "- expected, "
                 "percentage points, > 0 = synergy; combination index < 1 = synergy; log-scale "
                 "interaction tests "
                 "(rates, mixed model, log relative volume): estimate = observed - expected rate, "
                 "< 0 = synergy "
                 "(Demidenko & Miller 2019)."};
  return t;
}

// Demidenko & Miller's time-resolved contrast, one row per day.
report::HtmlTable TimeResolvedTable(const invivo::SynergyResult& s) {
  report::HtmlTable t;
  t.caption =
      "Time-resolved synergy: mean log relative volume, combination against Bliss independence, "
      "per day";
  t.header = {"Window", "Expected", "Observed", "Estimate [95% CI]", "p", "Verdict"};
  for (const invivo::SynergyRow& r : s.rows) {
    if (!TimeResolved(r)) continue;
    t.rows.push_back(
        {r.window, Sig(r.expected), Sig(r.observed), Estimate(r), PValue(r.p), r.verdict});
  }
  t.footnotes = {
      "Estimate = observed - expected mean log(V_t / V_0) (< 0 = synergy), days with enough "
      "animals "
      "in every arm."};
  return t;
}

void AddSynergy(report::Section& s, const invivo::StudyAnalysis& a) {
  if (!a.design || !a.synergy) {
    s.AddNote(
        "No 2x2 combination design (an arm \"A+B\" next to arms \"A\" and \"B\"): no synergy "
        "analysis.");
    return;
  }
  s.AddChart(SynergySpec(*a.synergy),
             "Synergy on the response scale: observed − expected response (percentage points) per "
             "reference "
             "model and window, with 95% bootstrap intervals; right of the dashed line = synergy.");
  std::vector<std::string> windows;
  for (const invivo::SynergyRow& r : a.synergy->rows) {
    const std::string w = ShortWindow(r.window);
    if (!TimeResolved(r) && std::find(windows.begin(), windows.end(), w) == windows.end())
      windows.push_back(w);
  }
  for (const std::string& w : windows) s.AddTable(SynergyTable(*a.synergy, *a.design, w));
  if (const report::HtmlTable t = TimeResolvedTable(*a.synergy); !t.rows.empty()) s.AddTable(t);
  if (a.synergy->notes.empty()) {
    s.AddNote(
        "The landmark and whole-follow-up Bliss verdicts could not both be computed: no "
        "comparison.");
  }
  for (const std::string& note : a.synergy->notes) s.AddNote(note);
}

void AddSection(report::Document& doc, const AnalysisSpec& spec, const invivo::StudyAnalysis& a,
                const invivo::GrowthData& data, const std::string& study_id,
                std::size_t other_studies) {
  report::Section& s = doc.AddSection(spec.title.empty() ? "In-vivo studies" : spec.title,
                                      "Tumour growth curves of the mouse study analysed by "
                                      "pioneer's invivo module (docs/invivo.md).");
  s.AddParagraph(
      fmt::format("Study {}: {} animals in {} arms, {} measurements; control arm {}; landmark day "
                  "{:g} (the last day "
                  "every control animal is measured); {} volumes below the detection limit were "
                  "raised to {:g} mm³.",
                  study_id, a.n_animals, data.arms.size(), a.n_measurements, a.control,
                  a.landmark_day, data.values_at_floor, data.floor));
  if (other_studies > 0) {
    s.AddNote(
        fmt::format("{} further in-vivo studies are stored; this section analyses the first one.",
                    other_studies));
  }
  s.AddChart(SpaghettiSpec(data), "Individual tumour growth curves per arm (log volume).");
  s.AddChart(MeanSemSpec(a, data),
             "Mean tumour volume ± SEM per arm and day (an arm's curve stops when too few animals "
             "remain).");
  s.AddChart(WaterfallSpec(a),
             "Waterfall of each animal's mRECIST best response (% change from baseline), "
             "coloured by mRECIST class.");
  s.AddTable(MRecistTable(a, data));
  s.AddTable(EfficacyTable(a));
  if (a.mixed) {
    s.AddParagraph(
        fmt::format("REML mixed model of log volume (random intercept and slope per animal): {}.",
                    a.mixed->converged ? "converged" : "did not converge"));
  } else if (!a.mixed_model_problem.empty()) {
    s.AddNote("No mixed model: " + a.mixed_model_problem);
  }
  if (!a.endpoint.km.strata.empty()) {
    s.AddChart(
        EndpointSpec(a.endpoint, data),
        fmt::format(
            "Kaplan-Meier estimate of the time to endpoint (volume >= {:g} mm³){}; crosses mark "
            "censoring.{}",
            a.endpoint.options.volume,
            a.endpoint.options.fold_change > 0
                ? fmt::format(" or {:g} x baseline", a.endpoint.options.fold_change)
                : std::string(),
            a.endpoint.has_logrank ? fmt::format(" Log-rank across arms: chi-square {:.2f} on {:g} "
                                                 "df, p = {}.",
                                                 a.endpoint.logrank.chisq, a.endpoint.logrank.df,
                                                 PValue(a.endpoint.logrank.p))
                                   : std::string()));
  }
  AddSynergy(s, a);
}

AnalysisOutput RunInvivo(const AnalysisSpec& spec, const study::Study& study,
                         report::Document& doc) {
  AnalysisOutput out;
  if (study.animals.empty()) {
    doc.AddSection(spec.title.empty() ? "In-vivo studies" : spec.title)
        .AddNote("The study holds no in-vivo (animal) measurements: no in-vivo analysis.");
    out.result = {{"animals", 0}};
    return out;
  }
  std::vector<std::string> studies;
  for (const study::AnimalMeasurement& m : study.animals) {
    if (std::find(studies.begin(), studies.end(), m.study) == studies.end())
      studies.push_back(m.study);
  }
  invivo::GrowthOptions growth_options;
  growth_options.floor = spec.Get<double>("floor");
  const invivo::GrowthData data = invivo::ReadGrowth(
      GrowthTable(study.animals, studies.front()),
      {.animal = {"animal"}, .arm = "arm", .day = "day", .volume = "volume"}, growth_options);
  invivo::AnalysisOptions options;
  options.control = spec.Get<std::string>("control");
  const std::string combination = spec.Get<std::string>("combination");
  options.combination =
      combination.empty() ? DetectCombination(data) : std::optional<std::string>(combination);
  if (const double landmark = spec.Get<double>("landmark_day"); landmark > 0)
    options.landmark_day = landmark;
  options.endpoint.volume = spec.Get<double>("endpoint_volume");
  options.bootstrap_replicates = static_cast<int>(spec.Get<std::int64_t>("bootstrap_replicates"));
  const invivo::StudyAnalysis a = invivo::AnalyseStudy(data, options);
  AddSection(doc, spec, a, data, studies.front(), studies.size() - 1);
  out.result = a.ToJson();
  out.result["study"] = studies.front();
  for (auto& [name, table] : a.Tables()) {
    std::string suffix = name;
    if (const std::size_t dot = suffix.rfind('.'); dot != std::string::npos) suffix.resize(dot);
    out.tables.emplace_back(std::move(suffix), std::move(table));
  }
  return out;
}

std::string CheckInvivoOption(const std::string& key, const nlohmann::json& value) {
  if (key == "endpoint_volume" && !(value.get<double>() > 0)) return "must be a number > 0";
  return "";
}

AnalysisKind InvivoKind() {
  return {
      .name = "invivo",
      .default_title = "In-vivo studies",
      .options = {OptionSpec::Number("floor", "volumes below this are set to it before logs")
                      .Default(5.0)
                      .Range(0, {})
                      .Unit("mm3"),
                  OptionSpec::String(
                      "control", "control group (\"\": the group named like vehicle or control)")
                      .Default("")
                      .Metavar("GROUP"),
                  OptionSpec::String(
                      "combination",
                      "combination group of the synergy test, \"A+B\" (\"\": found by name)")
                      .Default("")
                      .Metavar("GROUP"),
                  OptionSpec::Number("landmark_day",
                                     "compare groups from this day on (0: from day 0)")
                      .Default(0.0)
                      .Range(0, {})
                      .Unit("days"),
                  OptionSpec::Number("endpoint_volume",
                                     "tumour volume of the time-to-endpoint event (> 0)")
                      .Default(1000.0)
                      .Unit("mm3"),
                  OptionSpec::Integer("bootstrap_replicates",
                                      "bootstrap replicates of the synergy CIs")
                      .Default(2000)
                      .Range(100, 100000)},
      .check = CheckInvivoOption,
      .result_keys = {"control", "growth_rates", "landmark_day", "mixed_model", "mrecist",
                      "n_animals", "n_measurements", "study", "synergy", "synergy_notes", "tgi",
                      "time_to_endpoint"},
      .demo_plan = "[[analysis]]\nkind = \"invivo\"\n",
      .demo_order = 60,
      .run = RunInvivo};
}

const RegisterAnalysis kInvivo(InvivoKind);

}  // namespace
}  // namespace pioneer::pipeline
