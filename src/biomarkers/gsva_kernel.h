// File: src/biomarkers/gsva_kernel.h (internal to the module)
// The two hot kernels of GSVA, made fast without changing what they compute:
//   * RankOrder: per-sample orderings by LSD radix sort on order-preserving
//     integer keys (stable, so ties keep row order as R's order() does);
//   * GaussianRowDensity: GSVA 1.46's row_d (kernel_estimation.c) with its
//     pnorm lookup table. Each value's kernel CDF F(x_j) = mean over i of
//     table[(int)(|v| / 10 * 10000)] (1 - it when v < 0), v = (x_j - x_i) / bw.
//     The fast version sorts the gene's values, looks each pair up once
//     (the CDF of -v is 1 minus that of v, bit for bit), counts the pairs
//     whose table entry is exactly 1.0 (pnorm rounds to 1 beyond ~8.3 bw)
//     without looking them up, and computes the table index by one
//     multiplication; whenever that product lies within 1e-10 of an integer
//     (where it could round differently from GSVA's division chain) the
//     pair is recomputed with GSVA's own operations. Every pair therefore
//     uses exactly GSVA's table entry; only the order of the (double)
//     summation differs from R's, a few ulps in F. Those ulps matter when
//     two genes' densities in a sample are (nearly) tied, as they often are
//     in sparse real data: the ranking step (gsva.cc) recomputes such genes
//     in GSVA's order (GaussianDensityInROrder) unless their F is exact in
//     any order (every term 0, 0.5 or 1: flagged by GaussianRowDensity).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pioneer::biomarkers::detail {

// GSVA's precomputedCdf(d, bw) literally (v = d / bw; 0 below -10, 1 above
// 10, else the table entry, 1 - it for v < 0).
double GsvaPairCdf(double d, double bw);

enum class Isa { kAuto, kScalar, kAvx2 };

// True when the AVX2 kernel can run on this CPU.
bool HasAvx2();

struct DensityScratch {
  std::vector<double> sorted, sum;
  std::vector<std::uint32_t> order;
  std::vector<std::uint64_t> keys, keys2;
  std::vector<std::uint32_t> order2;
};

// row_d for one gene: out[j] = -log((1 - F_j) / F_j); order_free[j] (when
// not null) = 1 if every term of F_j is 0, 0.5 or 1, so that any summation
// order gives GSVA's value bit for bit.
void GaussianRowDensity(const double* x, std::size_t n, double bw, double* out,
                        std::uint8_t* order_free, DensityScratch& scratch, Isa isa = Isa::kAuto);

// The density of value j summed in GSVA's order (i = 0 .. n-1): R's value
// bit for bit. O(n).
double GaussianDensityInROrder(const double* x, std::size_t n, double bw, std::size_t j);

// Largest difference between a density of GaussianRowDensity and R's:
// both sums of n terms err by at most n ulps of F, amplified by
// 1 / (F (1 - F)) <= 2n in the log-odds, with a safety factor of 8.
double DensityOrderTolerance(std::size_t n);

// The literal double loop of GSVA 1.46 (summation in R's order); for tests.
void GaussianRowDensityReference(const double* x, std::size_t n, double bw, double* out);

// Indices 0..n-1 ordered by value (ascending or descending), ties in index
// order; -0.0 equals 0.0. Values must not be NaN.
void RankOrder(const double* values, std::size_t n, bool descending,
               std::vector<std::uint32_t>& order, DensityScratch& scratch);

}  // namespace pioneer::biomarkers::detail
