// The mixed model's t tests with nlme's containment-rule denominator df on
// EMT6, against summary.lme and anova.lme(L = ) (tests/reference/invivo_nlme.R
// -> tests/fixtures/invivo/emt6_nlme_t.json, tolerances stored there).
#include <fstream>

#include "emt6_fixture.h"
#include "pioneer/invivo/mixed_model.h"

namespace pioneer::invivo {
namespace {

using testing::Emt6;
using testing::ExpectClose;

nlohmann::json NlmeReference() {
  std::ifstream in(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/invivo/emt6_nlme_t.json");
  return nlohmann::json::parse(in);
}

TEST(MixedModelNlme, TTestsMatchSummaryLme) {
  const nlohmann::json ref = NlmeReference();
  const double rel_t = ref["tolerance"]["t_relative"], rel_p = ref["tolerance"]["p_relative"];
  const MixedModelResult r = FitGrowthMixedModel(Emt6(), {.control = "Isotype"});
  ASSERT_EQ(r.fixed.size(), ref["terms"].size());
  for (std::size_t i = 0; i < r.fixed.size(); ++i) {
    EXPECT_EQ(r.fixed[i].name, ref["terms"][i].get<std::string>());
    EXPECT_EQ(r.fixed[i].df, ref["df"][i].get<int>()) << r.fixed[i].name;
    ExpectClose(r.fixed[i].t, ref["t"][i], rel_t, r.fixed[i].name + " t");
    ExpectClose(r.fixed[i].p_t, ref["p"][i], rel_p, r.fixed[i].name + " p", 1e-300);
  }
}

TEST(MixedModelNlme, InteractionTTestMatchesAnovaLme) {
  const nlohmann::json ref = NlmeReference();
  const nlohmann::json& s = ref["synergy"];
  const MixedModelResult r = FitGrowthMixedModel(Emt6(), {.control = "Isotype"});
  const Eigen::VectorXd w = SlopeWeights(r, "aPD-L1 + aTGFb") - SlopeWeights(r, "aPD-L1") -
                            SlopeWeights(r, "aTGFb") + SlopeWeights(r, "Isotype");
  const Contrast c = LinearContrast(r, w, "interaction");
  EXPECT_EQ(c.df, 301);
  EXPECT_EQ(c.df, s["df"].get<int>());
  ExpectClose(c.t, s["t"], ref["tolerance"]["t_relative"], "t");
  ExpectClose(c.p_t, s["p"], ref["tolerance"]["p_relative"], "p (nlme 0.0110)");
  ExpectClose(c.p, s["p_wald_z"], ref["tolerance"]["p_relative"], "Wald z p (0.0105)");
}

}  // namespace
}  // namespace pioneer::invivo
