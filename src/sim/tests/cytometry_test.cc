// Simulated blood cytometry: one sample per baseline blood sample, the
// panel's shape, determinism on its own stream, and the response effect
// (more activated CD8 T cells, fewer HLA-DR-low monocytes in responders).
#include "pioneer/sim/cytometry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::sim {
namespace {

std::size_t PopulationIndex(const std::string& name) {
  const auto& p = BloodPanel().populations;
  return static_cast<std::size_t>(std::find(p.begin(), p.end(), name) - p.begin());
}

const study::Study& Trial() {
  static const study::Study study = [] {
    CohortOptions o;
    o.patients = 150;
    o.seed = 5;
    return SimulateTrial(o);
  }();
  return study;
}

TEST(BloodCytometry, PanelShape) {
  const CytometryPanel& panel = BloodPanel();
  ASSERT_EQ(panel.channels.size(), 16u);  // FSC, SSC and 14 markers
  EXPECT_EQ(panel.channels[0].name, "FSC-A");
  EXPECT_EQ(panel.spillover_channels.size(), 14u);
  ASSERT_EQ(panel.spillover.size(), 14u);
  for (std::size_t i = 0; i < 14; ++i) {
    EXPECT_EQ(panel.spillover[i][i], 1.0);
    for (double v : panel.spillover[i]) EXPECT_TRUE(v >= 0 && v <= 1);
  }
  EXPECT_EQ(panel.populations.size(), 12u);
  EXPECT_NEAR(
      std::accumulate(panel.fractions_responder.begin(), panel.fractions_responder.end(), 0.0), 1.0,
      1e-12);
  const std::size_t act = PopulationIndex("CD8 T activated");
  EXPECT_GT(panel.fractions_responder[act], 2 * panel.fractions_non_responder[act]);
}

TEST(BloodCytometry, OneSamplePerBaselineBloodSampleDeterministic) {
  const study::Study& study = Trial();
  CytometryOptions o;
  o.events_per_sample = 300;
  o.seed = 9;
  const auto a = SimulateBloodCytometry(study, o);
  std::size_t blood = 0;
  for (const study::Sample& s : study.samples)
    blood += s.kind == study::SampleKind::kBlood && s.timepoint == "BASELINE";
  ASSERT_EQ(a.size(), blood);
  ASSERT_GT(a.size(), 0u);
  for (const CytometrySample& s : a) {
    EXPECT_EQ(s.events, 300u);
    EXPECT_EQ(s.values.size(), 300u * BloodPanel().channels.size());
    EXPECT_EQ(s.population.size(), 300u);
    for (double v : s.values) ASSERT_TRUE(std::isfinite(v));
  }
  const auto b = SimulateBloodCytometry(study, o);
  EXPECT_EQ(a[0].values, b[0].values);
  EXPECT_EQ(a.back().values, b.back().values);
  o.seed = 10;
  EXPECT_NE(SimulateBloodCytometry(study, o)[0].values, a[0].values);
  o.events_per_sample = 0;
  EXPECT_THROW(SimulateBloodCytometry(study, o), UsageError);
}

TEST(BloodCytometry, RespondersHaveMoreActivatedCd8AndFewerHlaDrLowMonocytes) {
  CytometryOptions o;
  o.events_per_sample = 1000;
  const auto samples = SimulateBloodCytometry(Trial(), o);
  const std::size_t act = PopulationIndex("CD8 T activated"),
                    mdsc = PopulationIndex("Monocyte HLA-DRlo");
  double sum[2][2] = {{0, 0}, {0, 0}};
  int n[2] = {0, 0};
  for (const CytometrySample& s : samples) {
    const int g = s.responder ? 1 : 0;
    n[g] += 1;
    sum[g][0] += static_cast<double>(
                     std::count(s.population.begin(), s.population.end(), static_cast<int>(act))) /
                 1000.0;
    sum[g][1] += static_cast<double>(
                     std::count(s.population.begin(), s.population.end(), static_cast<int>(mdsc))) /
                 1000.0;
  }
  ASSERT_GT(n[0], 10);
  ASSERT_GT(n[1], 10);
  // Design ratios 2.2 and 0.5 (docs/SIMULATION.md section 11), with noise.
  EXPECT_GT(sum[1][0] / n[1], 1.6 * sum[0][0] / n[0]);
  EXPECT_LT(sum[1][1] / n[1], 0.7 * sum[0][1] / n[0]);
}

}  // namespace
}  // namespace pioneer::sim
