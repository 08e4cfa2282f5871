// REML mixed model on the EMT6 study against the tight lme4 REML optimum
// (cross-checked against nlme::lme, opt = "optim"): tests/reference/invivo.R.
#include "pioneer/invivo/mixed_model.h"

#include <gtest/gtest.h>

#include "emt6_fixture.h"

namespace pioneer::invivo {
namespace {

using namespace testing;  // NOLINT

constexpr double kMixedRel = 1e-6;  // the tolerance for the mixed model

TEST(MixedModel, MatchesLmerAndLmeOnEmt6) {
  const auto& ref = Reference().at("mixed_model");
  const MixedModelResult r = FitGrowthMixedModel(Emt6(), {.control = "Isotype"});
  ASSERT_TRUE(r.converged) << r.stop_reason;
  EXPECT_EQ(r.n_obs, ref.at("n_obs").get<std::size_t>());
  EXPECT_EQ(r.n_animals, ref.at("n_animals").get<std::size_t>());
  // The stable quantity first.
  ExpectClose(r.loglik_reml, ref.at("loglik_reml"), 1e-9, "REML log-likelihood");
  ExpectClose(r.loglik_reml, ref.at("loglik_reml_nlme"), 1e-9, "REML log-likelihood (nlme)");
  ASSERT_EQ(r.fixed.size(), ref.at("fixed").size());
  for (std::size_t i = 0; i < r.fixed.size(); ++i) {
    EXPECT_EQ(r.fixed[i].name, ref.at("fixed_names")[i].get<std::string>());
    // Absolute floor: 1e-6 of the coefficient's standard error (a near-zero
    // coefficient is determined only relative to its SE).
    ExpectClose(r.fixed[i].estimate, ref.at("fixed")[i], kMixedRel, r.fixed[i].name,
                1e-6 * ref.at("se")[i].get<double>());
    ExpectClose(r.fixed[i].se, ref.at("se")[i], kMixedRel, "se " + r.fixed[i].name);
    ExpectClose(r.fixed[i].estimate, ref.at("fixed_nlme")[i], 1e-5, "nlme " + r.fixed[i].name,
                1e-5 * ref.at("se")[i].get<double>());
  }
  ExpectClose(r.sd_intercept, ref.at("sd_intercept"), kMixedRel, "sd intercept");
  ExpectClose(r.sd_slope, ref.at("sd_slope"), kMixedRel, "sd slope");
  ExpectClose(r.correlation, ref.at("cor"), kMixedRel, "correlation");
  ExpectClose(r.sigma, ref.at("sigma"), kMixedRel, "residual sd");
  ExpectClose(r.sd_intercept, ref.at("sd_nlme")[0], 1e-5, "nlme sd intercept");
  ExpectClose(r.sd_slope, ref.at("sd_nlme")[1], 1e-5, "nlme sd slope");
}

TEST(MixedModel, InteractionContrastMatchesR) {
  const auto& ref = Reference().at("mixed_model");
  const MixedModelResult r = FitGrowthMixedModel(Emt6(), {.control = "Isotype"});
  const Eigen::VectorXd w = SlopeWeights(r, "aPD-L1 + aTGFb") - SlopeWeights(r, "aPD-L1") -
                            SlopeWeights(r, "aTGFb") + SlopeWeights(r, "Isotype");
  const Contrast c = LinearContrast(r, w, "interaction");
  ExpectClose(c.estimate, ref.at("synergy_estimate"), kMixedRel, "interaction");
  ExpectClose(c.se, ref.at("synergy_se"), kMixedRel, "interaction se");
  ExpectClose(c.p, ref.at("synergy_p_normal"), 1e-5, "interaction p");
  ExpectClose(r.arm_slopes.at("Isotype"), ref.at("fixed")[1], kMixedRel, "control slope");
}

TEST(MixedModel, TypeIIAndContrastsAreConsistent) {
  const MixedModelResult r = FitGrowthMixedModel(Emt6(), {.control = "Isotype"});
  ASSERT_EQ(r.type2.size(), 3u);
  EXPECT_EQ(r.type2[2].term, "day:arm");
  EXPECT_EQ(r.type2[2].df, 3);
  EXPECT_EQ(r.type2[1].df, 3);
  EXPECT_EQ(r.type2[0].df, 1);
  ASSERT_EQ(r.slope_contrasts.size(), 6u);
  for (const Contrast& c : r.slope_contrasts) EXPECT_GE(c.p_holm, c.p);
  // A contrast of one coefficient is that coefficient's Wald test.
  EXPECT_NEAR(r.slope_contrasts[0].z, r.fixed[5].z, 1e-12);
}

TEST(MixedModel, TooFewDataIsAFailedPrecondition) {
  core::Table t("tiny.tsv", {"m", "arm", "day", "v"});
  t.AddRow({"a", "C", "0", "100"}, 2);
  t.AddRow({"a", "C", "3", "120"}, 3);
  GrowthColumns c;
  c.animal = {"m"};
  c.arm = "arm";
  c.day = "day";
  c.volume = "v";
  EXPECT_THROW(FitGrowthMixedModel(ReadGrowth(t, c)), Error);
}

}  // namespace
}  // namespace pioneer::invivo
