// Self-organising map training and mapping (flowsom.h): FlowSOM's online
// SOM and a parallel batch SOM, both on a marker-major code book so that the
// nearest-node search runs across nodes in SIMD lanes.
//
// Determinism: each node's squared distance is summed over the markers in
// marker order, exactly as a scalar loop would, and this file is compiled
// with -ffp-contract=off (CMakeLists.txt), so the SSE2, AVX2 and AVX-512
// clones of the kernel give bit-identical distances and the same map.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>

#include "parallel.h"
#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/cytometry/flowsom.h"

namespace pioneer::cytometry {
namespace {

constexpr double kRadiusQuantile = 0.67;  // FlowSOM::SOM default radius
constexpr double kMinRadius = 0.5;        // som.c: radius below 1 becomes 0.5

// Nodes per SIMD block (8 doubles: one AVX-512 register, two AVX2 ones).
constexpr std::size_t kLanes = 8;
using Lanes = double __attribute__((vector_size(kLanes * sizeof(double))));
using Bits = std::int64_t
    __attribute__((vector_size(kLanes * sizeof(double))));  // a Lanes comparison's type
constexpr std::int64_t kSignBit = std::numeric_limits<std::int64_t>::min();

// Batch SOM: events are summed in fixed blocks (at least kMinBatchBlock
// events, at most kMaxBatchBlocks blocks) and the blocks' sums added in
// block order, so the map does not depend on the number of threads.
constexpr std::size_t kMinBatchBlock = std::size_t{1} << 15;
constexpr std::size_t kMaxBatchBlocks = 256;

// Squared Euclidean distance of x to every node: codes are marker-major
// (codes[j * stride + node]) with `stride` a multiple of kLanes.
[[gnu::target_clones("avx512f", "avx2", "default")]] void NodeDistances(
    const double* codes, std::size_t stride, std::size_t markers, const double* x, double* dist) {
  std::size_t b = 0;
  // Four blocks at a time: four independent sums hide the add latency; each
  // node's sum still runs over the markers in order.
  for (; b + 4 * kLanes <= stride; b += 4 * kLanes) {
    Lanes acc0 = {}, acc1 = {}, acc2 = {}, acc3 = {};
    for (std::size_t j = 0; j < markers; ++j) {
      const double* row = codes + j * stride + b;
      Lanes c0, c1, c2, c3;
      std::memcpy(&c0, row, sizeof c0);
      std::memcpy(&c1, row + kLanes, sizeof c1);
      std::memcpy(&c2, row + 2 * kLanes, sizeof c2);
      std::memcpy(&c3, row + 3 * kLanes, sizeof c3);
      const Lanes t0 = x[j] - c0, t1 = x[j] - c1, t2 = x[j] - c2, t3 = x[j] - c3;
      acc0 += t0 * t0;
      acc1 += t1 * t1;
      acc2 += t2 * t2;
      acc3 += t3 * t3;
    }
    std::memcpy(dist + b, &acc0, sizeof acc0);
    std::memcpy(dist + b + kLanes, &acc1, sizeof acc1);
    std::memcpy(dist + b + 2 * kLanes, &acc2, sizeof acc2);
    std::memcpy(dist + b + 3 * kLanes, &acc3, sizeof acc3);
  }
  for (; b < stride; b += kLanes) {
    Lanes acc = {};
    for (std::size_t j = 0; j < markers; ++j) {
      Lanes c;
      std::memcpy(&c, codes + j * stride + b, sizeof c);
      const Lanes t = x[j] - c;
      acc += t * t;
    }
    std::memcpy(dist + b, &acc, sizeof acc);
  }
}

// Moves the codes of the nodes in a grid window towards x by alpha and
// returns the summed |x - code| of the moved values (FlowSOM's `change`).
// Blocks [b0, b1) of kLanes nodes are visited; a node moves when its grid
// column `col` is in [x0, x1] and its index `idx` in [first, last] (the
// window's rows are contiguous in node order). Other lanes stay bit for bit.
[[gnu::target_clones("avx512f", "avx2", "default")]] double UpdateWindow(
    double* codes, std::size_t stride, std::size_t markers, const double* x, const double* col,
    const double* idx, double x0, double x1, double first, double last, std::size_t b0,
    std::size_t b1, double alpha) {
  double change = 0;
  for (std::size_t b = b0; b < b1; b += kLanes) {
    Lanes c_col, c_idx;
    std::memcpy(&c_col, col + b, sizeof c_col);
    std::memcpy(&c_idx, idx + b, sizeof c_idx);
    const Bits in = (c_col >= x0) & (c_col <= x1) & (c_idx >= first) & (c_idx <= last);
    // A lane outside the window adds -0.0, which leaves every double (and
    // -0.0) unchanged, even when t is not finite. No `in ? a : b` and no
    // (a & m) | (b & ~m): GCC 12 turns both into a select it scalarises.
    // Vector casts keep the bits.
    const Bits keep = in | kSignBit, out_sign = ~in & kSignBit, magnitude = in & ~kSignBit;
    Lanes moved = {};
    for (std::size_t j = 0; j < markers; ++j) {
      double* at = codes + j * stride + b;
      Lanes c;
      std::memcpy(&c, at, sizeof c);
      const Lanes t = x[j] - c;
      c += (Lanes)(((Bits)(t * alpha) | out_sign) & keep);  // c + t * alpha in the window
      std::memcpy(at, &c, sizeof c);
      moved += (Lanes)((Bits)t & magnitude);
    }
    for (std::size_t l = 0; l < kLanes; ++l) change += moved[l];
  }
  return change;
}

// The codes, marker-major, nodes padded to a multiple of kLanes.
class CodeBook {
 public:
  CodeBook(const std::vector<double>& rows, std::size_t nodes, std::size_t markers)
      : nodes_(nodes),
        markers_(markers),
        stride_((nodes + kLanes - 1) / kLanes * kLanes),
        t_(markers * stride_, 0.0) {
    for (std::size_t c = 0; c < nodes; ++c) {
      for (std::size_t j = 0; j < markers; ++j) t_[j * stride_ + c] = rows[c * markers + j];
    }
  }
  std::vector<double> ToRows() const {
    std::vector<double> rows(nodes_ * markers_);
    for (std::size_t c = 0; c < nodes_; ++c) {
      for (std::size_t j = 0; j < markers_; ++j) rows[c * markers_ + j] = t_[j * stride_ + c];
    }
    return rows;
  }
  std::size_t stride() const { return stride_; }
  double* data() { return t_.data(); }
  // Nearest node (first on ties; node 0 when every distance is NaN), as the
  // scalar search over nodes. `dist` holds stride() doubles.
  std::size_t Nearest(const double* x, double* dist) const {
    NodeDistances(t_.data(), stride_, markers_, x, dist);
    std::size_t best = 0;
    double best_d = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < nodes_; ++c) {
      if (dist[c] < best_d) {
        best_d = dist[c];
        best = c;
      }
    }
    return best;
  }

 private:
  std::size_t nodes_, markers_, stride_;
  std::vector<double> t_;
};

// R's quantile(type = 7).
double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= v.size()) return v.back();
  return v[lo] + (h - static_cast<double>(lo)) * (v[lo + 1] - v[lo]);
}

std::size_t Chebyshev(const Som& som, std::size_t a, std::size_t b) {
  const std::size_t dx = som.x(a) > som.x(b) ? som.x(a) - som.x(b) : som.x(b) - som.x(a);
  const std::size_t dy = som.y(a) > som.y(b) ? som.y(a) - som.y(b) : som.y(b) - som.y(a);
  return std::max(dx, dy);
}

// FlowSOM's default start radius: the 0.67 quantile of all grid distances.
double DefaultRadius(const Som& som) {
  const std::size_t nodes = som.nodes();
  std::vector<double> grid(nodes * nodes);
  for (std::size_t a = 0; a < nodes; ++a) {
    for (std::size_t b = 0; b < nodes; ++b)
      grid[a * nodes + b] = static_cast<double>(Chebyshev(som, a, b));
  }
  return Quantile(std::move(grid), kRadiusQuantile);
}

// Grid rectangle of the nodes within Chebyshev `radius` of `node`: grid
// distances are integers, so d <= radius iff d <= floor(radius).
struct Window {
  std::size_t x0, x1, y0, y1;  // inclusive
};
Window Neighbourhood(const Som& som, std::size_t node, double radius) {
  const double cap = static_cast<double>(std::max(som.xdim, som.ydim));
  const auto r = static_cast<std::size_t>(std::floor(std::min(radius, cap)));
  const std::size_t x = som.x(node), y = som.y(node);
  return {x > r ? x - r : 0, std::min(som.xdim - 1, x + r), y > r ? y - r : 0,
          std::min(som.ydim - 1, y + r)};
}

// FlowSOM som.c (after kohonen's online SOM): rlen * n updates, each at a
// uniformly drawn event; the winner's neighbourhood (Chebyshev radius, a
// "bubble") moves towards the event by alpha. Returns the updates done.
std::size_t TrainOnline(const Matrix& data, const SomOptions& o, Som& som, CodeBook& book,
                        core::Rng& rng) {
  const std::size_t n = data.rows, p = data.cols;
  const std::size_t niter = o.rlen * n;
  std::vector<double> dist(book.stride());
  // Grid column and index of every (padded) node, for UpdateWindow's masks.
  std::vector<double> col(book.stride(), -1.0), idx(book.stride(), -1.0);
  for (std::size_t c = 0; c < som.nodes(); ++c) {
    col[c] = static_cast<double>(som.x(c));
    idx[c] = static_cast<double>(c);
  }
  double threshold = som.radius_start;
  const double step = (som.radius_start - o.radius_end) / static_cast<double>(niter);
  double change = 1.0;
  std::size_t k = 0;
  for (; k < niter; ++k) {
    // FlowSOM som.c: stop after a pass whose summed |update| is below 1
    // (som.c sums integer-truncated abs(); we sum the real magnitudes).
    if (k % n == 0) {
      if (change < 1) break;
      change = 0;
    }
    const double* x = data.row(static_cast<std::size_t>(rng.Below(n)));
    const std::size_t nearest = book.Nearest(x, dist.data());
    if (threshold < 1.0) threshold = kMinRadius;
    const double alpha = o.alpha_start - (o.alpha_start - o.alpha_end) * static_cast<double>(k) /
                                             static_cast<double>(niter);
    const Window w = Neighbourhood(som, nearest, threshold);
    const std::size_t first = w.x0 + som.xdim * w.y0, last = w.x1 + som.xdim * w.y1;
    change += UpdateWindow(book.data(), book.stride(), p, x, col.data(), idx.data(),
                           static_cast<double>(w.x0), static_cast<double>(w.x1),
                           static_cast<double>(first), static_cast<double>(last),
                           first / kLanes * kLanes, (last / kLanes + 1) * kLanes, alpha);
    threshold -= step;
  }
  return k;
}

// One batch epoch's per-node sums and counts, added block by block.
struct NodeSums {
  std::vector<double> sum;    // nodes x markers
  std::vector<double> count;  // nodes
};

NodeSums SumByWinner(const Matrix& data, const CodeBook& book, std::size_t nodes, int threads) {
  const std::size_t n = data.rows, p = data.cols;
  const std::size_t block = std::max(kMinBatchBlock, (n + kMaxBatchBlocks - 1) / kMaxBatchBlocks);
  const std::size_t blocks = (n + block - 1) / block;
  std::vector<NodeSums> partial(blocks);
  internal::ParallelBlocks(blocks, threads, [&](std::size_t begin, std::size_t end, std::size_t) {
    std::vector<double> dist(book.stride());
    for (std::size_t b = begin; b < end; ++b) {
      NodeSums& s = partial[b];
      s.sum.assign(nodes * p, 0.0);
      s.count.assign(nodes, 0.0);
      for (std::size_t i = b * block; i < std::min(n, (b + 1) * block); ++i) {
        const double* x = data.row(i);
        const std::size_t c = book.Nearest(x, dist.data());
        s.count[c] += 1;
        for (std::size_t j = 0; j < p; ++j) s.sum[c * p + j] += x[j];
      }
    }
  });
  NodeSums total{std::vector<double>(nodes * p, 0.0), std::vector<double>(nodes, 0.0)};
  for (const NodeSums& s : partial) {
    for (std::size_t i = 0; i < total.sum.size(); ++i) total.sum[i] += s.sum[i];
    for (std::size_t c = 0; c < nodes; ++c) total.count[c] += s.count[c];
  }
  return total;
}

// Batch SOM (Kohonen's batch map; kohonen's supersom(mode = "batch"/
// "pbatch"), Wehrens & Kruisselbrink 2018, J Stat Softw 87(7)): each epoch
// maps every event to its winner, then sets each code to the mean of the
// events whose winner lies within the radius (bubble neighbourhood; codes
// with no such event stay). The radius falls linearly over the epochs as
// FlowSOM's does over the updates, 0.5 once below 1. Returns the epochs.
std::size_t TrainBatch(const Matrix& data, const SomOptions& o, Som& som, CodeBook& book) {
  const std::size_t nodes = som.nodes(), p = data.cols;
  for (std::size_t e = 0; e < o.rlen; ++e) {
    double radius = som.radius_start - (som.radius_start - o.radius_end) * static_cast<double>(e) /
                                           static_cast<double>(o.rlen);
    if (radius < 1.0) radius = kMinRadius;
    const NodeSums s = SumByWinner(data, book, nodes, o.threads);
    std::vector<double> next(p);
    std::vector<double> rows = book.ToRows();
    for (std::size_t c = 0; c < nodes; ++c) {
      const Window w = Neighbourhood(som, c, radius);
      std::fill(next.begin(), next.end(), 0.0);
      double count = 0;
      for (std::size_t y = w.y0; y <= w.y1; ++y) {
        for (std::size_t x = w.x0; x <= w.x1; ++x) {
          const std::size_t v = x + som.xdim * y;
          count += s.count[v];
          for (std::size_t j = 0; j < p; ++j) next[j] += s.sum[v * p + j];
        }
      }
      if (count == 0) continue;
      for (std::size_t j = 0; j < p; ++j) rows[c * p + j] = next[j] / count;
    }
    book = CodeBook(rows, nodes, p);
  }
  return o.rlen;
}

}  // namespace

Som FitSom(const Matrix& data, const SomOptions& o) {
  if (o.xdim == 0 || o.ydim == 0 || o.rlen == 0) {
    throw Error(ErrorCode::kInvalidArgument, "SOM grid and rlen must be positive");
  }
  if (!(o.alpha_start > 0) || !(o.alpha_end >= 0)) {
    throw Error(ErrorCode::kInvalidArgument, "SOM learning rates must be positive");
  }
  Som som;
  som.xdim = o.xdim;
  som.ydim = o.ydim;
  som.markers = data.cols;
  som.mode = o.mode;
  const std::size_t nodes = som.nodes(), n = data.rows, p = data.cols;
  if (n < nodes) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{} events for a {}x{} map: need at least one event per node", n,
                            o.xdim, o.ydim));
  }
  core::Rng rng(o.seed);
  // Codes start at distinct random events (FlowSOM: data[sample(n, nodes), ]).
  std::vector<std::size_t> pick(n);
  std::iota(pick.begin(), pick.end(), std::size_t{0});
  std::vector<double> codes(nodes * p);
  for (std::size_t c = 0; c < nodes; ++c) {
    std::swap(pick[c], pick[c + static_cast<std::size_t>(rng.Below(n - c))]);
    std::copy_n(data.row(pick[c]), p, codes.begin() + static_cast<std::ptrdiff_t>(c * p));
  }
  som.radius_start = o.radius_start > 0 ? o.radius_start : DefaultRadius(som);
  CodeBook book(codes, nodes, p);
  som.iterations = o.mode == SomMode::kBatch ? TrainBatch(data, o, som, book)
                                             : TrainOnline(data, o, som, book, rng);
  som.codes = book.ToRows();
  return som;
}

std::vector<int> MapToNodes(const Som& som, const Matrix& data, int threads) {
  if (data.cols != som.markers) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{} markers for a map of {}", data.cols, som.markers));
  }
  const CodeBook book(som.codes, som.nodes(), som.markers);
  std::vector<int> out(data.rows);
  internal::ParallelBlocks(data.rows, threads,
                           [&](std::size_t begin, std::size_t end, std::size_t) {
                             std::vector<double> dist(book.stride());
                             for (std::size_t i = begin; i < end; ++i)
                               out[i] = static_cast<int>(book.Nearest(data.row(i), dist.data()));
                           });
  return out;
}

}  // namespace pioneer::cytometry
