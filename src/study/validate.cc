// Value rules shared by the SDTM and pioneer layouts.
#include <fmt/format.h>

#include <algorithm>

#include "builder.h"

namespace pioneer::study::internal {

// CTCAE v5.0: grades 1 (mild) to 5 (death related to the adverse event).
void CheckGrade(const TableReader& t, std::size_t row, std::string_view column,
                const std::optional<std::int64_t>& grade, std::optional<int>& out) {
  if (!grade) return;
  if (*grade < 1 || *grade > 5) {
    t.Problem(row, column, "a CTCAE grade must be 1 to 5");
    return;
  }
  out = static_cast<int>(*grade);
}

std::optional<std::string> Criteria(const TableReader& t, std::size_t row,
                                    std::string_view column) {
  const auto index = t.Choice(row, column, {"RECIST 1.1", "iRECIST"});
  if (!index) {
    if (!t.Text(row, column)) t.Problem(row, column, "a value is required");
    return std::nullopt;
  }
  return *index == 0 ? "RECIST 1.1" : "iRECIST";
}

// RECIST 1.1 Tables 1-2 and iRECIST Table 2 (Seymour 2017) timepoint
// responses; values are case-sensitive because iRECIST's "i" prefix is.
bool CheckResponse(const TableReader& t, std::size_t row, std::string_view column,
                   const std::string& criteria, const std::string& response) {
  static const std::vector<std::string_view> kRecist = {"CR", "PR", "SD", "NON-CR/NON-PD",
                                                        "PD", "NE"};
  static const std::vector<std::string_view> kIrecist = {"iCR",  "iPR",  "iSD", "NON-iCR/NON-iUPD",
                                                         "iUPD", "iCPD", "NE"};
  const auto& allowed = criteria == "iRECIST" ? kIrecist : kRecist;
  if (std::find(allowed.begin(), allowed.end(), response) != allowed.end()) return true;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  t.Problem(row, column, fmt::format("expected a {} response: one of {}", criteria, list));
  return false;
}

void MergeText(std::string& target, const std::optional<std::string>& value, const TableReader& t,
               std::size_t row, std::string_view column) {
  if (!value) return;
  if (target.empty()) {
    target = *value;
  } else if (target != *value) {
    t.Problem(row, column, "differs from the value already given for this subject");
  }
}

}  // namespace pioneer::study::internal
