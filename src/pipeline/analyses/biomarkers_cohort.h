// File: src/pipeline/analyses/biomarkers_cohort.h
// The cohort of the "biomarkers" kind, read from the study: evaluable
// subjects (a derived response), their SITC 2020 resistance class, PFS and
// baseline assays, the RNA matrix of those with every gene measured, the
// section's signature scores and the features of its screen.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/screen.h"
#include "pioneer/study/model.h"

namespace pioneer::pipeline::biomarker_cohort {

// SITC 2020 resistance classes (Kluger 2020) shown, with the responders who
// have not progressed as the reference group.
const std::vector<std::string>& Classes();

// The evaluable subjects (a derived response) and their baseline data.
struct Cohort {
  std::vector<std::string> ids;
  std::vector<double> responder;                      // 1 / 0
  std::vector<std::string> resistance;                // one of Classes() or ""
  std::vector<double> pfs_months, pfs_event;          // NaN when no PFS
  std::vector<std::map<std::string, double>> assays;  // analyte -> value (biopsy + blood)
};
Cohort CohortOf(const study::Study& study);

// Genes x subjects with RNA (every gene present), log2(TPM + 1);
// `subject` maps each matrix column to its cohort index.
biomarkers::ExpressionMatrix Expression(const Cohort& c, std::vector<std::size_t>& subject);

struct ScoreColumn {
  std::string label, method;
  std::vector<double> values;  // per cohort subject (NaN without RNA)
  std::vector<std::string> missing;
  std::size_t used = 0;
};
// The section's signatures scored on `m` (none with fewer than 3 samples).
std::vector<ScoreColumn> Scores(const biomarkers::ExpressionMatrix& m,
                                const std::vector<std::size_t>& subject, std::size_t n);

// Number of baseline assays, the first features of the screen.
std::size_t AssayCount();

// Features of the screen: the assays, then the scores, then every gene;
// `n_non_gene` = assays + scores.
std::vector<biomarkers::Feature> Features(const Cohort& c, const biomarkers::ExpressionMatrix& m,
                                          const std::vector<std::size_t>& subject,
                                          const std::vector<ScoreColumn>& scores,
                                          std::size_t* n_non_gene);

}  // namespace pioneer::pipeline::biomarker_cohort
