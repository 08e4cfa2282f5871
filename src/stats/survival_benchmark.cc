// Google Benchmark of the survival kernels on seeded synthetic data:
// Kaplan-Meier, log-rank, Cox Efron fit (with concordance) and concordance.
#include <benchmark/benchmark.h>

#include <cmath>

#include "pioneer/core/rng.h"
#include "pioneer/stats/cox.h"
#include "pioneer/stats/km.h"
#include "pioneer/stats/logrank.h"

namespace pioneer::stats {
namespace {

struct Synthetic {
  SurvivalData data;
  Factor group;
  std::vector<CoxCovariate> covariates;
};

Synthetic Make(std::size_t n, std::size_t p) {
  core::Rng rng(20240601);
  Synthetic s;
  std::vector<std::vector<double>> x(p, std::vector<double>(n));
  s.group.levels = {"a", "b"};
  for (std::size_t i = 0; i < n; ++i) {
    double eta = 0;
    for (std::size_t j = 0; j < p; ++j) {
      x[j][i] = rng.Normal(0, 1);
      eta += 0.1 * x[j][i];
    }
    const double t = rng.Exponential(std::exp(eta)), c = rng.Exponential(0.5);
    s.data.time.push_back(std::round(std::min(t, c) * 100) / 100);
    s.data.event.push_back(t <= c);
    s.group.codes.push_back(static_cast<int>(i % 2));
  }
  for (std::size_t j = 0; j < p; ++j) {
    s.covariates.push_back(CoxCovariate::Numeric("x" + std::to_string(j), x[j]));
  }
  return s;
}

void BM_KaplanMeier(benchmark::State& state) {
  const Synthetic s = Make(static_cast<std::size_t>(state.range(0)), 0);
  for (auto _ : state) benchmark::DoNotOptimize(KaplanMeier(s.data, s.group));
}
BENCHMARK(BM_KaplanMeier)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_LogRank(benchmark::State& state) {
  const Synthetic s = Make(static_cast<std::size_t>(state.range(0)), 0);
  for (auto _ : state) benchmark::DoNotOptimize(LogRank(s.data, s.group, Factor{}));
}
BENCHMARK(BM_LogRank)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_CoxEfron(benchmark::State& state) {
  const Synthetic s = Make(100000, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(FitCox(s.data, s.covariates));
}
BENCHMARK(BM_CoxEfron)->Arg(5)->Arg(20)->Unit(benchmark::kMillisecond);

void BM_Concordance(benchmark::State& state) {
  const Synthetic s = Make(static_cast<std::size_t>(state.range(0)), 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ConcordanceIndex(s.data, s.covariates[0].values, Factor{}));
  }
}
BENCHMARK(BM_Concordance)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pioneer::stats
