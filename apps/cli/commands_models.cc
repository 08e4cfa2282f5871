// pioneer model path | fit | evaluate | predict: elastic-net paths as
// glmnet, and the locked predictive model (src/models, docs/models.md).
// Parse, call the library, print.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/json_input.h"
#include "pioneer/core/output.h"
#include "pioneer/diagnostics/columns.h"
#include "pioneer/diagnostics/cutpoint.h"
#include "pioneer/diagnostics/metrics.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/io/delimited.h"
#include "pioneer/models/glmnet.h"
#include "pioneer/models/locked_model.h"

namespace pioneer::cli {
namespace {

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, sep);)
    if (!item.empty()) out.push_back(item);
  return out;
}

core::Table LoadTable(const Args& args) {
  const auto where = args.Get("where");
  return diagnostics::FilterRows(io::ReadDelimited(args.Require("data")),
                                 where ? Split(*where, ';') : std::vector<std::string>{});
}

void WriteJson(const std::string& file, const nlohmann::json& json) {
  core::WriteFileAtomically(file, json.dump(2) + "\n");
}

Eigen::MatrixXd Matrix(const diagnostics::NumericColumns& d,
                       const std::vector<std::string>& features) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(d.rows.size()),
                    static_cast<Eigen::Index>(features.size()));
  for (std::size_t j = 0; j < features.size(); ++j) {
    const std::vector<double>& c = d[features[j]];
    for (std::size_t i = 0; i < c.size(); ++i)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = c[i];
  }
  return x;
}

int PathCommand(const Args& args) {
  const models::Family family = models::ParseFamily(args.Require("family"));
  const std::vector<std::string> features = Split(args.Require("features"), ',');
  std::vector<std::string> cols = features;
  std::vector<std::string> binary, times;
  if (family == models::Family::kBinomial) {
    cols.push_back(args.Require("outcome"));
    binary.push_back(cols.back());
  } else {
    cols.push_back(args.Require("time"));
    times.push_back(cols.back());
    cols.push_back(args.Require("event"));
  }
  const diagnostics::NumericColumns d =
      diagnostics::ReadNumeric(LoadTable(args), cols, binary, true, times);
  if (d.n_dropped > 0) fmt::print("({} rows dropped for missing values)\n", d.n_dropped);
  models::PathOptions o;
  o.alpha = args.Number("alpha");
  o.nlambda = static_cast<int>(args.Integer("nlambda"));
  if (args.Has("lambda-min-ratio")) o.lambda_min_ratio = args.Number("lambda-min-ratio");
  o.thresh = args.Number("thresh");
  std::optional<PhaseTimer> timer(std::in_place, args, "analysis");
  const Eigen::MatrixXd x = Matrix(d, features);
  models::Path path;
  if (family == models::Family::kBinomial) {
    path = models::FitBinomialPath(x, d[cols.back()], features, o);
  } else {
    stats::SurvivalData s;
    s.time = d[cols[features.size()]];
    const std::vector<double>& ev = d[cols.back()];
    const bool one_two =
        std::all_of(ev.begin(), ev.end(), [](double v) { return v == 1 || v == 2; });
    for (double v : ev) s.event.push_back(one_two ? static_cast<int>(v) - 1 : static_cast<int>(v));
    path = models::FitCoxPath(x, s, features, o);
  }
  timer.reset();
  fmt::print(
      "{} elastic net (alpha {}), n = {}, {} lambdas from {:.4g} to {:.4g}; final df {}, dev.ratio "
      "{:.4f}\n",
      args.Require("family"), o.alpha, path.n, path.lambda.size(), path.lambda.front(),
      path.lambda.back(), path.df.back(), path.dev_ratio.back());
  nlohmann::json json = path.ToJson();
  json["alpha"] = o.alpha;
  json["n_dropped_missing"] = d.n_dropped;
  WriteJson(args.Require("json"), json);
  return 0;
}

// Feature columns with missing values kept (the model imputes them).
std::vector<std::vector<double>> FeatureColumns(const diagnostics::NumericColumns& d,
                                                const std::vector<std::string>& features) {
  std::vector<std::vector<double>> out;
  for (const std::string& f : features) out.push_back(d[f]);
  return out;
}

std::string HashOf(const core::Table& table, const std::vector<std::string>& cols,
                   const std::vector<std::size_t>& rows) {
  std::string text;
  for (const std::string& c : cols) {
    const std::size_t col = table.Require(c);
    text += c + "\n";
    for (std::size_t r : rows) text += table.cell(r, col) + "\n";
  }
  return models::Fnv1a64Hex(text);
}

// Reads the outcome (rows without it dropped) and the features.
struct Labelled {
  diagnostics::NumericColumns d;
  std::vector<double> y;
};
Labelled ReadLabelled(const core::Table& table, const std::vector<std::string>& features,
                      const std::string& outcome) {
  std::vector<std::string> cols = features;
  cols.push_back(outcome);
  Labelled l{diagnostics::ReadNumeric(table, cols, {outcome}, false), {}};
  diagnostics::NumericColumns kept;
  kept.names = cols;
  kept.values.resize(cols.size());
  const std::vector<double>& y = l.d[outcome];
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i])) {
      ++kept.n_dropped;
      continue;
    }
    kept.rows.push_back(l.d.rows[i]);
    for (std::size_t c = 0; c < cols.size(); ++c) kept.values[c].push_back(l.d.values[c][i]);
  }
  l.d = kept;
  l.y = l.d[outcome];
  if (l.d.n_dropped > 0) fmt::print("({} rows dropped for a missing {})\n", l.d.n_dropped, outcome);
  return l;
}

int Fit(const Args& args) {
  const std::vector<std::string> features = Split(args.Require("features"), ',');
  const std::string outcome = args.Require("outcome");
  const core::Table table = LoadTable(args);
  const Labelled l = ReadLabelled(table, features, outcome);
  models::FitOptions o =
      models::FitOptionTable().Read(OptionValues(args, models::FitOptionTable().Specs()));
  o.xgb.max_depth = static_cast<int>(args.Integer("max-depth"));
  o.xgb.eta = args.Number("eta");
  o.xgb.max_rounds = static_cast<int>(args.Integer("max-rounds"));
  std::vector<std::string> cols = features;
  cols.push_back(outcome);
  const models::LockedModel m = models::FitLockedModel(FeatureColumns(l.d, features), features, l.y,
                                                       outcome, HashOf(table, cols, l.d.rows), o);
  fmt::print("{} model of {} on {} subjects ({} positive); {}\n", m.method, outcome, m.n_train,
             m.n_positive, m.selection);
  for (const models::CvSummary& s : m.validation) {
    fmt::print("  {}-fold CV {}: AUC {:.4f} ({:.4f}-{:.4f}), Brier {:.4f}, {}\n", m.folds, s.method,
               s.auc, s.auc_lower, s.auc_upper, s.brier,
               s.method == "xgboost" ? fmt::format("{} rounds", s.rounds)
                                     : fmt::format("lambda {:.4g}", s.lambda));
  }
  if (m.nested.outer_folds > 0) {
    fmt::print("  nested CV ({} outer folds): AUC {:.4f} ({:.4f}-{:.4f}); chosen per fold:",
               m.nested.outer_folds, m.nested.auc, m.nested.auc_lower, m.nested.auc_upper);
    for (const models::NestedFold& f : m.nested.folds) fmt::print(" {}", f.method);
    fmt::print("\n");
  }
  for (const models::OptimismMetric& om : m.optimism.metrics) {
    fmt::print(
        "  bootstrap ({} resamples) {}: apparent {:.4f}, optimism {:.4f}, corrected {:.4f}\n",
        m.optimism.replicates, om.name, om.apparent, om.optimism, om.corrected);
  }
  WriteJson(args.Require("out"), m.ToJson());
  return 0;
}

models::LockedModel LoadModel(const Args& args) {
  const std::string file = args.Require("model");
  const nlohmann::json j = core::ReadJson(file);
  try {
    return models::LockedModel::FromJson(j);
  } catch (const Error& e) {
    throw InputError(Diagnostic{file, 0, 0, e.what(), ""});
  } catch (const nlohmann::json::exception& e) {
    throw InputError(Diagnostic{file, 0, 0, core::PlainMessage(e), ""});
  }
}

// Every model feature must be a column of the data (exact name).
void RequireFeatures(const core::Table& table, const models::LockedModel& m) {
  DiagnosticCollector problems;
  for (const std::string& f : m.preprocessing.features) {
    if (!table.Find(f))
      problems.Add(table.source(), 1, 0,
                   fmt::format("the model needs feature column \"{}\", which is missing", f));
  }
  problems.ThrowIfAny();
}

int Evaluate(const Args& args) {
  const models::LockedModel m = LoadModel(args);
  const core::Table table = LoadTable(args);
  RequireFeatures(table, m);
  const Labelled l = ReadLabelled(table, m.preprocessing.features, args.Require("outcome"));
  const std::vector<double> p = m.Predict(FeatureColumns(l.d, m.preprocessing.features));
  const std::vector<int> yi(l.y.begin(), l.y.end());
  const diagnostics::RocResult roc =
      diagnostics::Roc(p, yi, {diagnostics::Direction::kLess, 0.95, false});
  const models::Calibration cal = models::CalibrationOf(p, l.y);
  const double brier = models::Brier(p, l.y);
  nlohmann::json json = {{"n", l.y.size()},
                         {"n_positive", roc.n_cases},
                         {"auc", roc.auc},
                         {"auc_lower", roc.auc_lower},
                         {"auc_upper", roc.auc_upper},
                         {"auc_ci_method", "delong"},
                         {"brier", brier},
                         {"calibration_intercept", cal.intercept},
                         {"calibration_slope", cal.slope},
                         {"n_dropped_missing_outcome", l.d.n_dropped},
                         {"model_method", m.method},
                         {"model_training_hash", m.training_hash}};
  json["calibration_curve"] = diagnostics::ToJson(diagnostics::CalibrationCurve(p, l.y, 10));
  std::vector<double> thresholds;
  for (int k = 1; k < 100; ++k) thresholds.push_back(k / 100.0);
  json["decision_curve"] = diagnostics::ToJson(diagnostics::DecisionCurve(p, l.y, thresholds));
  json["risk_threshold"] = m.risk_threshold;
  json["at_risk_threshold"] =
      diagnostics::Performance(p, yi, m.risk_threshold, diagnostics::Direction::kLess).ToJson();
  if (const auto b = args.Integer("bootstrap"); b > 0) {
    stats::BootstrapOptions bo;
    bo.replicates = static_cast<int>(b);
    bo.seed = static_cast<std::uint64_t>(args.Integer("seed"));
    const stats::BootstrapResult auc = diagnostics::BootstrapAuc(p, yi, bo);
    auto brier = [&](const std::vector<std::size_t>& rows) {
      double s = 0;
      for (std::size_t r : rows) s += (p[r] - l.y[r]) * (p[r] - l.y[r]);
      return s / static_cast<double>(rows.size());
    };
    json["bootstrap"] = {{"replicates", b},
                         {"seed", bo.seed},
                         {"auc", auc.ToJson()},
                         {"brier", diagnostics::BootstrapMetric(p.size(), brier, bo).ToJson()}};
  }
  fmt::print(
      "n = {} ({} positive): AUC {:.4f} ({:.4f}-{:.4f}, DeLong), Brier {:.4f}, calibration "
      "intercept {:.3f}, slope {:.3f}\n",
      l.y.size(), roc.n_cases, roc.auc, roc.auc_lower, roc.auc_upper, brier, cal.intercept,
      cal.slope);
  WriteJson(args.Require("json"), json);
  return 0;
}

int Predict(const Args& args) {
  const models::LockedModel m = LoadModel(args);
  const core::Table table = LoadTable(args);
  RequireFeatures(table, m);
  const diagnostics::NumericColumns d =
      diagnostics::ReadNumeric(table, m.preprocessing.features, {}, false);
  const std::vector<double> p = m.Predict(FeatureColumns(d, m.preprocessing.features));
  const std::size_t id = args.Get("id") ? table.Require(*args.Get("id")) : 0;
  std::string out = fmt::format("{}\tprobability\trisk_group\n", table.names()[id]);
  for (std::size_t i = 0; i < p.size(); ++i) {
    out += fmt::format("{}\t{:.10g}\t{}\n", table.cell(d.rows[i], id), p[i],
                       p[i] >= m.risk_threshold ? "high" : "low");
  }
  core::WriteFileAtomically(args.Require("out"), out);
  fmt::print("{} predictions written (risk group high when probability >= {:.4g})\n", p.size(),
             m.risk_threshold);
  return 0;
}

Option Data() { return Option::Path("data", "CSV or TSV file, one row per subject").Required(); }
Option Where();

// `model fit`: the data, then the model's own declaration
// (models::FitOptionTable: the same options, defaults and checks as the plan
// kind `predictive`), then the xgboost parameters and the output.
std::vector<Option> FitCommandOptions() {
  std::vector<Option> options = {
      Data(), Option::String("outcome", "binary outcome 0/1").Required().Metavar("COL"),
      Option::List("features", "feature columns (missing values imputed)")
          .Required()
          .Metavar("A,B,..")};
  for (Option& o : models::FitOptionTable().Specs()) options.push_back(std::move(o));
  for (Option o :
       {Option::Integer("max_depth", "xgboost tree depth").Default(3).Range(1, 20).Metavar("D"),
        Option::Number("eta", "xgboost learning rate").Default(0.1).Metavar("E"),
        Option::Integer("max_rounds", "xgboost: most boosting rounds tried by CV")
            .Default(200)
            .Range(1, 100000)
            .Metavar("R"),
        Where(), Option::Path("out", "the locked model (JSON)").Required()}) {
    options.push_back(std::move(o));
  }
  return options;
}
Option Where() {
  return Option::String("where", "keep rows whose COL equals VALUE (several: A=x;B=y)")
      .Metavar("COL=VALUE");
}

}  // namespace

std::vector<Command> ModelCommands() {
  return {
      {"model path",
       "elastic-net path, binomial or Cox (as glmnet)",
       "",
       {Data(), Option::Enum("family", {"binomial", "cox"}, "model family").Required(),
        Option::String("outcome", "binary outcome (binomial)").Metavar("COL"),
        Option::String("time", "follow-up time (cox)").Metavar("COL"),
        Option::String("event", "event 0/1 or 1/2 (cox)").Metavar("COL"),
        Option::List("features", "feature columns").Required().Metavar("A,B,.."),
        Option::Number("alpha", "elastic-net mixing, 1 = lasso").Default(1).Metavar("A"),
        Option::Integer("nlambda", "number of lambdas").Default(100).Range(2, 10000),
        Option::Number("lambda_min_ratio",
                       "smallest lambda / lambda_max (default 1e-4 if n > p, else 0.01)")
            .Metavar("R"),
        Option::Number("thresh", "convergence threshold (glmnet's thresh)")
            .Default(1e-7)
            .Metavar("T"),
        Where(), Option::Path("json", "write lambda, df, dev_ratio, a0, beta").Required(),
        Option::Boolean("timing",
                        "print the CPU and wall time of the analysis (without reading) on stderr")},
       PathCommand},
      {"model fit", "fit and lock a predictive model of a binary outcome, with stratified CV", "",
       FitCommandOptions(), Fit},
      {"model evaluate",
       "apply a locked model to labelled data: AUC (DeLong CI), Brier, calibration, decision curve",
       "",
       {Option::Path("model", "locked model JSON").Required(), Data(),
        Option::String("outcome", "binary outcome 0/1").Required().Metavar("COL"), Where(),
        Option::Integer("bootstrap", "bootstrap CIs of AUC and Brier with B resamples (0: none)")
            .Default(0)
            .Range(0, 100000)
            .Metavar("B"),
        Option::Integer("seed", "bootstrap seed").Default(1).Range(0, kMaxSeed).Metavar("S"),
        Option::Path("json", "metrics").Required()},
       Evaluate},
      {"model predict",
       "apply a locked model: subject id, probability, risk group",
       "",
       {Option::Path("model", "locked model JSON").Required(), Data(),
        Option::String("id", "subject id column (default: the first)").Metavar("COL"), Where(),
        Option::Path("out", "predictions TSV").Required()},
       Predict},
  };
}

const RegisterCommands kRegistered(ModelCommands);

}  // namespace pioneer::cli
