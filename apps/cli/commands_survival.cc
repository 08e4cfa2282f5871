// pioneer survival km|logrank|cox|rmst: survival analyses of src/stats
// (km.h, logrank.h, cox.h, rmst.h) on a CSV/TSV file. Parse, call the
// library, print; --json FILE writes the result (docs/stats-json.md).
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/stats/cox.h"
#include "pioneer/stats/km.h"
#include "pioneer/stats/logrank.h"
#include "pioneer/stats/rmst.h"
#include "pioneer/stats/survival_table.h"

namespace pioneer::cli {
namespace {

using stats::SurvivalTable;

// Reads the table, converts the used columns, drops rows with a missing
// value (counted), applies --landmark when given.
SurvivalTable Load(const Args& args, stats::SurvivalColumns columns) {
  const PhaseTimer watch(args, "read and convert the data");
  columns.time = args.Require("time");
  columns.event = args.Require("event");
  const core::Table table = io::ReadDelimited(args.Require("data"));
  SurvivalTable st = stats::ExtractSurvival(table, columns);
  if (args.Get("landmark")) {
    const double landmark = NumberOption(args, "landmark");
    std::vector<std::size_t> kept;
    st.data = stats::Landmark(st.data, landmark, &kept);
    auto subset = [&](stats::Factor& f) {
      if (!f.codes.empty()) f.codes = stats::SelectRows(f.codes, kept);
    };
    subset(st.group);
    subset(st.strata);
    for (stats::CoxCovariate& c : st.covariates) {
      if (c.categorical())
        c.categories = stats::SelectRows(c.categories, kept);
      else
        c.values = stats::SelectRows(c.values, kept);
    }
    fmt::print("landmark at {}: {} subjects still at risk\n", landmark, kept.size());
  }
  if (st.n_dropped > 0) {
    fmt::print("({} of {} rows dropped for missing values)\n", st.n_dropped, st.n_rows);
  }
  return st;
}

// Builds the JSON only when --json asks for it (a million-row curve is big).
template <typename Result>
void WriteJson(const Args& args, const Result& result, const SurvivalTable& st) {
  const auto file = args.Get("json");
  if (!file) return;
  nlohmann::json json = result.ToJson();
  json["n_rows"] = st.n_rows;
  json["n_dropped_missing"] = st.n_dropped;
  core::WriteFileAtomically(*file, json.dump(2) + "\n");
}

std::string Num(double v) { return std::isfinite(v) ? fmt::format("{:.4g}", v) : "NA"; }

int Km(const Args& args) {
  stats::SurvivalColumns columns;
  columns.group = args.Get("group").value_or("");
  const SurvivalTable st = Load(args, columns);
  stats::KmOptions options;
  options.conf_type = stats::ParseConfType(*args.Get("conf-type"));
  const stats::KmResult r = [&] {
    const PhaseTimer watch(args, "analysis");
    return st.group.levels.empty() ? stats::KaplanMeier(st.data, options)
                                   : stats::KaplanMeier(st.data, st.group, options);
  }();
  fmt::print("Kaplan-Meier (conf.type {})\n{:<14}{:>6}{:>8}{:>9}{:>9}{:>9}\n",
             stats::ConfTypeName(options.conf_type), "group", "n", "events", "median", "0.95LCL",
             "0.95UCL");
  for (const stats::KmCurve& c : r.strata) {
    double events = 0;
    for (double e : c.n_event) events += e;
    fmt::print("{:<14}{:>6}{:>8}{:>9}{:>9}{:>9}\n", c.group, c.n, events, Num(c.median),
               Num(c.median_lower), Num(c.median_upper));
  }
  WriteJson(args, r, st);
  return 0;
}

int LogRank(const Args& args) {
  stats::SurvivalColumns columns;
  columns.group = args.Require("group");
  columns.strata = args.Get("strata").value_or("");
  const SurvivalTable st = Load(args, columns);
  stats::LogRankOptions options;
  options.rho = NumberOption(args, "rho");
  const stats::LogRankResult r = [&] {
    const PhaseTimer watch(args, "analysis");
    return stats::LogRank(st.data, st.group, st.strata, options);
  }();
  fmt::print("G-rho test, rho = {}{}\n{:<14}{:>6}{:>10}{:>10}\n", r.rho,
             st.strata.levels.empty() ? "" : " (stratified)", "group", "N", "Observed", "Expected");
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    fmt::print("{:<14}{:>6}{:>10.4g}{:>10.4g}\n", r.groups[g], r.n[g], r.observed[g],
               r.expected[g]);
  }
  fmt::print("Chisq = {:.4g} on {} df, p = {:.3g}\ntrend: Chisq = {:.4g} on 1 df, p = {:.3g}\n",
             r.chisq, r.df, r.p, r.trend_chisq, r.trend_p);
  WriteJson(args, r, st);
  return 0;
}

void PrintCox(const stats::CoxResult& r) {
  fmt::print("Cox PH (ties {}), n = {}, events = {}, iterations = {}{}\n", stats::TiesName(r.ties),
             r.n, r.n_event, r.iterations, r.converged ? "" : " (NOT CONVERGED)");
  fmt::print("{:<16}{:>10}{:>10}{:>10}{:>8}{:>10}\n", "", "coef", "HR", "se", "z", "p");
  for (const stats::CoxCoefficient& c : r.coefficients) {
    fmt::print("{:<16}{:>10.4g}{:>10.4g}{:>10.4g}{:>8.3g}{:>10.3g}{}\n", c.name, c.coef, c.hr, c.se,
               c.z, c.p, c.possibly_infinite ? "  coefficient may be infinite" : "");
  }
  fmt::print("Concordance = {:.3f} (se = {:.3f})\n", r.concordance.value, r.concordance.se);
  fmt::print("Likelihood ratio test = {:.4g} on {} df, p = {:.3g}\n", r.lr_test.stat, r.lr_test.df,
             r.lr_test.p);
  fmt::print("Wald test             = {:.4g} on {} df, p = {:.3g}\n", r.wald_test.stat,
             r.wald_test.df, r.wald_test.p);
  fmt::print("Score (logrank) test  = {:.4g} on {} df, p = {:.3g}\n", r.score_test.stat,
             r.score_test.df, r.score_test.p);
  for (const stats::ZphResult& z : r.zph) {
    fmt::print("PH test (cox.zph, transform {}):\n", stats::ZphTransformName(z.transform));
    for (const stats::ZphTerm& t : z.terms)
      fmt::print("  {:<14}{:>10.4g}{:>4}{:>10.3g}\n", t.name, t.chisq, t.df, t.p);
    fmt::print("  {:<14}{:>10.4g}{:>4}{:>10.3g}\n", "GLOBAL", z.global.chisq, z.global.df,
               z.global.p);
  }
}

int Cox(const Args& args) {
  stats::SurvivalColumns columns;
  columns.covariates = SplitList(args.Require("covariates"));
  columns.strata = args.Get("strata").value_or("");
  columns.categorical = SplitList(args.Get("categorical").value_or(""));
  for (const std::string& item : SplitList(args.Get("reference").value_or(""))) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw UsageError(fmt::format("--reference {}: expected COL=LEVEL", item));
    columns.reference[item.substr(0, eq)] = item.substr(eq + 1);
  }
  const SurvivalTable st = Load(args, columns);
  stats::CoxOptions options;
  options.ties = stats::ParseTies(*args.Get("ties"));
  stats::CoxResult r = [&] {
    const PhaseTimer watch(args, "analysis");
    stats::CoxResult fit = stats::FitCox(st.data, st.covariates, st.strata, options);
    if (const auto zph = args.Get("zph")) {
      fit.zph.push_back(
          stats::CoxZph(st.data, st.covariates, st.strata, fit, stats::ParseZphTransform(*zph)));
    }
    return fit;
  }();
  PrintCox(r);
  WriteJson(args, r, st);
  return r.converged ? 0 : 1;
}

int Rmst(const Args& args) {
  stats::SurvivalColumns columns;
  columns.group = args.Get("group").value_or("");
  const SurvivalTable st = Load(args, columns);
  stats::RmstOptions options;
  options.tau = NumberOption(args, "tau");
  const stats::RmstResult r = st.group.levels.empty() ? stats::Rmst(st.data, options)
                                                      : stats::Rmst(st.data, st.group, options);
  fmt::print("Restricted mean survival time up to {}\n", r.tau);
  for (const stats::RmstGroup& g : r.groups)
    fmt::print("  {:<14}{:>10.4g} (se {:.4g})\n", g.group, g.rmst, g.se);
  if (r.has_difference) {
    const stats::RmstDifference& d = r.difference;
    fmt::print("difference {} - {}: {:.4g} (se {:.4g}, 95% CI {:.4g} to {:.4g}), p = {:.3g}\n",
               r.groups[1].group, r.groups[0].group, d.estimate, d.se, d.lower, d.upper, d.p);
  }
  WriteJson(args, r, st);
  return 0;
}

std::vector<Option> Common() {
  return {Option::Path("data", "CSV or TSV file, one row per subject").Required(),
          Option::String("time", "follow-up time column").Required().Metavar("COL"),
          Option::String("event", "event column: 0/1, FALSE/TRUE, or 1/2 with 2 = event")
              .Required()
              .Metavar("COL"),
          Option::Number("landmark", "landmark analysis: subjects at risk at T, time from T")
              .Metavar("T"),
          Option::Path("json", "write the result as JSON (docs/stats-json.md)"),
          Option::Boolean("timing", "print the time of reading and of the analysis on stderr")};
}

std::vector<Option> With(std::vector<Option> extra) {
  std::vector<Option> all = Common();
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

}  // namespace

std::vector<Command> SurvivalCommands() {
  return {
      {"survival km", "Kaplan-Meier curves (as R survfit)", "",
       With({Option::String("group", "one curve per group").Metavar("COL"),
             Option::Enum("conf_type", {"log", "log-log", "plain"},
                          "transformation of the confidence intervals (R's conf.type)")
                 .Default("log")}),
       Km},
      {"survival logrank", "G-rho log-rank test (as R survdiff), with trend test", "",
       With({Option::String("group", "groups to compare").Required().Metavar("COL"),
             Option::String("strata", "stratify the test").Metavar("COL"),
             Option::Number("rho", "0 = log-rank, 1 = Peto-Peto").Default(0).Metavar("R")}),
       LogRank},
      {"survival cox", "Cox proportional hazards (as R coxph, cox.zph)", "",
       With({Option::List("covariates", "model terms; text columns are categorical")
                 .Required()
                 .Metavar("A,B,C"),
             Option::List("categorical", "treat these numeric columns as categorical")
                 .Metavar("A,B"),
             Option::String("reference", "reference level of categorical covariates")
                 .Metavar("COL=LEVEL,.."),
             Option::String("strata", "stratify the baseline hazard").Metavar("COL"),
             Option::Enum("ties", {"efron", "breslow"}, "handling of tied event times")
                 .Default("efron"),
             Option::Enum("zph", {"km", "rank", "identity"},
                          "PH test (cox.zph) with this time transform")}),
       Cox},
      {"survival rmst", "restricted mean survival time (as R survfit rmean)", "",
       With({Option::String("group", "per group, and the difference of two groups").Metavar("COL"),
             Option::Number("tau", "truncation time").Required().Metavar("T")}),
       Rmst},
  };
}

const RegisterCommands kRegistered(SurvivalCommands);

}  // namespace pioneer::cli
