// File: pioneer/invivo/efficacy.h
// Descriptive growth statistics and efficacy metrics of an in-vivo study:
// mean +- SEM and median volume per arm and day, relative volume and body
// weight change; change-based TGI% and T/C% at a landmark day with
// stratified bootstrap CIs (animals resampled within each arm); per-animal
// exponential growth rates (OLS slope of log volume on day) compared with
// the control arm (Welch t, Holm); area under the log relative volume
// curve; complete and partial regressions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pioneer/invivo/growth_data.h"
#include "pioneer/stats/bootstrap.h"

namespace pioneer::invivo {

struct ArmDaySummary {
  std::string arm;
  double day = 0;
  std::size_t n = 0;
  double mean = 0, sem = 0, median = 0;        // volume, mm3
  double mean_relative = 0, sem_relative = 0;  // V_t / V_0
  double mean_weight_change_pct = 0;           // NaN without body weight
  std::size_t n_weight = 0;
};

struct DescriptiveOptions {
  // An arm's summary stops on the first day with fewer animals measured
  // (and at least this share of its animals).
  std::size_t min_animals = 3;
  double min_fraction = 0.5;
};

std::vector<ArmDaySummary> DescribeByArmDay(const GrowthData& data,
                                            const DescriptiveOptions& options = {});

// The last day on which every animal of `control` is measured (TGI's
// default landmark). Throws Error kFailedPrecondition when there is none.
double DefaultLandmarkDay(const GrowthData& data, const std::string& control);

struct TgiOptions {
  std::string control;
  double landmark_day = 0;
  int bootstrap_replicates = 2000;
  std::uint64_t seed = 20260101;
  double confidence = 0.95;
};

struct TgiResult {
  std::string arm;
  double day = 0;
  std::size_t n = 0, n_control = 0;  // animals measured at the landmark
  double mean_change = 0;            // mean of V_landmark - V_0 (mm3)
  double mean_volume = 0;
  // 100 (1 - mean dV_T / mean dV_C), each animal's own baseline.
  double tgi_pct = 0, tgi_lower = 0, tgi_upper = 0;
  // 100 mean V_T / mean V_C at the landmark.
  double tc_pct = 0, tc_lower = 0, tc_upper = 0;
};

// One row per treated arm (the control arm is omitted). Arms with fewer
// than 2 animals at the landmark get NaN intervals.
std::vector<TgiResult> GrowthInhibition(const GrowthData& data, const TgiOptions& options);

// The animals of `arms` (one group each) measured on `day`: V_0 and V_day.
struct LandmarkSample {
  std::vector<std::vector<double>> baseline, volume;  // [arm][animal]
};
LandmarkSample SampleAtDay(const GrowthData& data, const std::vector<std::string>& arms,
                           double day);

// Stratified bootstrap (resampling within each group) of a statistic of the
// groups' indices; intervals from stats::IntervalsFromReplicates with the
// leave-one-animal-out jackknife; the replicates are kept in the result.
// Deterministic for a seed.
using GroupStatistic = std::function<double(const std::vector<std::vector<std::size_t>>& index)>;
stats::BootstrapResult StratifiedBootstrap(const std::vector<std::size_t>& group_sizes,
                                           const GroupStatistic& statistic, int replicates,
                                           std::uint64_t seed, double confidence);

// Per-animal growth.
struct AnimalGrowth {
  const Curve* curve = nullptr;
  double rate = 0;  // OLS slope of log V on day (per day); NaN with < 2 days
  double intercept = 0;
  double auc_log_rel = 0;        // trapezoidal AUC of log(V_t / V_0) over its own follow-up
  double best_response_pct = 0;  // min over t > baseline of 100 (V_t - V_0) / V_0
  bool partial_regression = false;
  bool complete_regression = false;
};

struct RegressionOptions {
  // NCI definitions: partial regression = volume <= 50% of baseline on
  // `consecutive` successive measurements; complete = at or below the
  // detection limit (floor; 0 when none) on `consecutive` measurements.
  double partial_fraction = 0.5;
  int consecutive = 3;
};

std::vector<AnimalGrowth> AnimalGrowthAll(const GrowthData& data,
                                          const RegressionOptions& options = {});

struct ArmRates {
  std::string arm;
  std::size_t n = 0;
  double mean_rate = 0, sem = 0, median_rate = 0;
  double mean_auc = 0, sem_auc = 0;
  std::size_t partial_regressions = 0, complete_regressions = 0;
  // Welch t test of the rates against the control arm; Holm over arms.
  double diff_vs_control = 0, t = 0, df = 0, p = 1, p_holm = 1;
};

std::vector<ArmRates> CompareRates(const GrowthData& data, const std::vector<AnimalGrowth>& growth,
                                   const std::string& control);

double Mean(const std::vector<double>& v);
double Sem(const std::vector<double>& v);  // sd / sqrt(n); NaN for n < 2
double Median(std::vector<double> v);

}  // namespace pioneer::invivo
