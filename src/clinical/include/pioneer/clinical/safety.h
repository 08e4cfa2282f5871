// File: pioneer/clinical/safety.h
// Safety tables of a trial, by arm: subjects with adverse events (any AE,
// CTCAE grade >= 3, grade 5, serious, treatment-related), incidence by
// preferred term (any grade and grade >= 3), subjects by worst grade, and
// treatment exposure. Incidence counts subjects, not events: a subject with
// two grade-3 events of one term counts once, at the worst grade
// (ICH E3 §12.2 and the usual "n (%)" AE tables of oncology CSRs).
// Pure functions of study::Study; no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/study/model.h"

namespace pioneer::clinical {

struct SafetyOptions {
  // Treatment-emergent window: AEs with onset on or after the first dose
  // and at most this many days after the last dose are counted; nullopt =
  // no upper limit. Immune-related AEs of PD-(L)1 blockade appear months
  // after the last dose (Wang 2019, JAMA Oncol 5:1008), so IO protocols
  // commonly collect 90 days.
  std::optional<std::int32_t> post_treatment_window_days = 90;
  // Terms listed in the by-term table: those with any-grade incidence of at
  // least this percentage in some arm (0 = every term).
  double min_term_pct = 0.0;

  // Throws UsageError naming the field, its value and the rule.
  void Validate() const;
};

// Subjects with the event in one arm (or overall): n of the arm's safety
// population, and n / population in percent (0 when the population is 0).
struct Incidence {
  std::int64_t n = 0;
  std::int64_t population = 0;
  double pct = 0.0;
};

// One row of the summary table ("Any AE", "Grade >= 3", ...).
struct IncidenceRow {
  std::string category;
  std::vector<Incidence> by_arm;  // in SafetyResult::arms order
  Incidence total;
};

// One preferred term: subjects with the term at any grade and at grade >= 3.
struct TermRow {
  std::string term;
  std::vector<Incidence> any_grade;  // by arm
  std::vector<Incidence> grade3plus;
  Incidence total_any_grade;
  Incidence total_grade3plus;
};

// Subjects of one arm by their worst CTCAE grade over all AEs (0 = no AE;
// `missing` = AEs but none graded).
struct WorstGradeRow {
  std::string arm;
  std::int64_t population = 0;
  std::array<std::int64_t, 6> by_grade{};  // index 0..5
  std::int64_t missing = 0;
};

// Exposure of one arm's safety population. Duration of treatment = last
// dose day (end day when given) - first dose day + 1, as ADaM ADSL TRTDURD.
struct ExposureRow {
  std::string arm;
  std::int64_t treated = 0;
  double duration_median_days = 0, duration_min_days = 0, duration_max_days = 0;
  double duration_mean_days = 0;
  double administrations_median = 0;  // exposure records per subject
  std::int64_t administrations_total = 0;
  // Subjects still on treatment at 6 and 12 months (duration >= 182 / 365 days).
  std::int64_t treated_6_months = 0, treated_12_months = 0;
};

struct SafetyResult {
  std::vector<std::string> arms;         // arm codes: the study's arms that have treated subjects
  std::vector<std::int64_t> population;  // safety population by arm
  std::int64_t population_total = 0;
  std::int64_t events_counted = 0;            // AE records in the window
  std::int64_t events_outside_window = 0;     // before the first dose or after the window
  std::int64_t events_untreated_subject = 0;  // subjects outside the safety population
  std::vector<IncidenceRow> summary;
  std::vector<TermRow> terms;  // by descending total any-grade incidence, then term
  std::vector<WorstGradeRow> worst_grade;
  std::vector<ExposureRow> exposure;

  nlohmann::json ToJson() const;
};

// The safety population is every subject with at least one exposure record
// (received any study drug); subjects are analysed in their assigned arm.
SafetyResult SummariseSafety(const study::Study& study, const SafetyOptions& options = {});

// The tables as written by `pioneer response --study` (docs/response-study.md):
// summary (category x arm "n (%)" plus numeric columns), terms, worst grade,
// exposure. Long form with one row per category/term x arm.
core::Table SafetySummaryTable(const SafetyResult& result);
core::Table SafetyTermTable(const SafetyResult& result);
core::Table WorstGradeTable(const SafetyResult& result);
core::Table ExposureTable(const SafetyResult& result);

}  // namespace pioneer::clinical
