#include "builder.h"

#include <fmt/format.h>

#include <algorithm>

namespace pioneer::study::internal {

Builder::Builder(const Pseudonymiser& pseudonymiser, const Study& existing,
                 DiagnosticCollector& problems)
    : pseudonymiser_(pseudonymiser), existing_(existing), problems_(problems) {
  for (const Subject& s : existing.subjects) stored_subjects_[s.id] = &s;
  for (const Arm& a : existing.arms) arms_[a.code] = a.description;
  for (const Lesion& l : existing.lesions) {
    lesions_[{l.subject_id, l.lesion_id}] = LesionInfo{l.role, l.lymph_node};
  }
  for (const Sample& s : existing.samples) stored_samples_[s.sample_id] = &s;
  for (const AnimalMeasurement& a : existing.animals) {
    animal_arms_[{a.study, a.animal}] = a.arm;
    animal_days_.insert({a.study, a.animal, a.day});
  }
}

void Builder::SetName(const std::string& name, const TableReader& t, std::size_t row,
                      std::string_view column) {
  if (!existing_.name.empty() && name != existing_.name) {
    t.Problem(row, column, fmt::format("differs from the study's name '{}'", existing_.name));
  } else if (out_.name.empty()) {
    out_.name = name;
  } else if (name != out_.name) {
    t.Problem(
        row, column,
        fmt::format("differs from the study given before ('{}'): one study per import", out_.name));
  }
}

bool Builder::ArmKnown(const std::string& code) const { return arms_.count(code) > 0; }

bool Builder::FirstRowOf(const std::string& kind, const std::string& id) {
  return defined_by_.insert({kind, id}).second;
}

void Builder::DefineArm(const Arm& arm, const TableReader& t, std::size_t row,
                        std::string_view description_column) {
  const auto known = arms_.find(arm.code);
  if (known == arms_.end()) {
    arms_[arm.code] = arm.description;
    new_arms_.insert(arm.code);
    out_.arms.push_back(arm);
    return;
  }
  if (arm.description.empty()) return;
  if (known->second.empty() && new_arms_.count(arm.code) > 0) {
    known->second = arm.description;
    for (Arm& a : out_.arms) {
      if (a.code == arm.code) a.description = arm.description;
    }
  } else if (known->second != arm.description) {
    t.Problem(row, description_column,
              fmt::format("differs from the description of arm {} given before ('{}')", arm.code,
                          known->second));
  }
}

std::optional<std::string> Builder::KnownSubject(const TableReader& t, std::size_t row,
                                                 std::string_view column) {
  const auto raw = t.SubjectId(row, column);
  if (!raw) return std::nullopt;
  std::string id = pseudonymiser_.Resolve(*raw);
  if (new_subjects_.count(id) > 0 || stored_subjects_.count(id) > 0) return id;
  t.Problem(row, column, "unknown subject (not in DM, the subjects table or the study)");
  return std::nullopt;
}

const Subject* Builder::FindSubject(const std::string& id) const {
  if (auto it = new_subjects_.find(id); it != new_subjects_.end()) {
    return &out_.subjects[it->second];
  }
  if (auto it = stored_subjects_.find(id); it != stored_subjects_.end()) return it->second;
  return nullptr;
}

Subject& Builder::NewOrExistingInImport(const std::string& id, bool& created) {
  const auto it = new_subjects_.find(id);
  created = it == new_subjects_.end();
  if (!created) return out_.subjects[it->second];
  new_subjects_[id] = out_.subjects.size();
  Subject subject;
  subject.id = id;
  out_.subjects.push_back(std::move(subject));
  return out_.subjects.back();
}

bool Builder::DefineLesion(const Lesion& lesion) {
  const bool inserted =
      lesions_.insert({{lesion.subject_id, lesion.lesion_id}, {lesion.role, lesion.lymph_node}})
          .second;
  if (inserted) out_.lesions.push_back(lesion);
  return inserted;
}

const LesionInfo* Builder::FindLesion(const std::string& subject, const std::string& lesion) const {
  const auto it = lesions_.find({subject, lesion});
  return it == lesions_.end() ? nullptr : &it->second;
}

std::optional<std::string> Builder::SampleId(const std::optional<std::string>& raw) const {
  if (!raw) return std::nullopt;
  return pseudonymiser_.ResolveSample(*raw);
}

const Sample* Builder::FindSample(const std::string& sample_id) const {
  if (auto it = new_samples_.find(sample_id); it != new_samples_.end()) {
    return &out_.samples[it->second];
  }
  if (auto it = stored_samples_.find(sample_id); it != stored_samples_.end()) return it->second;
  return nullptr;
}

void Builder::DefineSample(const Sample& sample, const TableReader& t, std::size_t row,
                           std::string_view id_column) {
  const Sample* known = FindSample(sample.sample_id);
  if (known == nullptr) {
    new_samples_[sample.sample_id] = out_.samples.size();
    out_.samples.push_back(sample);
  } else if (!(*known == sample)) {
    t.Problem(row, id_column,
              "sample already defined with another subject, kind, timepoint or day");
  }
}

void Builder::AddMeasurement(LesionMeasurement m, Origin origin) {
  out_.measurements.push_back(std::move(m));
  measurement_origins_.push_back(origin);
}

void Builder::AddDisposition(Disposition d, Origin origin) {
  out_.dispositions.push_back(std::move(d));
  disposition_origins_.push_back(origin);
}

void Builder::AddAnimal(AnimalMeasurement a, const TableReader& t, std::size_t row) {
  const auto [arm, inserted] = animal_arms_.insert({{a.study, a.animal}, a.arm});
  if (!inserted && arm->second != a.arm) {
    t.Problem(row, "arm",
              fmt::format("animal {} of study {} is already in arm '{}'", a.animal, a.study,
                          arm->second));
    return;
  }
  if (!animal_days_.insert({a.study, a.animal, a.day}).second) {
    t.Problem(row, "day",
              fmt::format("animal {} of study {} is already measured on day {}", a.animal, a.study,
                          a.day));
    return;
  }
  out_.animals.push_back(std::move(a));
}

void Builder::Finish() {
  CheckBaselines();
  DeriveFromDispositions();
}

// RECIST 1.1 §4.2: target and non-target lesions are identified and measured
// at baseline; a lesion first seen later is a new lesion.
void Builder::CheckBaselines() {
  std::map<std::pair<std::string, std::string>, std::int32_t> stored_first;
  for (const LesionMeasurement& m : existing_.measurements) {
    auto [it, inserted] = stored_first.insert({{m.subject_id, m.lesion_id}, m.day});
    if (!inserted) it->second = std::min(it->second, m.day);
  }
  std::map<std::pair<std::string, std::string>, std::size_t> first;  // -> measurement index
  for (std::size_t i = 0; i < out_.measurements.size(); ++i) {
    const LesionMeasurement& m = out_.measurements[i];
    auto [it, inserted] = first.insert({{m.subject_id, m.lesion_id}, i});
    if (!inserted && m.day < out_.measurements[it->second].day) it->second = i;
  }
  for (const auto& [key, index] : first) {
    const LesionInfo* lesion = FindLesion(key.first, key.second);
    if (lesion == nullptr || lesion->role == LesionRole::kNew) continue;
    std::int32_t day = out_.measurements[index].day;
    if (auto s = stored_first.find(key); s != stored_first.end()) day = std::min(day, s->second);
    if (day <= 0) continue;
    ProblemAt(problems_, measurement_origins_[index],
              fmt::format("lesion {} has no baseline measurement: its first measurement is on "
                          "study day {}, a target or non-target lesion must be measured at "
                          "baseline (day <= 0)",
                          key.second, day));
  }
}

// DS records give death and last contact for subjects of this import whose
// DM / subjects rows did not (docs/DATA_FORMATS.md, "How the tables combine").
void Builder::DeriveFromDispositions() {
  std::map<std::string, std::int32_t> last_contact;
  for (std::size_t i = 0; i < out_.dispositions.size(); ++i) {
    const Disposition& d = out_.dispositions[i];
    const auto it = new_subjects_.find(d.subject_id);
    if (it == new_subjects_.end()) continue;
    Subject& s = out_.subjects[it->second];
    const std::string term = ToUpper(d.term);
    if (term == "DEATH") {
      if (!s.death_day) {
        s.death_day = d.day;
      } else if (*s.death_day != d.day) {
        ProblemAt(problems_, disposition_origins_[i],
                  fmt::format("DEATH on study day {} differs from the death day {} given for "
                              "this subject",
                              d.day, *s.death_day));
      }
    } else if (term == "LAST CONTACT" || term == "LOST TO FOLLOW-UP" || term == "COMPLETED") {
      auto [lc, inserted] = last_contact.insert({d.subject_id, d.day});
      if (!inserted) lc->second = std::max(lc->second, d.day);
    }
  }
  for (const auto& [id, day] : last_contact) {
    Subject& s = out_.subjects[new_subjects_[id]];
    if (!s.last_contact_day) s.last_contact_day = day;
  }
}

}  // namespace pioneer::study::internal
