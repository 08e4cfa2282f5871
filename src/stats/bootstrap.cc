// Bootstrap percentile and BCa intervals, as boot::boot.ci (boot 1.3):
// perc.ci, bca.ci and norm.inter; see bootstrap.h.
#include "pioneer/stats/bootstrap.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::stats {
namespace {

struct Endpoint {
  double value = 0;
  bool extreme = false;
};

// boot's norm.inter: the (R + 1) alpha-th order statistic, interpolated on
// the normal quantile scale between neighbours when (R + 1) alpha is not an
// integer; the extreme order statistic when it falls outside 1..R-1.
Endpoint NormInter(const std::vector<double>& sorted, double alpha) {
  const double r = static_cast<double>(sorted.size());
  const double rk = (r + 1) * alpha;
  Endpoint e;
  e.extreme = !(rk > 1 && rk < r);
  const double k = std::trunc(rk);
  if (k == rk) {
    e.value = sorted[static_cast<std::size_t>(std::clamp(k, 1.0, r)) - 1];
  } else if (k == 0) {
    e.value = sorted.front();
  } else if (k >= r) {
    e.value = sorted.back();
  } else {
    const double t1 = Qnorm(alpha);
    const double t2 = Qnorm(k / (r + 1));
    const double t3 = Qnorm((k + 1) / (r + 1));
    const double tk = sorted[static_cast<std::size_t>(k) - 1];
    const double tk1 = sorted[static_cast<std::size_t>(k)];
    e.value = tk + (t1 - t2) / (t3 - t2) * (tk1 - tk);
  }
  return e;
}

ConfidenceInterval Interval(const std::vector<double>& sorted, double a1, double a2, double level,
                            bool* extreme) {
  const Endpoint lo = NormInter(sorted, a1);
  const Endpoint hi = NormInter(sorted, a2);
  *extreme = *extreme || lo.extreme || hi.extreme;
  return {lo.value, hi.value, level};
}

double Acceleration(double estimate, const std::vector<double>& jackknife, JackknifeCentre centre) {
  // L_i = (n - 1)(centre - t_(-i)); the factor (n - 1) cancels in the ratio.
  const double mean = centre == JackknifeCentre::kEstimate
                          ? estimate
                          : std::accumulate(jackknife.begin(), jackknife.end(), 0.0) /
                                static_cast<double>(jackknife.size());
  double s2 = 0;
  double s3 = 0;
  const double scale = static_cast<double>(jackknife.size()) - 1;
  for (double t : jackknife) {
    const double l = scale * (mean - t);
    s2 += l * l;
    s3 += l * l * l;
  }
  return s3 / (6 * std::pow(s2, 1.5));
}

}  // namespace

BootstrapIntervals IntervalsFromReplicates(double estimate, const std::vector<double>& replicates,
                                           const std::vector<double>& jackknife, double confidence,
                                           JackknifeCentre centre) {
  CheckConfidenceLevel(confidence, "BootstrapOptions.confidence");
  BootstrapIntervals out;
  std::vector<double> sorted;
  for (double t : replicates) {
    if (std::isfinite(t)) sorted.push_back(t);
  }
  if (sorted.size() < 2) {
    throw Error(ErrorCode::kFailedPrecondition, "fewer than 2 finite bootstrap replicates");
  }
  std::sort(sorted.begin(), sorted.end());
  out.finite_replicates = sorted.size();
  const double a1 = (1 - confidence) / 2;
  const double a2 = (1 + confidence) / 2;
  out.percentile = Interval(sorted, a1, a2, confidence, &out.extreme_order_statistics);
  const double below = static_cast<double>(
      std::count_if(sorted.begin(), sorted.end(), [&](double t) { return t < estimate; }));
  out.z0 = Qnorm(below / static_cast<double>(sorted.size()));
  out.acceleration =
      jackknife.size() >= 2 ? Acceleration(estimate, jackknife, centre) : std::nan("");
  out.bca_available = std::isfinite(out.z0) && std::isfinite(out.acceleration);
  if (!out.bca_available) {
    out.bca = {std::nan(""), std::nan(""), confidence};
    return out;
  }
  auto adjust = [&](double alpha) {
    const double z = out.z0 + Qnorm(alpha);
    return Pnorm(out.z0 + z / (1 - out.acceleration * z));
  };
  out.bca = Interval(sorted, adjust(a1), adjust(a2), confidence, &out.extreme_order_statistics);
  return out;
}

BootstrapResult Bootstrap(std::size_t n, const IndexStatistic& statistic,
                          const BootstrapOptions& options) {
  if (options.replicates < 2) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format("BootstrapOptions.replicates = {} must be at least 2", options.replicates));
  }
  CheckConfidenceLevel(options.confidence, "BootstrapOptions.confidence");
  if (n < 2)
    throw Error(ErrorCode::kFailedPrecondition, "the bootstrap needs at least 2 observations");
  std::vector<std::size_t> indices(n);
  std::iota(indices.begin(), indices.end(), 0);
  BootstrapResult r;
  r.estimate = statistic(indices);
  r.replicates = options.replicates;
  r.seed = options.seed;
  core::Rng rng(options.seed);
  std::vector<double> values(static_cast<std::size_t>(options.replicates));
  for (double& v : values) {
    for (std::size_t& i : indices) i = static_cast<std::size_t>(rng.Below(n));
    v = statistic(indices);
  }
  std::vector<std::size_t> leave_one_out(n - 1);
  for (std::size_t omit = 0; omit < n; ++omit) {
    for (std::size_t i = 0, k = 0; i < n; ++i) {
      if (i != omit) leave_one_out[k++] = i;
    }
    r.jackknife_values.push_back(statistic(leave_one_out));
  }
  const double mean =
      std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  r.bias = mean - r.estimate;
  r.std_error = std::sqrt(ss / static_cast<double>(values.size() - 1));
  r.intervals = IntervalsFromReplicates(r.estimate, values, r.jackknife_values, options.confidence,
                                        options.centre);
  if (options.keep_replicates) r.replicate_values = std::move(values);
  return r;
}

BootstrapResult Bootstrap(const std::vector<double>& data,
                          const std::function<double(const std::vector<double>&)>& statistic,
                          const BootstrapOptions& options) {
  std::vector<double> sample;
  return Bootstrap(
      data.size(),
      [&](const std::vector<std::size_t>& indices) {
        sample.resize(indices.size());
        for (std::size_t i = 0; i < indices.size(); ++i) sample[i] = data[indices[i]];
        return statistic(sample);
      },
      options);
}

nlohmann::json BootstrapIntervals::ToJson() const {
  nlohmann::json j = {{"percentile", percentile.ToJson()},
                      {"bca_available", bca_available},
                      {"z0", JsonNumber(z0)},
                      {"acceleration", JsonNumber(acceleration)},
                      {"extreme_order_statistics", extreme_order_statistics},
                      {"finite_replicates", finite_replicates}};
  if (bca_available) j["bca"] = bca.ToJson();
  return j;
}

nlohmann::json BootstrapResult::ToJson() const {
  return {{"method", "nonparametric bootstrap"},
          {"estimate", estimate},
          {"bias", bias},
          {"std_error", std_error},
          {"replicates", replicates},
          {"seed", seed},
          {"intervals", intervals.ToJson()}};
}

}  // namespace pioneer::stats
