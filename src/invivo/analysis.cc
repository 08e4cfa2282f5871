#include "pioneer/invivo/analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "pioneer/core/error.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::invivo {
namespace {

using nlohmann::json;
using stats::JsonNumber;

std::string Cell(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "NA"; }

std::vector<std::string> ArmsControlFirst(const GrowthData& data, const std::string& control) {
  std::vector<std::string> arms = {control};
  for (const std::string& a : data.arms) {
    if (a != control) arms.push_back(a);
  }
  return arms;
}

}  // namespace

StudyAnalysis AnalyseStudy(const GrowthData& data, const AnalysisOptions& o) {
  if (data.arms.empty()) throw UsageError("invivo analysis: the data have no arm column");
  RequirePositiveVolumes(data);
  StudyAnalysis r;
  r.control = o.control.empty() ? data.arms.front() : o.control;
  if (std::find(data.arms.begin(), data.arms.end(), r.control) == data.arms.end()) {
    throw UsageError(fmt::format("control {}: not an arm of the data (arms: {})", r.control,
                                 fmt::join(data.arms, ", ")));
  }
  r.n_animals = data.curves.size();
  for (const Curve& c : data.curves) r.n_measurements += c.size();
  r.landmark_day = o.landmark_day ? *o.landmark_day : DefaultLandmarkDay(data, r.control);
  r.summary = DescribeByArmDay(data, o.descriptive);
  r.mrecist = MRecistAll(data, o.mrecist);
  r.tgi = GrowthInhibition(
      data, {r.control, r.landmark_day, o.bootstrap_replicates, o.seed, o.confidence});
  r.growth = AnimalGrowthAll(data, o.regression);
  r.rates = CompareRates(data, r.growth, r.control);
  if (o.mixed_model) {
    try {
      r.mixed = FitGrowthMixedModel(data, {.control = r.control});
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kFailedPrecondition) throw;
      r.mixed_model_problem = e.what();
    }
  }
  r.endpoint = AnalyseEndpoint(data, ArmsControlFirst(data, r.control), o.endpoint);
  if (o.combination) {
    r.design = CombinationDesign::Parse(*o.combination, r.control);
    r.design->Check(data);
    SynergyOptions so;
    so.landmark_day = r.landmark_day;
    so.bootstrap_replicates = o.bootstrap_replicates;
    so.seed = o.seed;
    so.confidence = o.confidence;
    r.synergy = AnalyseSynergy(data, *r.design, r.growth, r.mixed ? &*r.mixed : nullptr, so);
  }
  return r;
}

namespace {

json MixedJson(const MixedModelResult& m, const std::optional<CombinationDesign>& design) {
  json j;
  j["loglik_reml"] = m.loglik_reml;
  j["converged"] = m.converged;
  j["iterations"] = m.iterations;
  j["stop_reason"] = m.stop_reason;
  j["n_obs"] = m.n_obs;
  j["n_animals"] = m.n_animals;
  j["arm_slopes"] = json::object();
  j["arm_slope_se"] = json::object();
  for (const auto& [arm, s] : m.arm_slopes) j["arm_slopes"][arm] = s;
  for (const auto& [arm, s] : m.arm_slope_se) j["arm_slope_se"][arm] = s;
  j["fixed_effects"] = json::array();
  for (const Coefficient& c : m.fixed) {
    j["fixed_effects"].push_back(
        {{"term", c.name}, {"estimate", c.estimate}, {"se", c.se}, {"z", c.z}, {"p", c.p}});
  }
  j["random_effects"] = {{"sd_intercept", m.sd_intercept},
                         {"sd_slope", m.sd_slope},
                         {"correlation", JsonNumber(m.correlation)},
                         {"sigma", m.sigma}};
  j["type2_tests"] = json::array();
  for (const WaldTest& w : m.type2)
    j["type2_tests"].push_back({{"term", w.term}, {"chisq", w.chisq}, {"df", w.df}, {"p", w.p}});
  j["slope_contrasts"] = json::array();
  for (const Contrast& c : m.slope_contrasts) {
    j["slope_contrasts"].push_back({{"contrast", c.label},
                                    {"estimate", c.estimate},
                                    {"se", c.se},
                                    {"z", c.z},
                                    {"p", c.p},
                                    {"p_holm", c.p_holm}});
  }
  if (design) {
    const Eigen::VectorXd w = SlopeWeights(m, design->ab) - SlopeWeights(m, design->a) -
                              SlopeWeights(m, design->b) + SlopeWeights(m, design->control);
    const Contrast c = LinearContrast(m, w, "interaction");
    j["synergy"] = {{"estimate", c.estimate},
                    {"se", c.se},
                    {"p", c.p},
                    {"contrast", fmt::format("slope[{}] - slope[{}] - slope[{}] + slope[{}]",
                                             design->ab, design->a, design->b, design->control)}};
  }
  return j;
}

json EndpointJson(const EndpointResult& e) {
  json j;
  j["volume"] = e.options.fold_change > 0 ? json(nullptr) : json(e.options.volume);
  j["fold_change"] = e.options.fold_change > 0 ? json(e.options.fold_change) : json(nullptr);
  j["km"] = e.km.ToJson();
  if (e.has_logrank) j["logrank"] = e.logrank.ToJson();
  return j;
}

}  // namespace

json StudyAnalysis::ToJson() const {
  json j;
  j["control"] = control;
  j["landmark_day"] = landmark_day;
  j["n_animals"] = n_animals;
  j["n_measurements"] = n_measurements;
  j["tgi"] = json::array();
  for (const TgiResult& t : tgi) {
    j["tgi"].push_back({{"arm", t.arm},
                        {"day", t.day},
                        {"n", t.n},
                        {"n_control", t.n_control},
                        {"tgi_pct", JsonNumber(t.tgi_pct)},
                        {"tgi_lower", JsonNumber(t.tgi_lower)},
                        {"tgi_upper", JsonNumber(t.tgi_upper)},
                        {"tc_pct", JsonNumber(t.tc_pct)},
                        {"tc_lower", JsonNumber(t.tc_lower)},
                        {"tc_upper", JsonNumber(t.tc_upper)}});
  }
  j["growth_rates"] = json::array();
  for (const ArmRates& a : rates) {
    j["growth_rates"].push_back({{"arm", a.arm},
                                 {"n", a.n},
                                 {"mean_rate", JsonNumber(a.mean_rate)},
                                 {"sem", JsonNumber(a.sem)},
                                 {"median_rate", JsonNumber(a.median_rate)},
                                 {"mean_auc_log_relative", JsonNumber(a.mean_auc)},
                                 {"partial_regressions", a.partial_regressions},
                                 {"complete_regressions", a.complete_regressions},
                                 {"diff_vs_control", JsonNumber(a.diff_vs_control)},
                                 {"welch_p", JsonNumber(a.p)},
                                 {"welch_p_holm", JsonNumber(a.p_holm)}});
  }
  std::map<std::string, std::map<std::string, int>> counts;
  for (const CurveResponse& r : mrecist) ++counts[r.curve->arm][ToString(r.result.response)];
  j["mrecist"] = counts;
  j["mixed_model"] = mixed ? MixedJson(*mixed, design) : json{{"problem", mixed_model_problem}};
  j["time_to_endpoint"] = EndpointJson(endpoint);
  j["synergy"] = json::array();
  j["synergy_notes"] = json::array();
  if (synergy) {
    for (const SynergyRow& s : synergy->rows) {
      j["synergy"].push_back({{"method", s.method},
                              {"window", s.window},
                              {"expected", JsonNumber(s.expected)},
                              {"observed", JsonNumber(s.observed)},
                              {"estimate", JsonNumber(s.estimate)},
                              {"lower", JsonNumber(s.lower)},
                              {"upper", JsonNumber(s.upper)},
                              {"p", JsonNumber(s.p)},
                              {"verdict", s.verdict}});
    }
    j["synergy_notes"] = synergy->notes;
  }
  return j;
}

std::vector<std::pair<std::string, core::Table>> StudyAnalysis::Tables() const {
  std::vector<std::pair<std::string, core::Table>> out;
  core::Table summary_t("summary", {"arm", "day", "n", "mean", "sem", "median", "mean_relative",
                                    "sem_relative", "mean_weight_change_pct"});
  std::int64_t line = 2;
  for (const ArmDaySummary& s : summary) {
    summary_t.AddRow(
        {s.arm, Cell(s.day), std::to_string(s.n), Cell(s.mean), Cell(s.sem), Cell(s.median),
         Cell(s.mean_relative), Cell(s.sem_relative), Cell(s.mean_weight_change_pct)},
        line++);
  }
  out.emplace_back("summary.tsv", std::move(summary_t));
  core::Table tgi_t("tgi", {"arm", "day", "n", "n_control", "tgi_pct", "tgi_lower", "tgi_upper",
                            "tc_pct", "tc_lower", "tc_upper"});
  for (const TgiResult& t : tgi) {
    tgi_t.AddRow(
        {t.arm, Cell(t.day), std::to_string(t.n), std::to_string(t.n_control), Cell(t.tgi_pct),
         Cell(t.tgi_lower), Cell(t.tgi_upper), Cell(t.tc_pct), Cell(t.tc_lower), Cell(t.tc_upper)},
        line++);
  }
  out.emplace_back("tgi.tsv", std::move(tgi_t));
  core::Table animals(
      "animals", {"animal", "arm", "n_measurements", "growth_rate", "auc_log_relative",
                  "best_response_pct", "best_avg_response_pct", "mRECIST", "partial_regression",
                  "complete_regression", "time_to_endpoint", "endpoint_reached"});
  for (std::size_t i = 0; i < growth.size(); ++i) {
    const AnimalGrowth& g = growth[i];
    const MRecistResult& m = mrecist[i].result;
    const AnimalEndpoint& e = endpoint.animals[i];
    animals.AddRow({g.curve->id, g.curve->arm, std::to_string(g.curve->size()), Cell(g.rate),
                    Cell(g.auc_log_rel), Cell(m.best_response_pct), Cell(m.best_avg_response_pct),
                    ToString(m.response), g.partial_regression ? "1" : "0",
                    g.complete_regression ? "1" : "0", Cell(e.time), std::to_string(e.event)},
                   line++);
  }
  out.emplace_back("animals.tsv", std::move(animals));
  if (mixed) {
    core::Table fe("mixed_model", {"term", "estimate", "se", "z", "p"});
    for (const Coefficient& c : mixed->fixed)
      fe.AddRow({c.name, Cell(c.estimate), Cell(c.se), Cell(c.z), Cell(c.p)}, line++);
    out.emplace_back("mixed_model.tsv", std::move(fe));
  }
  if (synergy) {
    core::Table st("synergy", {"method", "window", "expected", "observed", "estimate", "lower",
                               "upper", "p", "verdict"});
    for (const SynergyRow& s : synergy->rows) {
      st.AddRow({s.method, s.window, Cell(s.expected), Cell(s.observed), Cell(s.estimate),
                 Cell(s.lower), Cell(s.upper), Cell(s.p), s.verdict},
                line++);
    }
    out.emplace_back("synergy.tsv", std::move(st));
  }
  return out;
}

}  // namespace pioneer::invivo
