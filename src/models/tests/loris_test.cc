// LORIS (Chang et al., Nat Cancer 2024): the scores of the published
// formulas recomputed on the Chowell 2022 test set, against plain-R
// arithmetic and pROC (tests/reference/models_loris.R, fixture
// tests/fixtures/models/loris_chowell_test.json, tolerances stored there).
#include "pioneer/models/loris.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pioneer/diagnostics/columns.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/io/delimited.h"

namespace pioneer::models {
namespace {

nlohmann::json Fixture() {
  std::ifstream in(std::string(PIONEER_SOURCE_DIR) +
                   "/tests/fixtures/models/loris_chowell_test.json");
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

struct Cohort {
  core::Table table;
  std::vector<double> response;
  std::vector<bool> nsclc;
};
Cohort ChowellTest() {
  Cohort c{
      io::ReadDelimited(std::string(PIONEER_SHARED_DATA) + "/icb/chowell2022_msk_icb_test.tsv"),
      {},
      {}};
  c.response = diagnostics::ReadNumeric(c.table, {"Response"}, {"Response"}, false).values[0];
  const std::size_t type = c.table.Require("CancerType");
  for (std::size_t r = 0; r < c.table.rows(); ++r)
    c.nsclc.push_back(c.table.cell(r, type) == "NSCLC");
  return c;
}

std::vector<double> Scores(const Cohort& c, LorisVariant v) {
  const LorisFormula& f = Loris(v);
  return LorisScore(f, diagnostics::ReadNumeric(c.table, f.features, {}, false).values);
}

void ExpectScores(const std::vector<double>& got, const nlohmann::json& want, double rel) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (want[i].is_null()) {
      EXPECT_TRUE(std::isnan(got[i])) << i;
    } else {
      EXPECT_NEAR(got[i], want[i].get<double>(), rel * want[i].get<double>()) << i;
    }
  }
}

TEST(Loris, ScoresEqualThePublishedFormulaOnChowellTest) {
  const nlohmann::json fx = Fixture();
  const double rel = fx["tolerance"]["score_relative"];
  const Cohort c = ChowellTest();
  ExpectScores(Scores(c, LorisVariant::kNsclc), fx["nsclc"], rel);
  ExpectScores(Scores(c, LorisVariant::kPanCancer), fx["pan_cancer"], rel);
  ExpectScores(Scores(c, LorisVariant::kNsclcChowellTrain), fx["nsclc_chowell_train"], rel);
}

// The same scores from the original-scale form the authors print
// (12.Formula_LORIS.py): intercept' + sum (coef_j / scale_j) min(x_j, cap_j).
TEST(Loris, OriginalScaleFormEqualsStandardisedForm) {
  const Cohort c = ChowellTest();
  for (LorisVariant v : {LorisVariant::kNsclc, LorisVariant::kPanCancer}) {
    const LorisFormula& f = Loris(v);
    const auto cols = diagnostics::ReadNumeric(c.table, f.features, {}, false).values;
    const std::vector<double> lp = LorisLinearPredictor(f, cols);
    const std::vector<double> b = f.OriginalScaleCoefficients();
    for (std::size_t i = 0; i < lp.size(); ++i) {
      double x = f.OriginalScaleIntercept();
      for (std::size_t j = 0; j < b.size(); ++j) x += b[j] * std::min(cols[j][i], f.cap[j]);
      if (std::isnan(lp[i])) continue;
      EXPECT_NEAR(lp[i], x, 1e-12 * (1 + std::fabs(x))) << i;
    }
  }
  // 12.Formula_LORIS.py prints the NSCLC TMB coefficient as round(0.2691 / 7.6124, 4) = 0.0353.
  EXPECT_NEAR(Loris(LorisVariant::kNsclc).OriginalScaleCoefficients()[0], 0.0353, 5e-5);
}

TEST(Loris, AucAndPairedDeLongMatchPRoc) {
  const nlohmann::json fx = Fixture();
  const nlohmann::json& want = fx["nsclc_with_pdl1"];
  const Cohort c = ChowellTest();
  const std::vector<double> nsclc = Scores(c, LorisVariant::kNsclc),
                            pan = Scores(c, LorisVariant::kPanCancer);
  std::vector<double> a, b;
  std::vector<int> y;
  for (std::size_t i = 0; i < nsclc.size(); ++i) {
    if (!c.nsclc[i] || std::isnan(nsclc[i])) continue;
    a.push_back(nsclc[i]);
    b.push_back(pan[i]);
    y.push_back(static_cast<int>(c.response[i]));
  }
  ASSERT_EQ(y.size(), want["n"].get<std::size_t>());
  const diagnostics::RocOptions o{diagnostics::Direction::kLess, 0.95, false};
  const diagnostics::RocResult ra = diagnostics::Roc(a, y, o), rb = diagnostics::Roc(b, y, o);
  const double tol = fx["tolerance"]["auc_absolute"];
  EXPECT_NEAR(ra.auc, want["nsclc"]["auc"].get<double>(), tol);
  EXPECT_NEAR(ra.auc_lower, want["nsclc"]["lower"].get<double>(), tol);
  EXPECT_NEAR(ra.auc_upper, want["nsclc"]["upper"].get<double>(), tol);
  EXPECT_NEAR(rb.auc, want["pan_cancer"]["auc"].get<double>(), tol);
  const diagnostics::PairedTest t = diagnostics::PairedDeLongTest(ra, rb);
  EXPECT_NEAR(t.p, want["paired_delong"]["p"].get<double>(),
              fx["tolerance"]["p_relative"].get<double>() * t.p);
}

TEST(Loris, RefusesUnknownVariantAndWrongColumns) {
  EXPECT_THROW(ParseLorisVariant("lung"), Error);
  EXPECT_EQ(ParseLorisVariant("pan-cancer"), LorisVariant::kPanCancer);
  EXPECT_THROW(LorisScore(Loris(LorisVariant::kNsclc), {{1.0}}), Error);
}

}  // namespace
}  // namespace pioneer::models
