// File: pioneer/stats/rmst.h
// Restricted mean survival time up to tau, per group, as R's
// print(survfit(...), rmean = tau) computes it (survival:::survmean: area
// under the Kaplan-Meier curve, variance by the Greenwood-type formula), and
// the difference between two groups (second level minus first) with the
// normal approximation using the two independent standard errors.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/stats/survival_data.h"

namespace pioneer::stats {

struct RmstOptions {
  double tau = 0;  // required, > 0
  double conf_level = 0.95;
  void Validate() const;
};

struct RmstGroup {
  std::string group;
  double rmst = 0, se = 0;
};

struct RmstDifference {
  double estimate = 0, se = 0, lower = 0, upper = 0, p = 0;
};

struct RmstResult {
  double tau = 0, conf_level = 0.95;
  std::vector<RmstGroup> groups;
  bool has_difference = false;  // exactly two groups
  RmstDifference difference;
  nlohmann::json ToJson() const;
};

RmstResult Rmst(const SurvivalData& data, const RmstOptions& options);
RmstResult Rmst(const SurvivalData& data, const Factor& group, const RmstOptions& options);

}  // namespace pioneer::stats
