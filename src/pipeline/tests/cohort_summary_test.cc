#include "pioneer/pipeline/analyses/cohort_summary.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hand_study.h"

namespace pioneer::pipeline {
namespace {

// The row of a formatted Table 1 with this heading and level.
std::vector<std::string> Row(const std::vector<Table1Row>& rows, const std::string& heading,
                             const std::string& level) {
  for (const Table1Row& r : rows) {
    if (r.characteristic == heading && r.level == level) return r.cells;
  }
  ADD_FAILURE() << "no row " << heading << " / " << level;
  return {};
}

using Cells = std::vector<std::string>;

TEST(CohortSummary, ColumnsAreArmsInStudyOrderThenOverall) {
  const CohortSummary s = SummariseCohort(testing::HandStudy());
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].label, "Drug A");
  EXPECT_EQ(s.columns[0].subjects, 3);
  EXPECT_EQ(s.columns[1].subjects, 2);
  EXPECT_EQ(s.columns[2].label, "Overall");
  EXPECT_EQ(s.columns[2].subjects, 5);
}

// Ages A = {50, 60, 71}, B = {65, NA}, all = {50, 60, 65, 71}. Checked in R 4.2.2:
// quantile(c(50,60,71), c(.25,.5,.75)) = 55.0 60.0 65.5, sd = 10.50397;
// quantile(c(50,60,65,71), ...) = 57.5 62.5 66.5, sd = 8.888194.
TEST(CohortSummary, AgeMatchesRQuantileType7AndSd) {
  const CohortSummary s = SummariseCohort(testing::HandStudy());
  EXPECT_DOUBLE_EQ(s.age_years[0].q1, 55.0);
  EXPECT_DOUBLE_EQ(s.age_years[0].q3, 65.5);
  EXPECT_NEAR(s.age_years[0].sd, 10.50397, 1e-5);
  EXPECT_NEAR(s.age_years[2].sd, 8.888194, 1e-6);
  EXPECT_EQ(s.age_years[1].n, 1);
  EXPECT_EQ(s.age_years[1].missing, 1);
  const auto rows = FormatTable1(s);
  EXPECT_EQ(Row(rows, "Age, years", "Median [Q1, Q3]"),
            (Cells{"60.0 [55.0, 65.5]", "65.0 [65.0, 65.0]", "62.5 [57.5, 66.5]"}));
  EXPECT_EQ(Row(rows, "Age, years", "Mean (SD)"), (Cells{"60.3 (10.5)", "\u2014", "61.5 (8.9)"}));
  EXPECT_EQ(Row(rows, "Age, years", "Range"),
            (Cells{"50.0\u201371.0", "65.0\u201365.0", "50.0\u201371.0"}));
  EXPECT_EQ(Row(rows, "Age, years", "Missing"), (Cells{"0 (0.0%)", "1 (50.0%)", "1 (20.0%)"}));
}

TEST(CohortSummary, CategoriesCountWithPercentOfColumnAndMissing) {
  const auto rows = FormatTable1(SummariseCohort(testing::HandStudy()));
  EXPECT_EQ(Row(rows, "Sex, n (%)", "Female"), (Cells{"2 (66.7%)", "0 (0.0%)", "2 (40.0%)"}));
  EXPECT_EQ(Row(rows, "Sex, n (%)", "Male"), (Cells{"1 (33.3%)", "1 (50.0%)", "2 (40.0%)"}));
  EXPECT_EQ(Row(rows, "Sex, n (%)", "Missing"), (Cells{"0 (0.0%)", "1 (50.0%)", "1 (20.0%)"}));
  EXPECT_EQ(Row(rows, "ECOG performance status, n (%)", "0"),
            (Cells{"2 (66.7%)", "0 (0.0%)", "2 (40.0%)"}));
  EXPECT_EQ(Row(rows, "Histology, n (%)", "Adenocarcinoma"),
            (Cells{"2 (66.7%)", "1 (50.0%)", "3 (60.0%)"}));
  EXPECT_EQ(Row(rows, "Stage, n (%)", "IIIB"), (Cells{"1 (33.3%)", "0 (0.0%)", "1 (20.0%)"}));
  EXPECT_EQ(Row(rows, "Stage, n (%)", "IV"), (Cells{"2 (66.7%)", "2 (100.0%)", "4 (80.0%)"}));
  EXPECT_EQ(Row(rows, "Smoking status, n (%)", "Current"),
            (Cells{"1 (33.3%)", "0 (0.0%)", "1 (20.0%)"}));
  // TPS 0.5 -> <1%, 30 -> 1-49%, 80 and 50 -> >=50% (50 is in the high class).
  EXPECT_EQ(Row(rows, "PD-L1 TPS, n (%)", "<1%"), (Cells{"1 (33.3%)", "0 (0.0%)", "1 (20.0%)"}));
  EXPECT_EQ(Row(rows, "PD-L1 TPS, n (%)", "1\u201349%"),
            (Cells{"1 (33.3%)", "0 (0.0%)", "1 (20.0%)"}));
  EXPECT_EQ(Row(rows, "PD-L1 TPS, n (%)", "\u226550%"),
            (Cells{"1 (33.3%)", "1 (50.0%)", "2 (40.0%)"}));
  EXPECT_EQ(Row(rows, "PD-L1 TPS, n (%)", "Missing"),
            (Cells{"0 (0.0%)", "1 (50.0%)", "1 (20.0%)"}));
}

TEST(CohortSummary, LevelOrder) {
  const CohortSummary s = SummariseCohort(testing::HandStudy());
  // Histology by frequency; stage and ECOG by name; sex fixed.
  EXPECT_EQ(s.categorical[2].levels, (Cells{"adenocarcinoma", "squamous"}));
  EXPECT_EQ(s.categorical[3].levels, (Cells{"IIIB", "IV"}));
  EXPECT_EQ(s.categorical[1].levels, (Cells{"0", "1"}));
  EXPECT_EQ(s.categorical[0].levels, (Cells{"Female", "Male"}));
}

TEST(CohortSummary, TableHasNRowAndArmCodes) {
  const core::Table t = ToTable(SummariseCohort(testing::HandStudy()));
  EXPECT_EQ(t.names(), (Cells{"characteristic", "level", "A", "B", "overall"}));
  EXPECT_EQ(t.cell(0, 0), "N");
  EXPECT_EQ(t.cell(0, 4), "5");
  EXPECT_EQ(t.cell(1, 1), "Median [Q1, Q3]");
}

TEST(CohortSummary, JsonCarriesCountsAndNumbers) {
  const nlohmann::json j = ToJson(SummariseCohort(testing::HandStudy()));
  EXPECT_EQ(j["columns"][2]["arm"], nullptr);
  EXPECT_EQ(j["columns"][0]["categorical"]["Sex"]["counts"]["Female"], 2);
  EXPECT_EQ(j["columns"][1]["categorical"]["Sex"]["missing"], 1);
  EXPECT_DOUBLE_EQ(j["columns"][2]["age_years"]["median"].get<double>(), 62.5);
  EXPECT_FALSE(j["columns"][1]["age_years"].contains("sd"));
}

TEST(CohortSummary, EmptyStudyGivesAnOverallColumnOfZero) {
  const CohortSummary s = SummariseCohort(study::Study{});
  ASSERT_EQ(s.columns.size(), 1u);
  EXPECT_EQ(s.columns[0].subjects, 0);
  const auto rows = FormatTable1(s);
  EXPECT_EQ(Row(rows, "Age, years", "Median [Q1, Q3]"), (Cells{"\u2014"}));
  EXPECT_EQ(Row(rows, "Sex, n (%)", "Female"), (Cells{"\u2014"}));
}

TEST(CohortSummary, SubjectsOfAnUnlistedArmGetTheirOwnColumn) {
  study::Study s = testing::HandStudy();
  s.subjects[4].arm = "";
  const CohortSummary summary = SummariseCohort(s);
  ASSERT_EQ(summary.columns.size(), 4u);
  EXPECT_EQ(summary.columns[2].label, "No arm");
  EXPECT_EQ(summary.columns[2].subjects, 1);
  EXPECT_EQ(summary.columns[3].subjects, 5);
}

TEST(Pdl1Category, Boundaries) {
  EXPECT_EQ(Pdl1Category(0), "<1%");
  EXPECT_EQ(Pdl1Category(0.99), "<1%");
  EXPECT_EQ(Pdl1Category(1), "1\u201349%");
  EXPECT_EQ(Pdl1Category(49.9), "1\u201349%");
  EXPECT_EQ(Pdl1Category(50), "\u226550%");
  EXPECT_EQ(Pdl1Category(100), "\u226550%");
}

}  // namespace
}  // namespace pioneer::pipeline
