// The fast GSVA kernels (gsva_kernel.cc) against GSVA 1.46's literal loop
// and against R on a synthetic matrix large enough for every shortcut
// (saturated pairs, near-integer table indices, ties, sparse genes).
#include "../gsva_kernel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "fixture_util.h"
#include "pioneer/biomarkers/gsva.h"

namespace pioneer::biomarkers {
namespace {

// Only the order of the double summation of F differs from GSVA's loop.
constexpr double kDensityTolerance = 1e-12;

std::vector<double> Values(std::size_t n, unsigned seed, double spread, bool ties) {
  std::vector<double> v(n);
  std::uint64_t h = seed * 0x9E3779B97F4A7C15ull + 1;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= h << 13, h ^= h >> 7, h ^= h << 17;
    const double u = static_cast<double>(h % 1000003) / 1000003.0;
    v[i] = ties ? std::floor(u * 8)
                : std::tan((u - 0.5) * 3.0) * spread;  // heavy tails: saturated pairs
  }
  return v;
}

void ExpectDensitiesMatch(const std::vector<double>& x, double bw, detail::Isa isa) {
  const std::size_t n = x.size();
  std::vector<double> fast(n), reference(n);
  std::vector<std::uint8_t> order_free(n);
  detail::DensityScratch scratch;
  detail::GaussianRowDensity(x.data(), n, bw, fast.data(), order_free.data(), scratch, isa);
  detail::GaussianRowDensityReference(x.data(), n, bw, reference.data());
  for (std::size_t j = 0; j < n; ++j) {
    ASSERT_NEAR(fast[j], reference[j], kDensityTolerance * std::max(1.0, std::fabs(reference[j])))
        << "value " << j;
    ASSERT_LE(std::fabs(fast[j] - reference[j]), detail::DensityOrderTolerance(n) / 8)
        << "value " << j;
    if (order_free[j]) {
      ASSERT_EQ(fast[j], reference[j]) << "value " << j;  // bit for bit
    }
    EXPECT_EQ(detail::GaussianDensityInROrder(x.data(), n, bw, j), reference[j]);
  }
}

TEST(GsvaKernel, DensityMatchesGsvaLoop) {
  for (detail::Isa isa : {detail::Isa::kScalar, detail::Isa::kAuto}) {
    for (std::size_t n : {1u, 2u, 3u, 7u, 64u, 301u}) {
      for (unsigned seed : {1u, 2u}) {
        ExpectDensitiesMatch(Values(n, seed, 1.0, false), 0.4, isa);
        ExpectDensitiesMatch(Values(n, seed, 1.0, true), 0.7, isa);
      }
    }
  }
}

// Differences that are exact multiples of bw / 1000 put the table index on
// an integer, where the shortcut must fall back to GSVA's own division.
TEST(GsvaKernel, DensityOnIntegerTableIndices) {
  std::vector<double> x;
  for (int i = 0; i < 200; ++i) x.push_back((i * 37 % 200) * 0.0009765625);  // multiples of 2^-10
  for (detail::Isa isa : {detail::Isa::kScalar, detail::Isa::kAuto}) {
    ExpectDensitiesMatch(x, 0.0009765625 * 10, isa);  // index = difference * 2^10 * 100: integers
    ExpectDensitiesMatch(x, 0.1, isa);
  }
}

// Sparse values (many zeros far below the rest): most F are exact in any
// order and flagged so.
TEST(GsvaKernel, OrderFreeFlags) {
  std::vector<double> x(100, 0.0);
  for (std::size_t i = 0; i < x.size(); i += 7) x[i] = 5.0 + static_cast<double>(i) * 0.01;
  std::vector<double> out(x.size());
  std::vector<std::uint8_t> order_free(x.size());
  detail::DensityScratch scratch;
  detail::GaussianRowDensity(x.data(), x.size(), 0.05, out.data(), order_free.data(), scratch);
  EXPECT_TRUE(order_free[1]);   // a zero: 0.5 with every zero, 0 with the rest
  EXPECT_FALSE(order_free[0]);  // 5.00 is 0.07 (1.4 bw) from 5.07
  ExpectDensitiesMatch(x, 0.05, detail::Isa::kAuto);
}

TEST(GsvaKernel, PairCdfIsAntisymmetric) {
  for (double d : {0.0, 1e-300, 0.3, 1.7, 3.99, 4.0, 4.01, 9.0}) {
    EXPECT_EQ(detail::GsvaPairCdf(-d, 0.4), 1.0 - detail::GsvaPairCdf(d, 0.4)) << d;
  }
  EXPECT_EQ(detail::GsvaPairCdf(4.000001, 0.4), 1.0);  // v > 10
  EXPECT_EQ(detail::GsvaPairCdf(-4.000001, 0.4), 0.0);
}

TEST(GsvaKernel, RankOrderIsStable) {
  std::vector<double> v = Values(1000, 3, 1.0, true);
  v[5] = -0.0;
  v[9] = 0.0;
  v.push_back(-1e300);
  v.push_back(1e300);
  detail::DensityScratch scratch;
  for (bool descending : {false, true}) {
    std::vector<std::uint32_t> order;
    detail::RankOrder(v.data(), v.size(), descending, order, scratch);
    std::vector<std::uint32_t> expected(v.size());
    std::iota(expected.begin(), expected.end(), 0u);
    std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) {
      return descending ? v[a] > v[b] : v[a] < v[b];
    });
    EXPECT_EQ(order, expected);
  }
}

// The matrix of tests/reference/biomarkers_gsva_synthetic.R, bit for bit.
std::vector<double> SyntheticMatrix(std::size_t genes, std::size_t samples) {
  std::vector<double> x(genes * samples);
  for (std::size_t g = 0; g < genes; ++g) {
    for (std::size_t j = 0; j < samples; ++j) {
      const std::uint64_t h = (g * 2654435761ull + j * 40503ull + g * j * 97ull) % 65521ull;
      double v = static_cast<double>(h) / 4096 + static_cast<double>(g % 17) / 8;
      if (g % 10 == 0 && h % 3 != 0) v = 0;
      if (g % 10 == 5) v = std::floor(v);
      x[g * samples + j] = v;
    }
  }
  return x;
}

void ExpectSyntheticMatchesR(const char* method, bool gsva, int threads) {
  constexpr std::size_t kGenes = 2000, kSamples = 300;
  const std::vector<double> x = SyntheticMatrix(kGenes, kSamples);
  GeneSetRows sets(20);
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (std::size_t g = 0; g < kGenes; ++g) {
      if ((g * (s + 3)) % 211 < 3 + s / 2) sets[s].push_back(g);
    }
  }
  const MatrixView view{x.data(), kGenes, kSamples};
  const std::vector<double> es =
      gsva ? GsvaGaussian(view, sets, threads) : Ssgsea(view, sets, 0.25, true, threads);
  const testing::FixtureTable fx =
      testing::ReadFixture(testing::Fixture(std::string("gsva_synthetic_") + method + ".tsv"));
  ASSERT_EQ(fx.rows.size(), sets.size());
  for (std::size_t s = 0; s < sets.size(); ++s) {
    ASSERT_EQ(fx.rows[s].size(), kSamples + 1);
    for (std::size_t j = 0; j < kSamples; ++j) {
      EXPECT_PRED2(testing::Close, es[s * kSamples + j], std::stod(fx.rows[s][j + 1]))
          << "set " << s << " sample " << j;
    }
  }
}

TEST(GsvaKernel, SyntheticGsvaMatchesR) { ExpectSyntheticMatchesR("gsva", true, 2); }
TEST(GsvaKernel, SyntheticSsgseaMatchesR) { ExpectSyntheticMatchesR("ssgsea", false, 1); }

}  // namespace
}  // namespace pioneer::biomarkers
