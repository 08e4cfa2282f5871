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
// - auto: both are cross-validated on the same folds; the one with the
//   larger out-of-fold AUC is kept and the reason recorded.
// The artifact stores features, preprocessing, coefficients (original
// scale), training-data hash (FNV-1a 64 of the used cells), seed, pioneer
// version and the cross-validated performance. Applying it is deterministic
// and refuses data without a required feature column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

namespace pioneer::models {

struct Preprocessing {
  std::vector<std::string> features;
  std::vector<double> medians;
  std::vector<bool> indicator;  // add "<feature>_missing"
  static Preprocessing Fit(const std::vector<std::vector<double>>& columns, const std::vector<std::string>& features,
                           const std::vector<std::size_t>& rows);
  std::vector<std::string> DesignNames() const;
  // columns[j][i] (NaN missing) -> design matrix of the given rows.
  Eigen::MatrixXd Apply(const std::vector<std::vector<double>>& columns, const std::vector<std::size_t>& rows) const;
};

struct FitOptions {
  std::string method = "elasticnet";  // auto | logistic | elasticnet
  double alpha = 0.5;
  int folds = 10;
  std::uint64_t seed = 1;
  int nlambda = 100;
};

struct CvSummary {
  std::string method;
  double lambda = 0;
  double cv_deviance = 0;  // mean held-out deviance per subject at lambda
  double auc = 0, auc_lower = 0, auc_upper = 0;  // out-of-fold predictions
  double brier = 0;
  nlohmann::json ToJson() const;
};

struct LockedModel {
  std::string outcome;
  std::string method;
  Preprocessing preprocessing;
  double intercept = 0;
  std::vector<double> coefficients;  // one per design column
  double lambda = 0, alpha = 0;
  int folds = 0;
  std::uint64_t seed = 0;
  std::string training_hash;
  std::string pioneer_version;
  std::size_t n_train = 0, n_positive = 0;
  double risk_threshold = 0.5;  // Youden on out-of-fold predictions: "high" at or above
  std::vector<CvSummary> validation;  // one per cross-validated method
  std::string selection;               // why this method
  nlohmann::json ToJson() const;
  static LockedModel FromJson(const nlohmann::json& json);  // throws InputError-like Error on bad artifacts
  std::vector<double> Predict(const std::vector<std::vector<double>>& columns) const;  // columns per feature
};

// columns[j][i]: feature j of subject i (NaN missing); y 0/1; hash of the
// training data supplied by the caller.
LockedModel FitLockedModel(const std::vector<std::vector<double>>& columns, const std::vector<std::string>& features,
                           const std::vector<double>& y, const std::string& outcome, const std::string& training_hash,
                           const FitOptions& options);

// Stratified k-fold assignment: positives and negatives each shuffled with
// the seed and dealt round-robin to folds 0..k-1.
std::vector<int> StratifiedFolds(const std::vector<double>& y, int k, std::uint64_t seed);

struct Calibration {
  double intercept = 0;  // calibration-in-the-large: logit P(y) = a + lp (lp as offset)
  double slope = 0;      // logit P(y) = a + b lp
};
Calibration CalibrationOf(const std::vector<double>& probability, const std::vector<double>& y);
double Brier(const std::vector<double>& probability, const std::vector<double>& y);

std::string Fnv1a64Hex(const std::string& text);

}  // namespace pioneer::models
