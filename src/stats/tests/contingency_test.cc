#include "pioneer/stats/contingency.h"

#include <gtest/gtest.h>

#include <cmath>

#include "basic_fixture.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

// Response x (TMB >= 10) on NSCLC, built from the data; checked against the
// counts R tabulated. Rows TMB >= 10 TRUE/FALSE, columns Response 1/0.
CountTable TmbTable() {
  const auto keep = NsclcRows();
  const auto tmb = Select(Icb().Column("TMB"), keep);
  const auto response = Select(Icb().Column("Response"), keep);
  CountTable t = {{0, 0}, {0, 0}};
  for (std::size_t i = 0; i < tmb.size(); ++i) ++t[tmb[i] >= 10 ? 0 : 1][response[i] == 1 ? 0 : 1];
  const auto expected = Case("table_tmb10").at("counts");
  EXPECT_EQ(t[0][0], expected[0]);
  EXPECT_EQ(t[0][1], expected[1]);
  EXPECT_EQ(t[1][0], expected[2]);
  EXPECT_EQ(t[1][1], expected[3]);
  return t;
}

// table(lung$sex, lung$ph.ecog): rows sex 1, 2; columns ECOG 0..3 (NA dropped).
CountTable LungSexEcog() {
  const auto sex = Lung().Column("sex");
  const auto ecog = Lung().Column("ph.ecog");
  CountTable t(2, std::vector<std::int64_t>(4, 0));
  for (std::size_t i = 0; i < sex.size(); ++i) {
    if (std::isnan(ecog[i])) continue;
    ++t[static_cast<std::size_t>(sex[i]) - 1][static_cast<std::size_t>(ecog[i])];
  }
  const auto expected = Case("table_lung_sex_ecog").at("counts");
  for (std::size_t k = 0; k < 8; ++k) EXPECT_EQ(t[k / 4][k % 4], expected[k]);
  return t;
}

void ExpectFisher(const FisherResult& r, const std::string& name) {
  const auto& c = Case(name);
  ExpectClose(r.p_value, Num(c.at("p_value")), name + " p");
  if (!c.contains("estimate")) return;
  ExpectClose(r.odds_ratio, Num(c.at("estimate")), name + " conditional MLE odds ratio");
  ExpectClose(r.conf_int.lower, Num(c.at("conf_int")[0]), name + " lower");
  ExpectClose(r.conf_int.upper, Num(c.at("conf_int")[1]), name + " upper");
}

TEST(FisherExactTest, TwoByTwoMatchesR) {
  const CountTable t = TmbTable();
  ExpectFisher(FisherExactTest(t), "fisher_tmb10");
  ExpectFisher(FisherExactTest(t, {.alternative = Alternative::kLess, .confidence = 0.9}),
               "fisher_tmb10_less");
  ExpectFisher(FisherExactTest(t, {.alternative = Alternative::kGreater}), "fisher_tmb10_greater");
}

TEST(FisherExactTest, ZeroCellAndSmallTables) {
  const FisherResult zero = FisherExactTest({{0, 5}, {7, 3}});
  EXPECT_EQ(zero.odds_ratio, 0.0);  // MLE on the boundary
  ExpectFisher(zero, "fisher_zero_cell");
  ExpectFisher(FisherExactTest({{3, 1}, {1, 3}}), "fisher_small");
}

TEST(FisherExactTest, RxCByEnumerationMatchesFexact) {
  const FisherResult lung = FisherExactTest(LungSexEcog());
  EXPECT_FALSE(lung.is_2x2);
  EXPECT_GT(lung.tables_enumerated, 0);
  ExpectFisher(lung, "fisher_rxc_lung");
  ExpectFisher(FisherExactTest({{2, 0, 3}, {1, 4, 0}, {0, 3, 1}}), "fisher_rxc_small");
}

TEST(FisherExactTest, RxCTooLargeIsFailedPrecondition) {
  try {
    FisherExactTest(LungSexEcog(), {.max_tables = 10});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kFailedPrecondition);
    EXPECT_NE(std::string(e.what()).find("max_tables"), std::string::npos);
  }
}

TEST(FisherExactTest, RejectsBadTables) {
  auto code = [](const CountTable& t) {
    try {
      FisherExactTest(t);
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::kInternal;
  };
  EXPECT_EQ(code({{1, 2}}), ErrorCode::kInvalidArgument);             // one row
  EXPECT_EQ(code({{1, 2}, {3}}), ErrorCode::kInvalidArgument);        // ragged
  EXPECT_EQ(code({{1, -2}, {3, 4}}), ErrorCode::kInvalidArgument);    // negative
  EXPECT_EQ(code({{0, 0}, {0, 0}}), ErrorCode::kFailedPrecondition);  // empty
}

TEST(ChiSquaredTest, MatchesChisqTest) {
  const CountTable t = TmbTable();
  const ChiSquaredResult yates = ChiSquaredTest(t);
  EXPECT_TRUE(yates.yates);
  ExpectClose(yates.statistic, Num(Case("chisq_tmb10_yates").at("statistic")), "yates X2");
  ExpectClose(yates.p_value, Num(Case("chisq_tmb10_yates").at("p_value")), "yates p");
  const ChiSquaredResult pearson = ChiSquaredTest(t, {.continuity_correction = false});
  ExpectClose(pearson.statistic, Num(Case("chisq_tmb10_pearson").at("statistic")), "X2");
  ExpectClose(pearson.p_value, Num(Case("chisq_tmb10_pearson").at("p_value")), "p");
  const ChiSquaredResult lung = ChiSquaredTest(LungSexEcog());
  EXPECT_FALSE(lung.yates);            // Yates applies to 2 x 2 only
  EXPECT_TRUE(lung.expected_below_5);  // ECOG 3 has one patient: R warns
  ExpectClose(lung.statistic, Num(Case("chisq_lung").at("statistic")), "lung X2");
  ExpectClose(lung.df, Num(Case("chisq_lung").at("parameter")), "lung df");
  ExpectClose(lung.p_value, Num(Case("chisq_lung").at("p_value")), "lung p");
}

TEST(ChiSquaredTest, EmptyColumnIsFailedPrecondition) {
  EXPECT_THROW(ChiSquaredTest({{1, 0}, {3, 0}}), Error);
}

}  // namespace
}  // namespace pioneer::stats
