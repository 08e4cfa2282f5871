// The lesion-level tumour course of one virtual patient: baseline lesions
// chosen by RECIST 1.1 rules, growth/shrinkage by the tumour growth
// inhibition model of Stein et al. (Clin Cancer Res 2011;17:907),
//   f(t) = exp(-d t) + exp(g t) - 1,
// with an immune flare for pseudo-progression, scans every 6 weeks, and the
// investigator's timepoint responses (RECIST 1.1 until the first PD; iRECIST
// throughout). Scans are sometimes missed (one, or two in a row) and a lesion
// is sometimes not evaluated, so that the derivations meet NE timepoints and
// the missed-assessment censoring of PFS (response-rules.md R-08, E-06).
// Parameters: docs/SIMULATION.md §4.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "internal.h"

namespace pioneer::sim::internal {
namespace {

constexpr double kMaxDiameterMm = 250.0;
constexpr double kMeasurementCv = 0.05;  // between-scan reader variability (log scale)
constexpr double kFlarePeakDay = 35.0;
// Scheduled scans missed: 5 % of scans (real-world q6w adherence is ~90-95 %,
// e.g. the assessment-timing audit of Ding et al. 2023, Cancers 15:2312 reports
// ~8 % off-schedule), and 30 % of a missed scan's successors too, so that a
// few patients miss two in a row (the E-06 missed-visit rule then censors).
constexpr double kMissedScan = 0.05;
constexpr double kMissedAgain = 0.30;
constexpr int kMaxMissedInARow = 2;
// One lesion not evaluated at a scan (incomplete read: target NE, R-08).
constexpr double kLesionNotEvaluated = 0.02;

struct Kinetics {
  double shrink = 0;  // d, per day
  double grow = 0;    // g, per day
  double flare = 0;   // peak relative growth of a pseudo-progression
};

struct SimLesion {
  study::Lesion lesion;
  double size0 = 0;       // baseline diameter (short axis for nodes), mm
  double node_floor = 0;  // nodes shrink towards a normal size, not to 0
  Kinetics kinetics;
  double unequivocal_ratio = 0;  // non-target: growth over nadir called unequivocal PD
  std::int32_t appear_day = 0;   // new lesions
};

double Logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double Round1(double x) { return std::round(x * 10.0) / 10.0; }

double Relative(const Kinetics& k, double t) {
  if (t <= 0) return 1.0;
  const double tgi = std::exp(-k.shrink * t) + std::exp(k.grow * t) - 1.0;
  const double u = t / kFlarePeakDay;
  return std::max(0.0, tgi) * (1.0 + k.flare * u * std::exp(1.0 - u));
}

Pattern DrawPattern(double benefit, core::Rng& rng) {
  const double u = rng.Uniform();
  if (u < Logistic(benefit)) return Pattern::kResponse;
  // Among non-responders, disease control is likelier with more benefit.
  return rng.Uniform() < Logistic(1.62 + 0.7 * benefit) ? Pattern::kStable
                                                        : Pattern::kPrimaryProgression;
}

Kinetics DrawKinetics(Pattern pattern, core::Rng& rng) {
  Kinetics k;
  const double z1 = rng.Normal();
  const double z2 = rng.Normal();
  const bool acquired_resistance = rng.Bernoulli(0.5);
  switch (pattern) {
    case Pattern::kResponse:
      k.shrink = 0.015 * std::exp(0.45 * z1);
      k.grow = (acquired_resistance ? 0.0015 : 0.0002) * std::exp(0.5 * z2);
      break;
    case Pattern::kStable:
      k.shrink = 0.004 * std::exp(0.5 * z1);
      k.grow = 0.0025 * std::exp(0.5 * z2);
      break;
    case Pattern::kPrimaryProgression:
      k.shrink = 0.001 * std::exp(0.5 * z1);
      k.grow = 0.008 * std::exp(0.4 * z2);
      break;
  }
  return k;
}

Kinetics LesionKinetics(const Kinetics& patient, core::Rng& rng) {
  Kinetics k = patient;
  k.shrink *= std::exp(0.25 * rng.Normal());
  k.grow *= std::exp(0.25 * rng.Normal());
  return k;
}

// Organ of a target lesion; at most two per organ (RECIST 1.1 §3.1).
std::string DrawTargetOrgan(std::vector<int>& used, core::Rng& rng) {
  static const std::array<const char*, 5> kOrgans = {"LUNG", "LYMPH NODE", "LIVER", "ADRENAL GLAND",
                                                     "PLEURA"};
  std::vector<double> weights = {0.30, 0.30, 0.15, 0.13, 0.12};
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (used[i] >= 2) weights[i] = 0;
  }
  const std::size_t i = rng.Categorical(weights);
  ++used[i];
  return kOrgans[i];
}

std::vector<SimLesion> DrawBaselineLesions(const std::string& subject_id, const Kinetics& patient,
                                           core::Rng& rng) {
  std::vector<SimLesion> out;
  const std::size_t targets = 1 + rng.Categorical({0.15, 0.25, 0.25, 0.20, 0.15});
  std::vector<int> used(5, 0);
  for (std::size_t i = 0; i < targets; ++i) {
    SimLesion s;
    // The primary lung tumour is the first target.
    s.lesion = {subject_id, fmt::format("T{:02d}", i + 1), study::LesionRole::kTarget, false,
                i == 0 ? (++used[0], std::string("LUNG")) : DrawTargetOrgan(used, rng)};
    s.lesion.lymph_node = s.lesion.location == "LYMPH NODE";
    const double extra = std::exp(rng.Normal(std::log(s.lesion.lymph_node ? 8.0 : 18.0), 0.5));
    s.size0 = std::min(Round1((s.lesion.lymph_node ? 15.0 : 10.0) + extra), 150.0);
    s.node_floor = rng.Uniform(4.0, 9.0);
    s.kinetics = LesionKinetics(patient, rng);
    out.push_back(s);
  }
  static const std::array<const char*, 6> kNonTargetOrgans = {"BONE",  "LYMPH NODE", "PLEURA",
                                                              "LIVER", "BRAIN",      "LUNG"};
  const std::size_t non_targets = rng.Categorical({0.30, 0.35, 0.20, 0.15});
  for (std::size_t i = 0; i < non_targets; ++i) {
    SimLesion s;
    const char* organ = kNonTargetOrgans[rng.Categorical({0.30, 0.25, 0.15, 0.10, 0.10, 0.10})];
    s.lesion = {subject_id, fmt::format("NT{:02d}", i + 1), study::LesionRole::kNonTarget,
                std::string(organ) == "LYMPH NODE", organ};
    s.kinetics = LesionKinetics(patient, rng);
    s.unequivocal_ratio = rng.Uniform(1.6, 2.5);
    out.push_back(s);
  }
  return out;
}

// A target's measurement at day t, with reader noise; non-nodal lesions
// that have (nearly) gone are 0 or "too small to measure" (RECIST 1.1 §4.3.2).
study::LesionMeasurement MeasureTarget(const SimLesion& s, std::int32_t day, double noise) {
  study::LesionMeasurement m{
      s.lesion.subject_id, s.lesion.lesion_id, "", day, study::LesionStatus::kMeasured,
      std::nullopt};
  const double f = Relative(s.kinetics, day - s.appear_day);
  double size = s.lesion.lymph_node ? s.node_floor + (s.size0 - s.node_floor) * f : s.size0 * f;
  size = std::min(kMaxDiameterMm, size * noise);
  if (!s.lesion.lymph_node && size < 2.5) {
    m.diameter_mm = 0.0;
  } else if (!s.lesion.lymph_node && size < 5.0) {
    m.status = study::LesionStatus::kTooSmall;
  } else {
    m.diameter_mm = Round1(size);
  }
  return m;
}

enum class NonTarget { kNone, kComplete, kNonCrNonPd, kProgression };

struct ScanSummary {
  std::int32_t day = 0;
  double sum = 0;                // of the evaluated targets
  bool targets_complete = true;  // all non-nodal 0 and all nodes < 10 mm
  bool target_missing = false;   // a target not evaluated
  bool non_target_missing = false;
  NonTarget non_target = NonTarget::kNone;
  int new_lesions = 0;
  double new_sum = 0;
};

void AddToSummary(const SimLesion& s, const study::LesionMeasurement& m, ScanSummary& scan) {
  if (m.status == study::LesionStatus::kNotEvaluated) {
    (s.lesion.role == study::LesionRole::kTarget ? scan.target_missing : scan.non_target_missing) =
        true;
    if (s.lesion.role == study::LesionRole::kTarget) scan.targets_complete = false;
    return;
  }
  if (s.lesion.role == study::LesionRole::kNew) {
    ++scan.new_lesions;
    scan.new_sum += m.diameter_mm.value_or(5.0);
    return;
  }
  if (s.lesion.role == study::LesionRole::kNonTarget) {
    const NonTarget status = m.status == study::LesionStatus::kUnequivocalProgression
                                 ? NonTarget::kProgression
                             : m.status == study::LesionStatus::kAbsent ? NonTarget::kComplete
                                                                        : NonTarget::kNonCrNonPd;
    scan.non_target = std::max(scan.non_target, status);
    return;
  }
  const double d = m.status == study::LesionStatus::kTooSmall ? 5.0 : m.diameter_mm.value_or(0);
  scan.sum += d;
  if (s.lesion.lymph_node ? d >= 10.0 : d > 0.0) scan.targets_complete = false;
}

// RECIST 1.1 timepoint response against the baseline sum and the nadir
// (response-rules.md R-04..R-10, Table 1). With a target not evaluated the
// response is NE unless the evaluated targets already show PD; a
// complete target response with a non-target not evaluated is PR (Table 1).
std::string RecistLabel(const ScanSummary& scan, double baseline_sum, double nadir) {
  const bool target_pd = scan.sum - nadir >= 5.0 && scan.sum >= 1.2 * nadir;
  if (!scan.targets_complete && target_pd) return "PD";
  if (scan.non_target == NonTarget::kProgression || scan.new_lesions > 0) return "PD";
  if (scan.target_missing) return "NE";
  if (scan.targets_complete) {
    const bool nt_done = !scan.non_target_missing && (scan.non_target == NonTarget::kNone ||
                                                      scan.non_target == NonTarget::kComplete);
    return nt_done ? "CR" : "PR";
  }
  return scan.sum <= 0.7 * baseline_sum ? "PR" : "SD";
}

// Incomplete scans never lower the nadir.
double NextNadir(double nadir, const ScanSummary& scan) {
  return scan.target_missing ? nadir : std::min(nadir, scan.sum);
}

// Investigator iRECIST (Seymour 2017): PD opens an iUPD episode that the
// next scan confirms (iCPD: further growth >= 5 mm, more new lesions, or
// new-lesion growth >= 5 mm) or resets (no longer PD against the nadir).
class IrecistLabeller {
 public:
  explicit IrecistLabeller(double baseline_sum) : baseline_(baseline_sum), nadir_(baseline_sum) {}

  std::string Next(const ScanSummary& scan) {
    const std::string recist = RecistLabel(scan, baseline_, nadir_);
    if (!in_iupd_) {
      if (recist == "PD") {
        in_iupd_ = true;
        episode_start_ = scan.day;
        iupd_ = scan;
        return "iUPD";
      }
      nadir_ = NextNadir(nadir_, scan);
      return recist == "NE" ? recist : "i" + recist;
    }
    if (scan.sum >= iupd_.sum + 5.0 || scan.new_lesions > iupd_.new_lesions ||
        (scan.new_lesions > 0 && scan.new_sum >= iupd_.new_sum + 5.0) ||
        (scan.non_target == NonTarget::kProgression &&
         iupd_.non_target != NonTarget::kProgression)) {
      confirmed_ = true;
      return "iCPD";
    }
    if (recist == "NE") return recist;  // NE keeps the episode open (I-04)
    if (recist != "PD") {
      in_iupd_ = false;
      nadir_ = NextNadir(nadir_, scan);
      return "i" + recist;
    }
    return "iUPD";
  }
  bool confirmed() const { return confirmed_; }
  std::int32_t episode_start() const { return episode_start_; }

 private:
  double baseline_;
  double nadir_;
  bool in_iupd_ = false;
  bool confirmed_ = false;
  std::int32_t episode_start_ = 0;
  ScanSummary iupd_;
};

// New lesions that appear when the disease starts to grow (drawn for every
// patient so that the stream does not depend on the course).
std::vector<SimLesion> DrawNewLesions(const std::string& subject_id, const Kinetics& patient,
                                      bool allowed, core::Rng& rng) {
  static const std::array<const char*, 6> kOrgans = {"LIVER", "BONE",          "BRAIN",
                                                     "LUNG",  "ADRENAL GLAND", "LYMPH NODE"};
  const bool appears = rng.Bernoulli(0.35);
  const std::size_t count = 1 + rng.Below(2);
  std::vector<SimLesion> out;
  for (std::size_t i = 0; i < count; ++i) {
    SimLesion s;
    const char* organ = kOrgans[rng.Below(kOrgans.size())];
    s.lesion = {subject_id, fmt::format("N{:02d}", i + 1), study::LesionRole::kNew,
                std::string(organ) == "LYMPH NODE", organ};
    s.size0 = Round1(rng.Uniform(10.0, 20.0));
    s.kinetics = {0.0, std::max(patient.grow, 0.002), 0.0};
    s.node_floor = 0.0;  // new lesions grow from first sight
    if (appears && allowed) out.push_back(s);
  }
  return out;
}

}  // namespace

struct CourseBuilder {
  TumourCourse course;
  std::vector<SimLesion> lesions;
  std::vector<SimLesion> pending_new;
  Kinetics patient;
  double nadir_f = 1.0;

  // `skipped`: index into `lesions` of a lesion not evaluated at this scan.
  ScanSummary Scan(std::int32_t day, const std::string& visit, core::Rng& rng,
                   std::optional<std::size_t> skipped = std::nullopt);
};

ScanSummary CourseBuilder::Scan(std::int32_t day, const std::string& visit, core::Rng& rng,
                                std::optional<std::size_t> skipped) {
  const double f = Relative(patient, day);
  if (!pending_new.empty() && day > 0 && f >= 1.1 * nadir_f) {
    for (SimLesion& s : pending_new) {
      s.appear_day = day;
      course.lesions.push_back(s.lesion);
      lesions.push_back(s);
    }
    pending_new.clear();
  }
  ScanSummary scan{day};
  for (std::size_t i = 0; i < lesions.size(); ++i) {
    const SimLesion& s = lesions[i];
    const double noise = std::exp(kMeasurementCv * rng.Normal());
    study::LesionMeasurement m;
    if (skipped == i) {
      m = {
          s.lesion.subject_id, s.lesion.lesion_id, "", day, study::LesionStatus::kNotEvaluated, {}};
    } else if (s.lesion.role == study::LesionRole::kNonTarget) {
      const double ratio = Relative(s.kinetics, day) * noise;
      m = {s.lesion.subject_id, s.lesion.lesion_id, "", day, study::LesionStatus::kPresent, {}};
      if (ratio < (s.lesion.lymph_node ? 0.4 : 0.15)) m.status = study::LesionStatus::kAbsent;
      if (ratio >= s.unequivocal_ratio * nadir_f) {
        m.status = study::LesionStatus::kUnequivocalProgression;
      }
    } else {
      m = MeasureTarget(s, day, noise);
    }
    m.visit = visit;
    AddToSummary(s, m, scan);
    course.measurements.push_back(m);
  }
  nadir_f = std::min(nadir_f, f);
  return scan;
}

TumourCourse SimulateCourse(const std::string& subject_id, double benefit,
                            const CourseLimits& limits, core::Rng& rng) {
  CourseBuilder b;
  b.course.pattern = DrawPattern(benefit, rng);
  b.patient = DrawKinetics(b.course.pattern, rng);
  const double flare = rng.Uniform(0.35, 0.8);
  b.course.pseudo_progression =
      b.course.pattern != Pattern::kPrimaryProgression && rng.Bernoulli(0.13);
  if (b.course.pseudo_progression) b.patient.flare = flare;
  b.lesions = DrawBaselineLesions(subject_id, b.patient, rng);
  for (const SimLesion& s : b.lesions) b.course.lesions.push_back(s.lesion);
  b.pending_new = DrawNewLesions(subject_id, b.patient, !b.course.pseudo_progression, rng);

  // Visit-level events (missed scans, lesions not evaluated) from their own
  // stream, so that they do not shift the measurement draws.
  core::Rng schedule = rng.Split();
  const std::size_t baseline_lesions = b.lesions.size();
  const auto baseline_day = static_cast<std::int32_t>(-1 - rng.Below(21));
  const ScanSummary baseline = b.Scan(baseline_day, "BASELINE", rng);
  b.course.last_scan_day = baseline_day;
  IrecistLabeller irecist(baseline.sum);
  double nadir = baseline.sum;
  std::optional<std::size_t> first_pd_scan;
  int missed_in_a_row = 0;
  for (int k = 1;; ++k) {
    const auto jitter =
        static_cast<std::int32_t>(rng.Below(2 * limits.window_days + 1)) - limits.window_days;
    const std::int32_t day = k * limits.interval_days + jitter;
    if (day >= limits.stop_day) break;
    const bool missed = schedule.Bernoulli(missed_in_a_row > 0 ? kMissedAgain : kMissedScan) &&
                        missed_in_a_row < kMaxMissedInARow;
    const bool incomplete = schedule.Bernoulli(kLesionNotEvaluated);
    const std::size_t skipped_lesion = schedule.Below(baseline_lesions);
    missed_in_a_row = missed ? missed_in_a_row + 1 : 0;
    if (missed) continue;
    const std::string visit = fmt::format("WEEK {}", k * limits.interval_days / 7);
    const ScanSummary scan =
        b.Scan(day, visit, rng, incomplete ? std::optional(skipped_lesion) : std::nullopt);
    b.course.last_scan_day = day;
    if (!first_pd_scan) {
      const std::string label = RecistLabel(scan, baseline.sum, nadir);
      b.course.responses.push_back({subject_id, visit, day, "RECIST 1.1", label});
      nadir = NextNadir(nadir, scan);
      if (label == "PD") {
        first_pd_scan = static_cast<std::size_t>(k);
        b.course.recist_progression_day = day;
      }
    }
    const std::string ilabel = irecist.Next(scan);
    b.course.responses.push_back({subject_id, visit, day, "iRECIST", ilabel});
    if (ilabel == "iCPD") break;
    // Without a flare, treatment (and scanning) stops after the confirmation scan.
    if (!b.course.pseudo_progression && first_pd_scan &&
        static_cast<std::size_t>(k) > *first_pd_scan) {
      break;
    }
  }
  if (b.course.pseudo_progression) {
    if (irecist.confirmed()) b.course.clinical_progression_day = irecist.episode_start();
  } else {
    b.course.clinical_progression_day = b.course.recist_progression_day;
  }
  return b.course;
}

void TruncateCourse(TumourCourse& course, std::int32_t day) {
  std::erase_if(course.measurements, [day](const auto& m) { return m.day >= day; });
  std::erase_if(course.responses, [day](const auto& r) { return r.day >= day; });
  std::erase_if(course.lesions, [&course](const study::Lesion& l) {
    return std::none_of(course.measurements.begin(), course.measurements.end(),
                        [&l](const auto& m) { return m.lesion_id == l.lesion_id; });
  });
  course.last_scan_day = course.measurements.empty() ? 0 : course.measurements.back().day;
}

}  // namespace pioneer::sim::internal
