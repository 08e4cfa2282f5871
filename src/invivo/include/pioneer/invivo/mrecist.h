// File: pioneer/invivo/mrecist.h
// Mouse mRECIST (Gao et al., Nat Med 2015; as Xeva's mRECIST implements it):
// baseline = first measurement; dV%_t = 100 (V_t - V_0) / V_0;
// best response BR = min dV% over days >= window start; best average
// response BAR = min over the same days of the running mean of dV% (mean of
// all measurements from baseline up to t, baseline included, one term per
// measurement). A curve with no measurement in the window uses all points.
//   mCR: BR < -95 and BAR < -40
//   mPR: BR < -50 and BAR < -20
//   mSD: BR < 35  and BAR < 30
//   mPD: otherwise.
#pragma once

#include <string>
#include <vector>

#include "pioneer/invivo/growth_data.h"

namespace pioneer::invivo {

enum class MRecistClass { kCR, kPR, kSD, kPD };
std::string ToString(MRecistClass c);  // "mCR", "mPR", "mSD", "mPD"

struct MRecistOptions {
  double window_start_day = 10;  // BR and BAR over days >= this
  double cr_best_response = -95, cr_best_average = -40;
  double pr_best_response = -50, pr_best_average = -20;
  double sd_best_response = 35, sd_best_average = 30;
  void Validate() const;  // thresholds ordered CR < PR < SD
};

struct MRecistResult {
  double best_response_pct = 0;
  double best_avg_response_pct = 0;
  MRecistClass response = MRecistClass::kPD;
  bool window_empty = false;  // no measurement in the window: all points used
};

// One curve given as days (increasing) and volumes (baseline first, > 0).
MRecistResult MRecist(const std::vector<double>& day, const std::vector<double>& volume,
                      const MRecistOptions& options = {});
MRecistClass ClassifyMRecist(double best_response_pct, double best_avg_response_pct,
                             const MRecistOptions& options = {});

struct CurveResponse {
  const Curve* curve = nullptr;
  MRecistResult result;
};

std::vector<CurveResponse> MRecistAll(const GrowthData& data, const MRecistOptions& options = {});

}  // namespace pioneer::invivo
