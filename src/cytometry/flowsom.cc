// Consensus metaclustering and agreement measures (flowsom.h); the SOM
// itself is in som.cc.
#include "pioneer/cytometry/flowsom.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "parallel.h"
#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"

namespace pioneer::cytometry {
namespace {

double SquaredDistance(const double* a, const double* b, std::size_t p) {
  double s = 0;
  for (std::size_t j = 0; j < p; ++j) {
    const double t = a[j] - b[j];
    s += t * t;
  }
  return s;
}

}  // namespace

std::vector<int> AverageLinkageCut(const std::vector<double>& dist, std::size_t n, std::size_t k) {
  if (k == 0 || k > n)
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("cannot cut {} items into {} groups", n, k));
  std::vector<double> d = dist;  // n x n, symmetric
  std::vector<std::size_t> size(n, 1);
  std::vector<bool> active(n, true);
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto find = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  // Average linkage has monotone heights, so the first n - k merges are
  // exactly those below the cut of cutree(k).
  for (std::size_t merges = 0; merges + k < n; ++merges) {
    double best = std::numeric_limits<double>::infinity();
    std::size_t bi = 0, bj = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!active[i]) continue;
      for (std::size_t j = i + 1; j < n; ++j) {
        if (active[j] && d[i * n + j] < best) {
          best = d[i * n + j];
          bi = i;
          bj = j;
        }
      }
    }
    // Lance-Williams update for average linkage (UPGMA).
    for (std::size_t m = 0; m < n; ++m) {
      if (!active[m] || m == bi || m == bj) continue;
      const double v = (static_cast<double>(size[bi]) * d[bi * n + m] +
                        static_cast<double>(size[bj]) * d[bj * n + m]) /
                       static_cast<double>(size[bi] + size[bj]);
      d[bi * n + m] = d[m * n + bi] = v;
    }
    size[bi] += size[bj];
    active[bj] = false;
    parent[find(bj)] = find(bi);
  }
  std::vector<int> label(n, 0);
  std::map<std::size_t, int> number;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t root = find(i);
    auto it = number.find(root);
    if (it == number.end()) it = number.emplace(root, static_cast<int>(number.size()) + 1).first;
    label[i] = it->second;
  }
  return label;
}

std::vector<int> ConsensusMetaclusters(const Matrix& points, const ConsensusOptions& o) {
  const std::size_t n = points.rows;
  const auto sub = static_cast<std::size_t>(std::floor(static_cast<double>(n) * o.p_item));
  if (o.k == 0 || o.k > sub) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{} metaclusters for {} nodes: need 1 <= k <= {} (p_item {})", o.k, n,
                            sub, o.p_item));
  }
  if (o.reps < 1) throw Error(ErrorCode::kInvalidArgument, "consensus reps must be positive");
  std::vector<double> full(n * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j)
      full[i * n + j] = std::sqrt(SquaredDistance(points.row(i), points.row(j), points.cols));
  }
  // One seed per rep drawn up front: the result does not depend on threads.
  core::Rng master(o.seed);
  std::vector<std::uint64_t> seeds(static_cast<std::size_t>(o.reps));
  for (auto& s : seeds) s = master.NextU64();
  const std::size_t t = static_cast<std::size_t>(std::max(1, std::min(o.threads, o.reps)));
  std::vector<std::vector<int>> together(t, std::vector<int>(n * n, 0)),
      sampled(t, std::vector<int>(n * n, 0));
  internal::ParallelBlocks(
      seeds.size(), static_cast<int>(t), [&](std::size_t begin, std::size_t end, std::size_t tid) {
        std::vector<std::size_t> idx(n);
        for (std::size_t r = begin; r < end; ++r) {
          core::Rng rng(seeds[r]);
          std::iota(idx.begin(), idx.end(), std::size_t{0});
          for (std::size_t i = 0; i < sub; ++i)
            std::swap(idx[i], idx[i + static_cast<std::size_t>(rng.Below(n - i))]);
          std::vector<double> d(sub * sub);
          for (std::size_t a = 0; a < sub; ++a) {
            for (std::size_t b = 0; b < sub; ++b) d[a * sub + b] = full[idx[a] * n + idx[b]];
          }
          const std::vector<int> label = AverageLinkageCut(d, sub, o.k);
          for (std::size_t a = 0; a < sub; ++a) {
            for (std::size_t b = 0; b < sub; ++b) {
              sampled[tid][idx[a] * n + idx[b]] += 1;
              together[tid][idx[a] * n + idx[b]] += label[a] == label[b] ? 1 : 0;
            }
          }
        }
      });
  std::vector<double> dissimilarity(n * n);
  for (std::size_t i = 0; i < n * n; ++i) {
    int tog = 0, smp = 0;
    for (std::size_t th = 0; th < t; ++th) {
      tog += together[th][i];
      smp += sampled[th][i];
    }
    dissimilarity[i] = 1.0 - (smp > 0 ? static_cast<double>(tog) / smp : 0.0);
  }
  for (std::size_t i = 0; i < n; ++i) dissimilarity[i * n + i] = 0;
  return AverageLinkageCut(dissimilarity, n, o.k);
}

Agreement CompareToReference(const std::vector<int>& clusters,
                             const std::vector<std::string>& reference, const std::string& ignore) {
  if (clusters.size() != reference.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{} cluster labels for {} reference labels", clusters.size(),
                            reference.size()));
  }
  Agreement a;
  std::map<std::string, std::size_t> pop_index;
  std::map<int, std::size_t> cluster_index;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    if (reference[i] == ignore) continue;
    auto p = pop_index.emplace(reference[i], pop_index.size()).first->second;
    auto c = cluster_index.emplace(clusters[i], cluster_index.size()).first->second;
    pairs.emplace_back(p, c);
  }
  a.events = pairs.size();
  const std::size_t np = pop_index.size(), nc = cluster_index.size();
  std::vector<double> table(np * nc, 0), pop_n(np, 0), cl_n(nc, 0);
  for (const auto& [p, c] : pairs) {
    table[p * nc + c] += 1;
    pop_n[p] += 1;
    cl_n[c] += 1;
  }
  a.populations.resize(np);
  for (const auto& [name, p] : pop_index) a.populations[p] = name;
  std::vector<int> cluster_label(nc);
  for (const auto& [label, c] : cluster_index) cluster_label[c] = label;
  a.best_f1.assign(np, 0);
  a.best_cluster.assign(np, 0);
  for (std::size_t p = 0; p < np; ++p) {
    for (std::size_t c = 0; c < nc; ++c) {
      const double f1 = 2 * table[p * nc + c] / (pop_n[p] + cl_n[c]);
      if (f1 > a.best_f1[p]) {
        a.best_f1[p] = f1;
        a.best_cluster[p] = cluster_label[c];
      }
    }
    a.weighted_f1 += a.best_f1[p] * pop_n[p] / static_cast<double>(a.events);
  }
  auto choose2 = [](double x) { return x * (x - 1) / 2; };
  double sum_ij = 0, sum_a = 0, sum_b = 0;
  for (double v : table) sum_ij += choose2(v);
  for (double v : pop_n) sum_a += choose2(v);
  for (double v : cl_n) sum_b += choose2(v);
  const double expected = sum_a * sum_b / choose2(static_cast<double>(a.events));
  const double max_index = (sum_a + sum_b) / 2;
  a.adjusted_rand = max_index == expected ? 1.0 : (sum_ij - expected) / (max_index - expected);
  return a;
}

double Median(std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

}  // namespace pioneer::cytometry
