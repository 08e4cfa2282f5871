// Table -> survival inputs (R's Surv() event coding, na.omit of used rows).
#include "pioneer/stats/survival_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

bool IsLogical(const std::string& v) {
  return v == "TRUE" || v == "FALSE" || v == "T" || v == "F" || v == "true" || v == "false";
}

// Surv(time, event): logical, 0/1, or 1/2 (2 = event) when the maximum is 2.
std::vector<int> ReadEvents(const core::Table& t, std::size_t col,
                            const std::vector<std::size_t>& rows, DiagnosticCollector& problems) {
  const core::CellReader reader(t, problems);
  bool logical = true;
  for (std::size_t r : rows) logical = logical && IsLogical(t.cell(r, col));
  std::vector<int> events;
  std::vector<double> raw;
  for (std::size_t r : rows) {
    if (logical) {
      const std::string& v = t.cell(r, col);
      events.push_back(v == "TRUE" || v == "T" || v == "true");
      continue;
    }
    raw.push_back(reader.Number(r, col).value_or(-1));
  }
  if (logical) return events;
  const double max = raw.empty() ? 0 : *std::max_element(raw.begin(), raw.end());
  const double shift = max == 2 ? 1 : 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double v = raw[i] - shift;
    if (raw[i] != -1 && v != 0 && v != 1) {
      reader.Problem(rows[i], col,
                     max == 2 ? "event must be 1 (censored) or 2 (event)"
                              : "event must be 0/1, FALSE/TRUE or 1/2");
    }
    events.push_back(v == 1 ? 1 : 0);
  }
  return events;
}

std::vector<std::string> TextColumn(const core::Table& t, std::size_t col,
                                    const std::vector<std::size_t>& rows) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (std::size_t r : rows) out.push_back(t.cell(r, col));
  return out;
}

CoxCovariate ReadCovariate(const core::Table& t, const std::string& name,
                           const std::vector<std::size_t>& rows, const SurvivalColumns& columns) {
  const std::size_t col = t.Require(name);
  const auto ref = columns.reference.find(name);
  bool categorical = ref != columns.reference.end() ||
                     std::find(columns.categorical.begin(), columns.categorical.end(), name) !=
                         columns.categorical.end();
  std::vector<double> values;
  for (std::size_t r : rows) {
    if (categorical) break;
    const auto v = core::ParseDouble(t.cell(r, col));
    // Inf, NaN or 1e400 in a numeric covariate is a bad number, not a level.
    if (!v && core::NumberProblem(t.cell(r, col)) != core::NumberProblem("")) {
      throw InputError(t.At(r, col, core::NumberProblem(t.cell(r, col))));
    }
    if (!v)
      categorical = true;
    else
      values.push_back(*v);
  }
  if (categorical) {
    return CoxCovariate::Categorical(name, TextColumn(t, col, rows),
                                     ref == columns.reference.end() ? "" : ref->second);
  }
  return CoxCovariate::Numeric(name, std::move(values));
}

// An analysis of no subjects is not a result: say why there are none.
void RequireRows(const core::Table& table, const SurvivalColumns& columns,
                 const SurvivalTable& st) {
  if (!st.data.time.empty()) return;
  const std::string why =
      table.rows() == 0
          ? std::string("no data rows: the file has a header only")
          : fmt::format(
                "no usable rows: all {} rows have a missing value in {} or {}{}", table.rows(),
                columns.time, columns.event,
                columns.group.empty() && columns.strata.empty() && columns.covariates.empty()
                    ? ""
                    : " or another used column");
  throw InputError(Diagnostic{table.source(), 0, 0, why, ""});
}

}  // namespace

SurvivalTable ExtractSurvival(const core::Table& table, const SurvivalColumns& columns) {
  std::vector<std::size_t> used{table.Require(columns.time), table.Require(columns.event)};
  if (!columns.group.empty()) used.push_back(table.Require(columns.group));
  if (!columns.strata.empty()) used.push_back(table.Require(columns.strata));
  for (const std::string& c : columns.covariates) used.push_back(table.Require(c));
  SurvivalTable out;
  out.n_rows = table.rows();
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const bool missing = std::any_of(
        used.begin(), used.end(), [&](std::size_t c) { return core::IsMissing(table.cell(r, c)); });
    if (missing)
      ++out.n_dropped;
    else
      rows.push_back(r);
  }
  DiagnosticCollector problems;
  const core::CellReader reader(table, problems);
  const std::size_t time_col = used[0];
  for (std::size_t r : rows) {
    const auto time = reader.Number(r, time_col);
    if (time && *time < 0) reader.Problem(r, time_col, "a follow-up time cannot be negative");
    out.data.time.push_back(time.value_or(0));
  }
  out.data.event = ReadEvents(table, used[1], rows, problems);
  problems.ThrowIfAny();
  RequireRows(table, columns, out);
  if (!columns.group.empty()) {
    out.group = Factor::FromValues(TextColumn(table, table.Require(columns.group), rows));
  }
  if (!columns.strata.empty()) {
    out.strata = Factor::FromValues(TextColumn(table, table.Require(columns.strata), rows));
  }
  for (const std::string& c : columns.covariates) {
    out.covariates.push_back(ReadCovariate(table, c, rows, columns));
  }
  return out;
}

}  // namespace pioneer::stats
