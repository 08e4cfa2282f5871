// File: src/clinical/validate.cc
// Input rules of response-io.md: every problem names the patient, the visit
// day and the lesion, and all of them are reported at once.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "pioneer/clinical/response.h"
#include "response_internal.h"

namespace pioneer::clinical {
namespace {

std::string Where(const Patient& p, const Visit* v, const Lesion* l) {
  std::string out = fmt::format("patient {}", p.id.empty() ? "(no id)" : p.id);
  if (v != nullptr) out += fmt::format(", visit day {}", v->day);
  if (l != nullptr) out += fmt::format(", lesion {}", l->id.empty() ? "(no id)" : l->id);
  return out;
}

std::string_view TypeName(LesionType t) {
  switch (t) {
    case LesionType::kTarget:
      return "target";
    case LesionType::kNonTarget:
      return "nontarget";
    case LesionType::kNew:
      return "new";
  }
  return "";
}

class Checker {
 public:
  Checker(const Patient& p, const std::string& source, DiagnosticCollector* out)
      : p_(p), source_(source), out_(out) {}

  void Run() {
    CheckPatientFields();
    const Visit* baseline = FindBaseline();
    if (baseline != nullptr) ReadBaseline(*baseline);
    std::set<Day> days;
    for (const Visit& v : p_.visits) {
      if (!days.insert(v.day).second) Add(&v, nullptr, "two visits on the same day");
      CheckLesions(v, baseline != nullptr);
    }
  }

 private:
  void Add(const Visit* v, const Lesion* l, const std::string& message) {
    out_->Add(source_, 0, 0, Where(p_, v, l) + ": " + message);
  }

  void CheckPatientFields() {
    if (p_.id.empty()) Add(nullptr, nullptr, "missing id");
    if (p_.assessment_interval_days <= 0) {
      Add(nullptr, nullptr,
          fmt::format("assessment_interval_days must be > 0, got {}", p_.assessment_interval_days));
    }
    if (p_.exposure_end_day < p_.exposure_start_day) {
      Add(nullptr, nullptr,
          fmt::format("exposure.end_day {} is before exposure.start_day {}", p_.exposure_end_day,
                      p_.exposure_start_day));
    }
  }

  const Visit* FindBaseline() {
    const Visit* baseline = nullptr;
    for (const Visit& v : p_.visits) {
      if (!v.baseline) continue;
      if (baseline != nullptr) {
        Add(&v, nullptr, fmt::format("two baseline visits (days {} and {})", baseline->day, v.day));
        continue;
      }
      baseline = &v;
    }
    if (baseline == nullptr) {
      Add(nullptr, nullptr, "no baseline visit (exactly one visit must have \"baseline\": true)");
      return nullptr;
    }
    if (baseline->day > 0) Add(baseline, nullptr, "baseline visit after day 0");
    if (baseline->not_done) Add(baseline, nullptr, "baseline visit marked not_done");
    return baseline;
  }

  void ReadBaseline(const Visit& b) {
    for (const Lesion& l : b.lesions) {
      if (l.type == LesionType::kNew) {
        Add(&b, &l, "new lesion at the baseline visit");
        continue;
      }
      if (l.type == LesionType::kTarget &&
          (l.status == LesionStatus::kAbsent || l.status == LesionStatus::kNotEvaluated ||
           l.status == LesionStatus::kMerged)) {
        Add(&b, &l,
            fmt::format("baseline target lesion must be measured, got status {}", Name(l.status)));
      }
      baseline_types_.emplace(l.id, l.type);
      if (l.type == LesionType::kTarget) baseline_targets_.insert(l.id);
    }
  }

  void CheckLesions(const Visit& v, bool have_baseline) {
    std::set<std::string> seen;
    for (const Lesion& l : v.lesions) {
      if (l.id.empty()) Add(&v, &l, "lesion without id");
      if (!seen.insert(l.id).second) Add(&v, &l, "lesion listed twice at this visit");
      if (!StatusAllowed(l)) {
        Add(&v, &l,
            fmt::format("status {} is not allowed for a {} lesion", Name(l.status),
                        TypeName(l.type)));
      }
      CheckSizes(v, l);
      if (v.baseline || !have_baseline) continue;
      CheckAgainstBaseline(v, l);
    }
  }

  void CheckSizes(const Visit& v, const Lesion& l) {
    if (!std::isfinite(l.diameter_mm) || l.diameter_mm < 0) {
      Add(&v, &l, fmt::format("negative or invalid diameter {}", l.diameter_mm));
    }
    for (double f : l.fragments_mm) {
      if (!std::isfinite(f) || f < 0)
        Add(&v, &l, fmt::format("negative or invalid fragment {}", f));
    }
    if (!l.fragments_mm.empty() && l.status != LesionStatus::kMeasured) {
      Add(&v, &l, "fragments given together with a status");
    }
    if (l.status == LesionStatus::kMerged && l.merged_into.empty()) {
      Add(&v, &l, "merged lesion without merged_into");
    }
  }

  void CheckAgainstBaseline(const Visit& v, const Lesion& l) {
    const auto it = baseline_types_.find(l.id);
    if (l.type == LesionType::kNew) {
      if (it != baseline_types_.end()) Add(&v, &l, "new lesion reuses the id of a baseline lesion");
      const auto [cls, inserted] = new_classes_.emplace(l.id, l.new_class);
      if (!inserted && cls->second != l.new_class) Add(&v, &l, "new lesion changes its new_class");
      return;
    }
    if (it == baseline_types_.end()) {
      Add(&v, &l, fmt::format("{} lesion missing at baseline", TypeName(l.type)));
      return;
    }
    if (it->second != l.type) {
      Add(&v, &l,
          fmt::format("lesion is {} at baseline but {} here", TypeName(it->second),
                      TypeName(l.type)));
    }
    if (l.status == LesionStatus::kMerged &&
        (l.merged_into == l.id || !baseline_targets_.contains(l.merged_into))) {
      Add(&v, &l,
          fmt::format("merged_into {} is not another baseline target lesion", l.merged_into));
    }
  }

  const Patient& p_;
  const std::string& source_;
  DiagnosticCollector* out_;
  std::map<std::string, LesionType> baseline_types_;
  std::set<std::string> baseline_targets_;
  std::map<std::string, NewLesionClass> new_classes_;
};

void CheckParam(bool ok, const char* name, double value, const char* rule) {
  if (!ok) throw UsageError(fmt::format("parameter {} = {}: {}", name, value, rule));
}

}  // namespace

bool StatusAllowed(const Lesion& l) {
  using S = LesionStatus;
  switch (l.type) {
    case LesionType::kTarget:
      return l.status == S::kMeasured || l.status == S::kTooSmall || l.status == S::kAbsent ||
             l.status == S::kNotEvaluated || l.status == S::kMerged;
    case LesionType::kNonTarget:
      return l.status == S::kPresent || l.status == S::kAbsent ||
             l.status == S::kUnequivocalProgression || l.status == S::kNotEvaluated;
    case LesionType::kNew:
      if (l.new_class == NewLesionClass::kTarget) {
        return l.status == S::kMeasured || l.status == S::kAbsent || l.status == S::kTooSmall;
      }
      return l.status == S::kPresent || l.status == S::kAbsent ||
             l.status == S::kUnequivocalProgression || l.status == S::kMeasured;
  }
  return false;
}

void CollectPatientProblems(const Patient& patient, const std::string& source,
                            DiagnosticCollector* problems) {
  Checker(patient, source, problems).Run();
}

void ValidatePatient(const Patient& patient) {
  DiagnosticCollector problems;
  CollectPatientProblems(patient, "", &problems);
  problems.ThrowIfAny();
}

void Validate(const ResponseParameters& p) {
  CheckParam(p.pr_threshold_pct > 0 && p.pr_threshold_pct < 100, "pr_threshold_pct",
             p.pr_threshold_pct, "must be in (0, 100) (R-05)");
  CheckParam(p.pd_threshold_pct >= 0, "pd_threshold_pct", p.pd_threshold_pct,
             "must be >= 0 (R-06)");
  CheckParam(p.pd_abs_mm >= 0, "pd_abs_mm", p.pd_abs_mm, "must be >= 0 (R-06)");
  CheckParam(p.node_normal_mm > 0, "node_normal_mm", p.node_normal_mm, "must be > 0 (R-04)");
  CheckParam(p.too_small_default_mm >= 0, "too_small_default_mm", p.too_small_default_mm,
             "must be >= 0 (R-03)");
  CheckParam(p.confirm_min_days >= 0, "confirm_min_days", p.confirm_min_days,
             "must be >= 0 (E-03)");
  CheckParam(p.confirm_max_ne >= 0, "confirm_max_ne", p.confirm_max_ne, "must be >= 0 (E-03)");
  CheckParam(p.sd_min_days >= 0, "sd_min_days", p.sd_min_days, "must be >= 0 (E-02)");
  CheckParam(p.sd_window_days >= 0, "sd_window_days", p.sd_window_days, "must be >= 0 (A9)");
  CheckParam(p.icpd_min_days >= 0, "icpd_min_days", p.icpd_min_days, "must be >= 0 (I-06)");
  CheckParam(p.icpd_tolerance_days >= 0, "icpd_tolerance_days", p.icpd_tolerance_days,
             "must be >= 0 (I-06)");
  CheckParam(p.icpd_increase_mm >= 0, "icpd_increase_mm", p.icpd_increase_mm,
             "must be >= 0 (I-05)");
  CheckParam(p.missed_assessments >= 1, "missed_assessments", p.missed_assessments,
             "must be >= 1 (E-06)");
  CheckParam(p.missed_window_days >= 0, "missed_window_days", p.missed_window_days,
             "must be >= 0 (E-06)");
  CheckParam(p.sitc_primary_min_exposure_days >= 0, "sitc_primary_min_exposure_days",
             p.sitc_primary_min_exposure_days, "must be >= 0 (S-03)");
  CheckParam(p.sitc_six_months_days > 0, "sitc_six_months_days", p.sitc_six_months_days,
             "must be > 0 (S-04)");
  CheckParam(p.sitc_post_discontinuation_days >= 0, "sitc_post_discontinuation_days",
             p.sitc_post_discontinuation_days, "must be >= 0 (S-05)");
  CheckParam(p.sitc_confirm_min_days >= 0, "sitc_confirm_min_days", p.sitc_confirm_min_days,
             "must be >= 0 (S-02)");
}

}  // namespace pioneer::clinical
