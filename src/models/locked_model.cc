// Locked predictive model (see locked_model.h).
#include "pioneer/models/locked_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
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

constexpr const char* kFormat = "pioneer-model/2";
constexpr const char* kFormatV1 = "pioneer-model/1";  // linear models, read only
constexpr double kUnpenalisedLambda = 1e-9;           // "logistic": the lasso path at lambda ~ 0

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
  std::size_t index = 0;  // chosen lambda in `lambdas`
  std::vector<double> lambdas;
  std::vector<double> out_of_fold;  // probabilities at the chosen lambda
};

// cv.glmnet-style CV on fixed folds; preprocessing refitted per fold.
CvRun CrossValidate(const std::vector<std::vector<double>>& columns,
                    const std::vector<std::string>& features, const std::vector<double>& y,
                    const std::vector<int>& fold, const FitOptions& o,
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
    const Path path =
        FitBinomialPath(pre.Apply(columns, train), Pick(y, train), pre.DesignNames(), po);
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
  const diagnostics::RocResult roc =
      diagnostics::Roc(run.out_of_fold, yi, {diagnostics::Direction::kLess, 0.95, true});
  run.summary.auc = roc.auc;
  run.summary.auc_lower = roc.auc_lower;
  run.summary.auc_upper = roc.auc_upper;
  run.summary.brier = Brier(run.out_of_fold, y);
  return run;
}

std::vector<std::vector<double>> Subset(const std::vector<std::vector<double>>& columns,
                                        const std::vector<std::size_t>& rows) {
  std::vector<std::vector<double>> out;
  for (const auto& c : columns) out.push_back(Pick(c, rows));
  return out;
}

void FillRocSummary(CvSummary& s, const std::vector<double>& p, const std::vector<double>& y) {
  std::vector<int> yi(y.begin(), y.end());
  const diagnostics::RocResult roc =
      diagnostics::Roc(p, yi, {diagnostics::Direction::kLess, 0.95, false});
  s.auc = roc.auc;
  s.auc_lower = roc.auc_lower;
  s.auc_upper = roc.auc_upper;
  s.brier = Brier(p, y);
}

// xgboost on the same folds: every fold trains max_rounds rounds and
// predicts its held-out rows after each; the number of rounds with the
// smallest mean held-out deviance wins (as xgb.cv + early stopping would
// choose, without the patience heuristic).
CvRun CrossValidateXgb(const std::vector<std::vector<double>>& columns,
                       const std::vector<double>& y, const std::vector<int>& fold,
                       const FitOptions& o, const XgbParams& params) {
  const std::size_t n = y.size();
  std::vector<std::vector<double>> held(static_cast<std::size_t>(params.max_rounds),
                                        std::vector<double>(n, 0));
  for (int f = 0; f < o.folds; ++f) {
    std::vector<std::size_t> train, test;
    for (std::size_t i = 0; i < n; ++i) (fold[i] == f ? test : train).push_back(i);
    if (test.empty()) continue;
    const auto rounds = XgbRoundPredictions(MakeXgbData(columns, train), Pick(y, train),
                                            MakeXgbData(columns, test), params);
    for (std::size_t r = 0; r < rounds.size(); ++r) {
      for (std::size_t t = 0; t < test.size(); ++t) held[r][test[t]] = rounds[r][t];
    }
  }
  CvRun run;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t r = 0; r < held.size(); ++r) {
    const double dev = Deviance(held[r], y) / static_cast<double>(n);
    if (dev < best) {
      best = dev;
      run.index = r;
    }
  }
  run.out_of_fold = held[run.index];
  run.summary.method = "xgboost";
  run.summary.rounds = static_cast<int>(run.index) + 1;
  run.summary.cv_deviance = best;
  FillRocSummary(run.summary, run.out_of_fold, y);
  return run;
}

// The whole fitting procedure on these data: methods cross-validated on the
// same stratified folds, the best kept, refitted on all rows, threshold by
// Youden of its out-of-fold predictions. No nested CV, no bootstrap.
// Stratified folds dealt to subjects rather than rows: `subject[i]` is the
// original subject of row i (a bootstrap resample repeats subjects), so all
// copies of a subject land in the same fold and CV inside a resample never
// tests a model on a copy of one of its training rows.
std::vector<int> SubjectFolds(const std::vector<double>& y, const std::vector<std::size_t>& subject,
                              int k, std::uint64_t seed) {
  std::vector<std::size_t> first;  // first row of each distinct subject, in order of appearance
  std::vector<std::size_t> index_of(*std::max_element(subject.begin(), subject.end()) + 1,
                                    SIZE_MAX);
  for (std::size_t i = 0; i < subject.size(); ++i) {
    if (index_of[subject[i]] == SIZE_MAX) {
      index_of[subject[i]] = first.size();
      first.push_back(i);
    }
  }
  std::vector<double> subject_y;
  for (std::size_t r : first) subject_y.push_back(y[r]);
  const std::vector<int> subject_fold = StratifiedFolds(subject_y, k, seed);
  std::vector<int> fold(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) fold[i] = subject_fold[index_of[subject[i]]];
  return fold;
}

LockedModel FitProcedure(const std::vector<std::vector<double>>& columns,
                         const std::vector<std::string>& features, const std::vector<double>& y,
                         const FitOptions& o, const std::vector<std::size_t>* subject = nullptr) {
  const std::size_t n = y.size();
  const std::vector<std::size_t> all = AllRows(n);
  const std::vector<int> fold =
      subject ? SubjectFolds(y, *subject, o.folds, o.seed) : StratifiedFolds(y, o.folds, o.seed);
  XgbParams xgb = o.xgb;
  xgb.seed = o.seed;
  const std::vector<std::string> methods =
      o.method == "auto" ? std::vector<std::string>{"logistic", "elasticnet", "xgboost"}
                         : std::vector<std::string>{o.method};
  const bool linear_needed = std::any_of(methods.begin(), methods.end(),
                                         [](const std::string& m) { return m != "xgboost"; });
  Preprocessing pre;
  Eigen::MatrixXd x;
  if (linear_needed) {
    pre = Preprocessing::Fit(columns, features, all);
    x = pre.Apply(columns, all);
  }
  LockedModel m;
  std::vector<CvRun> runs;
  for (const std::string& method : methods) {
    if (method == "xgboost") {
      runs.push_back(CrossValidateXgb(columns, y, fold, o, xgb));
    } else {
      PathOptions po;
      po.alpha = o.alpha;
      po.nlambda = o.nlambda;
      std::vector<double> lambdas = method == "logistic"
                                        ? std::vector<double>{kUnpenalisedLambda}
                                        : FitBinomialPath(x, y, pre.DesignNames(), po).lambda;
      runs.push_back(CrossValidate(columns, features, y, fold, o, lambdas, method));
    }
    m.validation.push_back(runs.back().summary);
  }
  std::size_t chosen = 0;
  for (std::size_t r = 1; r < runs.size(); ++r)
    if (runs[r].summary.auc > runs[chosen].summary.auc) chosen = r;
  m.method = methods[chosen];
  if (o.method == "auto") {
    std::string others;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      if (r != chosen)
        others +=
            fmt::format("{}{} {:.4f}", others.empty() ? "" : ", ", methods[r], runs[r].summary.auc);
    }
    m.selection = fmt::format(
        "auto: {} had the largest {}-fold cross-validated AUC ({:.4f}; {}) on the same folds",
        m.method, o.folds, runs[chosen].summary.auc, others);
  } else {
    m.selection = fmt::format("method {} as requested", m.method);
  }
  m.folds = o.folds;
  m.seed = o.seed;
  m.n_train = n;
  m.n_positive = static_cast<std::size_t>(std::count(y.begin(), y.end(), 1.0));
  m.pioneer_version = std::string(pioneer::Version());
  if (m.method == "xgboost") {
    m.preprocessing.features = features;
    m.preprocessing.medians.assign(features.size(), std::numeric_limits<double>::quiet_NaN());
    m.preprocessing.indicator.assign(features.size(), false);
    m.xgb = xgb;
    m.rounds = runs[chosen].summary.rounds;
    m.booster = XgbTrain(MakeXgbData(columns, all), y, xgb, m.rounds);
  } else {
    PathOptions final_options;
    final_options.alpha = m.method == "logistic" ? 1 : o.alpha;
    final_options.lambda = runs[chosen].lambdas;  // the full path, then the CV-chosen lambda
    const Path path = FitBinomialPath(x, y, pre.DesignNames(), final_options);
    const std::size_t k = runs[chosen].index;
    m.preprocessing = pre;
    m.intercept = path.a0[k];
    m.coefficients = path.beta[k];
    m.lambda = path.lambda[k];
    m.alpha = final_options.alpha;
  }
  m.out_of_fold = runs[chosen].out_of_fold;
  std::vector<int> yi(y.begin(), y.end());
  m.risk_threshold =
      diagnostics::Roc(runs[chosen].out_of_fold, yi, {diagnostics::Direction::kLess, 0.95, true})
          .youden.threshold;
  return m;
}

struct Metrics {
  double auc = 0, brier = 0, intercept = 0,
         slope = 0;  // calibration NaN when glm would not converge
};
Metrics MetricsOf(const std::vector<double>& p, const std::vector<double>& y) {
  std::vector<double> cases, controls;
  for (std::size_t i = 0; i < y.size(); ++i) (y[i] == 1 ? cases : controls).push_back(p[i]);
  Metrics r;
  r.auc = diagnostics::DeLongPlacements(controls, cases, diagnostics::Direction::kLess).auc;
  r.brier = Brier(p, y);
  const Calibration c = CalibrationOf(p, y);
  r.intercept = c.converged ? c.intercept : std::nan("");
  r.slope = c.converged ? c.slope : std::nan("");
  return r;
}

// Outer stratified folds (seed + 1) around FitProcedure (inner folds: seed).
NestedCv RunNestedCv(const std::vector<std::vector<double>>& columns,
                     const std::vector<std::string>& features, const std::vector<double>& y,
                     const FitOptions& o) {
  NestedCv nested;
  nested.outer_folds = o.outer_folds;
  nested.seed = o.seed + 1;
  const std::vector<int> outer = StratifiedFolds(y, o.outer_folds, nested.seed);
  std::vector<double> pooled(y.size(), 0);
  for (int f = 0; f < o.outer_folds; ++f) {
    std::vector<std::size_t> train, test;
    for (std::size_t i = 0; i < y.size(); ++i) (outer[i] == f ? test : train).push_back(i);
    const LockedModel inner = FitProcedure(Subset(columns, train), features, Pick(y, train), o);
    const std::vector<double> p = inner.Predict(Subset(columns, test));
    NestedFold nf;
    nf.fold = f;
    nf.n_test = test.size();
    const std::vector<double> yt = Pick(y, test);
    nf.n_test_positive = static_cast<std::size_t>(std::count(yt.begin(), yt.end(), 1.0));
    nf.method = inner.method;
    for (const CvSummary& s : inner.validation)
      if (s.method == inner.method) nf.inner_auc = s.auc;
    nf.auc = nf.n_test_positive == 0 || nf.n_test_positive == nf.n_test ? std::nan("")
                                                                        : MetricsOf(p, yt).auc;
    nested.mean_fold_auc += nf.auc / o.outer_folds;
    for (std::size_t t = 0; t < test.size(); ++t) pooled[test[t]] = p[t];
    nested.folds.push_back(nf);
  }
  CvSummary s;
  FillRocSummary(s, pooled, y);
  nested.auc = s.auc;
  nested.auc_lower = s.auc_lower;
  nested.auc_upper = s.auc_upper;
  nested.brier = s.brier;
  return nested;
}

// Harrell's optimism bootstrap of the whole procedure (seed + 2).
Optimism RunOptimism(const std::vector<std::vector<double>>& columns,
                     const std::vector<std::string>& features, const std::vector<double>& y,
                     const FitOptions& o, const LockedModel& final_model) {
  Optimism opt;
  opt.replicates = o.bootstrap;
  opt.seed = o.seed + 2;
  const Metrics apparent = MetricsOf(final_model.Predict(columns), y);
  core::Rng rng(opt.seed);
  const std::size_t n = y.size();
  double sum[4] = {0, 0, 0, 0};
  int used[4] = {0, 0, 0, 0};
  for (int b = 0; b < o.bootstrap; ++b) {
    std::vector<std::size_t> rows(n);
    for (std::size_t& r : rows) r = static_cast<std::size_t>(rng.Below(n));
    const std::vector<std::vector<double>> bc = Subset(columns, rows);
    const std::vector<double> by = Pick(y, rows);
    try {
      const LockedModel mb = FitProcedure(bc, features, by, o, &rows);
      const Metrics on_boot = MetricsOf(mb.Predict(bc), by);
      const Metrics on_original = MetricsOf(mb.Predict(columns), y);
      const double d[4] = {on_boot.auc - on_original.auc, on_boot.brier - on_original.brier,
                           on_boot.intercept - on_original.intercept,
                           on_boot.slope - on_original.slope};
      for (int k = 0; k < 4; ++k) {
        if (!std::isfinite(d[k])) continue;  // calibration of a separating fit: left out, counted
        sum[k] += d[k];
        ++used[k];
      }
    } catch (const Error&) {
      ++opt.failed;  // e.g. a resample whose training fold has one class only
    }
  }
  if (used[0] == 0)
    throw Error(ErrorCode::kFailedPrecondition, "bootstrap optimism: no resample could be fitted");
  const double a[4] = {apparent.auc, apparent.brier, apparent.intercept, apparent.slope};
  const char* names[4] = {"auc", "brier", "calibration_intercept", "calibration_slope"};
  for (int k = 0; k < 4; ++k) {
    const double optimism = used[k] > 0 ? sum[k] / used[k] : std::nan("");
    opt.metrics.push_back({names[k], a[k], optimism, a[k] - optimism, used[k]});
  }
  return opt;
}

}  // namespace

Preprocessing Preprocessing::Fit(const std::vector<std::vector<double>>& columns,
                                 const std::vector<std::string>& features,
                                 const std::vector<std::size_t>& rows) {
  Preprocessing p;
  p.features = features;
  for (std::size_t j = 0; j < features.size(); ++j) {
    std::vector<double> present;
    for (std::size_t r : rows)
      if (!std::isnan(columns[j][r])) present.push_back(columns[j][r]);
    if (present.empty()) {
      throw Error(ErrorCode::kFailedPrecondition,
                  fmt::format("feature {} has no value in the training data", features[j]));
    }
    p.medians.push_back(Median(present));
    p.indicator.push_back(present.size() < rows.size());
  }
  return p;
}

std::vector<std::string> Preprocessing::DesignNames() const {
  std::vector<std::string> names = features;
  for (std::size_t j = 0; j < features.size(); ++j)
    if (indicator[j]) names.push_back(features[j] + "_missing");
  return names;
}

Eigen::MatrixXd Preprocessing::Apply(const std::vector<std::vector<double>>& columns,
                                     const std::vector<std::size_t>& rows) const {
  const std::size_t extra =
      static_cast<std::size_t>(std::count(indicator.begin(), indicator.end(), true));
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()),
                    static_cast<Eigen::Index>(features.size() + extra));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::size_t k = features.size();
    for (std::size_t j = 0; j < features.size(); ++j) {
      const double v = columns[j][rows[i]];
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          std::isnan(v) ? medians[j] : v;
      if (indicator[j])
        x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k++)) = std::isnan(v) ? 1.0 : 0.0;
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
    for (std::size_t i = 0; i < y.size(); ++i)
      if (y[i] == cls) idx.push_back(i);
    for (std::size_t i = idx.size(); i > 1; --i)
      std::swap(idx[i - 1], idx[rng.Below(i)]);  // Fisher-Yates
    for (std::size_t i : idx) fold[i] = next++ % k;
  }
  return fold;
}

std::string Fnv1a64Hex(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

LockedModel FitLockedModel(const std::vector<std::vector<double>>& columns,
                           const std::vector<std::string>& features, const std::vector<double>& y,
                           const std::string& outcome, const std::string& training_hash,
                           const FitOptions& o) {
  FitOptionTable().Validate(o);
  if (o.outer_folds == 1)
    throw UsageError(
        "invalid value '1' for outer_folds; allowed: 0 (none) or an integer from 2 to 100");
  diagnostics::CheckBinaryPrediction(std::vector<double>(y.size(), 0.5), y, "model fit");
  LockedModel m = FitProcedure(columns, features, y, o);
  m.outcome = outcome;
  m.training_hash = training_hash;
  if (o.method == "auto" && o.outer_folds >= 2) m.nested = RunNestedCv(columns, features, y, o);
  if (o.bootstrap > 0) m.optimism = RunOptimism(columns, features, y, o, m);
  return m;
}

std::vector<double> LockedModel::Predict(const std::vector<std::vector<double>>& columns) const {
  if (columns.size() != preprocessing.features.size())
    throw Error(ErrorCode::kInvalidArgument, "model: wrong number of features");
  const std::size_t n = columns.empty() ? 0 : columns[0].size();
  if (method == "xgboost") return XgbPredict(booster, MakeXgbData(columns, AllRows(n)));
  const Eigen::MatrixXd x = preprocessing.Apply(columns, AllRows(n));
  std::vector<double> p(n);
  for (std::size_t i = 0; i < n; ++i) {
    double lp = intercept;
    for (std::size_t j = 0; j < coefficients.size(); ++j)
      lp += coefficients[j] * x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    p[i] = Sigmoid(lp);
  }
  return p;
}

std::vector<std::pair<std::string, double>> LockedModel::Importance() const {
  std::vector<std::pair<std::string, double>> out;
  if (method == "xgboost") {
    const std::vector<double> gain = XgbGain(booster, preprocessing.features);
    for (std::size_t j = 0; j < gain.size(); ++j)
      out.emplace_back(preprocessing.features[j], gain[j]);
    return out;
  }
  const std::vector<std::string> names = preprocessing.DesignNames();
  for (std::size_t j = 0; j < names.size(); ++j) out.emplace_back(names[j], coefficients[j]);
  return out;
}

nlohmann::json CvSummary::ToJson() const {
  nlohmann::json j = {{"method", method},       {"cv_deviance", cv_deviance}, {"auc", auc},
                      {"auc_lower", auc_lower}, {"auc_upper", auc_upper},     {"brier", brier}};
  if (method == "xgboost")
    j["rounds"] = rounds;
  else
    j["lambda"] = lambda;
  return j;
}

namespace {
nlohmann::json NumberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json NestedCv::ToJson() const {
  nlohmann::json f = nlohmann::json::array();
  for (const NestedFold& x : folds) {
    f.push_back({{"fold", x.fold},
                 {"n_test", x.n_test},
                 {"n_test_positive", x.n_test_positive},
                 {"chosen_method", x.method},
                 {"inner_cv_auc", x.inner_auc},
                 {"outer_auc", NumberOrNull(x.auc)}});
  }
  return {{"outer_folds", outer_folds},
          {"outer_seed", seed},
          {"folds", f},
          {"auc", auc},
          {"auc_lower", auc_lower},
          {"auc_upper", auc_upper},
          {"mean_fold_auc", NumberOrNull(mean_fold_auc)},
          {"brier", brier}};
}

nlohmann::json Optimism::ToJson() const {
  nlohmann::json j = {{"method",
                       "Harrell bootstrap optimism correction: corrected = apparent - mean(boot "
                       "apparent - boot model on original)"},
                      {"replicates", replicates},
                      {"failed_replicates", failed},
                      {"seed", seed}};
  for (const OptimismMetric& m : metrics) {
    j[m.name] = {{"apparent", NumberOrNull(m.apparent)},
                 {"optimism", NumberOrNull(m.optimism)},
                 {"corrected", NumberOrNull(m.corrected)},
                 {"replicates_used", m.used}};
  }
  return j;
}

nlohmann::json LockedModel::ToJson() const {
  const bool trees = method == "xgboost";
  nlohmann::json features = nlohmann::json::array();
  for (std::size_t j = 0; j < preprocessing.features.size(); ++j) {
    if (trees) {
      features.push_back({{"name", preprocessing.features[j]},
                          {"type", "number"},
                          {"missing", "native (xgboost default direction)"}});
    } else {
      features.push_back({{"name", preprocessing.features[j]},
                          {"type", "number"},
                          {"median", preprocessing.medians[j]},
                          {"missing_indicator", static_cast<bool>(preprocessing.indicator[j])}});
    }
  }
  nlohmann::json cv = nlohmann::json::array();
  for (const CvSummary& s : validation) cv.push_back(s.ToJson());
  nlohmann::json selection_json = {{"reason", selection},
                                   {"rule", "largest out-of-fold AUC on the same stratified folds"},
                                   {"cv_folds", folds},
                                   {"candidates", cv}};
  nlohmann::json performance = {{"cross_validation", cv}};
  if (nested.outer_folds > 0) {
    selection_json["nested_cv"] = nested.ToJson();
    performance["nested_cv"] = {{"auc", nested.auc},
                                {"auc_lower", nested.auc_lower},
                                {"auc_upper", nested.auc_upper},
                                {"brier", nested.brier},
                                {"outer_folds", nested.outer_folds}};
  }
  if (optimism.replicates > 0) performance["bootstrap_optimism"] = optimism.ToJson();
  nlohmann::json j = {{"format", kFormat},
                      {"pioneer_version", pioneer_version},
                      {"outcome", outcome},
                      {"method", method},
                      {"selection", selection_json},
                      {"features", features},
                      {"cv_folds", folds},
                      {"seed", seed},
                      {"training_hash", training_hash},
                      {"n_train", n_train},
                      {"n_positive", n_positive},
                      {"risk_threshold", risk_threshold},
                      {"validated_performance", performance}};
  if (trees) {
    j["preprocessing"] = "none: missing values passed to xgboost as missing";
    j["xgboost"] = {
        {"params", xgb.ToJson()}, {"rounds", rounds}, {"model", nlohmann::json::parse(booster)}};
  } else {
    nlohmann::json coef = nlohmann::json::object();
    const std::vector<std::string> names = preprocessing.DesignNames();
    for (std::size_t k = 0; k < names.size(); ++k) coef[names[k]] = coefficients[k];
    j["preprocessing"] = "median imputation + missingness indicators, fitted on training data only";
    j["intercept"] = intercept;
    j["coefficients"] = coef;
    j["lambda"] = lambda;
    j["alpha"] = alpha;
  }
  return j;
}

LockedModel LockedModel::FromJson(const nlohmann::json& j) {
  try {
    const std::string format = j.at("format").get<std::string>();
    if (format != kFormat && format != kFormatV1) {
      throw Error(ErrorCode::kDataLoss,
                  fmt::format("not a {} model (format {})", kFormat, j.at("format").dump()));
    }
    LockedModel m;
    m.pioneer_version = j.at("pioneer_version");
    m.outcome = j.at("outcome");
    m.method = j.at("method");
    const nlohmann::json& sel = j.at("selection");
    m.selection = sel.is_string() ? sel.get<std::string>() : sel.at("reason").get<std::string>();
    const bool trees = m.method == "xgboost";
    for (const auto& f : j.at("features")) {
      m.preprocessing.features.push_back(f.at("name"));
      m.preprocessing.medians.push_back(trees ? std::numeric_limits<double>::quiet_NaN()
                                              : f.at("median").get<double>());
      m.preprocessing.indicator.push_back(trees ? false : f.at("missing_indicator").get<bool>());
    }
    if (trees) {
      m.xgb = XgbParams::FromJson(j.at("xgboost").at("params"));
      m.rounds = j.at("xgboost").at("rounds");
      m.booster = j.at("xgboost").at("model").dump();
    } else {
      m.intercept = j.at("intercept");
      for (const std::string& name : m.preprocessing.DesignNames())
        m.coefficients.push_back(j.at("coefficients").at(name));
      m.lambda = j.at("lambda");
      m.alpha = j.at("alpha");
    }
    m.folds = j.at("cv_folds");
    m.seed = j.at("seed");
    m.training_hash = j.at("training_hash");
    m.n_train = j.at("n_train");
    m.n_positive = j.at("n_positive");
    m.risk_threshold = j.at("risk_threshold");
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kDataLoss,
                fmt::format("model file is not a valid {} artifact: {}", kFormat, e.what()));
  }
}

}  // namespace pioneer::models
