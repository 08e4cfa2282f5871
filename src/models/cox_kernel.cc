// Cox running sums, lane by lane (see cox_kernel.h). GCC vector types hold
// the lanes; target_clones adds an AVX2 build of each kernel, chosen
// at load time. Built with -O3 and no FMA contraction: lane-wise arithmetic
// is the same IEEE operations on every build.
#include "cox_kernel.h"

namespace pioneer::models::cox_kernel {
namespace {

// kLanes = 2 x 4 doubles: two independent chains of 256-bit operations.
using Quad = double __attribute__((vector_size(4 * sizeof(double)), aligned(sizeof(double)), may_alias));
static_assert(kLanes == 8);
struct Lanes {
  Quad lo = {}, hi = {};
};

[[gnu::always_inline]] inline Lanes Load(const double* p) {
  return {*reinterpret_cast<const Quad*>(p), *reinterpret_cast<const Quad*>(p + 4)};
}
[[gnu::always_inline]] inline void Store(double* p, Lanes v) {
  *reinterpret_cast<Quad*>(p) = v.lo;
  *reinterpret_cast<Quad*>(p + 4) = v.hi;
}
[[gnu::always_inline]] inline Lanes operator+(Lanes a, Lanes b) { return {a.lo + b.lo, a.hi + b.hi}; }
[[gnu::always_inline]] inline Lanes operator*(Lanes a, Lanes b) { return {a.lo * b.lo, a.hi * b.hi}; }
[[gnu::always_inline]] inline Lanes& operator+=(Lanes& a, Lanes b) { return a = a + b; }
[[gnu::always_inline]] inline double Lane(const Lanes& v, std::size_t l) { return l < 4 ? v.lo[l] : v.hi[l - 4]; }

// Lane l of the result: the sum of e x over the chunks after l, with which
// lane l starts its running sum.
[[gnu::always_inline]] inline Lanes Offsets(const Expansion& at, const double* x) {
  Lanes total;
  for (std::size_t r = 0; r < at.steps * kLanes; r += kLanes) total += Load(at.e + r) * Load(x + r);
  double offset[kLanes] = {};
  for (std::size_t l = kLanes - 1; l-- > 0;) offset[l] = offset[l + 1] + Lane(total, l + 1);
  return Load(offset);
}

[[gnu::always_inline]] inline double Sum(const Lanes& v) {
  double s = 0;
  for (std::size_t l = 0; l < kLanes; ++l) s += Lane(v, l);
  return s;
}

}  // namespace

[[gnu::target_clones("avx2", "default")]] double Curvature(const Expansion& at, const double* x) {
  Lanes t = Offsets(at, x), diagonal, risk;
  for (std::size_t r = at.steps * kLanes; r > 0;) {
    r -= kLanes;
    const Lanes xr = Load(x + r);
    t += Load(at.e + r) * xr;
    diagonal += Load(at.w + r) * xr * xr;
    risk += Load(at.c + r) * t * t;
  }
  return Sum(diagonal) - Sum(risk);
}

[[gnu::target_clones("avx2", "default")]] double ModelGradient(const Expansion& at, const double* x, const double* base,
                                                              const double* risk_change, double* suffix,
                                                              const double* next) {
  Lanes t = Offsets(at, x), dot, risk;
  for (std::size_t r = at.steps * kLanes; r > 0;) {
    r -= kLanes;
    __builtin_prefetch(next + r, 0, 2);  // one cache line of the next column into L2
    const Lanes xr = Load(x + r);
    t += Load(at.e + r) * xr;
    Store(suffix + r, Load(at.c + r) * t);
    dot += xr * Load(base + r);
    risk += Load(risk_change + r) * t;
  }
  return Sum(dot) + Sum(risk);
}

}  // namespace pioneer::models::cox_kernel
