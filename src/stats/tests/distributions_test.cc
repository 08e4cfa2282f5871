#include "pioneer/stats/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "basic_fixture.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

// Each R call of the fixture, evaluated with the pioneer function of the same name.
const std::map<std::string, std::function<double()>>& Calls() {
  static const std::map<std::string, std::function<double()>> calls = {
      {"pnorm(-1.96)", [] { return Pnorm(-1.96); }},
      {"pnorm(-37.5)", [] { return Pnorm(-37.5); }},
      {"pnorm(8.5, lower.tail = FALSE)", [] { return Pnorm(8.5, false); }},
      {"qnorm(0.975)", [] { return Qnorm(0.975); }},
      {"qnorm(1e-300)", [] { return Qnorm(1e-300); }},
      {"pt(-2.5, 7.3)", [] { return Pt(-2.5, 7.3); }},
      {"pt(40, 3, lower.tail = FALSE)", [] { return Pt(40, 3, false); }},
      {"qt(0.995, 2.5)", [] { return Qt(0.995, 2.5); }},
      {"pchisq(62.9, 15, lower.tail = FALSE)", [] { return Pchisq(62.9, 15, false); }},
      {"pchisq(400, 3, lower.tail = FALSE)", [] { return Pchisq(400, 3, false); }},
      {"pchisq(0.001, 2)", [] { return Pchisq(0.001, 2); }},
      {"qbeta(0.025, 3, 15)", [] { return Qbeta(0.025, 3, 15); }},
      {"dbinom(3, 17, 0.35)", [] { return Dbinom(3, 17, 0.35); }},
      {"pbinom(87, 331, 0.2, lower.tail = FALSE)", [] { return Pbinom(87, 331, 0.2, false); }},
      {"dhyper(34, 87, 244, 96, log = TRUE)", [] { return LogDhyper(34, 87, 244, 96); }},
      {"phyper(20, 87, 244, 96)", [] { return Phyper(20, 87, 244, 96); }},
      {"phyper(33, 87, 244, 96, lower.tail = FALSE)",
       [] { return Phyper(33, 87, 244, 96, false); }},
  };
  return calls;
}

TEST(Distributions, MatchRIncludingFarTails) {
  const auto& c = Case("distributions");
  const auto calls = c.at("calls");
  const auto values = Nums(c.at("values"));
  ASSERT_EQ(calls.size(), Calls().size());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const std::string call = calls[i].get<std::string>();
    ASSERT_TRUE(Calls().count(call)) << "no C++ counterpart for " << call;
    ExpectClose(Calls().at(call)(), values[i], call);
  }
}

TEST(Distributions, EndsOfSupportAndNaN) {
  EXPECT_EQ(Qnorm(0), -INFINITY);
  EXPECT_EQ(Qnorm(1), INFINITY);
  EXPECT_EQ(Pnorm(INFINITY), 1.0);
  EXPECT_EQ(Pt(-INFINITY, 3), 0.0);
  EXPECT_EQ(Pchisq(0, 3, false), 1.0);
  EXPECT_TRUE(std::isnan(Pnorm(std::nan(""))));
  EXPECT_EQ(Pbinom(-1, 10, 0.5), 0.0);
  EXPECT_EQ(Pbinom(10, 10, 0.5), 1.0);
  EXPECT_EQ(Dbinom(11, 10, 0.5), 0.0);
  EXPECT_EQ(LogDhyper(50, 87, 244, 40), -INFINITY);  // more white drawn than drawn
}

}  // namespace
}  // namespace pioneer::stats
