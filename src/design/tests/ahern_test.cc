// A'Hern single-stage designs against a brute-force enumeration of every
// (n, r) with lgamma-based binomial terms, and the non-monotone feasibility
// report.
#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "pioneer/design/option_error.h"
#include "pioneer/design/simon.h"

namespace pioneer::design {
namespace {

double Pmf(int n, int x, double p) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                  x * std::log(p) + (n - x) * std::log1p(-p));
}

double AtLeast(int r, int n, double p) {
  double sum = 0;
  for (int x = r; x <= n; ++x) sum += Pmf(n, x, p);
  return sum;
}

// Some r in 0..n with P(X >= r | p0) <= alpha and P(X >= r | p1) >= 1 - beta;
// r is the smallest r meeting alpha.
bool Feasible(int n, double p0, double p1, double alpha, double beta, int* r_out = nullptr) {
  for (int r = 0; r <= n; ++r) {
    if (AtLeast(r, n, p0) > alpha) continue;
    if (r_out != nullptr) *r_out = r;
    return AtLeast(r, n, p1) >= 1 - beta;
  }
  return false;
}

TEST(Ahern, AgreesWithBruteForce) {
  const std::vector<std::tuple<double, double, double, double>> grid = {
      {0.05, 0.2, 0.05, 0.2},  {0.05, 0.25, 0.05, 0.1}, {0.1, 0.25, 0.05, 0.2},
      {0.1, 0.3, 0.05, 0.2},   {0.1, 0.3, 0.05, 0.1},   {0.1, 0.3, 0.1, 0.1},
      {0.2, 0.35, 0.05, 0.2},  {0.2, 0.4, 0.05, 0.2},   {0.2, 0.4, 0.1, 0.1},
      {0.3, 0.45, 0.05, 0.2},  {0.3, 0.5, 0.05, 0.2},   {0.3, 0.5, 0.05, 0.1},
      {0.4, 0.6, 0.05, 0.2},   {0.5, 0.7, 0.05, 0.2},   {0.6, 0.8, 0.05, 0.2},
      {0.7, 0.85, 0.05, 0.2},  {0.8, 0.95, 0.05, 0.2},  {0.02, 0.1, 0.05, 0.2},
      {0.15, 0.3, 0.025, 0.2}, {0.25, 0.4, 0.1, 0.2},   {0.35, 0.55, 0.01, 0.1}};
  for (const auto& [p0, p1, alpha, beta] : grid) {
    const std::string what = ::testing::PrintToString(std::make_tuple(p0, p1, alpha, beta));
    const AhernResult a = Ahern({p0, p1, alpha, beta, 1000, 0});
    int n = 1, r = 0;
    while (!Feasible(n, p0, p1, alpha, beta, &r)) ++n;
    EXPECT_EQ(a.n, n) << what;
    EXPECT_EQ(a.r, r) << what;
    EXPECT_NEAR(a.alpha, AtLeast(r, n, p0), 1e-12) << what;
    EXPECT_NEAR(a.power, AtLeast(r, n, p1), 1e-12) << what;
    std::vector<int> infeasible;
    for (int m = n + 1; m <= 2 * n + 20; ++m) {
      if (!Feasible(m, p0, p1, alpha, beta)) infeasible.push_back(m);
    }
    EXPECT_EQ(a.infeasible_above, infeasible) << what;
    EXPECT_EQ(a.checked_to, 2 * n + 20) << what;
  }
}

// p0 0.1, p1 0.3, alpha 0.05, beta 0.2: >= 6 of 25 (alpha 0.0334, power 0.807;
// n = 24 fails: >= 6 has power 0.775 and >= 5 has alpha 0.086).
TEST(Ahern, HandCheckedCase) {
  const AhernResult a = Ahern({0.1, 0.3, 0.05, 0.2, 1000, 0});
  EXPECT_EQ(a.n, 25);
  EXPECT_EQ(a.r, 6);
}

TEST(Ahern, ReportsNonMonotoneFeasibility) {
  // Some grid point has an infeasible n above the smallest feasible one.
  bool seen = false;
  for (double p1 = 0.2; p1 < 0.5 && !seen; p1 += 0.01) {
    seen = !Ahern({0.1, p1, 0.05, 0.2, 1000, 0}).all_larger_feasible();
  }
  EXPECT_TRUE(seen);
}

TEST(Ahern, ValidateNamesTheField) {
  try {
    Ahern({0.1, 0.3, 1.5, 0.2, 1000, 0});
    FAIL();
  } catch (const InvalidOption& e) {
    EXPECT_EQ(e.field(), "alpha");
  }
}

}  // namespace
}  // namespace pioneer::design
