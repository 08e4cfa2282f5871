// File: study/table_reader.h (private)
// Reads one input table by column name (case-insensitive, so that SDTM
// variables read the same from CSV and XPT), turning each bad cell into a
// located diagnostic (file:line:column: NAME: message: "raw") instead of
// stopping, so that a whole import is checked in one pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/error.h"
#include "pioneer/core/table.h"

namespace pioneer::study::internal {

// Where a record came from: one cell of one input table.
struct Origin {
  const core::Table* table = nullptr;
  std::size_t row = 0;
  std::size_t col = 0;
};

class EmbeddedIdGuard;

class TableReader {
 public:
  // With a guard, every text cell read (but the subject ids themselves, read
  // by SubjectId) is checked for embedded raw subject ids (embedded_ids.h).
  TableReader(const core::Table& table, DiagnosticCollector& problems,
              const EmbeddedIdGuard* guard = nullptr);

  const core::Table& table() const { return table_; }
  std::size_t rows() const { return table_.rows(); }
  std::optional<std::size_t> Col(std::string_view name) const;
  // Adds a problem for each missing column; true when all are present.
  bool RequireColumns(const std::vector<std::string_view>& names) const;

  // Each returns nullopt when the column is absent or the cell is missing
  // (empty, "NA", "."); a malformed value is a problem and also nullopt.
  std::optional<std::string> Text(std::size_t row, std::string_view name) const;
  std::optional<std::string> RequiredText(std::size_t row, std::string_view name) const;
  // The raw subject id of the row (required), not checked by the guard.
  std::optional<std::string> SubjectId(std::size_t row, std::string_view name) const;
  std::optional<std::string> Upper(std::size_t row, std::string_view name) const;
  std::optional<double> Number(std::size_t row, std::string_view name) const;
  std::optional<std::int64_t> Integer(std::size_t row, std::string_view name) const;
  std::optional<std::int32_t> Day(std::size_t row, std::string_view name) const;
  std::optional<core::Date> Date(std::size_t row, std::string_view name) const;
  // One of `allowed` after upper-casing; the index into `allowed`.
  std::optional<std::size_t> Choice(std::size_t row, std::string_view name,
                                    const std::vector<std::string_view>& allowed) const;

  // A problem at a cell (or at the row's first column if `name` is absent).
  void Problem(std::size_t row, std::string_view name, std::string message) const;
  Origin At(std::size_t row, std::string_view name) const;

 private:
  std::optional<std::string> Guarded(std::optional<std::string> text, std::size_t row,
                                     std::string_view name) const;

  const EmbeddedIdGuard* guard_;
  const core::Table& table_;
  DiagnosticCollector& problems_;
  core::CellReader cells_;
};

// The column of `table` named `name`, case-insensitively (SDTM variables read
// the same from CSV and XPT).
std::optional<std::size_t> FindColumn(const core::Table& table, std::string_view name);

void ProblemAt(DiagnosticCollector& problems, const Origin& origin, std::string message);
std::string ToUpper(std::string_view text);

}  // namespace pioneer::study::internal
