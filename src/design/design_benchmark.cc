// Benchmarks of the design module (issue 20 targets: the Simon search for
// n <= 100 under 1 s; 100,000 BOIN trials with 5 doses under 5 s on one
// core). Each benchmark checks its answer before timing.
#include <benchmark/benchmark.h>

#include "pioneer/design/group_sequential.h"
#include "pioneer/design/simon.h"
#include "pioneer/design/simulate.h"

namespace pioneer::design {
namespace {

void BM_SimonSearch(benchmark::State& state) {
  const SimonOptions o{0.1, 0.3, 0.05, 0.2, static_cast<int>(state.range(0))};
  if (Simon(o).optimal.n != 29) state.SkipWithError("wrong optimal design");
  for (auto _ : state) benchmark::DoNotOptimize(Simon(o));
}
BENCHMARK(BM_SimonSearch)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_BoinTrials(benchmark::State& state) {
  BoinSimulationOptions o;
  o.design.target = 0.3;
  o.design.ncohort = 10;
  o.design.cohortsize = 3;
  o.truth = {0.05, 0.15, 0.3, 0.45, 0.6};
  o.control = {state.range(0), 6, 1};  // one thread
  for (auto _ : state) benchmark::DoNotOptimize(SimulateBoin(o));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BoinTrials)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_GroupSequential(benchmark::State& state) {
  GsOptions o;
  o.looks = {0.25, 0.5, 0.75, 1};
  o.hazard_ratio = 0.7;
  for (auto _ : state) benchmark::DoNotOptimize(GroupSequential(o));
}
BENCHMARK(BM_GroupSequential)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pioneer::design
