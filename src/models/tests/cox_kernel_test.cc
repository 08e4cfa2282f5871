// The Cox quadratic model of cox_kernel against the dense Hessian
//   H = diag(w) - sum_b c_b t_b t_b'
// built row by row, on rows that do not fill the last lane chunk, with
// tied-time blocks.
#include "../cox_kernel.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace pioneer::models::cox_kernel {
namespace {

constexpr double kTolerance = 1e-12;

struct Dense {
  std::size_t n, steps;
  std::vector<double> e, w, c, g;  // time order
  std::vector<std::vector<double>> h;

  // Time-order vector -> the interleaved, zero-padded layout.
  std::vector<double> Stored(const std::vector<double>& v) const {
    std::vector<double> out(steps * kLanes, 0.0);
    for (std::size_t k = 0; k < n; ++k) out[Position(k, steps)] = v[k];
    return out;
  }
  double Quadratic(const std::vector<double>& x, const std::vector<double>& y) const {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < n; ++k) s += x[i] * h[i][k] * y[k];
    return s;
  }
};

// Blocks of 1-3 tied rows; c_b at the block's first row when it has deaths.
Dense MakeDense(std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.1, 2.0);
  Dense d{n, Steps(n), {}, {}, std::vector<double>(n, 0.0), {}, {}};
  std::vector<std::size_t> block_start(n);
  for (std::size_t k = 0; k < n;) {
    const std::size_t size = 1 + rng() % 3;
    const bool deaths = rng() % 4 != 0;
    for (std::size_t j = k; j < std::min(n, k + size); ++j) block_start[j] = k;
    if (deaths) d.c[k] = u(rng) / 100;
    k += size;
  }
  for (std::size_t k = 0; k < n; ++k) {
    d.e.push_back(u(rng));
    d.w.push_back(u(rng) / 10);
    d.g.push_back(u(rng) - 1);
  }
  d.h.assign(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    d.h[i][i] = d.w[i];
    for (std::size_t k = 0; k < n; ++k) {
      // Blocks whose risk set holds both rows: starts at or before both.
      for (std::size_t b = 0; b <= std::min(block_start[i], block_start[k]); ++b) {
        if (block_start[b] == b) d.h[i][k] -= d.c[b] * d.e[i] * d.e[k];
      }
    }
  }
  return d;
}

std::vector<double> Random(std::size_t n, std::mt19937_64& rng) {
  std::normal_distribution<double> z;
  std::vector<double> v(n);
  for (double& x : v) x = z(rng);
  return v;
}

TEST(CoxKernel, MatchesTheDenseHessian) {
  std::mt19937_64 rng(11);
  for (std::size_t n : {1, 7, 8, 9, 37, 64}) {
    SCOPED_TRACE(n);
    const Dense d = MakeDense(n, rng);
    const std::vector<double> e = d.Stored(d.e), w = d.Stored(d.w), c = d.Stored(d.c),
                              g = d.Stored(d.g);
    Model model;
    model.Reset(e.data(), w.data(), c.data(), g.data(), d.steps);
    std::vector<double> change(n, 0.0);        // d, in time order
    std::vector<std::vector<double>> columns;  // a step's column must outlive it (Model::Step)
    columns.reserve(6);
    for (int step = 0; step < 6; ++step) {
      const std::vector<double> x = Random(n, rng);
      const std::vector<double>& stored = columns.emplace_back(d.Stored(x));
      EXPECT_NEAR(model.Curvature(stored.data()), d.Quadratic(x, x), kTolerance);
      // x'(g - H d)
      double expected = 0;
      for (std::size_t i = 0; i < n; ++i) expected += x[i] * d.g[i];
      expected -= d.Quadratic(x, change);
      EXPECT_NEAR(model.Gradient(stored.data(), stored.data()), expected, kTolerance) << step;
      const double delta = 0.5 - 0.3 * step;
      model.Step(delta, stored.data());
      for (std::size_t i = 0; i < n; ++i) change[i] += delta * x[i];
    }
  }
}

}  // namespace
}  // namespace pioneer::models::cox_kernel
