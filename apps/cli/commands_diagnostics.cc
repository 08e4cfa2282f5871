// pioneer roc | cutpoint: ROC/AUC with DeLong CI, paired DeLong test,
// Youden; cut-points (youden, maxstat, fixed) and the test performance at
// them (src/diagnostics, docs/diagnostics.md). Parse, call, print.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/diagnostics/columns.h"
#include "pioneer/diagnostics/cutpoint.h"
#include "pioneer/diagnostics/metrics.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/io/delimited.h"
#include "pioneer/stats/logrank.h"

namespace pioneer::cli {
namespace {

using diagnostics::NumericColumns;

std::vector<std::string> Filters(const Args& args) {
  std::vector<std::string> out;
  if (const auto w = args.Get("where")) {
    std::stringstream in(*w);
    for (std::string item; std::getline(in, item, ';');) out.push_back(item);
  }
  return out;
}

core::Table LoadTable(const Args& args) {
  return diagnostics::FilterRows(io::ReadDelimited(args.Require("data")), Filters(args));
}

void Dropped(const NumericColumns& d) {
  if (d.n_dropped > 0) fmt::print("({} rows dropped for missing values)\n", d.n_dropped);
}

void WriteJson(const Args& args, const nlohmann::json& json) {
  if (const auto file = args.Get("json")) core::WriteFileAtomically(*file, json.dump(2) + "\n");
}

// Event column: 0/1, or 1/2 with 2 = event (R's Surv).
std::vector<int> Events(const std::vector<double>& values, const std::string& name) {
  bool one_two = true;
  for (double v : values) one_two = one_two && (v == 1 || v == 2);
  std::vector<int> out;
  for (double v : values) {
    if (!one_two && v != 0 && v != 1)
      throw UsageError(fmt::format("--event {}: expected 0/1 or 1/2 values", name));
    out.push_back(one_two ? static_cast<int>(v) - 1 : static_cast<int>(v));
  }
  return out;
}

std::string Num(double v) { return std::isfinite(v) ? fmt::format("{:.4g}", v) : "NA"; }

int Roc(const Args& args) {
  const std::string outcome = args.Require("outcome"), marker = args.Require("marker");
  const auto marker2 = args.Get("marker2");
  std::vector<std::string> cols = {outcome, marker};
  if (marker2) cols.push_back(*marker2);
  const NumericColumns d = diagnostics::ReadNumeric(LoadTable(args), cols, {outcome}, true);
  Dropped(d);
  diagnostics::RocOptions options;
  options.direction = diagnostics::ParseDirection(*args.Get("direction"));
  const std::vector<int> y = diagnostics::AsOutcome(d[outcome]);
  std::optional<PhaseTimer> timer(std::in_place, args, "analysis");
  const diagnostics::RocResult r = diagnostics::Roc(d[marker], y, options);
  timer.reset();
  nlohmann::json json = r.ToJson();
  json["marker"] = marker;
  json["n_dropped_missing"] = d.n_dropped;
  fmt::print(
      "ROC of {} ({} cases, {} controls, direction {})\nAUC = {:.4f} (95% CI {:.4f} to {:.4f}, "
      "DeLong)\n"
      "Youden: threshold {}, sensitivity {:.3f}, specificity {:.3f}\n",
      marker, r.n_cases, r.n_controls, diagnostics::DirectionName(r.direction), r.auc, r.auc_lower,
      r.auc_upper, Num(r.youden.threshold), r.youden.sensitivity, r.youden.specificity);
  if (marker2) {
    const diagnostics::RocResult r2 = diagnostics::Roc(d[*marker2], y, options);
    const diagnostics::PairedTest t = diagnostics::PairedDeLongTest(r, r2);
    json["marker2"] = *marker2;
    json["direction2"] = diagnostics::DirectionName(r2.direction);
    json["auc2"] = r2.auc;
    json["auc2_lower"] = r2.auc_lower;
    json["auc2_upper"] = r2.auc_upper;
    json["youden2"] = r2.ToJson()["youden"];
    json["paired_test"] = t.ToJson();
    fmt::print(
        "ROC of {}: AUC = {:.4f} (95% CI {:.4f} to {:.4f}, direction {})\n"
        "paired DeLong test: difference {:.4f}, z = {:.4f}, p = {:.4g}\n",
        *marker2, r2.auc, r2.auc_lower, r2.auc_upper, diagnostics::DirectionName(r2.direction),
        t.difference, t.z, t.p);
  }
  WriteJson(args, json);
  return 0;
}

nlohmann::json LogRankByGroup(const stats::SurvivalData& s, const std::vector<double>& marker,
                              double cut) {
  std::vector<std::string> labels;
  for (double v : marker) labels.push_back(v <= cut ? "low" : "high");
  const stats::Factor group = stats::Factor::WithLevels(labels, {"low", "high"});
  const stats::LogRankResult lr = stats::LogRank(s, group, stats::Factor{});
  return {{"groups", "low: marker <= cutpoint, high: above"},
          {"chisq", lr.chisq},
          {"p", lr.p},
          {"n", lr.n},
          {"observed", lr.observed},
          {"expected", lr.expected}};
}

int Cutpoint(const Args& args) {
  const std::string method = args.Require("method"), marker = args.Require("marker");
  if (method != "youden" && method != "maxstat" && method != "fixed") {
    throw UsageError(fmt::format("--method {}: expected youden, maxstat or fixed", method));
  }
  const bool survival = args.Has("time") || args.Has("event");
  if (survival == args.Has("outcome"))
    throw UsageError("give either --outcome COL or --time COL --event COL");
  if (method == "fixed" && !args.Has("value")) throw UsageError("--method fixed needs --value V");
  if (method == "youden" && survival) throw UsageError("--method youden needs a binary --outcome");
  if (method == "maxstat" && !survival)
    throw UsageError("--method maxstat needs --time and --event");
  nlohmann::json json = {{"marker", marker}, {"method", method}};
  if (survival) {
    const std::string time = args.Require("time"), event = args.Require("event");
    const NumericColumns d =
        diagnostics::ReadNumeric(LoadTable(args), {time, event, marker}, {}, true, {time});
    Dropped(d);
    stats::SurvivalData s{d[time], Events(d[event], event)};
    double cut = 0;
    if (method == "maxstat") {
      diagnostics::MaxstatOptions options;
      options.min_prop = args.Number("min-prop");
      options.max_prop = args.Number("max-prop");
      const diagnostics::MaxstatResult m = diagnostics::MaxstatLogRank(s, d[marker], options);
      json.update(m.ToJson());
      cut = m.cutpoint;
      fmt::print(
          "maxstat (log-rank) cut-point of {}: {} (M = {:.4f}, p = {:.4g}, Lausen-Schumacher "
          "1992)\n",
          marker, Num(cut), m.statistic, m.p);
    } else {
      cut = args.Number("value");
      json["cutpoint"] = cut;
    }
    json["logrank"] = LogRankByGroup(s, d[marker], cut);
    fmt::print("log-rank, marker <= {} vs above: p = {:.4g}\n", Num(cut),
               json["logrank"]["p"].get<double>());
    json["n"] = d.rows.size();
    json["n_dropped_missing"] = d.n_dropped;
    WriteJson(args, json);
    return 0;
  }
  const std::string outcome = args.Require("outcome");
  const NumericColumns d =
      diagnostics::ReadNumeric(LoadTable(args), {outcome, marker}, {outcome}, true);
  Dropped(d);
  const std::vector<int> y = diagnostics::AsOutcome(d[outcome]);
  diagnostics::RocOptions options;
  options.direction = diagnostics::ParseDirection(*args.Get("direction"));
  options.keep_curve = method == "youden";
  const diagnostics::RocResult r = diagnostics::Roc(d[marker], y, options);
  const double cut = method == "youden" ? r.youden.threshold : args.Number("value");
  const diagnostics::TestPerformance t = diagnostics::Performance(d[marker], y, cut, r.direction);
  json["cutpoint"] = std::isfinite(cut) ? nlohmann::json(cut) : nlohmann::json(nullptr);
  json["direction"] = diagnostics::DirectionName(r.direction);
  json["auc"] = r.auc;
  json["n"] = d.rows.size();
  json["n_dropped_missing"] = d.n_dropped;
  json.update(t.ToJson());
  fmt::print("cut-point of {}: {} ({}), positive when {}\n", marker, Num(cut), method,
             t.ToJson()["positive_when"].get<std::string>());
  fmt::print(
      "sensitivity {:.3f} ({:.3f}-{:.3f}), specificity {:.3f} ({:.3f}-{:.3f})\nPPV {:.3f} "
      "({:.3f}-{:.3f}), NPV {:.3f} ({:.3f}-{:.3f})\n",
      t.sensitivity.estimate, t.sensitivity.lower, t.sensitivity.upper, t.specificity.estimate,
      t.specificity.lower, t.specificity.upper, t.ppv.estimate, t.ppv.lower, t.ppv.upper,
      t.npv.estimate, t.npv.lower, t.npv.upper);
  WriteJson(args, json);
  return 0;
}

Option Data() { return Option::Path("data", "CSV or TSV file, one row per subject").Required(); }
Option Where() {
  return Option::String("where", "keep rows whose COL equals VALUE (several: A=x;B=y)")
      .Metavar("COL=VALUE");
}
// Harrell's and Uno's C of a risk score (higher = shorter survival).
int Concordance(const Args& args) {
  const std::string time = args.Require("time"), event = args.Require("event"),
                    marker = args.Require("marker");
  const NumericColumns d =
      diagnostics::ReadNumeric(LoadTable(args), {time, event, marker}, {}, true, {time});
  Dropped(d);
  const stats::SurvivalData s{d[time], Events(d[event], event)};
  const double tau = args.Has("tau") ? args.Number("tau") : std::numeric_limits<double>::infinity();
  const diagnostics::ConcordanceIndex harrell = diagnostics::HarrellC(s, d[marker]);
  const diagnostics::ConcordanceIndex uno = diagnostics::UnoC(s, d[marker], tau);
  fmt::print("n = {} ({} events): Harrell's C {:.4f}, Uno's C {:.4f}{}\n", harrell.n,
             harrell.n_events, harrell.c, uno.c,
             std::isfinite(tau) ? fmt::format(" (tau {})", tau) : std::string());
  WriteJson(args, {{"marker", marker},
                   {"n", harrell.n},
                   {"n_events", harrell.n_events},
                   {"harrell_c", harrell.c},
                   {"uno_c", uno.c},
                   {"tau", std::isfinite(tau) ? nlohmann::json(tau) : nlohmann::json(nullptr)},
                   {"harrell", harrell.ToJson()},
                   {"uno", uno.ToJson()},
                   {"n_dropped_missing", d.n_dropped}});
  return 0;
}

Option Json() { return Option::Path("json", "write the result as JSON (docs/diagnostics.md)"); }
Option DirectionOption() {
  return Option::Enum("direction", {"auto", "<", ">"},
                      "direction of the comparison (pROC: '>' = higher in controls)")
      .Default("auto");
}

}  // namespace

std::vector<Command> DiagnosticsCommands() {
  return {
      {"roc",
       "ROC curve, AUC with DeLong CI, Youden; paired DeLong test with --marker2 (as pROC)",
       "",
       {Data(),
        Option::String("outcome", "binary outcome, 1 = case, 0 = control")
            .Required()
            .Metavar("COL"),
        Option::String("marker", "continuous marker").Required().Metavar("COL"),
        Option::String("marker2", "second marker: paired test on rows complete for both")
            .Metavar("COL"),
        DirectionOption(), Where(), Json(),
        Option::Boolean("timing",
                        "print the CPU and wall time of the analysis (without reading) on stderr")},
       Roc},
      {"cutpoint",
       "cut-point of a marker (youden | maxstat | fixed) and its test performance",
       "",
       {Data(), Option::String("outcome", "binary outcome (youden, fixed)").Metavar("COL"),
        Option::String("time", "follow-up time (maxstat, fixed)").Metavar("COL"),
        Option::String("event", "event: 0/1 or 1/2 with 2 = event").Metavar("COL"),
        Option::String("marker", "continuous marker").Required().Metavar("COL"),
        Option::Enum("method", {"youden", "maxstat", "fixed"}, "how the cut-point is chosen")
            .Required(),
        Option::Number("value", "the cut-point of --method fixed").Metavar("V"),
        Option::Number("min_prop", "maxstat: smallest group fraction").Default(0.1).Metavar("P"),
        Option::Number("max_prop", "maxstat: largest lower-group fraction")
            .Default(0.9)
            .Metavar("P"),
        DirectionOption(), Where(), Json()},
       Cutpoint},
      {"concordance",
       "Harrell's and Uno's C of a risk score for survival (as survival::concordance)",
       "",
       {Data(), Option::String("time", "follow-up time").Required().Metavar("COL"),
        Option::String("event", "event: 0/1 or 1/2 with 2 = event").Required().Metavar("COL"),
        Option::String("marker", "risk score: higher = shorter survival").Required().Metavar("COL"),
        Option::Number("tau", "Uno's truncation time: events after tau do not count").Metavar("T"),
        Where(), Json()},
       Concordance},
  };
}

const RegisterCommands kRegistered(DiagnosticsCommands);

}  // namespace pioneer::cli
