// pioneer design simon | ahern: single-arm phase II designs on response
// (src/design, docs/design.md). Parse, call, print.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.h"
#include "commands_design_common.h"
#include "pioneer/design/simon.h"

namespace pioneer::cli {
namespace {

const FlagMap kBinaryFlags = {{"p0", "p0"},     {"p1", "p1"},     {"alpha", "alpha"},
                              {"beta", "beta"}, {"nmax", "nmax"}, {"check_to", "check-to"}};

void PrintSimonRow(const char* label, const design::SimonDesign& d) {
  fmt::print("  {:<11} {:>3}/{:<4} {:>3}/{:<4} {:>8.3f} {:>8.4f} {:>8.4f} {:>8.4f}\n", label, d.r1,
             d.n1, d.r, d.n, d.en0, d.pet0, d.alpha, d.power);
}

int SimonCommand(const Args& args) {
  design::SimonOptions o;
  o.p0 = NumberOption(args, "p0");
  o.p1 = NumberOption(args, "p1");
  o.alpha = NumberOption(args, "alpha");
  o.beta = NumberOption(args, "beta");
  o.nmax = IntOption(args, "nmax");
  const design::SimonResult r = WithFlags(kBinaryFlags, [&] { return design::Simon(o); });
  fmt::print(
      "Simon two-stage designs: p0 = {}, p1 = {}, alpha <= {}, power >= {} (n <= {})\n"
      "stop if <= r1 responses of n1; declare activity if > r of n\n"
      "  {:<11} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n",
      o.p0, o.p1, o.alpha, 1 - o.beta, o.nmax, "design", "r1/n1", "r/n", "EN(p0)", "PET(p0)",
      "alpha", "power");
  PrintSimonRow("optimal", r.optimal);
  PrintSimonRow("minimax", r.minimax);
  fmt::print(
      "admissible designs (Jung et al. 2004), best for weights q on n in [q_low, q_high]:\n");
  for (const design::AdmissibleDesign& a : r.admissible) {
    PrintSimonRow(a.label == "admissible" ? "" : a.label.c_str(), a.design);
    fmt::print("  {:<11} q in [{:.3f}, {:.3f}]\n", "", a.q_low, a.q_high);
  }
  if (r.optimal.n > o.nmax - 10) {
    fmt::print("note: the optimal n is within 10 of nmax; a larger --nmax may find a better one\n");
  }
  WriteDesignJson(args, r.ToJson());
  return 0;
}

int AhernCommand(const Args& args) {
  design::AhernOptions o;
  o.p0 = NumberOption(args, "p0");
  o.p1 = NumberOption(args, "p1");
  o.alpha = NumberOption(args, "alpha");
  o.beta = NumberOption(args, "beta");
  o.nmax = IntOption(args, "nmax");
  o.check_to = IntOption(args, "check-to");
  const design::AhernResult r = WithFlags(kBinaryFlags, [&] { return design::Ahern(o); });
  fmt::print(
      "A'Hern single-stage design: p0 = {}, p1 = {}, alpha <= {}, power >= {}\n"
      "declare activity if >= {} responses of {} (alpha {:.4f}, power {:.4f})\n",
      o.p0, o.p1, o.alpha, 1 - o.beta, r.r, r.n, r.alpha, r.power);
  if (r.all_larger_feasible()) {
    fmt::print("every n from {} to {} is also feasible\n", r.n, r.checked_to);
  } else {
    fmt::print("feasibility is not monotone: n = {} (of {}..{}) have no feasible r\n",
               fmt::join(r.infeasible_above, ", "), r.n + 1, r.checked_to);
  }
  WriteDesignJson(args, r.ToJson());
  return 0;
}

std::vector<Option> BinaryOptions() {
  return {
      Option::Number("p0", "response rate of no interest (H0)").Required().Metavar("P"),
      Option::Number("p1", "response rate of interest (H1), > p0").Required().Metavar("P"),
      Option::Number("alpha", "type I error bound").Default(0.05).Metavar("A"),
      Option::Number("beta", "type II error bound (power >= 1 - beta)").Default(0.2).Metavar("B")};
}

std::vector<Command> DesignCommands() {
  std::vector<Option> simon = BinaryOptions(), ahern = BinaryOptions();
  simon.push_back(
      Option::Integer("nmax", "largest total sample size searched (2..1000)").Default(100));
  simon.push_back(DesignJsonOption());
  ahern.push_back(Option::Integer("nmax", "largest sample size searched").Default(1000));
  ahern.push_back(
      Option::Integer("check_to", "report feasibility of every larger n up to N (0: 2n+20)")
          .Default(0));
  ahern.push_back(DesignJsonOption());
  return {
      {"design simon", "Simon two-stage designs: optimal, minimax, admissible (as clinfun)", "",
       simon, SimonCommand},
      {"design ahern", "A'Hern exact single-stage phase II design", "", ahern, AhernCommand},
  };
}

const RegisterCommands kRegistered(DesignCommands);

}  // namespace
}  // namespace pioneer::cli
