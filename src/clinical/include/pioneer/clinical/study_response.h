// File: pioneer/clinical/study_response.h
// Response, endpoints and safety for a stored study: turns study::Study
// (lesions, lesion measurements, subjects, exposures, dispositions) into the
// rules engine's patients (response.h), evaluates them, and lays the results
// out as CDISC ADaM-style tables (docs/response-study.md):
//   ADRS   one row per subject x parameter (x visit): OVR, TRGRESP, NTRGRESP,
//          NEWLIND, SUMDIAM per visit; BOR, CBOR; iOVR per visit, iBOR, CIBOR
//   ADTTE  one row per subject x parameter: PFS, OS, DOR, TTR
//   SITC   one row per subject: SITC 2020 and 2023 classes, with BOR
// plus arm summaries (arm_summary.h) and safety tables (safety.h).
// Pure functions: no I/O.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "pioneer/clinical/arm_summary.h"
#include "pioneer/clinical/response.h"
#include "pioneer/clinical/safety.h"
#include "pioneer/core/table.h"
#include "pioneer/study/model.h"

namespace pioneer::clinical {

struct StudyResponseOptions {
  ResponseParameters parameters;
  // The protocol's tumour-assessment interval (E-06); the study model does
  // not store it.
  int assessment_interval_days = 42;
  SafetyOptions safety;
  ArmSummaryOptions arms;
};

// A subject that could not be evaluated for response, and why.
struct ExcludedSubject {
  std::string subject_id;
  std::string reason;  // e.g. "no tumour assessment", "no baseline tumour assessment"
};

struct StudyResponse {
  std::vector<Patient> patients;          // engine input, one per evaluable subject
  std::vector<std::string> patient_arms;  // arm of patients[i]
  std::vector<PatientResult> results;     // results[i] for patients[i]
  std::vector<ExcludedSubject> excluded;
  std::vector<SubjectOutcome> outcomes;  // per evaluable subject, for the summaries
  ArmSummary arms;
  SafetyResult safety;
  ResponseParameters parameters;

  nlohmann::json ToJson() const;  // {"parameters", "results", "excluded", "arm_summary", "safety"}
};

// The engine's patients for the study's subjects with tumour data. The
// baseline visit is the assessment named "BASELINE" (case-insensitive), or
// failing that the last one on or before day 0. New lesions are new-lesion
// target (iRECIST NLT) when measured at their first appearance, else
// non-target. Split fragments, merged lesions, equivocal findings and
// "increase from last" are not in the study model and are never set.
// Throws InputError listing every subject whose data break the input rules
// (ValidatePatient), each message naming the subject, the visit and the lesion.
std::vector<Patient> PatientsFromStudy(const study::Study& study, int assessment_interval_days,
                                       std::vector<std::string>* patient_arms,
                                       std::vector<ExcludedSubject>* excluded);

// Everything `pioneer response --study` derives.
StudyResponse DeriveStudyResponse(const study::Study& study,
                                  const StudyResponseOptions& options = {});

// ADaM-style tables (column lists in docs/response-study.md). ADT is the
// subject's reference date plus the day when the reference date is known;
// ADY is the ADaM study day (day + 1 from day 0 on, no day 0).
core::Table AdrsTable(const study::Study& study, const StudyResponse& response);
core::Table AdtteTable(const study::Study& study, const StudyResponse& response);
core::Table SitcTable(const study::Study& study, const StudyResponse& response);

// Every table of the output folder as (file stem, table): adrs, adtte, sitc,
// response_rates, response_counts, safety_summary, safety_terms,
// safety_worst_grade, exposure.
std::vector<std::pair<std::string, core::Table>> StudyResponseTables(const study::Study& study,
                                                                     const StudyResponse& response);

}  // namespace pioneer::clinical
