// LORIS formulas (see loris.h for the source of every constant).
#include "pioneer/models/loris.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "pioneer/core/error.h"

namespace pioneer::models {
namespace {

constexpr double kNoCap = std::numeric_limits<double>::infinity();
// Caps of code/09_1 and 05_5 (TMB_upper, NLR_upper, Age_upper).
constexpr double kTmbCap = 50, kNlrCap = 25, kAgeCap = 85;
constexpr const char* kRepository =
    "github.com/rootchang/LORIS@37d286519644e585c376e5b34b1f81df5e8c7ed7 ";

LorisFormula Nsclc() {
  LorisFormula f;
  f.variant = LorisVariant::kNsclc;
  f.features = {"TMB", "PDL1_TPS(%)", "Systemic_therapy_history", "Albumin", "NLR", "Age"};
  f.cap = {kTmbCap, kNoCap, kNoCap, kNoCap, kNlrCap, kAgeCap};
  // 03.Results/6features/NSCLC/NSCLC_LLR6_10k_ParamCalculate.txt, verbatim.
  f.mean = {8.676819729729731, 29.23700598455599, 0.6048841698841699,
            3.761631776061776, 6.152950671814672, 65.45816110596837};
  f.scale = {7.612383290516353,  37.574508589212186, 0.48867776679617636,
             0.3969056580046004, 4.7177421006815505, 11.08141064972136};
  f.coef = {0.269059262257017,   0.4157279520070111,    -0.18326364633170864,
            0.11606752689892312, -0.048717840673429914, 0.0003119333464327597};
  f.intercept = -0.11763992822809;
  f.source =
      std::string(kRepository) + "03.Results/6features/NSCLC/NSCLC_LLR6_10k_ParamCalculate.txt";
  f.trained_on =
      "Chowell 2022 NSCLC patients with PD-L1 TPS, train and test sets together (324; code/08_4)";
  return f;
}

LorisFormula NsclcChowellTrain() {
  LorisFormula f = Nsclc();
  f.variant = LorisVariant::kNsclcChowellTrain;
  // 03.Results/16features/NSCLC/NSCLC_LLR6_10k_ChowellTrain_ParamCalculate.txt, verbatim.
  f.mean = {8.549515259259259, 30.6585162962963,  0.6506977777777778,
            3.72488962962963,  5.836287807407408, 64.8644555392333};
  f.scale = {7.392334714265647,  37.436647655069834, 0.47635239359890275,
             0.3782870365411917, 4.308342170543016,  11.148459888319024};
  f.coef = {0.08153554580362218,  0.1430325916328104,    -0.13651901041516393,
            0.002492363708512665, -0.004512214963125412, 0.0002883527041885081};
  f.intercept = -0.04847093328583176;
  f.source = std::string(kRepository) +
             "03.Results/16features/NSCLC/NSCLC_LLR6_10k_ChowellTrain_ParamCalculate.txt";
  f.trained_on =
      "Chowell 2022 NSCLC training patients with PD-L1 TPS (169); the authors' file, not the "
      "published formula";
  return f;
}

LorisFormula PanCancer() {
  LorisFormula f;
  f.variant = LorisVariant::kPanCancer;
  f.features = {"TMB", "Systemic_therapy_history", "Albumin", "NLR", "Age"};
  // CancerType1..16 of the Chowell table: Bladder, Breast, Colorectal,
  // Endometrial, Esophageal, Gastric, Head & Neck, Hepatobiliary, Melanoma,
  // Mesothelioma, NSCLC, Ovarian, Pancreatic, Renal, Sarcoma, SCLC.
  for (int k = 1; k <= 16; ++k) f.features.push_back(fmt::format("CancerType{}", k));
  f.cap.assign(f.features.size(), kNoCap);
  f.cap[0] = kTmbCap;
  f.cap[3] = kNlrCap;
  f.cap[4] = kAgeCap;
  // 03.Results/6features/PanCancer/PanCancer_LLR6_10k_ParamCalculate.txt, verbatim.
  f.mean = {9.716777081712063,    0.6628210116731518,   3.8107702853437098,   5.82983117769131,
            61.77915035853618,    0.06745136186770426,  0.012443579766536966, 0.02903527885862516,
            0.02795875486381324,  0.024916083009079118, 0.04457431906614786,  0.049724643320363165,
            0.03736005188067444,  0.15770298313878078,  0.020714267185473405, 0.34339195849546034,
            0.023869130998702984, 0.015531258106355384, 0.07579260700389104,  0.03426614785992218,
            0.03526757457846952};
  f.scale = {11.328696372559728,  0.47267618323799726, 0.45699569812950086, 4.847958197359801,
             12.994999869678423,  0.25066793709819596, 0.11054748845578428, 0.1677110056039683,
             0.16464890797616266, 0.15565787392121944, 0.2062091309105248,  0.21722406623668503,
             0.1894718083462632,  0.36437137892826155, 0.14219449861425992, 0.4747722428170672,
             0.15242296273353362, 0.12338008189643467, 0.26454400847695786, 0.18172867441932644,
             0.1842765251016699};
  f.coef = {0.4198017295808917,     -0.41478186417656887,   0.2459757431269802,
            -0.15996409186850563,   0.06322956649386186,    -0.08329195789821912,
            -0.036736738509569676,  -0.01710908786788912,   -0.0012984159329937448,
            0.08560524817323387,    0.04754705432804886,    0.01472418917464316,
            -0.02252969107302767,   -0.0031179317348479486, 0.017846954071079307,
            0.00039883935343466604, -0.007931195899710423,  -0.1378043023555157,
            0.14420482282484126,    0.009850666572118883,   -0.0006014179522931981};
  f.intercept = -0.13163023239124944;
  f.source = std::string(kRepository) +
             "03.Results/6features/PanCancer/PanCancer_LLR6_10k_ParamCalculate.txt";
  f.trained_on = "Chowell 2022 training patients, all cancer types (964; code/05_5)";
  return f;
}

}  // namespace

LorisVariant ParseLorisVariant(const std::string& text) {
  if (text == "pan-cancer") return LorisVariant::kPanCancer;
  if (text == "nsclc") return LorisVariant::kNsclc;
  if (text == "nsclc-chowell-train") return LorisVariant::kNsclcChowellTrain;
  throw UsageError(
      fmt::format("LORIS variant {}: expected pan-cancer, nsclc or nsclc-chowell-train", text));
}

std::string LorisVariantName(LorisVariant variant) {
  switch (variant) {
    case LorisVariant::kPanCancer:
      return "pan-cancer";
    case LorisVariant::kNsclc:
      return "nsclc";
    case LorisVariant::kNsclcChowellTrain:
      return "nsclc-chowell-train";
  }
  return "nsclc";
}

const LorisFormula& Loris(LorisVariant variant) {
  static const LorisFormula kPan = PanCancer(), kNsclc = Nsclc(), kNsclcTrain = NsclcChowellTrain();
  switch (variant) {
    case LorisVariant::kPanCancer:
      return kPan;
    case LorisVariant::kNsclc:
      return kNsclc;
    case LorisVariant::kNsclcChowellTrain:
      return kNsclcTrain;
  }
  return kNsclc;
}

std::vector<double> LorisFormula::OriginalScaleCoefficients() const {
  std::vector<double> out;
  for (std::size_t j = 0; j < coef.size(); ++j) out.push_back(coef[j] / scale[j]);
  return out;
}

double LorisFormula::OriginalScaleIntercept() const {
  double b = intercept;
  for (std::size_t j = 0; j < coef.size(); ++j) b -= coef[j] * mean[j] / scale[j];
  return b;
}

std::vector<double> LorisLinearPredictor(const LorisFormula& f,
                                         const std::vector<std::vector<double>>& columns) {
  if (columns.size() != f.features.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("LORIS {}: {} feature columns, expected {}",
                            LorisVariantName(f.variant), columns.size(), f.features.size()));
  }
  const std::size_t n = columns.empty() ? 0 : columns[0].size();
  std::vector<double> lp(n, f.intercept);
  for (std::size_t j = 0; j < f.features.size(); ++j) {
    for (std::size_t i = 0; i < n; ++i) {
      const double x = columns[j][i];  // NaN propagates: a missing feature, no score
      lp[i] += f.coef[j] * ((std::isnan(x) ? x : std::min(x, f.cap[j])) - f.mean[j]) / f.scale[j];
    }
  }
  return lp;
}

std::vector<double> LorisScore(const LorisFormula& f,
                               const std::vector<std::vector<double>>& columns) {
  std::vector<double> p = LorisLinearPredictor(f, columns);
  for (double& v : p) v = 1 / (1 + std::exp(-v));
  return p;
}

nlohmann::json LorisFormula::ToJson() const {
  nlohmann::json feats = nlohmann::json::array();
  const std::vector<double> original = OriginalScaleCoefficients();
  for (std::size_t j = 0; j < features.size(); ++j) {
    feats.push_back(
        {{"name", features[j]},
         {"cap", std::isfinite(cap[j]) ? nlohmann::json(cap[j]) : nlohmann::json(nullptr)},
         {"mean", mean[j]},
         {"scale", scale[j]},
         {"coef_standardised", coef[j]},
         {"coef_original_scale", original[j]}});
  }
  return {
      {"variant", LorisVariantName(variant)},
      {"reference", "Chang et al., Nature Cancer 2024 (LORIS)"},
      {"source", source},
      {"trained_on", trained_on},
      {"formula", "1 / (1 + exp(-(intercept + sum coef_j (min(x_j, cap_j) - mean_j) / scale_j)))"},
      {"intercept_standardised", intercept},
      {"intercept_original_scale", OriginalScaleIntercept()},
      {"features", feats}};
}

}  // namespace pioneer::models
