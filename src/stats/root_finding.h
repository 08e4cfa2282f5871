// File: src/stats/root_finding.h (private to pioneer::stats)
// Brent's root finder exactly as R's uniroot (R_zeroin2 in
// src/library/stats/src/zeroin.c, after Brent 1973 / netlib zeroin.c), so
// that estimates found by root finding in R (fisher.test's conditional MLE
// and its interval) are reproduced to the last digits, not only to
// uniroot's default tolerance of eps^0.25.
#pragma once

#include <functional>

namespace pioneer::stats::internal {

struct RootResult {
  double root = 0;
  int iterations = 0;
  bool converged = false;
};

// Root of f in [lower, upper], where f(lower) and f(upper) have opposite
// signs (or one is zero). tolerance and max_iterations default to uniroot's.
RootResult Uniroot(const std::function<double(double)>& f, double lower, double upper,
                   double tolerance = 1.220703125e-4, int max_iterations = 1000);

}  // namespace pioneer::stats::internal
