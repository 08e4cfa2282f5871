// File: pioneer/biomarkers/group_screen.h
// Biomarkers across the levels of a categorical outcome, e.g. the SITC
// resistance classes (responder / primary resistance / acquired resistance,
// Kluger et al. JITC 2020): per feature, the median and n of every level,
// Kruskal-Wallis across the levels (R's kruskal.test) with its epsilon-squared
// effect H / (n - 1) (Tomczak & Tomczak 2014) and a BH q over features, and
// every pair of levels compared by Wilcoxon rank-sum (R's wilcox.test:
// exact below 50 per group without ties) with AUC = W / (n_a n_b) = P(a > b)
// and the difference of medians, the pair p-values BH-adjusted within each
// feature as pairwise.wilcox.test(p.adjust.method = "BH") does.
// Also the candidate-target list of the programme's drug partners.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pioneer/biomarkers/screen.h"

namespace pioneer::biomarkers {

struct GroupPair {
  double auc = 0;                // P(level a > level b) + ties / 2
  double median_difference = 0;  // median(a) - median(b)
  double wilcoxon_p = 0;
  double q = 0;  // BH within the feature, over its pairs
};

struct GroupScreenRow {
  std::string feature;
  std::size_t n = 0;
  std::vector<std::size_t> n_level;  // per level
  std::vector<double> median_level;  // per level (NaN when empty)
  double kruskal_h = 0, kruskal_df = 0, kruskal_p = 0, epsilon2 = 0, q_kruskal = 0;
  std::vector<GroupPair> pairs;  // in GroupScreen::pairs order
};

struct GroupScreen {
  std::vector<std::string> levels;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (a, b), a < b in level order
  std::vector<GroupScreenRow> rows;
};

// group: the level of every subject ("" = missing). levels: the levels to
// compare, in order (subjects of other levels are left out); at least 2.
// A test that cannot be computed (a level without values, all values equal)
// gives NaN.
GroupScreen ScreenGroups(const std::vector<Feature>& features,
                         const std::vector<std::string>& group,
                         const std::vector<std::string>& levels);

// Candidate targets of ICI-resistance programmes (NKG2A/HLA-E, CD73/CD39
// adenosine axis, BTN3A1 (gamma-delta T cells), TIGIT, LAG-3, TIM-3, PD-L1/L2,
// CTLA-4, and the PD-1 / TIM-3 ligands): HGNC symbols.
const std::vector<std::string>& CandidateTargetGenes();

}  // namespace pioneer::biomarkers
