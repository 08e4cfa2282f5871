#include "pioneer/stats/multiple_testing.h"

#include <gtest/gtest.h>

#include <cmath>

#include "basic_fixture.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

using testing::Case;
using testing::ExpectClose;
using testing::Nums;

// p.adjust on the p-values of the other reference tests, with an NA and a tie.
TEST(AdjustPValues, MatchesRPAdjust) {
  const auto& c = Case("p_adjust");
  const std::vector<double> p = Nums(c.at("p"));
  for (const char* name : {"bonferroni", "holm", "hochberg", "BH", "BY"}) {
    const std::vector<double> expected = Nums(c.at(name));
    const std::vector<double> actual = AdjustPValues(p, ParsePAdjustMethod(name));
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (std::isnan(expected[i])) {
        EXPECT_TRUE(std::isnan(actual[i])) << name << " NA stays NA";
      } else {
        ExpectClose(actual[i], expected[i], std::string(name) + "[" + std::to_string(i) + "]");
      }
    }
  }
}

TEST(AdjustPValues, EmptyAndSingle) {
  EXPECT_TRUE(AdjustPValues({}, PAdjustMethod::kBH).empty());
  EXPECT_EQ(AdjustPValues({0.03}, PAdjustMethod::kHolm), std::vector<double>{0.03});
  EXPECT_EQ(AdjustPValues({0.03}, PAdjustMethod::kBY), std::vector<double>{0.03});
}

TEST(AdjustPValues, RejectsBadInput) {
  EXPECT_THROW(AdjustPValues({0.5, 1.5}, PAdjustMethod::kBH), Error);
  try {
    ParsePAdjustMethod("hommel");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(
        std::string(e.what()),
        "unknown value 'hommel' for p_adjust; allowed: bonferroni, holm, hochberg, BH, fdr, BY");
  }
  EXPECT_EQ(ParsePAdjustMethod("fdr"), PAdjustMethod::kBH);
}

}  // namespace
}  // namespace pioneer::stats
