#include "pioneer/pipeline/analyses/cohort_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

namespace pioneer::pipeline {
namespace {

using Level = std::optional<std::string>;  // nullopt = missing
using LevelOf = std::function<Level(const study::Subject&)>;

// Arms in study order, then arms that only subjects name, then overall.
std::vector<CohortColumn> Columns(const study::Study& study) {
  std::vector<CohortColumn> columns;
  for (const study::Arm& arm : study.arms) {
    columns.push_back({arm.code, arm.description.empty() ? arm.code : arm.description, 0});
  }
  for (const study::Subject& s : study.subjects) {
    const bool known = std::any_of(columns.begin(), columns.end(),
                                   [&](const CohortColumn& c) { return c.arm == s.arm; });
    if (!known) columns.push_back({s.arm, s.arm.empty() ? "No arm" : s.arm, 0});
  }
  columns.push_back({"", "Overall", 0});
  return columns;
}

// Index of each subject's column (the overall column is always the last).
std::vector<std::size_t> ColumnOfSubjects(const study::Study& study,
                                          std::vector<CohortColumn>& columns) {
  std::vector<std::size_t> index;
  for (const study::Subject& s : study.subjects) {
    std::size_t c = 0;
    while (columns[c].arm != s.arm) ++c;  // Columns() gave every arm a column
    ++columns[c].subjects;
    ++columns.back().subjects;
    index.push_back(c);
  }
  return index;
}

// R quantile(x, p, type = 7) on sorted x.
double Quantile7(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

NumericSummary Summarise(std::vector<double> values, std::int64_t missing) {
  NumericSummary s;
  s.n = static_cast<std::int64_t>(values.size());
  s.missing = missing;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.median = Quantile7(values, 0.5);
  s.q1 = Quantile7(values, 0.25);
  s.q3 = Quantile7(values, 0.75);
  s.min = values.front();
  s.max = values.back();
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0;
  return s;
}

// Counts a categorical variable. With `fixed_levels` every one is shown (0s
// included, publication style); otherwise the levels present, ordered by
// `order` (nullptr: by overall count, most frequent first, ties by name).
CategoricalSummary Categorical(const std::string& name, const study::Study& study,
                               const std::vector<std::size_t>& column_of, std::size_t n_columns,
                               const LevelOf& level_of, std::vector<std::string> fixed_levels,
                               bool sort_by_name = false) {
  std::map<std::string, std::vector<std::int64_t>> counts;
  CategoricalSummary out{
      .name = name, .levels = {}, .counts = {}, .missing = std::vector<std::int64_t>(n_columns, 0)};
  for (const std::string& level : fixed_levels) counts[level].assign(n_columns, 0);
  for (std::size_t i = 0; i < study.subjects.size(); ++i) {
    const Level level = level_of(study.subjects[i]);
    std::vector<std::int64_t>& row = level ? counts[*level] : out.missing;
    row.resize(n_columns, 0);
    ++row[column_of[i]];
    ++row[n_columns - 1];
  }
  out.levels = fixed_levels;
  if (out.levels.empty()) {
    for (const auto& [level, row] : counts) out.levels.push_back(level);
    if (!sort_by_name) {
      std::stable_sort(out.levels.begin(), out.levels.end(), [&](const auto& a, const auto& b) {
        return counts[a].back() > counts[b].back();
      });
    }
  }
  for (const std::string& level : out.levels) out.counts.push_back(counts[level]);
  return out;
}

Level NonEmpty(const std::string& text) { return text.empty() ? Level{} : Level{text}; }

}  // namespace

std::string Pdl1Category(double tps_pct) {
  if (tps_pct < 1) return "<1%";
  if (tps_pct < 50) return "1\u201349%";
  return "\u226550%";
}

CohortSummary SummariseCohort(const study::Study& study) {
  CohortSummary out{.columns = Columns(study), .age_years = {}, .categorical = {}};
  const std::vector<std::size_t> column_of = ColumnOfSubjects(study, out.columns);
  const std::size_t n = out.columns.size();
  std::vector<std::vector<double>> ages(n);
  std::vector<std::int64_t> missing_age(n, 0);
  for (std::size_t i = 0; i < study.subjects.size(); ++i) {
    for (std::size_t c : {column_of[i], n - 1}) {
      if (const auto& age = study.subjects[i].age_years) {
        ages[c].push_back(*age);
      } else {
        ++missing_age[c];
      }
    }
  }
  for (std::size_t c = 0; c < n; ++c) out.age_years.push_back(Summarise(ages[c], missing_age[c]));

  auto add = [&](const std::string& name, const LevelOf& level_of,
                 std::vector<std::string> fixed = {}, bool by_name = false) {
    out.categorical.push_back(
        Categorical(name, study, column_of, n, level_of, std::move(fixed), by_name));
  };
  add("Sex",
      [](const study::Subject& s) -> Level {
        if (s.sex == study::Sex::kUnknown) return {};
        return s.sex == study::Sex::kFemale ? "Female" : "Male";
      },
      {"Female", "Male"});
  add(
      "ECOG performance status",
      [](const study::Subject& s) -> Level {
        return s.ecog ? Level{std::to_string(*s.ecog)} : Level{};
      },
      {}, true);
  add("Histology", [](const study::Subject& s) { return NonEmpty(s.histology); });
  add(
      "Stage", [](const study::Subject& s) { return NonEmpty(s.stage); }, {}, true);
  add("Smoking status",
      [](const study::Subject& s) -> Level {
        switch (s.smoking) {
          case study::Smoking::kNever:
            return "Never";
          case study::Smoking::kFormer:
            return "Former";
          case study::Smoking::kCurrent:
            return "Current";
          case study::Smoking::kUnknown:
            break;
        }
        return {};
      },
      {"Never", "Former", "Current"});
  add("PD-L1 TPS",
      [](const study::Subject& s) -> Level {
        return s.pdl1_tps_pct ? Level{Pdl1Category(*s.pdl1_tps_pct)} : Level{};
      },
      {Pdl1Category(0), Pdl1Category(1), Pdl1Category(50)});
  return out;
}

}  // namespace pioneer::pipeline
