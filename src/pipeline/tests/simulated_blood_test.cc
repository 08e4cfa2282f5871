// The demo's simulated blood cytometry (sim/cytometry.h) through the
// cytometry module: the demo's FCS 3.1 files (WriteDemoCytometry) read
// back, compensated with their own spillover, arcsinh-transformed and
// clustered; the metaclusters recover the simulated populations.
#include <gtest/gtest.h>

#include <filesystem>

#include "../analyses/cytometry_files.h"
#include "pioneer/cytometry/cluster.h"
#include "pioneer/cytometry/fcs.h"
#include "pioneer/sim/cytometry.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::cytometry {
namespace {

// Observed on seed 3 (30 patients, the demo's 2,500 events each, 12
// metaclusters): adjusted Rand 0.976, weighted best-match F1 0.970 (the
// simulated populations are well separated); the floor leaves room for
// other streams.
constexpr double kMinAdjustedRand = 0.95;

TEST(SimulatedBlood, ClustersRecoverThePopulations) {
  sim::CohortOptions cohort;
  cohort.patients = 30;
  cohort.seed = 3;
  const study::Study study = sim::SimulateTrial(cohort);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "pioneer_simulated_blood_test";
  ASSERT_EQ(pipeline::WriteDemoCytometry(study, 3, dir), 30u);
  sim::CytometryOptions o;  // the demo's options: the same events, with their populations
  o.seed = 3;
  const auto samples = sim::SimulateBloodCytometry(study, o);
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
    FcsData back = ReadFcs(dir / (s.sample_id + ".fcs"));
    ASSERT_TRUE(back.spillover.has_value());
    const Matrix m = PrepareEvents(back, prep, s.sample_id);
    all.cols = m.cols;
    all.values.insert(all.values.end(), m.values.begin(), m.values.end());
    all.rows += m.rows;
    names.push_back(s.sample_id);
    events.push_back(m.rows);
    for (int p : s.population)
      truth.push_back(sim::BloodPanel().populations[static_cast<std::size_t>(p)]);
  }
  ClusterOptions co;
  co.metaclusters = 12;
  co.som.seed = 3;
  co.train_events = 20000;
  const ClusterResult r = RunClustering(all, names, events, prep.markers, co);
  const Agreement a = CompareToReference(r.metacluster(), truth, "");
  std::printf("simulated blood: %zu events, weighted best-match F1 %.3f, adjusted Rand %.3f\n",
              a.events, a.weighted_f1, a.adjusted_rand);
  for (std::size_t p = 0; p < a.populations.size(); ++p) {
    std::printf("  %-28s best F1 %.3f\n", a.populations[p].c_str(), a.best_f1[p]);
  }
  EXPECT_GE(a.adjusted_rand, kMinAdjustedRand);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pioneer::cytometry
