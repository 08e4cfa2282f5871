// File: pioneer/stats/survival_table.h
// Typed survival inputs from a table of text cells (a CSV/TSV read by
// io::ReadDelimited), shared by the CLI and the tests so that both feed the
// analyses the same way. Conventions of R: the event column is 0/1,
// FALSE/TRUE, or 1/2 with 2 = event (Surv); rows with a missing value in any
// used column are dropped and counted (na.omit). Bad values (including a
// negative time) raise InputError naming file:line:column; so does a file
// with no usable row (header only, or every time missing).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/stats/cox.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::stats {

struct SurvivalColumns {
  std::string time, event;
  std::string group, strata;            // optional
  std::vector<std::string> covariates;  // optional (Cox)
  // Covariates forced categorical (text columns are categorical anyway).
  std::vector<std::string> categorical;
  std::map<std::string, std::string> reference;  // covariate -> reference level
};

struct SurvivalTable {
  SurvivalData data;
  Factor group, strata;  // empty when not requested
  std::vector<CoxCovariate> covariates;
  std::size_t n_rows = 0, n_dropped = 0;
};

SurvivalTable ExtractSurvival(const core::Table& table, const SurvivalColumns& columns);

}  // namespace pioneer::stats
