// File: pioneer/design/boin.h
// Bayesian optimal interval (BOIN) dose finding for one agent (Liu & Yuan
// 2015, JRSS C 64:507-523), as the BOIN R package 2.7.2:
// - BoinBoundary: get.boundary's lambda_e, lambda_d and, for every number
//   of patients n at a dose, escalate if DLTs <= b_e, de-escalate if
//   >= b_d, eliminate the dose and higher ones if >= elim (posterior
//   P(p > target | y, n) > cutoff under a beta(1, 1) prior, n >= 3);
// - BoinSelect: select.mtd, the MTD chosen after the trial by isotonic
//   regression of the doses' DLT rates.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace pioneer::design {

struct BoinOptions {
  double target = 0.3;  // target DLT rate phi, in [0.05, 0.6] (package limits)
  double phi1 = 0;      // highest rate deemed underdosing (0: 0.6 target, p.saf)
  double phi2 = 0;      // lowest rate deemed overdosing (0: 1.4 target, p.tox)
  int ncohort = 10, cohortsize = 3;
  int nmax = 0;              // boundary rows n = 1..nmax (0: ncohort * cohortsize)
  double cutoff_eli = 0.95;  // elimination cutoff on P(p > target | data)
  void Validate() const;
  double Phi1() const { return phi1 > 0 ? phi1 : 0.6 * target; }
  double Phi2() const { return phi2 > 0 ? phi2 : 1.4 * target; }
  int Rows() const { return nmax > 0 ? nmax : ncohort * cohortsize; }
};

struct BoinRow {
  int n = 0;
  int b_e = 0;   // escalate if DLTs <= b_e
  int b_d = 0;   // de-escalate if DLTs >= b_d (capped at elim, as the package)
  int elim = 0;  // eliminate if DLTs >= elim; 0 = no elimination possible (NA)
};

struct BoinBoundaries {
  double target = 0, phi1 = 0, phi2 = 0, cutoff_eli = 0;
  double lambda_e = 0, lambda_d = 0;
  std::vector<BoinRow> table;  // row i is n = i + 1
  nlohmann::json ToJson() const;
};

// lambda_e = log((1 - phi1)/(1 - phi)) / log(phi (1 - phi1) / (phi1 (1 - phi)));
// lambda_d = log((1 - phi)/(1 - phi2)) / log(phi2 (1 - phi) / (phi (1 - phi2)))
// (Liu & Yuan 2015, eq. 2); b_e = floor(lambda_e n), b_d = ceiling(lambda_d n).
BoinBoundaries BoinBoundary(const BoinOptions& options);

// P(p > target | y of n) under a beta(1, 1) prior: 1 - pbeta(target, y + 1, n - y + 1).
double PosteriorAbove(double target, int y, int n);

struct BoinSelectOptions {
  double target = 0.3;
  std::vector<int> n, y;  // patients and DLTs per dose, lowest dose first
  double cutoff_eli = 0.95;
  void Validate() const;
};

struct BoinSelection {
  int mtd = 0;  // 1-based dose; 0 = no MTD (select.mtd's 99)
  // Isotonic estimates used for the selection, per dose: NaN (JSON null)
  // for doses untreated or eliminated.
  std::vector<double> estimates;
  // select.mtd's p_est: isotonic estimates over every treated dose.
  std::vector<double> estimates_treated;
  std::vector<bool> eliminated;
  nlohmann::json ToJson() const;
};

BoinSelection BoinSelect(const BoinSelectOptions& options);

// The package's pava(): merges the first adjacent violation until none is
// left, each merged block taking the weighted mean; in place.
void Pava(std::vector<double>& x, const std::vector<double>& w);

// select.mtd's choice among the admissible doses: estimates (y + 0.05) /
// (n + 0.1), PAVA with weights 1 / var (beta(y + 0.05, n - y + 0.05)
// variance), + i * 1e-10 so that ties go to the higher dose below the
// target and the lower dose above it, then the closest to the target
// (first on ties). `admissible` lists 0-based doses; returns the 0-based
// dose, and the isotonic estimates in `estimates` (one per admissible dose).
int ClosestIsotonic(double target, const std::vector<int>& admissible, const int* n, const int* y,
                    std::vector<double>& estimates);

}  // namespace pioneer::design
