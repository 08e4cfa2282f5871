// The virtual 2x2 factorial mouse study (isotype, A, B, A+B): syngeneic
// tumours randomised at ~100 mm3 grow by a Gompertz law in time form
// (Laird 1964), dV/dt = r0 exp(-b t) V, minus an antibody kill rate that
// ramps up over the first week (T-cell priming). A and B act independently
// and A+B more than additively (synergy). Calipers every 2-3 days; an animal
// above the humane endpoint is not measured again. docs/SIMULATION.md §8.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "pioneer/core/rng.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::sim {
namespace {

// Calibrated on the isotype arm of the EMT6 2x2 study of Mariathasan 2018
// (../shared/data/invivo): ~7-fold growth by day 14, ~13-fold by day 21.
constexpr double kInitialGrowthPerDay = 0.18;  // doubling ~3.9 days
constexpr double kGrowthDecayPerDay = 0.038;   // Gompertz deceleration
constexpr double kKillA = 0.07;                // per day, at full effect
constexpr double kKillB = 0.06;
constexpr double kSynergy = 1.4;        // combination kill = (A + B) x 1.4
constexpr double kOnsetStartDay = 2.0;  // kill ramps from day 2 to day 7
constexpr double kOnsetDays = 5.0;
constexpr double kCuredMm3 = 5.0;  // below this the tumour is gone (0 from then on)
constexpr double kCaliperCv = 0.10;
constexpr double kStepDays = 0.05;

struct MouseArm {
  const char* name;
  bool a;
  bool b;
};
constexpr std::array<MouseArm, 4> kArms = {
    {{"isotype", false, false}, {"A", true, false}, {"B", false, true}, {"A+B", true, true}}};

// Mon/Wed/Fri calipers: every 2 or 3 days.
std::vector<std::int32_t> MeasurementDays(int last_day) {
  std::vector<std::int32_t> days;
  constexpr std::array<int, 3> kGaps = {3, 2, 2};
  for (std::int32_t day = 0, i = 0; day <= last_day;
       day += kGaps[static_cast<std::size_t>(i++ % 3)]) {
    days.push_back(day);
  }
  return days;
}

double KillRate(const MouseArm& arm, double sensitivity_a, double sensitivity_b, double t) {
  const double ramp = std::clamp((t - kOnsetStartDay) / kOnsetDays, 0.0, 1.0);
  const double a = arm.a ? kKillA * sensitivity_a : 0.0;
  const double b = arm.b ? kKillB * sensitivity_b : 0.0;
  return ramp * (arm.a && arm.b ? kSynergy * (a + b) : a + b);
}

}  // namespace

study::Study SimulateMouseStudy(const MouseOptions& options) {
  options.Validate();
  study::Study study;
  study.name = options.study_id;
  core::Rng master(options.seed ^ 0x6d6f757365ULL);  // "mouse": a stream apart from the trial's
  const std::vector<std::int32_t> days = MeasurementDays(options.last_day);
  int animal = 0;
  for (const MouseArm& arm : kArms) {
    for (int m = 0; m < options.mice_per_arm; ++m) {
      core::Rng rng = master.Split();
      const std::string id = fmt::format("M{:03d}", ++animal);
      double volume = 100.0 * std::exp(0.15 * rng.Normal());  // randomised at ~100 mm3
      const double growth = kInitialGrowthPerDay * std::exp(0.15 * rng.Normal());
      const double sensitivity_a = std::exp(0.5 * rng.Normal());
      const double sensitivity_b = std::exp(0.5 * rng.Normal());
      double t = 0;
      for (const std::int32_t day : days) {
        while (t < day - 1e-9 && volume > 0) {  // Euler steps of the log-volume
          const double rate = growth * std::exp(-kGrowthDecayPerDay * t) -
                              KillRate(arm, sensitivity_a, sensitivity_b, t);
          volume *= std::exp(rate * kStepDays);
          if (volume < kCuredMm3) volume = 0;
          t += kStepDays;
        }
        const double noise = std::exp(kCaliperCv * rng.Normal());
        const double measured = std::round(volume * noise * 10.0) / 10.0;
        study.animals.push_back({options.study_id, arm.name, id, day, measured});
        if (measured > options.humane_endpoint_mm3) break;
      }
    }
  }
  return study;
}

}  // namespace pioneer::sim
