// File: pioneer/sim/simulate.h
// Virtual studies for demos, tests and trial-design work: a three-arm
// anti-PD-L1 combination trial in advanced NSCLC (baseline covariates and
// biomarkers, lesion-level RECIST course every 6 weeks, adverse events,
// exposure, deaths and censoring) and a 2x2 factorial mouse study.
// The generative model and every parameter, with its source, are described in
// docs/SIMULATION.md. Pure functions: no I/O; all randomness flows from the
// options' seed (same seed, same Study, byte for byte once written).
#pragma once

#include <cstdint>
#include <string>

#include "pioneer/core/date.h"
#include "pioneer/study/model.h"

namespace pioneer::sim {

// The virtual combination trial (arms: anti-PD-L1; anti-PD-L1 + anti-NKG2A;
// anti-PD-L1 + anti-CD73; 1:1:1 permuted-block randomisation).
struct CohortOptions {
  int patients = 300;
  std::uint64_t seed = 20261129;
  std::string study_id = "PIO-SIM-01";
  int sites = 8;
  // First randomisation; enrolment is uniform over `enrolment_days`.
  core::Date study_start = core::FromCivil(2024, 1, 15);
  int enrolment_days = 365;
  // Data cut-off, in days after study_start (administrative censoring).
  int data_cut_days = 730;
  // Scheduled tumour assessments (RECIST q6w) and the allowed window.
  int assessment_interval_days = 42;
  int assessment_window_days = 7;
  // Yearly probability of being lost to follow-up (exponential dropout).
  double yearly_dropout = 0.04;

  // Throws UsageError naming the field, its value and the rule.
  void Validate() const;
};

// The in-vivo study: isotype, antibody A, antibody B, A+B.
struct MouseOptions {
  int mice_per_arm = 10;
  std::uint64_t seed = 20261129;
  std::string study_id = "PIO-MOUSE-01";
  int last_day = 28;
  // Humane endpoint: an animal is not measured again once above this volume.
  double humane_endpoint_mm3 = 2000.0;

  void Validate() const;
};

struct SimulationOptions {
  CohortOptions cohort;
  MouseOptions mouse;
  bool include_mouse = true;

  void Validate() const;
};

// Subject ids are raw ids ("PIO-01-0001": site 01, patient 0001); they are
// pseudonymised when the study is imported.
study::Study SimulateTrial(const CohortOptions& options);
// Only Study::animals (and the name) are filled.
study::Study SimulateMouseStudy(const MouseOptions& options);
// The trial with the mouse study's animals appended.
study::Study SimulateStudy(const SimulationOptions& options);

}  // namespace pioneer::sim
