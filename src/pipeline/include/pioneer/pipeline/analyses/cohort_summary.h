// File: pioneer/pipeline/analyses/cohort_summary.h
// "Table 1": baseline characteristics of the cohort by arm and overall, as in
// the first table of a trial publication (CONSORT 2010 item 15). A pure
// function of the Study: no I/O. Lives in pipeline until the clinical/ module
// exists (DESIGN.md); it depends only on study/model.h and core.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/study/model.h"

namespace pioneer::pipeline {

// One column of the table: an arm, or the whole cohort (arm == "", last).
struct CohortColumn {
  std::string arm;    // Arm::code; "" = overall
  std::string label;  // Arm::description, the code if it has none, or "Overall"
  std::int64_t subjects = 0;
};

// A continuous variable in one column. Quantiles follow R's default
// quantile(type = 7); sd uses the n - 1 denominator (R's sd()).
struct NumericSummary {
  std::int64_t n = 0;  // non-missing values
  std::int64_t missing = 0;
  double median = 0, q1 = 0, q3 = 0, mean = 0, sd = 0, min = 0,
         max = 0;  // valid when n > 0 (sd: n > 1)
};

// A categorical variable: counts[level][column]; "Missing" is not a level,
// it is counted in `missing` per column.
struct CategoricalSummary {
  std::string name;  // e.g. "Sex"
  std::vector<std::string> levels;
  std::vector<std::vector<std::int64_t>> counts;
  std::vector<std::int64_t> missing;
};

struct CohortSummary {
  std::vector<CohortColumn> columns;            // arms in study order, then overall
  std::vector<NumericSummary> age_years;        // one per column
  std::vector<CategoricalSummary> categorical;  // Sex, ECOG, Histology, Stage, Smoking, PD-L1 TPS
};

CohortSummary SummariseCohort(const study::Study& study);

// PD-L1 tumour proportion score category as used for pembrolizumab
// eligibility (KEYNOTE-024/-042): "<1%", "1-49%", ">=50%" (Unicode signs).
std::string Pdl1Category(double tps_pct);

// One display row of Table 1: a variable heading (level empty, cells empty)
// or a statistic/category row under it.
struct Table1Row {
  std::string characteristic;
  std::string level;               // "" on a heading row
  std::vector<std::string> cells;  // one per column; empty on a heading row
};
// Formatted as in a publication: "n (%)" with % of all subjects in the
// column (so each variable's rows, Missing included, sum to 100%),
// "median [Q1, Q3]", "mean (SD)"; one decimal.
std::vector<Table1Row> FormatTable1(const CohortSummary& summary);

// Columns: characteristic, level, then one per column named by arm code
// ("overall" last); first row "N".
core::Table ToTable(const CohortSummary& summary);
nlohmann::json ToJson(const CohortSummary& summary);

}  // namespace pioneer::pipeline
