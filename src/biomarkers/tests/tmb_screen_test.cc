#include <gtest/gtest.h>

#include <cmath>

#include "pioneer/biomarkers/screen.h"
#include "pioneer/biomarkers/tmb.h"
#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

constexpr const char* kMaf =
    "#version 2.4\n"
    "Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\tt_alt_count\tt_ref_count\n"
    "TP53\tMissense_Mutation\tS1\t10\t30\n"
    "KRAS\tSilent\tS1\t10\t30\n"
    "EGFR\tIn_Frame_Del\tS1\t2\t98\n"
    "STK11\tNonsense_Mutation\tS2\t5\t5\n"
    "KEAP1\tIntron\tS3\t5\t5\n";

TEST(Tmb, CountsNonsynonymousPerMbAsMaftools) {
  TmbOptions options;
  options.capture_mb = 2;
  const std::vector<TmbRow> rows = TmbFromMaf(kMaf, "x.maf", options);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].sample, "S1");
  EXPECT_EQ(rows[0].total, 2u);
  EXPECT_EQ(rows[0].all_variants, 3u);
  EXPECT_DOUBLE_EQ(rows[0].per_mb, 1.0);
  EXPECT_DOUBLE_EQ(rows[0].per_mb_log10, 0.0);
  EXPECT_EQ(rows[2].total, 0u);
  EXPECT_TRUE(std::isinf(rows[2].per_mb_log10));
}

TEST(Tmb, VafAndDepthFilters) {
  TmbOptions options;
  options.capture_mb = 1;
  options.min_vaf = 0.05;
  std::vector<TmbRow> rows = TmbFromMaf(kMaf, "x.maf", options);
  EXPECT_EQ(rows[0].total, 1u);  // EGFR at VAF 0.02 removed
  EXPECT_EQ(rows[0].filtered, 1u);
  options.min_vaf = 0;
  options.min_depth = 20;
  rows = TmbFromMaf(kMaf, "x.maf", options);
  EXPECT_EQ(rows[1].total, 0u);  // STK11 at depth 10 removed
}

TEST(Tmb, BadCountsNameFileLineColumn) {
  TmbOptions options;
  options.capture_mb = 1;
  options.min_vaf = 0.1;
  try {
    TmbFromMaf(
        "#v\nVariant_Classification\tTumor_Sample_Barcode\tt_alt_count\tt_depth\nMissense_"
        "Mutation\tS\tx\t3\n",
        "m.maf", options);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].ToString(), "m.maf:3:3: expected a count >= 0: \"x\"");
  }
  options.capture_mb = 0;
  EXPECT_THROW(TmbFromMaf(kMaf, "x.maf", options), UsageError);
}

TEST(Screen, ResponseAucWilcoxonAndOddsRatio) {
  // A perfect separator and a useless feature.
  Feature good{"good", {1, 2, 3, 4, 5, 6, 7, 8}};
  Feature flat{"noise", {1, 8, 2, 7, 3, 6, 4, 5}};
  const std::vector<double> outcome{0, 0, 0, 0, 1, 1, 1, 1};
  ScreenOptions options;
  options.permutations = 50;
  options.seed = 7;
  const std::vector<ScreenRow> rows = ScreenResponse({good, flat}, outcome, options);
  EXPECT_DOUBLE_EQ(rows[0].auc, 1.0);
  EXPECT_NEAR(rows[0].wilcoxon_p, 0.028571428571428571, 1e-12);  // wilcox.test exact: 2/70
  EXPECT_DOUBLE_EQ(rows[1].auc, 0.5);
  EXPECT_LE(rows[0].permutation_fdr, 1.0);
  EXPECT_LE(rows[0].q_wilcoxon, rows[1].q_wilcoxon);
  // Same seed, same permutation FDR.
  const std::vector<ScreenRow> again = ScreenResponse({good, flat}, outcome, options);
  EXPECT_EQ(rows[0].permutation_fdr, again[0].permutation_fdr);
}

TEST(Screen, PermutationFdrIsMonotoneAndCapped) {
  const std::vector<double> observed{0.001, 0.02, 0.5};
  const std::vector<std::vector<double>> null{{0.3, 0.6, 0.9}, {0.01, 0.4, 0.8}};
  const std::vector<double> fdr = PermutationFdr(observed, null);
  EXPECT_DOUBLE_EQ(fdr[0], 0.0);
  EXPECT_DOUBLE_EQ(fdr[1], 0.25);  // 0.5 false calls / 2 calls
  EXPECT_DOUBLE_EQ(fdr[2], 0.5);   // 1.5 false calls / 3 calls
}

}  // namespace
}  // namespace pioneer::biomarkers
