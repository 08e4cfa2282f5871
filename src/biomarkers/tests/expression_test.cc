#include "pioneer/biomarkers/expression.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "pioneer/biomarkers/signatures.h"
#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

TEST(Expression, ParsesTsv) {
  const ExpressionMatrix m =
      ParseExpression("gene\ta\tb\nG1\t1\t2\nG2\t-3.5\t4e-1\n", "x.tsv", Scale::kLog2Tpm);
  ASSERT_EQ(m.n_genes(), 2u);
  ASSERT_EQ(m.n_samples(), 2u);
  EXPECT_EQ(m.samples[1], "b");
  EXPECT_DOUBLE_EQ(m.at(1, 0), -3.5);
  EXPECT_DOUBLE_EQ(m.at(1, 1), 0.4);
}

TEST(Expression, ReportsEveryBadCellWithLineAndColumn) {
  try {
    ParseExpression("gene,a,b\nG1,1,x\nG1,2,3\nG3,1\n", "e.csv", Scale::kTpm);
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 3u);
    EXPECT_EQ(e.diagnostics()[0].ToString(), "e.csv:2:3: expected a finite number: \"x\"");
    EXPECT_EQ(e.diagnostics()[1].line, 3);
    EXPECT_EQ(e.diagnostics()[1].message, "duplicate gene id");
    EXPECT_EQ(e.diagnostics()[2].line, 4);
  }
}

TEST(Expression, RejectsNegativeValuesOnLinearScale) {
  EXPECT_THROW(ParseExpression("gene\ta\nG\t-1\n", "e.tsv", Scale::kCounts), InputError);
  EXPECT_NO_THROW(ParseExpression("gene\ta\nG\t-1\n", "e.tsv", Scale::kLog2Tpm));
  EXPECT_THROW(ParseExpression("gene\ta\nG\tNA\n", "e.tsv", Scale::kLog2Tpm), InputError);
  EXPECT_THROW(ParseExpression("gene\ta\ta\nG\t1\t2\n", "e.tsv", Scale::kLog2Tpm), InputError);
}

TEST(Expression, ScaleConversions) {
  const ExpressionMatrix m = ParseExpression("gene\ta\nG\t3\n", "e.tsv", Scale::kLog2Tpm);
  // log2(TPM + 0.001) = 3 -> TPM = 8 - 0.001 -> log2(TPM + 1) = log2(8.999)
  EXPECT_DOUBLE_EQ(ToLog2TpmPlus1(m, Scale::kLog2Tpm, 0.001).at(0, 0), std::log2(8.999));
  const ExpressionMatrix c = ParseExpression("gene\ta\nG1\t1\nG2\t3\n", "c.tsv", Scale::kCounts);
  EXPECT_DOUBLE_EQ(ToLog2(c, Scale::kCounts).at(0, 0), std::log2(250000.0 + 1));
}

TEST(Signatures, BuiltinLibraryHasProvenanceAndGepWeights) {
  EXPECT_EQ(BuiltinSignatures().size(), 236u);
  const Signature* gep = FindSignature("GEP18");
  ASSERT_NE(gep, nullptr);
  EXPECT_EQ(gep->genes.size(), 18u);
  EXPECT_EQ(gep->housekeeping.size(), 11u);
  EXPECT_EQ(gep->pmid, "28650338;30309915");
  EXPECT_EQ(gep->source_repo, "olapuentesantana/easier");
  const auto stat1 = std::find(gep->genes.begin(), gep->genes.end(), "STAT1") - gep->genes.begin();
  EXPECT_DOUBLE_EQ(gep->weights[static_cast<std::size_t>(stat1)], 0.250229);
  const auto cd276 = std::find(gep->genes.begin(), gep->genes.end(), "CD276") - gep->genes.begin();
  EXPECT_DOUBLE_EQ(gep->weights[static_cast<std::size_t>(cd276)], -0.0239);
  const Signature* impres = FindSignature("IMPRES");
  ASSERT_NE(impres, nullptr);
  EXPECT_EQ(impres->pairs.size(), 15u);
}

TEST(Signatures, ResolvesDocumentedAliasesAndReportsMissingGenes) {
  const ExpressionMatrix m = ParseExpression("gene\ta\tb\nCCN2\t1\t2\nRFLNB\t1\t3\nACTA2\t2\t2\n",
                                             "e.tsv", Scale::kLog2Tpm);
  const Signature* tbrs = FindSignature("PAN_F_TBRS");
  ASSERT_NE(tbrs, nullptr);
  const ResolvedSignature r = Resolve(*tbrs, m, GeneIndex(m.genes));
  EXPECT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.missing.size(), 16u);
  ASSERT_EQ(r.aliases_used.size(), 2u);
  EXPECT_EQ(r.aliases_used[0], (std::pair<std::string, std::string>{"CTGF", "CCN2"}));
}

TEST(Signatures, GmtErrors) {
  const auto sets = ParseGmt("A\tdesc\tG1\tG2\tG1\nB\t\tG3\n", "s.gmt");
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0].genes.size(), 2u);
  try {
    ParseGmt("A\td\tG\nA\td\tH\nC\td\n", "s.gmt");
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].line, 2);
    EXPECT_EQ(e.diagnostics()[1].line, 3);
  }
}

}  // namespace
}  // namespace pioneer::biomarkers
