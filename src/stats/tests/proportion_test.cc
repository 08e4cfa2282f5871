#include "pioneer/stats/proportion.h"

#include <gtest/gtest.h>

#include "basic_fixture.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

void ExpectMatches(const ProportionResult& r, const std::string& name) {
  const auto& c = Case(name);
  ExpectClose(r.statistic, Num(c.at("statistic")), name + " statistic");
  ExpectClose(r.p_value, Num(c.at("p_value")), name + " p");
  ExpectClose(r.estimate, Num(c.at("estimate")), name + " estimate");
  ExpectClose(r.conf_int.lower, Num(c.at("conf_int")[0]), name + " lower");
  ExpectClose(r.conf_int.upper, Num(c.at("conf_int")[1]), name + " upper");
}

// Responders among the NSCLC patients, counted from the data as R did.
std::pair<std::int64_t, std::int64_t> NsclcResponders() {
  const auto response = Select(Icb().Column("Response"), NsclcRows());
  std::int64_t x = 0;
  for (double v : response) x += v == 1 ? 1 : 0;
  EXPECT_EQ(x, Case("counts").at("nsclc_responders").get<std::int64_t>());
  return {x, static_cast<std::int64_t>(response.size())};
}

TEST(BinomialTest, MatchesBinomTestOnNsclcResponse) {
  const auto [x, n] = NsclcResponders();
  ExpectMatches(BinomialTest(x, n, {.p = 0.2}), "binom_nsclc");
  ExpectMatches(
      BinomialTest(x, n, {.p = 0.3, .alternative = Alternative::kLess, .confidence = 0.9}),
      "binom_nsclc_less");
}

TEST(BinomialTest, EdgeCountsMatchR) {
  ExpectMatches(BinomialTest(0, 12, {.p = 0.1}), "binom_zero");
  ExpectMatches(BinomialTest(7, 7, {.p = 0.5}), "binom_all");
  ExpectMatches(BinomialTest(3, 17, {.p = 0.35}), "binom_small");
}

TEST(ScoreTest, WilsonMatchesPropTest) {
  const auto [x, n] = NsclcResponders();
  ExpectMatches(ScoreTest(x, n, {.p = 0.2}), "wilson_nsclc");
  ExpectMatches(ScoreTest(0, 12, {.p = 0.1}), "wilson_zero");
  ExpectMatches(ScoreTest(3, 17, {.p = 0.35, .continuity_correction = true}), "prop_yates");
}

TEST(Proportion, OneTrial) {
  const ProportionResult r = BinomialTest(1, 1, {.p = 0.5});
  EXPECT_EQ(r.p_value, 1.0);
  EXPECT_EQ(r.conf_int.upper, 1.0);
  EXPECT_NEAR(r.conf_int.lower, 0.025, 1e-12);  // qbeta(0.025, 1, 1)
}

TEST(Proportion, RejectsBadCounts) {
  EXPECT_THROW(BinomialTest(5, 4), Error);
  EXPECT_THROW(BinomialTest(0, 0), Error);
  EXPECT_THROW(BinomialTest(-1, 4), Error);
  EXPECT_THROW(ScoreTest(1, 4, {.p = 0}), Error);
  try {
    BinomialTest(1, 4, {.p = 1.5});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("ProportionOptions.p"), std::string::npos);
  }
}

}  // namespace
}  // namespace pioneer::stats
