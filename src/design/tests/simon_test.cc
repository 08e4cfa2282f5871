// Simon two-stage and A'Hern designs against clinfun 1.1.6 ph2simon
// (../shared/data/designs/simon_clinfun_subset.json), the published
// p0 = 0.1, p1 = 0.3 design of Simon (1989), and a brute-force enumeration
// of every design written independently of the search.
#include "pioneer/design/simon.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>

#include "pioneer/design/option_error.h"

namespace pioneer::design {
namespace {

// clinfun prints 12 significant digits; EN and PET are compared to 1e-9.
constexpr double kRealTolerance = 1e-9;

nlohmann::json Load(const std::string& name) {
  std::ifstream in(std::string(PIONEER_SHARED_DATA) + "/designs/" + name);
  return nlohmann::json::parse(in);
}

double worst_real = 0;  // largest |EN or PET - clinfun| seen, printed by the test

void ExpectDesign(const SimonDesign& d, const nlohmann::json& ref, const std::string& what) {
  worst_real = std::max({worst_real, std::fabs(d.en0 - ref["EN"].get<double>()),
                         std::fabs(d.pet0 - ref["PET"].get<double>())});
  EXPECT_EQ(d.r1, ref["r1"].get<int>()) << what;
  EXPECT_EQ(d.n1, ref["n1"].get<int>()) << what;
  EXPECT_EQ(d.r, ref["r"].get<int>()) << what;
  EXPECT_EQ(d.n, ref["n"].get<int>()) << what;
  EXPECT_NEAR(d.en0, ref["EN"].get<double>(), kRealTolerance) << what;
  EXPECT_NEAR(d.pet0, ref["PET"].get<double>(), kRealTolerance) << what;
}

TEST(Simon, MatchesClinfunSubset) {
  const nlohmann::json cases = Load("simon_clinfun_subset.json")["cases"];
  ASSERT_EQ(cases.size(), 12u);
  for (const nlohmann::json& c : cases) {
    const SimonOptions o{c["p0"], c["p1"], c["alpha"], c["beta"], c["nmax"]};
    const SimonResult r = Simon(o);
    ExpectDesign(r.optimal, c["optimal"], c["call"].get<std::string>() + " optimal");
    ExpectDesign(r.minimax, c["minimax"], c["call"].get<std::string>() + " minimax");
  }
  std::printf("largest |EN or PET - clinfun|: %.2g\n", worst_real);
}

// Simon (1989) Table 1; also clinfun's: p0 0.1, p1 0.3, alpha 0.05, beta 0.2.
TEST(Simon, PublishedDesign) {
  const SimonResult r = Simon({0.1, 0.3, 0.05, 0.2, 60});
  EXPECT_EQ(std::tie(r.optimal.r1, r.optimal.n1, r.optimal.r, r.optimal.n),
            std::make_tuple(1, 10, 5, 29));
  EXPECT_EQ(std::tie(r.minimax.r1, r.minimax.n1, r.minimax.r, r.minimax.n),
            std::make_tuple(1, 15, 5, 25));
  EXPECT_LE(r.optimal.alpha, 0.05);
  EXPECT_GE(r.optimal.power, 0.8);
  // The design's own operating characteristics agree with the search's.
  const SimonDesign e = EvaluateSimon(1, 10, 5, 29, 0.1, 0.3);
  EXPECT_NEAR(e.alpha, r.optimal.alpha, 1e-14);
  EXPECT_NEAR(e.power, r.optimal.power, 1e-14);
  EXPECT_NEAR(e.en0, 15.0141203471, 1e-9);
}

// ---- brute force: every (r1, n1, r, n), pmf by lgamma, no shared code ----

double Pmf(int n, int x, double p) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                  x * std::log(p) + (n - x) * std::log1p(-p));
}

using PmfTable = std::vector<std::vector<double>>;

PmfTable MakeTable(int nmax, double p) {
  PmfTable t(nmax + 1);
  for (int n = 0; n <= nmax; ++n) {
    for (int x = 0; x <= n; ++x) t[n].push_back(Pmf(n, x, p));
  }
  return t;
}

// P(X1 > r1 and X1 + X2 > r), term by term.
double Reject(int r1, int n1, int r, int n, const PmfTable& pmf) {
  double sum = 0;
  for (int x1 = r1 + 1; x1 <= n1; ++x1) {
    double tail = 0;
    for (int x2 = std::max(0, r + 1 - x1); x2 <= n - n1; ++x2) tail += pmf[n - n1][x2];
    sum += pmf[n1][x1] * tail;
  }
  return sum;
}

struct Brute {
  SimonDesign optimal, minimax;
};

// Optimal: least EN(p0) over all designs (ties: smaller n, then smaller n1,
// larger r1, larger r). Minimax: least n, then least EN(p0), same ties.
Brute BruteForce(const PmfTable& t0, const PmfTable& t1, double alpha, double beta, int nmax) {
  Brute b;
  double best_en = std::numeric_limits<double>::infinity();
  int minimax_n = 0;
  double minimax_en = 0;
  for (int n = 2; n <= nmax; ++n) {
    for (int n1 = 1; n1 < n; ++n1) {
      for (int r1 = n1 - 1; r1 >= 0; --r1) {
        double pet = 0;
        for (int x = 0; x <= r1; ++x) pet += t0[n1][x];
        const double en = n1 + (1 - pet) * (n - n1);
        for (int r = n - n1 + r1; r >= r1; --r) {
          if (Reject(r1, n1, r, n, t0) > alpha || Reject(r1, n1, r, n, t1) < 1 - beta) continue;
          const SimonDesign d{r1, n1, r, n, en, pet, 0, 0};
          if (en < best_en - 1e-12) best_en = en, b.optimal = d;
          if (minimax_n == 0 || (n == minimax_n && en < minimax_en - 1e-12)) {
            minimax_n = n, minimax_en = en, b.minimax = d;
          }
          break;  // the largest feasible r of this (n1, r1)
        }
      }
    }
  }
  return b;
}

TEST(Simon, AgreesWithBruteForceEnumeration) {
  // p0, p1, alpha, beta, nmax: designs with n <= 36 (brute force is O(n^5)).
  const std::vector<std::tuple<double, double, double, double, int>> grid = {
      {0.05, 0.25, 0.05, 0.2, 30}, {0.05, 0.25, 0.1, 0.1, 36}, {0.1, 0.3, 0.05, 0.2, 32},
      {0.1, 0.3, 0.1, 0.1, 36},    {0.1, 0.35, 0.05, 0.2, 30}, {0.2, 0.45, 0.05, 0.2, 36},
      {0.2, 0.5, 0.05, 0.2, 30},   {0.3, 0.6, 0.05, 0.2, 30},  {0.4, 0.7, 0.05, 0.2, 30},
      {0.5, 0.8, 0.05, 0.2, 28},   {0.6, 0.85, 0.1, 0.2, 30},  {0.7, 0.9, 0.1, 0.2, 34},
      {0.15, 0.4, 0.1, 0.2, 30},   {0.25, 0.5, 0.1, 0.2, 34},  {0.35, 0.6, 0.1, 0.2, 36},
      {0.05, 0.3, 0.05, 0.1, 30},  {0.1, 0.4, 0.05, 0.1, 30},  {0.2, 0.5, 0.1, 0.1, 34},
      {0.3, 0.6, 0.1, 0.1, 36},    {0.02, 0.2, 0.05, 0.2, 30}, {0.1, 0.3, 0.2, 0.2, 20}};
  for (const auto& [p0, p1, alpha, beta, nmax] : grid) {
    const std::string what = ::testing::PrintToString(std::make_tuple(p0, p1, alpha, beta, nmax));
    const PmfTable t0 = MakeTable(nmax, p0), t1 = MakeTable(nmax, p1);
    const Brute b = BruteForce(t0, t1, alpha, beta, nmax);
    ASSERT_GT(b.minimax.n, 0) << what;
    const SimonResult r = Simon({p0, p1, alpha, beta, nmax});
    for (const auto& [got, want] : {std::pair{r.optimal, b.optimal}, {r.minimax, b.minimax}}) {
      EXPECT_EQ(std::tie(got.r1, got.n1, got.r, got.n), std::tie(want.r1, want.n1, want.r, want.n))
          << what;
      EXPECT_NEAR(got.en0, want.en0, 1e-10) << what;
      EXPECT_NEAR(got.alpha, Reject(got.r1, got.n1, got.r, got.n, t0), 1e-12) << what;
      EXPECT_NEAR(got.power, Reject(got.r1, got.n1, got.r, got.n, t1), 1e-12) << what;
    }
  }
}

TEST(Simon, AdmissibleSetSpansMinimaxToOptimal) {
  const SimonResult r = Simon({0.1, 0.25, 0.05, 0.2, 80});
  ASSERT_GE(r.admissible.size(), 2u);
  EXPECT_EQ(r.admissible.front().design.n, r.minimax.n);
  EXPECT_EQ(r.admissible.back().design.n, r.optimal.n);
  EXPECT_DOUBLE_EQ(r.admissible.front().q_high, 1.0);
  EXPECT_DOUBLE_EQ(r.admissible.back().q_low, 0.0);
  // Each design minimises q n + (1 - q) EN over the per-n candidates at the
  // middle of its weight interval (Jung et al. 2004).
  for (const AdmissibleDesign& a : r.admissible) {
    const double q = 0.5 * (a.q_low + a.q_high);
    const auto loss = [q](const SimonDesign& d) { return q * d.n + (1 - q) * d.en0; };
    for (const SimonDesign& d : r.best_by_n) EXPECT_LE(loss(a.design), loss(d) + 1e-12);
  }
}

TEST(Simon, ValidateNamesTheField) {
  try {
    Simon({0.3, 0.2, 0.05, 0.2, 100});
    FAIL();
  } catch (const InvalidOption& e) {
    EXPECT_EQ(e.field(), "p1");
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_THROW(Simon({0.1, 0.3, 0.05, 0.2, 1001}), InvalidOption);
  EXPECT_THROW(Simon({0.1, 0.12, 0.01, 0.01, 20}), Error);  // no design within nmax
}

}  // namespace
}  // namespace pioneer::design
