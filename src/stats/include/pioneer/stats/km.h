// File: pioneer/stats/km.h
// Kaplan-Meier estimator overall or by group, matching R's
// survival::survfit(Surv(time, event) ~ group) (survival 3.5): every
// distinct time (event or censoring) of each curve, Greenwood standard
// errors, confidence limits of survfit's conf.type, quantiles as
// quantile.survfit computes them and survival at chosen times as
// summary(fit, times = ...).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/core/enum_names.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::stats {

// survfit's conf.type: "log" (R's default), "log-log", "plain".
enum class ConfType { kLog, kLogLog, kPlain };
inline constexpr core::EnumSpelling<ConfType> kConfTypeNames[] = {
    {ConfType::kLog, "log"}, {ConfType::kLogLog, "log-log"}, {ConfType::kPlain, "plain"}};
std::string ConfTypeName(ConfType type);
// Parses "log", "log-log" or "plain"; a UsageError naming the field
// `conf_type` otherwise.
ConfType ParseConfType(const std::string& name);

struct KmOptions {
  ConfType conf_type = ConfType::kLog;
  double conf_level = 0.95;
  std::vector<double> quantiles = {0.25, 0.5, 0.75};
  std::vector<double> times;  // survival reported at these times
  bool timefix = true;        // merge times equal up to rounding (AeqSurv), as survfit
  void Validate() const;
};

struct KmQuantile {
  double p = 0, time = 0, lower = 0, upper = 0;  // NaN: not reached
};

struct KmAtTime {
  double time = 0, n_risk = 0, surv = 0, std_err = 0, lower = 0, upper = 0;
};

struct KmCurve {
  std::string group;  // "all" for the overall curve
  std::size_t n = 0;
  std::vector<double> time, n_risk, n_event, n_censor, surv;
  // std_err is the standard error of S(t) (summary.survfit's std.err);
  // std_err_cumhaz that of the cumulative hazard (survfit's fit$std.err).
  std::vector<double> std_err, std_err_cumhaz, lower, upper;
  double median = 0, median_lower = 0, median_upper = 0;
  std::vector<KmQuantile> quantiles;
  std::vector<KmAtTime> at_times;
};

struct KmResult {
  ConfType conf_type = ConfType::kLog;
  double conf_level = 0.95;
  std::vector<KmCurve> strata;
  nlohmann::json ToJson() const;
};

// One curve for all subjects.
KmResult KaplanMeier(const SurvivalData& data, const KmOptions& options = {});
// One curve per level of `group` with at least one subject (R drops empty
// levels, as strata() does).
KmResult KaplanMeier(const SurvivalData& data, const Factor& group, const KmOptions& options = {});

// The curve of the subjects in `rows` (internal building block, also used by
// RMST); `rows` need not be sorted.
KmCurve KaplanMeierCurve(const SurvivalData& data, const std::vector<std::size_t>& rows,
                         const std::string& label, const KmOptions& options);

}  // namespace pioneer::stats
