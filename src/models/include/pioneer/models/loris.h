// File: pioneer/models/loris.h
// LORIS, the logistic immunotherapy response score of Chang et al., Nature
// Cancer 2024 ("LORIS robustly predicts patient outcomes with immune
// checkpoint blockade therapy using common clinical, pathologic and genomic
// features"), as a fixed, published comparator.
//
// Source of every number below: the authors' public repository
// github.com/rootchang/LORIS (commit 37d286519644e585c376e5b34b1f81df5e8c7ed7),
// code/12.Formula_LORIS.py ("Formula calculating LORIS") with the parameter
// files it reads:
//   pan-cancer: 03.Results/6features/PanCancer/PanCancer_LLR6_10k_ParamCalculate.txt
//   NSCLC:      03.Results/6features/NSCLC/NSCLC_LLR6_10k_ParamCalculate.txt
// and code/09_1.NSCLC_LLR6_PDL1_TMB_multiMetric_compare.py for how a
// patient is scored: TMB capped at 50, NLR at 25 and age at 85
// ("c if c < upper else upper"), each feature standardised with the stored
// scikit-learn StandardScaler mean_ and scale_, then
//   LORIS = 1 / (1 + exp(-(intercept + sum_j coef_j (x_j - mean_j) / scale_j))).
// The parameters are the means over 10,000 80% subsamples of an L1 logistic
// regression (C = 0.1, class_weight balanced) (code/05_5 and 08_4).
//
// Training data of the formulas (read from 05_5 and 08_4, and confirmed by
// the stored means): pan-cancer on the 964 Chowell-train patients; NSCLC on
// the 324 NSCLC patients with PD-L1 of Chowell train AND test (08_4
// concatenates the sheets "Chowell2015-2017" and "Chowell2018"; the stored
// TMB mean 8.677 is the capped mean of those 324, 8.676). Chowell-test is
// therefore not an external cohort for LORIS-NSCLC. The authors' repository
// also holds an NSCLC fit on Chowell-train only
// (03.Results/16features/NSCLC/NSCLC_LLR6_10k_ChowellTrain_ParamCalculate.txt,
// not the published formula); it is offered as variant
// "nsclc-chowell-train" for a comparison on Chowell-test without leakage.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pioneer::models {

enum class LorisVariant { kPanCancer, kNsclc, kNsclcChowellTrain };
LorisVariant ParseLorisVariant(
    const std::string& text);  // pan-cancer | nsclc | nsclc-chowell-train
std::string LorisVariantName(LorisVariant variant);

struct LorisFormula {
  LorisVariant variant = LorisVariant::kNsclc;
  std::vector<std::string> features;  // column names of the Chowell 2022 table (shared/data/icb)
  std::vector<double> cap;            // upper cap per feature (+Inf: none)
  std::vector<double> mean, scale, coef;
  double intercept = 0;
  std::string source;  // repository path of the parameter file
  std::string trained_on;
  // Coefficients on the capped original scale: coef_j / scale_j and the
  // intercept - sum coef_j mean_j / scale_j (12.Formula_LORIS.py prints
  // these, rounded to 4 digits).
  std::vector<double> OriginalScaleCoefficients() const;
  double OriginalScaleIntercept() const;
  nlohmann::json ToJson() const;
};
const LorisFormula& Loris(LorisVariant variant);

// columns[j][i]: feature j (in formula order) of patient i, NaN missing.
// The linear predictor and score are NaN for a patient with any feature
// missing (the authors drop such patients: dropna in 09_1).
std::vector<double> LorisLinearPredictor(const LorisFormula& formula,
                                         const std::vector<std::vector<double>>& columns);
std::vector<double> LorisScore(const LorisFormula& formula,
                               const std::vector<std::vector<double>>& columns);

}  // namespace pioneer::models
