// FlowSOM's minimum spanning tree and its Kamada-Kawai drawing (tree.h).
#include "pioneer/cytometry/tree.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pioneer::cytometry {
namespace {

double CodeDistance(const Som& som, std::size_t a, std::size_t b) {
  double s = 0;
  for (std::size_t m = 0; m < som.markers; ++m) {
    const double d = som.codes[a * som.markers + m] - som.codes[b * som.markers + m];
    s += d * d;
  }
  return std::sqrt(s);
}

// Path lengths along the tree between all pairs (a tree: one walk per root).
std::vector<std::vector<double>> PathLengths(
    const Som& som, const std::vector<std::pair<std::size_t, std::size_t>>& edges) {
  const std::size_t n = som.nodes();
  std::vector<std::vector<std::pair<std::size_t, double>>> next(n);
  for (const auto& [a, b] : edges) {
    const double d = CodeDistance(som, a, b);
    next[a].push_back({b, d});
    next[b].push_back({a, d});
  }
  std::vector<std::vector<double>> out(n, std::vector<double>(n, 0.0));
  for (std::size_t root = 0; root < n; ++root) {
    std::vector<std::size_t> stack = {root};
    std::vector<char> seen(n, 0);
    seen[root] = 1;
    while (!stack.empty()) {
      const std::size_t v = stack.back();
      stack.pop_back();
      for (const auto& [u, d] : next[v]) {
        if (seen[u]) continue;
        seen[u] = 1;
        out[root][u] = out[root][v] + d;
        stack.push_back(u);
      }
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> MinimumSpanningTree(const Som& som) {
  const std::size_t n = som.nodes();
  std::vector<char> in(n, 0);
  std::vector<double> best(n, std::numeric_limits<double>::infinity());
  std::vector<std::size_t> from(n, 0);
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  std::size_t v = 0;
  for (std::size_t added = 1; added <= n; ++added) {
    in[v] = 1;
    if (added > 1) edges.emplace_back(std::min(v, from[v]), std::max(v, from[v]));
    if (added == n) break;
    for (std::size_t u = 0; u < n; ++u) {
      if (in[u]) continue;
      const double d = CodeDistance(som, v, u);
      if (d < best[u]) best[u] = d, from[u] = v;
    }
    std::size_t pick = n;
    for (std::size_t u = 0; u < n; ++u) {
      if (!in[u] && (pick == n || best[u] < best[pick])) pick = u;
    }
    v = pick;
  }
  return edges;
}

// Stress sum_{i<j} w_ij (|x_i - x_j| - d_ij)^2 with w = d^-2 (Kamada-Kawai's
// energy), minimised by the majorization update of Gansner et al. (2004).
SomTree BuildTree(const Som& som) {
  SomTree t{MinimumSpanningTree(som), {}, {}};
  const std::size_t n = som.nodes();
  const std::vector<std::vector<double>> d = PathLengths(som, t.edges);
  double scale = 0;  // grid start scaled to the tree's size
  for (const auto& row : d)
    for (double v : row) scale = std::max(scale, v);
  scale /= static_cast<double>(std::max<std::size_t>(1, std::max(som.xdim, som.ydim)));
  for (std::size_t i = 0; i < n; ++i) {
    t.x.push_back(scale * static_cast<double>(som.x(i)));
    t.y.push_back(scale * static_cast<double>(som.y(i)));
  }
  for (int iteration = 0; iteration < 500; ++iteration) {
    double moved = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double sx = 0, sy = 0, sw = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i || d[i][j] <= 0) continue;
        const double w = 1 / (d[i][j] * d[i][j]);
        const double dx = t.x[i] - t.x[j], dy = t.y[i] - t.y[j];
        const double len = std::hypot(dx, dy);
        const double pull = len > 0 ? d[i][j] / len : 0;
        sx += w * (t.x[j] + pull * dx);
        sy += w * (t.y[j] + pull * dy);
        sw += w;
      }
      if (sw == 0) continue;
      moved = std::max(moved, std::hypot(sx / sw - t.x[i], sy / sw - t.y[i]));
      t.x[i] = sx / sw;
      t.y[i] = sy / sw;
    }
    if (moved < 1e-6 * scale) break;
  }
  return t;
}

}  // namespace pioneer::cytometry
