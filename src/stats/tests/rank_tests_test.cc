#include "pioneer/stats/rank_tests.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "basic_fixture.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

// wilcox.test(TMB ~ Response, data = nsclc): x = Response 0, y = Response 1.
std::pair<std::vector<double>, std::vector<double>> TmbByResponse() {
  const auto keep = NsclcRows();
  const auto tmb = Select(Icb().Column("TMB"), keep);
  const auto response = Select(Icb().Column("Response"), keep);
  std::vector<double> x;
  std::vector<double> y;
  for (std::size_t i = 0; i < tmb.size(); ++i) (response[i] == 0 ? x : y).push_back(tmb[i]);
  return {x, y};
}

TEST(AverageRanks, TiesGetTheirMeanRank) {
  EXPECT_EQ(AverageRanks({3, 1, 3, 2}), (std::vector<double>{3.5, 1, 3.5, 2}));
  EXPECT_EQ(AverageRanks({5, 5, 5}), (std::vector<double>{2, 2, 2}));
  EXPECT_TRUE(AverageRanks({}).empty());
}

TEST(WilcoxonRankSum, NormalApproximationWithTiesMatchesR) {
  const auto [x, y] = TmbByResponse();
  const WilcoxonResult r = WilcoxonRankSum(x, y);
  EXPECT_FALSE(r.exact);
  EXPECT_TRUE(r.ties);
  ExpectClose(r.w, Num(Case("wilcox_tmb_response").at("statistic")), "W");
  ExpectClose(r.p_value, Num(Case("wilcox_tmb_response").at("p_value")), "p");
  const WilcoxonResult less =
      WilcoxonRankSum(x, y, {.alternative = Alternative::kLess, .continuity_correction = false});
  ExpectClose(less.p_value, Num(Case("wilcox_tmb_response_less").at("p_value")), "p less");
}

TEST(WilcoxonRankSum, ExactWithoutTiesMatchesR) {
  const auto& data = Case("wilcox_small_data");
  const std::vector<double> x = Nums(data.at("x"));
  const std::vector<double> y = Nums(data.at("y"));
  const WilcoxonResult r = WilcoxonRankSum(x, y);
  EXPECT_TRUE(r.exact);
  const auto& c = Case("wilcox_exact_nlr");
  ExpectClose(r.w, Num(c.at("statistic")), "W");
  ExpectClose(r.p_value, Num(c.at("p_value")), "exact p");
  ExpectClose(r.hodges_lehmann, Num(c.at("estimate")), "Hodges-Lehmann");
  const WilcoxonResult greater = WilcoxonRankSum(x, y, {.alternative = Alternative::kGreater});
  ExpectClose(greater.p_value, Num(Case("wilcox_exact_nlr_greater").at("p_value")),
              "exact p greater");
}

TEST(WilcoxonRankSum, ExactDistributionSumsToOne) {
  EXPECT_DOUBLE_EQ(WilcoxonRankSumCdf(12, 3, 4), 1.0);
  EXPECT_DOUBLE_EQ(WilcoxonRankSumCdf(-1, 3, 4), 0.0);
  // P[W <= 0] = 1 / C(7, 3) for m = 3, n = 4; symmetric in (m, n).
  EXPECT_DOUBLE_EQ(WilcoxonRankSumCdf(0, 3, 4), 1.0 / 35);
  EXPECT_DOUBLE_EQ(WilcoxonRankSumCdf(5, 3, 4), WilcoxonRankSumCdf(5, 4, 3));
}

TEST(WilcoxonRankSum, EdgeCases) {
  // n = 1 per group: exact, W = 0 or 1, p = 1.
  const WilcoxonResult one = WilcoxonRankSum({1.0}, {2.0});
  EXPECT_TRUE(one.exact);
  EXPECT_EQ(one.w, 0);
  EXPECT_EQ(one.p_value, 1.0);
  // All ties: sigma is 0, R gives NaN; the p-value is NaN here too.
  const WilcoxonResult ties = WilcoxonRankSum({2.0, 2.0}, {2.0, 2.0, 2.0});
  EXPECT_TRUE(ties.ties);
  EXPECT_TRUE(std::isnan(ties.p_value));
  // NaN values are dropped and counted; an empty sample is an error.
  const WilcoxonResult nan = WilcoxonRankSum({1.0, std::nan(""), 3.0}, {2.0, 4.0});
  EXPECT_EQ(nan.missing, 1u);
  EXPECT_EQ(nan.n_x, 2u);
  try {
    WilcoxonRankSum({std::nan("")}, {1.0});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kFailedPrecondition);
    EXPECT_STREQ(e.what(), "not enough (non-missing) 'x' observations");
  }
}

std::vector<std::vector<double>> GroupBy(const std::vector<double>& values,
                                         const std::vector<std::string>& keys) {
  std::map<std::string, std::vector<double>> groups;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (keys[i] != "NA" && !keys[i].empty()) groups[keys[i]].push_back(values[i]);
  }
  std::vector<std::vector<double>> out;
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

TEST(KruskalWallis, MatchesKruskalTest) {
  const auto groups = GroupBy(Icb().Column("NLR"), Icb().Text("CancerType"));
  const KruskalWallisResult r = KruskalWallis(groups);
  const auto& c = Case("kruskal_nlr_cancer");
  ExpectClose(r.statistic, Num(c.at("statistic")), "H");
  ExpectClose(r.df, Num(c.at("parameter")), "df");
  ExpectClose(r.p_value, Num(c.at("p_value")), "p");
}

TEST(KruskalWallis, LungAgeByEcogWithMissingGroupLabel) {
  const auto groups = GroupBy(Lung().Column("age"), Lung().Text("ph.ecog"));
  const KruskalWallisResult r = KruskalWallis(groups);
  ExpectClose(r.statistic, Num(Case("kruskal_lung_ecog").at("statistic")), "H");
  ExpectClose(r.p_value, Num(Case("kruskal_lung_ecog").at("p_value")), "p");
}

TEST(KruskalWallis, EmptyGroupsDroppedTooFewIsError) {
  const KruskalWallisResult r = KruskalWallis({{1, 2, 3}, {}, {4, 5, 6.5}, {std::nan("")}});
  EXPECT_EQ(r.groups, 2u);
  EXPECT_EQ(r.empty_groups, 2u);
  EXPECT_EQ(r.missing, 1u);
  EXPECT_EQ(r.df, 1);
  EXPECT_THROW(KruskalWallis({{1, 2, 3}, {}}), Error);
  EXPECT_THROW(KruskalWallis({{2, 2}, {2, 2}}), Error);  // all ties
}

}  // namespace
}  // namespace pioneer::stats
