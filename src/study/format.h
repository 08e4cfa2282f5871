// File: study/format.h (private)
// The controlled terms of both layouts, in the order of the model's enums
// (index = static_cast<int>(enum value)), and number/day formatting shared by
// the exporters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/study/layout.h"

namespace pioneer::study::internal {

// Pioneer layout terms (snake_case).
inline const std::vector<std::string_view> kSexNames = {"unknown", "male", "female"};
inline const std::vector<std::string_view> kSmokingNames = {"unknown", "never", "former",
                                                            "current"};
inline const std::vector<std::string_view> kRoleNames = {"target", "non_target", "new"};
inline const std::vector<std::string_view> kStatusNames = {
    "measured", "present", "absent", "too_small", "not_evaluated", "unequivocal_progression"};
inline const std::vector<std::string_view> kSampleKindNames = {"blood", "biopsy"};
inline const std::vector<std::string_view> kBoolNames = {"false", "true"};

// SDTM terms (upper case, CDISC controlled terminology where one exists).
inline const std::vector<std::string_view> kSdtmSex = {"U", "M", "F"};
inline const std::vector<std::string_view> kSdtmRole = {"TARGET", "NON-TARGET", "NEW"};
// TRSTRESC of a lesion that is not measured (index = LesionStatus; 0 unused).
inline const std::vector<std::string_view> kSdtmStatus = {
    "", "PRESENT", "ABSENT", "TOO SMALL", "NOT EVALUABLE", "UNEQUIVOCAL PROGRESSION"};
inline const std::vector<std::string_view> kSdtmYesNo = {"N", "Y"};

template <typename E>
std::string Term(const std::vector<std::string_view>& terms, E value) {
  return std::string(terms[static_cast<std::size_t>(value)]);
}

// Shortest text that reads back as the same double (std::to_chars).
std::string FormatNumber(double value);
std::string FormatNumber(const std::optional<double>& value);
std::string FormatInt(const std::optional<std::int64_t>& value);
// SDTM --DY of a study day: day + 1 from day 0 on (SDTM has no day 0).
std::int64_t SdtmDy(std::int32_t day);

inline std::string ToUpperAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// Builds one output table row by row; the table's source is its name, and
// row i sits on "line" i + 2 as if written below a header line.
class TableWriter {
 public:
  TableWriter(std::string name, std::vector<std::string> columns)
      : name_(std::move(name)), table_(name_, std::move(columns)) {}
  void Row(std::vector<std::string> cells) {
    table_.AddRow(std::move(cells), static_cast<std::int64_t>(table_.rows()) + 2);
  }
  // Appends the table to `out` unless it has no rows.
  void AppendTo(std::vector<NamedTable>& out) {
    if (table_.rows() > 0) out.push_back(NamedTable{name_, std::move(table_)});
  }

 private:
  std::string name_;
  core::Table table_;
};

}  // namespace pioneer::study::internal
