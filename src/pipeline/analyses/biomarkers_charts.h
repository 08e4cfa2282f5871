// Private: Vega-Lite specs of the "Biomarkers" section (biomarkers.cc).
// Built from results computed by src/biomarkers; no statistics here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pioneer::pipeline::biomarker_charts {

struct VolcanoPoint {
  std::string gene;
  double log_fc = 0, p = 1, q = 1;
  bool label = false;
};
nlohmann::json VolcanoSpec(const std::vector<VolcanoPoint>& points, const std::string& x_title);

// One cell per (subject, signature): z-score of the signature's score across
// subjects; subjects ordered within their group.
struct HeatCell {
  std::string subject, signature, group;
  int order = 0;  // position of the subject within the chart
  double z = 0, score = 0;
};
nlohmann::json HeatmapSpec(const std::vector<HeatCell>& cells,
                           const std::vector<std::string>& signatures,
                           const std::vector<std::string>& groups);

// Values of a few biomarkers by a grouping (box + points), one panel each.
struct StripPoint {
  std::string feature, group;
  double value = 0, jitter = 0;
};
nlohmann::json StripSpec(const std::vector<StripPoint>& points,
                         const std::vector<std::string>& features,
                         const std::vector<std::string>& groups);

// Forest plot of hazard ratios per SD with 95% CIs (log axis).
struct ForestRow {
  std::string label;
  double estimate = 1, lower = 1, upper = 1, q = 1;
};
nlohmann::json ForestSpec(const std::vector<ForestRow>& rows, const std::string& x_title);

// Median z-score (across all classified subjects) of each target by class.
struct LandscapeCell {
  std::string gene, group;
  double median_z = 0;
  double q = 1;  // Kruskal-Wallis BH q of the gene
};
nlohmann::json LandscapeSpec(const std::vector<LandscapeCell>& cells,
                             const std::vector<std::string>& genes,
                             const std::vector<std::string>& groups);

}  // namespace pioneer::pipeline::biomarker_charts
