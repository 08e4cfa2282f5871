// The virtual trial: determinism (same seed, same study; another seed,
// another study), the per-patient invariants every simulated record must
// keep (RECIST 1.1 baseline rules, 6-weekly scans, death after the last
// assessment, CTCAE grades ...), and option validation.
#include "pioneer/sim/simulate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "describe.h"
#include "pioneer/core/error.h"

namespace pioneer::sim {
namespace {

using study::LesionRole;

const study::Study& Trial() {
  static const study::Study trial = SimulateTrial({.patients = 300, .seed = 11});
  return trial;
}

TEST(SimulateTrial, SameSeedGivesTheSameStudy) {
  const CohortOptions options{.patients = 60, .seed = 99};
  EXPECT_EQ(testing::Describe(SimulateTrial(options)), testing::Describe(SimulateTrial(options)));
  SimulationOptions both;
  both.cohort = options;
  EXPECT_EQ(testing::Describe(SimulateStudy(both)), testing::Describe(SimulateStudy(both)));
}

TEST(SimulateTrial, AnotherSeedGivesAnotherStudy) {
  EXPECT_NE(testing::Describe(SimulateTrial({.patients = 60, .seed = 1})),
            testing::Describe(SimulateTrial({.patients = 60, .seed = 2})));
}

// Each patient draws each part of the model from its own stream, so turning
// off dropout (a draw of the enrolment stream that changes follow-up) leaves
// every patient's baseline and biomarkers exactly as they were.
TEST(SimulateTrial, StreamsAreIndependentAcrossModelParts) {
  const study::Study with = SimulateTrial({.patients = 60, .seed = 4});
  const study::Study without = SimulateTrial({.patients = 60, .seed = 4, .yearly_dropout = 0.0});
  ASSERT_EQ(with.assay_results.size(), without.assay_results.size());
  for (std::size_t i = 0; i < with.assay_results.size(); ++i) {
    EXPECT_EQ(with.assay_results[i].value, without.assay_results[i].value);
  }
  for (std::size_t i = 0; i < with.subjects.size(); ++i) {
    EXPECT_EQ(with.subjects[i].age_years, without.subjects[i].age_years);
    EXPECT_EQ(with.subjects[i].arm, without.subjects[i].arm);
  }
  EXPECT_NE(testing::Describe(with), testing::Describe(without));
}

TEST(SimulateTrial, SubjectsAreRandomisedAndEnrolledInOrder) {
  const study::Study& s = Trial();
  ASSERT_EQ(s.subjects.size(), 300u);
  ASSERT_EQ(s.arms.size(), 3u);
  std::map<std::string, int> per_arm;
  std::set<std::string> ids;
  core::Date previous = core::FromCivil(2024, 1, 15);
  for (const auto& x : s.subjects) {
    ids.insert(x.id);
    ++per_arm[x.arm];
    ASSERT_TRUE(x.reference_start.has_value());
    EXPECT_GE(*x.reference_start, previous);  // staggered enrolment
    previous = *x.reference_start;
    EXPECT_GE(*x.age_years, 35);
    EXPECT_LE(*x.age_years, 90);
    EXPECT_TRUE(*x.ecog == 0 || *x.ecog == 1);
    EXPECT_EQ(x.id.rfind("PIO-", 0), 0u);
  }
  EXPECT_EQ(ids.size(), 300u);
  for (const auto& arm : s.arms) EXPECT_EQ(per_arm[arm.code], 100) << arm.code;  // blocks of 6
}

struct PatientRecords {
  std::vector<const study::Lesion*> lesions;
  std::vector<const study::LesionMeasurement*> measurements;
  std::vector<const study::ResponseAssessment*> responses;
};

std::map<std::string, PatientRecords> ByPatient(const study::Study& s) {
  std::map<std::string, PatientRecords> out;
  for (const auto& l : s.lesions) out[l.subject_id].lesions.push_back(&l);
  for (const auto& m : s.measurements) out[m.subject_id].measurements.push_back(&m);
  for (const auto& r : s.responses) out[r.subject_id].responses.push_back(&r);
  return out;
}

void CheckLesions(const std::string& id, const PatientRecords& p) {
  std::map<std::string, int> targets_per_organ;
  int targets = 0;
  for (const auto* l : p.lesions) {
    std::vector<const study::LesionMeasurement*> ms;
    for (const auto* m : p.measurements) {
      if (m->lesion_id == l->lesion_id) ms.push_back(m);
    }
    ASSERT_FALSE(ms.empty()) << id << " " << l->lesion_id;
    if (l->role == LesionRole::kNew) {
      EXPECT_GT(ms.front()->day, 0) << id << " new lesion at baseline";
      continue;
    }
    EXPECT_EQ(ms.front()->visit, "BASELINE") << id << " " << l->lesion_id;
    EXPECT_LE(ms.front()->day, 0) << id;
    EXPECT_GE(ms.front()->day, -28) << id;
    if (l->role != LesionRole::kTarget) continue;
    ++targets;
    ++targets_per_organ[l->location];
    // RECIST 1.1 §3.1: measurable >= 10 mm; nodes >= 15 mm short axis.
    EXPECT_GE(*ms.front()->diameter_mm, l->lymph_node ? 15.0 : 10.0) << id << " " << l->lesion_id;
  }
  EXPECT_GE(targets, 1) << id;
  EXPECT_LE(targets, 5) << id;
  for (const auto& [organ, n] : targets_per_organ) EXPECT_LE(n, 2) << id << " " << organ;
}

void CheckSchedule(const std::string& id, const PatientRecords& p, const study::Subject& x) {
  std::set<std::int32_t> scan_days;
  for (const auto* m : p.measurements) scan_days.insert(m->day);
  std::int32_t previous = *scan_days.begin();
  for (const std::int32_t day : scan_days) {
    if (day == previous) continue;
    if (previous > 0) {
      // q6w +- 7 days: consecutive scans 28..56 days apart, or 2 or 3
      // intervals (+- 14 days) apart when one or two scans were missed.
      const std::int32_t gap = day - previous;
      EXPECT_GE(gap, 28) << id;
      const std::int32_t intervals = (gap + 21) / 42;
      EXPECT_GE(intervals, 1) << id;
      EXPECT_LE(intervals, 3) << id;
      EXPECT_LE(std::abs(gap - 42 * intervals), 14) << id;
    }
    previous = day;
  }
  const std::int32_t last_scan = *scan_days.rbegin();
  if (x.death_day) {
    EXPECT_GT(*x.death_day, last_scan) << id;
    EXPECT_EQ(x.last_contact_day, x.death_day) << id;
  }
  EXPECT_GE(*x.last_contact_day, last_scan) << id;
  for (const auto* r : p.responses) EXPECT_TRUE(scan_days.contains(r->day)) << id;
  // RECIST 1.1 rows stop at the first PD.
  std::vector<const study::ResponseAssessment*> recist;
  for (const auto* r : p.responses) {
    if (r->criteria == "RECIST 1.1") recist.push_back(r);
  }
  for (std::size_t i = 0; i + 1 < recist.size(); ++i) EXPECT_NE(recist[i]->response, "PD") << id;
}

TEST(SimulateTrial, EveryPatientKeepsTheRecistAndScheduleInvariants) {
  const study::Study& s = Trial();
  const auto patients = ByPatient(s);
  ASSERT_EQ(patients.size(), s.subjects.size());
  for (const auto& x : s.subjects) {
    const PatientRecords& p = patients.at(x.id);
    CheckLesions(x.id, p);
    CheckSchedule(x.id, p, x);
  }
}

// The demo cohort must exercise every rule of the response derivation
// (response-rules.md): pseudo-progression (iUPD then reset), nodal targets
// shrinking below 10 mm, too-small lesions, lesions not evaluated (NE),
// missed scans (one and two in a row), new lesions, and new anticancer
// therapy both before and after progression.
TEST(SimulateTrial, CohortExercisesEveryResponseRule) {
  const study::Study& s = Trial();
  const auto patients = ByPatient(s);
  std::map<std::string, int> seen;
  std::map<std::string, std::int32_t> first_pd;
  for (const auto& r : s.responses) {
    if (r.criteria == "RECIST 1.1" && r.response == "PD") first_pd[r.subject_id] = r.day;
    if (r.response == "NE") ++seen["NE timepoint"];
  }
  for (const auto& x : s.subjects) {
    const PatientRecords& p = patients.at(x.id);
    std::set<std::int32_t> days;
    for (const auto* m : p.measurements) days.insert(m->day);
    for (auto it = std::next(days.begin()); it != days.end(); ++it) {
      const std::int32_t gap = *it - *std::prev(it);
      if (*std::prev(it) > 0 && gap >= 70) ++seen["one scan missed"];
      if (*std::prev(it) > 0 && gap >= 112) ++seen["two scans missed"];
    }
    std::map<std::string, const study::Lesion*> lesions;
    for (const auto* l : p.lesions) lesions[l->lesion_id] = l;
    for (const auto* m : p.measurements) {
      const study::Lesion* l = lesions.at(m->lesion_id);
      if (l->role == LesionRole::kTarget && l->lymph_node && m->diameter_mm &&
          *m->diameter_mm < 10) {
        ++seen["target node < 10 mm"];
      }
      if (m->status == study::LesionStatus::kTooSmall) ++seen["too small"];
      if (m->status == study::LesionStatus::kNotEvaluated) ++seen["not evaluated"];
      if (l->role == LesionRole::kNew) ++seen["new lesion"];
    }
    bool open = false;
    for (const auto* r : p.responses) {
      if (r->response == "iUPD") open = true;
      if (open && (r->response == "iSD" || r->response == "iPR" || r->response == "iCR")) {
        ++seen["pseudo-progression"];
        open = false;
      }
    }
    if (x.new_therapy_day) {
      const auto pd = first_pd.find(x.id);
      ++seen[pd == first_pd.end() || *x.new_therapy_day < pd->second ? "new therapy before PD"
                                                                     : "new therapy after PD"];
    }
  }
  for (const char* what : {"NE timepoint", "one scan missed", "two scans missed",
                           "target node < 10 mm", "too small", "not evaluated", "new lesion",
                           "pseudo-progression", "new therapy before PD", "new therapy after PD"}) {
    EXPECT_GE(seen[what], 2) << what;
    std::printf("%s: %d\n", what, seen[what]);
  }
}

TEST(SimulateTrial, SafetyExposureAndSamplesAreConsistent) {
  const study::Study& s = Trial();
  std::map<std::string, const study::Subject*> subjects;
  for (const auto& x : s.subjects) subjects[x.id] = &x;
  for (const auto& a : s.adverse_events) {
    ASSERT_TRUE(a.grade.has_value());
    EXPECT_GE(*a.grade, 1);
    EXPECT_LE(*a.grade, 5);
    EXPECT_GE(a.onset_day, 0);
    EXPECT_LE(a.onset_day, *subjects.at(a.subject_id)->last_contact_day);
    if (a.end_day) {
      EXPECT_GT(*a.end_day, a.onset_day);
    }
  }
  std::map<std::string, int> doses;
  for (const auto& e : s.exposures) {
    ++doses[e.subject_id];
    EXPECT_GE(e.start_day, 0);
    EXPECT_LE(e.start_day, std::max(0, *subjects.at(e.subject_id)->last_contact_day));
    EXPECT_EQ(e.dose_unit, "mg");
  }
  for (const auto& x : s.subjects) EXPECT_GE(doses[x.id], 1) << x.id;  // day-0 dose
  std::map<std::string, int> samples;
  for (const auto& smp : s.samples) {
    ++samples[smp.subject_id];
    EXPECT_LT(smp.day, 0);
  }
  for (const auto& x : s.subjects) EXPECT_EQ(samples[x.id], 2) << x.id;
  std::map<std::string, int> genes;
  for (const auto& a : s.assay_results) {
    if (a.analyte.rfind("GENE:", 0) == 0) ++genes[a.sample_id];
  }
  for (const auto& [sample, n] : genes)
    EXPECT_EQ(n, 51) << sample;  // 18 GEP + 11 housekeeping + 22 further
}

TEST(SimulateTrial, BadOptionsNameTheFieldTheValueAndTheRule) {
  try {
    SimulateTrial({.patients = 0});
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "patients = 0 is invalid: must be in 1..9999");
  }
  EXPECT_THROW(SimulateTrial({.enrolment_days = 800, .data_cut_days = 730}), UsageError);
  EXPECT_THROW(SimulateTrial({.assessment_window_days = 21}), UsageError);
}

}  // namespace
}  // namespace pioneer::sim
