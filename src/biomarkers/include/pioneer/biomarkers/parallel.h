// File: pioneer/biomarkers/parallel.h
// ParallelFor: static chunking over std::thread (no pool: the kernels are
// coarse, one call per analysis).
#pragma once

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace pioneer::biomarkers {

template <typename F>
void ParallelFor(std::size_t n, int threads, F fn) {
  const std::size_t t = std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), n));
  if (t <= 1) {
    if (n > 0) fn(std::size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(t);
  for (std::size_t i = 0; i < t; ++i) {
    const std::size_t begin = n * i / t;
    const std::size_t end = n * (i + 1) / t;
    pool.emplace_back([&, i, begin, end] {
      try {
        fn(begin, end);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (std::thread& th : pool) th.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace pioneer::biomarkers
