// File: pioneer/design/simon.h
// Single-arm phase II designs on a binary response, with exact binomial
// probabilities:
// - Simon's two-stage designs (Simon 1989, Controlled Clinical Trials 10:1-10),
//   optimal and minimax, found as clinfun 1.1.6 ph2simon finds them, and the
//   admissible designs of Jung, Lee, Kim & George (2004, Stat Med 23:561-569)
//   as clinfun::twostage.admissible;
// - A'Hern's exact single-stage design (A'Hern 2001, Stat Med 20:859-866).
// Convention (clinfun): stop after stage 1 when <= r1 responses of n1;
// declare activity when > r responses of n.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pioneer::design {

struct SimonOptions {
  double p0 = 0;        // response rate that is not of interest (H0)
  double p1 = 0;        // response rate of interest (H1), > p0
  double alpha = 0.05;  // type I error bound: P(declare activity | p0) <= alpha
  double beta = 0.2;    // type II error bound: P(declare activity | p1) >= 1 - beta
  int nmax = 100;       // largest total sample size searched (clinfun: nmax, <= 1000)
  void Validate() const;
};

struct SimonDesign {
  int r1 = 0, n1 = 0, r = 0, n = 0;
  double en0 = 0;    // expected sample size under p0
  double pet0 = 0;   // probability of early termination under p0
  double alpha = 0;  // exact type I error, P(> r responses and past stage 1 | p0)
  double power = 0;  // exact power at p1
  nlohmann::json ToJson() const;
};

// Operating characteristics of a given two-stage design (clinfun
// oc.twostage.bdry): exact type I error, power, PET(p0), EN(p0).
// Requires 0 <= r1 < n1 < n and r1 <= r <= n.
SimonDesign EvaluateSimon(int r1, int n1, int r, int n, double p0, double p1);

// A design of the admissible set with the weights q at which it minimises
// q * n + (1 - q) * EN(p0) (Jung et al. 2004), q in [q_low, q_high].
struct AdmissibleDesign {
  SimonDesign design;
  double q_low = 0, q_high = 1;
  std::string label;  // "minimax", "admissible" or "optimal"
};

struct SimonResult {
  SimonOptions options;
  SimonDesign optimal, minimax;
  std::vector<SimonDesign> best_by_n;  // clinfun's $out: least EN(p0) per feasible n
  std::vector<AdmissibleDesign> admissible;
  nlohmann::json ToJson() const;
};

// Throws Error(kFailedPrecondition) when no design with n <= nmax exists.
SimonResult Simon(const SimonOptions& options);

struct AhernOptions {
  double p0 = 0, p1 = 0, alpha = 0.05, beta = 0.2;
  int nmax = 1000;   // largest n searched
  int check_to = 0;  // feasibility of every n up to here is reported (0: 2n + 20)
  void Validate() const;
};

// Activity is declared when >= r responses of n (A'Hern 2001).
struct AhernResult {
  int n = 0, r = 0;
  double alpha = 0, power = 0;
  // Feasibility is not monotone in n: the larger n, up to checked_to, that
  // have no feasible r.
  int checked_to = 0;
  std::vector<int> infeasible_above;
  bool all_larger_feasible() const { return infeasible_above.empty(); }
  nlohmann::json ToJson() const;
};

AhernResult Ahern(const AhernOptions& options);

}  // namespace pioneer::design
