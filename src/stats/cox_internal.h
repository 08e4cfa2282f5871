// Private helpers shared by cox.cc, cox_zph.cc and concordance.cc.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "pioneer/stats/cox.h"

namespace pioneer::stats::internal {

// The model matrix (rows in input order) with column names and terms.
struct CoxDesign {
  std::vector<std::string> names;
  std::vector<CoxTerm> terms;
  Eigen::MatrixXd x;
};
CoxDesign BuildCoxDesign(const std::vector<CoxCovariate>& covariates, std::size_t n);

// Stratum code per row (all 0 without strata).
std::vector<int> StrataCodes(const Factor& strata, std::size_t n);

// order(strata, time) as R computes it (stable).
std::vector<std::size_t> OrderByStrataTime(const SurvivalData& data,
                                           const std::vector<int>& strata);

// R's cholesky2 / chsolve2 / chinv2 (survival): LDL' without pivoting;
// pivots below toler * max(diag) are treated as zero (aliased columns).
// Returns the rank. `m` is overwritten with the factorisation.
int Cholesky2(Eigen::MatrixXd& m, double toler);
void CholeskySolve2(const Eigen::MatrixXd& ldl, Eigen::VectorXd& b);
Eigen::MatrixXd CholeskyInverse2(Eigen::MatrixXd ldl);

}  // namespace pioneer::stats::internal
