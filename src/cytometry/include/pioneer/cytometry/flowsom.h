// File: pioneer/cytometry/flowsom.h
// FlowSOM-style clustering (Van Gassen et al. 2015, Cytometry A 87:636):
// an online self-organising map with FlowSOM's schedules, then consensus
// hierarchical metaclustering of the map's nodes (ConsensusClusterPlus,
// Wilkerson & Hayes 2010, as FlowSOM's metaClustering_consensus), and
// agreement measures against manual gates. Pure functions; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pioneer::cytometry {

// Events x markers, row-major.
struct Matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<double> values;
  const double* row(std::size_t r) const { return values.data() + r * cols; }
};

// kOnline: FlowSOM's SOM (sequential updates at random events; the
// default). kBatch: batch SOM (each epoch maps all events, then every code
// becomes the mean of the events won within its neighbourhood); its mapping
// runs on `threads` and its result does not depend on them.
enum class SomMode { kOnline, kBatch };

struct SomOptions {
  SomMode mode = SomMode::kOnline;
  int threads = 1;  // batch mode only
  std::size_t xdim = 10, ydim = 10;
  std::size_t rlen = 10;  // passes over the data: rlen * n updates (online) or rlen epochs (batch)
  double alpha_start = 0.05, alpha_end = 0.01;  // learning rate, linear in k
  // Neighbourhood radius, linear from start to end (Chebyshev grid
  // distance); start <= 0 means FlowSOM's default, the 0.67 quantile of all
  // grid distances; the radius never falls below 0.5 (FlowSOM som.c).
  double radius_start = 0, radius_end = 0;
  std::uint64_t seed = 1;
};

struct Som {
  SomMode mode = SomMode::kOnline;
  std::size_t xdim = 0, ydim = 0, markers = 0;
  std::vector<double> codes;  // nodes x markers, row-major; node = x + xdim * y
  // Online: updates done (fewer if FlowSOM's early stop fired); batch: epochs.
  std::size_t iterations = 0;
  double radius_start = 0;
  std::size_t nodes() const { return xdim * ydim; }
  // Grid position of a node (0-based): FlowSOM's expand.grid(1:xdim, 1:ydim).
  std::size_t x(std::size_t node) const { return node % xdim; }
  std::size_t y(std::size_t node) const { return node / xdim; }
};

// Trains the map. Throws Error kInvalidArgument for bad options or fewer
// events than nodes. Deterministic by seed; the online SOM is sequential,
// the batch SOM uses options.threads (same map for any thread count).
Som FitSom(const Matrix& data, const SomOptions& options);

// Nearest node (squared Euclidean, first on ties) of every event; threads
// split the events, results do not depend on the thread count.
std::vector<int> MapToNodes(const Som& som, const Matrix& data, int threads);

struct ConsensusOptions {
  std::size_t k = 10;
  int reps = 100;       // ConsensusClusterPlus reps
  double p_item = 0.9;  // fraction of nodes resampled per rep
  std::uint64_t seed = 1;
  int threads = 1;
};

// Average-linkage hierarchical clustering of `n` items with a condensed
// distance function, cut into k groups; groups numbered 1..k by first
// appearance (as R's cutree). Exposed for tests.
std::vector<int> AverageLinkageCut(const std::vector<double>& dist, std::size_t n, std::size_t k);

// Consensus metaclusters (1..k) of the rows of `points` (e.g. SOM codes):
// each rep clusters a p_item subsample by average linkage on Euclidean
// distance and cuts it into k; the consensus matrix (co-clustered / co-
// sampled) is clustered again by average linkage on 1 - consensus.
std::vector<int> ConsensusMetaclusters(const Matrix& points, const ConsensusOptions& options);

// Agreement of a clustering with reference labels (e.g. manual gates).
struct Agreement {
  // FlowCAP / FlowSOM paper F-measure: for each reference population, the
  // best F1 over clusters; mean weighted by population size.
  double weighted_f1 = 0;
  double adjusted_rand = 0;  // Hubert & Arabie 1985
  std::size_t events = 0;    // events compared
  std::vector<std::string> populations;
  std::vector<double> best_f1;    // per population
  std::vector<int> best_cluster;  // per population
};
// `ignore` reference label is left out (e.g. "Unlabeled").
Agreement CompareToReference(const std::vector<int>& clusters,
                             const std::vector<std::string>& reference, const std::string& ignore);

// Median of a vector (NaN when empty); reorders its argument.
double Median(std::vector<double>& v);

}  // namespace pioneer::cytometry
