// Transforms and compensation against tests/fixtures/cytometry/transforms.json
// (tests/reference/cytometry_transforms.py: bisection on the biexponential,
// numpy compensation); gates, subsampling and selection on small inputs.
#include "pioneer/cytometry/preprocess.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"

namespace pioneer::cytometry {
namespace {

constexpr double kLogicleAbsTol = 1e-9;  // scale units (0..M); bisection vs Halley
constexpr double kArcsinhRelTol = 1e-14;
constexpr double kCompensationRelTol = 1e-10;  // Eigen LU vs numpy inverse
constexpr double kCompensationAbsFloor = 1e-6;

nlohmann::json Fixture() {
  return nlohmann::json::parse(core::ReadFile(std::string(PIONEER_SOURCE_DIR) +
                                              "/tests/fixtures/cytometry/transforms.json"));
}

TEST(Logicle, MatchesBisectionReference) {
  const nlohmann::json fx = Fixture();
  const auto inputs = fx["inputs"].get<std::vector<double>>();
  for (const auto& set : fx["logicle"]) {
    const Logicle lg(set["t"], set["w"], set["m"], set["a"]);
    const auto expected = set["values"].get<std::vector<double>>();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      EXPECT_NEAR(lg.Scale(inputs[i]), expected[i], kLogicleAbsTol)
          << "x=" << inputs[i] << " T=" << set["t"];
      EXPECT_NEAR(lg.Inverse(lg.Scale(inputs[i])), inputs[i],
                  1e-9 * std::max(1.0, std::abs(inputs[i])));
    }
  }
}

TEST(Logicle, FlowCoreDefaultsLandmarks) {
  const Logicle lg;
  EXPECT_NEAR(lg.Scale(0), 0.5, 1e-15);       // zero at W decades
  EXPECT_NEAR(lg.Scale(262144), 4.5, 1e-12);  // top of scale at M
  EXPECT_TRUE(std::isnan(lg.Scale(std::nan(""))));
  EXPECT_THROW(Logicle(262144, 3, 4.5, 0), UsageError);  // 2W > M
}

TEST(Arcsinh, MatchesReference) {
  const nlohmann::json fx = Fixture();
  const auto inputs = fx["inputs"].get<std::vector<double>>();
  for (const auto& set : fx["arcsinh"]) {
    FcsData d;
    d.parameters.resize(1);
    d.events = inputs.size();
    d.values = inputs;
    ApplyTransform(d, ParseTransform("arcsinh:" + std::to_string(set["cofactor"].get<double>())),
                   {0});
    const auto expected = set["values"].get<std::vector<double>>();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      EXPECT_NEAR(d.values[i], expected[i], kArcsinhRelTol * std::max(1.0, std::abs(expected[i])));
    }
  }
}

TEST(Compensation, MatchesNumpyOnTheFlowSomFile) {
  const nlohmann::json fx = Fixture();
  FcsData d = ReadFcs(std::string(PIONEER_SHARED_DATA) + "/cytometry/flowsom_68983.fcs");
  Compensate(d, *d.spillover);
  const auto rows = fx["compensation"]["compensated"];
  const std::size_t n = d.events;
  const std::vector<std::size_t> events = {0, 1, 2, n - 3, n - 2, n - 1};
  for (std::size_t r = 0; r < events.size(); ++r) {
    for (std::size_t j = 0; j < d.n_parameters(); ++j) {
      const double e = rows[r][j];
      EXPECT_NEAR(d.at(events[r], j), e,
                  std::max(kCompensationAbsFloor, kCompensationRelTol * std::abs(e)))
          << "event " << events[r] << " column " << j;
    }
  }
}

TEST(ParseTransform, AcceptsAndRejects) {
  EXPECT_EQ(ParseTransform("arcsinh:150").cofactor, 150);
  EXPECT_EQ(ParseTransform("arcsinh").cofactor, 5);
  EXPECT_EQ(ParseTransform("logicle").kind, TransformKind::kLogicle);
  EXPECT_EQ(ParseTransform("logicle:10000,1,4,1").t, 10000);
  EXPECT_EQ(ParseTransform("none").kind, TransformKind::kNone);
  EXPECT_THROW(ParseTransform("arcsinh:0"), UsageError);
  EXPECT_THROW(ParseTransform("arcsinh:x"), UsageError);
  EXPECT_THROW(ParseTransform("log"), UsageError);
  EXPECT_THROW(ParseTransform("logicle:1,2"), UsageError);
}

FcsData Grid() {
  FcsData d;
  d.parameters.resize(2);
  d.parameters[0].name = "FSC-A";
  d.parameters[0].range = 100;
  d.parameters[1].name = "CD3";
  d.parameters[1].description = "CD3 BV421";
  d.parameters[1].range = 100;
  for (int x = 0; x < 10; ++x) {
    for (int y = 0; y < 10; ++y) {
      d.values.push_back(x * 11);
      d.values.push_back(y * 11);
    }
  }
  d.events = 100;
  return d;
}

TEST(Gates, RectanglePolygonThresholdMargin) {
  const FcsData d = Grid();
  const auto rect = ApplyGate(d, RectangleGate{{0, 1}, {11, 11}, {33, 22}});
  EXPECT_EQ(std::count(rect.begin(), rect.end(), true), 3 * 2);
  // Triangle (0,0) (100,0) (0,100): points with x + y < 100.
  const auto tri = ApplyGate(d, PolygonGate{0, 1, {{-1, -1}, {100, -1}, {-1, 100}}});
  std::size_t expected = 0;
  for (int x = 0; x < 10; ++x) {
    for (int y = 0; y < 10; ++y) expected += (x * 11 + 1) + (y * 11 + 1) < 101 ? 1 : 0;
  }
  EXPECT_EQ(static_cast<std::size_t>(std::count(tri.begin(), tri.end(), true)), expected);
  const auto thr = ApplyGate(d, ThresholdGate{1, 50, true});
  EXPECT_EQ(std::count(thr.begin(), thr.end(), true), 50);
  const auto margin = MarginFilter(d, {0, 1});  // FSC 0 and both at 99 are margins
  EXPECT_EQ(std::count(margin.begin(), margin.end(), true), 8 * 9);
  FcsData kept = d;
  KeepEvents(kept, thr);
  EXPECT_EQ(kept.events, 50u);
  EXPECT_EQ(kept.at(0, 1), 55);
}

TEST(Selection, ByNameOrDescription) {
  const FcsData d = Grid();
  EXPECT_EQ(SelectColumns(d, {"CD3 BV421", "FSC-A"}, "x.fcs"), (std::vector<std::size_t>{1, 0}));
  try {
    SelectColumns(d, {"CD8"}, "x.fcs");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("CD8"), std::string::npos);
    EXPECT_EQ(e.diagnostics()[0].file, "x.fcs");
  }
  EXPECT_EQ(FluorescenceColumns(d), (std::vector<std::size_t>{1}));
}

TEST(Subsample, SeededSortedWithoutReplacement) {
  const auto a = Subsample(1000, 100, 7), b = Subsample(1000, 100, 7), c = Subsample(1000, 100, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a.size(), 100u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());
  EXPECT_EQ(Subsample(5, 10, 1).size(), 5u);
}

}  // namespace
}  // namespace pioneer::cytometry
