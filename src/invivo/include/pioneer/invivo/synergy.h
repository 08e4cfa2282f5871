// File: pioneer/invivo/synergy.h
// Synergy of a 2x2 combination study (control, A, B, A+B), always stated
// with the window it refers to:
//  - at the landmark day, on change-based TGI (response E = TGI/100):
//    Bliss independence E_A + E_B - E_A E_B, highest single agent
//    max(E_A, E_B), response additivity E_A + E_B; estimate = observed -
//    expected (percentage points, > 0 = synergy); and the combination index
//    CI = (T/C)_AB / ((T/C)_A (T/C)_B) on mean volumes (< 1 = synergy,
//    Clarke 1997's ratio);
//  - over the whole follow-up, the same three on per-animal growth rates
//    (E = 1 - mean rate / mean control rate);
//  - interaction tests on the log scale, where Bliss independence of
//    exponential growth is additivity of rates (Demidenko & Miller 2019):
//    per-animal rates r_AB - r_A - r_B + r_C (pooled and Welch t), the
//    mixed-model day x arm contrast, and Demidenko & Miller's log relative
//    volume log(V_t / V_0) (through-origin per-animal slope; and per day,
//    the time-resolved contrast of mean log relative volume); estimate =
//    observed - expected rate (< 0 = synergy).
// Intervals of the response-scale rows are stratified bootstrap percentile
// intervals (animals resampled within arms), with p = 2 min(P*(<=0), P*(>=0)).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pioneer/invivo/efficacy.h"
#include "pioneer/invivo/growth_data.h"
#include "pioneer/invivo/mixed_model.h"

namespace pioneer::invivo {

struct CombinationDesign {
  std::string control, a, b, ab;
  // Parses 'AB=A,B' (the --combination flag); throws UsageError.
  static CombinationDesign Parse(const std::string& text, const std::string& control);
  void Check(const GrowthData& data) const;  // every arm present
};

struct SynergyRow {
  std::string method;
  std::string window;
  double expected = 0, observed = 0, estimate = 0, lower = 0, upper = 0, p = 1;
  std::string verdict;
};

struct SynergyOptions {
  double landmark_day = 0;
  int bootstrap_replicates = 2000;
  std::uint64_t seed = 20260101;
  double confidence = 0.95;
  std::size_t min_animals_per_day = 2;  // time-resolved rows need this many per arm
};

struct SynergyResult {
  std::vector<SynergyRow> rows;
  std::vector<std::string> notes;  // e.g. landmark and whole-follow-up verdicts disagree
};

SynergyResult AnalyseSynergy(const GrowthData& data, const CombinationDesign& design,
                             const std::vector<AnimalGrowth>& growth, const MixedModelResult* mixed,
                             const SynergyOptions& options);

}  // namespace pioneer::invivo
