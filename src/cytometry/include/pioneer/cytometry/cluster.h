// File: pioneer/cytometry/cluster.h
// The `cytometry cluster` analysis: events of several samples prepared
// (compensation, transform, marker selection), one FlowSOM-style map fitted
// on all of them, metaclusters, and the per-sample outputs: labels,
// frequencies, medians, heatmap and the map (docs/cytometry.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/cytometry/fcs.h"
#include "pioneer/cytometry/flowsom.h"
#include "pioneer/cytometry/preprocess.h"

namespace pioneer::cytometry {

struct PrepareOptions {
  bool compensate = true;  // with the file's spillover, when it has one
  TransformSpec transform;
  std::vector<std::string> markers;  // $PnN or $PnS
};

// Compensates and transforms `data` in place and returns the marker columns.
// `source` names the file in errors.
Matrix PrepareEvents(FcsData& data, const PrepareOptions& options, const std::string& source);

struct ClusterOptions {
  SomOptions som;
  std::size_t metaclusters = 10;
  int consensus_reps = 100;
  double consensus_p_item = 0.9;
  bool scale = false;  // z-score markers over all events first (FlowSOM scale = TRUE)
  // Fit the map on a seeded subsample of this many events (0: all), then map
  // every event to it (as FlowSOM users do with AggregateFlowFrames).
  std::size_t train_events = 0;
  int threads = 1;
};

struct ClusterResult {
  std::vector<std::string> samples;  // file labels, in input order
  std::vector<std::size_t> events;   // per sample
  std::vector<std::string> markers;
  std::string transform;
  bool compensated = false;
  Som som;
  std::vector<int> node;              // per event (0-based), samples concatenated
  std::vector<int> node_metacluster;  // per node, 1..k
  std::size_t k = 0;
  std::vector<std::vector<std::size_t>> node_counts;  // [sample][node]
  std::vector<std::vector<std::size_t>> meta_counts;  // [sample][metacluster-1]
  // Median of each marker (transformed scale) per sample and metacluster:
  // [sample][metacluster-1][marker]; NaN when the sample has no such event.
  std::vector<std::vector<std::vector<double>>> medians;
  // Heatmap: median per metacluster of each marker scaled to [0, 1] by its
  // 1st and 99th percentiles over all events (as CATALYST's heatmaps).
  std::vector<std::vector<double>> heatmap;  // [metacluster-1][marker]
  std::vector<int> metacluster() const;      // per event, 1..k
};

// `data` holds all samples' events (rows) concatenated in `events` order.
ClusterResult RunClustering(Matrix data, const std::vector<std::string>& samples,
                            const std::vector<std::size_t>& events,
                            const std::vector<std::string>& markers, const ClusterOptions& options);

// Output files (docs/cytometry.md).
std::string LabelsTsv(const ClusterResult& r);              // file, event, cluster, metacluster
std::string FrequenciesTsv(const ClusterResult& r);         // file, metacluster, count, frequency
std::string ClusterFrequenciesTsv(const ClusterResult& r);  // file, cluster, count, frequency
std::string MediansTsv(const ClusterResult& r);             // file, metacluster, marker, median
nlohmann::json MapJson(const ClusterResult& r, const ClusterOptions& options);

}  // namespace pioneer::cytometry
