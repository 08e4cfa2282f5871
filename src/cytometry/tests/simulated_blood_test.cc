// The demo's simulated blood cytometry (sim/cytometry.h) through this
// module: written and read back as FCS 3.1, compensated with its own
// spillover, arcsinh-transformed and clustered; the metaclusters recover
// the simulated populations.
#include <gtest/gtest.h>

#include "pioneer/cytometry/cluster.h"
#include "pioneer/cytometry/fcs.h"
#include "pioneer/sim/cytometry.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::cytometry {
namespace {

// Observed on seed 3 (30 patients, 1,500 events each, 12 metaclusters):
// adjusted Rand 0.998, weighted best-match F1 0.999 (the simulated
// populations are well separated); the floor leaves room for other streams.
constexpr double kMinAdjustedRand = 0.95;

FcsData ToFcs(const sim::CytometrySample& s) {
  const sim::CytometryPanel& panel = sim::BloodPanel();
  FcsData d;
  for (const sim::CytometryChannel& c : panel.channels) {
    FcsParameter& p = d.parameters.emplace_back();  // filled in place: GCC 12 warns on copying optional<string>
    p.name = c.name;
    if (!c.marker.empty()) p.description = c.marker;
    p.range = c.range;
    p.bits = 32;
  }
  d.events = s.events;
  d.values = s.values;
  d.spillover = Spillover{"$SPILLOVER", panel.spillover_channels, panel.spillover};
  return d;
}

TEST(SimulatedBlood, ClustersRecoverThePopulations) {
  sim::CohortOptions cohort;
  cohort.patients = 30;
  cohort.seed = 3;
  sim::CytometryOptions o;
  o.events_per_sample = 1500;
  o.seed = 3;
  const auto samples = sim::SimulateBloodCytometry(sim::SimulateTrial(cohort), o);
  ASSERT_EQ(samples.size(), 30u);
  PrepareOptions prep;
  prep.transform = ParseTransform("arcsinh:150");
  for (const sim::CytometryChannel& c : sim::BloodPanel().channels) {
    if (!c.marker.empty()) prep.markers.push_back(c.marker);
  }
  Matrix all;
  std::vector<std::string> names, truth;
  std::vector<std::size_t> events;
  for (const sim::CytometrySample& s : samples) {
    const std::string image = WriteFcs(ToFcs(s));
    FcsData back = ParseFcs({reinterpret_cast<const std::uint8_t*>(image.data()), image.size()}, s.sample_id);
    ASSERT_TRUE(back.spillover.has_value());
    const Matrix m = PrepareEvents(back, prep, s.sample_id);
    all.cols = m.cols;
    all.values.insert(all.values.end(), m.values.begin(), m.values.end());
    all.rows += m.rows;
    names.push_back(s.sample_id);
    events.push_back(m.rows);
    for (int p : s.population) truth.push_back(sim::BloodPanel().populations[static_cast<std::size_t>(p)]);
  }
  ClusterOptions co;
  co.metaclusters = 12;
  co.som.seed = 3;
  co.train_events = 20000;
  const ClusterResult r = RunClustering(all, names, events, prep.markers, co);
  const Agreement a = CompareToReference(r.metacluster(), truth, "");
  std::printf("simulated blood: %zu events, weighted best-match F1 %.3f, adjusted Rand %.3f\n", a.events,
              a.weighted_f1, a.adjusted_rand);
  for (std::size_t p = 0; p < a.populations.size(); ++p) {
    std::printf("  %-28s best F1 %.3f\n", a.populations[p].c_str(), a.best_f1[p]);
  }
  EXPECT_GE(a.adjusted_rand, kMinAdjustedRand);
}

}  // namespace
}  // namespace pioneer::cytometry
