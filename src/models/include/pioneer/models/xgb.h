// File: pioneer/models/xgb.h
// Gradient-boosted trees for a binary outcome through the xgboost C API
// (Debian libxgboost-dev; Chen & Guestrin 2016, KDD). Missing values are
// passed as NaN, xgboost's native "missing" (each split learns a default
// direction), so nothing is imputed. One thread and an explicit seed make
// training deterministic; the fitted booster is xgboost's own JSON model
// (XGBoosterSaveModelToBuffer "json"), so a locked model reproduces the
// fit's predictions exactly.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pioneer::models {

struct XgbParams {
  int max_depth = 3;
  double eta = 0.1;      // learning rate
  int max_rounds = 200;  // upper limit of the rounds tried by CV
  double min_child_weight = 1;
  double subsample = 1;   // 1: no row sampling
  double reg_lambda = 1;  // L2 on leaf weights
  std::uint64_t seed = 1;
  nlohmann::json ToJson() const;
  static XgbParams FromJson(const nlohmann::json& json);
};

// Rows of features (NaN = missing), row-major n x p, and 0/1 labels.
struct XgbData {
  std::vector<float> values;
  std::size_t rows = 0, cols = 0;
};
XgbData MakeXgbData(const std::vector<std::vector<double>>& columns,
                    const std::vector<std::size_t>& rows);

// Trains `rounds` rounds; returns the booster as xgboost JSON.
std::string XgbTrain(const XgbData& x, const std::vector<double>& y, const XgbParams& params,
                     int rounds);

// Trains max_rounds rounds on (x, y) and returns the probabilities of
// `test` after every round: out[r][i] after r + 1 rounds.
std::vector<std::vector<double>> XgbRoundPredictions(const XgbData& x, const std::vector<double>& y,
                                                     const XgbData& test, const XgbParams& params);

// Probabilities of a saved booster.
std::vector<double> XgbPredict(const std::string& booster_json, const XgbData& x);

// Total gain of each feature over the booster's splits (0 when unused),
// in the order of `features`.
std::vector<double> XgbGain(const std::string& booster_json,
                            const std::vector<std::string>& features);

}  // namespace pioneer::models
