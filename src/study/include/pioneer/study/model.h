// File: pioneer/study/model.h
// The typed domain model of a pioneer study: one clinical trial (subjects,
// treatment, tumour lesions, response, safety, samples and assays) and/or
// in-vivo animal studies. Every analysis reads this, whatever file format
// the data came in.
//
// Time is kept as study days: elapsed days since the subject's reference
// start (first dose or randomisation = day 0; baseline scans have day <= 0),
// the convention of ../shared/specs/response-io.md. SDTM --DY values, which
// have no day 0, are converted on import (DY >= 1 -> DY - 1).
// Units are in the field names: *_day, *_mm, *_mm3, *_years, *_pct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/date.h"

namespace pioneer::study {

enum class Sex { kUnknown, kMale, kFemale };
enum class Smoking { kUnknown, kNever, kFormer, kCurrent };

struct Arm {
  std::string code;         // SDTM ARMCD, e.g. "PDL1_NKG2A"
  std::string description;  // SDTM ARM, e.g. "anti-PD-L1 + anti-NKG2A"

  friend bool operator==(const Arm&, const Arm&) = default;
};

struct Subject {
  std::string id;  // pseudonymised at import (keyed hash); never the raw identifier
  std::string site;
  std::string arm;                            // Arm::code
  std::optional<core::Date> reference_start;  // RFSTDTC: study day 0
  std::optional<double> age_years;
  Sex sex = Sex::kUnknown;
  std::string histology;  // e.g. "adenocarcinoma", "squamous"
  std::string stage;      // e.g. "IIIB", "IV"
  std::optional<int> ecog;
  Smoking smoking = Smoking::kUnknown;
  std::optional<double> pdl1_tps_pct;
  std::optional<std::int32_t> death_day;
  std::optional<std::int32_t> last_contact_day;  // last day known alive
  std::optional<std::int32_t> new_therapy_day;   // first new anticancer therapy

  friend bool operator==(const Subject&, const Subject&) = default;
};

struct Exposure {
  std::string subject_id;
  std::string drug;
  std::optional<double> dose;
  std::string dose_unit;
  std::int32_t start_day = 0;
  std::optional<std::int32_t> end_day;

  friend bool operator==(const Exposure&, const Exposure&) = default;
};

enum class LesionRole { kTarget, kNonTarget, kNew };

// A lesion identified at baseline (target / non-target) or later (new).
struct Lesion {
  std::string subject_id;
  std::string lesion_id;  // stable across assessments, e.g. "T01", "NT02", "N01"
  LesionRole role = LesionRole::kTarget;
  bool lymph_node = false;  // diameter is then the short axis
  std::string location;     // e.g. "LUNG", "LIVER", "LYMPH NODE"

  friend bool operator==(const Lesion&, const Lesion&) = default;
};

enum class LesionStatus {
  kMeasured,                // diameter_mm holds the measurement (0 = disappeared)
  kPresent,                 // non-target present
  kAbsent,                  // gone
  kTooSmall,                // too small to measure (RECIST 1.1: counts 5 mm)
  kNotEvaluated,            // not assessed at this visit
  kUnequivocalProgression,  // non-target unequivocal progression
};

// One lesion at one tumour assessment (SDTM TR).
struct LesionMeasurement {
  std::string subject_id;
  std::string lesion_id;
  std::string visit;  // e.g. "BASELINE", "WEEK 6"
  std::int32_t day = 0;
  LesionStatus status = LesionStatus::kMeasured;
  std::optional<double> diameter_mm;

  friend bool operator==(const LesionMeasurement&, const LesionMeasurement&) = default;
};

// Investigator-reported overall response at an assessment (SDTM RS).
struct ResponseAssessment {
  std::string subject_id;
  std::string visit;
  std::int32_t day = 0;
  std::string criteria;  // "RECIST 1.1" or "iRECIST"
  std::string response;  // CR, PR, SD, PD, NE (iRECIST: iCR, iPR, iSD, iUPD, iCPD)

  friend bool operator==(const ResponseAssessment&, const ResponseAssessment&) = default;
};

struct AdverseEvent {
  std::string subject_id;
  std::string term;          // CTCAE term (AEDECOD)
  std::optional<int> grade;  // CTCAE grade 1-5
  std::int32_t onset_day = 0;
  std::optional<std::int32_t> end_day;
  bool serious = false;
  bool related = false;  // related to study treatment

  friend bool operator==(const AdverseEvent&, const AdverseEvent&) = default;
};

enum class SampleKind { kBlood, kBiopsy };

struct Sample {
  std::string sample_id;
  std::string subject_id;
  SampleKind kind = SampleKind::kBlood;
  std::string timepoint;  // e.g. "BASELINE", "C2D1"
  std::int32_t day = 0;

  friend bool operator==(const Sample&, const Sample&) = default;
};

// One analyte measured on one sample, long form (PD-L1 TPS, TMB, NLR,
// albumin, CD8 density, a gene's expression ...).
struct AssayResult {
  std::string sample_id;
  std::string analyte;  // e.g. "TMB", "NLR", "ALB", "CD8_DENSITY", "GENE:CXCL9"
  std::optional<double> value;
  std::string unit;  // e.g. "mut/Mb", "g/dL", "%", "cells/mm2", "log2TPM"

  friend bool operator==(const AssayResult&, const AssayResult&) = default;
};

// Disposition events beyond death and last contact (SDTM DS), kept as given.
struct Disposition {
  std::string subject_id;
  std::string term;  // DSDECOD, e.g. "DEATH", "PROGRESSIVE DISEASE", "COMPLETED"
  std::int32_t day = 0;

  friend bool operator==(const Disposition&, const Disposition&) = default;
};

// One tumour-volume measurement of one animal (in-vivo studies).
struct AnimalMeasurement {
  std::string study;   // in-vivo study id
  std::string arm;     // e.g. "isotype", "A", "B", "A+B"
  std::string animal;  // animal id, unique within the study
  std::int32_t day = 0;
  std::optional<double> volume_mm3;

  friend bool operator==(const AnimalMeasurement&, const AnimalMeasurement&) = default;
};

struct Study {
  std::string name;
  std::vector<Arm> arms;
  std::vector<Subject> subjects;
  std::vector<Exposure> exposures;
  std::vector<Lesion> lesions;
  std::vector<LesionMeasurement> measurements;
  std::vector<ResponseAssessment> responses;
  std::vector<AdverseEvent> adverse_events;
  std::vector<Sample> samples;
  std::vector<AssayResult> assay_results;
  std::vector<Disposition> dispositions;
  std::vector<AnimalMeasurement> animals;

  friend bool operator==(const Study&, const Study&) = default;
};

}  // namespace pioneer::study
