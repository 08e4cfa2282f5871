// File: pioneer/clinical/response.h
// Tumour response from lesion-level measurements: RECIST 1.1 timepoints and
// best overall response, iRECIST, SITC resistance classes (2020 advanced
// setting and the 2023 ICI + chemotherapy variant) and the endpoints PFS,
// OS, DoR and TTR. The rules are those of ../shared/specs/response-rules.md;
// rule IDs (R-xx, I-xx, E-xx, S-xx, A-xx for the choices of its section 8)
// are cited where they apply. Pure functions: no I/O.
//
//   clinical::ResponseParameters params;              // section 8 defaults
//   clinical::PatientResult r = clinical::EvaluatePatient(patient, params);
//
// For many patients, reuse one ResponseEngine (no allocation per visit, the
// result's vectors are reused):
//
//   clinical::ResponseEngine engine(params);
//   clinical::PatientResult r;
//   for (const Patient& p : patients) engine.Evaluate(p, &r);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pioneer::clinical {

// Integer days elapsed since the reference date (first dose or
// randomisation = day 0). Baseline scans have day <= 0. Durations are plain
// differences (end - start, no +1).
using Day = int;

// ---------------------------------------------------------------- input ---

enum class LesionType { kTarget, kNonTarget, kNew };

// The status of a lesion record. Which values are allowed depends on the type:
//   target:     kMeasured (diameter or fragments given), kTooSmall (counts
//               too_small_default_mm, R-03), kAbsent (0 mm), kNotEvaluated,
//               kMerged (merged_into given: 0 mm, not "disappeared", R-14)
//   non-target: kPresent, kAbsent, kUnequivocalProgression, kNotEvaluated
//   new:        target class: kMeasured, kAbsent, kTooSmall;
//               non-target class: kPresent, kAbsent, kUnequivocalProgression
enum class LesionStatus {
  kMeasured,
  kTooSmall,
  kAbsent,
  kNotEvaluated,
  kMerged,
  kPresent,
  kUnequivocalProgression,
};

// iRECIST class of a new lesion (I-02): "new lesion target" (measured) or
// "new lesion non-target".
enum class NewLesionClass { kTarget, kNonTarget };

struct Lesion {
  std::string id;  // keeps its meaning across visits
  LesionType type = LesionType::kTarget;
  bool node = false;  // lymph node: diameter is the short axis
  LesionStatus status = LesionStatus::kMeasured;
  double diameter_mm = 0;            // when status == kMeasured (sum of fragments if split)
  std::vector<double> fragments_mm;  // non-empty: the lesion has split
  std::string merged_into;           // status == kMerged: id of the carrier lesion
  bool increase_from_last = false;   // NT / new NT: any increase (I-05 only)
  NewLesionClass new_class = NewLesionClass::kTarget;  // type == kNew
  bool equivocal = false;  // new lesions: equivocal at this visit
};

struct Visit {
  Day day = 0;
  bool baseline = false;
  bool not_done = false;  // no imaging: every lesion not evaluated
  std::vector<Lesion> lesions;
};

// S-01: only the advanced/metastatic setting (including progression after
// discontinuation) is classified; perioperative settings are refused
// (class indeterminate, reason kSettingNotSupported).
enum class TreatmentSetting { kAdvanced, kPerioperative };

struct Patient {
  std::string id;
  Day treatment_start_day = 0;        // reference day, always 0
  int assessment_interval_days = 42;  // scheduled interval (E-06)
  Day exposure_start_day = 0;         // first dose
  Day exposure_end_day = 0;           // last dose
  std::optional<Day> death_day;
  Day last_contact_day = 0;                 // last day known alive (OS censoring)
  std::optional<Day> nact_day;              // first day of new anticancer therapy (E-07)
  bool rapid_clinical_progression = false;  // S-02 waiver, S-07 exposure waiver
  TreatmentSetting setting = TreatmentSetting::kAdvanced;
  std::vector<Visit> visits;  // any order; exactly one baseline
};

// ----------------------------------------------------------- parameters ---
// Defaults are the choices of response-rules.md section 8; every alternative
// is a named option.

// A1: how % change is compared with the thresholds.
enum class PercentRounding {
  kExact,      // exact comparison, no rounding (default)
  kOneDecimal  // % change rounded to one decimal first, as some CRFs do
};
// A2: timepoint labels after a PR when the sum drifts back above -30 %.
enum class PrLabelling {
  kLiteral,             // R11 text: SD (default)
  kFaqAfterConfirmedPr  // WG FAQ: PR while PD is not met, only after a confirmed PR
};
// A3: nodal targets all < 10 mm but the sum rose >= 20 % and >= 5 mm.
enum class NodalCrPrecedence {
  kCrFirst,  // default: stays CR
  kPdFirst   // PD
};
// A4: some targets not evaluated.
enum class PartialTargetRule {
  kPdIfMeasuredPartIsPd,  // default: NE unless the measured part already meets PD
  kAlwaysNe
};
// A5: what makes the reappearance of a lesion PD.
enum class ReappearanceTrigger {
  kPreviousEvaluableCr,  // default: the most recent evaluable overall response was CR
  kConfirmedCr,          // only after a confirmed CR
  kSumRuleOnly           // never by itself; the sum rule applies
};
// A8: start of DoR and TTR.
enum class ResponseStart {
  kFirstConfirmedTimepoint,  // default: earliest timepoint that is itself confirmed
  kFirstResponseTimepoint    // first CR/PR timepoint of a confirmed responder (R11 "first met")
};
// A12: iCPD growth threshold.
enum class IcpdThreshold {
  kAtLeast,     // >= icpd_increase_mm (default)
  kGreaterThan  // > icpd_increase_mm
};
// A14: reset after iUPD while new lesions persist.
enum class IrecistReset {
  kImprovementOr5mm,  // default: category improves, or target SoD / NLT sum falls
                      // >= icpd_increase_mm below the anchor, or all new lesions resolve
  kAnyDecrease        // any decrease of the target SoD or NLT sum below the anchor
};
// A15: iCPD progression date.
enum class IcpdDate {
  kFirstIupdOfEpisode,  // default (I-07)
  kIcpdScan
};
// A16: what the SITC 2020 confirmatory scan must show.
enum class SitcConfirmation {
  kPersistentProgression,  // default: iUPD or iCPD on a scan >= 28 d later, no reset between
  kRequireIcpd             // the episode must end in iCPD
};
// A17: SITC 2020, CR/PR then progression before 6 months.
enum class SitcEarlyResponse {
  kIndeterminate,  // default: indeterminate / response_then_progression_before_6_months
  kPrimary         // primary resistance (as a 2021 cohort paper counted it)
};
// A18: SITC exposure.
enum class SitcExposure {
  kUntilProgression,  // default: min(last dose, progression) - first dose
  kLastDose           // last dose - first dose
};

struct ResponseParameters {
  // Numeric parameters (JSON keys of response-io.md, same names).
  double pr_threshold_pct = 30;
  double pd_threshold_pct = 20;
  double pd_abs_mm = 5;
  double node_normal_mm = 10;
  double too_small_default_mm = 5;
  int confirm_min_days = 28;                   // E-03
  int confirm_max_ne = 1;                      // E-03
  int sd_min_days = 42;                        // E-02
  int icpd_min_days = 28;                      // I-06
  double icpd_increase_mm = 5;                 // I-05
  int missed_assessments = 2;                  // E-06
  int missed_window_days = 7;                  // E-06
  double sitc_primary_min_exposure_days = 42;  // S-03
  double sitc_six_months_days = 182.625;       // S-04, A19
  double sitc_post_discontinuation_days = 84;  // S-05
  int sitc_confirm_min_days = 28;              // S-02

  // Extensions (extra JSON keys, documented in docs/response.md).
  int sd_window_days = 0;              // A9: SD minimum met at day >= sd_min_days - window
  int icpd_tolerance_days = 0;         // I-06: scans >= icpd_min_days - tolerance may confirm
  bool missed_visit_censoring = true;  // A10 (E-06 switch)
  bool confirm_accept_sd = false;      // A6: SD allowed inside a PR confirmation window

  PercentRounding rounding = PercentRounding::kExact;
  PrLabelling pr_labelling = PrLabelling::kLiteral;
  NodalCrPrecedence nodal_cr = NodalCrPrecedence::kCrFirst;
  PartialTargetRule partial_targets = PartialTargetRule::kPdIfMeasuredPartIsPd;
  ReappearanceTrigger reappearance = ReappearanceTrigger::kPreviousEvaluableCr;
  ResponseStart response_start = ResponseStart::kFirstConfirmedTimepoint;
  IcpdThreshold icpd_threshold = IcpdThreshold::kAtLeast;
  IrecistReset irecist_reset = IrecistReset::kImprovementOr5mm;
  IcpdDate icpd_date = IcpdDate::kFirstIupdOfEpisode;
  SitcConfirmation sitc_confirmation = SitcConfirmation::kPersistentProgression;
  SitcEarlyResponse sitc_early_response = SitcEarlyResponse::kIndeterminate;
  SitcExposure sitc_exposure = SitcExposure::kUntilProgression;
};

// Throws UsageError naming the field, the value and the rule when a
// parameter is out of range (e.g. a negative threshold).
void Validate(const ResponseParameters& params);

// -------------------------------------------------------------- results ---

// Target-lesion response (R-04..R-08). kNA: no target lesions at baseline.
enum class TargetResponse { kCR, kPR, kSD, kPD, kNE, kNA };
// Non-target response. kNA: no non-target lesions at baseline.
enum class NonTargetResponse { kCR, kNonCRNonPD, kPD, kNE, kNA };
// RECIST 1.1 overall response (Table 1/2 of R-09). kNA: not assessed under
// RECIST 1.1 (after the first PD, or on/after the NACT day; R-15).
enum class OverallResponse { kCR, kPR, kSD, kNonCRNonPD, kPD, kNE, kNA };
// iRECIST timepoint response (I-01..I-08). kNA: after iCPD or on/after NACT.
enum class IResponse { kICR, kIPR, kISD, kNonICRNonIUPD, kIUPD, kICPD, kNE, kNA };

struct RecistTimepoint {
  Day day = 0;
  std::optional<double> sum_mm;  // null: incomplete or no targets
  TargetResponse target = TargetResponse::kNA;
  NonTargetResponse nontarget = NonTargetResponse::kNA;
  bool new_lesion = false;  // valid unequivocal new lesion (after R-11 backdating)
  OverallResponse overall = OverallResponse::kNA;
};

enum class EndpointReason {
  kPD,                           // event
  kDeath,                        // event
  kLastAdequateAssessment,       // censored
  kNewAnticancerTherapy,         // censored (E-07)
  kEventAfterMissedAssessments,  // censored (E-06)
  kNoAdequateAssessment,         // censored at day 0
};

struct Endpoint {
  bool event = false;
  Day day = 0;  // event or censoring day = time in days from day 0
  EndpointReason reason = EndpointReason::kNoAdequateAssessment;
};

// E-08: confirmed responders only.
struct DurationOfResponse {
  Day start_day = 0;
  Day end_day = 0;
  bool event = false;
  int days = 0;  // end_day - start_day
  EndpointReason reason = EndpointReason::kNoAdequateAssessment;
};

struct RecistResult {
  std::vector<RecistTimepoint> timepoints;                 // one per post-baseline visit, day order
  OverallResponse bor_unconfirmed = OverallResponse::kNE;  // E-01/E-02
  OverallResponse bor_confirmed = OverallResponse::kNE;    // E-03/E-04
  bool orr_confirmed = false;
  bool dcr_confirmed = false;
  Endpoint pfs;                           // E-05..E-07
  std::optional<DurationOfResponse> dor;  // E-08
  std::optional<int> ttr_days;            // E-09
};

struct OsResult {  // E-10
  bool event = false;
  Day day = 0;
};

struct IrecistTimepoint {
  Day day = 0;
  IResponse overall = IResponse::kNA;
};

struct IrecistResult {
  std::vector<IrecistTimepoint> timepoints;     // one per post-baseline visit, day order
  IResponse ibor_unconfirmed = IResponse::kNE;  // I-09
  IResponse ibor_confirmed = IResponse::kNE;    // I-09 with E-03
  std::optional<Day> icpd_progression_day;      // I-07 (A15)
};

enum class SitcClass {
  kPrimaryResistance,
  kSecondaryResistance,
  kProgressionAfterDiscontinuation,
  kIndeterminate,
  kNoProgression,
};

enum class SitcReason {
  kBestPD,
  kBestSD,
  kBestPR,
  kBestCR,
  kExposureBelow6Weeks,
  kExposureBelow6Months,
  kResponseThenProgressionBefore6Months,
  kProgressionNotConfirmed,
  kProgressionMoreThan12WeeksAfterLastDose,
  kNoConfirmedProgression,
  kSettingNotSupported,  // S-01: perioperative settings are not classified
};

struct Sitc2020Result {  // S-01..S-06
  SitcClass sitc_class = SitcClass::kNoProgression;
  std::optional<Day> progression_day;  // first iUPD of the confirming episode
  SitcReason reason = SitcReason::kNoConfirmedProgression;
};

enum class Sitc2023Class {
  kPrimaryResistance,
  kSecondaryResistance,
  kIndeterminate,
  kNotClassifiedAfterDiscontinuation,
  kNoProgression,
};

struct Sitc2023Result {  // S-07
  Sitc2023Class sitc_class = Sitc2023Class::kNoProgression;
  std::optional<Day> progression_day;  // first RECIST 1.1 PD, no confirmation
};

struct PatientResult {
  std::string id;
  RecistResult recist;
  OsResult os;
  IrecistResult irecist;
  Sitc2020Result sitc_2020;
  Sitc2023Result sitc_2023_ici_chemo;
  // Things a reader should review (R-01 target selection, I-06 late
  // confirmation scans, R-12 node-only progression); never change a result.
  std::vector<std::string> warnings;
};

// ------------------------------------------------------------ functions ---

// Checks a patient against the input rules of response-io.md and throws
// InputError listing every problem, each naming the patient, the visit day
// and the lesion id: no or two baseline visits, baseline day > 0, a
// follow-up target/non-target lesion missing at baseline, a target lesion
// with both a diameter and a status, negative diameters, statuses not
// allowed for the lesion type, new lesions at baseline, duplicate ids.
void ValidatePatient(const Patient& patient);

// Validates, then derives every result for one patient.
PatientResult EvaluatePatient(const Patient& patient, const ResponseParameters& params);

// Reusable evaluator for many patients: scratch buffers live in the engine
// and the result's vectors are reused, so a warm engine does not allocate
// per visit. Not thread-safe; use one engine per thread.
class ResponseEngine {
 public:
  explicit ResponseEngine(const ResponseParameters& params);  // validates params
  ~ResponseEngine();
  ResponseEngine(ResponseEngine&&) noexcept;
  ResponseEngine& operator=(ResponseEngine&&) noexcept;

  // Validates the patient (InputError) and overwrites *result.
  void Evaluate(const Patient& patient, PatientResult* result);
  const ResponseParameters& parameters() const;

 private:
  struct Scratch;
  ResponseParameters params_;
  std::unique_ptr<Scratch> scratch_;
};

// Labels used in the JSON and the reports ("CR", "NON-CR/NON-PD", "iUPD",
// "primary_resistance", "best_PD", "last_adequate_assessment", ...).
std::string_view Name(TargetResponse r);
std::string_view Name(NonTargetResponse r);
std::string_view Name(OverallResponse r);
std::string_view Name(IResponse r);
std::string_view Name(EndpointReason r);
std::string_view Name(SitcClass c);
std::string_view Name(SitcReason r);
std::string_view Name(Sitc2023Class c);
std::string_view Name(LesionStatus s);

}  // namespace pioneer::clinical
