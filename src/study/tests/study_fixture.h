// A small hand-made study holding every kind of record, including the
// corner cases the layouts must carry: a subject without RFSTDTC (days only),
// a baseline day < 0, a lymph node, every lesion status, a missing value in
// every optional field, a sample without results and an animal without a
// volume. Identifiers are already pseudonyms, so that an import gives them
// back unchanged.
#pragma once

#include "pioneer/study/model.h"

namespace pioneer::study::testing {

inline Study HandMadeStudy() {
  Study s;
  s.name = "PIONEER-01";
  s.arms = {{"PDL1", "anti-PD-L1"}, {"PDL1_NKG2A", "anti-PD-L1 + anti-NKG2A"}, {"EMPTY", ""}};
  const std::string a = "PID-0000000000000001";
  const std::string b = "PID-00000000000000b2";
  Subject sa;
  sa.id = a;
  sa.site = "01";
  sa.arm = "PDL1";
  sa.reference_start = core::FromCivil(2023, 2, 28);
  sa.age_years = 63.5;
  sa.sex = Sex::kFemale;
  sa.histology = "adenocarcinoma";
  sa.stage = "IV";
  sa.ecog = 1;
  sa.smoking = Smoking::kFormer;
  sa.pdl1_tps_pct = 0.1 + 0.2;  // not exactly representable: shortest round-trip text
  sa.death_day = 400;
  sa.last_contact_day = 390;
  sa.new_therapy_day = 300;
  Subject sb;
  sb.id = b;
  sb.arm = "PDL1_NKG2A";
  sb.sex = Sex::kMale;
  s.subjects = {sa, sb};
  s.exposures = {{a, "durvalumab", 1500, "mg", 0, 84}, {b, "monalizumab", std::nullopt, "", 0, {}}};
  s.lesions = {{a, "T01", LesionRole::kTarget, false, "LUNG"},
               {a, "T02", LesionRole::kTarget, true, "MEDIASTINUM"},
               {a, "NT01", LesionRole::kNonTarget, false, "LIVER"},
               {a, "N01", LesionRole::kNew, true, "LYMPH NODE"},
               {b, "T01", LesionRole::kTarget, false, ""}};
  s.measurements = {{a, "T01", "BASELINE", -7, LesionStatus::kMeasured, 32.5},
                    {a, "T02", "BASELINE", -7, LesionStatus::kMeasured, 15},
                    {a, "NT01", "BASELINE", -7, LesionStatus::kPresent, {}},
                    {a, "T01", "WEEK 6", 41, LesionStatus::kMeasured, 0},
                    {a, "T02", "WEEK 6", 41, LesionStatus::kTooSmall, 5},
                    {a, "NT01", "WEEK 6", 41, LesionStatus::kAbsent, {}},
                    {a, "T01", "WEEK 12", 83, LesionStatus::kNotEvaluated, {}},
                    {a, "NT01", "WEEK 12", 83, LesionStatus::kUnequivocalProgression, {}},
                    {a, "N01", "WEEK 12", 83, LesionStatus::kMeasured, 12.25},
                    {b, "T01", "BASELINE", 0, LesionStatus::kMeasured, 20}};
  s.responses = {{a, "WEEK 6", 41, "RECIST 1.1", "PR"},
                 {a, "WEEK 12", 83, "iRECIST", "iUPD"},
                 {b, "", 42, "RECIST 1.1", "NE"}};
  s.adverse_events = {{a, "Pneumonitis", 3, 50, 70, true, true},
                      {b, "Fatigue", std::nullopt, -2, {}, false, false}};
  // Sample ids as a stored study holds them: pseudonyms (layout.h).
  s.samples = {{"SMP-000000000000a001", a, SampleKind::kBiopsy, "BASELINE", -10},
               {"SMP-000000000000b001", b, SampleKind::kBlood, "", 0},
               {"SMP-000000000000a002", a, SampleKind::kBlood, "C2D1", 21}};
  s.assay_results = {{"SMP-000000000000a001", "TMB", 12.3, "mut/Mb"},
                     {"SMP-000000000000a001", "GENE:CXCL9", -9.965784284662087, "log2TPM"},
                     {"SMP-000000000000a002", "NLR", std::nullopt, ""}};
  s.dispositions = {{a, "PROGRESSIVE DISEASE", 84}, {a, "DEATH", 400}};
  s.animals = {{"MOUSE-1", "isotype", "M01", 0, 85.2},
               {"MOUSE-1", "isotype", "M01", 3, std::nullopt},
               {"MOUSE-1", "A+B", "M02", 0, 1e-3}};
  return s;
}

}  // namespace pioneer::study::testing
