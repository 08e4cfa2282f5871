// File: pioneer/diagnostics/columns.h
// Numeric columns of a table for the model and diagnostic commands: row
// filters (--where COL=VALUE), exact column names (they may contain "(%)"),
// 0/1 outcomes checked, every bad cell reported with file:line:column.
#pragma once

#include <string>
#include <vector>

#include "pioneer/core/table.h"

namespace pioneer::diagnostics {

// "COL=VALUE": keeps the rows whose cell equals VALUE exactly. Throws
// UsageError for a filter without '=', InputError for an unknown column.
core::Table FilterRows(const core::Table& table, const std::vector<std::string>& filters);

struct NumericColumns {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;  // values[c][i], NaN when missing
  std::vector<std::size_t> rows;            // table row of each i
  std::size_t n_dropped = 0;                // rows dropped as incomplete
  const std::vector<double>& operator[](const std::string& name) const;
};

// Reads `names` as numbers (columns in `binary` must be 0 or 1); throws one
// InputError listing every unknown column or bad cell. With drop_incomplete,
// rows with any missing value among `names` are left out (counted).
// Columns in `nonnegative` (follow-up times) must be >= 0. No usable row
// left (a header-only file, every row incomplete) is an InputError too.
NumericColumns ReadNumeric(const core::Table& table, const std::vector<std::string>& names,
                           const std::vector<std::string>& binary, bool drop_incomplete,
                           const std::vector<std::string>& nonnegative = {});

// The 0/1 values as ints.
std::vector<int> AsOutcome(const std::vector<double>& values);

}  // namespace pioneer::diagnostics
