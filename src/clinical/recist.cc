// File: src/clinical/recist.cc
// RECIST 1.1 timepoint responses (R-02..R-15) and best overall response,
// unconfirmed and confirmed (E-01..E-04), on the compiled layout.
#include <cmath>

#include "response_internal.h"

namespace pioneer::clinical {

// Section 1 "Arithmetic": exact comparisons on tenths of a millimetre
// (A1 default); kOneDecimal rounds the % change to one decimal first.
namespace {
double RoundedPercent(Tenths value, Tenths reference) {
  return std::round(1000.0 * static_cast<double>(value) / static_cast<double>(reference)) / 10.0;
}
}  // namespace

bool MeetsPr(Tenths base, Tenths sum, const ResponseParameters& p) {
  if (base <= 0) return false;
  if (p.rounding == PercentRounding::kOneDecimal) {
    return RoundedPercent(sum - base, base) <= -p.pr_threshold_pct;
  }
  return 100.0 * static_cast<double>(base - sum) >= p.pr_threshold_pct * static_cast<double>(base);
}

bool MeetsPd(Tenths nadir, Tenths sum, const ResponseParameters& p) {
  const Tenths growth = sum - nadir;
  // >= 5 mm absolute (tenths: 50) and >= 20 % over the nadir.
  if (static_cast<double>(growth) < p.pd_abs_mm * 10.0 - 1e-9 || growth <= 0) return false;
  if (nadir <= 0) return true;  // 20 % of 0 is 0
  if (p.rounding == PercentRounding::kOneDecimal) {
    return RoundedPercent(growth, nadir) >= p.pd_threshold_pct;
  }
  return 100.0 * static_cast<double>(growth) >= p.pd_threshold_pct * static_cast<double>(nadir);
}

bool GrewBy(Tenths reference, Tenths size, const ResponseParameters& p) {
  const double growth = static_cast<double>(size - reference);
  const double bar = p.icpd_increase_mm * 10.0;
  // A12: ">= 5 mm" by default; iR Table 2 also writes "> 5 mm".
  return p.icpd_threshold == IcpdThreshold::kAtLeast ? growth >= bar - 1e-9 : growth > bar + 1e-9;
}

bool ShrankBy(Tenths reference, Tenths size, const ResponseParameters& p) {
  return static_cast<double>(reference - size) >= p.icpd_increase_mm * 10.0 - 1e-9;
}

void CrTracker::Update(Level level, Day day, const ResponseParameters& p) {
  if (level == Level::kNA) return;
  if (level == Level::kNE) {
    if (run_ && ++ne_ > p.confirm_max_ne) run_ = confirmed_ = false;
    return;
  }
  last_cr_ = level == Level::kCR;
  if (!last_cr_) {
    run_ = confirmed_ = false;
    return;
  }
  if (!run_) {
    run_ = true;
    run_start_ = day;
    ne_ = 0;
  }
  confirmed_ = confirmed_ || day - run_start_ >= p.confirm_min_days;
}

bool CrTracker::Triggers(const ResponseParameters& p) const {
  switch (p.reappearance) {
    case ReappearanceTrigger::kPreviousEvaluableCr:
      return last_cr_;  // A5 default
    case ReappearanceTrigger::kConfirmedCr:
      return last_cr_ && confirmed_;
    case ReappearanceTrigger::kSumRuleOnly:
      return false;
  }
  return false;
}

Level CombineTargetNonTarget(TargetResponse t, NonTargetResponse n) {
  // R-09 Table 1 (targets present) and Table 2 (non-target disease only).
  if (t == TargetResponse::kPD || n == NonTargetResponse::kPD) return Level::kPD;
  switch (t) {
    case TargetResponse::kCR:
      return (n == NonTargetResponse::kCR || n == NonTargetResponse::kNA) ? Level::kCR : Level::kPR;
    case TargetResponse::kPR:
      return Level::kPR;
    case TargetResponse::kSD:
      return Level::kSD;
    case TargetResponse::kNE:
      return Level::kNE;
    case TargetResponse::kNA:
      break;
    case TargetResponse::kPD:
      return Level::kPD;
  }
  switch (n) {
    case NonTargetResponse::kCR:
      return Level::kCR;
    case NonTargetResponse::kNonCRNonPD:
      return Level::kNonCR;
    default:
      return Level::kNE;  // not evaluated, or no disease at baseline at all
  }
}

namespace {

OverallResponse ToOverall(Level l) {
  switch (l) {
    case Level::kCR:
      return OverallResponse::kCR;
    case Level::kPR:
      return OverallResponse::kPR;
    case Level::kSD:
      return OverallResponse::kSD;
    case Level::kNonCR:
      return OverallResponse::kNonCRNonPD;
    case Level::kPD:
    case Level::kUPD:
      return OverallResponse::kPD;
    case Level::kNE:
      return OverallResponse::kNE;
    case Level::kNA:
      return OverallResponse::kNA;
  }
  return OverallResponse::kNA;
}

// A2 option: WG FAQ labels, SD -> PR after a confirmed PR while PD is not met.
void RelabelAfterConfirmedPr(const ResponseParameters& p, Scratch* s, RecistResult* out) {
  if (p.pr_labelling != PrLabelling::kFaqAfterConfirmedPr) return;
  const auto& levels = s->recist_level;
  int from = -1;
  for (int i = 0; i < static_cast<int>(levels.size()) && from < 0; ++i) {
    if (levels[i] == Level::kPR) {
      const int j = ConfirmingIndex(levels, *s, i, p);
      if (j >= 0) from = j + 1;
    }
  }
  if (from < 0) return;
  for (std::size_t k = static_cast<std::size_t>(from); k < levels.size(); ++k) {
    RecistTimepoint& tp = out->timepoints[k];
    if (tp.overall != OverallResponse::kSD) continue;
    tp.overall = OverallResponse::kPR;
    tp.target = TargetResponse::kPR;
  }
}

}  // namespace

void DeriveRecist(const Patient& patient, const ResponseParameters& p, Scratch* s,
                  RecistResult* out) {
  const bool has_targets = !s->target_ids.empty(), has_nontargets = !s->nontarget_ids.empty();
  const std::size_t nv = s->order.size();
  out->timepoints.resize(nv);
  s->recist_level.assign(nv, Level::kNA);
  Tenths nadir = s->baseline_sum;  // baseline included
  bool progressed = false;
  CrTracker cr;
  for (std::size_t k = 0; k < nv; ++k) {
    const VisitFacts& f = s->facts[k];
    RecistTimepoint& tp = out->timepoints[k];
    tp = RecistTimepoint{};
    tp.day = f.day;
    // nothing after the first PD or on/after new anticancer therapy.
    if (progressed || (patient.nact_day && f.day >= *patient.nact_day)) continue;
    const bool reappear_is_pd = cr.Triggers(p);
    tp.target = TargetAt(f, has_targets, s->baseline_sum, nadir, reappear_is_pd, p);
    tp.nontarget = NonTargetAt(f, has_nontargets, reappear_is_pd);
    tp.new_lesion = f.new_counts;
    if (has_targets && f.complete) tp.sum_mm = static_cast<double>(f.sum) / 10.0;
    Level level = CombineTargetNonTarget(tp.target, tp.nontarget);
    if (tp.new_lesion) level = Level::kPD;
    tp.overall = ToOverall(level);
    s->recist_level[k] = level;
    cr.Update(level, f.day, p);
    if (has_targets && f.complete && f.sum < nadir) nadir = f.sum;  // NE never updates the nadir
    progressed = level == Level::kPD;
  }
  const BestResponse best = DeriveBestResponse(s->recist_level, *s, has_targets, p);
  out->bor_unconfirmed = ToOverall(best.unconfirmed);
  out->bor_confirmed = ToOverall(best.confirmed);
  s->recist_start = best.start_index;
  out->orr_confirmed = best.confirmed == Level::kCR || best.confirmed == Level::kPR;
  out->dcr_confirmed = out->orr_confirmed || best.confirmed == Level::kSD ||
                       best.confirmed == Level::kNonCR;  // E-04
  RelabelAfterConfirmedPr(p, s, out);
}

// Target response of a visit against `nadir` (R-04..R-08, A3, A4).
TargetResponse TargetAt(const VisitFacts& f, bool has_targets, Tenths baseline, Tenths nadir,
                        bool reappear_is_pd, const ResponseParameters& p) {
  if (!has_targets) return TargetResponse::kNA;
  if (f.not_done) return TargetResponse::kNE;
  const bool reappeared = reappear_is_pd && f.target_pathologic;
  if (!f.complete) {
    // R-08 / A4: the measured part can only grow once the rest is added.
    const bool pd = reappeared || MeetsPd(nadir, f.sum, p);
    return pd && p.partial_targets == PartialTargetRule::kPdIfMeasuredPartIsPd
               ? TargetResponse::kPD
               : TargetResponse::kNE;
  }
  const bool pd = reappeared || MeetsPd(nadir, f.sum, p);
  // R-04b / A3: CR is tested first by default.
  if (f.target_cr_shape && (p.nodal_cr == NodalCrPrecedence::kCrFirst || !pd)) {
    return TargetResponse::kCR;
  }
  if (pd) return TargetResponse::kPD;                           // R-06, PD takes precedence
  if (MeetsPr(baseline, f.sum, p)) return TargetResponse::kPR;
  return TargetResponse::kSD;
}

NonTargetResponse NonTargetAt(const VisitFacts& f, bool has_nontargets, bool reappear_is_pd) {
  if (!has_nontargets) return NonTargetResponse::kNA;
  if (f.not_done) return NonTargetResponse::kNE;
  if (f.nt_unequivocal || (reappear_is_pd && f.nt_reappeared)) return NonTargetResponse::kPD;
  if (f.nt_not_evaluated) return NonTargetResponse::kNE;
  return f.nt_all_absent ? NonTargetResponse::kCR : NonTargetResponse::kNonCRNonPD;
}

int ConfirmingIndex(const std::vector<Level>& levels, const Scratch& s, int i,
                    const ResponseParameters& p) {
  // E-03 (A6, admiralonco ref_confirm = 28, max_nr_ne = 1, accept_sd = FALSE).
  const Level first = levels[i];
  const Day due = s.facts[i].day + p.confirm_min_days;
  int ne = 0;
  bool seen_cr = false;
  for (std::size_t j = static_cast<std::size_t>(i) + 1; j < levels.size(); ++j) {
    const Level l = levels[j];
    const bool due_now = s.facts[j].day >= due;
    if (l == Level::kNE) {
      if (++ne > p.confirm_max_ne) return -1;
      continue;
    }
    if (first == Level::kCR) {
      if (l != Level::kCR) return -1;
      if (due_now) return static_cast<int>(j);
      continue;
    }
    if (l == Level::kCR || l == Level::kPR) {
      if (l == Level::kPR && seen_cr) return -1;  // no PR after a CR inside the window
      if (due_now) return static_cast<int>(j);
      seen_cr |= l == Level::kCR;
      continue;
    }
    if (l == Level::kSD && p.confirm_accept_sd) continue;
    return -1;
  }
  return -1;
}

BestResponse DeriveBestResponse(const std::vector<Level>& levels, const Scratch& s,
                                bool has_targets, const ResponseParameters& p) {
  BestResponse best;
  const Day sd_day = p.sd_min_days - p.sd_window_days;  // E-02, A9
  bool any_cr = false, any_pr = false, any_sd = false, any_noncr = false, any_pd = false,
       any_upd = false, stable_met = false, confirmed_cr = false, confirmed_pr = false;
  int first_confirmed = -1, first_response = -1;
  for (std::size_t k = 0; k < levels.size(); ++k) {
    const Level l = levels[k];
    any_cr |= l == Level::kCR;
    any_pr |= l == Level::kPR;
    any_sd |= l == Level::kSD;
    any_noncr |= l == Level::kNonCR;
    any_pd |= l == Level::kPD;
    any_upd |= l == Level::kUPD;
    const bool stable = l == Level::kCR || l == Level::kPR || l == Level::kSD || l == Level::kNonCR;
    stable_met |= stable && s.facts[k].day >= sd_day;
    if (l != Level::kCR && l != Level::kPR) continue;
    if (first_response < 0) first_response = static_cast<int>(k);
    if (ConfirmingIndex(levels, s, static_cast<int>(k), p) < 0) continue;
    (l == Level::kCR ? confirmed_cr : confirmed_pr) = true;
    if (first_confirmed < 0) first_confirmed = static_cast<int>(k);
  }
  // E-01/E-02 (I-09): CR > PR > SD > NON-CR/NON-PD (both need day >= 42) > PD > (iUPD) > NE.
  auto fallback = [&](Level stable_level) {
    if (stable_met) return stable_level;
    if (any_pd) return Level::kPD;
    if (any_upd) return Level::kUPD;
    return Level::kNE;
  };
  if (any_cr)
    best.unconfirmed = Level::kCR;
  else if (any_pr)
    best.unconfirmed = Level::kPR;
  else if (any_sd && stable_met)
    best.unconfirmed = Level::kSD;
  else if (any_noncr && stable_met)
    best.unconfirmed = Level::kNonCR;
  else
    best.unconfirmed = fallback(Level::kNE);
  // E-04: best confirmed response, else the stable level (SD; NON-CR/NON-PD
  // without target disease), PD, NE.
  if (confirmed_cr)
    best.confirmed = Level::kCR;
  else if (confirmed_pr)
    best.confirmed = Level::kPR;
  else
    best.confirmed = fallback(has_targets ? Level::kSD : Level::kNonCR);
  if (confirmed_cr || confirmed_pr) {
    best.start_index = p.response_start == ResponseStart::kFirstConfirmedTimepoint
                           ? first_confirmed
                           : first_response;  // A8
  }
  return best;
}

}  // namespace pioneer::clinical
