// File: pioneer/biomarkers/gsva.h
// Gene-set scores of the Bioconductor package GSVA 1.46, reproduced
// operation for operation (so that scores agree to ~1e-12, not just in
// spirit):
//   * ssGSEA (Barbie 2009) as GSVA:::ssgsea: per-sample ranks with ties
//     averaged and then TRUNCATED to integers (colRanks(ties = "average")
//     then mode(R) <- "integer"), genes ordered by decreasing rank with ties
//     in row order (R's stable radix order), weights rank^alpha, the
//     closed-form random walk sum of GSVA:::.fastRndWalk, optional
//     normalisation by the range of ALL scores of the call (so normalised
//     scores depend on which sets are scored together).
//   * GSVA (Hanzelmann 2013), Gaussian kernel, mx.diff = TRUE, tau = 1:
//     constant genes (row sd < 1e-10) are removed first (.filterFeatures);
//     the kernel CDF is GSVA's C lookup table (kernel_estimation.c:
//     pnorm at 10,001 points on [0, 10], index (int)(|v| / 10 * 10000),
//     v = (y - x) / bw, bw = sd / 4, 0 / 1 beyond +-10); genes are ranked
//     per sample by decreasing density (stable), rank scores |n - k + 1 - n/2|
//     and the KS-like walk of ks_matrix_R, max positive + max negative
//     deviation (computed in closed form at the set genes' positions).
//     The densities are computed by the fast kernel of gsva_kernel.h (every
//     pair uses GSVA's table entry; the summation order differs by ulps and
//     GSVA's own order is restored wherever it decides a ranking), so the
//     rankings, hence the scores, are GSVA's.
//   * combined z-score (Lee 2008; GSVA "zscore"): sum of the set's per-gene
//     z-scores / sqrt(set size).
//   * PLAGE (Tomfohr 2005; GSVA "plage"): first right singular vector of
//     the set's z-scored rows. Its sign is arbitrary in GSVA; pioneer orients
//     it to correlate positively with the set's mean z-score.
// Sets are lists of matrix rows; an empty set gives NaN scores.
#pragma once

#include <cstddef>
#include <vector>

namespace pioneer::biomarkers {

// A read-only genes x samples row-major matrix.
struct MatrixView {
  const double* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  const double* row(std::size_t r) const { return data + r * cols; }
};

using GeneSetRows = std::vector<std::vector<std::size_t>>;

// Each result is sets x samples, row-major. threads >= 1.
std::vector<double> Ssgsea(MatrixView x, const GeneSetRows& sets, double alpha, bool normalize,
                           int threads);
std::vector<double> GsvaGaussian(MatrixView x, const GeneSetRows& sets, int threads);
std::vector<double> CombinedZ(MatrixView x, const GeneSetRows& sets, int threads);
std::vector<double> Plage(MatrixView x, const GeneSetRows& sets, int threads);

// Rows GSVA 1.46 drops as constant (sd < 1e-10) before the gsva, zscore and
// plage methods (not ssgsea).
std::vector<bool> ConstantRows(MatrixView x);

}  // namespace pioneer::biomarkers
