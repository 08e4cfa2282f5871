// Table 1 presentation of a CohortSummary: display rows, the TSV table and
// the JSON form.
#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "pioneer/pipeline/analyses/cohort_summary.h"

namespace pioneer::pipeline {
namespace {

constexpr const char* kNotAvailable = "\u2014";  // em dash

std::string CountPercent(std::int64_t count, std::int64_t total) {
  if (total == 0) return kNotAvailable;
  return fmt::format("{} ({:.1f}%)", count,
                     100.0 * static_cast<double>(count) / static_cast<double>(total));
}

std::string Capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

void AddAge(const CohortSummary& summary, std::vector<Table1Row>& rows) {
  rows.push_back({"Age, years", "", {}});
  Table1Row median{"Age, years", "Median [Q1, Q3]", {}};
  Table1Row mean{"Age, years", "Mean (SD)", {}};
  Table1Row range{"Age, years", "Range", {}};
  Table1Row missing{"Age, years", "Missing", {}};
  for (std::size_t c = 0; c < summary.columns.size(); ++c) {
    const NumericSummary& a = summary.age_years[c];
    const bool any = a.n > 0;
    median.cells.push_back(any ? fmt::format("{:.1f} [{:.1f}, {:.1f}]", a.median, a.q1, a.q3)
                               : kNotAvailable);
    mean.cells.push_back(a.n > 1 ? fmt::format("{:.1f} ({:.1f})", a.mean, a.sd) : kNotAvailable);
    range.cells.push_back(any ? fmt::format("{:.1f}\u2013{:.1f}", a.min, a.max) : kNotAvailable);
    missing.cells.push_back(CountPercent(a.missing, summary.columns[c].subjects));
  }
  rows.push_back(std::move(median));
  rows.push_back(std::move(mean));
  rows.push_back(std::move(range));
  if (summary.age_years.back().missing > 0) rows.push_back(std::move(missing));
}

void AddCategorical(const CohortSummary& summary, const CategoricalSummary& variable,
                    std::vector<Table1Row>& rows) {
  const std::string heading = variable.name + ", n (%)";
  rows.push_back({heading, "", {}});
  auto row = [&](const std::string& level, const std::vector<std::int64_t>& counts) {
    Table1Row r{heading, level, {}};
    for (std::size_t c = 0; c < summary.columns.size(); ++c) {
      r.cells.push_back(CountPercent(counts[c], summary.columns[c].subjects));
    }
    rows.push_back(std::move(r));
  };
  for (std::size_t l = 0; l < variable.levels.size(); ++l) {
    row(Capitalised(variable.levels[l]), variable.counts[l]);
  }
  if (variable.missing.back() > 0) row("Missing", variable.missing);
}

nlohmann::json NumericJson(const NumericSummary& s) {
  nlohmann::json j = {{"n", s.n}, {"missing", s.missing}};
  if (s.n > 0) {
    j.update({{"median", s.median},
              {"q1", s.q1},
              {"q3", s.q3},
              {"mean", s.mean},
              {"min", s.min},
              {"max", s.max}});
  }
  if (s.n > 1) j["sd"] = s.sd;
  return j;
}

}  // namespace

std::vector<Table1Row> FormatTable1(const CohortSummary& summary) {
  std::vector<Table1Row> rows;
  AddAge(summary, rows);
  for (const CategoricalSummary& variable : summary.categorical) {
    AddCategorical(summary, variable, rows);
  }
  return rows;
}

core::Table ToTable(const CohortSummary& summary) {
  std::vector<std::string> names = {"characteristic", "level"};
  for (const CohortColumn& c : summary.columns) names.push_back(c.arm.empty() ? "overall" : c.arm);
  core::Table table("cohort_summary", names);
  std::vector<std::string> n_row = {"N", ""};
  for (const CohortColumn& c : summary.columns) n_row.push_back(std::to_string(c.subjects));
  table.AddRow(std::move(n_row), 2);
  for (const Table1Row& r : FormatTable1(summary)) {
    if (r.level.empty()) continue;  // headings are a display device
    std::vector<std::string> cells = {r.characteristic, r.level};
    cells.insert(cells.end(), r.cells.begin(), r.cells.end());
    table.AddRow(std::move(cells), static_cast<std::int64_t>(table.rows()) + 2);
  }
  return table;
}

nlohmann::json ToJson(const CohortSummary& summary) {
  nlohmann::json columns = nlohmann::json::array();
  for (std::size_t c = 0; c < summary.columns.size(); ++c) {
    const CohortColumn& col = summary.columns[c];
    nlohmann::json variables = nlohmann::json::object();
    for (const CategoricalSummary& v : summary.categorical) {
      nlohmann::json counts = nlohmann::json::object();
      for (std::size_t l = 0; l < v.levels.size(); ++l) counts[v.levels[l]] = v.counts[l][c];
      variables[v.name] = {{"counts", counts}, {"missing", v.missing[c]}};
    }
    columns.push_back({{"arm", col.arm.empty() ? nlohmann::json(nullptr) : nlohmann::json(col.arm)},
                       {"label", col.label},
                       {"subjects", col.subjects},
                       {"age_years", NumericJson(summary.age_years[c])},
                       {"categorical", variables}});
  }
  return {{"analysis", "cohort_summary"}, {"columns", columns}};
}

}  // namespace pioneer::pipeline
