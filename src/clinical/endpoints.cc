// File: src/clinical/endpoints.cc
// PFS (E-05..E-07), DoR (E-08), TTR (E-09) and OS (E-10) from the RECIST
// 1.1 timepoints.
#include "response_internal.h"

namespace pioneer::clinical {
namespace {

// Last adequate assessment (overall not NE, within RECIST scope) strictly
// before `before` (inclusive when `inclusive`); -1 if none.
int LastAdequate(const Scratch& s, Day before, bool inclusive) {
  int last = -1;
  for (std::size_t k = 0; k < s.recist_level.size(); ++k) {
    const Level l = s.recist_level[k];
    const Day d = s.facts[k].day;
    if (d > before || (!inclusive && d == before)) break;
    if (l != Level::kNE && l != Level::kNA) last = static_cast<int>(k);
  }
  return last;
}

Endpoint Pfs(const Patient& patient, const ResponseParameters& p, const Scratch& s) {
  constexpr Day kForever = 1 << 30;
  const Day nact = patient.nact_day.value_or(kForever);
  Day pd_day = kForever;
  for (std::size_t k = 0; k < s.recist_level.size(); ++k) {
    if (s.recist_level[k] == Level::kPD) {  // already before NACT, backdated
      pd_day = s.facts[k].day;
      break;
    }
  }
  const Day death = patient.death_day && *patient.death_day < nact ? *patient.death_day : kForever;
  Endpoint e;
  if (pd_day < kForever || death < kForever) {
    // E-05: earliest of PD and death; PD then death = event at PD.
    const bool is_pd = pd_day <= death;
    const Day day = is_pd ? pd_day : death;
    const int last = LastAdequate(s, day, /*inclusive=*/!is_pd);
    const Day reference = last >= 0 ? s.facts[last].day : patient.treatment_start_day;
    const Day allowed =
        p.missed_assessments * patient.assessment_interval_days + p.missed_window_days;
    if (p.missed_visit_censoring && day - reference > allowed) {
      // E-06 / A10: two or more missed assessments (FDA07 App. 3 Table A).
      return {false, last >= 0 ? reference : patient.treatment_start_day,
              EndpointReason::kEventAfterMissedAssessments};
    }
    return {true, day, is_pd ? EndpointReason::kPD : EndpointReason::kDeath};
  }
  const int last = LastAdequate(s, kForever, true);
  if (last < 0) return {false, patient.treatment_start_day, EndpointReason::kNoAdequateAssessment};
  // E-07: NACT censors at the last adequate assessment before it.
  return {false, s.facts[last].day,
          patient.nact_day ? EndpointReason::kNewAnticancerTherapy
                           : EndpointReason::kLastAdequateAssessment};
}

}  // namespace

void DeriveEndpoints(const Patient& patient, const ResponseParameters& p, const Scratch& s,
                     RecistResult* recist, OsResult* os) {
  recist->pfs = Pfs(patient, p, s);
  recist->dor.reset();
  recist->ttr_days.reset();
  if (s.recist_start >= 0) {
    // E-08: confirmed responders; end and censoring as PFS. E-09: TTR.
    const Day start = s.facts[s.recist_start].day;
    DurationOfResponse dor;
    dor.start_day = start;
    dor.end_day = recist->pfs.day;
    dor.event = recist->pfs.event;
    dor.days = dor.end_day - dor.start_day;
    dor.reason = recist->pfs.reason;
    recist->dor = dor;
    recist->ttr_days = start - patient.treatment_start_day;
  }
  // E-10: OS ignores NACT.
  if (patient.death_day)
    *os = {true, *patient.death_day};
  else
    *os = {false, patient.last_contact_day};
}

}  // namespace pioneer::clinical
