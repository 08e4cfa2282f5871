// Vega-Lite specs of the predictive section (predictive_charts.h).
#include "predictive_charts.h"

#include <algorithm>
#include <cmath>

#include "../charts.h"

namespace pioneer::pipeline::predictive {
namespace {

using charts::Domain;
using charts::kSchema;
using charts::Round4;

}  // namespace

nlohmann::json RocSpec(const std::vector<RocLine>& lines) {
  nlohmann::json curve = nlohmann::json::array(), band = nlohmann::json::array();
  std::vector<std::string> names;
  for (const RocLine& line : lines) {
    names.push_back(line.name);
    const diagnostics::RocResult& r = *line.roc;
    // pROC's curve runs from (0, 0) to (1, 1) as the threshold decreases.
    for (std::size_t k = r.thresholds.size(); k-- > 0;) {
      curve.push_back({{"curve", line.name},
                       {"fpr", Round4(1 - r.specificities[k])},
                       {"tpr", Round4(r.sensitivities[k])},
                       {"order", r.thresholds.size() - k}});
    }
    for (const diagnostics::RocBandPoint& p : line.band) {
      band.push_back({{"curve", line.name},
                      {"fpr", Round4(1 - p.specificity)},
                      {"lower", Round4(p.lower)},
                      {"upper", Round4(p.upper)}});
    }
  }
  const nlohmann::json color = {{"field", "curve"},
                                {"type", "nominal"},
                                {"title", nullptr},
                                {"scale", {{"domain", Domain(names)}}},
                                {"legend", {{"orient", "bottom-right"}, {"labelLimit", 320}}}};
  const nlohmann::json x = {{"field", "fpr"},
                            {"type", "quantitative"},
                            {"title", "1 − specificity"},
                            {"scale", {{"domain", {0, 1}}}}};
  return {{"$schema", kSchema},
          {"width", 420},
          {"height", 420},
          {"layer",
           {{{"data", {{"values", band}}},
             {"mark", {{"type", "area"}, {"opacity", 0.18}}},
             {"encoding",
              {{"x", x},
               {"y", {{"field", "lower"}, {"type", "quantitative"}}},
               {"y2", {{"field", "upper"}}},
               {"color", color}}}},
            {{"data", {{"values", {{{"a", 0}, {"b", 0}}, {{"a", 1}, {"b", 1}}}}}},
             {"mark", {{"type", "line"}, {"strokeDash", {4, 4}}, {"color", "#999"}}},
             {"encoding",
              {{"x", {{"field", "a"}, {"type", "quantitative"}}},
               {"y", {{"field", "b"}, {"type", "quantitative"}}}}}},
            {{"data", {{"values", curve}}},
             {"mark", {{"type", "line"}, {"interpolate", "linear"}, {"strokeWidth", 2}}},
             {"encoding",
              {{"x", x},
               {"y",
                {{"field", "tpr"},
                 {"type", "quantitative"},
                 {"title", "Sensitivity"},
                 {"scale", {{"domain", {0, 1}}}}}},
               {"order", {{"field", "order"}, {"type", "quantitative"}}},
               {"color", color}}}}}}};
}

nlohmann::json CalibrationSpec(const std::vector<CalibrationLine>& lines) {
  nlohmann::json values = nlohmann::json::array();
  std::vector<std::string> names;
  for (const CalibrationLine& line : lines) {
    names.push_back(line.name);
    for (const diagnostics::CalibrationGroup& g : line.groups) {
      values.push_back({{"cohort", line.name},
                        {"predicted", Round4(g.mean_predicted)},
                        {"observed", Round4(g.observed)},
                        {"lower", Round4(g.observed_lower)},
                        {"upper", Round4(g.observed_upper)},
                        {"n", g.n}});
    }
  }
  const nlohmann::json color = {{"field", "cohort"},
                                {"type", "nominal"},
                                {"title", nullptr},
                                {"scale", {{"domain", Domain(names)}}},
                                {"legend", {{"orient", "top-left"}, {"labelLimit", 320}}}};
  const nlohmann::json x = {{"field", "predicted"},
                            {"type", "quantitative"},
                            {"title", "Mean predicted probability of response"},
                            {"scale", {{"domain", {0, 1}}}}};
  const nlohmann::json y = {{"field", "observed"},
                            {"type", "quantitative"},
                            {"title", "Observed response rate (Wilson 95% CI)"},
                            {"scale", {{"domain", {0, 1}}}}};
  return {{"$schema", kSchema},
          {"width", 420},
          {"height", 420},
          {"layer",
           {{{"data", {{"values", {{{"a", 0}, {"b", 0}}, {{"a", 1}, {"b", 1}}}}}},
             {"mark", {{"type", "line"}, {"strokeDash", {4, 4}}, {"color", "#999"}}},
             {"encoding",
              {{"x", {{"field", "a"}, {"type", "quantitative"}}},
               {"y", {{"field", "b"}, {"type", "quantitative"}}}}}},
            {{"data", {{"values", values}}},
             {"mark", {{"type", "errorbar"}, {"ticks", true}}},
             {"encoding",
              {{"x", x},
               {"y",
                {{"field", "lower"},
                 {"type", "quantitative"},
                 {"title", y["title"]},
                 {"scale", y["scale"]}}},
               {"y2", {{"field", "upper"}}},
               {"color", color}}}},
            {{"data", {{"values", values}}},
             {"mark", {{"type", "line"}, {"point", true}}},
             {"encoding",
              {{"x", x},
               {"y", y},
               {"color", color},
               {"tooltip",
                {{{"field", "cohort"}},
                 {{"field", "n"}},
                 {{"field", "predicted"}},
                 {{"field", "observed"}}}}}}}}}};
}

nlohmann::json DecisionCurveSpec(const std::vector<diagnostics::NetBenefit>& curve,
                                 const std::string& model_name) {
  nlohmann::json values = nlohmann::json::array();
  double top = 0;
  for (const diagnostics::NetBenefit& b : curve) {
    top = std::max({top, b.model, b.treat_all});
    values.push_back(
        {{"strategy", model_name}, {"threshold", b.threshold}, {"nb", Round4(b.model)}});
    values.push_back(
        {{"strategy", "Treat all"}, {"threshold", b.threshold}, {"nb", Round4(b.treat_all)}});
    values.push_back({{"strategy", "Treat none"}, {"threshold", b.threshold}, {"nb", 0.0}});
  }
  const double floor = -0.05;
  return {{"$schema", kSchema},
          {"width", 520},
          {"height", 320},
          {"data", {{"values", values}}},
          {"transform", {{{"filter", "datum.nb >= -0.05"}}}},
          {"mark", {{"type", "line"}, {"strokeWidth", 2}}},
          {"encoding",
           {{"x",
             {{"field", "threshold"},
              {"type", "quantitative"},
              {"title", "Threshold probability"},
              {"axis", {{"format", ".0%"}}}}},
            {"y",
             {{"field", "nb"},
              {"type", "quantitative"},
              {"title", "Net benefit"},
              {"scale", {{"domain", {floor, Round4(top + 0.02)}}}}}},
            {"color",
             {{"field", "strategy"},
              {"type", "nominal"},
              {"title", nullptr},
              {"scale",
               {{"domain", {model_name, "Treat all", "Treat none"}},
                {"range", {"#1f77b4", "#999999", "#333333"}}}},
              {"legend", {{"orient", "top-right"}, {"labelLimit", 320}}}}},
            // Same field, title and domain as the colour: Vega-Lite merges them into one legend.
            {"strokeDash",
             {{"field", "strategy"},
              {"type", "nominal"},
              {"title", nullptr},
              {"legend", {{"orient", "top-right"}, {"labelLimit", 320}}},
              {"scale",
               {{"domain", {model_name, "Treat all", "Treat none"}},
                {"range", {{1, 0}, {6, 3}, {2, 2}}}}}}},
            {"tooltip", {{{"field", "strategy"}}, {{"field", "threshold"}}, {{"field", "nb"}}}}}}};
}

nlohmann::json ImportanceSpec(const std::vector<std::pair<std::string, double>>& input,
                              const std::string& axis_title) {
  std::vector<std::pair<std::string, double>> v = input;
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return std::abs(a.second) > std::abs(b.second);
  });
  nlohmann::json values = nlohmann::json::array(), order = nlohmann::json::array();
  for (const auto& [name, value] : v) {
    values.push_back({{"feature", name},
                      {"value", Round4(value)},
                      {"sign", value >= 0 ? "favours response" : "against response"}});
    order.push_back(name);
  }
  return {{"$schema", kSchema},
          {"width", 420},
          {"height", 24 * static_cast<int>(v.size())},
          {"data", {{"values", values}}},
          {"mark", "bar"},
          {"encoding",
           {{"y", {{"field", "feature"}, {"type", "nominal"}, {"sort", order}, {"title", nullptr}}},
            {"x", {{"field", "value"}, {"type", "quantitative"}, {"title", axis_title}}},
            {"color",
             {{"field", "sign"},
              {"type", "nominal"},
              {"title", nullptr},
              {"scale",
               {{"domain", {"favours response", "against response"}},
                {"range", {"#1a9850", "#d73027"}}}}}},
            {"tooltip", {{{"field", "feature"}}, {{"field", "value"}}}}}}};
}

}  // namespace pioneer::pipeline::predictive
