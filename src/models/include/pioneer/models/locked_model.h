// File: pioneer/models/locked_model.h
// A predictive model of a binary outcome, fitted with honest internal
// validation and locked as one versioned JSON artifact.
//
// Preprocessing is fitted on training data only (inside each CV training
// fold during validation, on the whole training set for the final model):
// each feature's missing values are replaced by its training median, and a
// 0/1 missingness indicator column "<feature>_missing" is added for every
// feature that had a missing value in training. Methods:
// - elasticnet: logistic elastic net (glmnet.h), lambda chosen by
//   stratified k-fold CV (minimum mean held-out binomial deviance over the
//   glmnet lambda sequence of the full training data, as cv.glmnet's
//   lambda.min);
// - logistic: unpenalised (lambda ~ 0 on the same solver);
// - xgboost: gradient-boosted trees (xgb.h), missing values passed to
//   xgboost as missing (no imputation), the number of rounds chosen by the
//   same stratified CV (minimum mean held-out deviance);
// - auto: logistic, elasticnet and xgboost are cross-validated on the same
//   folds; the one with the largest out-of-fold AUC is kept and the reason
//   recorded. Because that choice is itself tuned on the CV, auto also runs
//   nested CV (outer stratified k-fold around the whole selection) for an
//   honest estimate of the procedure.
// Every method also gets Harrell's bootstrap optimism correction (Harrell,
// Lee & Mark 1996, Stat Med 15:361; Steyerberg 2019 ch. 17): the whole
// procedure is refitted on B bootstrap resamples; optimism = mean(metric on
// the resample - metric of that fit on the original data); corrected =
// apparent - optimism.
// The artifact stores features, preprocessing, coefficients (original
// scale), training-data hash (FNV-1a 64 of the used cells), seed, pioneer
// version and the cross-validated performance. Applying it is deterministic
// and refuses data without a required feature column.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/core/option_spec.h"
#include "pioneer/diagnostics/metrics.h"
#include "pioneer/models/xgb.h"

namespace pioneer::models {

struct Preprocessing {
  std::vector<std::string> features;
  std::vector<double> medians;
  std::vector<bool> indicator;  // add "<feature>_missing"
  static Preprocessing Fit(const std::vector<std::vector<double>>& columns,
                           const std::vector<std::string>& features,
                           const std::vector<std::size_t>& rows);
  std::vector<std::string> DesignNames() const;
  // columns[j][i] (NaN missing) -> design matrix of the given rows.
  Eigen::MatrixXd Apply(const std::vector<std::vector<double>>& columns,
                        const std::vector<std::size_t>& rows) const;
};

struct FitOptions {
  std::string method = "elasticnet";  // auto | logistic | elasticnet | xgboost
  double alpha = 0.5;
  int folds = 10;
  std::uint64_t seed = 1;
  int nlambda = 100;
  int outer_folds = 5;  // nested CV of auto (0: none)
  int bootstrap = 50;   // optimism-correction resamples (0: none)
  XgbParams xgb;        // xgb.seed is replaced by `seed`
};

// The declaration of FitOptions (pioneer/core/option_spec.h): `model fit`,
// the plan kind `predictive` and the schema take their options, defaults and
// checks from it. The xgboost parameters are declared by the CLI for now.
const core::OptionTable<FitOptions>& FitOptionTable();

struct CvSummary {
  std::string method;
  double lambda = 0;       // elastic net / logistic
  int rounds = 0;          // xgboost
  double cv_deviance = 0;  // mean held-out deviance per subject at the chosen tuning
  double auc = 0, auc_lower = 0, auc_upper = 0;  // out-of-fold predictions
  double brier = 0;
  nlohmann::json ToJson() const;
};

// Nested CV of `auto`: per outer fold the method chosen by the inner CV of
// the outer training part and its AUC on the outer test part.
struct NestedFold {
  int fold = 0;
  std::size_t n_test = 0, n_test_positive = 0;
  std::string method;
  double inner_auc = 0;  // the chosen method's inner CV AUC
  double auc = 0;        // on the outer test fold
};
struct NestedCv {
  int outer_folds = 0;
  std::uint64_t seed = 0;
  std::vector<NestedFold> folds;
  double auc = 0, auc_lower = 0, auc_upper = 0;  // pooled outer test predictions, DeLong
  double mean_fold_auc = 0;
  double brier = 0;
  nlohmann::json ToJson() const;
};

struct OptimismMetric {
  std::string name;  // auc | brier | calibration_intercept | calibration_slope
  double apparent = 0, optimism = 0, corrected = 0;
  int used = 0;  // resamples with the metric defined (calibration needs a converging glm)
};
struct Optimism {
  int replicates = 0, failed = 0;  // failed: resamples where a metric was undefined
  std::uint64_t seed = 0;
  std::vector<OptimismMetric> metrics;
  nlohmann::json ToJson() const;
};

struct LockedModel {
  std::string outcome;
  std::string method;
  Preprocessing preprocessing;  // xgboost: features only, nothing imputed
  double intercept = 0;
  std::vector<double> coefficients;  // one per design column (linear methods)
  double lambda = 0, alpha = 0;
  XgbParams xgb;  // xgboost
  int rounds = 0;
  std::string booster;  // xgboost's JSON model
  int folds = 0;
  std::uint64_t seed = 0;
  std::string training_hash;
  std::string pioneer_version;
  std::size_t n_train = 0, n_positive = 0;
  double risk_threshold = 0.5;        // Youden on out-of-fold predictions: "high" at or above
  std::vector<CvSummary> validation;  // one per cross-validated method
  std::string selection;              // why this method
  NestedCv nested;                    // auto only (outer_folds 0 otherwise)
  Optimism optimism;                  // replicates 0 when not run
  std::vector<double>
      out_of_fold;  // the chosen method's CV predictions of the training rows (not saved)
  nlohmann::json ToJson() const;
  static LockedModel FromJson(
      const nlohmann::json& json);  // throws Error kDataLoss on bad artifacts
  std::vector<double> Predict(
      const std::vector<std::vector<double>>& columns) const;  // columns per feature
  // Coefficients (linear) or total split gain (xgboost) per name.
  std::vector<std::pair<std::string, double>> Importance() const;
};

// columns[j][i]: feature j of subject i (NaN missing); y 0/1; hash of the
// training data supplied by the caller.
LockedModel FitLockedModel(const std::vector<std::vector<double>>& columns,
                           const std::vector<std::string>& features, const std::vector<double>& y,
                           const std::string& outcome, const std::string& training_hash,
                           const FitOptions& options);

// Stratified k-fold assignment: positives and negatives each shuffled with
// the seed and dealt round-robin to folds 0..k-1.
std::vector<int> StratifiedFolds(const std::vector<double>& y, int k, std::uint64_t seed);

// Brier score and calibration live in diagnostics/metrics.h.
using diagnostics::Brier;
using diagnostics::Calibration;
using diagnostics::CalibrationOf;

std::string Fnv1a64Hex(const std::string& text);

}  // namespace pioneer::models
