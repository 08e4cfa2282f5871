// File: src/biomarkers/group_screen.cc
#include "pioneer/biomarkers/group_screen.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "pioneer/core/error.h"
#include "pioneer/stats/multiple_testing.h"
#include "pioneer/stats/rank_tests.h"

namespace pioneer::biomarkers {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

GroupPair ComparePair(const std::vector<double>& a, const std::vector<double>& b) {
  GroupPair p{kNaN, kNaN, kNaN, kNaN};
  if (a.empty() || b.empty()) return p;
  p.median_difference = Median(a) - Median(b);
  const stats::WilcoxonResult w = stats::WilcoxonRankSum(a, b);
  p.auc = w.w / (static_cast<double>(a.size()) * static_cast<double>(b.size()));
  p.wilcoxon_p = w.p_value;
  return p;
}

GroupScreenRow Row(const Feature& f, const std::vector<std::size_t>& level_of,
                   const GroupScreen& screen) {
  const std::size_t k = screen.levels.size();
  std::vector<std::vector<double>> by_level(k);
  for (std::size_t i = 0; i < level_of.size(); ++i) {
    if (level_of[i] < k && !std::isnan(f.values[i])) by_level[level_of[i]].push_back(f.values[i]);
  }
  GroupScreenRow row;
  row.feature = f.name;
  for (const std::vector<double>& v : by_level) {
    row.n += v.size();
    row.n_level.push_back(v.size());
    row.median_level.push_back(Median(v));
  }
  row.kruskal_h = row.kruskal_df = row.kruskal_p = row.epsilon2 = kNaN;
  const bool all_present =
      std::all_of(by_level.begin(), by_level.end(), [](const auto& v) { return !v.empty(); });
  if (all_present) {
    try {
      const stats::KruskalWallisResult kw = stats::KruskalWallis(by_level);
      row.kruskal_h = kw.statistic;
      row.kruskal_df = kw.df;
      row.kruskal_p = kw.p_value;
      row.epsilon2 = kw.statistic / (static_cast<double>(row.n) - 1.0);
    } catch (const Error&) {
      // All values equal: H is 0/0 (R: NaN).
    }
  }
  std::vector<double> p;
  for (const auto& [a, b] : screen.pairs) {
    row.pairs.push_back(ComparePair(by_level[a], by_level[b]));
    p.push_back(row.pairs.back().wilcoxon_p);
  }
  const std::vector<double> q = stats::AdjustPValues(p, stats::PAdjustMethod::kBH);
  for (std::size_t i = 0; i < q.size(); ++i) row.pairs[i].q = q[i];
  return row;
}

}  // namespace

GroupScreen ScreenGroups(const std::vector<Feature>& features,
                         const std::vector<std::string>& group,
                         const std::vector<std::string>& levels) {
  if (levels.size() < 2) throw UsageError("a group screen needs at least 2 levels");
  GroupScreen screen;
  screen.levels = levels;
  for (std::size_t a = 0; a < levels.size(); ++a) {
    for (std::size_t b = a + 1; b < levels.size(); ++b) screen.pairs.emplace_back(a, b);
  }
  std::vector<std::size_t> level_of(group.size(), levels.size());
  for (std::size_t i = 0; i < group.size(); ++i) {
    const auto it = std::find(levels.begin(), levels.end(), group[i]);
    if (it != levels.end()) level_of[i] = static_cast<std::size_t>(it - levels.begin());
  }
  for (const Feature& f : features) {
    if (f.values.size() != group.size())
      throw UsageError("feature " + f.name + ": one value per subject expected");
    screen.rows.push_back(Row(f, level_of, screen));
  }
  std::vector<double> p;
  for (const GroupScreenRow& r : screen.rows) p.push_back(r.kruskal_p);
  const std::vector<double> q = stats::AdjustPValues(p, stats::PAdjustMethod::kBH);
  for (std::size_t i = 0; i < q.size(); ++i) screen.rows[i].q_kruskal = q[i];
  return screen;
}

const std::vector<std::string>& CandidateTargetGenes() {
  static const std::vector<std::string> kGenes = {
      "KLRC1",  "HLA-E", "NT5E",     "ENTPD1", "BTN3A1", "TIGIT", "PVR",  "LAG3",  "HAVCR2",
      "LGALS9", "CD274", "PDCD1LG2", "PDCD1",  "CTLA4",  "IDO1",  "VSIR", "CD276", "SIGLEC15"};
  return kGenes;
}

}  // namespace pioneer::biomarkers
