// File: src/models/cox_kernel.h (private to models)
// The inner loops of the Cox coordinate descent (glmnet.cc): running sums
// over the risk sets, which are suffixes of the rows in time order. A
// running sum is a chain of dependent additions, so the rows are split into
// kLanes consecutive chunks that are summed side by side: row k of the time
// order is stored at position (k % steps) * kLanes + k / steps, and every
// vector the kernels take (x, e, w, c, ...) is in that layout, zero-padded
// to steps * kLanes. Each lane then does the same additions in the same
// order on every instruction set, so results do not depend on the machine.
#pragma once

#include <cstddef>

namespace pioneer::models::cox_kernel {

inline constexpr std::size_t kLanes = 8;

// The rows of the interleaved layout for n rows: steps = ceil(n / kLanes).
inline std::size_t Steps(std::size_t n) { return (n + kLanes - 1) / kLanes; }
inline std::size_t Position(std::size_t k, std::size_t steps) { return (k % steps) * kLanes + k / steps; }

// The vectors of the quadratic model at one expansion point (see Cox in
// glmnet.cc): e = exp(eta), w the diagonal part of the Hessian, c_b at the
// first row of each tied-time block and 0 elsewhere.
struct Expansion {
  const double* e;
  const double* w;
  const double* c;
  std::size_t steps;
};

// x'Hx = sum w x^2 - sum_b c_b T_b(x)^2, T_b(x) the suffix sum of e x.
double Curvature(const Expansion& at, const double* x);

// x'base + sum_b risk_change_b T_b(x); writes suffix = c T(x). `next`
// (the column the caller will need next, same length) is fetched into the
// cache meanwhile: the coordinate descent streams columns from memory.
double ModelGradient(const Expansion& at, const double* x, const double* base, const double* risk_change,
                     double* suffix, const double* next);

}  // namespace pioneer::models::cox_kernel
