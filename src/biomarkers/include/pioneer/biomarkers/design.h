// File: pioneer/biomarkers/design.h
// The design matrix of a two-group comparison with covariates, built from a
// sample annotation table as R's model.matrix(~ group + covariates) would be
// with the contrast's second level as reference: an intercept, one indicator
// per non-reference group level (the tested one is "A" of --contrast A-B),
// numeric covariates as they are, text covariates as treatment-coded factors
// (first level in sorted order = reference). Samples with a missing group
// or covariate are left out (counted), as R's na.action does.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "pioneer/core/table.h"

namespace pioneer::biomarkers {

struct DesignSpec {
  std::string group;                    // column of the sample table
  std::string contrast;                 // "A-B"; empty: the two levels, sorted, second - first
  std::vector<std::string> covariates;  // columns
};

struct Design {
  std::vector<std::size_t> expression_columns;  // expression sample index of each design row
  std::vector<std::string> samples;
  std::vector<std::string> groups;  // group level of each design row
  Eigen::MatrixXd matrix;
  std::vector<std::string> column_names;
  std::size_t tested = 1;  // column of "A - B"
  std::string level_a, level_b;
  std::size_t n_dropped_missing = 0;  // annotated samples left out for a missing value
  std::size_t n_not_annotated = 0;    // expression samples without annotation
};

// The sample table's FIRST column holds the sample ids matching the
// expression columns. Unknown columns, a contrast naming an absent level,
// duplicate ids and ids absent from the expression are InputErrors (with
// file:line:column); a group with fewer than 2 levels is a UsageError.
Design BuildDesign(const core::Table& samples, const std::vector<std::string>& expression_samples,
                   const DesignSpec& spec);

}  // namespace pioneer::biomarkers
