// File: pioneer/invivo/endpoint.h
// Time to endpoint of each animal: the first measurement day on which the
// tumour reaches a volume threshold (an absolute volume, or k x the
// animal's own baseline); animals that never reach it are censored at their
// last measurement, and a declared non-tumour death or euthanasia
// (censor reason) censors the animal at that day. Kaplan-Meier curves and
// the log-rank test across arms come from the stats module (R's survfit /
// survdiff).
#pragma once

#include <string>
#include <vector>

#include "pioneer/invivo/growth_data.h"
#include "pioneer/stats/km.h"
#include "pioneer/stats/logrank.h"

namespace pioneer::invivo {

struct EndpointOptions {
  double volume = 1000;    // mm3; used when fold_change is 0
  double fold_change = 0;  // > 0: endpoint = fold_change x baseline
  void Validate() const;
};

struct AnimalEndpoint {
  const Curve* curve = nullptr;
  double time = 0;
  int event = 0;  // 1 = reached the endpoint
};

struct EndpointResult {
  EndpointOptions options;
  std::vector<AnimalEndpoint> animals;
  stats::KmResult km;
  stats::LogRankResult logrank;  // empty groups when fewer than 2 arms
  bool has_logrank = false;
};

std::vector<AnimalEndpoint> TimeToEndpoint(const GrowthData& data, const EndpointOptions& options);
// Arms in `arms` order (control first when given).
EndpointResult AnalyseEndpoint(const GrowthData& data, const std::vector<std::string>& arms,
                               const EndpointOptions& options);

}  // namespace pioneer::invivo
