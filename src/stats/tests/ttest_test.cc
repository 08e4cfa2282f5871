#include "pioneer/stats/ttest.h"

#include <gtest/gtest.h>

#include <cmath>

#include "basic_fixture.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

void ExpectMatches(const TTestResult& r, const std::string& name) {
  const auto& c = Case(name);
  ExpectClose(r.t, Num(c.at("statistic")), name + " t");
  ExpectClose(r.df, Num(c.at("parameter")), name + " df");
  ExpectClose(r.p_value, Num(c.at("p_value")), name + " p");
  ExpectClose(r.conf_int.lower, Num(c.at("conf_int")[0]), name + " lower");
  ExpectClose(r.conf_int.upper, Num(c.at("conf_int")[1]), name + " upper");
  const std::vector<double> est = Nums(
      c.at("estimate").is_array() ? c.at("estimate") : nlohmann::json::array({c.at("estimate")}));
  ExpectClose(r.mean_x, est[0], name + " mean x");
  if (est.size() > 1) ExpectClose(r.mean_y, est[1], name + " mean y");
}

// t.test(Albumin ~ Response, data = nsclc): x = Response 0, y = Response 1.
std::pair<std::vector<double>, std::vector<double>> AlbuminByResponse() {
  const auto nsclc = NsclcRows();
  const auto albumin = Icb().Column("Albumin");
  const auto response = Icb().Column("Response");
  std::vector<bool> r0(nsclc.size());
  std::vector<bool> r1(nsclc.size());
  for (std::size_t i = 0; i < nsclc.size(); ++i) {
    r0[i] = nsclc[i] && response[i] == 0;
    r1[i] = nsclc[i] && response[i] == 1;
  }
  return {Select(albumin, r0), Select(albumin, r1)};
}

TEST(TTest, WelchMatchesR) {
  const auto [x, y] = AlbuminByResponse();
  ExpectMatches(TTest(x, y), "welch_albumin_response");
}

TEST(TTest, StudentMatchesR) {
  const auto [x, y] = AlbuminByResponse();
  const TTestResult r = TTest(x, y, {.var_equal = true});
  EXPECT_FALSE(r.welch);
  ExpectMatches(r, "student_albumin_response");
}

TEST(TTest, OneSidedOnLungWithMissingSexFree) {
  const auto age = Lung().Column("age");
  const auto sex = Lung().Column("sex");
  std::vector<bool> male(sex.size());
  std::vector<bool> female(sex.size());
  for (std::size_t i = 0; i < sex.size(); ++i) {
    male[i] = sex[i] == 1;
    female[i] = sex[i] == 2;
  }
  ExpectMatches(TTest(Select(age, male), Select(age, female),
                      {.alternative = Alternative::kLess, .confidence = 0.9}),
                "welch_lung_age_sex_less");
}

TEST(TTest, OneSampleMatchesR) {
  const auto albumin = Select(Icb().Column("Albumin"), NsclcRows());
  ExpectMatches(OneSampleTTest(albumin, {.mu = 3.8}), "onesample_albumin");
}

TEST(TTest, NaNDroppedAndCounted) {
  const auto [x, y] = AlbuminByResponse();
  std::vector<double> xn = x;
  xn.push_back(std::nan(""));
  xn.insert(xn.begin(), std::nan(""));
  const TTestResult with_nan = TTest(xn, y);
  EXPECT_EQ(with_nan.missing, 2u);
  EXPECT_EQ(with_nan.t, TTest(x, y).t);
}

TEST(TTest, TooFewOrConstantIsFailedPrecondition) {
  auto code = [](auto f) {
    try {
      f();
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::kInternal;
  };
  EXPECT_EQ(code([] {
              TTest({1.0}, {2.0, 3.0});
            }),
            ErrorCode::kFailedPrecondition);                                       // n = 1, Welch
  EXPECT_EQ(code([] { TTest({}, {2.0, 3.0}); }), ErrorCode::kFailedPrecondition);  // empty group
  EXPECT_EQ(code([] {
              TTest({2.0, 2.0}, {2.0, 2.0});
            }),
            ErrorCode::kFailedPrecondition);  // all ties
  EXPECT_EQ(code([] {
              TTest({1.0, 2.0}, {3.0, 4.0}, {.confidence = 1.0});
            }),
            ErrorCode::kInvalidArgument);
  // Student with n = 1 in one group is allowed (R: pooled variance from the other).
  EXPECT_NO_THROW(TTest({1.0}, {2.0, 3.0, 5.0}, {.var_equal = true}));
}

TEST(TTest, JsonNamesTheTest) {
  const auto [x, y] = AlbuminByResponse();
  const nlohmann::json j = TTest(x, y).ToJson();
  EXPECT_EQ(j.at("test"), "Welch t");
  EXPECT_EQ(j.at("conf_int").at("level"), 0.95);
}

}  // namespace
}  // namespace pioneer::stats
