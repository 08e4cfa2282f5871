// FlowSOM's tree of the SOM: the minimum spanning tree against igraph's
// mst() (tests/reference/cytometry_tree.R), and the Kamada-Kawai drawing.
#include "pioneer/cytometry/tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

namespace pioneer::cytometry {
namespace {

Som FixtureSom(nlohmann::json& f) {
  std::ifstream in(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/cytometry/som_tree.json");
  f = nlohmann::json::parse(in);
  Som som;
  som.xdim = f.at("xdim").get<std::size_t>();
  som.ydim = f.at("ydim").get<std::size_t>();
  som.markers = f.at("markers").get<std::size_t>();
  som.codes = f.at("codes").get<std::vector<double>>();
  return som;
}

double Distance(const Som& som, std::size_t a, std::size_t b) {
  double s = 0;
  for (std::size_t m = 0; m < som.markers; ++m) {
    s += std::pow(som.codes[a * som.markers + m] - som.codes[b * som.markers + m], 2);
  }
  return std::sqrt(s);
}

TEST(SomTree, MinimumSpanningTreeIsIgraphs) {
  nlohmann::json f;
  const Som som = FixtureSom(f);
  auto edges = MinimumSpanningTree(som);
  std::sort(edges.begin(), edges.end());
  std::vector<std::pair<std::size_t, std::size_t>> expected;
  for (const auto& e : f.at("edges"))
    expected.emplace_back(e[0].get<std::size_t>(), e[1].get<std::size_t>());
  EXPECT_EQ(edges, expected);
  double length = 0;
  for (const auto& [a, b] : edges) length += Distance(som, a, b);
  EXPECT_NEAR(length, f.at("total_length").get<double>(), 1e-9);
}

// Stress of the drawing against the path lengths along the tree.
TEST(SomTree, DrawingFollowsTheTree) {
  nlohmann::json f;
  const Som som = FixtureSom(f);
  const SomTree t = BuildTree(som);
  ASSERT_EQ(t.x.size(), som.nodes());
  ASSERT_EQ(t.edges.size(), som.nodes() - 1);
  EXPECT_EQ(BuildTree(som).x, t.x);  // deterministic
  // Tree neighbours are drawn at about their code distance apart.
  double worst = 0;
  for (const auto& [a, b] : t.edges) {
    const double drawn = std::hypot(t.x[a] - t.x[b], t.y[a] - t.y[b]);
    worst = std::max(worst, std::abs(drawn - Distance(som, a, b)) / Distance(som, a, b));
  }
  EXPECT_LT(worst, 0.5);
  for (std::size_t i = 0; i < t.x.size(); ++i)
    EXPECT_TRUE(std::isfinite(t.x[i]) && std::isfinite(t.y[i]));
}

TEST(SomTree, OneNodeHasNoEdges) {
  Som som;
  som.xdim = som.ydim = 1;
  som.markers = 2;
  som.codes = {0.5, 0.5};
  const SomTree t = BuildTree(som);
  EXPECT_TRUE(t.edges.empty());
  EXPECT_EQ(t.x.size(), 1u);
}

}  // namespace
}  // namespace pioneer::cytometry
