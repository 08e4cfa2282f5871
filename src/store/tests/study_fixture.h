// File: src/store/tests/study_fixture.h
// A small hand-made study holding every record kind (with missing values
// and every enum value), and a field-by-field text rendering used to compare
// studies (model.h defines no equality).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "pioneer/core/output.h"
#include "pioneer/study/model.h"

namespace pioneer::store::testing {

// Aggregate initialisation with designated members still warns on GCC 12
// (-Wmissing-field-initializers), so subjects are built field by field.
inline study::Subject SubjectOf(std::string id, std::string site, std::string arm) {
  study::Subject subject;
  subject.id = std::move(id);
  subject.site = std::move(site);
  subject.arm = std::move(arm);
  return subject;
}

inline study::Study MakeStudy() {
  using namespace study;
  Study s;
  s.name = "PIONEER-01";
  s.arms = {{"PDL1", "anti-PD-L1"}, {"PDL1_NKG2A", "anti-PD-L1 + anti-NKG2A"}};
  Subject a = SubjectOf("PID-0123456789abcdef", "S01", "PDL1");
  a.reference_start = core::FromCivil(2023, 2, 28);
  a.age_years = 63.5;
  a.sex = Sex::kFemale;
  a.histology = "adenocarcinoma";
  a.stage = "IV";
  a.ecog = 1;
  a.smoking = Smoking::kFormer;
  a.pdl1_tps_pct = 55.0;
  a.death_day = 400;
  a.last_contact_day = 400;
  a.new_therapy_day = 210;
  Subject b = SubjectOf("PID-fedcba9876543210", "S02", "PDL1_NKG2A");
  b.sex = Sex::kMale;
  b.histology = "squamous";
  b.stage = "IIIB";
  b.smoking = Smoking::kCurrent;
  b.last_contact_day = 365;
  Subject c = SubjectOf("PID-00000000000000aa", "S02", "");  // no arm
  c.age_years = 0.1 + 0.2;  // not exactly representable: checks bit-exact storage
  c.smoking = Smoking::kNever;
  s.subjects = {a, b, c};
  s.exposures = {{a.id, "durvalumab", 1500.0, "mg", 0, 168},
                 {b.id, "monalizumab", std::nullopt, "", 0, std::nullopt}};
  s.lesions = {{a.id, "T01", LesionRole::kTarget, false, "LUNG"},
               {a.id, "T02", LesionRole::kTarget, true, "LYMPH NODE"},
               {a.id, "NT01", LesionRole::kNonTarget, false, "LIVER"},
               {a.id, "N01", LesionRole::kNew, false, "BONE"}};
  s.measurements = {
      {a.id, "T01", "BASELINE", -7, LesionStatus::kMeasured, 31.4},
      {a.id, "T02", "BASELINE", -7, LesionStatus::kMeasured, 15.0},
      {a.id, "NT01", "BASELINE", -7, LesionStatus::kPresent, std::nullopt},
      {a.id, "T01", "WEEK 6", 42, LesionStatus::kMeasured, 0.0},
      {a.id, "T02", "WEEK 6", 42, LesionStatus::kTooSmall, std::nullopt},
      {a.id, "NT01", "WEEK 6", 42, LesionStatus::kAbsent, std::nullopt},
      {a.id, "NT01", "WEEK 12", 84, LesionStatus::kUnequivocalProgression, std::nullopt},
      {a.id, "T01", "WEEK 12", 84, LesionStatus::kNotEvaluated, std::nullopt},
      {a.id, "N01", "WEEK 12", 84, LesionStatus::kPresent, std::nullopt}};
  s.responses = {{a.id, "WEEK 6", 42, "RECIST 1.1", "PR"},
                 {a.id, "WEEK 12", 84, "iRECIST", "iUPD"}};
  s.adverse_events = {{a.id, "Pneumonitis", 3, 50, 80, true, true},
                      {b.id, "Fatigue", std::nullopt, 3, std::nullopt, false, false}};
  // Sample ids as a store holds them: pseudonyms (layout.h).
  const std::string s1 = "SMP-00000000000000b1", s2 = "SMP-00000000000000b2";
  s.samples = {{s1, a.id, SampleKind::kBlood, "BASELINE", -3},
               {s2, a.id, SampleKind::kBiopsy, "C2D1", 21}};
  s.assay_results = {{s1, "NLR", 3.25, ""},
                     {s2, "TMB", std::nullopt, "mut/Mb"},
                     {s2, "GENE:CXCL9", -1.0 / 3.0, "log2TPM"}};
  s.dispositions = {{a.id, "DEATH", 400}, {b.id, "COMPLETED", 365}};
  s.animals = {{"MS-7", "isotype", "M1", 0, 100.25}, {"MS-7", "A+B", "M2", 3, std::nullopt}};
  return s;
}

template <class T>
std::string Opt(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : "NA";
}

// Every field of every record; doubles with 17 significant digits.
inline std::string Describe(const study::Study& s) {
  std::string out = "study " + s.name + "\n";
  auto d = [](const std::optional<double>& v) { return v ? fmt::format("{:.17g}", *v) : "NA"; };
  for (const auto& a : s.arms) out += fmt::format("arm {}|{}\n", a.code, a.description);
  for (const auto& x : s.subjects) {
    out += fmt::format("subject {}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", x.id, x.site, x.arm,
                       x.reference_start ? x.reference_start->days_since_epoch : -999999,
                       d(x.age_years), static_cast<int>(x.sex), x.histology, x.stage, Opt(x.ecog),
                       static_cast<int>(x.smoking), d(x.pdl1_tps_pct), Opt(x.death_day),
                       Opt(x.last_contact_day), Opt(x.new_therapy_day));
  }
  for (const auto& e : s.exposures) {
    out += fmt::format("exposure {}|{}|{}|{}|{}|{}\n", e.subject_id, e.drug, d(e.dose), e.dose_unit,
                       e.start_day, Opt(e.end_day));
  }
  for (const auto& l : s.lesions) {
    out += fmt::format("lesion {}|{}|{}|{}|{}\n", l.subject_id, l.lesion_id,
                       static_cast<int>(l.role), l.lymph_node, l.location);
  }
  for (const auto& m : s.measurements) {
    out += fmt::format("measurement {}|{}|{}|{}|{}|{}\n", m.subject_id, m.lesion_id, m.visit, m.day,
                       static_cast<int>(m.status), d(m.diameter_mm));
  }
  for (const auto& r : s.responses) {
    out += fmt::format("response {}|{}|{}|{}|{}\n", r.subject_id, r.visit, r.day, r.criteria,
                       r.response);
  }
  for (const auto& a : s.adverse_events) {
    out += fmt::format("ae {}|{}|{}|{}|{}|{}|{}\n", a.subject_id, a.term, Opt(a.grade), a.onset_day,
                       Opt(a.end_day), a.serious, a.related);
  }
  for (const auto& x : s.samples) {
    out += fmt::format("sample {}|{}|{}|{}|{}\n", x.sample_id, x.subject_id,
                       static_cast<int>(x.kind), x.timepoint, x.day);
  }
  for (const auto& a : s.assay_results) {
    out += fmt::format("assay {}|{}|{}|{}\n", a.sample_id, a.analyte, d(a.value), a.unit);
  }
  for (const auto& x : s.dispositions) {
    out += fmt::format("disposition {}|{}|{}\n", x.subject_id, x.term, x.day);
  }
  for (const auto& a : s.animals) {
    out += fmt::format("animal {}|{}|{}|{}|{}\n", a.study, a.arm, a.animal, a.day, d(a.volume_mm3));
  }
  return out;
}

// A fresh folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ =
        std::filesystem::temp_directory_path() /
        fmt::format("pioneer_store_{}_{}_{}", info->test_suite_name(), info->name(), ::getpid());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace pioneer::store::testing
