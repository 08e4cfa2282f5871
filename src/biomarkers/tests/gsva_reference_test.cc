// GSVA 1.46 scores on the real Limagne 2022 NSCLC cohort (log2(TPM + 0.001),
// used as given) for the gene-set subsets of ../shared/data/signatures:
// pioneer must agree with R to a relative 1e-8 on every score.
#include <gtest/gtest.h>

#include <map>

#include "fixture_util.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/signatures.h"

namespace pioneer::biomarkers {
namespace {

using testing::Close;
using testing::Fixture;
using testing::SharedData;

const ExpressionMatrix& Limagne() {
  static const ExpressionMatrix m =
      ReadExpression(SharedData(testing::kLimagneExpr), Scale::kLog2Tpm);
  return m;
}

struct Case {
  const char* fixture_method;
  ScoreMethod method;
  bool normalize;
  const char* subset;
};

class GsvaReference : public ::testing::TestWithParam<Case> {};

TEST_P(GsvaReference, MatchesR) {
  const Case c = GetParam();
  const std::vector<Signature> sets =
      ReadGmt(SharedData(std::string("signatures/subsets/") + c.subset + ".gmt"));
  std::vector<const Signature*> pointers;
  for (const Signature& s : sets) pointers.push_back(&s);
  ScoreOptions options;
  options.method = c.method;
  options.ssgsea_normalize = c.normalize;
  options.threads = 2;
  // GSVA matches symbols exactly: genesets_gmt22 keeps CTGF and FAM101B
  // (pan-F-TBRS), which this cohort names CCN2 and RFLNB.
  options.resolve_aliases = false;
  const ScoreResult r = ScoreSignatures(Limagne(), pointers, options);
  const testing::FixtureTable fx = testing::ReadFixture(
      Fixture(std::string("gsva_") + c.fixture_method + "_" + c.subset + ".tsv"));
  ASSERT_EQ(fx.rows.size(), sets.size());
  ASSERT_EQ(fx.header.size(), Limagne().n_samples() + 1);
  std::size_t compared = 0;
  for (std::size_t s = 0; s < fx.rows.size(); ++s) {
    ASSERT_EQ(fx.rows[s][0], r.signatures[s]);
    // PLAGE's sign is arbitrary (an SVD vector): align R's to pioneer's.
    double sign = 1;
    if (c.method == ScoreMethod::kPlage) {
      double dot = 0;
      for (std::size_t j = 0; j < r.samples.size(); ++j)
        dot += r.at(s, j) * std::stod(fx.rows[s][j + 1]);
      sign = dot < 0 ? -1 : 1;
    }
    for (std::size_t j = 0; j < r.samples.size(); ++j) {
      ASSERT_EQ(fx.header[j + 1], r.samples[j]);
      const double expected = sign * std::stod(fx.rows[s][j + 1]);
      EXPECT_PRED2(Close, r.at(s, j), expected) << r.signatures[s] << " / " << r.samples[j];
      ++compared;
    }
  }
  EXPECT_EQ(compared, sets.size() * 26);
}

INSTANTIATE_TEST_SUITE_P(
    Limagne, GsvaReference,
    ::testing::Values(Case{"ssgsea", ScoreMethod::kSsgsea, true, "genesets_key"},
                      Case{"ssgsea_nonorm", ScoreMethod::kSsgsea, false, "genesets_key"},
                      Case{"gsva", ScoreMethod::kGsva, true, "genesets_key"},
                      Case{"zscore", ScoreMethod::kCombinedZ, true, "genesets_key"},
                      Case{"plage", ScoreMethod::kPlage, true, "genesets_key"},
                      Case{"ssgsea", ScoreMethod::kSsgsea, true, "genesets_gmt22"},
                      Case{"ssgsea_nonorm", ScoreMethod::kSsgsea, false, "genesets_gmt22"},
                      Case{"gsva", ScoreMethod::kGsva, true, "genesets_gmt22"},
                      Case{"zscore", ScoreMethod::kCombinedZ, true, "genesets_gmt22"},
                      Case{"plage", ScoreMethod::kPlage, true, "genesets_gmt22"}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return std::string(info.param.fixture_method) + "_" + info.param.subset;
    });

// With the documented aliases (the default) pan-F-TBRS gains CCN2 and RFLNB;
// the other sets' unnormalised scores are unchanged.
TEST(GsvaAliases, ResolvingAliasesChangesOnlyTheSetsThatUseThem) {
  const std::vector<Signature> sets = ReadGmt(SharedData("signatures/subsets/genesets_gmt22.gmt"));
  std::vector<const Signature*> pointers;
  for (const Signature& s : sets) pointers.push_back(&s);
  ScoreOptions options;
  options.method = ScoreMethod::kSsgsea;
  options.ssgsea_normalize = false;
  const ScoreResult with = ScoreSignatures(Limagne(), pointers, options);
  options.resolve_aliases = false;
  const ScoreResult without = ScoreSignatures(Limagne(), pointers, options);
  for (std::size_t s = 0; s < sets.size(); ++s) {
    const bool tbrs = sets[s].name == "Mariathasan2018_PanF_TBRS";
    EXPECT_EQ(with.resolved[s].used.size(), without.resolved[s].used.size() + (tbrs ? 2 : 0))
        << sets[s].name;
    EXPECT_EQ(with.at(s, 0) == without.at(s, 0), !tbrs) << sets[s].name;
  }
}

}  // namespace
}  // namespace pioneer::biomarkers
