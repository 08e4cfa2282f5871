// File: src/biomarkers/gsva_kernel.cc
// Fast GSVA kernels (see gsva_kernel.h for what is kept identical to GSVA).
#include "gsva_kernel.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PIONEER_GSVA_X86 1
#endif

namespace pioneer::biomarkers {
namespace generated {
extern const double kGsvaCdfTable[10001];
}  // namespace generated

namespace detail {
namespace {

const double* const kTable = generated::kGsvaCdfTable;

// The table index is computed as |d| * (1000 / bw) instead of GSVA's
// ((|d| / bw) / 10) * 10000: the two differ by a few ulps (< 1e-11 below
// 10^4), so they give the same integer part unless the product lies within
// kIntegerMargin of an integer, in which case GSVA's operations are redone.
constexpr double kIntegerMargin = 1e-10;

// First table index from which every entry is exactly 1.0 (pnorm rounds to
// 1 in double beyond ~8.3): pairs at or beyond it contribute exactly 1 (or
// 1 - 1 = 0 in the other direction), like the pairs beyond the table.
int SaturationIndex() {
  static const int k = [] {
    int i = 10000;
    while (i > 0 && kTable[i - 1] == 1.0) --i;
    return i;
  }();
  return k;
}

// Table entry of the pair at difference d >= 0 (u = d * scale).
inline double PairEntry(double d, double scale, double bw) {
  const double u = d * scale;
  const double whole = std::floor(u);
  const double fraction = u - whole;
  if (u == 0.0 || (fraction > kIntegerMargin && fraction < 1.0 - kIntegerMargin)) {
    return kTable[static_cast<int>(whole)];
  }
  return GsvaPairCdf(d, bw);
}

// Pairs (p, q), q in [lo, p) of the sorted values: adds each entry t to the
// returned sum (for p) and 1 - t to sum[q].
double WindowScalar(const double* s, std::size_t lo, std::size_t p, double scale, double bw,
                    double* sum) {
  const double sp = s[p];
  double acc = 0;
  for (std::size_t q = lo; q < p; ++q) {
    const double t = PairEntry(sp - s[q], scale, bw);
    acc += t;
    sum[q] += 1.0 - t;
  }
  return acc;
}

#ifdef PIONEER_GSVA_X86
__attribute__((target("avx2"))) double WindowAvx2(const double* s, std::size_t lo, std::size_t p,
                                                  double scale, double bw, double* sum) {
  const double sp = s[p];
  const __m256d vsp = _mm256_set1_pd(sp);
  const __m256d vscale = _mm256_set1_pd(scale);
  const __m256d low = _mm256_set1_pd(kIntegerMargin);
  const __m256d high = _mm256_set1_pd(1.0 - kIntegerMargin);
  const __m256d zero = _mm256_setzero_pd();
  const __m256d one = _mm256_set1_pd(1.0);
  const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  __m256d acc = zero;
  std::size_t q = lo;
  for (; q + 4 <= p; q += 4) {
    const __m256d d = _mm256_sub_pd(vsp, _mm256_loadu_pd(s + q));
    const __m256d u = _mm256_mul_pd(d, vscale);
    const __m256d whole = _mm256_floor_pd(u);
    const __m256d fraction = _mm256_sub_pd(u, whole);
    __m256d safe = _mm256_and_pd(_mm256_cmp_pd(fraction, low, _CMP_GT_OQ),
                                 _mm256_cmp_pd(fraction, high, _CMP_LT_OQ));
    safe = _mm256_or_pd(safe, _mm256_cmp_pd(u, zero, _CMP_EQ_OQ));
    __m256d t;
    if (_mm256_movemask_pd(safe) == 0xF) {
      // The masked form: GCC 12's _mm256_i32gather_pd trips -Wmaybe-uninitialized.
      t = _mm256_mask_i32gather_pd(zero, kTable, _mm256_cvttpd_epi32(whole), all, 8);
    } else {
      alignas(32) double lane[4];
      _mm256_store_pd(lane, d);
      for (double& v : lane) v = PairEntry(v, scale, bw);
      t = _mm256_load_pd(lane);
    }
    acc = _mm256_add_pd(acc, t);
    _mm256_storeu_pd(sum + q, _mm256_add_pd(_mm256_loadu_pd(sum + q), _mm256_sub_pd(one, t)));
  }
  alignas(32) double parts[4];
  _mm256_store_pd(parts, acc);
  double total = (parts[0] + parts[1]) + (parts[2] + parts[3]);
  for (; q < p; ++q) {
    const double t = PairEntry(sp - s[q], scale, bw);
    total += t;
    sum[q] += 1.0 - t;
  }
  return total;
}
#endif

bool UseAvx2(Isa isa) {
  if (isa == Isa::kScalar) return false;
  return HasAvx2();
}

// Order-preserving unsigned key of a double (-0.0 mapped to 0.0).
inline std::uint64_t OrderedKey(double v) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(v + 0.0);
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  return (bits & kSign) ? ~bits : (bits | kSign);
}

}  // namespace

double GsvaPairCdf(double d, double bw) {
  const double v = d / bw;
  if (v < -10.0) return 0.0;
  if (v > 10.0) return 1.0;
  const double cdf = kTable[static_cast<int>(std::fabs(v) / 10.0 * 10000.0)];
  return v < 0 ? 1.0 - cdf : cdf;
}

bool HasAvx2() {
#ifdef PIONEER_GSVA_X86
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

void RankOrder(const double* values, std::size_t n, bool descending,
               std::vector<std::uint32_t>& order, DensityScratch& scratch) {
  std::vector<std::uint64_t>& keys = scratch.keys;
  std::vector<std::uint64_t>& keys2 = scratch.keys2;
  std::vector<std::uint32_t>& order2 = scratch.order2;
  keys.resize(n);
  keys2.resize(n);
  order.resize(n);
  order2.resize(n);
  std::array<std::array<std::uint32_t, 256>, 8> count{};
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t key = OrderedKey(values[i]);
    if (descending) key = ~key;
    keys[i] = key;
    order[i] = static_cast<std::uint32_t>(i);
    for (int b = 0; b < 8; ++b) ++count[b][(key >> (8 * b)) & 0xFF];
  }
  // Least significant byte first; each pass is stable, so equal keys keep
  // index order. Bytes shared by every key are skipped.
  for (int b = 0; b < 8; ++b) {
    std::array<std::uint32_t, 256>& c = count[b];
    if (c[(keys[0] >> (8 * b)) & 0xFF] == n) continue;
    std::uint32_t start = 0;
    for (std::uint32_t& v : c) start += std::exchange(v, start);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t slot = c[(keys[i] >> (8 * b)) & 0xFF]++;
      keys2[slot] = keys[i];
      order2[slot] = order[i];
    }
    keys.swap(keys2);
    order.swap(order2);
  }
}

void GaussianRowDensity(const double* x, std::size_t n, double bw, double* out,
                        std::uint8_t* order_free, DensityScratch& scratch, Isa isa) {
  if (n == 0) return;
  std::vector<std::uint32_t> order;
  order.swap(scratch.order);
  RankOrder(x, n, false, order, scratch);
  std::vector<double>& s = scratch.sorted;
  std::vector<double>& sum = scratch.sum;
  s.resize(n);
  sum.assign(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) s[k] = x[order[k]];
  const double scale = 1000.0 / bw;  // |v| / 10 * 10000 = |d| * 1000 / bw
  // Pairs with u >= limit have a true index >= SaturationIndex(): entry 1.0.
  const double limit = static_cast<double>(SaturationIndex()) + 1.0;
  const bool avx2 = UseAvx2(isa);
  std::size_t lo = 0, hi = 0;
  for (std::size_t p = 0; p < n; ++p) {
    while ((s[p] - s[lo]) * scale >= limit) ++lo;
    if (order_free != nullptr) {
      // Every pair of the window [lo, hi] has index 0 (entry 0.5); beyond it 0 or 1.
      hi = std::max(hi, p);
      while (hi + 1 < n && (s[hi + 1] - s[p]) * scale < limit) ++hi;
      const double below = (s[p] - s[lo]) * scale, above = (s[hi] - s[p]) * scale;
      order_free[order[p]] = below < 1.0 - kIntegerMargin && above < 1.0 - kIntegerMargin;
    }
    double window = 0;
#ifdef PIONEER_GSVA_X86
    window = avx2 ? WindowAvx2(s.data(), lo, p, scale, bw, sum.data())
                  : WindowScalar(s.data(), lo, p, scale, bw, sum.data());
#else
    (void)avx2;
    window = WindowScalar(s.data(), lo, p, scale, bw, sum.data());
#endif
    // lo saturated pairs below (1 each), the pair with itself (table[0]).
    sum[p] += static_cast<double>(lo) + kTable[0] + window;
  }
  const double nd = static_cast<double>(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double left_tail = sum[k] / nd;
    out[order[k]] = -std::log((1.0 - left_tail) / left_tail);
  }
  order.swap(scratch.order);
}

double GaussianDensityInROrder(const double* x, std::size_t n, double bw, std::size_t j) {
  double left_tail = 0;
  for (std::size_t i = 0; i < n; ++i) left_tail += GsvaPairCdf(x[j] - x[i], bw);
  left_tail = left_tail / static_cast<double>(n);
  return -1.0 * std::log((1.0 - left_tail) / left_tail);
}

void GaussianRowDensityReference(const double* x, std::size_t n, double bw, double* out) {
  for (std::size_t j = 0; j < n; ++j) out[j] = GaussianDensityInROrder(x, n, bw, j);
}

double DensityOrderTolerance(std::size_t n) {
  const double nd = static_cast<double>(n);
  return 16.0 * nd * nd * std::numeric_limits<double>::epsilon();
}

}  // namespace detail
}  // namespace pioneer::biomarkers
