// File: src/clinical/names.cc
// The labels of the response enums, as written in response-io.md.
#include "pioneer/clinical/response.h"

namespace pioneer::clinical {

std::string_view Name(TargetResponse r) {
  switch (r) {
    case TargetResponse::kCR:
      return "CR";
    case TargetResponse::kPR:
      return "PR";
    case TargetResponse::kSD:
      return "SD";
    case TargetResponse::kPD:
      return "PD";
    case TargetResponse::kNE:
      return "NE";
    case TargetResponse::kNA:
      return "NA";
  }
  return "NA";
}

std::string_view Name(NonTargetResponse r) {
  switch (r) {
    case NonTargetResponse::kCR:
      return "CR";
    case NonTargetResponse::kNonCRNonPD:
      return "NON-CR/NON-PD";
    case NonTargetResponse::kPD:
      return "PD";
    case NonTargetResponse::kNE:
      return "NE";
    case NonTargetResponse::kNA:
      return "NA";
  }
  return "NA";
}

std::string_view Name(OverallResponse r) {
  switch (r) {
    case OverallResponse::kCR:
      return "CR";
    case OverallResponse::kPR:
      return "PR";
    case OverallResponse::kSD:
      return "SD";
    case OverallResponse::kNonCRNonPD:
      return "NON-CR/NON-PD";
    case OverallResponse::kPD:
      return "PD";
    case OverallResponse::kNE:
      return "NE";
    case OverallResponse::kNA:
      return "NA";
  }
  return "NA";
}

std::string_view Name(IResponse r) {
  switch (r) {
    case IResponse::kICR:
      return "iCR";
    case IResponse::kIPR:
      return "iPR";
    case IResponse::kISD:
      return "iSD";
    case IResponse::kNonICRNonIUPD:
      return "NON-iCR/NON-iUPD";
    case IResponse::kIUPD:
      return "iUPD";
    case IResponse::kICPD:
      return "iCPD";
    case IResponse::kNE:
      return "NE";
    case IResponse::kNA:
      return "NA";
  }
  return "NA";
}

std::string_view Name(EndpointReason r) {
  switch (r) {
    case EndpointReason::kPD:
      return "PD";
    case EndpointReason::kDeath:
      return "death";
    case EndpointReason::kLastAdequateAssessment:
      return "last_adequate_assessment";
    case EndpointReason::kNewAnticancerTherapy:
      return "new_anticancer_therapy";
    case EndpointReason::kEventAfterMissedAssessments:
      return "event_after_missed_assessments";
    case EndpointReason::kNoAdequateAssessment:
      return "no_adequate_assessment";
  }
  return "";
}

std::string_view Name(SitcClass c) {
  switch (c) {
    case SitcClass::kPrimaryResistance:
      return "primary_resistance";
    case SitcClass::kSecondaryResistance:
      return "secondary_resistance";
    case SitcClass::kProgressionAfterDiscontinuation:
      return "progression_after_discontinuation";
    case SitcClass::kIndeterminate:
      return "indeterminate";
    case SitcClass::kNoProgression:
      return "no_progression";
  }
  return "";
}

std::string_view Name(SitcReason r) {
  switch (r) {
    case SitcReason::kBestPD:
      return "best_PD";
    case SitcReason::kBestSD:
      return "best_SD";
    case SitcReason::kBestPR:
      return "best_PR";
    case SitcReason::kBestCR:
      return "best_CR";
    case SitcReason::kExposureBelow6Weeks:
      return "exposure_below_6_weeks";
    case SitcReason::kExposureBelow6Months:
      return "exposure_below_6_months";
    case SitcReason::kResponseThenProgressionBefore6Months:
      return "response_then_progression_before_6_months";
    case SitcReason::kProgressionNotConfirmed:
      return "progression_not_confirmed";
    case SitcReason::kProgressionMoreThan12WeeksAfterLastDose:
      return "progression_more_than_12_weeks_after_last_dose";
    case SitcReason::kNoConfirmedProgression:
      return "no_confirmed_progression";
    case SitcReason::kSettingNotSupported:
      return "setting_not_supported";
  }
  return "";
}

std::string_view Name(Sitc2023Class c) {
  switch (c) {
    case Sitc2023Class::kPrimaryResistance:
      return "primary_resistance";
    case Sitc2023Class::kSecondaryResistance:
      return "secondary_resistance";
    case Sitc2023Class::kIndeterminate:
      return "indeterminate";
    case Sitc2023Class::kNotClassifiedAfterDiscontinuation:
      return "not_classified_after_discontinuation";
    case Sitc2023Class::kNoProgression:
      return "no_progression";
  }
  return "";
}

std::string_view Name(LesionStatus s) {
  switch (s) {
    case LesionStatus::kMeasured:
      return "measured";
    case LesionStatus::kTooSmall:
      return "too_small";
    case LesionStatus::kAbsent:
      return "absent";
    case LesionStatus::kNotEvaluated:
      return "not_evaluated";
    case LesionStatus::kMerged:
      return "merged";
    case LesionStatus::kPresent:
      return "present";
    case LesionStatus::kUnequivocalProgression:
      return "unequivocal_progression";
  }
  return "";
}

}  // namespace pioneer::clinical
