// File: src/clinical/sitc.cc
// SITC resistance classes: the 2020 advanced-setting definitions (S-01..S-06,
// Kluger et al. JITC 2020 Table 1) on the iRECIST timepoints, and the 2023
// ICI + chemotherapy variant (S-07, Rizvi et al. JITC 2023 Table 3) on the
// first RECIST 1.1 PD.
#include "response_internal.h"

namespace pioneer::clinical {
namespace {

struct Progression {
  std::optional<Day> day;    // first iUPD of the confirmed episode
  bool unconfirmed = false;  // an episode was left open without confirmation
};

// S-02 / A16: a RECIST progression confirmed on a scan >= 28 days after the
// first iUPD of its episode, with no reset in between.
Progression ConfirmedProgression(const Patient& patient, const ResponseParameters& p,
                                 const Scratch& s) {
  Progression out;
  bool open = false;
  Day start = 0;
  for (std::size_t k = 0; k < s.irecist_level.size(); ++k) {
    const Level l = s.irecist_level[k];
    const Day day = s.facts[k].day;
    if (l == Level::kNA) break;
    if (l == Level::kNE) continue;
    if (l != Level::kUPD && l != Level::kPD) {
      open = false;  // reset: pseudoprogression is not progression
      continue;
    }
    if (!open) {
      open = true;
      start = day;
      if (patient.rapid_clinical_progression) return {start, false};  // S-02 waiver
    }
    const bool confirms = p.sitc_confirmation == SitcConfirmation::kRequireIcpd
                              ? l == Level::kPD
                              : day >= start + p.sitc_confirm_min_days;
    if (confirms) return {start, false};
  }
  out.unconfirmed = open;
  return out;
}

// S-03: best response from the i-timepoints before the progression day
// (iCR/iPR unconfirmed; iSD and NON-iCR/NON-iUPD only at day >= 42).
SitcReason BestBefore(Day progression, const ResponseParameters& p, const Scratch& s) {
  SitcReason best = SitcReason::kBestPD;
  int rank = 0;
  for (std::size_t k = 0; k < s.irecist_level.size(); ++k) {
    const Day day = s.facts[k].day;
    if (day >= progression) break;
    const Level l = s.irecist_level[k];
    const bool stable =
        (l == Level::kSD || l == Level::kNonCR) && day >= p.sd_min_days - p.sd_window_days;
    const int r = l == Level::kCR ? 3 : l == Level::kPR ? 2 : stable ? 1 : 0;
    if (r <= rank) continue;
    rank = r;
    best = r == 3 ? SitcReason::kBestCR : r == 2 ? SitcReason::kBestPR : SitcReason::kBestSD;
  }
  return best;
}

double Exposure(const Patient& patient, Day progression, const ResponseParameters& p) {
  const Day end = p.sitc_exposure == SitcExposure::kUntilProgression
                      ? std::min(patient.exposure_end_day, progression)
                      : patient.exposure_end_day;  // A18
  return static_cast<double>(end - patient.exposure_start_day);
}

Sitc2020Result Classify2020(const Patient& patient, const ResponseParameters& p, const Scratch& s) {
  Sitc2020Result r;
  if (patient.setting != TreatmentSetting::kAdvanced) {  // S-01 (c) not transcribed
    return {SitcClass::kIndeterminate, std::nullopt, SitcReason::kSettingNotSupported};
  }
  const Progression prog = ConfirmedProgression(patient, p, s);
  if (!prog.day) {
    // S-06: death without radiological progression is no_progression.
    if (prog.unconfirmed)
      return {SitcClass::kIndeterminate, std::nullopt, SitcReason::kProgressionNotConfirmed};
    return {SitcClass::kNoProgression, std::nullopt, SitcReason::kNoConfirmedProgression};
  }
  const Day day = *prog.day;
  r.progression_day = day;
  // S-05: > 12 weeks after the last dose is not resistance.
  if (day - patient.exposure_end_day > p.sitc_post_discontinuation_days) {
    r.sitc_class = SitcClass::kProgressionAfterDiscontinuation;
    r.reason = SitcReason::kProgressionMoreThan12WeeksAfterLastDose;
    return r;
  }
  const SitcReason best = BestBefore(day, p, s);
  const double exposure = Exposure(patient, day, p);
  const double since_start = static_cast<double>(day - patient.treatment_start_day);
  const bool early = since_start < p.sitc_six_months_days;  // A19: 182.625 days
  const bool responder = best == SitcReason::kBestCR || best == SitcReason::kBestPR;
  bool primary = best == SitcReason::kBestPD || (best == SitcReason::kBestSD && early);
  if (responder && early) {
    if (p.sitc_early_response == SitcEarlyResponse::kIndeterminate) {  // S-04 / A17
      r.sitc_class = SitcClass::kIndeterminate;
      r.reason = SitcReason::kResponseThenProgressionBefore6Months;
      return r;
    }
    primary = true;
  }
  r.reason = best;
  if (primary) {  // S-03
    const bool ok = exposure >= p.sitc_primary_min_exposure_days;
    r.sitc_class = ok ? SitcClass::kPrimaryResistance : SitcClass::kIndeterminate;
    if (!ok) r.reason = SitcReason::kExposureBelow6Weeks;
    return r;
  }
  const bool ok = exposure >= p.sitc_six_months_days;  // S-04
  r.sitc_class = ok ? SitcClass::kSecondaryResistance : SitcClass::kIndeterminate;
  if (!ok) r.reason = SitcReason::kExposureBelow6Months;
  return r;
}

Sitc2023Result Classify2023(const Patient& patient, const ResponseParameters& p, const Scratch& s) {
  Sitc2023Result r;
  for (std::size_t k = 0; k < s.recist_level.size() && !r.progression_day; ++k) {
    if (s.recist_level[k] == Level::kPD) r.progression_day = s.facts[k].day;  // no confirmation
  }
  if (!r.progression_day) return r;
  const Day day = *r.progression_day;
  const double exposure = Exposure(patient, day, p);
  const double since_start = static_cast<double>(day - patient.treatment_start_day);
  if (day - patient.exposure_end_day > p.sitc_post_discontinuation_days) {
    r.sitc_class = Sitc2023Class::kNotClassifiedAfterDiscontinuation;
  } else if (since_start <= p.sitc_six_months_days &&
             (exposure >= p.sitc_primary_min_exposure_days || patient.rapid_clinical_progression)) {
    r.sitc_class = Sitc2023Class::kPrimaryResistance;
  } else if (since_start > p.sitc_six_months_days && exposure > p.sitc_six_months_days) {
    r.sitc_class = Sitc2023Class::kSecondaryResistance;
  } else {
    r.sitc_class = Sitc2023Class::kIndeterminate;
  }
  return r;
}

}  // namespace

void DeriveSitc(const Patient& patient, const ResponseParameters& p, const Scratch& s,
                const RecistResult& recist, const IrecistResult& irecist, Sitc2020Result* sitc2020,
                Sitc2023Result* sitc2023) {
  (void)recist;
  (void)irecist;
  *sitc2020 = Classify2020(patient, p, s);
  *sitc2023 = Classify2023(patient, p, s);
}

}  // namespace pioneer::clinical
