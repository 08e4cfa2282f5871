// File: pioneer/pipeline/analyses/survival_by_arm.h
// Overall and progression-free survival by arm: per-subject times, Kaplan-
// Meier curves, log-rank test across arms and a Cox model for OS with
// baseline covariates. A pure function of the Study (no I/O); the
// statistics are stats::KaplanMeier / LogRank / FitCox, not re-implemented.
//
// Definitions (docs/ANALYSIS_PLAN.md, "survival"):
//  - OS: time = death_day if the subject died, else last_contact_day
//    (censored). Subjects with neither are left out and counted.
//  - PFS (simple, investigator-reported): event = the first overall response
//    "PD" (RECIST 1.1) or "iCPD" (iRECIST; iUPD is unconfirmed and not an
//    event) or death, whichever comes first; otherwise censored at the last
//    response assessment day (day 0 when there is none). The full
//    RECIST-derived PFS with FDA censoring rules comes with the clinical
//    module (issue 4).
//  - Times in months: days / 30.4375 (365.25 / 12).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/stats/cox.h"
#include "pioneer/stats/km.h"
#include "pioneer/stats/logrank.h"
#include "pioneer/study/model.h"

namespace pioneer::pipeline {

struct SubjectSurvival {
  std::string subject_id;
  std::string arm;
  double os_months = 0;
  int os_event = 0;  // 1 = died
  double pfs_months = 0;
  int pfs_event = 0;  // 1 = progression or death
};

struct SurvivalByArm {
  std::vector<std::string> arms;  // arm codes, study order (arms with subjects)
  std::vector<SubjectSurvival> subjects;
  std::int64_t subjects_without_follow_up = 0;
  stats::KmResult pfs_km, os_km;  // one stratum per arm, named by arm code
  stats::LogRankResult pfs_logrank, os_logrank;
  // Cox for OS: arm (reference = first arm) + age + sex + ECOG + PD-L1
  // TPS >= 50%; complete cases only.
  bool cox_fitted = false;
  std::string cox_problem;       // why it was not fitted, when it was not
  std::int64_t cox_dropped = 0;  // subjects with a missing covariate
  stats::CoxResult os_cox;
};

// Per subject OS and PFS as defined above (subjects without any follow-up day
// are left out; `without_follow_up`, when given, receives their count).
std::vector<SubjectSurvival> DeriveSurvival(const study::Study& study,
                                            std::int64_t* without_follow_up = nullptr);

SurvivalByArm AnalyseSurvivalByArm(const study::Study& study);

// Columns: endpoint, arm, n, events, median_months, lower_95, upper_95, logrank_p.
core::Table MediansTable(const SurvivalByArm& result);
// Columns: term, hr, lower_95, upper_95, p.
core::Table CoxTable(const SurvivalByArm& result);
nlohmann::json ToJson(const SurvivalByArm& result);

}  // namespace pioneer::pipeline
