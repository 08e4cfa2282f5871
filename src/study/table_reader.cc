#include "table_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>

#include "embedded_ids.h"

namespace pioneer::study::internal {

std::string ToUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void ProblemAt(DiagnosticCollector& problems, const Origin& origin, std::string message) {
  problems.Add(origin.table->At(origin.row, origin.col, std::move(message)));
}

TableReader::TableReader(const core::Table& table, DiagnosticCollector& problems,
                         const EmbeddedIdGuard* guard)
    : guard_(guard), table_(table), problems_(problems), cells_(table, problems) {}

std::optional<std::size_t> FindColumn(const core::Table& table, std::string_view name) {
  const std::string wanted = ToUpper(name);
  const auto& names = table.names();
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (ToUpper(names[c]) == wanted) return c;
  }
  return std::nullopt;
}

std::optional<std::size_t> TableReader::Col(std::string_view name) const {
  return FindColumn(table_, name);
}

bool TableReader::RequireColumns(const std::vector<std::string_view>& names) const {
  bool all = true;
  for (std::string_view name : names) {
    if (Col(name)) continue;
    problems_.Add(table_.source(), 1, 0, fmt::format("required column '{}' is missing", name));
    all = false;
  }
  return all;
}

std::optional<std::string> TableReader::Text(std::size_t row, std::string_view name) const {
  const auto col = Col(name);
  if (!col) return std::nullopt;
  return Guarded(cells_.Text(row, *col), row, name);
}

std::optional<std::string> TableReader::RequiredText(std::size_t row, std::string_view name) const {
  const auto col = Col(name);
  if (!col) return std::nullopt;  // already reported by RequireColumns
  return Guarded(cells_.RequiredText(row, *col), row, name);
}

std::optional<std::string> TableReader::SubjectId(std::size_t row, std::string_view name) const {
  const auto col = Col(name);
  if (!col) return std::nullopt;  // already reported by RequireColumns
  return cells_.RequiredText(row, *col);
}

std::optional<std::string> TableReader::Guarded(std::optional<std::string> text, std::size_t row,
                                                std::string_view name) const {
  if (!text || guard_ == nullptr) return text;
  const auto embedded = guard_->Find(*text);
  if (!embedded) return text;
  if (guard_->policy() == EmbeddedSubjectIds::kReplaceByPseudonym) return guard_->Replace(*text);
  Problem(row, name,
          "embeds a raw subject id, which would pair the subject's pseudonym with it in the "
          "study; rename the identifier, or import with the option to replace embedded subject "
          "ids by their pseudonyms (map_embedded_ids)");
  return std::nullopt;
}

std::optional<std::string> TableReader::Upper(std::size_t row, std::string_view name) const {
  auto text = Text(row, name);
  if (text) *text = ToUpper(*text);
  return text;
}

std::optional<double> TableReader::Number(std::size_t row, std::string_view name) const {
  const auto col = Col(name);
  if (!col) return std::nullopt;
  return cells_.Number(row, *col);
}

std::optional<std::int64_t> TableReader::Integer(std::size_t row, std::string_view name) const {
  const auto col = Col(name);
  if (!col) return std::nullopt;
  return cells_.Integer(row, *col);
}

std::optional<std::int32_t> TableReader::Day(std::size_t row, std::string_view name) const {
  const auto value = Integer(row, name);
  if (!value) return std::nullopt;
  // Study days beyond +-100 years are typing errors, not follow-up.
  constexpr std::int64_t kMaxDays = 36525;
  if (*value < -kMaxDays || *value > kMaxDays) {
    Problem(row, name, fmt::format("a study day must lie within +-{} days", kMaxDays));
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*value);
}

std::optional<core::Date> TableReader::Date(std::size_t row, std::string_view name) const {
  const auto col = Col(name);
  if (!col) return std::nullopt;
  return cells_.IsoDate(row, *col);
}

std::optional<std::size_t> TableReader::Choice(std::size_t row, std::string_view name,
                                               const std::vector<std::string_view>& allowed) const {
  const auto value = Upper(row, name);
  if (!value) return std::nullopt;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (ToUpper(allowed[i]) == *value) return i;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  Problem(row, name, fmt::format("expected one of {}", list));
  return std::nullopt;
}

Origin TableReader::At(std::size_t row, std::string_view name) const {
  return Origin{&table_, row, Col(name).value_or(0)};
}

void TableReader::Problem(std::size_t row, std::string_view name, std::string message) const {
  ProblemAt(problems_, At(row, name), std::move(message));
}

}  // namespace pioneer::study::internal
