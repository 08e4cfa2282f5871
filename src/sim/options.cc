// Validation of the simulation options: one place, each message names the
// field, the value and the rule.
#include <fmt/format.h>

#include "pioneer/core/error.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::sim {
namespace {

void Require(bool ok, std::string_view field, double value, std::string_view rule) {
  if (!ok) throw UsageError(fmt::format("{} = {} is invalid: {}", field, value, rule));
}

}  // namespace

void CohortOptions::Validate() const {
  Require(patients >= 1 && patients <= 9999, "patients", patients, "must be in 1..9999");
  Require(sites >= 1 && sites <= 99, "sites", sites, "must be in 1..99");
  Require(enrolment_days >= 0, "enrolment_days", enrolment_days, "must be >= 0");
  Require(data_cut_days > enrolment_days, "data_cut_days", data_cut_days,
          "must be after the end of enrolment (enrolment_days)");
  Require(assessment_interval_days >= 14, "assessment_interval_days", assessment_interval_days,
          "must be >= 14");
  Require(assessment_window_days >= 0 && 2 * assessment_window_days < assessment_interval_days,
          "assessment_window_days", assessment_window_days,
          "must be >= 0 and less than half the assessment interval");
  Require(yearly_dropout >= 0 && yearly_dropout < 1, "yearly_dropout", yearly_dropout,
          "must be in [0, 1)");
  if (study_id.empty()) throw UsageError("study_id must not be empty");
}

void MouseOptions::Validate() const {
  Require(mice_per_arm >= 1 && mice_per_arm <= 999, "mice_per_arm", mice_per_arm,
          "must be in 1..999");
  Require(last_day >= 1 && last_day <= 365, "last_day", last_day, "must be in 1..365");
  Require(humane_endpoint_mm3 > 100, "humane_endpoint_mm3", humane_endpoint_mm3,
          "must exceed the 100 mm3 starting volume");
  if (study_id.empty()) throw UsageError("study_id must not be empty");
}

void SimulationOptions::Validate() const {
  cohort.Validate();
  if (include_mouse) mouse.Validate();
}

}  // namespace pioneer::sim
