// File: src/biomarkers/screen_input.cc
#include "pioneer/biomarkers/screen_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool IsNumericColumn(const core::Table& t, std::size_t c) {
  bool any = false;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (core::IsMissing(t.cell(r, c))) continue;
    if (!core::ParseDouble(t.cell(r, c))) return false;
    any = true;
  }
  return any;
}

// Expression column of each subject of `t` (-1 when it has none).
std::vector<long> SampleColumns(const ExpressionMatrix& expression, const core::Table& t) {
  std::vector<long> column(t.rows(), -1);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto it = std::find(expression.samples.begin(), expression.samples.end(), t.cell(r, 0));
    if (it != expression.samples.end()) column[r] = it - expression.samples.begin();
  }
  return column;
}

}  // namespace

std::vector<double> NumericColumn(const core::Table& t, std::size_t col, const std::string& what,
                                  bool is_time) {
  DiagnosticCollector problems;
  std::vector<double> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (core::IsMissing(t.cell(r, col))) {
      out.push_back(std::nan(""));
      continue;
    }
    const auto v = core::ParseDouble(t.cell(r, col));
    if (!v)
      problems.Add(t.At(r, col, fmt::format("{} ({})", core::NumberProblem(t.cell(r, col)), what)));
    if (v && is_time && *v < 0) problems.Add(t.At(r, col, "a follow-up time cannot be negative"));
    out.push_back(v.value_or(0));
  }
  problems.ThrowIfAny();
  if (is_time && std::all_of(out.begin(), out.end(), [](double v) { return std::isnan(v); })) {
    throw InputError(Diagnostic{
        t.source(), 0, 0, fmt::format("no usable rows: every {} value is missing", what), ""});
  }
  return out;
}

std::vector<double> BinaryOutcome(const core::Table& t, std::size_t col,
                                  const std::optional<std::string>& positive) {
  DiagnosticCollector problems;
  std::vector<double> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string& v = t.cell(r, col);
    if (core::IsMissing(v))
      out.push_back(std::nan(""));
    else if (positive)
      out.push_back(v == *positive ? 1 : 0);
    else if (v == "1" || v == "TRUE")
      out.push_back(1);
    else if (v == "0" || v == "FALSE")
      out.push_back(0);
    else {
      problems.Add(t.At(r, col, "expected 0/1 or TRUE/FALSE (or name the positive level)"));
      out.push_back(0);
    }
  }
  problems.ThrowIfAny();
  return out;
}

std::vector<std::string> NumericColumns(const core::Table& t,
                                        const std::vector<std::string>& excluded) {
  std::vector<std::string> out;
  for (std::size_t c = 1; c < t.cols(); ++c) {
    const std::string& name = t.names()[c];
    if (!Contains(excluded, name) && IsNumericColumn(t, c)) out.push_back(name);
  }
  return out;
}

GeneFeatureSet GeneFeatures(const ExpressionMatrix& expression,
                            const std::string& expression_source, const core::Table& t,
                            const std::vector<std::string>& genes) {
  const std::vector<long> column = SampleColumns(expression, t);
  GeneFeatureSet out;
  out.unmatched_subjects = static_cast<std::size_t>(std::count(column.begin(), column.end(), -1));
  if (out.unmatched_subjects == t.rows()) {
    throw InputError(Diagnostic{
        t.source(), 1, 1, "no subject id (first column) is a sample of " + expression_source, ""});
  }
  const GeneIndex index(expression.genes);
  for (const std::string& g : genes) {
    const long row = index.Find(g);
    if (row < 0) {
      out.absent.push_back(g);
      continue;
    }
    Feature f{g, {}};
    for (long c : column) {
      f.values.push_back(
          c < 0 ? std::nan("")
                : expression.at(static_cast<std::size_t>(row), static_cast<std::size_t>(c)));
    }
    out.features.push_back(std::move(f));
  }
  return out;
}

GroupOutcome GroupOutcomeColumn(const core::Table& t, std::size_t col,
                                const std::vector<std::string>& levels) {
  GroupOutcome out;
  for (std::size_t r = 0; r < t.rows(); ++r)
    out.group.push_back(core::IsMissing(t.cell(r, col)) ? "" : t.cell(r, col));
  out.levels = levels;
  if (out.levels.empty()) {
    for (const std::string& g : out.group) {
      if (!g.empty() && !Contains(out.levels, g)) out.levels.push_back(g);
    }
    std::sort(out.levels.begin(), out.levels.end());
  }
  const std::string& name = t.names()[col];
  for (const std::string& l : out.levels) {
    if (!Contains(out.group, l)) {
      throw InputError(Diagnostic{t.source(), 1, static_cast<std::int64_t>(col + 1),
                                  fmt::format("levels: no subject has {} = {}", name, l), ""});
    }
  }
  if (out.levels.size() < 2)
    throw UsageError(fmt::format("group {}: needs at least 2 levels", name));
  return out;
}

}  // namespace pioneer::biomarkers
