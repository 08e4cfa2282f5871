// limma 3.54 lmFit + eBayes + topTable on the real Limagne 2022 cohort:
// responders (R) vs non-responders (NR), trend FALSE / TRUE, with and
// without histology as covariate. Relative tolerance 1e-8 on every
// statistic of the fixture rows (top 500 genes and every 20th further).
#include <gtest/gtest.h>

#include <boost/math/special_functions/trigamma.hpp>

#include "fixture_util.h"
#include "pioneer/biomarkers/design.h"
#include "pioneer/biomarkers/limma.h"
#include "pioneer/io/delimited.h"

namespace pioneer::biomarkers {
namespace {

using testing::Close;

struct Case {
  const char* fixture;
  bool histology;
  bool trend;
};

class LimmaReference : public ::testing::TestWithParam<Case> {};

TEST_P(LimmaReference, MatchesTopTable) {
  const Case c = GetParam();
  static const ExpressionMatrix expr =
      ReadExpression(testing::SharedData(testing::kLimagneExpr), Scale::kLog2Tpm);
  const core::Table samples = io::ReadDelimited(testing::SharedData(testing::kLimagneClinical));
  DesignSpec spec;
  spec.group = "response";
  spec.contrast = "R-NR";
  if (c.histology) spec.covariates = {"disease.state.ch1"};
  const Design d = BuildDesign(samples, expr.samples, spec);
  EXPECT_EQ(d.samples.size(), 22u);
  ExpressionMatrix y;
  y.genes = expr.genes;
  for (std::size_t col : d.expression_columns) y.samples.push_back(expr.samples[col]);
  for (std::size_t g = 0; g < expr.n_genes(); ++g) {
    for (std::size_t col : d.expression_columns) y.values.push_back(expr.at(g, col));
  }
  LimmaOptions options;
  options.trend = c.trend;
  const DeResult r = LimmaDe(y, d.matrix, d.tested, d.column_names[d.tested], options);
  const testing::FixtureTable fx = testing::ReadFixture(testing::Fixture(c.fixture));
  ASSERT_GT(fx.rows.size(), 1000u);
  for (const auto& row : fx.rows) {
    const std::size_t rank = std::stoul(row[0]);
    ASSERT_LE(rank, r.rows.size());
    const DeRow& got = r.rows[rank - 1];
    ASSERT_EQ(got.gene, row[1]) << "rank " << rank;
    EXPECT_PRED2(Close, got.log_fc, std::stod(row[2])) << got.gene;
    EXPECT_PRED2(Close, got.ave_expr, std::stod(row[3])) << got.gene;
    EXPECT_PRED2(Close, got.t, std::stod(row[4])) << got.gene;
    EXPECT_PRED2(Close, got.p_value, std::stod(row[5])) << got.gene;
    EXPECT_PRED2(Close, got.adj_p_value, std::stod(row[6])) << got.gene;
    EXPECT_PRED2(Close, got.b, std::stod(row[7])) << got.gene;
  }
}

INSTANTIATE_TEST_SUITE_P(Limagne, LimmaReference,
                         ::testing::Values(Case{"limma_plain.tsv", false, false},
                                           Case{"limma_plain_trend.tsv", false, true},
                                           Case{"limma_histology.tsv", true, false},
                                           Case{"limma_histology_trend.tsv", true, true}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.histology ? "histology" : "plain") +
                                  (info.param.trend ? "_trend" : "");
                         });

TEST(Limma, TrigammaInverseInvertsTrigamma) {
  for (double y : {0.01, 0.5, 3.0, 40.0, 1e4}) {
    EXPECT_NEAR(TrigammaInverse(boost::math::trigamma(y)) / y, 1.0, 1e-8);
  }
}

}  // namespace
}  // namespace pioneer::biomarkers
