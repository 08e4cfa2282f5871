// File: src/design/trials.h (private)
// Runs independent simulated trials on threads. Each trial reports a fixed
// number of integer quantities; the runner keeps their sums, sums of
// squares and one cross product, all integers, so the totals do not depend
// on the number of threads or on how trials were split among them.
#pragma once

#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include "pioneer/design/simulate.h"

namespace pioneer::design {

struct TrialSums {
  std::vector<std::int64_t> sum, sum_sq;
  std::int64_t cross = 0;  // sum over trials of q[cross_a] * q[cross_b]
  explicit TrialSums(std::size_t q = 0) : sum(q, 0), sum_sq(q, 0) {}
  void Add(const std::vector<std::int64_t>& q, std::size_t a, std::size_t b) {
    for (std::size_t i = 0; i < q.size(); ++i) sum[i] += q[i], sum_sq[i] += q[i] * q[i];
    cross += q[a] * q[b];
  }
  void Merge(const TrialSums& o) {
    for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += o.sum[i], sum_sq[i] += o.sum_sq[i];
    cross += o.cross;
  }
  // Mean of quantity i over n trials and its standard error.
  McEstimate Estimate(std::size_t i, std::int64_t n) const {
    const double mean = static_cast<double>(sum[i]) / n;
    const double var = n > 1 ? (static_cast<double>(sum_sq[i]) - mean * sum[i]) / (n - 1) : 0;
    return {mean, std::sqrt(std::max(var, 0.0) / n)};
  }
};

// make() gives each thread its own trial runner; runner(trial, q) fills q.
template <class MakeRunner>
TrialSums RunTrials(const SimulationControl& c, std::size_t quantities, std::size_t cross_a,
                    std::size_t cross_b, MakeRunner make) {
  int threads = c.threads > 0 ? c.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, static_cast<int>(std::min<std::int64_t>(threads, c.trials)));
  std::vector<TrialSums> parts(threads, TrialSums(quantities));
  const auto work = [&](int t) {
    auto runner = make();
    std::vector<std::int64_t> q(quantities);
    const std::int64_t begin = c.trials * t / threads, end = c.trials * (t + 1) / threads;
    for (std::int64_t i = begin; i < end; ++i) {
      runner(i, q);
      parts[t].Add(q, cross_a, cross_b);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& th : pool) th.join();
  for (int t = 1; t < threads; ++t) parts[0].Merge(parts[t]);
  return parts[0];
}

}  // namespace pioneer::design
