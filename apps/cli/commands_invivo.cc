// pioneer invivo mrecist|analyze: in-vivo tumour growth studies (src/invivo).
// Parse, call the library, print; tables and JSON as documented in
// docs/invivo.md.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/invivo/analysis.h"
#include "pioneer/invivo/growth_data.h"
#include "pioneer/invivo/mrecist.h"
#include "pioneer/io/delimited.h"
#include "pioneer/io/read_table.h"

namespace pioneer::cli {
namespace {

std::string Cell(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "NA"; }

invivo::GrowthData Load(const Args& args, bool with_arm) {
  invivo::GrowthColumns columns;
  columns.animal = SplitList(args.Require("animal"));
  if (columns.animal.empty()) throw UsageError("--animal: at least one column");
  columns.day = args.Require("day");
  columns.volume = args.Require("volume");
  if (with_arm) columns.arm = args.Require("arm");
  columns.study = args.Get("study").value_or("");
  columns.body_weight = args.Get("body-weight").value_or("");
  columns.censor_reason = args.Get("censor-reason").value_or("");
  invivo::GrowthOptions options;
  options.floor = NumberOption(args, "floor");
  if (args.Get("baseline-day")) options.baseline_day = NumberOption(args, "baseline-day");
  core::Table table = io::ReadTableFile(args.Require("data"));
  if (const auto subset = args.Get("subset")) {
    const auto eq = subset->find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("--subset {}: expected COL=VALUE", *subset));
    table = invivo::SelectRows(table, subset->substr(0, eq), subset->substr(eq + 1));
  }
  invivo::GrowthData data = invivo::ReadGrowth(table, columns, options);
  fmt::print("{}: {} curves{}", table.source(), data.curves.size(),
             with_arm ? fmt::format(" in {} arms", data.arms.size()) : "");
  if (data.values_at_floor > 0)
    fmt::print(", {} volumes raised to the floor {}", data.values_at_floor, data.floor);
  if (data.rows_missing_volume > 0)
    fmt::print(", {} rows without volume skipped", data.rows_missing_volume);
  fmt::print("\n");
  return data;
}

core::Table MRecistTable(const invivo::GrowthData& data,
                         const std::vector<invivo::CurveResponse>& responses) {
  std::vector<std::string> names = data.animal_columns;
  for (const char* n : {"best_response_pct", "best_avg_response_pct", "mRECIST"})
    names.emplace_back(n);
  core::Table t("mrecist", names);
  std::int64_t line = 2;
  for (const invivo::CurveResponse& r : responses) {
    std::vector<std::string> row = r.curve->key;
    row.push_back(Cell(r.result.best_response_pct));
    row.push_back(Cell(r.result.best_avg_response_pct));
    row.push_back(invivo::ToString(r.result.response));
    t.AddRow(std::move(row), line++);
  }
  return t;
}

invivo::MRecistOptions MRecistOptionsFrom(const Args& args) {
  invivo::MRecistOptions o;
  o.window_start_day = NumberOption(args, "mrecist-window");
  o.cr_best_response = NumberOption(args, "mcr-br");
  o.cr_best_average = NumberOption(args, "mcr-bar");
  o.pr_best_response = NumberOption(args, "mpr-br");
  o.pr_best_average = NumberOption(args, "mpr-bar");
  o.sd_best_response = NumberOption(args, "msd-br");
  o.sd_best_average = NumberOption(args, "msd-bar");
  o.Validate();
  return o;
}

int MRecistCommand(const Args& args) {
  const invivo::MRecistOptions options = MRecistOptionsFrom(args);
  const std::string out = args.Require("out");
  const invivo::GrowthData data = Load(args, false);
  const std::vector<invivo::CurveResponse> responses = invivo::MRecistAll(data, options);
  std::map<std::string, int> counts;
  for (const auto& r : responses) ++counts[invivo::ToString(r.result.response)];
  fmt::print("mRECIST (BR and BAR over days >= {}):", options.window_start_day);
  for (const char* c : {"mCR", "mPR", "mSD", "mPD"}) fmt::print(" {} {}", c, counts[c]);
  fmt::print("\n");
  core::WriteFileAtomically(
      out, io::FormatDelimited(MRecistTable(data, responses), io::DelimiterForPath(out)));
  return 0;
}

void PrintAnalysis(const invivo::StudyAnalysis& a) {
  fmt::print("control {}, landmark day {} (TGI change-based, own baselines; 95% bootstrap CI)\n",
             a.control, a.landmark_day);
  for (const invivo::TgiResult& t : a.tgi) {
    fmt::print("  {:<22} n={:<3} TGI {:>7.1f}% [{:.1f}, {:.1f}]  T/C {:>6.1f}% [{:.1f}, {:.1f}]\n",
               t.arm, t.n, t.tgi_pct, t.tgi_lower, t.tgi_upper, t.tc_pct, t.tc_lower, t.tc_upper);
  }
  fmt::print("growth rates (per-animal log-linear, /day), Welch vs control, Holm:\n");
  for (const invivo::ArmRates& r : a.rates) {
    fmt::print(
        "  {:<22} n={:<3} {:.4f} (SEM {:.4f})  p_holm {}  regressions: {} partial, {} complete\n",
        r.arm, r.n, r.mean_rate, r.sem, Cell(r.p_holm), r.partial_regressions,
        r.complete_regressions);
  }
  if (a.mixed) {
    const invivo::MixedModelResult& m = *a.mixed;
    fmt::print(
        "mixed model (REML, log V ~ day x arm, random intercept + slope): logLik {:.6f}, {}{}\n",
        m.loglik_reml, m.stop_reason, m.converged ? "" : " (NOT CONVERGED)");
    for (const auto& [arm, slope] : m.arm_slopes)
      fmt::print("  slope {:<22} {:.5f} (SE {:.5f})\n", arm, slope, m.arm_slope_se.at(arm));
    for (const invivo::WaldTest& w : m.type2)
      fmt::print("  type II {:<8} chisq {:.3f} on {} df, p {:.3g}\n", w.term, w.chisq, w.df, w.p);
  } else if (!a.mixed_model_problem.empty()) {
    fmt::print("mixed model not fitted: {}\n", a.mixed_model_problem);
  }
  if (a.endpoint.has_logrank) {
    fmt::print("time to endpoint: log-rank chisq {:.3f} on {} df, p {:.3g}\n",
               a.endpoint.logrank.chisq, a.endpoint.logrank.df, a.endpoint.logrank.p);
  }
  if (a.synergy) {
    fmt::print("synergy ({} + {} = {}):\n", a.design->a, a.design->b, a.design->ab);
    for (const invivo::SynergyRow& r : a.synergy->rows) {
      if (r.method == "demidenko_miller_time_resolved") continue;
      fmt::print("  {:<26} {:>9.4g} [{:.4g}, {:.4g}] p {:<9} {} | {}\n", r.method, r.estimate,
                 r.lower, r.upper, Cell(r.p), r.verdict, r.window);
    }
    for (const std::string& note : a.synergy->notes) fmt::print("  note: {}\n", note);
  }
}

int AnalyzeCommand(const Args& args) {
  invivo::AnalysisOptions o;
  o.control = args.Get("control").value_or("");
  if (const auto c = args.Get("combination")) o.combination = *c;
  if (args.Get("landmark")) o.landmark_day = NumberOption(args, "landmark");
  o.endpoint.volume = NumberOption(args, "endpoint-volume");
  o.endpoint.fold_change = NumberOption(args, "endpoint-fold");
  o.endpoint.Validate();
  o.mrecist = MRecistOptionsFrom(args);
  o.bootstrap_replicates = static_cast<int>(args.Integer("bootstrap"));
  o.seed = static_cast<std::uint64_t>(args.Integer("seed"));
  if (o.bootstrap_replicates < 2) throw UsageError("--bootstrap: at least 2 replicates");
  const auto json_file = args.Get("json");
  const auto out_dir = args.Get("out");
  const invivo::GrowthData data = Load(args, true);
  const invivo::StudyAnalysis a = invivo::AnalyseStudy(data, o);
  PrintAnalysis(a);
  nlohmann::json j = a.ToJson();
  j["source"] = data.source;
  j["floor"] = data.floor;
  j["seed"] = o.seed;
  j["bootstrap_replicates"] = o.bootstrap_replicates;
  if (out_dir) {
    core::StagedDirectory dir(*out_dir);
    for (const auto& [name, table] : a.Tables()) dir.Write(name, io::FormatDelimited(table, '\t'));
    dir.Write("analysis.json", j.dump(2) + "\n");
    dir.Commit();
  }
  if (json_file) core::WriteFileAtomically(*json_file, j.dump(2) + "\n");
  return a.mixed && !a.mixed->converged ? 1 : 0;
}

std::vector<Option> DataOptions(bool with_arm) {
  std::vector<Option> o = {
      Option::Path("data", "long table (CSV/TSV/XPT): one row per animal and measurement day")
          .Required(),
      Option::List("animal", "column(s) identifying one curve (e.g. model,drug for PDX)")
          .Required()
          .Metavar("COL[,COL]"),
      Option::String("day", "measurement day column").Required().Metavar("COL"),
      Option::String("volume", "tumour volume column (mm3)").Required().Metavar("COL"),
      Option::String("study", "study column (animals are unique within a study)").Metavar("COL"),
      Option::String("body_weight", "body weight column (g)").Metavar("COL"),
      Option::String("censor_reason",
                     "non-tumour death / euthanasia reason column (censors time to endpoint)")
          .Metavar("COL"),
      Option::Number("floor", "detection limit (mm3): smaller volumes are raised to it")
          .Default(0)
          .Range(0, std::nullopt)
          .Metavar("V"),
      Option::Number("baseline_day", "every curve must start on this day").Metavar("D"),
      Option::String("subset", "analyse only the rows with this value (e.g. sheet=Fig4a)")
          .Metavar("COL=VALUE"),
  };
  if (with_arm) {
    o.insert(o.begin() + 2,
             Option::String("arm", "treatment arm column").Required().Metavar("COL"));
  }
  return o;
}

std::vector<Option> MRecistOptionList() {
  return {
      Option::Number("mrecist_window", "best response over days >= DAY").Default(10).Metavar("DAY"),
      Option::Number("mcr_br", "mCR: best response below").Default(-95).Unit("%").Metavar("PCT"),
      Option::Number("mcr_bar", "mCR: best average response below")
          .Default(-40)
          .Unit("%")
          .Metavar("PCT"),
      Option::Number("mpr_br", "mPR: best response below").Default(-50).Unit("%").Metavar("PCT"),
      Option::Number("mpr_bar", "mPR: best average response below")
          .Default(-20)
          .Unit("%")
          .Metavar("PCT"),
      Option::Number("msd_br", "mSD: best response below").Default(35).Unit("%").Metavar("PCT"),
      Option::Number("msd_bar", "mSD: best average response below")
          .Default(30)
          .Unit("%")
          .Metavar("PCT")};
}

std::vector<Option> Concat(std::vector<Option> a, const std::vector<Option>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

std::vector<Command> InvivoCommands() {
  return {
      {"invivo mrecist", "mouse mRECIST per curve (Gao 2015, as Xeva)", "",
       Concat(
           Concat(DataOptions(false), MRecistOptionList()),
           {Option::Path("out", "animal columns, best_response_pct, best_avg_response_pct, mRECIST")
                .Required()
                .Metavar("FILE.tsv")}),
       MRecistCommand},
      {"invivo analyze",
       "whole in-vivo study: TGI, growth rates, mixed model, mRECIST, time to endpoint, synergy",
       "",
       Concat(
           Concat(DataOptions(true), MRecistOptionList()),
           {Option::String("control", "control arm (default: the first arm in the file)")
                .Metavar("ARM"),
            Option::String("combination",
                           "2x2 synergy: combination arm = the two single-agent arms")
                .Metavar("'AB=A,B'"),
            Option::Number("landmark",
                           "landmark day (default: last day every control animal is measured)")
                .Metavar("DAY"),
            Option::Number("endpoint_volume", "time to endpoint: volume threshold (mm3)")
                .Default(1000)
                .Metavar("V"),
            Option::Number("endpoint_fold",
                           "time to endpoint: K x baseline instead of a volume (0 = off)")
                .Default(0)
                .Range(0, std::nullopt)
                .Metavar("K"),
            Option::Integer("bootstrap", "bootstrap replicates for TGI, T/C and synergy intervals")
                .Default(2000)
                .Range(0, 100000),
            Option::Integer("seed", "bootstrap seed")
                .Default(20260101)
                .Range(0, kMaxSeed)
                .Metavar("S"),
            Option::Path("json", "write the result as JSON (docs/invivo.md)"),
            Option::Path("out", "write TSV tables and analysis.json into DIR (all or nothing)")
                .Metavar("DIR")}),
       AnalyzeCommand},
  };
}

const RegisterCommands kRegistered(InvivoCommands);

}  // namespace pioneer::cli
