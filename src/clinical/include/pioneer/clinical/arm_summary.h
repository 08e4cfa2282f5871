// File: pioneer/clinical/arm_summary.h
// Arm-level summaries of derived response endpoints: ORR and DCR with
// Clopper-Pearson 95% CIs per arm (R binom.test) and the difference of each
// arm from the reference arm with Newcombe's hybrid score interval (Newcombe
// 1998, Stat Med 17:873, method 10; built from Wilson intervals, R
// prop.test(correct = FALSE)); Kaplan-Meier of PFS, OS and DoR per arm (R
// survfit); counts of confirmed BOR and of SITC resistance classes per arm.
// The per-subject input is engine-neutral (strings and times), so it can be
// filled from the rules engine or from any other derivation.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/stats/km.h"

namespace pioneer::clinical {

struct EndpointTime {
  double days = 0;
  bool event = false;
};

// One subject's derived endpoints (response-rules.md E-04, E-05, E-08, E-10, S-06).
struct SubjectOutcome {
  std::string subject_id;
  std::string arm;
  std::string bor_confirmed;                 // CR PR SD NON-CR/NON-PD PD NE
  bool responder = false;                    // ORR: confirmed BOR in {CR, PR}
  bool disease_control = false;              // DCR: confirmed BOR in {CR, PR, SD, NON-CR/NON-PD}
  std::optional<EndpointTime> pfs, os, dor;  // dor: confirmed responders only
  std::string sitc_2020;                     // class, e.g. "primary_resistance"
  std::string sitc_2023_ici_chemo;
};

struct RateEstimate {
  std::string arm;
  std::int64_t n = 0;                         // subjects in the arm
  std::int64_t x = 0;                         // with the outcome
  double estimate = 0, lower = 0, upper = 0;  // proportion and Clopper-Pearson CI
};

struct RateDifference {
  std::string arm;                            // compared arm
  std::string reference;                      // minus this arm
  double estimate = 0, lower = 0, upper = 0;  // Newcombe hybrid score CI
};

struct RateSummary {
  std::string name;  // "ORR", "DCR"
  std::vector<RateEstimate> by_arm;
  RateEstimate overall;
  std::vector<RateDifference> differences;  // every arm but the reference
};

// Number of subjects per (category, arm); categories in a fixed order.
struct CategoryCounts {
  std::string name;  // "bor_confirmed", "sitc_2020", "sitc_2023_ici_chemo"
  std::vector<std::string> categories;
  std::vector<std::vector<std::int64_t>> counts;  // [category][arm]
};

struct ArmSummaryOptions {
  double confidence = 0.95;
  // Arm the differences are taken against; "" = the first arm.
  std::string reference_arm;
  void Validate() const;
};

struct ArmSummary {
  std::vector<std::string> arms;
  RateSummary orr, dcr;
  stats::KmResult pfs_km, os_km, dor_km;  // one curve per arm with subjects
  CategoryCounts bor, sitc_2020, sitc_2023;
  nlohmann::json ToJson() const;
};

// Newcombe's hybrid score interval for p1 - p2 (x1/n1 - x2/n2), from the
// Wilson intervals of each proportion. n1, n2 >= 1.
RateDifference NewcombeDifference(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                  std::int64_t n2, double confidence = 0.95);

// `arms` fixes the order (a subject in another arm is appended as a new arm).
ArmSummary SummariseArms(const std::vector<SubjectOutcome>& subjects,
                         const std::vector<std::string>& arms,
                         const ArmSummaryOptions& options = {});

// Long tables: one row per arm (and "TOTAL") for ORR/DCR, one per category x
// arm for the counts.
core::Table RateTable(const ArmSummary& summary);
core::Table CountsTable(const ArmSummary& summary);

}  // namespace pioneer::clinical
