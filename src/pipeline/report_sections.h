// Private: each analysis' section of the HTML report (tables and Vega-Lite
// specs built from the result structs; no statistics here).
#pragma once

#include "pioneer/pipeline/analyses/cohort_summary.h"
#include "pioneer/pipeline/analyses/survival_by_arm.h"
#include "pioneer/pipeline/analyses/swimmer.h"
#include "pioneer/pipeline/plan.h"
#include "pioneer/report/document.h"

namespace pioneer::pipeline {

void AddCohortSummarySection(report::Document& doc, const AnalysisSpec& spec,
                             const CohortSummary& summary);

// `labels` maps arm codes to the labels shown (the arms' descriptions).
void AddSwimmerSection(report::Document& doc, const AnalysisSpec& spec, const SwimmerData& data,
                       const std::vector<std::pair<std::string, std::string>>& labels);

// The Vega-Lite spec of the swimmer plot (exposed for tests).
nlohmann::json SwimmerSpec(const SwimmerData& shown,
                           const std::vector<std::pair<std::string, std::string>>& labels);

// The "Survival" section (report_survival.cc): medians table, KM charts with
// number at risk, forest plot of the OS Cox model.
void AddSurvivalSection(report::Document& doc, const AnalysisSpec& spec,
                        const SurvivalByArm& result,
                        const std::vector<std::pair<std::string, std::string>>& labels);

// Vega-Lite specs (exposed for tests).
nlohmann::json KaplanMeierSpec(const stats::KmResult& km,
                               const std::vector<SubjectSurvival>& subjects, bool pfs,
                               const std::vector<std::pair<std::string, std::string>>& labels);
nlohmann::json ForestSpec(const stats::CoxResult& cox);

}  // namespace pioneer::pipeline
