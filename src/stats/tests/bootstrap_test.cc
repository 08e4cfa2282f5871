#include "pioneer/stats/bootstrap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "basic_fixture.h"
#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

double Mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// boot.ci's percentile and BCa limits on boot's own 999 replicates of a
// ratio of means (lung: meal.cal / (wt.loss + 30)), with the jackknife values.
TEST(IntervalsFromReplicates, MatchesBootCiOnTheSameDraws) {
  const auto& c = Case("boot_ratio");
  const BootstrapIntervals iv =
      IntervalsFromReplicates(Num(c.at("t0")), Nums(c.at("t")), Nums(c.at("jackknife")), 0.9);
  ASSERT_TRUE(iv.bca_available);
  ExpectClose(iv.percentile.lower, Num(c.at("percentile")[0]), "percentile lower");
  ExpectClose(iv.percentile.upper, Num(c.at("percentile")[1]), "percentile upper");
  ExpectClose(iv.bca.lower, Num(c.at("bca")[0]), "BCa lower");
  ExpectClose(iv.bca.upper, Num(c.at("bca")[1]), "BCa upper");
}

// A hand-computed case: replicates 1..19, t0 = 10, jackknife values with
// known skew; 50% intervals so that (R + 1) alpha = 5 and 15 are integers.
double HandBcaLimit(double z0, double a, double alpha) {
  const double z = z0 + Qnorm(alpha);
  const double adjusted = Pnorm(z0 + z / (1 - a * z));
  const double k = std::floor(20 * adjusted);  // (R + 1) alpha, R = 19; order statistic k is k
  return k + (Qnorm(adjusted) - Qnorm(k / 20)) / (Qnorm((k + 1) / 20) - Qnorm(k / 20));
}

TEST(IntervalsFromReplicates, HandComputedBca) {
  std::vector<double> t(19);
  std::iota(t.begin(), t.end(), 1.0);
  const std::vector<double> jack = {8, 9, 10, 14};
  const double z0 = Qnorm(9.0 / 19);  // 9 of 19 replicates below t0 = 10
  // boot: L = 3 (t0 - t_(-i)) = 6, 3, 0, -12.
  const double a_boot = (216.0 + 27 + 0 - 1728) / (6 * std::pow(36.0 + 9 + 0 + 144, 1.5));
  // Efron: centred on the jackknife mean 10.25: L = 3 (10.25 - t_(-i)).
  const double a_efron =
      (std::pow(6.75, 3) + std::pow(3.75, 3) + std::pow(0.75, 3) + std::pow(-11.25, 3)) /
      (6 * std::pow(6.75 * 6.75 + 3.75 * 3.75 + 0.75 * 0.75 + 11.25 * 11.25, 1.5));
  const BootstrapIntervals iv = IntervalsFromReplicates(10, t, jack, 0.5);
  EXPECT_DOUBLE_EQ(iv.acceleration, a_boot);
  EXPECT_DOUBLE_EQ(iv.z0, z0);
  EXPECT_EQ(iv.percentile.lower, 5);
  EXPECT_EQ(iv.percentile.upper, 15);
  EXPECT_NEAR(iv.bca.lower, HandBcaLimit(z0, a_boot, 0.25), 1e-12);
  EXPECT_NEAR(iv.bca.upper, HandBcaLimit(z0, a_boot, 0.75), 1e-12);
  const BootstrapIntervals efron =
      IntervalsFromReplicates(10, t, jack, 0.5, JackknifeCentre::kJackknifeMean);
  EXPECT_DOUBLE_EQ(efron.acceleration, a_efron);
  EXPECT_NEAR(efron.bca.lower, HandBcaLimit(z0, a_efron, 0.25), 1e-12);
}

TEST(IntervalsFromReplicates, DegenerateCasesAreFlagged) {
  // All replicates above t0: z0 = -Inf, BCa unavailable (boot stops).
  const BootstrapIntervals above = IntervalsFromReplicates(0, {1, 2, 3, 4}, {1, 2, 3}, 0.95);
  EXPECT_FALSE(above.bca_available);
  EXPECT_TRUE(above.extreme_order_statistics);
  // Jackknife values all equal to t0: acceleration 0/0.
  EXPECT_FALSE(IntervalsFromReplicates(2, {1, 2, 3, 4}, {2, 2, 2}, 0.5).bca_available);
  EXPECT_THROW(IntervalsFromReplicates(0, {1}, {}, 0.9), Error);
}

TEST(Bootstrap, SameSeedSameResultDifferentSeedDifferent) {
  const std::vector<double> nlr = Select(Icb().Column("NLR"), NsclcRows());
  const BootstrapOptions options{.replicates = 500, .seed = 7, .keep_replicates = true};
  const BootstrapResult a = Bootstrap(nlr, Mean, options);
  const BootstrapResult b = Bootstrap(nlr, Mean, options);
  EXPECT_EQ(a.replicate_values, b.replicate_values);
  EXPECT_EQ(a.ToJson(), b.ToJson());
  BootstrapOptions other = options;
  other.seed = 8;
  EXPECT_NE(Bootstrap(nlr, Mean, other).replicate_values, a.replicate_values);
  EXPECT_EQ(a.estimate, Mean(nlr));
  EXPECT_EQ(a.jackknife_values.size(), nlr.size());
  EXPECT_LT(a.intervals.bca.lower, a.estimate);
  EXPECT_GT(a.intervals.bca.upper, a.estimate);
}

// Coverage of the mean of exponential samples (skewed: BCa's use case),
// 400 data sets of n = 40: the 90% intervals must cover the true mean 1 in
// 78%..97% of them (a band > 4 binomial SEs wide around 0.9 with room for
// the known small-sample undercoverage of the percentile interval).
TEST(Bootstrap, CoverageOnSkewedData) {
  core::Rng rng(2024);
  int covered_perc = 0;
  int covered_bca = 0;
  constexpr int kTrials = 400;
  for (int trial = 0; trial < kTrials; ++trial) {
    std::vector<double> sample(40);
    for (double& v : sample) v = rng.Exponential(1.0);
    const BootstrapResult r = Bootstrap(
        sample, Mean,
        {.replicates = 499, .seed = static_cast<std::uint64_t>(trial), .confidence = 0.9});
    covered_perc += r.intervals.percentile.lower <= 1 && 1 <= r.intervals.percentile.upper;
    covered_bca += r.intervals.bca.lower <= 1 && 1 <= r.intervals.bca.upper;
  }
  EXPECT_GE(covered_perc, 0.78 * kTrials);
  EXPECT_LE(covered_perc, 0.97 * kTrials);
  EXPECT_GE(covered_bca, 0.78 * kTrials);
  EXPECT_LE(covered_bca, 0.97 * kTrials);
}

TEST(Bootstrap, BadOptions) {
  EXPECT_THROW(Bootstrap({1.0, 2.0}, Mean, {.replicates = 1}), Error);
  EXPECT_THROW(Bootstrap({1.0}, Mean), Error);
  EXPECT_THROW(Bootstrap({1.0, 2.0}, Mean, {.confidence = 0}), Error);
}

}  // namespace
}  // namespace pioneer::stats
