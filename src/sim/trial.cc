// The virtual three-arm trial: randomisation, enrolment, and per patient the
// baseline, tumour course, survival, adverse events, exposure and
// disposition, each from its own random stream. docs/SIMULATION.md §1-7.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "internal.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::sim {
namespace {

using internal::ArmSpec;

constexpr double kDaysPerMonth = 30.4375;
constexpr std::int32_t kMaxTreatmentDays = 730;  // two years of treatment at most
constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::max();
constexpr double kSwitchAfterToxicity = 0.4;

// Permuted blocks of 6 (two of each arm), drawn from the master stream.
class BlockRandomiser {
 public:
  std::size_t Next(core::Rng& rng) {
    if (position_ == block_.size()) {
      block_ = {0, 0, 1, 1, 2, 2};
      for (std::size_t i = block_.size() - 1; i > 0; --i) {  // Fisher-Yates
        std::swap(block_[i], block_[rng.Below(i + 1)]);
      }
      position_ = 0;
    }
    return block_[position_++];
  }

 private:
  std::vector<std::size_t> block_;
  std::size_t position_ = 0;
};

struct Streams {
  core::Rng base, biomarkers, course, survival, safety;
  explicit Streams(core::Rng& rng)
      : base(rng.Split()),
        biomarkers(rng.Split()),
        course(rng.Split()),
        survival(rng.Split()),
        safety(rng.Split()) {}
};

// Survival after progression: Weibull, median 8 months for an average
// patient, shortened by frailty (NLR, albumin, ECOG act through `host`).
std::int32_t PostProgressionDays(const internal::Baseline& b, double benefit, core::Rng& rng) {
  constexpr double kShape = 1.1;
  const double median =
      8.0 * kDaysPerMonth * std::exp(-0.45 * b.host - 0.25 * b.ecog + 0.15 * (benefit + 2.7));
  const double scale = median / std::pow(std::log(2.0), 1.0 / kShape);
  return 1 + static_cast<std::int32_t>(rng.Weibull(kShape, scale));
}

// Death without progression first: exponential, median 48 months at host 0.
std::int32_t ProgressionFreeDeathDay(const internal::Baseline& b, core::Rng& rng) {
  const double rate = std::log(2.0) / (48.0 * kDaysPerMonth) * std::exp(0.5 * b.host);
  return 1 + static_cast<std::int32_t>(std::min(rng.Exponential(rate), 1e6));
}

struct Outcome {
  std::optional<std::int32_t> death_day;
  std::int32_t last_contact_day = 0;
  bool lost = false;
};

void AddExposure(const std::string& id, const ArmSpec& arm, std::int32_t end_day,
                 study::Study& study) {
  for (const internal::DrugRegimen& drug : arm.drugs) {
    std::int32_t day = 0;
    for (int dose = 0; day < end_day; ++dose) {
      study.exposures.push_back({id, drug.drug, drug.dose_mg, "mg", day, day});
      day += dose + 1 < drug.loading_doses ? drug.loading_interval_days : drug.interval_days;
    }
  }
}

void SimulatePatient(std::size_t index, const ArmSpec& arm, const CohortOptions& o, core::Rng& rng,
                     study::Study& study) {
  Streams s(rng);
  const int site = 1 + static_cast<int>(s.base.Below(static_cast<std::uint64_t>(o.sites)));
  const std::string id = fmt::format("PIO-{:02d}-{:04d}", site, index + 1);
  const auto enrol =
      static_cast<std::int32_t>(std::floor((static_cast<double>(index) + s.base.Uniform()) *
                                           o.enrolment_days / static_cast<double>(o.patients)));
  const std::int32_t data_cut = o.data_cut_days - enrol;
  const double dropout_rate = -std::log1p(-o.yearly_dropout) / 365.25;
  const auto dropout =
      o.yearly_dropout > 0
          ? static_cast<std::int32_t>(std::min(s.base.Exponential(dropout_rate), 1e6))
          : kNever;

  const internal::Baseline b = internal::DrawBaseline(s.biomarkers);
  const double benefit = internal::BenefitScore(b, arm);
  const std::int32_t early_death = ProgressionFreeDeathDay(b, s.survival);
  const std::int32_t post_progression = PostProgressionDays(b, benefit, s.survival);
  const bool new_therapy = s.survival.Bernoulli(0.5);
  const auto new_therapy_delay = static_cast<std::int32_t>(14 + s.survival.Below(43));
  // After stopping for toxicity without progression, some patients switch to
  // another anticancer therapy before progressing (then PFS is censored at the
  // last adequate assessment before it, response-rules.md E-07).
  const bool switch_after_toxicity = s.survival.Bernoulli(kSwitchAfterToxicity);
  const auto switch_delay = static_cast<std::int32_t>(28 + s.survival.Below(57));

  const internal::CourseLimits limits{std::min({early_death, dropout, data_cut}),
                                      o.assessment_interval_days, o.assessment_window_days};
  internal::TumourCourse course = internal::SimulateCourse(id, benefit, limits, s.course);
  const std::int32_t death = course.clinical_progression_day
                                 ? *course.clinical_progression_day + post_progression
                                 : early_death;
  const std::int32_t follow_up_end = std::min(dropout, data_cut);
  Outcome out;
  if (death <= follow_up_end) {
    out.death_day = death;
    out.last_contact_day = death;
    internal::TruncateCourse(course, death);
  } else {
    out.last_contact_day = follow_up_end;
    out.lost = dropout < data_cut;
  }

  study::Subject subject;
  subject.id = id;
  subject.site = fmt::format("{:02d}", site);
  subject.arm = arm.code;
  subject.reference_start = core::AddDays(o.study_start, enrol);
  subject.age_years = b.age_years;
  subject.sex = b.sex;
  subject.histology = b.histology;
  subject.stage = b.stage;
  subject.ecog = b.ecog;
  subject.smoking = b.smoking;
  subject.death_day = out.death_day;
  subject.last_contact_day = out.last_contact_day;
  if (course.clinical_progression_day && new_therapy) {
    const std::int32_t day = course.last_scan_day + new_therapy_delay;
    if (day < out.last_contact_day) subject.new_therapy_day = day;
  }
  study.subjects.push_back(subject);
  study.subjects.back().pdl1_tps_pct = internal::AddBiomarkers(id, b, s.biomarkers, study);

  // Treatment: until progression (for a flare: until it is confirmed),
  // toxicity, death, end of follow-up or two years.
  // iRECIST: a flare is treated through until progression is confirmed (iCPD,
  // the last scan); anyone else stops at the first RECIST 1.1 PD.
  const std::int32_t progression_stop =
      course.pseudo_progression ? (course.clinical_progression_day ? course.last_scan_day : kNever)
                                : course.recist_progression_day.value_or(kNever);
  std::int32_t treatment_end =
      std::min({progression_stop, out.last_contact_day, kMaxTreatmentDays});
  const auto toxicity =
      internal::AddAdverseEvents(id, arm, treatment_end, out.last_contact_day, s.safety, study);
  std::string reason = treatment_end == progression_stop                  ? "PROGRESSIVE DISEASE"
                       : out.death_day && treatment_end == *out.death_day ? "DEATH"
                       : treatment_end == kMaxTreatmentDays               ? "COMPLETED"
                                                                          : "";
  if (toxicity && *toxicity < treatment_end) {
    treatment_end = *toxicity;
    reason = "ADVERSE EVENT";
  }
  const bool progressed_on_treatment =
      course.clinical_progression_day && *course.clinical_progression_day <= treatment_end;
  if (reason == "ADVERSE EVENT" && switch_after_toxicity && !progressed_on_treatment) {
    const std::int32_t day = treatment_end + switch_delay;
    if (day < out.last_contact_day) study.subjects.back().new_therapy_day = day;
  }
  AddExposure(id, arm, std::max(treatment_end, 1), study);
  if (!reason.empty() && reason != "DEATH")
    study.dispositions.push_back({id, reason, treatment_end});
  if (out.death_day) study.dispositions.push_back({id, "DEATH", *out.death_day});
  if (out.lost) study.dispositions.push_back({id, "LOST TO FOLLOW-UP", out.last_contact_day});

  auto append = [](auto& to, auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  append(study.lesions, course.lesions);
  append(study.measurements, course.measurements);
  append(study.responses, course.responses);
}

}  // namespace

study::Study SimulateTrial(const CohortOptions& options) {
  options.Validate();
  study::Study study;
  study.name = options.study_id;
  for (const ArmSpec& arm : internal::Arms()) study.arms.push_back({arm.code, arm.description});
  core::Rng master(options.seed);
  BlockRandomiser randomiser;
  for (std::size_t i = 0; i < static_cast<std::size_t>(options.patients); ++i) {
    const ArmSpec& arm = internal::Arms()[randomiser.Next(master)];
    core::Rng patient = master.Split();
    SimulatePatient(i, arm, options, patient, study);
  }
  return study;
}

study::Study SimulateStudy(const SimulationOptions& options) {
  options.Validate();
  study::Study study = SimulateTrial(options.cohort);
  if (options.include_mouse) {
    study::Study mouse = SimulateMouseStudy(options.mouse);
    study.animals = std::move(mouse.animals);
  }
  return study;
}

}  // namespace pioneer::sim
