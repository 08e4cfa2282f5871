// File: src/biomarkers/design.cc
#include "pioneer/biomarkers/design.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

struct Covariate {
  std::string name;
  std::size_t col = 0;
  bool numeric = true;
  std::vector<std::string> levels;  // categorical: sorted, first = reference
};

}  // namespace

Design BuildDesign(const core::Table& table, const std::vector<std::string>& expression_samples,
                   const DesignSpec& spec) {
  if (table.cols() < 2)
    throw InputError(Diagnostic{table.source(), 1, 0,
                                "the sample table needs an id column and a group column", ""});
  const std::size_t group_col = table.Require(spec.group);
  DiagnosticCollector problems;
  std::map<std::string, std::size_t> expr_index;
  for (std::size_t i = 0; i < expression_samples.size(); ++i) expr_index[expression_samples[i]] = i;
  std::vector<Covariate> covariates;
  for (const std::string& name : spec.covariates)
    covariates.push_back({name, table.Require(name), true, {}});
  Design d;
  std::vector<std::size_t> rows;
  std::set<std::string> seen;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const std::string& id = table.cell(r, 0);
    if (!seen.insert(id).second) {
      problems.Add(table.source(), table.line(r), 1, "duplicate sample id", id);
      continue;
    }
    if (!expr_index.contains(id)) {
      problems.Add(table.source(), table.line(r), 1, "sample id not among the expression columns",
                   id);
      continue;
    }
    bool missing = core::IsMissing(table.cell(r, group_col));
    for (const Covariate& c : covariates)
      missing = missing || core::IsMissing(table.cell(r, c.col));
    if (missing) {
      ++d.n_dropped_missing;
      continue;
    }
    rows.push_back(r);
  }
  if (!problems.empty()) throw InputError(problems.diagnostics(), problems.total());
  d.n_not_annotated = expression_samples.size() - seen.size();
  // Group levels and the contrast.
  std::set<std::string> level_set;
  for (std::size_t r : rows) level_set.insert(table.cell(r, group_col));
  std::vector<std::string> levels(level_set.begin(), level_set.end());
  if (levels.size() < 2) {
    throw UsageError(
        fmt::format("group {}: needs at least two levels among the usable samples, found {}",
                    spec.group, levels.size()));
  }
  if (spec.contrast.empty()) {
    if (levels.size() != 2) {
      throw UsageError(
          fmt::format("group {} has {} levels: give contrast A-B", spec.group, levels.size()));
    }
    d.level_a = levels[1];
    d.level_b = levels[0];
  } else {
    const auto dash = spec.contrast.find('-');
    if (dash == std::string::npos)
      throw UsageError(fmt::format("contrast {}: expected A-B", spec.contrast));
    d.level_a = spec.contrast.substr(0, dash);
    d.level_b = spec.contrast.substr(dash + 1);
    for (const std::string* l : {&d.level_a, &d.level_b}) {
      if (!level_set.contains(*l)) {
        throw UsageError(fmt::format("contrast {}: level '{}' is not in column {} (levels: {})",
                                     spec.contrast, *l, spec.group, fmt::join(levels, ", ")));
      }
    }
  }
  // Covariate types: numeric when every used value parses.
  for (Covariate& c : covariates) {
    std::set<std::string> values;
    for (std::size_t r : rows) {
      values.insert(table.cell(r, c.col));
      if (!core::ParseDouble(table.cell(r, c.col))) c.numeric = false;
    }
    if (!c.numeric) c.levels.assign(values.begin(), values.end());
  }
  // Columns: intercept, group A, other non-reference levels, covariates.
  std::vector<std::string> group_columns{d.level_a};
  for (const std::string& l : levels) {
    if (l != d.level_a && l != d.level_b) group_columns.push_back(l);
  }
  d.column_names.push_back("(Intercept)");
  for (const std::string& l : group_columns) d.column_names.push_back(spec.group + l);
  for (const Covariate& c : covariates) {
    if (c.numeric)
      d.column_names.push_back(c.name);
    else
      for (std::size_t k = 1; k < c.levels.size(); ++k)
        d.column_names.push_back(c.name + c.levels[k]);
  }
  d.tested = 1;
  d.matrix = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(rows.size()),
                                   static_cast<Eigen::Index>(d.column_names.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t r = rows[i];
    const auto row = static_cast<Eigen::Index>(i);
    d.samples.push_back(table.cell(r, 0));
    d.expression_columns.push_back(expr_index.at(table.cell(r, 0)));
    d.groups.push_back(table.cell(r, group_col));
    Eigen::Index col = 0;
    d.matrix(row, col++) = 1;
    for (const std::string& l : group_columns)
      d.matrix(row, col++) = table.cell(r, group_col) == l ? 1 : 0;
    for (const Covariate& c : covariates) {
      if (c.numeric) {
        d.matrix(row, col++) = *core::ParseDouble(table.cell(r, c.col));
      } else {
        for (std::size_t k = 1; k < c.levels.size(); ++k)
          d.matrix(row, col++) = table.cell(r, c.col) == c.levels[k] ? 1 : 0;
      }
    }
  }
  return d;
}

}  // namespace pioneer::biomarkers
