// pioneer design logrank | gs: log-rank sample size and group-sequential
// boundaries (src/design, docs/design.md). Parse, call, print.
#include <fmt/format.h>

#include "commands.h"
#include "commands_design_common.h"
#include "pioneer/design/group_sequential.h"
#include "pioneer/design/survival_size.h"

namespace pioneer::cli {
namespace {

const FlagMap kFlags = {{"hazard_ratio", "hr"},     {"alpha", "alpha"},
                        {"power", "power"},         {"allocation", "allocation"},
                        {"method", "method"},       {"accrual", "accrual"},
                        {"follow_up", "follow-up"}, {"median_control", "median-control"},
                        {"dropout", "dropout"},     {"dropout_time", "dropout-time"},
                        {"looks", "looks"},         {"spending", "spending"},
                        {"gamma", "gamma"},         {"grid", "grid"}};

int LogrankCommand(const Args& args) {
  design::LogrankOptions o;
  o.hazard_ratio = NumberOption(args, "hr");
  o.alpha = NumberOption(args, "alpha");
  o.power = NumberOption(args, "power");
  const design::LogrankSize s = WithFlags(kFlags, [&] {
    o.allocation = design::ParseAllocation(args.Require("allocation"));
    o.method = design::ParseEventsFormula(args.Require("method"));
    if (args.Has("accrual")) {
      o.accrual = NumberOption(args, "accrual");
      o.follow_up = NumberOption(args, "follow-up");
      o.median_control = NumberOption(args, "median-control");
    }
    o.dropout = NumberOption(args, "dropout");
    o.dropout_time = NumberOption(args, "dropout-time");
    return design::LogrankSampleSize(o);
  });
  fmt::print(
      "log-rank test, hazard ratio {}, two-sided alpha {}, power {}, allocation {}:1 ({})\n"
      "events: {:.2f} -> {}\n",
      o.hazard_ratio, o.alpha, o.power, o.allocation, design::ToString(o.method), s.events,
      s.events_ceiling);
  if (s.has_subjects) {
    fmt::print(
        "accrual {} months, follow-up {} months, control median {} months, dropout {} by {} "
        "months\n"
        "P(event) {:.4f} (experimental {:.4f}, control {:.4f})\n"
        "subjects: {:.2f} (experimental {:.2f}, control {:.2f})\n",
        o.accrual, o.follow_up, o.median_control, o.dropout, o.dropout_time, s.p_event,
        s.p_event_experimental, s.p_event_control, s.n_total, s.n_experimental, s.n_control);
  }
  WriteDesignJson(args, s.ToJson());
  return 0;
}

int GsCommand(const Args& args) {
  design::GsOptions o;
  o.looks = NumberListOption(args, "looks");
  o.gamma = NumberOption(args, "gamma");
  o.alpha = NumberOption(args, "alpha");
  o.power = NumberOption(args, "power");
  o.grid = IntOption(args, "grid");
  if (args.Has("hr")) o.hazard_ratio = NumberOption(args, "hr");
  const design::GsResult r = WithFlags(kFlags, [&] {
    o.spending = design::ParseSpending(args.Require("spending"));
    o.allocation = design::ParseAllocation(args.Require("allocation"));
    return design::GroupSequential(o);
  });
  fmt::print(
      "group-sequential design, {} spending{}, one-sided alpha {}, power {}\n"
      "  {:>5} {:>10} {:>10} {:>12} {:>12} {:>10}{}\n",
      design::ToString(o.spending),
      o.spending == design::Spending::kHwangShihDeCani ? fmt::format(" (gamma {})", o.gamma) : "",
      o.alpha, o.power, "look", "info", "z bound", "nominal p", "alpha spent", "power",
      r.has_events ? fmt::format(" {:>9} {:>9}", "events", "HR bound") : "");
  for (std::size_t k = 0; k < r.looks.size(); ++k) {
    const design::GsLook& l = r.looks[k];
    fmt::print("  {:>5} {:>10.4f} {:>10.4f} {:>12.6f} {:>12.6f} {:>10.4f}{}\n", k + 1,
               l.information, l.critical_z, l.nominal_alpha, l.alpha_spent, l.power_cumulative,
               r.has_events ? fmt::format(" {:>9.1f} {:>9.4f}", l.events, l.hr_boundary) : "");
  }
  fmt::print("inflation factor {:.6f}\n", r.inflation_factor);
  if (r.has_events) {
    fmt::print(
        "events: fixed design {:.2f}, maximum {:.2f}, expected under H1 {:.2f}, under H0 {:.2f}\n",
        r.fixed_events, r.max_events, r.expected_events_h1, r.expected_events_h0);
  }
  WriteDesignJson(args, r.ToJson());
  return 0;
}

std::vector<Command> DesignSurvivalCommands() {
  const std::vector<Option> logrank = {
      Option::Number("hr", "hazard ratio, experimental / control").Required().Metavar("HR"),
      Option::Number("alpha", "two-sided significance level").Default(0.05).Metavar("A"),
      Option::Number("power", "power").Default(0.8).Metavar("P"),
      Option::String("allocation", "experimental per control patients, e.g. 2:1")
          .Default("1:1")
          .Metavar("E:C"),
      Option::Enum("method", {"schoenfeld", "freedman"}, "formula of the number of events")
          .Default("schoenfeld"),
      Option::Number("accrual", "uniform accrual duration (gives subjects)").Metavar("MONTHS"),
      Option::Number("follow_up", "follow-up after the end of accrual")
          .Default(0)
          .Metavar("MONTHS"),
      Option::Number("median_control", "median survival in the control arm")
          .Default(0)
          .Metavar("MONTHS"),
      Option::Number("dropout", "probability of dropout by --dropout-time, per arm")
          .Default(0)
          .Metavar("RATE"),
      Option::Number("dropout_time", "time at which --dropout applies")
          .Default(12)
          .Metavar("MONTHS"),
      DesignJsonOption()};
  const std::vector<Option> gs = {
      Option::List("looks", "information rates of the looks, the last = 1")
          .Required()
          .Metavar("T1,T2,..."),
      Option::Enum("spending", {"obf", "pocock", "hsd"}, "Lan-DeMets alpha spending").Required(),
      Option::Number("gamma", "Hwang-Shih-DeCani parameter").Default(-4).Metavar("G"),
      Option::Number("alpha", "one-sided significance level").Default(0.025).Metavar("A"),
      Option::Number("power", "power").Default(0.8).Metavar("P"),
      Option::Number("hr", "hazard ratio: gives the events of a log-rank trial").Metavar("HR"),
      Option::String("allocation", "experimental per control patients")
          .Default("1:1")
          .Metavar("E:C"),
      Option::Integer("grid", "numerical integration grid size (Jennison-Turnbull r)")
          .Default(32)
          .Metavar("R"),
      DesignJsonOption()};
  return {
      {"design logrank", "log-rank events and subjects (Schoenfeld, Freedman; as rpact)", "",
       logrank, LogrankCommand},
      {"design gs", "group-sequential efficacy boundaries by alpha spending (as rpact)", "", gs,
       GsCommand},
  };
}

const RegisterCommands kRegistered(DesignSurvivalCommands);

}  // namespace
}  // namespace pioneer::cli
