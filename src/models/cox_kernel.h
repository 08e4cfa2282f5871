// File: src/models/cox_kernel.h (private to models)
// The quadratic model of the Cox partial likelihood that the coordinate
// descent of glmnet.cc works on, and its inner loops.
//
// Rows are in time order, so risk sets are suffixes of the rows and the
// risk-set term of the Hessian needs running sums over the rows (see Cox in
// glmnet.cc). A running sum is a chain of dependent additions, so the rows
// are split into kLanes consecutive chunks that are summed side by side:
// row k of the time order is stored at position (k % steps) * kLanes +
// k / steps, and every vector here is in that layout, zero-padded to
// steps * kLanes. Each chunk's sum starts from zero and the sums of the
// later chunks are added afterwards, per lane, in closed form. Each lane
// does the same IEEE operations in the same order on every instruction set
// (no FMA contraction), so the results do not depend on the machine.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace pioneer::models::cox_kernel {

inline constexpr std::size_t kLanes = 8;
using LaneValues = std::array<double, kLanes>;

// steps = ceil(n / kLanes) rows of kLanes; where time-order row k is stored.
inline std::size_t Steps(std::size_t n) { return (n + kLanes - 1) / kLanes; }
inline std::size_t Position(std::size_t k, std::size_t steps) {
  return (k % steps) * kLanes + k / steps;
}

// The quadratic model at an expansion point, as a function of the change d
// of the linear predictor: gradient g - H d and curvature x'Hx, where
//   H = diag(w) - sum_b c_b t_b t_b'
// (t_b: e on the risk set of block b, c_b stored at the block's first row,
// 0 elsewhere). With T(v) the suffix sums of e v,
//   x'(g - H d) = x'(g - w d) + sum_b c_b T_b(x) T_b(d).
class Model {
 public:
  // e, w, c, g: steps * kLanes values each, kept by pointer until the next Reset.
  void Reset(const double* e, const double* w, const double* c, const double* g, std::size_t steps);
  double Curvature(const double* x) const;  // x'Hx
  // x'(g - H d); `next`: the column the caller will ask for next, fetched
  // into the cache meanwhile (the coordinate descent streams columns).
  double Gradient(const double* x, const double* next);
  // d += delta x, for the x of the last Gradient call. The vectors are
  // brought up to date in the next Gradient's pass over the rows, so x
  // must stay valid until then (Curvature does not need them).
  void Step(double delta, const double* x);

 private:
  const double *e_ = nullptr, *w_ = nullptr, *c_ = nullptr;
  std::size_t steps_ = 0;
  LaneValues c_sum_{};  // per lane: sum of c
  // The change d, kept as base = g - w d and c T(d) = risk_ + gamma_ c (per
  // lane), with risk_sum_ the per-lane sums of risk_.
  std::vector<double> base_, risk_;
  LaneValues gamma_{}, risk_sum_{};
  // From the last Gradient(x): c times the chunk-local suffix sums of e x,
  // their per-lane sums and the lanes' offsets (sums of e x over later chunks).
  std::vector<double> suffix_;
  LaneValues suffix_sum_{}, offset_{};
  // The step not yet applied to base_ and risk_ (see Step).
  double step_delta_ = 0;
  const double* step_x_ = nullptr;
};

}  // namespace pioneer::models::cox_kernel
