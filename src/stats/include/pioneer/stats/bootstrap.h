// File: pioneer/stats/bootstrap.h
// Nonparametric bootstrap with percentile and BCa intervals (Efron 1987,
// "Better bootstrap confidence intervals", JASA 82:171), computed as R's
// boot::boot.ci types "perc" and "bca" (endpoints by interpolation on the
// normal quantile scale, Davison & Hinkley 1997 eq. 5.8; acceleration from
// the jackknife, boot::empinf(type = "jack")). Resampling draws from
// core::Rng: same seed, same replicates, on every platform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "pioneer/stats/hypothesis.h"

namespace pioneer::stats {

// Centre of the jackknife influence values L_i in the acceleration
// a = sum L^3 / (6 (sum L^2)^1.5): boot's usual.jack uses the full-sample
// estimate, L_i = (n - 1)(t0 - t_(-i)) (Davison & Hinkley 1997, eq. 2.44);
// Efron (1987, eq. 6.6) the mean of the leave-one-out values. The two
// differ by O(1/n).
enum class JackknifeCentre { kEstimate, kJackknifeMean };

struct BootstrapOptions {
  int replicates = 2000;
  std::uint64_t seed = 1;
  double confidence = 0.95;
  bool keep_replicates = false;                         // copy the replicates into the result
  JackknifeCentre centre = JackknifeCentre::kEstimate;  // as boot::boot.ci
};

struct BootstrapIntervals {
  ConfidenceInterval percentile;
  ConfidenceInterval bca;
  bool bca_available = false;  // false when z0 or the acceleration is not finite (R stops)
  double z0 = 0;               // bias correction: qnorm(share of replicates < t0)
  double acceleration = 0;     // sum L^3 / (6 (sum L^2)^1.5), L the jackknife influence values
  // An endpoint needed an order statistic beyond the replicates (boot warns
  // "extreme order statistics used as endpoints"): use more replicates.
  bool extreme_order_statistics = false;
  std::size_t finite_replicates = 0;
  nlohmann::json ToJson() const;
};

struct BootstrapResult {
  double estimate = 0;   // t0, the statistic on the original sample
  double bias = 0;       // mean(replicates) - t0
  double std_error = 0;  // sd of the replicates
  int replicates = 0;
  std::uint64_t seed = 0;
  BootstrapIntervals intervals;
  std::vector<double> replicate_values;  // only with keep_replicates
  std::vector<double> jackknife_values;  // statistic with each observation left out
  nlohmann::json ToJson() const;
};

// A statistic of the resample given as indices into the caller's data
// (indices repeat in a bootstrap resample), so any data shape works.
using IndexStatistic = std::function<double(const std::vector<std::size_t>& indices)>;

// Bootstraps a statistic of n observations. Throws Error kInvalidArgument
// for replicates < 2 or a bad confidence, kFailedPrecondition for n < 2.
BootstrapResult Bootstrap(std::size_t n, const IndexStatistic& statistic,
                          const BootstrapOptions& options = {});

// Convenience for a statistic of one numeric sample.
BootstrapResult Bootstrap(const std::vector<double>& data,
                          const std::function<double(const std::vector<double>&)>& statistic,
                          const BootstrapOptions& options = {});

// The intervals from given replicates and jackknife values: lets the
// interval arithmetic be checked against boot.ci on the very same draws.
BootstrapIntervals IntervalsFromReplicates(double estimate, const std::vector<double>& replicates,
                                           const std::vector<double>& jackknife, double confidence,
                                           JackknifeCentre centre = JackknifeCentre::kEstimate);

}  // namespace pioneer::stats
