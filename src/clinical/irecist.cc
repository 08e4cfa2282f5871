// File: src/clinical/irecist.cc
// iRECIST timepoints (I-01..I-08), iBOR (I-09) and the iCPD progression
// date (I-07) on the compiled layout.
#include <fmt/format.h>

#include "response_internal.h"

namespace pioneer::clinical {
namespace {

constexpr Day kLateConfirmationDays = 56;  // I-06: confirm 4-8 weeks after iUPD

IResponse ToIResponse(Level l) {
  switch (l) {
    case Level::kCR:
      return IResponse::kICR;
    case Level::kPR:
      return IResponse::kIPR;
    case Level::kSD:
      return IResponse::kISD;
    case Level::kNonCR:
      return IResponse::kNonICRNonIUPD;
    case Level::kUPD:
      return IResponse::kIUPD;
    case Level::kPD:
      return IResponse::kICPD;
    case Level::kNE:
      return IResponse::kNE;
    case Level::kNA:
      return IResponse::kNA;
  }
  return IResponse::kNA;
}

int Rank(Level l) {  // A14: "the target/NT category improves over the anchor"
  switch (l) {
    case Level::kCR:
      return 3;
    case Level::kPR:
      return 2;
    case Level::kSD:
    case Level::kNonCR:
      return 1;
    default:
      return 0;
  }
}

// New lesions of one visit, split by the registry (I-02, I-03).
struct NewFacts {
  Tenths nlt_sum = 0;  // registered new target lesions (I-02: not in the target SoD)
  bool has_nlt = false;
  bool unregistered = false, unregistered_target = false, unregistered_nontarget = false;
  bool registered_present = false;
  bool nlnt_increase = false, nlnt_unequivocal = false;
};

NewFacts ReadNew(const Scratch& s, std::size_t k) {
  NewFacts n;
  const std::size_t nw = s.new_ids.size();
  for (std::size_t j = 0; j < nw; ++j) {
    const NewObs& o = s.new_obs[k * nw + j];
    const bool target = s.new_is_target[j];
    if (!s.registered[j]) {
      if (!o.counts) continue;
      n.unregistered = true;
      (target ? n.unregistered_target : n.unregistered_nontarget) = true;
      continue;
    }
    n.registered_present |= o.present;
    if (target) {
      n.has_nlt = true;
      if (o.present) n.nlt_sum += o.size;
    } else {
      n.nlnt_increase |= o.present && (o.increase || o.unequivocal);
      n.nlnt_unequivocal |= o.present && o.unequivocal;
    }
  }
  return n;
}

struct Episode {
  bool open = false;
  Day start = 0;
  bool first_compliant_seen = false;
  Tenths anchor_sum = 0;
  bool anchor_complete = false;
  Tenths anchor_nlt = 0;
  int anchor_rank = 0;
  bool target = false, nontarget = false, nlt = false, nlnt = false;  // the iUPD basis
};

class IrecistRun {
 public:
  IrecistRun(const Patient& patient, const ResponseParameters& p, Scratch* s,
             std::vector<std::string>* warnings)
      : patient_(patient), p_(p), s_(*s), warnings_(warnings) {
    nadir_ = s_.baseline_sum;
    s_.registered.assign(s_.new_ids.size(), 0);
    s_.irecist_level.assign(s_.order.size(), Level::kNA);
  }

  std::optional<Day> Run() {
    for (std::size_t k = 0; k < s_.order.size(); ++k) {
      const VisitFacts& f = s_.facts[k];
      if (icpd_day_ || (patient_.nact_day && f.day >= *patient_.nact_day)) continue;  // I-11
      const Level level = Assess(k, f);
      s_.irecist_level[k] = level;
      cr_.Update(level, f.day, p_);
    }
    return icpd_day_;
  }

 private:
  Level Assess(std::size_t k, const VisitFacts& f) {
    if (f.not_done) return Level::kNE;
    // I-06 / A13: scans < 28 days after the episode's first iUPD are reported
    // iUPD and excluded from every reference (nadir, anchors, registry).
    if (ep_.open && f.day < ep_.start + p_.icpd_min_days - p_.icpd_tolerance_days)
      return Level::kUPD;
    const bool reappear = cr_.Triggers(p_);  // I-03: reappearance after iCR
    const TargetResponse t =
        TargetAt(f, !s_.target_ids.empty(), s_.baseline_sum, nadir_, reappear, p_);
    const NonTargetResponse n = NonTargetAt(f, !s_.nontarget_ids.empty(), reappear);
    const Level category = CombineTargetNonTarget(t, n);  // without new lesions (I-08)
    const NewFacts nf = ReadNew(s_, k);
    const Level level =
        ep_.open ? InEpisode(f, t, n, category, nf) : NoEpisode(k, f, t, n, category, nf);
    if (!s_.target_ids.empty() && f.complete && f.sum < nadir_) nadir_ = f.sum;  // I-01, I-08
    const NewFacts after = ReadNew(s_, k);  // the registry may have grown
    if (after.has_nlt && after.nlt_sum < nlt_nadir_) nlt_nadir_ = after.nlt_sum;
    return level;
  }

  Level NoEpisode(std::size_t k, const VisitFacts& f, TargetResponse t, NonTargetResponse n,
                  Level category, const NewFacts& nf) {
    // I-03: any RECIST 1.1 PD criterion; after a reset also the followed
    // new lesions (NLT sum +20 % and +5 mm over its nadir, NLNT unequivocal).
    const bool nlt_prog = nf.has_nlt && MeetsPd(nlt_nadir_, nf.nlt_sum, p_);
    const bool target_pd = t == TargetResponse::kPD, nt_pd = n == NonTargetResponse::kPD;
    if (!(target_pd || nt_pd || nf.unregistered || nlt_prog || nf.nlnt_unequivocal)) {
      return WithoutProgression(category, nf);
    }
    ep_ = Episode{};
    ep_.open = true;
    ep_.start = f.day;
    ep_.anchor_sum = f.sum;
    ep_.anchor_complete = f.complete;
    ep_.anchor_rank = Rank(category);
    ep_.target = target_pd;
    ep_.nontarget = nt_pd;
    ep_.nlt = nf.unregistered_target || nlt_prog;
    ep_.nlnt = nf.unregistered_nontarget || nf.nlnt_unequivocal;
    Register(k);
    const NewFacts anchored = ReadNew(s_, k);
    ep_.anchor_nlt = anchored.nlt_sum;
    if (nf.unregistered) nlt_nadir_ = anchored.nlt_sum;  // the NLT sum starts with the new lesions
    return Level::kUPD;
  }

  Level InEpisode(const VisitFacts& f, TargetResponse t, NonTargetResponse n, Level category,
                  const NewFacts& nf) {
    if (!ep_.first_compliant_seen) {
      ep_.first_compliant_seen = true;
      if (f.day > ep_.start + kLateConfirmationDays && warnings_ != nullptr) {
        warnings_->push_back(fmt::format(
            "I-06: first assessment after the iUPD of day {} is {} days later (> 8 weeks)",
            ep_.start, f.day - ep_.start));
      }
    }
    if (ConfirmsProgression(f, t, n, nf)) {
      icpd_day_ = p_.icpd_date == IcpdDate::kFirstIupdOfEpisode ? ep_.start : f.day;  // I-07, A15
      return Level::kPD;
    }
    // I-04: still progressive without a confirmation trigger -> iUPD.
    if (t == TargetResponse::kPD || n == NonTargetResponse::kPD) return Level::kUPD;
    if (category == Level::kNE) return Level::kNE;  // NE keeps the episode open
    if (!Resets(f, category, nf)) return Level::kUPD;
    ep_.open = false;  // I-08: the bar is reset; the nadir is not
    return WithoutProgression(category, nf);
  }

  // I-05: iCPD triggers (A12: >= 5 mm by default, cumulative from the
  // episode's first iUPD).
  bool ConfirmsProgression(const VisitFacts& f, TargetResponse t, NonTargetResponse n,
                           const NewFacts& nf) const {
    // A partial sum can only grow once complete, so it may confirm too.
    if (ep_.target && GrewBy(ep_.anchor_sum, f.sum, p_)) return true;
    if (ep_.nontarget && f.nt_increase) return true;
    if (ep_.nlt && GrewBy(ep_.anchor_nlt, nf.nlt_sum, p_)) return true;
    if (ep_.nlnt && nf.nlnt_increase) return true;
    if (nf.unregistered) return true;  // an additional new lesion
    // RECIST 1.1 PD in a category outside the basis (iR-FAQ).
    if (!ep_.target && t == TargetResponse::kPD) return true;
    if (!ep_.nontarget && n == NonTargetResponse::kPD) return true;
    if (!ep_.nlt && nf.has_nlt && MeetsPd(nlt_nadir_, nf.nlt_sum, p_)) return true;
    if (!ep_.nlnt && nf.nlnt_unequivocal) return true;
    return false;
  }

  // I-08 / A14: reset while new lesions of the basis persist only if the
  // category improves, or the SoD / NLT sum falls >= 5 mm below the anchor.
  bool Resets(const VisitFacts& f, Level category, const NewFacts& nf) const {
    const bool persisting = (ep_.nlt || ep_.nlnt) && nf.registered_present;
    if (!persisting || Rank(category) > ep_.anchor_rank) return true;
    const bool sums = f.complete && ep_.anchor_complete && !s_.target_ids.empty();
    if (p_.irecist_reset == IrecistReset::kAnyDecrease) {
      return (sums && f.sum < ep_.anchor_sum) || (ep_.nlt && nf.nlt_sum < ep_.anchor_nlt);
    }
    return (sums && ShrankBy(ep_.anchor_sum, f.sum, p_)) ||
           (ep_.nlt && ShrankBy(ep_.anchor_nlt, nf.nlt_sum, p_));
  }

  // I-08: iCR needs every new lesion resolved; otherwise iPR (or
  // NON-iCR/NON-iUPD without target disease).
  Level WithoutProgression(Level category, const NewFacts& nf) const {
    if (category == Level::kCR && nf.registered_present) {
      return s_.target_ids.empty() ? Level::kNonCR : Level::kPR;
    }
    return category;
  }

  void Register(std::size_t k) {
    const std::size_t nw = s_.new_ids.size();
    for (std::size_t j = 0; j < nw; ++j) {
      if (s_.new_obs[k * nw + j].counts) s_.registered[j] = 1;
    }
  }

  const Patient& patient_;
  const ResponseParameters& p_;
  Scratch& s_;
  std::vector<std::string>* warnings_;
  Tenths nadir_ = 0;
  Tenths nlt_nadir_ = 0;
  Episode ep_;
  CrTracker cr_;
  std::optional<Day> icpd_day_;
};

}  // namespace

void DeriveIrecist(const Patient& patient, const ResponseParameters& p, Scratch* s,
                   IrecistResult* out, std::vector<std::string>* warnings) {
  out->icpd_progression_day = IrecistRun(patient, p, s, warnings).Run();
  const std::size_t nv = s->order.size();
  out->timepoints.resize(nv);
  for (std::size_t k = 0; k < nv; ++k) {
    out->timepoints[k] = {s->facts[k].day, ToIResponse(s->irecist_level[k])};
  }
  // I-09: iBOR with the E-01..E-04 machinery on i-levels; iUPD breaks confirmation.
  const BestResponse best = DeriveBestResponse(s->irecist_level, *s, !s->target_ids.empty(), p);
  out->ibor_unconfirmed = ToIResponse(best.unconfirmed);
  out->ibor_confirmed = ToIResponse(best.confirmed);
}

}  // namespace pioneer::clinical
