// Port of R's R_zeroin2 (stats/src/zeroin.c); see root_finding.h.
#include "root_finding.h"

#include <cmath>
#include <limits>

namespace pioneer::stats::internal {

RootResult Uniroot(const std::function<double(double)>& f, double lower, double upper,
                   double tolerance, int max_iterations) {
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  double a = lower;
  double b = upper;
  double fa = f(a);
  double fb = f(b);
  double c = a;
  double fc = fa;
  if (fa == 0) return {a, 0, true};
  if (fb == 0) return {b, 0, true};
  for (int iteration = 0; iteration <= max_iterations; ++iteration) {
    const double prev_step = b - a;
    if (std::abs(fc) < std::abs(fb)) {  // b must be the best approximation
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol_act = 2 * kEps * std::abs(b) + tolerance / 2;
    double new_step = (c - b) / 2;
    if (std::abs(new_step) <= tol_act || fb == 0) return {b, iteration, true};
    if (std::abs(prev_step) >= tol_act && std::abs(fa) > std::abs(fb)) {
      double p;
      double q;
      const double cb = c - b;
      if (a == c) {  // linear interpolation
        const double t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {  // inverse quadratic interpolation
        q = fa / fc;
        const double t1 = fb / fc;
        const double t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
        q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      if (p < (0.75 * cb * q - std::abs(tol_act * q) / 2) && p < std::abs(prev_step * q / 2)) {
        new_step = p / q;
      }
    }
    if (std::abs(new_step) < tol_act) new_step = new_step > 0 ? tol_act : -tol_act;
    a = b;
    fa = fb;
    b += new_step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return {b, max_iterations, false};
}

}  // namespace pioneer::stats::internal
