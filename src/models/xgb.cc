// xgboost C API wrapper (see xgb.h).
#include "pioneer/models/xgb.h"

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <memory>

#include "pioneer/core/error.h"

namespace pioneer::models {
namespace {

void Check(int rc, const char* what) {
  if (rc != 0)
    throw Error(ErrorCode::kInternal, fmt::format("xgboost {}: {}", what, XGBGetLastError()));
}

struct DMatrixDeleter {
  void operator()(void* h) const { XGDMatrixFree(h); }
};
struct BoosterDeleter {
  void operator()(void* h) const { XGBoosterFree(h); }
};
using DMatrix = std::unique_ptr<void, DMatrixDeleter>;
using Booster = std::unique_ptr<void, BoosterDeleter>;

DMatrix Matrix(const XgbData& x, const std::vector<double>* y) {
  DMatrixHandle h = nullptr;
  Check(XGDMatrixCreateFromMat(x.values.data(), x.rows, x.cols, std::nanf(""), &h), "DMatrix");
  DMatrix m(h);
  if (y != nullptr) {
    const std::vector<float> labels(y->begin(), y->end());
    Check(XGDMatrixSetFloatInfo(h, "label", labels.data(), labels.size()), "labels");
  }
  return m;
}

Booster NewBooster(const DMatrix& train, const XgbParams& p) {
  DMatrixHandle cache[] = {train.get()};
  BoosterHandle h = nullptr;
  Check(XGBoosterCreate(train ? cache : nullptr, train ? 1 : 0, &h), "booster");
  Booster b(h);
  const std::vector<std::pair<const char*, std::string>> params = {
      {"objective", "binary:logistic"},
      {"booster", "gbtree"},
      {"tree_method", "exact"},  // deterministic, exact greedy splits
      {"nthread", "1"},
      {"verbosity", "0"},
      {"max_depth", std::to_string(p.max_depth)},
      {"eta", fmt::format("{}", p.eta)},
      {"min_child_weight", fmt::format("{}", p.min_child_weight)},
      {"subsample", fmt::format("{}", p.subsample)},
      {"lambda", fmt::format("{}", p.reg_lambda)},
      {"base_score", "0.5"},
      {"seed", std::to_string(p.seed)}};
  for (const auto& [name, value] : params) Check(XGBoosterSetParam(h, name, value.c_str()), name);
  return b;
}

std::vector<double> PredictWith(const Booster& b, const DMatrix& m) {
  bst_ulong len = 0;
  const float* out = nullptr;
  Check(XGBoosterPredict(b.get(), m.get(), 0, 0, 0, &len, &out), "predict");
  return std::vector<double>(out, out + len);
}

void Validate(const XgbParams& p) {
  if (p.max_depth < 1 || !(p.eta > 0 && p.eta <= 1) || p.max_rounds < 1 ||
      !(p.subsample > 0 && p.subsample <= 1)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("xgboost parameters: max_depth {} (>= 1), eta {} (0, 1], max_rounds {} "
                            "(>= 1), subsample {} (0, 1]",
                            p.max_depth, p.eta, p.max_rounds, p.subsample));
  }
}

}  // namespace

nlohmann::json XgbParams::ToJson() const {
  return {{"max_depth", max_depth},
          {"eta", eta},
          {"max_rounds", max_rounds},
          {"min_child_weight", min_child_weight},
          {"subsample", subsample},
          {"lambda", reg_lambda},
          {"seed", seed},
          {"nthread", 1},
          {"tree_method", "exact"},
          {"objective", "binary:logistic"}};
}

XgbParams XgbParams::FromJson(const nlohmann::json& j) {
  XgbParams p;
  p.max_depth = j.at("max_depth");
  p.eta = j.at("eta");
  p.max_rounds = j.at("max_rounds");
  p.min_child_weight = j.at("min_child_weight");
  p.subsample = j.at("subsample");
  p.reg_lambda = j.at("lambda");
  p.seed = j.at("seed");
  return p;
}

XgbData MakeXgbData(const std::vector<std::vector<double>>& columns,
                    const std::vector<std::size_t>& rows) {
  XgbData d;
  d.rows = rows.size();
  d.cols = columns.size();
  d.values.reserve(d.rows * d.cols);
  for (std::size_t r : rows) {
    for (const auto& c : columns)
      d.values.push_back(static_cast<float>(c[r]));  // NaN stays NaN: missing
  }
  return d;
}

std::string XgbTrain(const XgbData& x, const std::vector<double>& y, const XgbParams& params,
                     int rounds) {
  Validate(params);
  const DMatrix train = Matrix(x, &y);
  const Booster b = NewBooster(train, params);
  for (int r = 0; r < rounds; ++r) Check(XGBoosterUpdateOneIter(b.get(), r, train.get()), "update");
  bst_ulong len = 0;
  const char* buffer = nullptr;
  Check(XGBoosterSaveModelToBuffer(b.get(), R"({"format": "json"})", &len, &buffer), "save");
  return std::string(buffer, len);
}

std::vector<std::vector<double>> XgbRoundPredictions(const XgbData& x, const std::vector<double>& y,
                                                     const XgbData& test, const XgbParams& params) {
  Validate(params);
  const DMatrix train = Matrix(x, &y);
  const DMatrix held = Matrix(test, nullptr);
  const Booster b = NewBooster(train, params);
  std::vector<std::vector<double>> out;
  for (int r = 0; r < params.max_rounds; ++r) {
    Check(XGBoosterUpdateOneIter(b.get(), r, train.get()), "update");
    out.push_back(PredictWith(b, held));
  }
  return out;
}

std::vector<double> XgbPredict(const std::string& booster_json, const XgbData& x) {
  BoosterHandle h = nullptr;
  Check(XGBoosterCreate(nullptr, 0, &h), "booster");
  const Booster b(h);
  Check(XGBoosterLoadModelFromBuffer(h, booster_json.data(), booster_json.size()), "load");
  Check(XGBoosterSetParam(h, "nthread", "1"), "nthread");
  const DMatrix m = Matrix(x, nullptr);
  return PredictWith(b, m);
}

std::vector<double> XgbGain(const std::string& booster_json,
                            const std::vector<std::string>& features) {
  std::vector<double> gain(features.size(), 0.0);
  const nlohmann::json j = nlohmann::json::parse(booster_json);
  for (const auto& tree : j.at("learner").at("gradient_booster").at("model").at("trees")) {
    const auto& left = tree.at("left_children");
    const auto& split = tree.at("split_indices");
    const auto& loss = tree.at("loss_changes");
    for (std::size_t node = 0; node < left.size(); ++node) {
      if (left[node].get<int>() < 0) continue;  // leaf
      const auto f = split[node].get<std::size_t>();
      if (f < gain.size()) gain[f] += loss[node].get<double>();
    }
  }
  return gain;
}

}  // namespace pioneer::models
