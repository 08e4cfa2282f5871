// Google Benchmark of the elastic-net paths on seeded synthetic data (p > n,
// as the expression designs of issue 5), and of the Cox coordinate update
// (cox_kernel.h) alone. bench/models.sh times the same paths against glmnet.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "cox_kernel.h"
#include "pioneer/core/rng.h"
#include "pioneer/models/glmnet.h"

namespace pioneer::models {
namespace {

struct Synthetic {
  Eigen::MatrixXd x;
  std::vector<double> y;
  stats::SurvivalData survival;
  std::vector<std::string> features;
};

// Ten true effects of 0.3, as bench/models.sh; times to 2 decimals (ties).
Synthetic Make(Eigen::Index n, Eigen::Index p) {
  core::Rng rng(20261129);
  Synthetic s{Eigen::MatrixXd(n, p), {}, {}, {}};
  for (Eigen::Index j = 0; j < p; ++j) {
    s.features.push_back("x" + std::to_string(j + 1));
    for (Eigen::Index i = 0; i < n; ++i) s.x(i, j) = rng.Normal();
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    double eta = 0;
    for (Eigen::Index j = 0; j < std::min<Eigen::Index>(10, p); ++j) eta += 0.3 * s.x(i, j);
    s.survival.time.push_back(std::round(rng.Exponential(std::exp(eta)) * 100) / 100 + 0.01);
    s.survival.event.push_back(rng.Uniform() < 0.7);
    s.y.push_back(rng.Uniform() < 1 / (1 + std::exp(-eta)) ? 1 : 0);
  }
  return s;
}

void BM_CoxLassoPath(benchmark::State& state) {
  const Synthetic s = Make(state.range(0), state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(FitCoxPath(s.x, s.survival, s.features));
}
BENCHMARK(BM_CoxLassoPath)->Args({500, 2000})->Unit(benchmark::kMillisecond);

void BM_BinomialLassoPath(benchmark::State& state) {
  const Synthetic s = Make(state.range(0), state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(FitBinomialPath(s.x, s.y, s.features));
}
BENCHMARK(BM_BinomialLassoPath)->Args({500, 2000})->Unit(benchmark::kMillisecond);

// One coordinate update of the Cox model (gradient pass, step) per column,
// cycling over `columns` columns of n rows: in cache, then streamed.
void BM_CoxCoordinateUpdate(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0)),
             columns = static_cast<std::size_t>(state.range(1));
  const std::size_t steps = cox_kernel::Steps(n), size = steps * cox_kernel::kLanes;
  core::Rng rng(7);
  std::vector<double> x(size * columns), e(size), w(size), c(size), g(size);
  for (double& v : x) v = rng.Normal();
  for (std::size_t r = 0; r < size; ++r) {
    e[r] = std::exp(0.3 * rng.Normal());
    w[r] = 1e-3 * rng.Uniform();
    c[r] = rng.Uniform() < 0.7 ? 1e-7 : 0;
    g[r] = 1e-3 * rng.Normal();
  }
  cox_kernel::Model model;
  model.Reset(e.data(), w.data(), c.data(), g.data(), steps);
  std::size_t j = 0;
  for (auto _ : state) {
    const double* column = &x[j * size];
    j = (j + 1) % columns;
    benchmark::DoNotOptimize(model.Gradient(column, &x[j * size]));
    model.Step(1e-9, column);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_CoxCoordinateUpdate)->Args({2000, 16})->Args({2000, 2000});

}  // namespace
}  // namespace pioneer::models
