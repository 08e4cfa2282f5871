// Charts of the "Blood immune phenotyping" section (cytometry_charts.h).
#include "cytometry_charts.h"

#include <cmath>

#include "../charts.h"
#include "pioneer/cytometry/tree.h"

namespace pioneer::pipeline {
namespace {

using charts::kSchema;
using charts::Round4;

double Round(double x, double scale) { return std::round(x * scale) / scale; }

// One colour per metacluster, the same in every chart.
nlohmann::json MetaclusterColour(const std::vector<std::string>& labels, const char* title) {
  return {
      {"field", "metacluster"},
      {"type", "nominal"},
      {"sort", labels},
      {"title", title},
      {"legend", {{"labelLimit", 320}}},
      {"scale", {{"domain", labels}, {"scheme", labels.size() <= 10 ? "tableau10" : "tableau20"}}}};
}

}  // namespace

nlohmann::json CytometryHeatmapSpec(const cytometry::ClusterResult& r,
                                    const std::vector<std::string>& labels) {
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t m = 0; m < r.k; ++m) {
    for (std::size_t j = 0; j < r.markers.size(); ++j) {
      const double v = r.heatmap[m][j];
      values.push_back(
          {{"metacluster", labels[m]},
           {"marker", r.markers[j]},
           {"value", std::isfinite(v) ? nlohmann::json(Round(v, 1000)) : nlohmann::json()}});
    }
  }
  const nlohmann::json x = {{"field", "marker"},
                            {"type", "nominal"},
                            {"sort", r.markers},
                            {"title", nullptr},
                            {"axis", {{"labelAngle", -45}, {"orient", "top"}}}};
  const nlohmann::json y = {{"field", "metacluster"},
                            {"type", "nominal"},
                            {"sort", labels},
                            {"title", nullptr},
                            {"axis", {{"labelLimit", 320}}}};
  return {{"$schema", kSchema},
          {"width", 34 * r.markers.size()},
          {"height", 24 * r.k},
          {"data", {{"values", values}}},
          {"layer",
           {{{"mark", "rect"},
             {"encoding",
              {{"x", x},
               {"y", y},
               {"color",
                {{"field", "value"},
                 {"type", "quantitative"},
                 {"title", "Scaled median"},
                 {"scale", {{"scheme", "viridis"}, {"domain", {0, 1}}}}}},
               {"tooltip",
                {{{"field", "metacluster"}},
                 {{"field", "marker"}},
                 {{"field", "value"}, {"format", ".2f"}, {"title", "scaled median"}}}}}}},
            {{"mark", {{"type", "text"}, {"fontSize", 9}}},
             {"encoding",
              {{"x", x},
               {"y", y},
               {"text", {{"field", "value"}, {"type", "quantitative"}, {"format", ".1f"}}},
               {"color",
                {{"condition", {{"test", "datum.value > 0.6"}, {"value", "black"}}},
                 {"value", "white"}}}}}}}}};
}

nlohmann::json CytometryBoxSpec(const cytometry::ClusterResult& r,
                                const std::vector<std::string>& labels,
                                const SampleGroups& groups) {
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t s = 0; s < r.samples.size(); ++s) {
    if (groups.group[s].empty() || r.events[s] == 0) continue;
    for (std::size_t m = 0; m < r.k; ++m) {
      const double pct =
          100.0 * static_cast<double>(r.meta_counts[s][m]) / static_cast<double>(r.events[s]);
      values.push_back({{"metacluster", labels[m]},
                        {"group", groups.group[s]},
                        {"sample", r.samples[s]},
                        {"frequency", Round(pct, 100)}});
    }
  }
  const nlohmann::json colour = {
      {"field", "group"},
      {"type", "nominal"},
      {"sort", groups.levels},
      {"title", "Best overall response"},
      {"legend", {{"orient", "top"}, {"labelLimit", 300}}},
      {"scale", {{"domain", groups.levels}, {"range", {"#8c8c8c", "#1b7837"}}}}};
  return {{"$schema", kSchema},
          {"data", {{"values", values}}},
          {"facet",
           {{"field", "metacluster"},
            {"type", "nominal"},
            {"sort", labels},
            {"title", nullptr},
            {"header", {{"labelFontSize", 10}, {"labelLimit", 200}}}}},
          {"columns", 4},
          {"resolve", {{"scale", {{"y", "independent"}}}}},
          {"spec",
           {{"width", 140},
            {"height", 120},
            // Whiskers to min and max: with 1.5 IQR a panel without outliers
            // has an empty outlier layer, which Vega warns about.
            {"mark", {{"type", "boxplot"}, {"extent", "min-max"}, {"size", 28}}},
            {"encoding",
             {{"x",
               {{"field", "group"},
                {"type", "nominal"},
                {"sort", groups.levels},
                {"title", nullptr},
                {"axis", {{"labels", false}, {"ticks", false}}}}},
              {"y", {{"field", "frequency"}, {"type", "quantitative"}, {"title", "% of events"}}},
              {"color", colour}}}}}};
}

// FlowSOM's tree view (cytometry/tree.h): the minimum spanning tree of the
// nodes' codes, drawn by Kamada-Kawai; circles sized by events.
nlohmann::json CytometryMapSpec(const cytometry::ClusterResult& r,
                                const std::vector<std::string>& labels) {
  const cytometry::SomTree tree = cytometry::BuildTree(r.som);
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  for (std::size_t c = 0; c < r.som.nodes(); ++c) {
    std::size_t events = 0;
    for (const auto& counts : r.node_counts) events += counts[c];
    nodes.push_back({{"node", c + 1},
                     {"x", Round4(tree.x[c])},
                     {"y", Round4(tree.y[c])},
                     {"events", events},
                     {"metacluster", labels[static_cast<std::size_t>(r.node_metacluster[c]) - 1]}});
  }
  for (const auto& [a, b] : tree.edges) {
    edges.push_back({{"x", Round4(tree.x[a])},
                     {"y", Round4(tree.y[a])},
                     {"x2", Round4(tree.x[b])},
                     {"y2", Round4(tree.y[b])}});
  }
  const nlohmann::json position = {{"type", "quantitative"},
                                   {"title", nullptr},
                                   {"axis", nullptr},
                                   {"scale", {{"zero", false}, {"nice", false}}}};
  nlohmann::json x = position, y = position;
  x["field"] = "x";
  y["field"] = "y";
  return {
      {"$schema", kSchema},
      {"width", 460},
      {"height", 460},
      {"layer",
       {{{"data", {{"values", edges}}},
         {"mark", {{"type", "rule"}, {"color", "#9a9a9a"}, {"strokeWidth", 1.2}}},
         {"encoding", {{"x", x}, {"y", y}, {"x2", {{"field", "x2"}}}, {"y2", {{"field", "y2"}}}}}},
        {{"data", {{"values", nodes}}},
         {"mark", {{"type", "circle"}, {"opacity", 0.9}, {"stroke", "#333"}, {"strokeWidth", 0.5}}},
         {"encoding",
          {{"x", x},
           {"y", y},
           {"size",
            {{"field", "events"},
             {"type", "quantitative"},
             {"title", "Events"},
             {"scale", {{"range", {15, 900}}}}}},
           {"color", MetaclusterColour(labels, "Metacluster")},
           {"tooltip",
            {{{"field", "node"}},
             {{"field", "metacluster"}},
             {{"field", "events"}, {"format", ","}}}}}}}}}};
}

}  // namespace pioneer::pipeline
