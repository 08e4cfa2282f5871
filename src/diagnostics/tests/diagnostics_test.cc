// ROC / DeLong / Youden against pROC 1.18 and maxstat / test performance
// against maxstat 0.7-25 and binom.test, on survival's lung data
// (tests/reference/diagnostics.R writes the fixture and its input).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "pioneer/diagnostics/columns.h"
#include "pioneer/diagnostics/cutpoint.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/io/delimited.h"

namespace pioneer::diagnostics {
namespace {

constexpr double kRelative = 1e-9;  // fixture values carry 15 significant digits
constexpr double kAbsolute = 1e-12;

const nlohmann::json& Fixture() {
  static const nlohmann::json f = [] {
    std::ifstream in(std::string(PIONEER_SOURCE_DIR) +
                     "/tests/fixtures/diagnostics/diagnostics.json");
    return nlohmann::json::parse(in);
  }();
  return f;
}

double Num(const nlohmann::json& j) {
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (s == "Inf") return std::numeric_limits<double>::infinity();
    if (s == "-Inf") return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (j.is_array()) return Num(j.at(0));
  return j.get<double>();
}

void ExpectNear(double actual, const nlohmann::json& expected, const char* what) {
  const double e = Num(expected);
  if (std::isinf(e)) {
    EXPECT_EQ(actual, e) << what;
    return;
  }
  EXPECT_NEAR(actual, e, std::max(kAbsolute, kRelative * std::abs(e))) << what;
}

const core::Table& Lung() {
  static const core::Table t = io::ReadDelimited(std::string(PIONEER_SOURCE_DIR) +
                                                 "/tests/fixtures/diagnostics/lung_dead1y.csv");
  return t;
}

TEST(Roc, MatchesProcOnLung) {
  for (const auto& [name, c] : Fixture().at("roc").items()) {
    SCOPED_TRACE(name);
    const std::string marker = c.at("marker");
    const NumericColumns d = ReadNumeric(Lung(), {"dead1y", marker}, {"dead1y"}, true);
    RocOptions options;
    options.direction = name.ends_with("_less") ? Direction::kLess : Direction::kAuto;
    const RocResult r = Roc(d[marker], AsOutcome(d["dead1y"]), options);
    EXPECT_EQ(r.n_cases, c.at("n_cases").get<std::size_t>());
    EXPECT_EQ(r.n_controls, c.at("n_controls").get<std::size_t>());
    EXPECT_EQ(DirectionName(r.direction), c.at("direction").get<std::string>());
    ExpectNear(r.auc, c.at("auc"), "auc");
    ExpectNear(r.auc_se * r.auc_se, c.at("auc_var"), "DeLong variance");
    ExpectNear(r.auc_lower, c.at("auc_lower"), "auc_lower");
    ExpectNear(r.auc_upper, c.at("auc_upper"), "auc_upper");
    // Among tied optima pROC lists them all; pioneer reports the first.
    ExpectNear(r.youden.threshold, c.at("youden_threshold"), "youden threshold");
    ExpectNear(r.youden.sensitivity, c.at("youden_sensitivity"), "youden sensitivity");
    ExpectNear(r.youden.specificity, c.at("youden_specificity"), "youden specificity");
  }
}

TEST(Roc, PairedDeLongMatchesRocTest) {
  const nlohmann::json& c = Fixture().at("paired");
  const NumericColumns d =
      ReadNumeric(Lung(), {"dead1y", "ph.karno", "meal.cal"}, {"dead1y"}, true);
  const std::vector<int> y = AsOutcome(d["dead1y"]);
  const RocResult a = Roc(d["ph.karno"], y);
  const RocResult b = Roc(d["meal.cal"], y);
  EXPECT_EQ(d.rows.size(), c.at("n").get<std::size_t>());
  ExpectNear(a.auc, c.at("auc1"), "auc1");
  ExpectNear(b.auc, c.at("auc2"), "auc2");
  const PairedTest t = PairedDeLongTest(a, b);
  ExpectNear(t.z, c.at("z"), "z");
  ExpectNear(t.p, c.at("p"), "p");
}

// Property: the sorting placements equal the O(n^2) definition, with many
// ties (values on a coarse grid) and both directions.
TEST(Roc, SortedPlacementsEqualPairwiseDefinition) {
  std::mt19937_64 rng(20261129);
  for (int trial = 0; trial < 50; ++trial) {
    std::uniform_int_distribution<int> size(1, 30), grid(0, trial % 2 == 0 ? 5 : 1000);
    std::vector<double> controls(static_cast<std::size_t>(size(rng))),
        cases(static_cast<std::size_t>(size(rng)));
    for (double& v : controls) v = grid(rng) * 0.5;
    for (double& v : cases) v = grid(rng) * 0.5 + 0.25 * (trial % 3);
    for (Direction dir : {Direction::kLess, Direction::kGreater}) {
      const Placements fast = DeLongPlacements(controls, cases, dir);
      const Placements slow = DeLongPlacementsNaive(controls, cases, dir);
      EXPECT_NEAR(fast.auc, slow.auc, 1e-12);
      for (std::size_t i = 0; i < cases.size(); ++i)
        EXPECT_NEAR(fast.cases[i], slow.cases[i], 1e-12);
      for (std::size_t j = 0; j < controls.size(); ++j)
        EXPECT_NEAR(fast.controls[j], slow.controls[j], 1e-12);
      if (cases.size() > 1 && controls.size() > 1) {
        EXPECT_NEAR(DeLongVariance(fast), DeLongVariance(slow), 1e-14);
      }
    }
  }
}

TEST(Roc, EdgeCases) {
  const std::vector<double> x = {1, 2, 3, 4};
  // Perfect separation: AUC 1, variance 0, CI [1, 1].
  const RocResult r = Roc(x, std::vector<int>{0, 0, 1, 1});
  EXPECT_EQ(r.auc, 1);
  EXPECT_EQ(r.auc_lower, 1);
  EXPECT_EQ(r.youden.threshold, 2.5);
  // All tied: AUC 1/2.
  EXPECT_EQ(Roc(std::vector<double>{5, 5, 5}, std::vector<int>{0, 1, 1}).auc, 0.5);
  EXPECT_THROW(Roc(x, std::vector<int>{1, 1, 1, 1}), Error);
  EXPECT_THROW(Roc(x, std::vector<int>{0, 1, 2, 1}), Error);
  EXPECT_THROW(Roc(std::vector<double>{1, NAN}, std::vector<int>{0, 1}), Error);
  EXPECT_THROW(ParseDirection("up"), UsageError);
}

stats::SurvivalData LungSurvival(const NumericColumns& d) {
  stats::SurvivalData s;
  s.time = d["time"];
  for (double v : d["status"]) s.event.push_back(v == 2 ? 1 : 0);
  return s;
}

TEST(Maxstat, MatchesMaxstatOnLung) {
  for (const auto& [name, c] : Fixture().at("maxstat").items()) {
    SCOPED_TRACE(name);
    const NumericColumns d = ReadNumeric(Lung(), {"time", "status", name}, {}, true);
    const MaxstatResult r = MaxstatLogRank(LungSurvival(d), d[name]);
    EXPECT_EQ(r.n, c.at("n").get<std::size_t>());
    ExpectNear(r.cutpoint, c.at("cutpoint"), "cutpoint");
    ExpectNear(r.statistic, c.at("statistic"), "statistic");
    ExpectNear(r.p, c.at("p"), "p");
    ASSERT_EQ(r.cuts.size(), c.at("cuts").size());
    for (std::size_t k = 0; k < r.cuts.size(); ++k) {
      ExpectNear(r.cuts[k], c.at("cuts")[k], "cut");
      ExpectNear(r.statistics[k], c.at("stats")[k], "statistic per cut");
    }
  }
}

TEST(Maxstat, PLausen92Bounds) {
  EXPECT_EQ(PLausen92(0.5, 0.1, 0.9), 1);
  EXPECT_GT(PLausen92(2, 0.1, 0.9), PLausen92(3, 0.1, 0.9));
  stats::SurvivalData s{{1, 2, 3}, {1, 1, 1}};
  EXPECT_THROW(MaxstatLogRank(s, std::vector<double>{1, 1, 1}), Error);  // no cut-point
}

TEST(Performance, MatchesBinomTestOnLung) {
  const nlohmann::json& c = Fixture().at("performance");
  const NumericColumns d = ReadNumeric(Lung(), {"dead1y", "wt.loss"}, {"dead1y"}, true);
  const TestPerformance t = Performance(d["wt.loss"], AsOutcome(d["dead1y"]), 10, Direction::kLess);
  EXPECT_EQ(t.true_positive, c.at("tp").get<std::int64_t>());
  EXPECT_EQ(t.false_positive, c.at("fp").get<std::int64_t>());
  EXPECT_EQ(t.true_negative, c.at("tn").get<std::int64_t>());
  EXPECT_EQ(t.false_negative, c.at("fn").get<std::int64_t>());
  auto check = [&](const Proportion& p, const char* name) {
    ExpectNear(p.estimate, c.at(name)[0], name);
    ExpectNear(p.lower, c.at(name)[1], name);
    ExpectNear(p.upper, c.at(name)[2], name);
  };
  check(t.sensitivity, "sensitivity");
  check(t.specificity, "specificity");
  check(t.ppv, "ppv");
  check(t.npv, "npv");
}

TEST(Columns, FilterAndBadCells) {
  core::Table t = io::ParseDelimited(
      "id,CancerType,PDL1_TPS(%),y\n1,NSCLC,50,1\n2,Melanoma,,0\n3,NSCLC,x,2\n", "t.csv");
  const core::Table nsclc = FilterRows(t, {"CancerType=NSCLC"});
  EXPECT_EQ(nsclc.rows(), 2u);
  EXPECT_EQ(nsclc.line(1), 4);
  try {
    ReadNumeric(nsclc, {"PDL1_TPS(%)", "y"}, {"y"}, true);
    FAIL() << "bad cells accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].line, 4);
    EXPECT_EQ(e.diagnostics()[0].column, 3);
    EXPECT_EQ(e.diagnostics()[1].column, 4);
  }
  // The one melanoma row lacks PD-L1: no usable row is an error (issue 14),
  // not an analysis of n = 0.
  EXPECT_THROW(ReadNumeric(FilterRows(t, {"CancerType=Melanoma"}), {"PDL1_TPS(%)"}, {}, true),
               InputError);
  EXPECT_EQ(
      ReadNumeric(io::ParseDelimited("id,v\n1,5\n2,NA\n", "u.csv"), {"v"}, {}, true).n_dropped, 1u);
  EXPECT_THROW(ReadNumeric(t, {"TMB"}, {}, true), InputError);
  EXPECT_THROW(FilterRows(t, {"CancerType"}), UsageError);
}

}  // namespace
}  // namespace pioneer::diagnostics
