// pioneer design boin | boin-select | simulate boin | simulate simon: BOIN
// dose finding and simulated operating characteristics (src/design,
// docs/design.md). Parse, call, print.
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "commands.h"
#include "commands_design_common.h"
#include "pioneer/design/boin.h"
#include "pioneer/design/simulate.h"

namespace pioneer::cli {
namespace {

const FlagMap kFlags = {{"target", "target"},
                        {"phi1", "phi1"},
                        {"phi2", "phi2"},
                        {"ncohort", "ncohort"},
                        {"cohortsize", "cohortsize"},
                        {"nmax", "nmax"},
                        {"cutoff_eli", "cutoff-eli"},
                        {"n", "n"},
                        {"y", "y"},
                        {"truth", "truth"},
                        {"start_dose", "start-dose"},
                        {"n_earlystop", "n-earlystop"},
                        {"trials", "trials"},
                        {"threads", "threads"},
                        {"r1", "r1"},
                        {"n1", "n1"},
                        {"r", "r"}};

design::BoinOptions BoinOptionsFrom(const Args& args) {
  design::BoinOptions o;
  o.target = NumberOption(args, "target");
  o.phi1 = NumberOption(args, "phi1");
  o.phi2 = NumberOption(args, "phi2");
  o.ncohort = IntOption(args, "ncohort");
  o.cohortsize = IntOption(args, "cohortsize");
  o.cutoff_eli = NumberOption(args, "cutoff-eli");
  return o;
}

int BoinCommand(const Args& args) {
  design::BoinOptions o = BoinOptionsFrom(args);
  o.nmax = IntOption(args, "nmax");
  const design::BoinBoundaries b = WithFlags(kFlags, [&] { return design::BoinBoundary(o); });
  fmt::print(
      "BOIN boundaries: target {}, phi1 {:.4g}, phi2 {:.4g}\nlambda_e = {:.6f}, lambda_d = {:.6f}\n"
      "  {:>4} {:>10} {:>12} {:>10}\n",
      b.target, b.phi1, b.phi2, b.lambda_e, b.lambda_d, "n", "escalate", "de-escalate",
      "eliminate");
  for (const design::BoinRow& r : b.table) {
    if (r.n % o.cohortsize != 0 && o.nmax == 0) continue;  // cohort ends, as the package prints
    fmt::print("  {:>4} {:>10} {:>12} {:>10}\n", r.n, fmt::format("<= {}", r.b_e),
               fmt::format(">= {}", r.b_d), r.elim > 0 ? fmt::format(">= {}", r.elim) : "NA");
  }
  WriteDesignJson(args, b.ToJson());
  return 0;
}

std::string Estimate(double v) { return std::isnan(v) ? "----" : fmt::format("{:.3f}", v); }

int BoinSelectCommand(const Args& args) {
  design::BoinSelectOptions o;
  o.target = NumberOption(args, "target");
  o.n = IntListOption(args, "n");
  o.y = IntListOption(args, "y");
  o.cutoff_eli = NumberOption(args, "cutoff-eli");
  const design::BoinSelection s = WithFlags(kFlags, [&] { return design::BoinSelect(o); });
  fmt::print("{:>5} {:>5} {:>5} {:>10} {:>11}\n", "dose", "n", "y", "estimate", "eliminated");
  for (std::size_t d = 0; d < o.n.size(); ++d) {
    fmt::print("{:>5} {:>5} {:>5} {:>10} {:>11}\n", d + 1, o.n[d], o.y[d],
               Estimate(s.estimates_treated[d]), s.eliminated[d] ? "yes" : "");
  }
  if (s.mtd > 0) {
    fmt::print("MTD: dose {}\n", s.mtd);
  } else {
    fmt::print("no MTD (the lowest dose is eliminated or none is admissible)\n");
  }
  WriteDesignJson(args, s.ToJson());
  return 0;
}

design::SimulationControl ControlFrom(const Args& args) {
  return {IntOption(args, "trials"), SeedOption(args, "seed"), IntOption(args, "threads")};
}

std::string Pm(const design::McEstimate& e, int digits = 3) {
  return fmt::format("{:.{}f} ({:.{}f})", e.mean, digits, e.se, digits);
}

int SimulateBoinCommand(const Args& args) {
  design::BoinSimulationOptions o;
  o.design = BoinOptionsFrom(args);
  o.truth = NumberListOption(args, "truth");
  o.start_dose = IntOption(args, "start-dose");
  o.n_earlystop = IntOption(args, "n-earlystop");
  o.control = ControlFrom(args);
  std::optional<PhaseTimer> timer(std::in_place, args, "simulation");
  const design::BoinOc oc = WithFlags(kFlags, [&] { return design::SimulateBoin(o); });
  timer.reset();
  fmt::print(
      "BOIN, target {}, {} cohorts of {}: {} simulated trials (seed {}); mean (MC SE)\n"
      "  {:>4} {:>6} {:>16} {:>16} {:>16}\n",
      o.design.target, o.design.ncohort, o.design.cohortsize, oc.trials, o.control.seed, "dose",
      "truth", "P(selected)", "patients", "DLTs");
  for (std::size_t d = 0; d < o.truth.size(); ++d) {
    fmt::print("  {:>4} {:>6} {:>16} {:>16} {:>16}\n", d + 1, o.truth[d], Pm(oc.select[d]),
               Pm(oc.patients[d], 2), Pm(oc.dlts[d], 2));
  }
  fmt::print("no MTD {}; stopped early (dose 1 eliminated) {}\npatients {}, DLTs {}, DLT rate {}\n",
             Pm(oc.no_mtd), Pm(oc.early_stop), Pm(oc.total_patients, 2), Pm(oc.total_dlts, 2),
             Pm(oc.dlt_rate, 4));
  nlohmann::json json = oc.ToJson();
  json["truth"] = o.truth;
  json["seed"] = o.control.seed;
  WriteDesignJson(args, json);
  return 0;
}

int SimulateSimonCommand(const Args& args) {
  design::SimonSimulationOptions o;
  o.r1 = IntOption(args, "r1");
  o.n1 = IntOption(args, "n1");
  o.r = IntOption(args, "r");
  o.n = IntOption(args, "n");
  o.truth = NumberOption(args, "truth");
  o.control = ControlFrom(args);
  std::optional<PhaseTimer> timer(std::in_place, args, "simulation");
  const design::SimonOc oc = WithFlags(kFlags, [&] { return design::SimulateSimon(o); });
  timer.reset();
  fmt::print(
      "Simon design {}/{}, {}/{} at response rate {}: {} trials (seed {}); mean (MC SE), exact\n"
      "  early stop        {}  {:.4f}\n  declare activity  {}  {:.4f}\n"
      "  patients          {}  {:.3f}\n",
      o.r1, o.n1, o.r, o.n, o.truth, oc.trials, o.control.seed, Pm(oc.early_stop, 4),
      oc.exact_early_stop, Pm(oc.declare_activity, 4), oc.exact_declare_activity, Pm(oc.patients),
      oc.exact_patients);
  nlohmann::json json = oc.ToJson();
  json["truth"] = o.truth;
  json["seed"] = o.control.seed;
  WriteDesignJson(args, json);
  return 0;
}

std::vector<Option> BoinDesignOptions() {
  return {
      Option::Number("target", "target DLT rate (0.05..0.6)").Required().Metavar("PHI"),
      Option::Number("phi1", "highest underdosing rate (0: 0.6 target)").Default(0).Metavar("P"),
      Option::Number("phi2", "lowest overdosing rate (0: 1.4 target)").Default(0).Metavar("P"),
      Option::Integer("ncohort", "number of cohorts").Default(10),
      Option::Integer("cohortsize", "patients per cohort").Default(3),
      Option::Number("cutoff_eli", "eliminate when P(DLT rate > target | data) > C")
          .Default(0.95)
          .Metavar("C")};
}

std::vector<Option> ControlOptions() {
  return {Option::Integer("trials", "number of simulated trials").Default(10000),
          Option::Integer("seed", "random seed (same seed, same result for any --threads)")
              .Default(1)
              .Range(0, kMaxSeed)
              .Metavar("S"),
          Option::Integer("threads", "threads (0: all cores)").Default(1).Metavar("T"),
          Option::Boolean("timing", "print the CPU and wall time of the simulation on stderr"),
          DesignJsonOption()};
}

std::vector<Option> Join(std::vector<Option> a, const std::vector<Option>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<Command> DesignDoseCommands() {
  std::vector<Option> boin = BoinDesignOptions();
  boin.push_back(
      Option::Integer("nmax", "boundary rows n = 1..N (0: ncohort x cohortsize)").Default(0));
  boin.push_back(DesignJsonOption());
  const std::vector<Option> select = {
      Option::Number("target", "target DLT rate").Required().Metavar("PHI"),
      Option::List("n", "patients per dose, lowest first").Required().Metavar("N1,N2,..."),
      Option::List("y", "DLTs per dose").Required().Metavar("Y1,Y2,..."),
      Option::Number("cutoff_eli", "elimination cutoff").Default(0.95).Metavar("C"),
      DesignJsonOption()};
  std::vector<Option> sim_boin = Join(BoinDesignOptions(), ControlOptions());
  sim_boin.push_back(
      Option::List("truth", "true DLT rate per dose").Required().Metavar("P1,P2,..."));
  sim_boin.push_back(
      Option::Integer("start_dose", "starting dose (1-based)").Default(1).Metavar("D"));
  sim_boin.push_back(
      Option::Integer("n_earlystop", "stop when N patients are at the current dose").Default(100));
  std::vector<Option> sim_simon = ControlOptions();
  for (const char* f : {"r1", "n1", "r", "n"}) {
    sim_simon.push_back(Option::Integer(f, "the design (stop if <= r1 of n1; active if > r of n)")
                            .Required()
                            .Metavar("K"));
  }
  sim_simon.push_back(Option::Number("truth", "true response rate").Required().Metavar("P"));
  return {
      {"design boin", "BOIN escalation/de-escalation/elimination boundaries (as BOIN)", "", boin,
       BoinCommand},
      {"design boin-select", "BOIN MTD selection by isotonic regression (as BOIN select.mtd)", "",
       select, BoinSelectCommand},
      {"design simulate boin", "operating characteristics of a BOIN trial by simulation", "",
       sim_boin, SimulateBoinCommand},
      {"design simulate simon", "operating characteristics of a Simon design by simulation", "",
       sim_simon, SimulateSimonCommand},
  };
}

const RegisterCommands kRegistered(DesignDoseCommands);

}  // namespace
}  // namespace pioneer::cli
