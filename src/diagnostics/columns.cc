// Numeric columns of a table (see columns.h).
#include "pioneer/diagnostics/columns.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::diagnostics {

core::Table FilterRows(const core::Table& table, const std::vector<std::string>& filters) {
  if (filters.empty()) return table;
  std::vector<std::pair<std::size_t, std::string>> tests;
  for (const std::string& f : filters) {
    const auto eq = f.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("where {}: expected COL=VALUE", f));
    tests.emplace_back(table.Require(f.substr(0, eq)), f.substr(eq + 1));
  }
  core::Table out(table.source(), table.names());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const bool keep = std::all_of(tests.begin(), tests.end(), [&](const auto& t) {
      return table.cell(r, t.first) == t.second;
    });
    if (!keep) continue;
    std::vector<std::string> cells;
    cells.reserve(table.cols());
    for (std::size_t c = 0; c < table.cols(); ++c) cells.push_back(table.cell(r, c));
    out.AddRow(std::move(cells), table.line(r));
  }
  return out;
}

const std::vector<double>& NumericColumns::operator[](const std::string& name) const {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw Error(ErrorCode::kInternal, fmt::format("column {} was not read", name));
  return values[static_cast<std::size_t>(it - names.begin())];
}

namespace {

bool Contains(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

void RequireRows(const core::Table& table, const NumericColumns& out) {
  if (!out.rows.empty()) return;
  const std::string why = table.rows() == 0
                              ? std::string("no data rows (after any where filter)")
                              : fmt::format(
                                    "no usable rows: all {} rows have a missing value in a "
                                    "column used",
                                    table.rows());
  throw InputError(Diagnostic{table.source(), 0, 0, why, ""});
}

}  // namespace

NumericColumns ReadNumeric(const core::Table& table, const std::vector<std::string>& names,
                           const std::vector<std::string>& binary, bool drop_incomplete,
                           const std::vector<std::string>& nonnegative) {
  DiagnosticCollector problems;
  std::vector<std::size_t> cols;
  for (const std::string& name : names) {
    const auto col = table.Find(name);
    if (!col) {
      problems.Add(table.source(), 1, 0, fmt::format("no column named \"{}\"", name));
      continue;
    }
    cols.push_back(*col);
  }
  problems.ThrowIfAny();
  const core::CellReader reader(table, problems);
  NumericColumns all;
  all.names = names;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    std::vector<double> values = reader.NumericColumn(cols[c]);
    if (Contains(nonnegative, names[c])) {
      for (std::size_t r = 0; r < values.size(); ++r) {
        if (values[r] < 0) reader.Problem(r, cols[c], "a follow-up time cannot be negative");
      }
    }
    if (Contains(binary, names[c])) {
      for (std::size_t r = 0; r < values.size(); ++r) {
        if (!std::isnan(values[r]) && values[r] != 0 && values[r] != 1) {
          reader.Problem(r, cols[c], fmt::format("{} must be 0 or 1", names[c]));
        }
      }
    }
    all.values.push_back(std::move(values));
  }
  problems.ThrowIfAny();
  NumericColumns out;
  out.names = names;
  out.values.resize(names.size());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const bool complete =
        std::none_of(all.values.begin(), all.values.end(),
                     [&](const std::vector<double>& v) { return std::isnan(v[r]); });
    if (drop_incomplete && !complete) {
      ++out.n_dropped;
      continue;
    }
    out.rows.push_back(r);
    for (std::size_t c = 0; c < names.size(); ++c) out.values[c].push_back(all.values[c][r]);
  }
  RequireRows(table, out);
  return out;
}

std::vector<int> AsOutcome(const std::vector<double>& values) {
  std::vector<int> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(v == 1 ? 1 : 0);
  return out;
}

}  // namespace pioneer::diagnostics
