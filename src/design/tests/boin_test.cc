// BOIN boundaries against BOIN 2.7.2 get.boundary at target 0.3
// (../shared/data/designs/boin_phi030.json) and the published lambda
// values; MTD selection against select.mtd's rules on worked cases.
#include "pioneer/design/boin.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pioneer/design/option_error.h"

namespace pioneer::design {
namespace {

// The fixture prints 12 significant digits.
constexpr double kLambdaTolerance = 1e-9;

TEST(BoinBoundary, MatchesGetBoundaryAtTarget030) {
  std::ifstream in(std::string(PIONEER_SHARED_DATA) + "/designs/boin_phi030.json");
  const nlohmann::json ref = nlohmann::json::parse(in)["boundaries"]["0.3"];
  BoinOptions o;
  o.target = 0.3;
  o.ncohort = 30;
  o.cohortsize = 1;
  const BoinBoundaries b = BoinBoundary(o);
  EXPECT_NEAR(b.lambda_e, ref["lambda_e"].get<double>(), kLambdaTolerance);
  EXPECT_NEAR(b.lambda_d, ref["lambda_d"].get<double>(), kLambdaTolerance);
  ASSERT_EQ(b.table.size(), 30u);
  for (std::size_t i = 0; i < 30; ++i) {
    EXPECT_EQ(b.table[i].n, ref["n"][i].get<int>());
    EXPECT_EQ(b.table[i].b_e, ref["b_e"][i].get<int>()) << "n = " << i + 1;
    EXPECT_EQ(b.table[i].b_d, ref["b_d"][i].get<int>()) << "n = " << i + 1;
    const int elim = ref["elim"][i].is_null() ? 0 : ref["elim"][i].get<int>();
    EXPECT_EQ(b.table[i].elim, elim) << "n = " << i + 1;
  }
}

// Liu & Yuan (2015) Table 1 / Yuan et al. (2016) Table 1: (lambda_e,
// lambda_d) for phi1 = 0.6 phi, phi2 = 1.4 phi, printed to 3 decimals
// (some rounded, some truncated: 0.358 for 0.3585), so compared within 1e-3.
TEST(BoinBoundary, PublishedLambdas) {
  const double table[][3] = {{0.15, 0.118, 0.179}, {0.2, 0.157, 0.238},  {0.25, 0.197, 0.298},
                             {0.3, 0.236, 0.358},  {0.35, 0.276, 0.419}, {0.4, 0.316, 0.479}};
  for (const auto& row : table) {
    BoinOptions o;
    o.target = row[0];
    const BoinBoundaries b = BoinBoundary(o);
    EXPECT_NEAR(b.lambda_e, row[1], 1e-3) << row[0];
    EXPECT_NEAR(b.lambda_d, row[2], 1e-3) << row[0];
  }
}

TEST(BoinBoundary, ValidateNamesTheField) {
  BoinOptions o;
  o.target = 0.7;
  try {
    BoinBoundary(o);
    FAIL();
  } catch (const InvalidOption& e) {
    EXPECT_EQ(e.field(), "target");
  }
  o.target = 0.3;
  o.phi1 = 0.29;  // closer than 10% of the target
  EXPECT_THROW(BoinBoundary(o), InvalidOption);
}

BoinSelection Select(std::vector<int> n, std::vector<int> y, double target = 0.3) {
  BoinSelectOptions o;
  o.target = target;
  o.n = std::move(n);
  o.y = std::move(y);
  return BoinSelect(o);
}

// select.mtd's help example: n = (3, 3, 15, 9, 0), y = (0, 0, 4, 4, 0) -> 3.
TEST(BoinSelect, PackageExample) {
  const BoinSelection s = Select({3, 3, 15, 9, 0}, {0, 0, 4, 4, 0});
  EXPECT_EQ(s.mtd, 3);
  EXPECT_NEAR(s.estimates[2], 4.05 / 15.1, 1e-15);
  EXPECT_TRUE(std::isnan(s.estimates[4]));  // untreated
}

TEST(BoinSelect, WorkedCases) {
  struct Case {
    std::vector<int> n, y;
    int mtd;
    const char* why;
  };
  const std::vector<Case> cases = {
      {{3, 6, 9, 3, 0}, {0, 1, 3, 2, 0}, 3, "closest to 0.3 after PAVA"},
      {{3, 3}, {3, 0}, 0, "lowest dose eliminated: no MTD"},
      {{6, 6, 3}, {0, 1, 3}, 2, "dose 3 eliminated (3/3)"},
      {{6, 12, 6}, {1, 6, 1}, 2, "PAVA pools doses 2 and 3 at 0.34 > target: lower"},
      {{6, 6, 0}, {1, 1, 0}, 2, "equal estimates below target: higher"},
      {{3, 0, 0}, {0, 0, 0}, 1, "only dose 1 treated"},
      {{0, 3, 0}, {0, 0, 0}, 2, "untreated dose 1 skipped"},
      {{12, 12, 12}, {3, 4, 5}, 2, "monotone: 0.33 closest"},
      {{3, 6, 6, 6}, {0, 0, 1, 6}, 3, "dose 4 eliminated"},
      {{9, 9}, {6, 0}, 0, "6/9 at dose 1: eliminated"},
  };
  for (const Case& c : cases) EXPECT_EQ(Select(c.n, c.y).mtd, c.mtd) << c.why;
}

// The tie rule (select.mtd adds i * 1e-10): equal isotonic estimates below
// the target go to the higher dose, above the target to the lower dose.
TEST(BoinSelect, TieRules) {
  EXPECT_EQ(Select({6, 6}, {3, 1}).mtd, 2);              // pooled 0.29 < 0.3: higher
  const BoinSelection below = Select({10, 10}, {2, 1});  // pooled ~0.15 < 0.3
  EXPECT_EQ(below.mtd, 2);
  EXPECT_DOUBLE_EQ(below.estimates[0], below.estimates[1]);
  const BoinSelection above = Select({10, 10}, {5, 4});  // pooled ~0.45 > 0.3
  EXPECT_EQ(above.mtd, 1);
}

TEST(BoinSelect, PavaMatchesWeightedMeans) {
  std::vector<double> x = {0.1, 0.5, 0.3, 0.2, 0.6};
  const std::vector<double> w = {1, 1, 2, 1, 1};
  Pava(x, w);
  const double pooled = (0.5 + 0.3 * 2 + 0.2) / 4;
  EXPECT_DOUBLE_EQ(x[0], 0.1);
  for (int i = 1; i <= 3; ++i) EXPECT_NEAR(x[i], pooled, 1e-15);
  EXPECT_DOUBLE_EQ(x[4], 0.6);
}

TEST(BoinSelect, ValidateNamesTheField) {
  try {
    Select({3, 3}, {4, 0});
    FAIL();
  } catch (const InvalidOption& e) {
    EXPECT_EQ(e.field(), "y");
  }
}

}  // namespace
}  // namespace pioneer::design
