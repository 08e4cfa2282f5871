// The tables and inputs every front end of the biomarkers commands shares
// (tables.h, screen_input.h): column names, number formatting, and errors
// that name the file, line, column and field, never a command-line flag.
#include "pioneer/biomarkers/tables.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "pioneer/biomarkers/screen_input.h"
#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

core::Table Subjects() {
  core::Table t("subjects.tsv", {"id", "resp", "age", "note", "arm"});
  t.AddRow({"S1", "1", "61", "a", "A B"}, 2);
  t.AddRow({"S2", "0", "NA", "b", "C"}, 3);
  t.AddRow({"S3", "NA", "70.5", "c", "A B"}, 4);
  return t;
}

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(BiomarkerTables, TopTableHasLimmaColumnsAndShortestNumbers) {
  DeResult r;
  r.rows = {{"CXCL9", 1.25, 7.5, 4.0, 1e-5, 0.1 + 0.2, kNaN}};
  const core::Table t = TopTable(r);
  EXPECT_EQ(t.names(), (std::vector<std::string>{"gene", "logFC", "AveExpr", "t", "P.Value",
                                                 "adj.P.Val", "B"}));
  EXPECT_EQ(t.cell(0, 0), "CXCL9");
  EXPECT_EQ(t.cell(0, 4), "1e-05");
  EXPECT_EQ(t.cell(0, 5), "0.30000000000000004");  // reads back to the same double
  EXPECT_EQ(t.cell(0, 6), "NA");
}

TEST(BiomarkerTables, ScoreTableEitherWay) {
  ScoreResult r;
  r.signatures = {"GEP", "CYT"};
  r.samples = {"a", "b", "c"};
  r.scores = {1, 2, 3, 4, 5, kNaN};
  const core::Table by_signature = ScoreTable(r, false);
  EXPECT_EQ(by_signature.names(), (std::vector<std::string>{"signature", "a", "b", "c"}));
  EXPECT_EQ(by_signature.cell(1, 2), "5");
  EXPECT_EQ(by_signature.cell(1, 3), "NA");
  const core::Table by_sample = ScoreTable(r, true);
  EXPECT_EQ(by_sample.names(), (std::vector<std::string>{"sample", "GEP", "CYT"}));
  ASSERT_EQ(by_sample.rows(), 3u);
  EXPECT_EQ(by_sample.cell(2, 0), "c");
  EXPECT_EQ(by_sample.cell(2, 1), "3");
  EXPECT_EQ(by_sample.cell(2, 2), "NA");
}

TEST(BiomarkerTables, TmbWritesMinusInfinityAsR) {
  const core::Table t = TmbTable({{"S1", 0, 0, -std::numeric_limits<double>::infinity(), 4, 1}});
  EXPECT_EQ(t.names()[3], "total_perMB_log");
  EXPECT_EQ(t.cell(0, 3), "-Inf");
  EXPECT_EQ(t.cell(0, 4), "4");
}

TEST(BiomarkerTables, GroupScreenColumnsNameLevelsAndPairs) {
  GroupScreen g;
  g.levels = {"no progression", "primary"};
  g.pairs = {{0, 1}};
  GroupScreenRow row;
  row.feature = "HLA-E";
  row.n = 5;
  row.n_level = {3, 2};
  row.median_level = {1.5, kNaN};
  row.pairs = {{0.75, 0.5, 0.2, 0.2}};
  g.rows = {row};
  const core::Table t = GroupScreenTable(g);
  EXPECT_EQ(t.names()[2], "n_no_progression");
  EXPECT_EQ(t.names()[5], "median_primary");
  EXPECT_EQ(t.names().back(), "q_no_progression_vs_primary");
  EXPECT_EQ(t.cols(), t.names().size());
  EXPECT_EQ(t.cell(0, 5), "NA");
  EXPECT_EQ(t.cell(0, 11), "0.75");
}

TEST(ScreenInput, NumericColumnsAndOutcomes) {
  const core::Table t = Subjects();
  EXPECT_EQ(NumericColumns(t, {"resp"}), (std::vector<std::string>{"age"}));
  const std::vector<double> age = NumericColumn(t, 2, "age");
  EXPECT_TRUE(std::isnan(age[1]));
  EXPECT_EQ(age[2], 70.5);
  const std::vector<double> resp = BinaryOutcome(t, 1, std::nullopt);
  EXPECT_EQ(resp[0], 1);
  EXPECT_EQ(resp[1], 0);
  EXPECT_TRUE(std::isnan(resp[2]));
  EXPECT_EQ(BinaryOutcome(t, 4, std::string("C")), (std::vector<double>{0, 1, 0}));
}

TEST(ScreenInput, BadCellsNameFileLineColumnAndNoFlag) {
  const core::Table t = Subjects();
  const std::string number = ErrorOf([&] { NumericColumn(t, 3, "note"); });
  EXPECT_NE(number.find("subjects.tsv:2:4"), std::string::npos) << number;
  const std::string outcome = ErrorOf([&] { BinaryOutcome(t, 3, std::nullopt); });
  EXPECT_NE(outcome.find("subjects.tsv:2:4"), std::string::npos) << outcome;
  EXPECT_EQ(outcome.find("--"), std::string::npos) << outcome;
  const std::string level = ErrorOf([&] { GroupOutcomeColumn(t, 4, {"A B", "D"}); });
  EXPECT_NE(level.find("levels: no subject has arm = D"), std::string::npos) << level;
  const std::string one = ErrorOf([&] { GroupOutcomeColumn(t, 4, {"C"}); });
  EXPECT_NE(one.find("group arm: needs at least 2 levels"), std::string::npos) << one;
  EXPECT_EQ(one.find("--"), std::string::npos) << one;
}

TEST(ScreenInput, GroupLevelsDefaultToSortedDistinctValues) {
  const GroupOutcome g = GroupOutcomeColumn(Subjects(), 4, {});
  EXPECT_EQ(g.levels, (std::vector<std::string>{"A B", "C"}));
  EXPECT_EQ(g.group, (std::vector<std::string>{"A B", "C", "A B"}));
}

TEST(ScreenInput, GeneFeaturesMatchSubjectsToSamples) {
  ExpressionMatrix m;
  m.genes = {"CD274", "PDCD1"};
  m.samples = {"S3", "S1"};
  m.values = {1, 2, 3, 4};
  const GeneFeatureSet set = GeneFeatures(m, "expr.tsv", Subjects(), {"PDCD1", "LAG3"});
  ASSERT_EQ(set.features.size(), 1u);
  EXPECT_EQ(set.features[0].values[0], 4);  // S1
  EXPECT_TRUE(std::isnan(set.features[0].values[1]));
  EXPECT_EQ(set.features[0].values[2], 3);  // S3
  EXPECT_EQ(set.absent, (std::vector<std::string>{"LAG3"}));
  EXPECT_EQ(set.unmatched_subjects, 1u);
  m.samples = {"X", "Y"};
  const std::string none = ErrorOf([&] { GeneFeatures(m, "expr.tsv", Subjects(), {"PDCD1"}); });
  EXPECT_NE(none.find("no subject id (first column) is a sample of expr.tsv"), std::string::npos);
}

}  // namespace
}  // namespace pioneer::biomarkers
