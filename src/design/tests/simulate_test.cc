// Simulated operating characteristics: exact agreement with the exact
// Simon probabilities within Monte Carlo error, identical results for any
// number of threads, and BOIN behaviour in limiting scenarios.
#include "pioneer/design/simulate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pioneer/design/option_error.h"
#include "pioneer/design/simon.h"

namespace pioneer::design {
namespace {

// A correct simulator fails a 5-SE check with probability < 1e-6 per check.
constexpr double kSes = 5;

TEST(SimulateSimon, AgreesWithExactProbabilities) {
  for (double truth : {0.1, 0.2, 0.3}) {
    SimonSimulationOptions o{1, 10, 5, 29, truth, {200000, 7, 2}};
    const SimonOc oc = SimulateSimon(o);
    EXPECT_NEAR(oc.early_stop.mean, oc.exact_early_stop, kSes * oc.early_stop.se) << truth;
    EXPECT_NEAR(oc.declare_activity.mean, oc.exact_declare_activity, kSes * oc.declare_activity.se)
        << truth;
    EXPECT_NEAR(oc.patients.mean, oc.exact_patients, kSes * oc.patients.se) << truth;
  }
  // The exact values are the design's: PET(0.1) and alpha of 1/10, 5/29.
  const SimonOc oc = SimulateSimon({1, 10, 5, 29, 0.1, {1000, 1, 1}});
  EXPECT_NEAR(oc.exact_early_stop, 0.7360989291, 1e-10);
  EXPECT_NEAR(oc.exact_patients, 15.0141203471, 1e-9);
}

TEST(SimulateSimon, SameResultForAnyThreadCount) {
  const auto run = [](int threads) {
    return SimulateSimon({2, 18, 7, 43, 0.2, {30001, 42, threads}}).ToJson().dump();
  };
  const std::string one = run(1);
  EXPECT_EQ(one, run(2));
  EXPECT_EQ(one, run(3));
  EXPECT_NE(one, SimulateSimon({2, 18, 7, 43, 0.2, {30001, 43, 1}}).ToJson().dump());
}

BoinSimulationOptions Boin(std::vector<double> truth, std::int64_t trials, int threads) {
  BoinSimulationOptions o;
  o.design.target = 0.3;
  o.design.ncohort = 10;
  o.design.cohortsize = 3;
  o.truth = std::move(truth);
  o.control = {trials, 6, threads};
  return o;
}

TEST(SimulateBoin, SameResultForAnyThreadCount) {
  const auto run = [](int threads) {
    return SimulateBoin(Boin({0.05, 0.15, 0.3, 0.45, 0.6}, 20001, threads)).ToJson().dump();
  };
  const std::string one = run(1);
  EXPECT_EQ(one, run(2));
  EXPECT_EQ(one, run(4));
}

TEST(SimulateBoin, BookkeepingAddsUp) {
  const BoinOc oc = SimulateBoin(Boin({0.05, 0.15, 0.3, 0.45, 0.6}, 20000, 2));
  double selected = oc.no_mtd.mean, patients = 0, dlts = 0;
  for (std::size_t d = 0; d < 5; ++d) {
    selected += oc.select[d].mean;
    patients += oc.patients[d].mean;
    dlts += oc.dlts[d].mean;
  }
  EXPECT_NEAR(selected, 1.0, 1e-12);
  EXPECT_NEAR(patients, oc.total_patients.mean, 1e-9);
  EXPECT_NEAR(dlts, oc.total_dlts.mean, 1e-9);
  EXPECT_NEAR(oc.dlt_rate.mean, dlts / patients, 1e-12);
  // The dose at the target is the most often selected one.
  for (std::size_t d : {0u, 1u, 3u, 4u}) EXPECT_GT(oc.select[2].mean, oc.select[d].mean);
}

TEST(SimulateBoin, LimitingScenarios) {
  // Every dose far too toxic: nearly every trial stops at dose 1.
  const BoinOc toxic = SimulateBoin(Boin({0.9, 0.95, 0.99}, 5000, 1));
  EXPECT_GT(toxic.early_stop.mean, 0.99);
  EXPECT_NEAR(toxic.no_mtd.mean, 1.0, 0.01);
  // Every dose safe: escalation to the top, which is selected.
  const BoinOc safe = SimulateBoin(Boin({0.0, 0.0, 0.0}, 5000, 1));
  EXPECT_DOUBLE_EQ(safe.select[2].mean, 1.0);
  EXPECT_DOUBLE_EQ(safe.patients[0].mean, 3.0);
  EXPECT_DOUBLE_EQ(safe.patients[2].mean, 24.0);
}

// ---- exact BOIN operating characteristics by enumerating every trial ----
// (4^8 cohort outcomes for 8 cohorts of 3), written as a recursion over the
// rules of get.oc independently of the simulator's loop.
struct Exact {
  std::vector<double> select, patients;
  double no_mtd = 0;
};

struct Enumerator {
  const BoinBoundaries& b;
  std::vector<double> truth;
  int ncohort, cohortsize;
  Exact out;

  void Leaf(const std::vector<int>& n, const std::vector<int>& y, double prob, bool stopped) {
    for (std::size_t d = 0; d < n.size(); ++d) out.patients[d] += prob * n[d];
    const int mtd = stopped ? 0 : BoinSelect({b.target, n, y, 0.95}).mtd;
    (mtd == 0 ? out.no_mtd : out.select[mtd - 1]) += prob;
  }

  void Cohort(std::vector<int> n, std::vector<int> y, std::vector<bool> elim, int d, int cohort,
              double prob) {
    const double p = truth[d];
    for (int t = 0; t <= cohortsize; ++t) {
      const double pt = std::tgamma(cohortsize + 1.0) /
                        (std::tgamma(t + 1.0) * std::tgamma(cohortsize - t + 1.0)) *
                        std::pow(p, t) * std::pow(1 - p, cohortsize - t);
      if (pt == 0) continue;
      std::vector<int> n2 = n, y2 = y;
      std::vector<bool> e2 = elim;
      n2[d] += cohortsize, y2[d] += t;
      if (cohort + 1 == ncohort) {
        Leaf(n2, y2, prob * pt, false);
        continue;
      }
      const BoinRow& row = b.table[n2[d] - 1];
      int next = d;
      if (row.elim > 0 && y2[d] >= row.elim) {
        for (std::size_t j = d; j < e2.size(); ++j) e2[j] = true;
        if (d == 0) {
          Leaf(n2, y2, prob * pt, true);
          continue;
        }
      }
      const int top = static_cast<int>(truth.size()) - 1;
      if (y2[d] <= row.b_e && d < top && !e2[d + 1]) next = d + 1;
      if (y2[d] >= row.b_d && d > 0 && !(y2[d] <= row.b_e && d < top)) next = d - 1;
      Cohort(n2, y2, e2, next, cohort + 1, prob * pt);
    }
  }
};

TEST(SimulateBoin, AgreesWithExactEnumeration) {
  BoinSimulationOptions o = Boin({0.1, 0.25, 0.4, 0.55}, 200000, 2);
  o.design.ncohort = 8;
  BoinOptions table = o.design;
  const BoinBoundaries b = BoinBoundary(table);
  Enumerator e{b, o.truth, 8, 3, {std::vector<double>(4), std::vector<double>(4), 0}};
  e.Cohort({0, 0, 0, 0}, {0, 0, 0, 0}, {false, false, false, false}, 0, 0, 1.0);
  const BoinOc oc = SimulateBoin(o);
  EXPECT_NEAR(oc.no_mtd.mean, e.out.no_mtd, kSes * oc.no_mtd.se + 1e-12);
  for (std::size_t d = 0; d < 4; ++d) {
    EXPECT_NEAR(oc.select[d].mean, e.out.select[d], kSes * oc.select[d].se) << d;
    EXPECT_NEAR(oc.patients[d].mean, e.out.patients[d], kSes * oc.patients[d].se) << d;
  }
}

TEST(SimulateBoin, ValidateNamesTheField) {
  BoinSimulationOptions o = Boin({0.1, 1.2}, 100, 1);
  try {
    SimulateBoin(o);
    FAIL();
  } catch (const InvalidOption& e) {
    EXPECT_EQ(e.field(), "truth");
  }
  o = Boin({0.1, 0.2}, 1, 1);
  EXPECT_THROW(SimulateBoin(o), InvalidOption);
}

}  // namespace
}  // namespace pioneer::design
