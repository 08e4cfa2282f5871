// File: src/biomarkers/gsva.cc
// GSVA 1.46 numerics (see gsva.h for the rules reproduced and why).
#include "pioneer/biomarkers/gsva.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pioneer/biomarkers/parallel.h"

namespace pioneer::biomarkers {
namespace generated {
extern const double kGsvaCdfTable[10001];
}  // namespace generated

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Genes ordered by decreasing value, ties in row order (R's stable
// order(decreasing = TRUE)); `order` receives the row indices.
template <typename Value>
void OrderDecreasing(const Value& value, std::size_t n, std::vector<std::size_t>& order) {
  order.resize(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return value(a) > value(b); });
}

// ---- ssGSEA ---------------------------------------------------------------

// One sample: position (1-based) of every gene in GSVA's ranking and its
// weight rank^alpha, rank = truncated average rank.
void SsgseaSample(MatrixView x, std::size_t j, const std::vector<double>& pow_rank,
                  std::vector<std::size_t>& order, std::vector<std::size_t>& position, std::vector<double>& weight) {
  const std::size_t n = x.rows;
  auto value = [&](std::size_t g) { return x.data[g * x.cols + j]; };
  OrderDecreasing(value, n, order);  // ties (same value) keep row order
  position.resize(n);
  weight.resize(n);
  // Walk tie groups; in decreasing order the group [a, b) holds ascending
  // ranks n - b + 1 .. n - a, whose average truncated is the integer rank.
  for (std::size_t a = 0; a < n;) {
    std::size_t b = a + 1;
    while (b < n && value(order[b]) == value(order[a])) ++b;
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
                      const std::vector<double>& weight, std::size_t n, std::vector<std::pair<std::size_t, double>>& scratch) {
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
  const double out_set = (nd * (nd + 1) / 2 - static_cast<double>(steps)) / (nd - static_cast<double>(set.size()));
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

// row_d (kernel_estimation.c; precomputedCdf inlined): -log((1 - F) / F), F the mean kernel CDF of each sample's value
// among all samples. F(j) sums CDF(x_j - x_i) over i in order; CDF(x_i - x_j)
// = 1 - CDF(x_j - x_i) bit for bit, so each pair is looked up once.
void GeneDensity(const double* x, std::size_t n, double* out, std::vector<double>& pair) {
  const double bw = GsvaSd(x, n) * 0.25;
  pair.resize(n * n);
  const double centre = generated::kGsvaCdfTable[0];
  for (std::size_t j = 0; j < n; ++j) {
    pair[j * n + j] = centre;
    for (std::size_t i = 0; i < j; ++i) {
      const double v = (x[j] - x[i]) / bw;  // pair (i, j) has exactly -v
      double c_ji, c_ij;
      if (v > 10.0) {
        c_ji = 1.0, c_ij = 0.0;
      } else if (-10.0 > v) {
        c_ji = 0.0, c_ij = 1.0;
      } else {
        const double t = generated::kGsvaCdfTable[static_cast<int>(std::fabs(v) / 10.0 * 10000.0)];
        c_ji = v < 0 ? 1.0 - t : t;
        c_ij = v > 0 ? 1.0 - t : t;
      }
      pair[j * n + i] = c_ji;
      pair[i * n + j] = c_ij;
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    double left_tail = 0;
    for (std::size_t i = 0; i < n; ++i) left_tail += pair[j * n + i];
    left_tail = left_tail / static_cast<double>(n);
    out[j] = -std::log((1.0 - left_tail) / left_tail);
  }
}

// ks_sample with mx.diff = TRUE, tau = 1, in closed form: the walk rises
// only at the set's genes, so its maximum follows a set gene and its minimum
// precedes one (or is the end).
double KsWalk(const std::vector<std::size_t>& set, const std::vector<std::size_t>& position,
              const std::vector<double>& rank_score, std::size_t n, std::vector<std::pair<std::size_t, double>>& scratch) {
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
      const double sd = std::sqrt(static_cast<double>(ss / static_cast<long double>(std::max<std::size_t>(1, n - 1))));
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

std::vector<double> Ssgsea(MatrixView x, const GeneSetRows& sets, double alpha, bool normalize, int threads) {
  const std::size_t n = x.rows;
  std::vector<double> pow_rank(n + 1);
  for (std::size_t r = 0; r <= n; ++r) pow_rank[r] = std::pow(static_cast<double>(r), alpha);
  std::vector<double> es(sets.size() * x.cols, kNaN);
  ParallelFor(x.cols, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<std::size_t> order, position;
    std::vector<double> weight;
    std::vector<std::pair<std::size_t, double>> scratch;
    for (std::size_t j = begin; j < end; ++j) {
      SsgseaSample(x, j, pow_rank, order, position, weight);
      for (std::size_t s = 0; s < sets.size(); ++s) {
        if (!sets[s].empty()) es[s * x.cols + j] = FastRandomWalk(sets[s], position, weight, n, scratch);
      }
    }
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
  std::vector<double> density(n * cols);
  ParallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<double> pair;
    for (std::size_t g = begin; g < end; ++g) GeneDensity(&kept[g * cols], cols, &density[g * cols], pair);
  });
  std::vector<double> es(sets.size() * cols, kNaN);
  ParallelFor(cols, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<std::size_t> order, position(n);
    std::vector<double> rank_score(n);
    std::vector<std::pair<std::size_t, double>> scratch;
    const double half = static_cast<double>(n) / 2;
    for (std::size_t j = begin; j < end; ++j) {
      OrderDecreasing([&](std::size_t g) { return density[g * cols + j]; }, n, order);
      for (std::size_t p = 0; p < n; ++p) {
        position[order[p]] = p;
        rank_score[order[p]] = std::fabs(static_cast<double>(n - p) - half);
      }
      for (std::size_t s = 0; s < sets.size(); ++s) {
        if (!kept_sets[s].empty() && kept_sets[s].size() < n) {
          es[s * cols + j] = KsWalk(kept_sets[s], position, rank_score, n, scratch);
        }
      }
    }
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
      es[s * x.cols + j] = static_cast<double>(sum) / std::sqrt(static_cast<double>(kept_sets[s].size()));
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
