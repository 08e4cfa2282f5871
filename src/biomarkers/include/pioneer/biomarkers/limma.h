// File: pioneer/biomarkers/limma.h
// Differential expression as limma 3.54: lmFit (least squares per gene on a
// shared design) + eBayes (squeezeVar/fitFDist moderated variances, with an
// optional intensity trend fitted by a natural cubic spline of the average
// expression as splines::ns(Amean, df = 4), tmixture for the B statistic)
// + topTable (BH adjusted p-values, rows ordered by decreasing B).
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "pioneer/biomarkers/expression.h"

namespace pioneer::biomarkers {

struct LimmaOptions {
  bool trend = false;        // eBayes(trend = TRUE)
  double proportion = 0.01;  // eBayes(proportion)
  double stdev_coef_lim_low = 0.1;
  double stdev_coef_lim_high = 4;
  int threads = 1;
};

// One row per gene, as topTable(fit, coef, number = Inf, sort.by = "B").
struct DeRow {
  std::string gene;
  double log_fc = 0;
  double ave_expr = 0;
  double t = 0;
  double p_value = 0;
  double adj_p_value = 0;
  double b = 0;
};

struct DeResult {
  std::vector<DeRow> rows;  // ordered by decreasing B (ties in gene order)
  std::string coefficient;  // the design column tested
  double df_residual = 0;
  double df_prior = 0;  // may be +Inf
  double s2_prior_median = 0;
  double var_prior = 0;  // limma's var.prior of the tested coefficient
  std::size_t n_samples = 0;
};

// y: genes x samples (log2 scale); design: samples x p, full column rank;
// coef: the column tested.
DeResult LimmaDe(const ExpressionMatrix& y, const Eigen::MatrixXd& design, std::size_t coef,
                 const std::string& coef_name, const LimmaOptions& options);

// R's trigammaInverse (limma): Newton iteration on 1 / trigamma.
double TrigammaInverse(double x);

// The residual log-variance prior of fitFDist: {scale per gene, df2}.
struct FDistFit {
  std::vector<double> scale;  // one value, or one per gene with a covariate
  double df2 = 0;
};
FDistFit FitFDist(const std::vector<double>& x, double df1, const std::vector<double>* covariate);

}  // namespace pioneer::biomarkers
