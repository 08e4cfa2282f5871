// File: pioneer/stats/distributions.h
// Probability functions named and behaving as R's (pnorm, qt, pchisq, ...),
// so that code ported from R reads the same, computed by Boost.Math
// (boost/math/distributions). Upper tails are computed directly
// (Boost's complement()), never as 1 - lower, so tiny p-values keep their
// digits as in R's pnorm(..., lower.tail = FALSE). NaN in, NaN out (R's NA).
#pragma once

namespace pioneer::stats {

// Standard normal: pnorm, qnorm.
double Pnorm(double x, bool lower_tail = true);
double Qnorm(double p);

// Student t with df > 0 degrees of freedom: pt, qt.
double Pt(double t, double df, bool lower_tail = true);
double Qt(double p, double df);

// Chi-squared: pchisq, qchisq.
double Pchisq(double x, double df, bool lower_tail = true);

// Beta quantile: qbeta (used by the Clopper-Pearson interval).
double Qbeta(double p, double a, double b);

// Binomial: dbinom, pbinom (P[X <= x] or, for the upper tail, P[X > x]).
double Dbinom(double x, double n, double p);
double Pbinom(double x, double n, double p, bool lower_tail = true);

// Hypergeometric with m white balls, n black balls, k drawn: dhyper(x, m, n, k)
// on the log scale, and phyper.
double LogDhyper(double x, double m, double n, double k);
double Phyper(double x, double m, double n, double k, bool lower_tail = true);

}  // namespace pioneer::stats
