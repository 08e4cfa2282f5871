// File: pioneer/biomarkers/de.h
// One differential-expression analysis as `pioneer de` runs it: the design
// from a sample annotation table, limma on the annotated samples, and the
// summary every front end reports.
#pragma once

#include <nlohmann/json.hpp>

#include "pioneer/biomarkers/design.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/limma.h"
#include "pioneer/core/table.h"

namespace pioneer::biomarkers {

// Genes called at this Benjamini-Hochberg level in the summary.
inline constexpr double kDeSummaryFdr = 0.05;

struct DeAnalysis {
  Design design;
  DeResult result;
  bool trend = false;
  std::size_t n_significant = 0;  // genes with adj.P.Val < kDeSummaryFdr

  // {"contrast", "coefficient", "design_columns", "samples", "trend",
  //  "df_residual", "df_prior" ("Inf" when infinite), "s2_prior_median",
  //  "var_prior", "n_significant_fdr05"}
  nlohmann::ordered_json ToJson() const;
};

// log2_expression: genes x samples on the log2 scale; samples: the
// annotation, first column = expression sample ids (BuildDesign's rules).
DeAnalysis RunDe(const ExpressionMatrix& log2_expression, const core::Table& samples,
                 const DesignSpec& spec, const LimmaOptions& options);

}  // namespace pioneer::biomarkers
