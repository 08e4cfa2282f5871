#include "pioneer/core/table.h"

#include <gtest/gtest.h>

#include <cmath>

namespace pioneer::core {
namespace {

Table Sample() {
  Table t("demo.csv", {"id", "age", "visit"});
  t.AddRow({"P1", "64", "2021-03-04"}, 2);
  t.AddRow({"P2", "sixty", "2021-02-30"}, 3);
  t.AddRow({"P3", "NA", ""}, 4);
  return t;
}

TEST(ParseDouble, IsStrictAndBitExact) {
  EXPECT_EQ(ParseDouble("0.1"), 0.1);
  EXPECT_EQ(ParseDouble("+2.5e-3"), 2.5e-3);
  EXPECT_FALSE(ParseDouble("-Inf"));  // finite numbers only (issue 14)
  EXPECT_EQ(ParseDouble("1.7976931348623157e308"), 1.7976931348623157e308);
  EXPECT_FALSE(ParseDouble("1,5"));
  EXPECT_FALSE(ParseDouble("12abc"));
  EXPECT_FALSE(ParseDouble(" 1"));
  EXPECT_FALSE(ParseDouble("nan"));
}

TEST(ParseInt, AcceptsIntegralDecimals) {
  EXPECT_EQ(ParseInt("42"), 42);
  EXPECT_EQ(ParseInt("3.0"), 3);
  EXPECT_FALSE(ParseInt("3.5"));
}

TEST(IsMissing, RecognisesEmptyNaAndSasDot) {
  EXPECT_TRUE(IsMissing(""));
  EXPECT_TRUE(IsMissing("NA"));
  EXPECT_TRUE(IsMissing("."));
  EXPECT_FALSE(IsMissing("0"));
}

TEST(CellReader, CollectsEveryProblemWithItsLocation) {
  const Table t = Sample();
  DiagnosticCollector problems;
  CellReader reader(t, problems);
  EXPECT_EQ(reader.Number(0, 1), 64.0);
  EXPECT_FALSE(reader.Number(1, 1));
  EXPECT_FALSE(reader.Number(2, 1));  // missing is not a problem
  EXPECT_FALSE(reader.IsoDate(1, 2));
  ASSERT_EQ(problems.total(), 2);
  EXPECT_EQ(problems.diagnostics()[0].ToString(),
            "demo.csv:3:2: age: expected a number: \"sixty\"");
  EXPECT_EQ(problems.diagnostics()[1].ToString(),
            "demo.csv:3:3: visit: expected an ISO 8601 date (YYYY-MM-DD): \"2021-02-30\"");
  EXPECT_THROW(problems.ThrowIfAny(), InputError);
}

TEST(Table, RequireNamesTheMissingColumn) {
  const Table t = Sample();
  try {
    t.Require("sex");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "demo.csv:1: required column 'sex' is missing");
  }
}

TEST(DiagnosticCollector, KeepsTheFirstAndCountsTheRest) {
  DiagnosticCollector problems(2);
  for (int i = 0; i < 5; ++i) problems.Add("f.csv", i + 2, 1, "bad");
  EXPECT_EQ(problems.total(), 5);
  EXPECT_EQ(problems.diagnostics().size(), 2u);
  try {
    problems.ThrowIfAny();
  } catch (const InputError& e) {
    EXPECT_EQ(e.total_problems(), 5);
    EXPECT_NE(std::string(e.what()).find("... and 3 more problems"), std::string::npos);
    EXPECT_EQ(ExitCodeFor(e), 2);
  }
}

}  // namespace
}  // namespace pioneer::core
