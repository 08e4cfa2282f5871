// File: pioneer/design/survival_size.h
// Number of events and subjects for a two-arm log-rank comparison, as
// rpact 3.3.4 getSampleSizeSurvival (fixed design, sided = 2):
// - events by Schoenfeld (1981) or Freedman (1982);
// - subjects from the probability of an event under uniform accrual over
//   [0, accrual], a further follow_up, exponential survival (control
//   median -> hazard log 2 / median; experimental hazard = hr x control) and
//   exponential dropout (probability `dropout` by `dropout_time`), as
//   rpact's getSampleSizeSurvival(accrualTime = c(0, a), followUpTime = f,
//   median2 = m, dropoutRate1 = dropoutRate2 = d, dropoutTime = t).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pioneer/core/enum_names.h"

namespace pioneer::design {

enum class EventsFormula { kSchoenfeld, kFreedman };
inline constexpr core::EnumSpelling<EventsFormula> kEventsFormulaNames[] = {
    {EventsFormula::kSchoenfeld, "schoenfeld"}, {EventsFormula::kFreedman, "freedman"}};

// "schoenfeld" | "freedman"; a UsageError naming `field` otherwise
// ("unknown value 'x' for method; allowed: schoenfeld, freedman").
EventsFormula ParseEventsFormula(const std::string& text, const char* field = "method");
std::string ToString(EventsFormula f);

struct LogrankOptions {
  double hazard_ratio = 0;  // experimental / control, != 1
  double alpha = 0.05;      // two-sided
  double power = 0.8;
  double allocation = 1;  // experimental patients per control patient ("2:1" -> 2)
  EventsFormula method = EventsFormula::kSchoenfeld;
  // Subjects are computed when accrual > 0 (then follow_up and
  // median_control are needed too).
  double accrual = 0, follow_up = 0, median_control = 0;  // months
  double dropout = 0;        // probability of dropping out by dropout_time, per arm
  double dropout_time = 12;  // months (rpact's default)
  void Validate() const;
};

// "2:1" -> 2, "1" -> 1; throws InvalidOption naming `allocation` otherwise.
double ParseAllocation(const std::string& text);

struct LogrankSize {
  double events = 0;
  int events_ceiling = 0;
  bool has_subjects = false;
  double p_event = 0;  // allocation-weighted probability of an event
  double p_event_control = 0, p_event_experimental = 0;
  double n_total = 0, n_experimental = 0, n_control = 0;  // unrounded, as rpact
  double hazard_control = 0, hazard_experimental = 0;
  nlohmann::json ToJson() const;
};

LogrankSize LogrankSampleSize(const LogrankOptions& options);

// Events of a fixed design: (z_{1-alpha/2} + z_{power})^2 x (1 + a)^2 / (a log(hr)^2)
// (Schoenfeld) or x (1 + a hr)^2 / (a (1 - hr)^2) (Freedman), a = allocation.
double FixedEvents(EventsFormula method, double hazard_ratio, double alpha_two_sided, double power,
                   double allocation);

// P(event observed) for one arm: hazard lambda, dropout hazard phi, uniform
// entry over [0, accrual], analysis at accrual + follow_up.
double EventProbability(double lambda, double phi, double accrual, double follow_up);

}  // namespace pioneer::design
