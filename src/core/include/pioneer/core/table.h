// File: pioneer/core/table.h
// A columnar table of text cells, as read from a delimited file or a SAS
// transport file, remembering where each row came from so that any later
// typed conversion can name file:line:column of a bad value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/date.h"
#include "pioneer/core/error.h"

namespace pioneer::core {

// A cell is missing when it is empty, "NA" (R) or "." (SAS).
bool IsMissing(std::string_view cell);

// Strict number parsing (the whole cell, bit-exact round trip with "%.17g").
// Only finite values: "Inf", "nan" and magnitudes beyond the double range
// (1e400) are not numbers.
std::optional<double> ParseDouble(std::string_view text);
// Why ParseDouble refused a text (for a diagnostic): not finite, out of
// range, or not a number at all.
std::string NumberProblem(std::string_view text);
std::optional<std::int64_t> ParseInt(std::string_view text);

class Table {
 public:
  Table() = default;
  Table(std::string source, std::vector<std::string> names);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& names() const { return names_; }
  std::size_t rows() const { return lines_.size(); }
  std::size_t cols() const { return names_.size(); }

  std::optional<std::size_t> Find(std::string_view name) const;
  // Index of a required column; throws InputError naming the file and column.
  std::size_t Require(std::string_view name) const;

  const std::string& cell(std::size_t row, std::size_t col) const { return columns_[col][row]; }
  const std::vector<std::string>& column(std::size_t col) const { return columns_[col]; }
  // 1-based source line of a row (the header is line 1 of a delimited file).
  std::int64_t line(std::size_t row) const { return lines_[row]; }

  void AddRow(std::vector<std::string> cells, std::int64_t line);
  void AddColumn(std::string name, std::vector<std::string> cells);
  void Reserve(std::size_t rows);

  // A diagnostic pointing at one cell (column numbers are 1-based fields).
  Diagnostic At(std::size_t row, std::size_t col, std::string message) const;

 private:
  std::string source_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::string>> columns_;
  std::vector<std::int64_t> lines_;
};

// Typed reading of cells; each bad value is added to the collector with its
// location and the reader returns nullopt for it, so a whole file is checked
// in one pass.
class CellReader {
 public:
  CellReader(const Table& table, DiagnosticCollector& problems)
      : table_(table), problems_(problems) {}

  std::optional<double> Number(std::size_t row, std::size_t col) const;
  std::optional<std::int64_t> Integer(std::size_t row, std::size_t col) const;
  std::optional<Date> IsoDate(std::size_t row, std::size_t col) const;
  // Text cell; nullopt when missing.
  std::optional<std::string> Text(std::size_t row, std::size_t col) const;
  // Like Text, but a missing value is a problem.
  std::optional<std::string> RequiredText(std::size_t row, std::size_t col) const;
  // One of the allowed values (exact match), else a problem listing them.
  std::optional<std::string> OneOf(std::size_t row, std::size_t col,
                                   const std::vector<std::string_view>& allowed) const;

  // A whole column as doubles, NaN for missing cells.
  std::vector<double> NumericColumn(std::size_t col) const;

  void Problem(std::size_t row, std::size_t col, std::string message) const;

 private:
  const Table& table_;
  DiagnosticCollector& problems_;
};

}  // namespace pioneer::core
