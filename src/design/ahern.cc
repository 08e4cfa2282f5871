// A'Hern's exact single-stage phase II design (A'Hern 2001, Stat Med
// 20:859-866): activity is declared with >= r responses of n; n is the
// smallest sample size for which some r gives P(X >= r | p0) <= alpha and
// P(X >= r | p1) >= 1 - beta, with exact binomial tails.
#include <fmt/format.h>

#include "binomial.h"
#include "pioneer/core/error.h"
#include "pioneer/design/option_error.h"
#include "pioneer/design/simon.h"

namespace pioneer::design {
namespace {

constexpr const char* kAhern = "AhernOptions";

struct SingleStage {
  bool feasible = false;
  int r = 0;
  double alpha = 0, power = 0;
};

// The smallest r with P(X >= r | p0) <= alpha maximises the power among the
// r that keep the type I error; n is feasible when that power is enough.
SingleStage Evaluate(int n, const AhernOptions& o) {
  const std::vector<double> upper0 = UpperTails(BinomialPmf(n, o.p0));
  int r = 0;
  while (r <= n && upper0[r] > o.alpha) ++r;
  if (r > n) return {};
  const double power = UpperTails(BinomialPmf(n, o.p1))[r];
  return {power >= 1.0 - o.beta, r, upper0[r], power};
}

}  // namespace

void AhernOptions::Validate() const {
  RequireBinaryHypotheses(kAhern, p0, p1, alpha, beta);
  Require(nmax >= 1 && nmax <= 5000, kAhern, "nmax", nmax, "must be in [1, 5000]");
  Require(check_to >= 0 && check_to <= 10000, kAhern, "check_to", check_to,
          "must be in [0, 10000] (0: 2n + 20)");
}

AhernResult Ahern(const AhernOptions& options) {
  options.Validate();
  AhernResult result;
  for (int n = 1; n <= options.nmax && result.n == 0; ++n) {
    const SingleStage s = Evaluate(n, options);
    if (s.feasible) result = {n, s.r, s.alpha, s.power, 0, {}};
  }
  if (result.n == 0) {
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("no single-stage design with n <= {} meets alpha = {} and power = {}",
                            options.nmax, options.alpha, 1 - options.beta));
  }
  result.checked_to = options.check_to > 0 ? options.check_to : 2 * result.n + 20;
  for (int n = result.n + 1; n <= result.checked_to; ++n) {
    if (!Evaluate(n, options).feasible) result.infeasible_above.push_back(n);
  }
  return result;
}

nlohmann::json AhernResult::ToJson() const {
  return {{"method", "A'Hern exact single stage (A'Hern 2001)"},
          {"n", n},
          {"r", r},
          {"alpha", alpha},
          {"power", power},
          {"convention", "declare activity if >= r responses of n"},
          {"feasibility_checked_to", checked_to},
          {"all_larger_feasible", all_larger_feasible()},
          {"infeasible_above", infeasible_above}};
}

}  // namespace pioneer::design
