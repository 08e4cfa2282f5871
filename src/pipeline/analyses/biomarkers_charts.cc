// Vega-Lite specs of the Biomarkers section (biomarkers_charts.h).
#include "biomarkers_charts.h"

#include <algorithm>
#include <cmath>

#include "../charts.h"

namespace pioneer::pipeline::biomarker_charts {
namespace {

using charts::Domain;
using charts::kSchema;
using charts::Round4;

}  // namespace

nlohmann::json VolcanoSpec(const std::vector<VolcanoPoint>& points, const std::string& x_title) {
  nlohmann::json values = nlohmann::json::array();
  for (const VolcanoPoint& p : points) {
    values.push_back(
        {{"gene", p.gene},
         {"logFC", Round4(p.log_fc)},
         {"mlog10p", Round4(-std::log10(std::max(p.p, 1e-300)))},
         {"q", Round4(p.q)},
         {"status", p.q < 0.05 ? (p.log_fc > 0 ? "up, q < 0.05" : "down, q < 0.05") : "q ≥ 0.05"},
         {"label", p.label ? p.gene : ""}});
  }
  const nlohmann::json x = {{"field", "logFC"}, {"type", "quantitative"}, {"title", x_title}};
  const nlohmann::json y = {
      {"field", "mlog10p"}, {"type", "quantitative"}, {"title", "−log10 p (moderated t)"}};
  return {{"$schema", kSchema},
          {"width", 460},
          {"height", 340},
          {"data", {{"values", values}}},
          {"layer",
           {{{"mark", {{"type", "circle"}, {"size", 45}, {"opacity", 0.8}}},
             {"encoding",
              {{"x", x},
               {"y", y},
               {"color",
                {{"field", "status"},
                 {"type", "nominal"},
                 {"title", nullptr},
                 {"scale",
                  {{"domain", {"up, q < 0.05", "down, q < 0.05", "q ≥ 0.05"}},
                   {"range", {"#c0392b", "#2471a3", "#aaaaaa"}}}}}},
               {"tooltip", {{{"field", "gene"}}, {{"field", "logFC"}}, {{"field", "q"}}}}}}},
            {{"mark", {{"type", "text"}, {"dy", -8}, {"fontSize", 10}}},
             {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "label"}}}}}}}}};
}

nlohmann::json HeatmapSpec(const std::vector<HeatCell>& cells,
                           const std::vector<std::string>& signatures,
                           const std::vector<std::string>& groups) {
  nlohmann::json values = nlohmann::json::array(), strip = nlohmann::json::array();
  for (const HeatCell& c : cells) {
    values.push_back({{"subject", c.subject},
                      {"signature", c.signature},
                      {"group", c.group},
                      {"order", c.order},
                      {"z", Round4(std::clamp(c.z, -2.5, 2.5))},
                      {"score", Round4(c.score)}});
    if (c.signature == signatures.front())
      strip.push_back({{"subject", c.subject}, {"group", c.group}, {"order", c.order}});
  }
  const nlohmann::json x = {
      {"field", "order"}, {"type", "ordinal"}, {"axis", nullptr}, {"title", nullptr}};
  // An annotation strip of the class above the heatmap, one column per subject.
  return {
      {"$schema", kSchema},
      {"spacing", 2},
      {"resolve", {{"scale", {{"color", "independent"}}}}},
      {"vconcat",
       {{{"data", {{"values", strip}}},
         {"width", {{"step", 2}}},
         {"height", 14},
         {"mark", "rect"},
         {"encoding",
          {{"x", x},
           {"color",
            {{"field", "group"},
             {"type", "nominal"},
             {"title", "Resistance class"},
             {"scale",
              {{"domain", Domain(groups)},
               {"range", {"#1e8449", "#c0392b", "#e67e22", "#bbbbbb"}}}},
             {"legend", {{"orient", "top"}, {"direction", "horizontal"}, {"labelLimit", 300}}}}},
           {"tooltip", {{{"field", "subject"}}, {{"field", "group"}}}}}}},
        {{"data", {{"values", values}}},
         {"width", {{"step", 2}}},
         {"height", {{"step", 22}}},
         {"mark", "rect"},
         {"encoding",
          {{"x", x},
           {"y",
            {{"field", "signature"},
             {"type", "nominal"},
             {"sort", Domain(signatures)},
             {"title", nullptr},
             {"axis", {{"labelLimit", 260}}}}},
           {"color",
            {{"field", "z"},
             {"type", "quantitative"},
             {"title", "z-score"},
             {"scale", {{"scheme", "redblue"}, {"reverse", true}, {"domain", {-2.5, 2.5}}}},
             {"legend", {{"orient", "right"}}}}},
           {"tooltip",
            {{{"field", "subject"}}, {{"field", "signature"}}, {{"field", "score"}}}}}}}}}};
}

nlohmann::json StripSpec(const std::vector<StripPoint>& points,
                         const std::vector<std::string>& features,
                         const std::vector<std::string>& groups) {
  // Boxes computed here (quartiles as R's type 7, Tukey whiskers at 1.5 IQR)
  // so that they sit centred on the jittered points.
  nlohmann::json values = nlohmann::json::array();
  for (const std::string& f : features) {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      std::vector<double> v;
      for (const StripPoint& p : points) {
        if (p.feature == f && p.group == groups[g]) {
          v.push_back(p.value);
          values.push_back({{"kind", "point"},
                            {"feature", f},
                            {"x", Round4(static_cast<double>(g) + 0.2 * p.jitter)},
                            {"value", Round4(p.value)},
                            {"group", groups[g]}});
        }
      }
      if (v.empty()) continue;
      std::sort(v.begin(), v.end());
      auto quantile = [&](double q) {
        const double h = (static_cast<double>(v.size()) - 1) * q;
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
      };
      const double q1 = quantile(0.25), q3 = quantile(0.75), iqr = q3 - q1;
      double low = q1, high = q3;
      for (double x : v) {
        if (x >= q1 - 1.5 * iqr) low = std::min(low, x);
        if (x <= q3 + 1.5 * iqr) high = std::max(high, x);
      }
      const double c = static_cast<double>(g);
      values.push_back({{"kind", "box"},
                        {"feature", f},
                        {"group", groups[g]},
                        {"x", c - 0.28},
                        {"x2", c + 0.28},
                        {"xc", c},
                        {"q1", Round4(q1)},
                        {"median", Round4(quantile(0.5))},
                        {"q3", Round4(q3)},
                        {"low", Round4(low)},
                        {"high", Round4(high)}});
    }
  }
  std::string labels = "[";
  for (std::size_t g = 0; g < groups.size(); ++g) labels += (g ? ",'" : "'") + groups[g] + "'";
  labels += "][datum.value]";
  nlohmann::json ticks = nlohmann::json::array();
  for (std::size_t g = 0; g < groups.size(); ++g) ticks.push_back(g);
  const nlohmann::json xscale = {{"domain", {-0.6, static_cast<double>(groups.size()) - 0.4}}};
  const nlohmann::json x = {{"field", "x"},
                            {"type", "quantitative"},
                            {"title", nullptr},
                            {"scale", xscale},
                            {"axis", {{"values", ticks}, {"labelExpr", labels}, {"grid", false}}}};
  const nlohmann::json color = {{"field", "group"},
                                {"type", "nominal"},
                                {"legend", nullptr},
                                {"scale", {{"domain", Domain(groups)}}}};
  const nlohmann::json box = {{"filter", "datum.kind == 'box'"}};
  const nlohmann::json y_title = nullptr;
  return {
      {"$schema", kSchema},
      {"data", {{"values", values}}},
      {"facet",
       {{"field", "feature"}, {"type", "nominal"}, {"title", nullptr}, {"sort", Domain(features)}}},
      {"columns", 4},
      {"resolve", {{"scale", {{"y", "independent"}}}}},
      {"spec",
       {{"width", 200},
        {"height", 200},
        {"layer",
         {{{"transform", {{{"filter", "datum.kind == 'point'"}}}},
           {"mark", {{"type", "circle"}, {"size", 14}, {"opacity", 0.55}}},
           {"encoding",
            {{"x", x},
             {"y",
              {{"field", "value"},
               {"type", "quantitative"},
               {"title", y_title},
               {"scale", {{"zero", false}}}}},
             {"color", color}}}},
          {{"transform", {box}},
           {"mark", {{"type", "rule"}, {"color", "#333"}}},
           {"encoding",
            {{"x", {{"field", "xc"}, {"type", "quantitative"}, {"scale", xscale}}},
             {"y", {{"field", "low"}, {"type", "quantitative"}}},
             {"y2", {{"field", "high"}}}}}},
          {{"transform", {box}},
           {"mark", {{"type", "rect"}, {"fillOpacity", 0.25}, {"stroke", "#333"}}},
           {"encoding",
            {{"x", {{"field", "x"}, {"type", "quantitative"}, {"scale", xscale}}},
             {"x2", {{"field", "x2"}}},
             {"y", {{"field", "q1"}, {"type", "quantitative"}}},
             {"y2", {{"field", "q3"}}},
             {"color", color}}}},
          {{"transform", {box}},
           {"mark", {{"type", "rule"}, {"color", "#111"}, {"strokeWidth", 2}}},
           {"encoding",
            {{"x", {{"field", "x"}, {"type", "quantitative"}, {"scale", xscale}}},
             {"x2", {{"field", "x2"}}},
             {"y", {{"field", "median"}, {"type", "quantitative"}}}}}}}}}}};
}

nlohmann::json ForestSpec(const std::vector<ForestRow>& rows, const std::string& x_title) {
  nlohmann::json values = nlohmann::json::array();
  nlohmann::json order = nlohmann::json::array();
  for (const ForestRow& r : rows) {
    values.push_back({{"label", r.label},
                      {"hr", Round4(r.estimate)},
                      {"lower", Round4(r.lower)},
                      {"upper", Round4(r.upper)},
                      {"significant", r.q < 0.05 ? "q < 0.05" : "q ≥ 0.05"}});
    order.push_back(r.label);
  }
  const nlohmann::json y = {{"field", "label"},
                            {"type", "nominal"},
                            {"title", nullptr},
                            {"sort", order},
                            {"axis", {{"labelLimit", 360}}}};
  const nlohmann::json x = {
      {"field", "hr"}, {"type", "quantitative"}, {"title", x_title}, {"scale", {{"type", "log"}}}};
  return {
      {"$schema", kSchema},
      {"width", 420},
      {"height", {{"step", 20}}},
      {"data", {{"values", values}}},
      {"layer",
       {{{"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "#999"}}},
         {"encoding", {{"x", {{"datum", 1}, {"type", "quantitative"}}}}}},
        {{"mark", "rule"},
         {"encoding",
          {{"y", y},
           {"x", {{"field", "lower"}, {"type", "quantitative"}, {"scale", {{"type", "log"}}}}},
           {"x2", {{"field", "upper"}}}}}},
        {{"mark", {{"type", "point"}, {"filled", true}, {"size", 60}}},
         {"encoding",
          {{"y", y},
           {"x", x},
           {"color",
            {{"field", "significant"},
             {"type", "nominal"},
             {"title", nullptr},
             {"scale", {{"domain", {"q < 0.05", "q ≥ 0.05"}}, {"range", {"#c0392b", "#555555"}}}}}},
           {"tooltip",
            {{{"field", "label"}},
             {{"field", "hr"}},
             {{"field", "lower"}},
             {{"field", "upper"}}}}}}}}}};
}

nlohmann::json LandscapeSpec(const std::vector<LandscapeCell>& cells,
                             const std::vector<std::string>& genes,
                             const std::vector<std::string>& groups) {
  nlohmann::json values = nlohmann::json::array();
  for (const LandscapeCell& c : cells) {
    values.push_back({{"gene", c.gene},
                      {"group", c.group},
                      {"z", Round4(std::clamp(c.median_z, -1.5, 1.5))},
                      {"q", Round4(c.q)}});
  }
  return {
      {"$schema", kSchema},
      {"width", {{"step", 170}}},
      {"height", {{"step", 20}}},
      {"data", {{"values", values}}},
      {"layer",
       {{{"mark", "rect"},
         {"encoding",
          {{"x",
            {{"field", "group"},
             {"type", "nominal"},
             {"sort", Domain(groups)},
             {"title", nullptr},
             {"axis", {{"labelAngle", 0}, {"orient", "top"}, {"labelLimit", 170}}}}},
           {"y",
            {{"field", "gene"}, {"type", "nominal"}, {"sort", Domain(genes)}, {"title", nullptr}}},
           {"color",
            {{"field", "z"},
             {"type", "quantitative"},
             {"title", "median z"},
             {"scale", {{"scheme", "redblue"}, {"reverse", true}, {"domain", {-1.5, 1.5}}}}}},
           {"tooltip",
            {{{"field", "gene"}}, {{"field", "group"}}, {{"field", "z"}}, {{"field", "q"}}}}}}},
        {{"mark", {{"type", "text"}, {"fontSize", 10}}},
         {"encoding",
          {{"x", {{"field", "group"}, {"type", "nominal"}, {"sort", Domain(groups)}}},
           {"y", {{"field", "gene"}, {"type", "nominal"}, {"sort", Domain(genes)}}},
           {"text", {{"field", "z"}, {"type", "quantitative"}, {"format", ".2f"}}}}}}}}};
}

}  // namespace pioneer::pipeline::biomarker_charts
