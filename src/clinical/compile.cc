// File: src/clinical/compile.cc
// Patient -> flat per-visit arrays (response_internal.h). Lesion ids are
// matched by linear search over the baseline lists (a patient has a handful
// of lesions), the new-lesion registry is built in order of first sight,
// and R-11 backdating of equivocal new lesions is resolved here.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "response_internal.h"

namespace pioneer::clinical {
namespace {

// The last guard of every input path (the readers refuse such sizes with
// their location): a size beyond 1e9 mm would overflow sums in tenths.
Tenths ToTenths(double mm) {
  if (!(std::fabs(mm) <= 1e9)) {
    throw Error(ErrorCode::kDataLoss, fmt::format("lesion size {} mm is out of range", mm));
  }
  return static_cast<Tenths>(std::llround(mm * 10.0));
}

int Find(const std::vector<std::string_view>& ids, std::string_view id) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == id) return static_cast<int>(i);
  }
  return -1;
}

bool SizesValid(const Lesion& l) {
  if (!std::isfinite(l.diameter_mm) || l.diameter_mm < 0) return false;
  for (double f : l.fragments_mm) {
    if (!std::isfinite(f) || f < 0) return false;
  }
  return l.fragments_mm.empty() || l.status == LesionStatus::kMeasured;
}

// A merged target lesion must also name the lesion it merged into.
bool StatusValid(const Lesion& l) {
  return StatusAllowed(l) && (l.status != LesionStatus::kMerged || !l.merged_into.empty());
}

// Size of a target lesion record.
Tenths TargetSize(const Lesion& l, const ResponseParameters& p) {
  switch (l.status) {
    case LesionStatus::kMeasured: {
      if (l.fragments_mm.empty()) return ToTenths(l.diameter_mm);
      Tenths sum = 0;  // split lesion = sum of the fragments
      for (double f : l.fragments_mm) sum += ToTenths(f);
      return sum;
    }
    case LesionStatus::kTooSmall:
      return ToTenths(p.too_small_default_mm);
    case LesionStatus::kAbsent:
      return 0;
    case LesionStatus::kMerged:
      return 0;  // carried by merged_into, not "disappeared"
    default:
      return kNotEvaluated;
  }
}

bool ReadBaseline(const Visit& b, const ResponseParameters& p, Scratch* s) {
  for (const Lesion& l : b.lesions) {
    if (!StatusValid(l) || !SizesValid(l)) return false;
    if (Find(s->target_ids, l.id) >= 0 || Find(s->nontarget_ids, l.id) >= 0) return false;
    if (l.type == LesionType::kTarget) {
      const Tenths size = TargetSize(l, p);
      if (l.status != LesionStatus::kMeasured && l.status != LesionStatus::kTooSmall) return false;
      s->target_ids.push_back(l.id);
      s->target_node.push_back(l.node);
      s->baseline_sum += size;  // LD for non-nodal, SA for nodal targets
    } else if (l.type == LesionType::kNonTarget) {
      s->nontarget_ids.push_back(l.id);
      s->nontarget_node.push_back(l.node);
    } else {
      return false;  // new lesion at baseline
    }
  }
  return true;
}

// Registers the new-lesion ids of every follow-up visit (first sight order).
bool RegisterNewLesions(const Patient& patient, Scratch* s) {
  for (std::size_t idx : s->order) {
    for (const Lesion& l : patient.visits[idx].lesions) {
      if (l.type != LesionType::kNew) continue;
      const int j = Find(s->new_ids, l.id);
      if (j < 0) {
        if (Find(s->target_ids, l.id) >= 0 || Find(s->nontarget_ids, l.id) >= 0) return false;
        s->new_ids.push_back(l.id);
        s->new_is_target.push_back(l.new_class == NewLesionClass::kTarget);
      } else if (static_cast<bool>(s->new_is_target[j]) !=
                 (l.new_class == NewLesionClass::kTarget)) {
        return false;
      }
    }
  }
  return true;
}

NewObs ObserveNew(const Lesion& l, const ResponseParameters& p) {
  NewObs o;
  o.listed = true;
  o.equivocal = l.equivocal;
  o.increase = l.increase_from_last;
  o.unequivocal = l.status == LesionStatus::kUnequivocalProgression;
  Tenths size = 0;
  if (l.status == LesionStatus::kMeasured) size = TargetSize(l, p);
  if (l.status == LesionStatus::kTooSmall) size = ToTenths(p.too_small_default_mm);
  if (l.new_class == NewLesionClass::kTarget) {
    o.size = size;
    o.present = size > 0;
  } else {
    o.present =
        l.status != LesionStatus::kAbsent && (l.status != LesionStatus::kMeasured || size > 0);
  }
  // a new node counts only with a short axis >= normal (when measured).
  const bool measured = l.status == LesionStatus::kMeasured;
  if (l.node && measured && size < ToTenths(p.node_normal_mm)) o.present = false;
  if (l.node && l.new_class == NewLesionClass::kTarget && l.status == LesionStatus::kTooSmall) {
    o.present = false;
  }
  return o;
}

bool ReadFollowUp(const Visit& v, std::size_t k, const ResponseParameters& p, Scratch* s) {
  const std::size_t nt = s->target_ids.size(), nn = s->nontarget_ids.size(), nw = s->new_ids.size();
  for (std::size_t i = 0; i < v.lesions.size(); ++i) {
    const Lesion& l = v.lesions[i];
    if (!StatusValid(l) || !SizesValid(l)) return false;
    for (std::size_t m = 0; m < i; ++m) {
      if (v.lesions[m].id == l.id) return false;  // listed twice
    }
    if (v.not_done) continue;
    if (l.type == LesionType::kTarget) {
      const int t = Find(s->target_ids, l.id);
      if (t < 0) return false;  // missing at baseline (or not a target there)
      if (l.status == LesionStatus::kMerged &&
          (l.merged_into == l.id || Find(s->target_ids, l.merged_into) < 0)) {
        return false;
      }
      s->target_size[k * nt + t] = TargetSize(l, p);
    } else if (l.type == LesionType::kNonTarget) {
      const int j = Find(s->nontarget_ids, l.id);
      if (j < 0) return false;
      NtState state = NtState::kPresent;
      if (l.status == LesionStatus::kAbsent) state = NtState::kAbsent;
      if (l.status == LesionStatus::kUnequivocalProgression) state = NtState::kUnequivocal;
      if (l.status == LesionStatus::kNotEvaluated) state = NtState::kNotEvaluated;
      s->nt_state[k * nn + j] = state;
      s->nt_increase[k * nn + j] = l.increase_from_last;
    } else {
      s->new_obs[k * nw + Find(s->new_ids, l.id)] = ObserveNew(l, p);
    }
  }
  return true;
}

// an equivocal new lesion that later becomes unequivocal counts from
// its first equivocal observation; one that resolves is ignored. Only a
// confirmation before the NACT day counts.
void BackdateEquivocal(const Patient& patient, Scratch* s) {
  const std::size_t nw = s->new_ids.size(), nv = s->order.size();
  for (std::size_t j = 0; j < nw; ++j) {
    int chain = -1;
    for (std::size_t k = 0; k < nv; ++k) {
      if (s->facts[k].not_done) continue;
      NewObs& o = s->new_obs[k * nw + j];
      const bool before_nact = !patient.nact_day || s->facts[k].day < *patient.nact_day;
      if (o.present && o.equivocal) {
        if (chain < 0) chain = static_cast<int>(k);
      } else if (o.present) {
        o.counts = true;
        if (chain >= 0 && before_nact) {
          for (std::size_t m = static_cast<std::size_t>(chain); m < k; ++m) {
            NewObs& e = s->new_obs[m * nw + j];
            if (e.present) e.counts = true;
          }
        }
        chain = -1;
      } else {
        chain = -1;
      }
    }
  }
}

void Summarise(const ResponseParameters& p, Scratch* s) {
  const std::size_t nt = s->target_ids.size(), nn = s->nontarget_ids.size(), nw = s->new_ids.size();
  const Tenths normal = ToTenths(p.node_normal_mm);
  for (std::size_t k = 0; k < s->order.size(); ++k) {
    VisitFacts& f = s->facts[k];
    f.complete = !f.not_done;
    f.target_cr_shape = true;
    for (std::size_t t = 0; t < nt; ++t) {
      const Tenths size = s->target_size[k * nt + t];
      if (size == kNotEvaluated) {
        f.complete = false;
        continue;
      }
      f.sum += size;
      const bool node = s->target_node[t];
      // non-nodal targets 0, nodal targets < 10 mm short axis.
      if (node ? size >= normal : size > 0) {
        f.target_cr_shape = false;
        f.target_pathologic = true;  // reappeared (nodes only when >= 10 mm)
      }
    }
    f.nt_all_absent = true;
    for (std::size_t j = 0; j < nn; ++j) {
      const NtState st = s->nt_state[k * nn + j];
      f.nt_unequivocal |= st == NtState::kUnequivocal;
      f.nt_not_evaluated |= st == NtState::kNotEvaluated;
      f.nt_all_absent &= st == NtState::kAbsent;
      f.nt_reappeared |=
          st == NtState::kUnequivocal || (st == NtState::kPresent && !s->nontarget_node[j]);
      f.nt_increase |= static_cast<bool>(s->nt_increase[k * nn + j]);
    }
    for (std::size_t j = 0; j < nw; ++j) f.new_counts |= s->new_obs[k * nw + j].counts;
  }
}

}  // namespace

bool Compile(const Patient& patient, const ResponseParameters& p, Scratch* s) {
  s->target_ids.clear();
  s->nontarget_ids.clear();
  s->new_ids.clear();
  s->target_node.clear();
  s->nontarget_node.clear();
  s->new_is_target.clear();
  s->baseline_sum = 0;
  s->order.clear();
  if (patient.id.empty() || patient.assessment_interval_days <= 0 ||
      patient.exposure_end_day < patient.exposure_start_day) {
    return false;
  }
  const Visit* baseline = nullptr;
  for (std::size_t i = 0; i < patient.visits.size(); ++i) {
    const Visit& v = patient.visits[i];
    if (!v.baseline) {
      s->order.push_back(i);
      continue;
    }
    if (baseline != nullptr || v.day > 0 || v.not_done) return false;
    baseline = &v;
  }
  if (baseline == nullptr || !ReadBaseline(*baseline, p, s)) return false;
  std::sort(s->order.begin(), s->order.end(), [&](std::size_t a, std::size_t b) {
    return patient.visits[a].day < patient.visits[b].day;
  });
  for (std::size_t k = 0; k < s->order.size(); ++k) {
    const Day day = patient.visits[s->order[k]].day;
    if (day == baseline->day || (k > 0 && day == patient.visits[s->order[k - 1]].day)) return false;
  }
  if (!RegisterNewLesions(patient, s)) return false;
  const std::size_t nv = s->order.size();
  s->target_size.assign(nv * s->target_ids.size(), kNotEvaluated);
  s->nt_state.assign(nv * s->nontarget_ids.size(), NtState::kNotEvaluated);
  s->nt_increase.assign(nv * s->nontarget_ids.size(), 0);
  s->new_obs.assign(nv * s->new_ids.size(), NewObs{});
  s->facts.assign(nv, VisitFacts{});
  for (std::size_t k = 0; k < nv; ++k) {
    const Visit& v = patient.visits[s->order[k]];
    s->facts[k].day = v.day;
    s->facts[k].not_done = v.not_done;
    if (!ReadFollowUp(v, k, p, s)) return false;
  }
  BackdateEquivocal(patient, s);
  Summarise(p, s);
  return true;
}

}  // namespace pioneer::clinical
