// Internal: contiguous blocks of work on a few threads (no pool; the
// callers run a handful of large blocks).
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace pioneer::cytometry::internal {

// Runs body(begin, end, block) on `threads` contiguous blocks of [0, n).
template <typename Body>
void ParallelBlocks(std::size_t n, int threads, Body body) {
  const std::size_t t = std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), n));
  if (t == 1) {
    body(std::size_t{0}, n, std::size_t{0});
    return;
  }
  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < t; ++i) {
    pool.emplace_back([&, i] { body(n * i / t, n * (i + 1) / t, i); });
  }
  for (std::thread& th : pool) th.join();
}

}  // namespace pioneer::cytometry::internal
