// File: src/biomarkers/gsva.cc
// GSVA 1.46 numerics (see gsva.h for the rules reproduced and why).
#include "pioneer/biomarkers/gsva.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "gsva_kernel.h"
#include "pioneer/biomarkers/parallel.h"

namespace pioneer::biomarkers {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::size_t kColumnBlock = 16;

// Calls fn(j, column) for every sample j in [begin, end), the column copied
// contiguously (blocks of columns are gathered row by row, cache-friendly).
template <typename F>
void ForEachColumn(const double* data, std::size_t rows, std::size_t cols, std::size_t begin,
                   std::size_t end, F fn) {
  std::vector<double> block;
  for (std::size_t j0 = begin; j0 < end; j0 += kColumnBlock) {
    const std::size_t width = std::min(kColumnBlock, end - j0);
    block.resize(width * rows);
    for (std::size_t g = 0; g < rows; ++g) {
      const double* row = data + g * cols + j0;
      for (std::size_t b = 0; b < width; ++b) block[b * rows + g] = row[b];
    }
    for (std::size_t b = 0; b < width; ++b) fn(j0 + b, &block[b * rows]);
  }
}

// ---- ssGSEA ---------------------------------------------------------------

// One sample (its column `value`): position (1-based) of every gene in
// GSVA's ranking and its weight rank^alpha, rank = truncated average rank.
// Genes are ordered by decreasing value, ties in row order (R's stable
// order(decreasing = TRUE)).
void SsgseaSample(const double* value, std::size_t n, const std::vector<double>& pow_rank,
                  std::vector<std::uint32_t>& order, detail::DensityScratch& scratch,
                  std::vector<std::size_t>& position, std::vector<double>& weight) {
  detail::RankOrder(value, n, true, order, scratch);  // ties (same value) keep row order
  position.resize(n);
  weight.resize(n);
  // Walk tie groups; in decreasing order the group [a, b) holds ascending
  // ranks n - b + 1 .. n - a, whose average truncated is the integer rank.
  for (std::size_t a = 0; a < n;) {
    std::size_t b = a + 1;
    while (b < n && value[order[b]] == value[order[a]]) ++b;
    const std::size_t low = n - b + 1;
    const std::size_t high = n - a;
    const std::size_t rank = (low + high) / 2;  // as.integer(average rank)
    for (std::size_t p = a; p < b; ++p) {
      position[order[p]] = p + 1;
      weight[order[p]] = pow_rank[rank];
    }
    a = b;
  }
}

// GSVA:::.fastRndWalk.
double FastRandomWalk(const std::vector<std::size_t>& set, const std::vector<std::size_t>& position,
                      const std::vector<double>& weight, std::size_t n,
                      std::vector<std::pair<std::size_t, double>>& scratch) {
  scratch.clear();
  for (std::size_t g : set) scratch.emplace_back(position[g], weight[g]);
  std::sort(scratch.begin(), scratch.end());
  const double nd = static_cast<double>(n);
  long double weighted = 0, total = 0, steps = 0;  // R's sum() accumulates in long double
  for (const auto& [idx, w] : scratch) {
    const double step = nd - static_cast<double>(idx) + 1.0;
    weighted += static_cast<long double>(w * step);
    total += w;
    steps += step;
  }
  const double in_set = static_cast<double>(weighted) / static_cast<double>(total);
  const double out_set =
      (nd * (nd + 1) / 2 - static_cast<double>(steps)) / (nd - static_cast<double>(set.size()));
  return in_set - out_set;
}

// ---- GSVA kernel density --------------------------------------------------

// GSVA's sd(): long double mean with R's second pass, long double sum of
// squares of double deviations, n - 1 denominator.
double GsvaSd(const double* x, std::size_t n) {
  long double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += x[i];
  s /= static_cast<long double>(n);
  if (std::isfinite(static_cast<double>(s))) {
    long double t = 0;
    for (std::size_t i = 0; i < n; ++i) t += x[i] - s;
    s += t / static_cast<long double>(n);
  }
  const double mean = static_cast<double>(s);
  long double ss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = x[i] - mean;
    ss += d * d;
  }
  return std::sqrt(static_cast<double>(ss / static_cast<long double>(n - 1)));
}

// `order` ranks `value` decreasingly (ties in row order) from densities that
// may differ from R's by up to `tolerance`; within each run of neighbours
// closer than that, the values are replaced by R's (exact(g)) and the run
// re-ranked, so that the order is R's.
template <typename Exact>
void RepairNearTies(const double* value, std::vector<std::uint32_t>& order, double tolerance,
                    const Exact& exact_of, std::vector<double>& exact) {
  const std::size_t n = order.size();
  for (std::size_t a = 0; a + 1 < n;) {
    std::size_t b = a + 1;
    while (b < n && value[order[b - 1]] - value[order[b]] <= tolerance) ++b;
    if (b - a > 1) {
      exact.resize(b - a);
      for (std::size_t p = a; p < b; ++p) exact[p - a] = exact_of(order[p]);
      std::vector<std::size_t> idx(b - a);
      for (std::size_t k = 0; k < idx.size(); ++k) idx[k] = k;
      std::sort(idx.begin(), idx.end(), [&](std::size_t u, std::size_t v) {
        if (exact[u] != exact[v]) return exact[u] > exact[v];
        return order[a + u] < order[a + v];
      });
      std::vector<std::uint32_t> run(b - a);
      for (std::size_t k = 0; k < idx.size(); ++k) run[k] = order[a + idx[k]];
      std::copy(run.begin(), run.end(), order.begin() + static_cast<std::ptrdiff_t>(a));
    }
    a = b;
  }
}

// ks_sample with mx.diff = TRUE, tau = 1, in closed form: the walk rises
// only at the set's genes, so its maximum follows a set gene and its minimum
// precedes one (or is the end).
double KsWalk(const std::vector<std::size_t>& set, const std::vector<std::size_t>& position,
              const std::vector<double>& rank_score, std::size_t n,
              std::vector<std::pair<std::size_t, double>>& scratch) {
  const std::size_t k = set.size();
  double sum_gset = 0;
  for (std::size_t g : set) sum_gset += rank_score[g];
  scratch.clear();
  for (std::size_t g : set) scratch.emplace_back(position[g], rank_score[g]);
  std::sort(scratch.begin(), scratch.end());
  const double dec = 1.0 / static_cast<double>(n - k);
  double up = 0, mx_pos = 0, mx_neg = 0;
  for (std::size_t m = 0; m < k; ++m) {
    const double q = static_cast<double>(scratch[m].first);  // 0-based position
    const double before = up - (q - static_cast<double>(m)) * dec;
    mx_neg = std::min(mx_neg, before);
    up += scratch[m].second / sum_gset;
    mx_pos = std::max(mx_pos, up - (q + 1 - static_cast<double>(m + 1)) * dec);
  }
  mx_neg = std::min(mx_neg, up - static_cast<double>(n - k) * dec);
  return mx_pos + mx_neg;
}

// Sets restricted to the rows kept, renumbered.
GeneSetRows RemapSets(const GeneSetRows& sets, const std::vector<long>& new_row) {
  GeneSetRows out(sets.size());
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (std::size_t r : sets[s]) {
      if (new_row[r] >= 0) out[s].push_back(static_cast<std::size_t>(new_row[r]));
    }
  }
  return out;
}

// Per-gene z-scores as t(scale(t(X))) on the kept rows.
std::vector<double> ScaleRows(MatrixView x, int threads) {
  std::vector<double> z(x.rows * x.cols);
  const std::size_t n = x.cols;
  ParallelFor(x.rows, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t g = begin; g < end; ++g) {
      const double* v = x.row(g);
      long double s = 0;
      for (std::size_t i = 0; i < n; ++i) s += v[i];
      const double mean = static_cast<double>(s / static_cast<long double>(n));
      long double ss = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double d = v[i] - mean;
        ss += static_cast<long double>(d) * d;
      }
      const double sd = std::sqrt(
          static_cast<double>(ss / static_cast<long double>(std::max<std::size_t>(1, n - 1))));
      for (std::size_t i = 0; i < n; ++i) z[g * n + i] = (v[i] - mean) / sd;
    }
  });
  return z;
}

// Rows kept by .filterFeatures and the remapping of row numbers.
std::vector<long> KeptRows(MatrixView x, std::vector<double>& kept_values, std::size_t& n_kept) {
  const std::vector<bool> constant = ConstantRows(x);
  std::vector<long> new_row(x.rows, -1);
  n_kept = 0;
  kept_values.clear();
  for (std::size_t g = 0; g < x.rows; ++g) {
    if (constant[g]) continue;
    new_row[g] = static_cast<long>(n_kept++);
    kept_values.insert(kept_values.end(), x.row(g), x.row(g) + x.cols);
  }
  return new_row;
}

}  // namespace

std::vector<bool> ConstantRows(MatrixView x) {
  std::vector<bool> out(x.rows, false);
  for (std::size_t g = 0; g < x.rows; ++g) {
    const double* v = x.row(g);
    double mean = 0;
    for (std::size_t i = 0; i < x.cols; ++i) mean += v[i];
    mean /= static_cast<double>(x.cols);
    double ss = 0;
    for (std::size_t i = 0; i < x.cols; ++i) ss += (v[i] - mean) * (v[i] - mean);
    const double sd = x.cols > 1 ? std::sqrt(ss / static_cast<double>(x.cols - 1)) : 0.0;
    out[g] = !(sd >= 1e-10);
  }
  return out;
}

std::vector<double> Ssgsea(MatrixView x, const GeneSetRows& sets, double alpha, bool normalize,
                           int threads) {
  const std::size_t n = x.rows;
  std::vector<double> pow_rank(n + 1);
  for (std::size_t r = 0; r <= n; ++r) pow_rank[r] = std::pow(static_cast<double>(r), alpha);
  std::vector<double> es(sets.size() * x.cols, kNaN);
  ParallelFor(x.cols, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<std::uint32_t> order;
    std::vector<std::size_t> position;
    std::vector<double> weight;
    detail::DensityScratch scratch;
    std::vector<std::pair<std::size_t, double>> pairs;
    ForEachColumn(x.data, n, x.cols, begin, end, [&](std::size_t j, const double* column) {
      SsgseaSample(column, n, pow_rank, order, scratch, position, weight);
      for (std::size_t s = 0; s < sets.size(); ++s) {
        if (!sets[s].empty())
          es[s * x.cols + j] = FastRandomWalk(sets[s], position, weight, n, pairs);
      }
    });
  });
  if (normalize) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : es) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (double& v : es) v = v / (hi - lo);
  }
  return es;
}

std::vector<double> GsvaGaussian(MatrixView x, const GeneSetRows& sets, int threads) {
  std::vector<double> kept;
  std::size_t n = 0;
  const GeneSetRows kept_sets = RemapSets(sets, KeptRows(x, kept, n));
  const std::size_t cols = x.cols;
  std::vector<double> density(n * cols), bandwidth(n);
  std::vector<std::uint8_t> order_free(n * cols);
  // row_d of kernel_estimation.c (Gaussian kernel, bandwidth sd / 4) per gene.
  ParallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    detail::DensityScratch scratch;
    for (std::size_t g = begin; g < end; ++g) {
      const double* row = &kept[g * cols];
      bandwidth[g] = GsvaSd(row, cols) / 4.0;
      detail::GaussianRowDensity(row, cols, bandwidth[g], &density[g * cols], &order_free[g * cols],
                                 scratch);
    }
  });
  const double tolerance = detail::DensityOrderTolerance(cols);
  std::vector<double> es(sets.size() * cols, kNaN);
  ParallelFor(cols, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<std::uint32_t> order;
    std::vector<std::size_t> position(n);
    std::vector<double> rank_score(n), exact;
    detail::DensityScratch scratch;
    std::vector<std::pair<std::size_t, double>> pairs;
    const double half = static_cast<double>(n) / 2;
    ForEachColumn(density.data(), n, cols, begin, end, [&](std::size_t j, const double* column) {
      detail::RankOrder(column, n, true, order, scratch);  // decreasing density, ties in row order
      // Near-tied densities: R's summation order decides their ranking.
      const auto in_r_order = [&](std::uint32_t g) {
        return order_free[g * cols + j]
                   ? column[g]
                   : detail::GaussianDensityInROrder(&kept[g * cols], cols, bandwidth[g], j);
      };
      RepairNearTies(column, order, tolerance, in_r_order, exact);
      for (std::size_t p = 0; p < n; ++p) {
        position[order[p]] = p;
        rank_score[order[p]] = std::fabs(static_cast<double>(n - p) - half);
      }
      for (std::size_t s = 0; s < sets.size(); ++s) {
        if (!kept_sets[s].empty() && kept_sets[s].size() < n) {
          es[s * cols + j] = KsWalk(kept_sets[s], position, rank_score, n, pairs);
        }
      }
    });
  });
  return es;
}

std::vector<double> CombinedZ(MatrixView x, const GeneSetRows& sets, int threads) {
  std::vector<double> kept;
  std::size_t n = 0;
  const GeneSetRows kept_sets = RemapSets(sets, KeptRows(x, kept, n));
  const std::vector<double> z = ScaleRows(MatrixView{kept.data(), n, x.cols}, threads);
  std::vector<double> es(sets.size() * x.cols, kNaN);
  for (std::size_t s = 0; s < sets.size(); ++s) {
    if (kept_sets[s].empty()) continue;
    for (std::size_t j = 0; j < x.cols; ++j) {
      long double sum = 0;
      for (std::size_t g : kept_sets[s]) sum += z[g * x.cols + j];
      es[s * x.cols + j] =
          static_cast<double>(sum) / std::sqrt(static_cast<double>(kept_sets[s].size()));
    }
  }
  return es;
}

std::vector<double> Plage(MatrixView x, const GeneSetRows& sets, int threads) {
  std::vector<double> kept;
  std::size_t n = 0;
  const GeneSetRows kept_sets = RemapSets(sets, KeptRows(x, kept, n));
  const std::vector<double> z = ScaleRows(MatrixView{kept.data(), n, x.cols}, threads);
  std::vector<double> es(sets.size() * x.cols, kNaN);
  ParallelFor(sets.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t s = begin; s < end; ++s) {
      const std::vector<std::size_t>& set = kept_sets[s];
      if (set.empty()) continue;
      Eigen::MatrixXd a(set.size(), x.cols);
      for (std::size_t r = 0; r < set.size(); ++r) {
        for (std::size_t j = 0; j < x.cols; ++j) a(r, j) = z[set[r] * x.cols + j];
      }
      const Eigen::JacobiSVD<Eigen::MatrixXd> svd(a, Eigen::ComputeThinV);
      Eigen::VectorXd v = svd.matrixV().col(0);
      // Orient like the set's mean z-score (GSVA's sign is arbitrary).
      if (v.dot(a.colwise().mean().transpose()) < 0) v = -v;
      for (std::size_t j = 0; j < x.cols; ++j) es[s * x.cols + j] = v(static_cast<Eigen::Index>(j));
    }
  });
  return es;
}

}  // namespace pioneer::biomarkers
