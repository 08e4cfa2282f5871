// Marginal rates of the virtual trial against the published ranges they are
// meant to reproduce (docs/SIMULATION.md §9). The cohort is seeded, so the
// numbers are fixed; the tolerances are nevertheless stated as for a random
// cohort of 3000 (about 1000 per arm): each is at least 3.5 standard errors
// wide, so a re-seeding would fail by chance with probability < 1e-3 per check.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cohort_summary.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::sim {
namespace {

using testing::KaplanMeierMedian;
using testing::SubjectSummary;
using testing::TimeToEvent;

const study::Study& Cohort() {
  static const study::Study cohort = SimulateTrial({.patients = 3000, .seed = 7});
  return cohort;
}

const std::map<std::string, SubjectSummary>& Summaries() {
  static const auto summaries = testing::Summarise(Cohort());
  return summaries;
}

template <typename Pred>
std::vector<const SubjectSummary*> Where(Pred pred) {
  std::vector<const SubjectSummary*> out;
  for (const auto& [id, s] : Summaries()) {
    if (pred(s)) out.push_back(&s);
  }
  return out;
}

double Percent(const std::vector<const SubjectSummary*>& group, bool SubjectSummary::*flag) {
  double n = 0;
  for (const auto* s : group) n += (s->*flag) ? 1 : 0;
  return 100.0 * n / static_cast<double>(group.size());
}

std::vector<const SubjectSummary*> Arm(const std::string& code) {
  return Where([&](const SubjectSummary& s) { return s.subject->arm == code; });
}

double MedianMonths(const std::vector<const SubjectSummary*>& group,
                    TimeToEvent SubjectSummary::*what) {
  std::vector<TimeToEvent> data;
  for (const auto* s : group) data.push_back(s->*what);
  return KaplanMeierMedian(data).value_or(1e9);
}

TEST(SimulatedRates, ResponseOnMonotherapyIsAboutTwentyPercent) {
  const double orr = Percent(Arm("PDL1"), &SubjectSummary::confirmed_response);
  std::printf("confirmed ORR mono %.1f %%\n", orr);
  // Target 20 %, +-5 points (SE ~1.3 points at n ~1000).
  EXPECT_NEAR(orr, 20.0, 5.0);
}

TEST(SimulatedRates, PdL1HighIsEnriched) {
  auto group = [](double low, double high) {
    return Where([=](const SubjectSummary& s) {
      return s.subject->arm == "PDL1" && s.subject->pdl1_tps_pct &&
             *s.subject->pdl1_tps_pct >= low && *s.subject->pdl1_tps_pct < high;
    });
  };
  const double negative = Percent(group(0, 1), &SubjectSummary::confirmed_response);
  const double mid = Percent(group(1, 50), &SubjectSummary::confirmed_response);
  const double high = Percent(group(50, 101), &SubjectSummary::confirmed_response);
  std::printf("ORR mono by TPS: <1 %.1f, 1-49 %.1f, >=50 %.1f\n", negative, mid, high);
  // KEYNOTE-042/MSK cohorts: ~35-45 % in TPS >= 50 %; >= 10 points over TPS < 1 %
  // (SE of the difference ~3.7 points at ~300 per group).
  EXPECT_GE(high, 30.0);
  EXPECT_LE(high, 50.0);
  EXPECT_GE(high - negative, 10.0);
  EXPECT_GT(mid, negative);
}

TEST(SimulatedRates, MedianPfsAndOsOnMonotherapyAreInThePublishedRange) {
  const double pfs = MedianMonths(Arm("PDL1"), &SubjectSummary::pfs);
  const double os = MedianMonths(Arm("PDL1"), &SubjectSummary::os);
  std::printf("median PFS mono %.2f months, OS %.2f months\n", pfs, os);
  // NSCLC anti-PD-(L)1 monotherapy: PFS 2-4 months, OS 12-20 months
  // (OAK, POPLAR, ATLANTIC; MSK NSCLC cohort of Chowell 2022: 2.9 / 14.8).
  EXPECT_GE(pfs, 2.0);
  EXPECT_LE(pfs, 5.0);
  EXPECT_GE(os, 10.0);
  EXPECT_LE(os, 20.0);
}

TEST(SimulatedRates, CombinationsDoBetterThanMonotherapy) {
  const double mono = Percent(Arm("PDL1"), &SubjectSummary::confirmed_response);
  const double pfs_mono = MedianMonths(Arm("PDL1"), &SubjectSummary::pfs);
  const double os_mono = MedianMonths(Arm("PDL1"), &SubjectSummary::os);
  const auto combos = Where([](const SubjectSummary& s) { return s.subject->arm != "PDL1"; });
  const double pooled = Percent(combos, &SubjectSummary::confirmed_response);
  std::printf("pooled combinations: ORR %.1f\n", pooled);
  // Designed: +0.4 / +0.5 on the log-odds, i.e. +5 to +7 points; pooled
  // difference SE ~1.6 points, so > 0 holds by ~3.5 SE.
  EXPECT_GT(pooled, mono);
  for (const std::string arm : {"PDL1_NKG2A", "PDL1_CD73"}) {
    const double orr = Percent(Arm(arm), &SubjectSummary::confirmed_response);
    const double pfs = MedianMonths(Arm(arm), &SubjectSummary::pfs);
    const double os = MedianMonths(Arm(arm), &SubjectSummary::os);
    std::printf("%s: ORR %.1f PFS %.2f OS %.2f\n", arm.c_str(), orr, pfs, os);
    // Each arm alone: no worse than mono beyond chance (-2 points ~ 1 SE below
    // a +5 point design difference is ~3.5 SE), and not implausibly better.
    EXPECT_GT(orr, mono - 2.0) << arm;
    EXPECT_LT(orr, mono + 15.0) << arm;
    // Medians sit on the 6-weekly scan grid (PFS) or move little (OS).
    EXPECT_GE(pfs, pfs_mono) << arm;
    EXPECT_GE(os, os_mono - 0.5) << arm;
  }
}

TEST(SimulatedRates, PseudoProgressionIsRare) {
  const auto all = Where([](const SubjectSummary&) { return true; });
  const double pseudo = Percent(all, &SubjectSummary::pseudo_progression);
  std::printf("pseudo-progression %.1f %%\n", pseudo);
  // 3-5 % in NSCLC on anti-PD-(L)1 (Fujimoto 2019; Kim 2019); SE 0.4 points.
  EXPECT_GE(pseudo, 2.0);
  EXPECT_LE(pseudo, 6.5);
}

TEST(SimulatedRates, SevereAdverseEventsAreInTheMonotherapyRange) {
  auto severe = [](const std::string& arm) {
    const auto group = Arm(arm);
    double n = 0;
    for (const auto* s : group) n += s->worst_grade >= 3 ? 1 : 0;
    return 100.0 * n / static_cast<double>(group.size());
  };
  const double mono = severe("PDL1");
  std::printf("grade>=3 AE: mono %.1f, NKG2A %.1f, CD73 %.1f\n", mono, severe("PDL1_NKG2A"),
              severe("PDL1_CD73"));
  // 15-20 % of patients on monotherapy (SE ~1.2 points), more on combinations.
  EXPECT_GE(mono, 12.0);
  EXPECT_LE(mono, 23.0);
  EXPECT_GT(severe("PDL1_NKG2A"), mono);
  EXPECT_GT(severe("PDL1_CD73"), mono);
}

TEST(SimulatedRates, BaselineDistributions) {
  std::vector<double> tmb, nlr, albumin;
  for (const auto& a : Cohort().assay_results) {
    if (a.analyte == "TMB") tmb.push_back(*a.value);
    if (a.analyte == "NLR") nlr.push_back(*a.value);
    if (a.analyte == "ALB") albumin.push_back(*a.value);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf("median TMB %.2f NLR %.2f ALB %.2f\n", median(tmb), median(nlr), median(albumin));
  EXPECT_NEAR(median(tmb), 7.0, 1.5);  // MSK NSCLC 6.9 mut/Mb
  EXPECT_NEAR(median(nlr), 4.5, 0.6);  // MSK NSCLC 4.8
  EXPECT_NEAR(median(albumin), 3.9, 0.15);
  const auto tps =
      Where([](const SubjectSummary& s) { return s.subject->pdl1_tps_pct.has_value(); });
  const auto share = [&](double low, double high) {
    double n = 0;
    for (const auto* s : tps)
      n += *s->subject->pdl1_tps_pct >= low && *s->subject->pdl1_tps_pct < high;
    return 100.0 * n / static_cast<double>(tps.size());
  };
  std::printf("TPS <1 %.1f 1-49 %.1f >=50 %.1f\n", share(0, 1), share(1, 50), share(50, 101));
  EXPECT_NEAR(share(0, 1), 30.0, 3.0);  // SE ~0.9 points
  EXPECT_NEAR(share(50, 101), 35.0, 3.0);
}

}  // namespace
}  // namespace pioneer::sim
