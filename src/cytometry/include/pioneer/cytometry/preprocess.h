// File: pioneer/cytometry/preprocess.h
// Pre-processing of events: compensation, arcsinh and logicle transforms,
// channel selection, seeded subsampling, gates and a margin-event filter.
// All functions are pure (no I/O) and work on FcsData in place or return
// new index sets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pioneer/cytometry/fcs.h"

namespace pioneer::cytometry {

// compensated = raw * inverse(spillover) on the spillover's channels
// (flowCore::compensate). Throws InputError naming a channel the file lacks,
// Error kFailedPrecondition for a singular matrix.
void Compensate(FcsData& data, const Spillover& spillover);

// Logicle scale (Parks, Roederer & Moore 2006; the operational code of
// Moore & Parks 2012, as flowCore's Logicle class). Scale() returns the
// flowCore logicleTransform value: the Moore-Parks scale times M, i.e. 0 at
// the bottom and M at T.
class Logicle {
 public:
  // flowCore::logicleTransform() defaults: w = 0.5, t = 262144, m = 4.5, a = 0.
  explicit Logicle(double t = 262144, double w = 0.5, double m = 4.5, double a = 0);
  double Scale(double value) const;
  double Inverse(double scaled) const;  // of Scale()

 private:
  double Biexponential(double x) const;  // value at the Moore-Parks scale x
  double Series(double x) const;
  double t_, w_param_, m_, a_param_;
  double a_, b_, c_, d_, f_, w_, x0_, x1_, x2_, x_taylor_;
  std::vector<double> taylor_;
};

enum class TransformKind { kNone, kArcsinh, kLogicle };

struct TransformSpec {
  TransformKind kind = TransformKind::kNone;
  double cofactor = 5;                         // arcsinh(x / cofactor)
  double t = 262144, w = 0.5, m = 4.5, a = 0;  // logicle
  std::string ToString() const;
};

// "none", "arcsinh" (cofactor 5), "arcsinh:C", "logicle" (flowCore
// defaults) or "logicle:T,W,M,A". Throws UsageError naming the text.
TransformSpec ParseTransform(const std::string& text);

// Applies the transform to the given parameter columns.
void ApplyTransform(FcsData& data, const TransformSpec& spec,
                    const std::vector<std::size_t>& columns);

// Fluorescence columns: the spillover's channels when the file has one,
// else every parameter whose name does not start with FSC, SSC or Time.
std::vector<std::size_t> FluorescenceColumns(const FcsData& data);

// Columns by $PnN or, failing that, $PnS. Throws InputError naming the file
// and the unknown marker, listing the available names.
std::vector<std::size_t> SelectColumns(const FcsData& data, const std::vector<std::string>& markers,
                                       const std::string& source);

// `count` event indices drawn without replacement, in file order (all
// events when count >= events). Same seed, same indices.
std::vector<std::size_t> Subsample(std::size_t events, std::size_t count, std::uint64_t seed);

// Gates keep events inside them; they return a mask over events.
struct RectangleGate {
  std::vector<std::size_t> columns;
  std::vector<double> min, max;  // inclusive bounds per column
};
struct PolygonGate {
  std::size_t x = 0, y = 0;
  std::vector<std::pair<double, double>> vertices;  // closed implicitly
};
struct ThresholdGate {
  std::size_t column = 0;
  double threshold = 0;
  bool above = true;  // keep value >= threshold (else value < threshold)
};
std::vector<bool> ApplyGate(const FcsData& data, const RectangleGate& gate);
std::vector<bool> ApplyGate(const FcsData& data, const PolygonGate& gate);
std::vector<bool> ApplyGate(const FcsData& data, const ThresholdGate& gate);

// Margin events: any of `columns` at or above its $PnR - 1 (saturated
// detector) or, for scatter, at or below 0. Returns the mask of kept events.
std::vector<bool> MarginFilter(const FcsData& data, const std::vector<std::size_t>& columns);

// Keeps the events where mask is true (values and count).
void KeepEvents(FcsData& data, const std::vector<bool>& mask);

}  // namespace pioneer::cytometry
