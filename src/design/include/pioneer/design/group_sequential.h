// File: pioneer/design/group_sequential.h
// Group-sequential efficacy boundaries by Lan-DeMets alpha spending, one
// sided, as rpact 3.3.4 getDesignGroupSequential(sided = 1, typeOfDesign =
// "asOF" | "asP" | "asHSD") and getDesignCharacteristics: boundaries and
// power by the recursive numerical integration of Armitage, McPherson &
// Rowe (1969), on the grid and Simpson weights of Jennison & Turnbull
// (2000, ch. 19). With a hazard ratio, the events of a log-rank trial
// (Schoenfeld) as rpact getSampleSizeSurvival(design, hazardRatio = hr).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/core/enum_names.h"

namespace pioneer::design {

enum class Spending { kOBrienFleming, kPocock, kHwangShihDeCani };
inline constexpr core::EnumSpelling<Spending> kSpendingNames[] = {
    {Spending::kOBrienFleming, "obf"},
    {Spending::kPocock, "pocock"},
    {Spending::kHwangShihDeCani, "hsd"}};

// "obf" | "pocock" | "hsd"; a UsageError naming the field `spending` otherwise.
Spending ParseSpending(const std::string& text);
std::string ToString(Spending s);

struct GsOptions {
  std::vector<double> looks;  // information rates, increasing, the last = 1
  Spending spending = Spending::kOBrienFleming;
  double gamma = -4;     // Hwang-Shih-DeCani parameter (rpact gammaA)
  double alpha = 0.025;  // one-sided
  double power = 0.8;
  double hazard_ratio = 0;  // > 0: events of a log-rank trial; 0: none
  double allocation = 1;    // experimental per control
  int grid = 32;            // Jennison-Turnbull grid size r (points ~ 12 r per look)
  void Validate() const;
};

// Cumulative alpha spent at information t in [0, 1].
double SpentAlpha(Spending s, double alpha, double gamma, double t);

struct GsLook {
  double information = 0;       // information rate
  double critical_z = 0;        // reject H0 at this look if Z >= critical_z
  double nominal_alpha = 0;     // one-sided P(Z >= critical_z), rpact stageLevels
  double alpha_spent = 0;       // cumulative, rpact alphaSpent
  double power_cumulative = 0;  // P(reject by this look | H1)
  double events = 0;            // with a hazard ratio
  double hr_boundary = 0;       // hazard ratio at the boundary (with a hazard ratio)
};

struct GsResult {
  GsOptions options;
  std::vector<GsLook> looks;
  double drift = 0;             // E[Z] at full information under H1
  double inflation_factor = 0;  // (drift / (z_alpha + z_beta))^2
  bool has_events = false;
  double fixed_events = 0, max_events = 0, expected_events_h1 = 0, expected_events_h0 = 0;
  nlohmann::json ToJson() const;
};

GsResult GroupSequential(const GsOptions& options);

// P(cross the efficacy boundary at look k and not before), k = 0..K-1, for
// a drift (E[Z] at full information).
std::vector<double> CrossingProbabilities(const std::vector<double>& looks,
                                          const std::vector<double>& critical_z, double drift,
                                          int grid);

}  // namespace pioneer::design
