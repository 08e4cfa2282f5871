#include "pioneer/stats/correlation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "basic_fixture.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

void ExpectMatches(const CorrelationResult& r, const std::string& name) {
  const auto& c = Case(name);
  ExpectClose(r.estimate, Num(c.at("estimate")), name + " estimate");
  ExpectClose(r.statistic, Num(c.at("statistic")), name + " statistic");
  ExpectClose(r.p_value, Num(c.at("p_value")), name + " p");
  if (c.contains("conf_int")) {
    ASSERT_TRUE(r.has_conf_int) << name;
    ExpectClose(r.conf_int.lower, Num(c.at("conf_int")[0]), name + " lower");
    ExpectClose(r.conf_int.upper, Num(c.at("conf_int")[1]), name + " upper");
  }
}

TEST(CorrelationTest, PearsonTmbNlr) {
  const auto keep = NsclcRows();
  const auto r =
      CorrelationTest(Select(Icb().Column("TMB"), keep), Select(Icb().Column("NLR"), keep));
  ExpectMatches(r, "pearson_tmb_nlr");
  ExpectClose(r.df, Num(Case("pearson_tmb_nlr").at("parameter")), "df");
}

TEST(CorrelationTest, PearsonDropsIncompletePairs) {
  const auto keep = NsclcRows();
  const auto r =
      CorrelationTest(Select(Icb().Column("TMB"), keep), Select(Icb().Column("PDL1_TPS(%)"), keep),
                      {.alternative = Alternative::kGreater, .confidence = 0.9});
  EXPECT_EQ(r.n, 169u);
  EXPECT_EQ(r.missing, 331u - 169u);
  ExpectMatches(r, "pearson_tmb_pdl1_na");
}

TEST(CorrelationTest, SpearmanWithTiesUsesT) {
  const auto keep = NsclcRows();
  const auto r =
      CorrelationTest(Select(Icb().Column("TMB"), keep), Select(Icb().Column("NLR"), keep),
                      {.method = CorrelationMethod::kSpearman});
  EXPECT_TRUE(r.ties);
  EXPECT_FALSE(r.exact);
  ExpectMatches(r, "spearman_tmb_nlr");
  const auto lung =
      CorrelationTest(Lung().Column("age"), Lung().Column("meal.cal"),
                      {.method = CorrelationMethod::kSpearman, .spearman_exact = false});
  ExpectMatches(lung, "spearman_lung_age_wt_exact_false");
}

TEST(CorrelationTest, SpearmanAs89EdgeworthAndEnumeration) {
  const auto& data = Case("spearman_exact_data");
  const std::vector<double> x = Nums(data.at("x"));
  const std::vector<double> y = Nums(data.at("y"));
  const CorrelationOptions spearman{.method = CorrelationMethod::kSpearman};
  const auto n30 = CorrelationTest(x, y, spearman);
  EXPECT_TRUE(n30.exact);
  ExpectMatches(n30, "spearman_exact_n30");
  auto less = spearman;
  less.alternative = Alternative::kLess;
  ExpectMatches(CorrelationTest(x, y, less), "spearman_exact_n30_less");
  const std::vector<double> x8(x.begin(), x.begin() + 8);
  const std::vector<double> y8(y.begin(), y.begin() + 8);
  ExpectMatches(CorrelationTest(x8, y8, spearman), "spearman_exact_n8");
  auto greater = spearman;
  greater.alternative = Alternative::kGreater;
  ExpectMatches(CorrelationTest(x8, y8, greater), "spearman_exact_n8_greater");
}

TEST(CorrelationTest, EdgeCases) {
  EXPECT_THROW(CorrelationTest({1, 2, 3}, {1, 2}), Error);           // lengths differ
  EXPECT_THROW(CorrelationTest({1, 2}, {1, 2}), Error);              // n = 2
  EXPECT_THROW(CorrelationTest({1, 1, 1, 1}, {1, 2, 3, 4}), Error);  // all ties: sd 0
  const auto three = CorrelationTest({1, 2, 3}, {1, 3, 2});
  EXPECT_FALSE(three.has_conf_int);  // Fisher z needs n >= 4, as R
  EXPECT_NEAR(three.estimate, 0.5, 1e-15);
}

}  // namespace
}  // namespace pioneer::stats
