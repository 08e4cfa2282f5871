// Internal: sorting survival records by time. Every survival routine starts
// with this sort, and for a million rows a comparison sort was a third of a
// Kaplan-Meier or log-rank analysis; an LSD radix sort on the time's bits is
// ~3x faster and stable. Times are finite (SurvivalData::Validate).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace pioneer::stats::internal {

// The order-preserving unsigned image of a double: negative values have all
// bits flipped, positive ones only the sign bit (-0.0 lands just below +0.0).
inline std::uint64_t OrderedBits(double x) {
  const auto u = std::bit_cast<std::uint64_t>(x);
  return (u >> 63) != 0 ? ~u : u | (std::uint64_t{1} << 63);
}

// Stable sort of `records` by `record.time` (a double member), ascending.
template <typename Record>
void SortByTime(std::vector<Record>& records) {
  constexpr int kDigitBits = 11, kPasses = 6;  // 6 x 11 bits >= 64
  constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
  if (records.size() < 2) return;
  // All digit histograms in one read of the data.
  std::vector<std::array<std::size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (const Record& r : records) {
    const std::uint64_t key = OrderedBits(r.time);
    for (int p = 0; p < kPasses; ++p) ++counts[p][(key >> (p * kDigitBits)) & (kBuckets - 1)];
  }
  std::vector<Record> buffer(records.size());
  for (int p = 0; p < kPasses; ++p) {
    auto& count = counts[p];
    // A digit every key shares (the high bits of times of one magnitude) moves nothing.
    const std::uint64_t first = (OrderedBits(records[0].time) >> (p * kDigitBits)) & (kBuckets - 1);
    if (count[first] == records.size()) continue;
    std::size_t offset = 0;
    for (std::size_t& c : count) offset += std::exchange(c, offset);
    for (const Record& r : records) {
      buffer[count[(OrderedBits(r.time) >> (p * kDigitBits)) & (kBuckets - 1)]++] = r;
    }
    records.swap(buffer);
  }
}

}  // namespace pioneer::stats::internal
