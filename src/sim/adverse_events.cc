// Adverse events of one virtual patient: each CTCAE v5.0 term occurs at most
// once with a per-term incidence (immune-related terms scaled by the arm),
// a grade, an onset while on treatment (or shortly after), a duration,
// seriousness and relatedness. Incidences follow the all-causality tables of
// durvalumab monotherapy (PACIFIC, Antonia 2017 NEJM 377:1919; ATLANTIC,
// Garassino 2018 Lancet Oncol 19:521) and the anti-PD-(L)1 irAE review of
// Wang 2019 (JAMA Oncol 5:1008); see docs/SIMULATION.md §6.
#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "internal.h"

namespace pioneer::sim::internal {
namespace {

struct AeSpec {
  std::string_view term;  // CTCAE v5.0 term (AEDECOD)
  double incidence;       // any grade, monotherapy, over the treatment period
  double severe;          // P(grade >= 3 | event)
  bool immune_related;
  double median_onset_days;
};

constexpr std::array<AeSpec, 20> kTerms = {{
    {"Fatigue", 0.26, 0.05, false, 30},
    {"Cough", 0.22, 0.02, false, 40},
    {"Dyspnea", 0.20, 0.12, false, 45},
    {"Decreased appetite", 0.16, 0.04, false, 35},
    {"Nausea", 0.14, 0.03, false, 25},
    {"Diarrhea", 0.15, 0.07, true, 50},
    {"Pruritus", 0.12, 0.01, true, 30},
    {"Rash maculo-papular", 0.11, 0.06, true, 35},
    {"Arthralgia", 0.10, 0.02, true, 60},
    {"Anemia", 0.12, 0.15, false, 45},
    {"Hypothyroidism", 0.10, 0.01, true, 80},
    {"Hyperthyroidism", 0.05, 0.01, true, 40},
    {"Alanine aminotransferase increased", 0.08, 0.20, true, 45},
    {"Aspartate aminotransferase increased", 0.07, 0.18, true, 45},
    {"Pneumonitis", 0.06, 0.30, true, 90},
    {"Colitis", 0.03, 0.45, true, 70},
    {"Infusion related reaction", 0.03, 0.10, false, 1},
    {"Adrenal insufficiency", 0.015, 0.30, true, 120},
    {"Fever", 0.10, 0.02, false, 20},
    {"Back pain", 0.10, 0.08, false, 60},
}};

// Days an AE may start after the last dose (irAEs appear late: Wang 2019).
constexpr int kImmuneLagDays = 90;
constexpr int kGeneralLagDays = 30;

struct AeDraws {
  double occurs, grade, onset, duration, serious, related, discontinue, ongoing;
};

AeDraws Draw(core::Rng& rng) {
  AeDraws d{};
  d.occurs = rng.Uniform();
  d.grade = rng.Uniform();
  d.onset = rng.Weibull(1.3, 1.0);
  d.duration = rng.Exponential(1.0);
  d.serious = rng.Uniform();
  d.related = rng.Uniform();
  d.discontinue = rng.Uniform();
  d.ongoing = rng.Uniform();
  return d;
}

int Grade(double u, double severe) {
  if (u < severe) return u < 0.08 * severe ? 4 : 3;
  return (u - severe) / (1.0 - severe) < 0.6 ? 1 : 2;
}

double Incidence(const AeSpec& spec, const ArmSpec& arm) {
  if (spec.immune_related) return std::min(0.95, spec.incidence * arm.irae_multiplier);
  if (spec.term == "Infusion related reaction" && arm.kind != ArmKind::kMono) {
    return 2.0 * spec.incidence;  // a second antibody infused
  }
  return spec.incidence;
}

}  // namespace

std::optional<std::int32_t> AddAdverseEvents(const std::string& subject_id, const ArmSpec& arm,
                                             std::int32_t treatment_end_day, std::int32_t last_day,
                                             core::Rng& rng, study::Study& study) {
  std::optional<std::int32_t> stop;
  for (const AeSpec& spec : kTerms) {
    const AeDraws d = Draw(rng);
    if (d.occurs >= Incidence(spec, arm)) continue;
    // Weibull(1.3) scaled so that its median is the term's median onset.
    const double scale = spec.median_onset_days / std::pow(std::log(2.0), 1.0 / 1.3);
    const auto onset = static_cast<std::int32_t>(std::floor(d.onset * scale));
    const int lag = spec.immune_related ? kImmuneLagDays : kGeneralLagDays;
    if (onset > last_day || onset > treatment_end_day + lag) continue;
    study::AdverseEvent ae;
    ae.subject_id = subject_id;
    ae.term = std::string(spec.term);
    ae.grade = Grade(d.grade, spec.severe);
    ae.onset_day = onset;
    const double mean_duration = *ae.grade >= 3 ? 28.0 : 21.0;
    const auto end = onset + 1 + static_cast<std::int32_t>(d.duration * mean_duration);
    const bool chronic = spec.term == "Hypothyroidism" && d.ongoing < 0.6;
    if (!chronic && end <= last_day) ae.end_day = end;
    ae.serious = d.serious < (*ae.grade >= 3 ? 0.6 : 0.03);
    ae.related = d.related < (spec.immune_related ? 0.9 : 0.3);
    if (spec.immune_related && *ae.grade >= 3 && d.discontinue < 0.6 && onset < treatment_end_day) {
      stop = std::min(stop.value_or(onset), onset);
    }
    study.adverse_events.push_back(ae);
  }
  return stop;
}

}  // namespace pioneer::sim::internal
