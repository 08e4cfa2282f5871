// File: src/design/binomial.h (private)
// Exact binomial probabilities for the design searches. The pmf comes from
// Boost.Math (full double precision); tails are sums of pmf terms taken from
// the far end, so a tail of 1e-12 keeps its digits (no 1 - cdf cancellation).
#pragma once

#include <vector>

namespace pioneer::design {

// pmf[x] = P(X = x), X ~ Bin(n, p), x = 0..n.
std::vector<double> BinomialPmf(int n, double p);

// upper[k] = P(X >= k) for k = 0..n+1 (upper[0] = 1, upper[n+1] = 0).
std::vector<double> UpperTails(const std::vector<double>& pmf);

// lower[k] = P(X <= k) for k = 0..n.
std::vector<double> LowerTails(const std::vector<double>& pmf);

// All pmfs for n = 0..nmax at one p (table[n][x]).
std::vector<std::vector<double>> BinomialPmfTable(int nmax, double p);

// The hypotheses of a single-arm design on a binary endpoint (Simon,
// A'Hern): 0 < p0 < p1 < 1, alpha and beta in (0, 1). Throws the options
// error of `options` (option_error.h) naming the first bad field.
void RequireBinaryHypotheses(const char* options, double p0, double p1, double alpha, double beta);

}  // namespace pioneer::design
