// File: pioneer/biomarkers/screen.h
// Univariate biomarker screens: every feature against a binary response
// (AUC, Wilcoxon rank-sum p as R's wilcox.test, odds ratio per SD by
// logistic regression as R's glm) or against survival (Cox hazard ratio per
// SD as R's coxph, Efron ties; log-rank test of above vs at-or-below the
// median), Benjamini-Hochberg q-values, and an optional permutation FDR
// (outcomes shuffled across subjects with a seeded xoshiro256**).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pioneer::biomarkers {

struct Feature {
  std::string name;
  std::vector<double> values;  // one per subject, NaN = missing
};

struct ScreenOptions {
  int permutations = 0;
  std::uint64_t seed = 1;
};

struct ScreenRow {
  std::string feature;
  std::size_t n = 0;
  // Response screens.
  std::size_t n_positive = 0;
  double auc = 0, wilcoxon_p = 0, or_per_sd = 0, or_lower = 0, or_upper = 0, logistic_p = 0;
  double q_wilcoxon = 0, q_logistic = 0;
  // Survival screens.
  std::size_t events = 0;
  double hr_per_sd = 0, hr_lower = 0, hr_upper = 0, cox_p = 0, logrank_median_p = 0;
  double q_cox = 0, q_logrank = 0;
  // Permutation FDR of the primary p (Wilcoxon or Cox); NaN without permutations.
  double permutation_fdr = 0;
};

// outcome: 1 / 0 / NaN (missing) per subject.
std::vector<ScreenRow> ScreenResponse(const std::vector<Feature>& features,
                                      const std::vector<double>& outcome,
                                      const ScreenOptions& options);
// time, event (1/0; NaN = missing) per subject.
std::vector<ScreenRow> ScreenSurvival(const std::vector<Feature>& features,
                                      const std::vector<double>& time,
                                      const std::vector<double>& event,
                                      const ScreenOptions& options);

// Permutation FDR at each observed p: mean number of permuted p-values <= p
// per permutation over the number of observed p-values <= p, capped at 1
// and made monotone in p. null[k] holds the p-values of permutation k.
std::vector<double> PermutationFdr(const std::vector<double>& observed,
                                   const std::vector<std::vector<double>>& null);

}  // namespace pioneer::biomarkers
