// Survival inputs from a table: R's Surv() event codings, dropped rows with
// missing values, and bad values located as file:line:column.
#include "pioneer/stats/survival_table.h"

#include <gtest/gtest.h>

#include "pioneer/io/delimited.h"
#include "pioneer/stats/rmst.h"

namespace pioneer::stats {
namespace {

SurvivalTable Extract(const std::string& csv, SurvivalColumns columns = {}) {
  columns.time = "time";
  columns.event = "status";
  return ExtractSurvival(io::ParseDelimited(csv, "s.csv"), columns);
}

TEST(ExtractSurvival, ReadsTheThreeEventCodings) {
  EXPECT_EQ(Extract("time,status\n1,0\n2,1\n").data.event, (std::vector<int>{0, 1}));
  EXPECT_EQ(Extract("time,status\n1,1\n2,2\n").data.event, (std::vector<int>{0, 1}));
  EXPECT_EQ(Extract("time,status\n1,FALSE\n2,TRUE\n").data.event, (std::vector<int>{0, 1}));
}

TEST(ExtractSurvival, DropsAndCountsRowsWithMissingUsedValues) {
  SurvivalColumns c;
  c.group = "g";
  const SurvivalTable st = Extract("time,status,g,unused\n1,1,a,\nNA,0,b,x\n3,1,,x\n4,0,b,x\n", c);
  EXPECT_EQ(st.n_rows, 4u);
  EXPECT_EQ(st.n_dropped, 2u);
  EXPECT_EQ(st.data.time, (std::vector<double>{1, 4}));
  EXPECT_EQ(st.group.levels, (std::vector<std::string>{"a", "b"}));
}

TEST(ExtractSurvival, NamesEveryBadValueWithItsLocation) {
  try {
    Extract("time,status\n5,1\nabc,0\n7,3\n");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].ToString(), "s.csv:3:1: time: expected a number: \"abc\"");
    EXPECT_EQ(e.diagnostics()[1].ToString(),
              "s.csv:4:2: status: event must be 0/1, FALSE/TRUE or 1/2: \"3\"");
    EXPECT_EQ(ExitCodeFor(e), 2);
  }
}

TEST(ExtractSurvival, CategoricalCovariateWithChosenReference) {
  SurvivalColumns c;
  c.covariates = {"arm", "dose"};
  c.reference = {{"arm", "b"}};
  const SurvivalTable st = Extract("time,status,arm,dose\n1,1,a,1\n2,1,b,2\n3,0,c,3\n", c);
  ASSERT_EQ(st.covariates.size(), 2u);
  EXPECT_TRUE(st.covariates[0].categorical());
  EXPECT_EQ(st.covariates[0].reference, "b");
  EXPECT_FALSE(st.covariates[1].categorical());
}

TEST(Landmark, KeepsSubjectsAtRiskAndShiftsTime) {
  SurvivalData d{{1, 5, 8, 3}, {1, 0, 1, 1}};
  std::vector<std::size_t> kept;
  const SurvivalData l = Landmark(d, 3, &kept);
  EXPECT_EQ(kept, (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(l.time, (std::vector<double>{2, 5, 0}));
}

TEST(SurvivalOptions, RejectBadValuesNamingTheField) {
  RmstOptions r;
  r.tau = -1;
  EXPECT_THROW(r.Validate(), Error);
  CoxOptions c;
  c.max_iterations = 0;
  EXPECT_THROW(c.Validate(), Error);
  EXPECT_THROW(ParseTies("exact"), Error);
}

}  // namespace
}  // namespace pioneer::stats

namespace pioneer::stats {
namespace {

// Strict survival inputs (issue 14): what used to run on n = 0 or with a
// negative time is an InputError (exit 2) that says why.
std::string ExtractProblem(const std::string& csv) {
  try {
    Extract(csv);
  } catch (const InputError& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(ExtractSurvival, NegativeTimesAreRefusedWhereTheyAre) {
  EXPECT_EQ(ExtractProblem("time,status\n5,1\n-3,0\n"),
            "s.csv:3:1: time: a follow-up time cannot be negative: \"-3\"");
  EXPECT_EQ(Extract("time,status\n0,1\n").data.time, (std::vector<double>{0}));
}

TEST(ExtractSurvival, NoUsableRowIsAnError) {
  EXPECT_EQ(ExtractProblem("time,status\n"), "s.csv: no data rows: the file has a header only");
  EXPECT_EQ(ExtractProblem("time,status\nNA,1\n,0\n"),
            "s.csv: no usable rows: all 2 rows have a missing value in time or status");
}

TEST(ExtractSurvival, NonFiniteCovariateIsAnErrorNotALevel) {
  SurvivalColumns c;
  c.covariates = {"dose"};
  try {
    Extract("time,status,dose\n5,1,2\n6,0,nan\n", c);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "s.csv:3:3: dose: expected a finite number (Inf and NaN are not allowed): \"nan\"");
  }
  EXPECT_TRUE(Extract("time,status,dose\n5,1,low\n6,0,high\n", c).covariates[0].categorical());
}

TEST(ExtractSurvival, InfiniteTimesAreNotNumbers) {
  EXPECT_EQ(ExtractProblem("time,status\nInf,1\n"),
            "s.csv:2:1: time: expected a finite number (Inf and NaN are not allowed): \"Inf\"");
}

}  // namespace
}  // namespace pioneer::stats
