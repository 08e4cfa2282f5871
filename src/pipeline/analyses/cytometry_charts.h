// File: src/pipeline/analyses/cytometry_charts.h (private to the pipeline)
// Vega-Lite specs of the "Blood immune phenotyping" section, built from the
// clustering result; no statistics here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/cytometry/cluster.h"

namespace pioneer::pipeline {

// Per sample: its response group ("" when not evaluable).
struct SampleGroups {
  std::vector<std::string> group;   // per ClusterResult::samples
  std::vector<std::string> levels;  // the two groups, reference first
};

// Median scaled marker per metacluster (rows labelled by `labels`).
nlohmann::json CytometryHeatmapSpec(const cytometry::ClusterResult& r,
                                    const std::vector<std::string>& labels);
// Metacluster frequency (% of the sample's events) box plots by group, one
// panel per metacluster.
nlohmann::json CytometryBoxSpec(const cytometry::ClusterResult& r,
                                const std::vector<std::string>& labels, const SampleGroups& groups);
// FlowSOM-style view of the map: nodes on their grid, size = events, colour =
// metacluster.
nlohmann::json CytometryMapSpec(const cytometry::ClusterResult& r,
                                const std::vector<std::string>& labels);

}  // namespace pioneer::pipeline
