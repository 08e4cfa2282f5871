#include "pioneer/core/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace pioneer::core {

bool IsMissing(std::string_view cell) { return cell.empty() || cell == "NA" || cell == "."; }

std::optional<double> ParseDouble(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (*begin == '+') ++begin;  // from_chars rejects a leading '+'
  double value = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  // Out-of-range magnitudes (1e400) fail here; "inf" and "nan" parse, but a
  // value must be finite wherever a number is read.
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string NumberProblem(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lower.empty() && (lower[0] == '+' || lower[0] == '-')) lower.erase(0, 1);
  if (lower == "inf" || lower == "infinity" || lower == "nan") {
    return "expected a finite number (Inf and NaN are not allowed)";
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), value);
  if (ec == std::errc::result_out_of_range && ptr == lower.data() + lower.size()) {
    return "number out of the range of a double (about 1.8e308)";
  }
  return "expected a number";
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && ptr == text.data() + text.size()) return value;
  // Accept integral values written as decimals ("3.0"), as SAS and R write them.
  const std::optional<double> d = ParseDouble(text);
  if (d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9.0e15) {
    return static_cast<std::int64_t>(*d);
  }
  return std::nullopt;
}

Table::Table(std::string source, std::vector<std::string> names)
    : source_(std::move(source)), names_(std::move(names)), columns_(names_.size()) {}

std::optional<std::size_t> Table::Find(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

std::size_t Table::Require(std::string_view name) const {
  if (auto index = Find(name)) return *index;
  throw InputError(
      Diagnostic{source_, 1, 0, fmt::format("required column '{}' is missing", name), ""});
}

void Table::AddRow(std::vector<std::string> cells, std::int64_t line) {
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    columns_[c].push_back(c < cells.size() ? std::move(cells[c]) : std::string());
  }
  lines_.push_back(line);
}

void Table::AddColumn(std::string name, std::vector<std::string> cells) {
  cells.resize(rows());
  names_.push_back(std::move(name));
  columns_.push_back(std::move(cells));
}

void Table::Reserve(std::size_t rows) {
  for (auto& column : columns_) column.reserve(rows);
  lines_.reserve(rows);
}

Diagnostic Table::At(std::size_t row, std::size_t col, std::string message) const {
  return Diagnostic{source_, lines_[row], static_cast<std::int64_t>(col) + 1,
                    fmt::format("{}: {}", names_[col], message), columns_[col][row]};
}

void CellReader::Problem(std::size_t row, std::size_t col, std::string message) const {
  problems_.Add(table_.At(row, col, std::move(message)));
}

std::optional<double> CellReader::Number(std::size_t row, std::size_t col) const {
  const std::string& cell = table_.cell(row, col);
  if (IsMissing(cell)) return std::nullopt;
  auto value = ParseDouble(cell);
  if (!value) Problem(row, col, NumberProblem(cell));
  return value;
}

std::optional<std::int64_t> CellReader::Integer(std::size_t row, std::size_t col) const {
  const std::string& cell = table_.cell(row, col);
  if (IsMissing(cell)) return std::nullopt;
  auto value = ParseInt(cell);
  if (!value) Problem(row, col, "expected a whole number");
  return value;
}

std::optional<Date> CellReader::IsoDate(std::size_t row, std::size_t col) const {
  const std::string& cell = table_.cell(row, col);
  if (IsMissing(cell)) return std::nullopt;
  auto value = ParseIsoDate(cell);
  if (!value) Problem(row, col, "expected an ISO 8601 date (YYYY-MM-DD)");
  return value;
}

std::optional<std::string> CellReader::Text(std::size_t row, std::size_t col) const {
  const std::string& cell = table_.cell(row, col);
  if (IsMissing(cell)) return std::nullopt;
  return cell;
}

std::optional<std::string> CellReader::RequiredText(std::size_t row, std::size_t col) const {
  auto value = Text(row, col);
  if (!value) Problem(row, col, "a value is required");
  return value;
}

std::optional<std::string> CellReader::OneOf(std::size_t row, std::size_t col,
                                             const std::vector<std::string_view>& allowed) const {
  auto value = Text(row, col);
  if (!value) return value;
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return value;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  Problem(row, col, fmt::format("expected one of {}", list));
  return std::nullopt;
}

std::vector<double> CellReader::NumericColumn(std::size_t col) const {
  std::vector<double> out(table_.rows(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t r = 0; r < table_.rows(); ++r) {
    if (auto v = Number(r, col)) out[r] = *v;
  }
  return out;
}

}  // namespace pioneer::core
