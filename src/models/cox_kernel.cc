// The Cox quadratic model (see cox_kernel.h). The loops use GCC vector
// types across the lanes; target_clones adds an AVX2 build of each, chosen
// at load time. Built with -O3 and without FMA contraction.
#include "cox_kernel.h"

namespace pioneer::models::cox_kernel {
namespace {

// kLanes = 2 x 4 doubles: two independent chains of 256-bit operations.
using Quad =
    double __attribute__((vector_size(4 * sizeof(double)), aligned(sizeof(double)), may_alias));
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
[[gnu::always_inline]] inline Lanes Splat(double v) { return {Quad{} + v, Quad{} + v}; }
[[gnu::always_inline]] inline Lanes operator+(Lanes a, Lanes b) {
  return {a.lo + b.lo, a.hi + b.hi};
}
[[gnu::always_inline]] inline Lanes operator-(Lanes a, Lanes b) {
  return {a.lo - b.lo, a.hi - b.hi};
}
[[gnu::always_inline]] inline Lanes operator*(Lanes a, Lanes b) {
  return {a.lo * b.lo, a.hi * b.hi};
}
[[gnu::always_inline]] inline Lanes& operator+=(Lanes& a, Lanes b) { return a = a + b; }
[[gnu::always_inline]] inline LaneValues Values(Lanes v) {
  LaneValues out;
  Store(out.data(), v);
  return out;
}

// One backward pass over a column: the chunk-local suffix sums t of e x,
// with per lane their totals (t at the chunk's first row) and two sums.
struct Pass {
  LaneValues total, suffix_sum, first, second;
};

// first = sum w x^2, second = sum c t^2, suffix_sum = sum c t.
[[gnu::target_clones("avx2", "default")]] Pass CurvaturePass(const double* e, const double* w,
                                                             const double* c, std::size_t steps,
                                                             const double* x) {
  Lanes t, diagonal, ct, ctt;
  for (std::size_t r = steps * kLanes; r > 0;) {
    r -= kLanes;
    const Lanes xr = Load(x + r);
    t += Load(e + r) * xr;
    const Lanes s = Load(c + r) * t;
    diagonal += Load(w + r) * xr * xr;
    ct += s;
    ctt += s * t;
  }
  return {Values(t), Values(ct), Values(diagonal), Values(ctt)};
}

// The step d += delta x_step of the previous coordinate (base -= delta w
// x_step, risk += delta suffix), applied row by row as the pass reaches it;
// then, for the column x: suffix = c t, first = sum x base, second = sum
// risk t.
template <bool kStep>
[[gnu::always_inline]] inline Pass GradientLoop(const double* e, const double* w, const double* c,
                                                std::size_t steps, const double* x, double delta,
                                                const double* x_step, double* base, double* risk,
                                                double* suffix, const double* next) {
  const Lanes d = Splat(delta);
  Lanes t, ct, dot, rt;
  for (std::size_t r = steps * kLanes; r > 0;) {
    r -= kLanes;
    __builtin_prefetch(next + r, 0, 2);  // one cache line of the next column
    Lanes b = Load(base + r), q = Load(risk + r);
    if constexpr (kStep) {
      b = b - d * Load(x_step + r) * Load(w + r);
      q = q + d * Load(suffix + r);
      Store(base + r, b);
      Store(risk + r, q);
    }
    const Lanes xr = Load(x + r);
    t += Load(e + r) * xr;
    const Lanes s = Load(c + r) * t;
    Store(suffix + r, s);
    ct += s;
    dot += xr * b;
    rt += q * t;
  }
  return {Values(t), Values(ct), Values(dot), Values(rt)};
}

[[gnu::target_clones("avx2", "default")]] Pass GradientPass(const double* e, const double* w,
                                                            const double* c, std::size_t steps,
                                                            const double* x, double delta,
                                                            const double* x_step, double* base,
                                                            double* risk, double* suffix,
                                                            const double* next) {
  if (x_step == nullptr)
    return GradientLoop<false>(e, w, c, steps, x, 0, nullptr, base, risk, suffix, next);
  return GradientLoop<true>(e, w, c, steps, x, delta, x_step, base, risk, suffix, next);
}

// Lane l: the sum of the totals of the lanes after l.
LaneValues Offsets(const LaneValues& total) {
  LaneValues offset{};
  for (std::size_t l = kLanes - 1; l-- > 0;) offset[l] = offset[l + 1] + total[l + 1];
  return offset;
}

}  // namespace

void Model::Reset(const double* e, const double* w, const double* c, const double* g,
                  std::size_t steps) {
  e_ = e, w_ = w, c_ = c, steps_ = steps;
  c_sum_ = {};
  for (std::size_t r = 0; r < steps * kLanes; ++r) c_sum_[r % kLanes] += c[r];
  base_.assign(g, g + steps * kLanes);
  risk_.assign(steps * kLanes, 0.0);
  suffix_.assign(steps * kLanes, 0.0);
  gamma_ = {}, risk_sum_ = {};
  step_x_ = nullptr;
}

// sum c (t + offset)^2 over a lane = sum c t^2 + 2 offset sum c t + offset^2 sum c.
double Model::Curvature(const double* x) const {
  const Pass p = CurvaturePass(e_, w_, c_, steps_, x);
  const LaneValues offset = Offsets(p.total);
  double diagonal = 0, risk = 0;
  for (std::size_t l = 0; l < kLanes; ++l) {
    diagonal += p.first[l];
    risk += p.second[l] + offset[l] * (2 * p.suffix_sum[l] + offset[l] * c_sum_[l]);
  }
  return diagonal - risk;
}

// sum (risk + gamma c)(t + offset) over a lane = sum risk t + offset risk_sum
// + gamma (sum c t + offset sum c).
double Model::Gradient(const double* x, const double* next) {
  const Pass p = GradientPass(e_, w_, c_, steps_, x, step_delta_, step_x_, base_.data(),
                              risk_.data(), suffix_.data(), next);
  step_x_ = nullptr;
  offset_ = Offsets(p.total);
  suffix_sum_ = p.suffix_sum;
  double dot = 0, risk = 0;
  for (std::size_t l = 0; l < kLanes; ++l) {
    dot += p.first[l];
    risk += p.second[l] + offset_[l] * risk_sum_[l] +
            gamma_[l] * (p.suffix_sum[l] + offset_[l] * c_sum_[l]);
  }
  return dot + risk;
}

// c T(x) = suffix_ + offset_ c per lane.
void Model::Step(double delta, const double* x) {
  step_delta_ = delta, step_x_ = x;  // the vectors: in the next Gradient's pass
  for (std::size_t l = 0; l < kLanes; ++l) {
    risk_sum_[l] += delta * suffix_sum_[l];
    gamma_[l] += delta * offset_[l];
  }
}

}  // namespace pioneer::models::cox_kernel
