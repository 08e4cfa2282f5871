// Locked predictive model (see locked_model.h).
#include "pioneer/models/locked_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/core/version.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/models/glmnet.h"
#include "pioneer/stats/logistic.h"

namespace pioneer::models {
namespace {

constexpr const char* kFormat = "pioneer-model/1";
constexpr double kUnpenalisedLambda = 1e-9;  // "logistic": the lasso path at lambda ~ 0

double Median(std::vector<double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

std::vector<std::size_t> AllRows(std::size_t n) {
  std::vector<std::size_t> r(n);
  std::iota(r.begin(), r.end(), 0);
  return r;
}

std::vector<double> Pick(const std::vector<double>& v, const std::vector<std::size_t>& rows) {
  std::vector<double> out;
  for (std::size_t r : rows) out.push_back(v[r]);
  return out;
}

double Deviance(const std::vector<double>& p, const std::vector<double>& y) {
  double d = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], 1e-15, 1 - 1e-15);
    d -= 2 * (y[i] * std::log(q) + (1 - y[i]) * std::log(1 - q));
  }
  return d;
}

// Probabilities of the path's fits at every lambda for the design x.
std::vector<std::vector<double>> PathProbabilities(const Path& path, const Eigen::MatrixXd& x) {
  std::vector<std::vector<double>> out;
  for (std::size_t k = 0; k < path.lambda.size(); ++k) {
    std::vector<double> lp = LinearPredictor(path, k, x);
    for (double& v : lp) v = Sigmoid(v);
    out.push_back(std::move(lp));
  }
  return out;
}

struct CvRun {
  CvSummary summary;
  std::size_t index = 0;            // chosen lambda in `lambdas`
  std::vector<double> lambdas;
  std::vector<double> out_of_fold;  // probabilities at the chosen lambda
};

// cv.glmnet-style CV on fixed folds; preprocessing refitted per fold.
CvRun CrossValidate(const std::vector<std::vector<double>>& columns, const std::vector<std::string>& features,
                    const std::vector<double>& y, const std::vector<int>& fold, const FitOptions& o,
                    const std::vector<double>& lambdas, const std::string& method) {
  const std::size_t n = y.size();
  std::vector<std::vector<double>> held(lambdas.size(), std::vector<double>(n, 0));
  PathOptions po;
  po.alpha = method == "logistic" ? 1 : o.alpha;
  po.lambda = lambdas;
  for (int f = 0; f < o.folds; ++f) {
    std::vector<std::size_t> train, test;
    for (std::size_t i = 0; i < n; ++i) (fold[i] == f ? test : train).push_back(i);
    if (test.empty()) continue;
    const Preprocessing pre = Preprocessing::Fit(columns, features, train);
    const Path path = FitBinomialPath(pre.Apply(columns, train), Pick(y, train), pre.DesignNames(), po);
    const auto probs = PathProbabilities(path, pre.Apply(columns, test));
    for (std::size_t k = 0; k < lambdas.size(); ++k) {
      for (std::size_t t = 0; t < test.size(); ++t) held[k][test[t]] = probs[k][t];
    }
  }
  CvRun run;
  run.lambdas = lambdas;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < lambdas.size(); ++k) {
    const double dev = Deviance(held[k], y) / static_cast<double>(n);
    if (dev < best) {
      best = dev;
      run.index = k;
    }
  }
  run.out_of_fold = held[run.index];
  run.summary.method = method;
  run.summary.lambda = lambdas[run.index];
  run.summary.cv_deviance = best;
  std::vector<int> yi(y.begin(), y.end());
  const diagnostics::RocResult roc = diagnostics::Roc(run.out_of_fold, yi, {diagnostics::Direction::kLess, 0.95, true});
  run.summary.auc = roc.auc;
  run.summary.auc_lower = roc.auc_lower;
  run.summary.auc_upper = roc.auc_upper;
  run.summary.brier = Brier(run.out_of_fold, y);
  return run;
}

}  // namespace

Preprocessing Preprocessing::Fit(const std::vector<std::vector<double>>& columns, const std::vector<std::string>& features,
                                 const std::vector<std::size_t>& rows) {
  Preprocessing p;
  p.features = features;
  for (std::size_t j = 0; j < features.size(); ++j) {
    std::vector<double> present;
    for (std::size_t r : rows) if (!std::isnan(columns[j][r])) present.push_back(columns[j][r]);
    if (present.empty()) {
      throw Error(ErrorCode::kFailedPrecondition, fmt::format("feature {} has no value in the training data", features[j]));
    }
    p.medians.push_back(Median(present));
    p.indicator.push_back(present.size() < rows.size());
  }
  return p;
}

std::vector<std::string> Preprocessing::DesignNames() const {
  std::vector<std::string> names = features;
  for (std::size_t j = 0; j < features.size(); ++j) if (indicator[j]) names.push_back(features[j] + "_missing");
  return names;
}

Eigen::MatrixXd Preprocessing::Apply(const std::vector<std::vector<double>>& columns, const std::vector<std::size_t>& rows) const {
  const std::size_t extra = static_cast<std::size_t>(std::count(indicator.begin(), indicator.end(), true));
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(features.size() + extra));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::size_t k = features.size();
    for (std::size_t j = 0; j < features.size(); ++j) {
      const double v = columns[j][rows[i]];
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = std::isnan(v) ? medians[j] : v;
      if (indicator[j]) x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k++)) = std::isnan(v) ? 1.0 : 0.0;
    }
  }
  return x;
}

std::vector<int> StratifiedFolds(const std::vector<double>& y, int k, std::uint64_t seed) {
  if (k < 2) throw Error(ErrorCode::kInvalidArgument, "cross-validation needs at least 2 folds");
  core::Rng rng(seed);
  std::vector<int> fold(y.size(), 0);
  int next = 0;
  for (double cls : {1.0, 0.0}) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < y.size(); ++i) if (y[i] == cls) idx.push_back(i);
    for (std::size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[rng.Below(i)]);  // Fisher-Yates
    for (std::size_t i : idx) fold[i] = next++ % k;
  }
  return fold;
}

double Brier(const std::vector<double>& p, const std::vector<double>& y) {
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) s += (p[i] - y[i]) * (p[i] - y[i]);
  return s / static_cast<double>(p.size());
}

Calibration CalibrationOf(const std::vector<double>& probability, const std::vector<double>& y) {
  const auto n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd lp(n, 1);
  Eigen::VectorXd yy(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double p = std::clamp(probability[static_cast<std::size_t>(i)], 1e-15, 1 - 1e-15);
    lp(i, 0) = std::log(p / (1 - p));
    yy(i) = y[static_cast<std::size_t>(i)];
  }
  Calibration c;
  c.slope = stats::FitLogistic(lp, yy, {"lp"}).coefficients[1];
  // glm(y ~ offset(lp)): Newton on the intercept alone.
  for (int it = 0; it < 100; ++it) {
    double g = 0, h = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double p = Sigmoid(c.intercept + lp(i, 0));
      g += yy(i) - p;
      h += p * (1 - p);
    }
    const double step = g / h;
    c.intercept += step;
    if (std::abs(step) < 1e-12) break;
  }
  return c;
}

std::string Fnv1a64Hex(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

LockedModel FitLockedModel(const std::vector<std::vector<double>>& columns, const std::vector<std::string>& features,
                           const std::vector<double>& y, const std::string& outcome, const std::string& training_hash,
                           const FitOptions& o) {
  if (o.method != "auto" && o.method != "logistic" && o.method != "elasticnet") {
    throw UsageError(fmt::format("--method {}: expected auto, logistic or elasticnet (xgboost is not built in)", o.method));
  }
  const std::size_t n = y.size();
  const std::vector<std::size_t> all = AllRows(n);
  const Preprocessing pre = Preprocessing::Fit(columns, features, all);
  const Eigen::MatrixXd x = pre.Apply(columns, all);
  const std::vector<int> fold = StratifiedFolds(y, o.folds, o.seed);
  std::vector<std::string> methods = o.method == "auto" ? std::vector<std::string>{"logistic", "elasticnet"}
                                                        : std::vector<std::string>{o.method};
  LockedModel m;
  std::vector<CvRun> runs;
  for (const std::string& method : methods) {
    PathOptions po;
    po.alpha = o.alpha;
    po.nlambda = o.nlambda;
    std::vector<double> lambdas = method == "logistic" ? std::vector<double>{kUnpenalisedLambda}
                                                       : FitBinomialPath(x, y, pre.DesignNames(), po).lambda;
    runs.push_back(CrossValidate(columns, features, y, fold, o, lambdas, method));
    m.validation.push_back(runs.back().summary);
  }
  std::size_t chosen = 0;
  for (std::size_t r = 1; r < runs.size(); ++r) if (runs[r].summary.auc > runs[chosen].summary.auc) chosen = r;
  m.method = methods[chosen];
  m.selection = o.method == "auto"
                    ? fmt::format("auto: {} had the larger {}-fold cross-validated AUC ({:.4f} vs {:.4f}) on the same folds",
                                  m.method, o.folds, runs[chosen].summary.auc, runs[1 - chosen].summary.auc)
                    : fmt::format("method {} as requested", m.method);
  PathOptions final_options;
  final_options.alpha = m.method == "logistic" ? 1 : o.alpha;
  final_options.lambda = runs[chosen].lambdas;  // the full path, then the CV-chosen lambda
  const Path path = FitBinomialPath(x, y, pre.DesignNames(), final_options);
  const std::size_t k = runs[chosen].index;
  m.outcome = outcome;
  m.preprocessing = pre;
  m.intercept = path.a0[k];
  m.coefficients = path.beta[k];
  m.lambda = path.lambda[k];
  m.alpha = final_options.alpha;
  m.folds = o.folds;
  m.seed = o.seed;
  m.training_hash = training_hash;
  m.pioneer_version = std::string(pioneer::Version());
  m.n_train = n;
  m.n_positive = static_cast<std::size_t>(std::count(y.begin(), y.end(), 1.0));
  std::vector<int> yi(y.begin(), y.end());
  m.risk_threshold = diagnostics::Roc(runs[chosen].out_of_fold, yi, {diagnostics::Direction::kLess, 0.95, true}).youden.threshold;
  return m;
}

std::vector<double> LockedModel::Predict(const std::vector<std::vector<double>>& columns) const {
  if (columns.size() != preprocessing.features.size()) throw Error(ErrorCode::kInvalidArgument, "model: wrong number of features");
  const std::size_t n = columns.empty() ? 0 : columns[0].size();
  const Eigen::MatrixXd x = preprocessing.Apply(columns, AllRows(n));
  std::vector<double> p(n);
  for (std::size_t i = 0; i < n; ++i) {
    double lp = intercept;
    for (std::size_t j = 0; j < coefficients.size(); ++j) lp += coefficients[j] * x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    p[i] = Sigmoid(lp);
  }
  return p;
}

nlohmann::json CvSummary::ToJson() const {
  return {{"method", method}, {"lambda", lambda}, {"cv_deviance", cv_deviance}, {"auc", auc},
          {"auc_lower", auc_lower}, {"auc_upper", auc_upper}, {"brier", brier}};
}

nlohmann::json LockedModel::ToJson() const {
  nlohmann::json features = nlohmann::json::array();
  for (std::size_t j = 0; j < preprocessing.features.size(); ++j) {
    features.push_back({{"name", preprocessing.features[j]}, {"type", "number"}, {"median", preprocessing.medians[j]},
                        {"missing_indicator", static_cast<bool>(preprocessing.indicator[j])}});
  }
  nlohmann::json coef = nlohmann::json::object();
  const std::vector<std::string> names = preprocessing.DesignNames();
  for (std::size_t j = 0; j < names.size(); ++j) coef[names[j]] = coefficients[j];
  nlohmann::json cv = nlohmann::json::array();
  for (const CvSummary& s : validation) cv.push_back(s.ToJson());
  return {{"format", kFormat},
          {"pioneer_version", pioneer_version},
          {"outcome", outcome},
          {"method", method},
          {"selection", selection},
          {"features", features},
          {"preprocessing", "median imputation + missingness indicators, fitted on training data only"},
          {"intercept", intercept},
          {"coefficients", coef},
          {"lambda", lambda},
          {"alpha", alpha},
          {"cv_folds", folds},
          {"seed", seed},
          {"training_hash", training_hash},
          {"n_train", n_train},
          {"n_positive", n_positive},
          {"risk_threshold", risk_threshold},
          {"validated_performance", cv}};
}

LockedModel LockedModel::FromJson(const nlohmann::json& j) {
  try {
    if (j.at("format").get<std::string>() != kFormat) {
      throw Error(ErrorCode::kDataLoss, fmt::format("not a {} model (format {})", kFormat, j.at("format").dump()));
    }
    LockedModel m;
    m.pioneer_version = j.at("pioneer_version");
    m.outcome = j.at("outcome");
    m.method = j.at("method");
    m.selection = j.value("selection", "");
    for (const auto& f : j.at("features")) {
      m.preprocessing.features.push_back(f.at("name"));
      m.preprocessing.medians.push_back(f.at("median"));
      m.preprocessing.indicator.push_back(f.at("missing_indicator").get<bool>());
    }
    m.intercept = j.at("intercept");
    for (const std::string& name : m.preprocessing.DesignNames()) m.coefficients.push_back(j.at("coefficients").at(name));
    m.lambda = j.at("lambda");
    m.alpha = j.at("alpha");
    m.folds = j.at("cv_folds");
    m.seed = j.at("seed");
    m.training_hash = j.at("training_hash");
    m.n_train = j.at("n_train");
    m.n_positive = j.at("n_positive");
    m.risk_threshold = j.at("risk_threshold");
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kDataLoss, fmt::format("model file is not a valid {} artifact: {}", kFormat, e.what()));
  }
}

}  // namespace pioneer::models
