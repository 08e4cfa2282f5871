// Group screen (Kruskal-Wallis + pairwise Wilcoxon with BH) of candidate
// targets across SITC-like resistance classes on the real Limagne 2022
// cohort, against R (tests/reference/biomarkers_groups.R), and edge cases.
#include "pioneer/biomarkers/group_screen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "fixture_util.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

using testing::Close;
using testing::Fixture;

TEST(GroupScreen, LimagneTargetsByResistanceClassMatchR) {
  const ExpressionMatrix expr =
      ReadExpression(testing::SharedData(testing::kLimagneExpr), Scale::kLog2Tpm);
  const testing::FixtureTable classes = testing::ReadFixture(Fixture("limagne_sitc_classes.tsv"));
  std::vector<std::string> group;
  std::vector<std::size_t> column;
  for (const auto& row : classes.rows) {
    group.push_back(row[1]);
    column.push_back(static_cast<std::size_t>(
        std::find(expr.samples.begin(), expr.samples.end(), row[0]) - expr.samples.begin()));
    ASSERT_LT(column.back(), expr.n_samples()) << row[0];
  }
  const testing::FixtureTable fx = testing::ReadFixture(Fixture("groups_limagne_targets.tsv"));
  const GeneIndex index(expr.genes);
  std::vector<Feature> features;
  for (const auto& row : fx.rows) {
    const long g = index.Find(row[0]);
    ASSERT_GE(g, 0) << row[0];
    Feature f{row[0], {}};
    for (std::size_t c : column) f.values.push_back(expr.at(static_cast<std::size_t>(g), c));
    features.push_back(f);
  }
  const GroupScreen screen = ScreenGroups(features, group, {"responder", "primary", "acquired"});
  ASSERT_EQ(screen.rows.size(), fx.rows.size());
  std::map<std::string, std::size_t> col;
  for (std::size_t c = 0; c < fx.header.size(); ++c) col[fx.header[c]] = c;
  const std::vector<std::string> pair_names = {"responder_vs_primary", "responder_vs_acquired",
                                               "primary_vs_acquired"};
  std::size_t compared = 0;
  for (std::size_t i = 0; i < fx.rows.size(); ++i) {
    const auto& want = fx.rows[i];
    const GroupScreenRow& r = screen.rows[i];
    auto expect = [&](double actual, const std::string& name) {
      EXPECT_PRED2(Close, actual, std::stod(want[col.at(name)])) << r.feature << " " << name;
      ++compared;
    };
    EXPECT_EQ(r.n, std::stoul(want[col.at("n")]));
    for (std::size_t l = 0; l < screen.levels.size(); ++l) {
      EXPECT_EQ(r.n_level[l], std::stoul(want[col.at("n_" + screen.levels[l])]));
      expect(r.median_level[l], "median_" + screen.levels[l]);
    }
    expect(r.kruskal_h, "kruskal_h");
    expect(r.kruskal_df, "kruskal_df");
    expect(r.kruskal_p, "kruskal_p");
    expect(r.epsilon2, "epsilon2");
    expect(r.q_kruskal, "q_kruskal");
    for (std::size_t p = 0; p < pair_names.size(); ++p) {
      expect(r.pairs[p].auc, "auc_" + pair_names[p]);
      expect(r.pairs[p].median_difference, "median_diff_" + pair_names[p]);
      expect(r.pairs[p].wilcoxon_p, "p_" + pair_names[p]);
      expect(r.pairs[p].q, "q_" + pair_names[p]);
    }
  }
  EXPECT_EQ(compared, fx.rows.size() * (3 + 5 + 12));
}

TEST(GroupScreen, EdgeCases) {
  const std::vector<std::string> group = {"a", "a", "b", "b", "c", "", "a", "b"};
  const double nan = std::nan("");
  const std::vector<Feature> features = {
      {"separates", {1, 2, 10, 11, 20, 99, 3, 12}},
      {"constant", {5, 5, 5, 5, 5, 5, 5, 5}},
      {"no_c", {1, 2, 3, 4, nan, 6, 7, 8}},
  };
  const GroupScreen s = ScreenGroups(features, group, {"a", "b", "c"});
  ASSERT_EQ(s.pairs.size(), 3u);
  EXPECT_EQ(s.rows[0].n, 7u);                     // the missing group is left out
  EXPECT_DOUBLE_EQ(s.rows[0].pairs[0].auc, 0.0);  // every a below every b
  EXPECT_DOUBLE_EQ(s.rows[0].median_level[2], 20.0);
  EXPECT_TRUE(std::isnan(s.rows[1].kruskal_p));  // all equal: H = 0/0
  EXPECT_TRUE(std::isnan(s.rows[2].kruskal_p));  // level c has no value
  EXPECT_TRUE(std::isnan(s.rows[2].pairs[1].wilcoxon_p));
  EXPECT_FALSE(std::isnan(s.rows[2].pairs[0].wilcoxon_p));
  EXPECT_THROW(ScreenGroups(features, group, {"a"}), Error);
}

TEST(GroupScreen, CandidateTargets) {
  const std::vector<std::string>& t = CandidateTargetGenes();
  for (const char* g : {"KLRC1", "HLA-E", "NT5E", "ENTPD1", "BTN3A1", "TIGIT", "LAG3", "HAVCR2",
                        "CD274", "PDCD1LG2", "CTLA4"}) {
    EXPECT_NE(std::find(t.begin(), t.end(), g), t.end()) << g;
  }
}

}  // namespace
}  // namespace pioneer::biomarkers
