// File: pioneer/biomarkers/screen_input.h
// The subject table of a univariate screen read into features and outcomes:
// one row per subject, first column = subject (or expression sample) id.
// Every refused cell is an InputError at its file:line:column; messages name
// the column or the option field, never a command-line flag.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/screen.h"
#include "pioneer/core/table.h"

namespace pioneer::biomarkers {

// A numeric column (missing cells = NaN); `what` names it in messages. A
// follow-up time (`is_time`) must be >= 0 and given for at least one subject.
std::vector<double> NumericColumn(const core::Table& t, std::size_t col, const std::string& what,
                                  bool is_time = false);

// A binary outcome: 1 when the cell equals `positive`, else 0; without
// `positive`, cells must be 0/1 or TRUE/FALSE. Missing cells = NaN.
std::vector<double> BinaryOutcome(const core::Table& t, std::size_t col,
                                  const std::optional<std::string>& positive);

// The columns after the first whose non-missing cells are all numbers (at
// least one), except the `excluded` ones, in file order.
std::vector<std::string> NumericColumns(const core::Table& t,
                                        const std::vector<std::string>& excluded);

struct GeneFeatureSet {
  std::vector<Feature> features;       // one per gene found, in the order asked
  std::vector<std::string> absent;     // genes asked for but not in the matrix
  std::size_t unmatched_subjects = 0;  // subjects without an expression sample (NaN values)
};

// Genes of a (log2) expression matrix as features of the subjects of `t`,
// matched by the first column. No subject matching any sample is an
// InputError naming `expression_source`.
GeneFeatureSet GeneFeatures(const ExpressionMatrix& expression,
                            const std::string& expression_source, const core::Table& t,
                            const std::vector<std::string>& genes);

struct GroupOutcome {
  std::vector<std::string> group;   // level of each subject ("" = missing)
  std::vector<std::string> levels;  // compared, in order
};

// A categorical outcome column. `levels` (may be empty: every level seen,
// sorted as R's factor()) must each occur; fewer than 2 levels is a
// UsageError naming the field `group`.
GroupOutcome GroupOutcomeColumn(const core::Table& t, std::size_t col,
                                const std::vector<std::string>& levels);

}  // namespace pioneer::biomarkers
