// File: src/sim/internal.h (private to the sim module)
// The pieces of one virtual patient, drawn in a fixed order from the
// patient's own random streams (core::Rng::Split), so that one patient's
// draws never shift another's. Parameters and their sources:
// docs/SIMULATION.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/rng.h"
#include "pioneer/study/model.h"

namespace pioneer::sim::internal {

enum class ArmKind { kMono, kNkg2a, kCd73 };

struct DrugRegimen {
  std::string drug;
  double dose_mg;
  // Dosing interval; the first `loading_doses` doses are given every
  // `loading_interval_days` instead (oleclumab q2w x4 then q4w).
  int interval_days;
  int loading_doses = 0;
  int loading_interval_days = 0;
};

struct ArmSpec {
  ArmKind kind;
  std::string code;
  std::string description;
  double response_log_odds;  // added to the benefit score
  double irae_multiplier;    // on the incidence of immune-related AEs
  std::vector<DrugRegimen> drugs;
};

const std::vector<ArmSpec>& Arms();

// The 18 T-cell-inflamed GEP genes and the 11 housekeeping genes of Ayers
// 2017 (see ../shared/data/signatures/README.md).
constexpr std::size_t kGepGenes = 18;
constexpr std::size_t kHousekeepingGenes = 11;
constexpr std::size_t kExpressionGenes = kGepGenes + kHousekeepingGenes;

// Baseline characteristics and the two latent factors behind them.
struct Baseline {
  double age_years = 0;
  study::Sex sex = study::Sex::kUnknown;
  int ecog = 0;
  std::string histology;
  std::string stage;
  study::Smoking smoking = study::Smoking::kUnknown;
  double pdl1_tps_pct = 0;
  int pdl1_group = 0;  // 0: < 1 %, 1: 1-49 %, 2: >= 50 %
  double tmb = 0;      // mut/Mb
  double nlr = 0;
  double albumin = 0;       // g/dL
  double ldh = 0;           // U/L
  double cd8_density = 0;   // cells/mm2
  double inflammation = 0;  // latent tumour T-cell inflammation, N(0,1)
  double host = 0;          // latent systemic frailty, N(0,1); higher = worse
  std::array<double, kExpressionGenes> expression{};  // log2(TPM+1)
  double library_offset = 0;  // the biopsy's library effect on every gene (log2)
};

Baseline DrawBaseline(core::Rng& rng);
// Log-odds of an objective response on the given arm.
double BenefitScore(const Baseline& baseline, const ArmSpec& arm);
// Biopsy and blood samples with their assays (PD-L1, TMB, CD8, genes; NLR,
// ALB, LDH), appended to the study. Returns the PD-L1 TPS as reported
// (nullopt when the assay was not done).
std::optional<double> AddBiomarkers(const std::string& subject_id, const Baseline& baseline,
                                    core::Rng& rng, study::Study& study);

// The intended response pattern; RECIST labels come from the simulated
// measurements, not from this.
enum class Pattern { kResponse, kStable, kPrimaryProgression };

struct CourseLimits {
  std::int32_t stop_day;  // no scan on or after this day (death, dropout, data cut)
  int interval_days;
  int window_days;
};

// The tumour course of one patient: lesions, measurements, investigator
// responses (RECIST 1.1 up to the first PD; iRECIST throughout).
struct TumourCourse {
  std::vector<study::Lesion> lesions;
  std::vector<study::LesionMeasurement> measurements;
  std::vector<study::ResponseAssessment> responses;
  Pattern pattern = Pattern::kStable;
  bool pseudo_progression = false;
  std::optional<std::int32_t> recist_progression_day;  // first RECIST 1.1 PD
  // Progression that ends treatment and scanning (iCPD episode start for
  // pseudo-progressors, else the first PD).
  std::optional<std::int32_t> clinical_progression_day;
  std::int32_t last_scan_day = 0;
};

TumourCourse SimulateCourse(const std::string& subject_id, double benefit,
                            const CourseLimits& limits, core::Rng& rng);
// Drops every scan (measurements, responses) on or after `day`.
void TruncateCourse(TumourCourse& course, std::int32_t day);

// Adverse events within [0, last_day]; returns the day treatment stops for
// toxicity, if it does.
std::optional<std::int32_t> AddAdverseEvents(const std::string& subject_id, const ArmSpec& arm,
                                             std::int32_t treatment_end_day, std::int32_t last_day,
                                             core::Rng& rng, study::Study& study);

}  // namespace pioneer::sim::internal
