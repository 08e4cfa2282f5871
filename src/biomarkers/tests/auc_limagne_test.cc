// AUC for response of the key ICI signatures on the real Limagne 2022
// cohort (6 responders, 16 non-responders with a response): pioneer's
// signature scores (native methods on log2(TPM + 1) recovered from the
// file's log2(TPM + 0.001)) and screen, against the values computed
// independently by tests/reference/biomarkers_auc.R. AUCs are ratios of
// integers: they must agree exactly (to rounding).
#include <gtest/gtest.h>

#include <cmath>

#include "fixture_util.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/screen.h"
#include "pioneer/io/delimited.h"

namespace pioneer::biomarkers {
namespace {

TEST(LimagneAuc, KeySignaturesAndCd274) {
  const ExpressionMatrix m =
      ReadExpression(testing::SharedData(testing::kLimagneExpr), Scale::kLog2Tpm);
  const core::Table clinical = io::ReadDelimited(testing::SharedData(testing::kLimagneClinical));
  const std::size_t id = clinical.Require("sample_id"), resp = clinical.Require("response");
  std::vector<double> outcome;
  for (const std::string& sample : m.samples) {
    double y = std::nan("");
    for (std::size_t r = 0; r < clinical.rows(); ++r) {
      if (clinical.cell(r, id) == sample && !core::IsMissing(clinical.cell(r, resp))) {
        y = clinical.cell(r, resp) == "R" ? 1 : 0;
      }
    }
    outcome.push_back(y);
  }
  auto score = [&](const char* name, ScoreMethod method) {
    ScoreOptions options;
    options.method = method;
    options.log_offset = 0.001;  // the file holds log2(TPM + 0.001)
    const ScoreResult r = ScoreSignatures(m, {FindSignature(name)}, options);
    EXPECT_TRUE(r.resolved[0].missing.empty()) << name;
    return Feature{name, std::vector<double>(r.scores.begin(), r.scores.end())};
  };
  std::vector<Feature> features{score("GEP18", ScoreMethod::kWeighted),
                                score("IFNG6", ScoreMethod::kMean),
                                score("CYT", ScoreMethod::kGeomean)};
  const long cd274 = GeneIndex(m.genes).Find("CD274");
  ASSERT_GE(cd274, 0);
  features.push_back(
      {"CD274", std::vector<double>(m.row(static_cast<std::size_t>(cd274)),
                                    m.row(static_cast<std::size_t>(cd274)) + m.n_samples())});
  const std::vector<ScreenRow> rows = ScreenResponse(features, outcome, {});
  ASSERT_EQ(rows[0].n, 22u);
  EXPECT_EQ(rows[0].n_positive, 6u);
  EXPECT_NEAR(rows[0].auc, 0.75, 1e-12);       // GEP18
  EXPECT_NEAR(rows[1].auc, 58.0 / 96, 1e-12);  // IFNG6 0.6041666667
  EXPECT_NEAR(rows[2].auc, 77.0 / 96, 1e-12);  // CYT   0.8020833333
  EXPECT_NEAR(rows[3].auc, 74.0 / 96, 1e-12);  // CD274 0.7708333333
}

}  // namespace
}  // namespace pioneer::biomarkers
