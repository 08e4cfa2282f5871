// File: src/biomarkers/tables.cc
#include "pioneer/biomarkers/tables.h"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace pioneer::biomarkers {
namespace {

std::string Num(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "NA"; }

// Data rows are numbered as the lines of the written file (header = 1).
std::int64_t LineOf(std::size_t row) { return static_cast<std::int64_t>(row) + 2; }

std::string Label(const std::string& level) {
  std::string out = level;
  for (char& c : out) {
    if (c == '\t' || c == ' ') c = '_';
  }
  return out;
}

}  // namespace

core::Table TopTable(const DeResult& result) {
  core::Table t("topTable", {"gene", "logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"});
  t.Reserve(result.rows.size());
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const DeRow& r = result.rows[i];
    t.AddRow({r.gene, Num(r.log_fc), Num(r.ave_expr), Num(r.t), Num(r.p_value), Num(r.adj_p_value),
              Num(r.b)},
             LineOf(i));
  }
  return t;
}

core::Table ScoreTable(const ScoreResult& result, bool by_sample) {
  const std::vector<std::string>& rows = by_sample ? result.samples : result.signatures;
  const std::vector<std::string>& cols = by_sample ? result.signatures : result.samples;
  std::vector<std::string> names{by_sample ? "sample" : "signature"};
  names.insert(names.end(), cols.begin(), cols.end());
  core::Table t("scores", std::move(names));
  t.Reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<std::string> cells{rows[i]};
    for (std::size_t j = 0; j < cols.size(); ++j)
      cells.push_back(Num(by_sample ? result.at(j, i) : result.at(i, j)));
    t.AddRow(std::move(cells), LineOf(i));
  }
  return t;
}

core::Table TmbTable(const std::vector<TmbRow>& rows) {
  core::Table t("tmb", {"Tumor_Sample_Barcode", "total", "total_perMB", "total_perMB_log",
                        "all_variants", "filtered"});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const TmbRow& r = rows[i];
    t.AddRow({r.sample, std::to_string(r.total), Num(r.per_mb),
              std::isinf(r.per_mb_log10) ? "-Inf" : Num(r.per_mb_log10),
              std::to_string(r.all_variants), std::to_string(r.filtered)},
             LineOf(i));
  }
  return t;
}

core::Table ResponseScreenTable(const std::vector<ScreenRow>& rows) {
  core::Table t("screen",
                {"feature", "n", "n_positive", "auc", "wilcoxon_p", "or_per_sd", "or_lower",
                 "or_upper", "logistic_p", "q_wilcoxon", "q_logistic", "permutation_fdr"});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ScreenRow& r = rows[i];
    t.AddRow({r.feature, std::to_string(r.n), std::to_string(r.n_positive), Num(r.auc),
              Num(r.wilcoxon_p), Num(r.or_per_sd), Num(r.or_lower), Num(r.or_upper),
              Num(r.logistic_p), Num(r.q_wilcoxon), Num(r.q_logistic), Num(r.permutation_fdr)},
             LineOf(i));
  }
  return t;
}

core::Table SurvivalScreenTable(const std::vector<ScreenRow>& rows) {
  core::Table t("screen", {"feature", "n", "events", "hr_per_sd", "hr_lower", "hr_upper", "cox_p",
                           "logrank_median_p", "q_cox", "q_logrank", "permutation_fdr"});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ScreenRow& r = rows[i];
    t.AddRow({r.feature, std::to_string(r.n), std::to_string(r.events), Num(r.hr_per_sd),
              Num(r.hr_lower), Num(r.hr_upper), Num(r.cox_p), Num(r.logrank_median_p), Num(r.q_cox),
              Num(r.q_logrank), Num(r.permutation_fdr)},
             LineOf(i));
  }
  return t;
}

core::Table GroupScreenTable(const GroupScreen& screen) {
  std::vector<std::string> names{"feature", "n"};
  for (const std::string& l : screen.levels) names.push_back("n_" + Label(l));
  for (const std::string& l : screen.levels) names.push_back("median_" + Label(l));
  for (const char* n : {"kruskal_h", "kruskal_df", "kruskal_p", "epsilon2", "q_kruskal"})
    names.emplace_back(n);
  for (const auto& [a, b] : screen.pairs) {
    const std::string pair = Label(screen.levels[a]) + "_vs_" + Label(screen.levels[b]);
    for (const char* n : {"auc_", "median_diff_", "p_", "q_"}) names.push_back(n + pair);
  }
  core::Table t("group_screen", std::move(names));
  for (std::size_t i = 0; i < screen.rows.size(); ++i) {
    const GroupScreenRow& r = screen.rows[i];
    std::vector<std::string> cells{r.feature, std::to_string(r.n)};
    for (std::size_t n : r.n_level) cells.push_back(std::to_string(n));
    for (double m : r.median_level) cells.push_back(Num(m));
    for (double v : {r.kruskal_h, r.kruskal_df, r.kruskal_p, r.epsilon2, r.q_kruskal})
      cells.push_back(Num(v));
    for (const GroupPair& p : r.pairs) {
      for (double v : {p.auc, p.median_difference, p.wilcoxon_p, p.q}) cells.push_back(Num(v));
    }
    t.AddRow(std::move(cells), LineOf(i));
  }
  return t;
}

}  // namespace pioneer::biomarkers
