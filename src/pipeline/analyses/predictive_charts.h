// Private: Vega-Lite specs of the "Predictive biomarkers and diagnostic
// test" section (predictive.cc). Built from the diagnostics/models results;
// no statistics here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "pioneer/diagnostics/metrics.h"
#include "pioneer/diagnostics/roc.h"

namespace pioneer::pipeline::predictive {

struct RocLine {
  std::string name;  // legend label
  const diagnostics::RocResult* roc = nullptr;
  std::vector<diagnostics::RocBandPoint> band;  // empty: no band
};
nlohmann::json RocSpec(const std::vector<RocLine>& lines);

struct CalibrationLine {
  std::string name;
  std::vector<diagnostics::CalibrationGroup> groups;
};
nlohmann::json CalibrationSpec(const std::vector<CalibrationLine>& lines);

nlohmann::json DecisionCurveSpec(const std::vector<diagnostics::NetBenefit>& curve,
                                 const std::string& model_name);

// Horizontal bars, one per feature (label, value), sorted by |value|.
nlohmann::json ImportanceSpec(const std::vector<std::pair<std::string, double>>& values,
                              const std::string& axis_title);

}  // namespace pioneer::pipeline::predictive
