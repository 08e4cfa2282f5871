// File: src/biomarkers/de.cc
#include "pioneer/biomarkers/de.h"

#include <cmath>

namespace pioneer::biomarkers {
namespace {

// The expression columns of the design rows, in design order.
ExpressionMatrix DesignColumns(const ExpressionMatrix& expression, const Design& design) {
  ExpressionMatrix y;
  y.genes = expression.genes;
  y.samples = design.samples;
  y.values.reserve(expression.n_genes() * design.samples.size());
  for (std::size_t g = 0; g < expression.n_genes(); ++g) {
    for (std::size_t col : design.expression_columns) y.values.push_back(expression.at(g, col));
  }
  return y;
}

}  // namespace

DeAnalysis RunDe(const ExpressionMatrix& log2_expression, const core::Table& samples,
                 const DesignSpec& spec, const LimmaOptions& options) {
  DeAnalysis out;
  out.design = BuildDesign(samples, log2_expression.samples, spec);
  const Design& d = out.design;
  out.result = LimmaDe(DesignColumns(log2_expression, d), d.matrix, d.tested,
                       d.column_names[d.tested], options);
  out.trend = options.trend;
  for (const DeRow& row : out.result.rows) {
    if (row.adj_p_value < kDeSummaryFdr) ++out.n_significant;
  }
  return out;
}

nlohmann::ordered_json DeAnalysis::ToJson() const {
  nlohmann::ordered_json j;
  j["contrast"] = design.level_a + "-" + design.level_b;
  j["coefficient"] = result.coefficient;
  j["design_columns"] = design.column_names;
  j["samples"] = design.samples;
  j["trend"] = trend;
  j["df_residual"] = result.df_residual;
  j["df_prior"] = std::isfinite(result.df_prior) ? nlohmann::ordered_json(result.df_prior)
                                                 : nlohmann::ordered_json("Inf");
  j["s2_prior_median"] = result.s2_prior_median;
  j["var_prior"] = result.var_prior;
  j["n_significant_fdr05"] = n_significant;
  return j;
}

}  // namespace pioneer::biomarkers
