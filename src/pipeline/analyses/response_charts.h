// Private to the "response" analysis (analyses/response.cc): per-subject
// chart data drawn from the rules engine's results, and the Vega-Lite specs
// of the waterfall, spider and swimmer plots. No statistics here.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pioneer/clinical/study_response.h"

namespace pioneer::pipeline {

struct ResponseCourse {
  std::string subject_id, arm, bor_confirmed;
  std::optional<double> best_change_pct;  // best (lowest) % change of the target sum vs baseline
  std::vector<std::pair<int, double>> change;  // (day, % change), from (0, 0)
  int end_day = 0;                             // death or last contact
  bool died = false;
  bool ongoing = false;  // alive and progression-free at the data cut
  std::optional<int> response_day, pd_day, icpd_day;
  std::vector<int> iupd_days;
};

// One course per evaluated subject, in the order of response.results.
std::vector<ResponseCourse> ResponseCourses(const clinical::StudyResponse& response);

using ArmLabels_ = std::vector<std::pair<std::string, std::string>>;

nlohmann::json WaterfallSpec(const std::vector<ResponseCourse>& courses, const ArmLabels_& labels);
nlohmann::json SpiderSpec(const std::vector<ResponseCourse>& courses, const ArmLabels_& labels);
// Lanes of the chosen subjects (at most `max_lanes`, longest first).
nlohmann::json ResponseSwimmerSpec(const std::vector<ResponseCourse>& courses,
                                   const ArmLabels_& labels, std::size_t max_lanes);

}  // namespace pioneer::pipeline
