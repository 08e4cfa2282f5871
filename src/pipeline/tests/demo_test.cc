#include "pioneer/pipeline/demo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: CTest runs the tests of this file in parallel.
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("pioneer_demo_test_" + std::string(info->name()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Issue 2: the demo's tables (and report) are the same bytes for the same
// seed, whatever folder they are written to and however often.
TEST_F(DemoTest, SameSeedGivesIdenticalTablesAndReport) {
  const DemoResult a = RunDemo({.out = dir_ / "a", .patients = 45, .seed = 7});
  const DemoResult b = RunDemo({.out = dir_ / "b", .patients = 45, .seed = 7});
  EXPECT_EQ(a.run.subjects, 45);
  EXPECT_GT(a.data_files, 5u);
  for (const char* f : {"report.html", "tables/cohort_summary.tsv", "tables/swimmer.tsv",
                        "results.json"}) {
    EXPECT_EQ(core::ReadFile(dir_ / "a" / f), core::ReadFile(dir_ / "b" / f)) << f;
  }
  // Re-running into the same folder starts afresh (no duplicate import).
  const DemoResult again = RunDemo({.out = dir_ / "a", .patients = 45, .seed = 7});
  EXPECT_EQ(again.run.subjects, 45);
  EXPECT_EQ(core::ReadFile(dir_ / "a/tables/swimmer.tsv"), core::ReadFile(dir_ / "b/tables/swimmer.tsv"));
}

TEST_F(DemoTest, AnotherSeedGivesAnotherCohort) {
  RunDemo({.out = dir_ / "a", .patients = 30, .seed = 1});
  RunDemo({.out = dir_ / "b", .patients = 30, .seed = 2});
  EXPECT_NE(core::ReadFile(dir_ / "a/tables/swimmer.tsv"), core::ReadFile(dir_ / "b/tables/swimmer.tsv"));
}

TEST_F(DemoTest, WritesEveryPieceAndAManifestWithTheSeed) {
  const DemoResult r = RunDemo({.out = dir_, .patients = 20, .seed = 3});
  for (const char* f : {"data/dm.csv", "study.sqlite", "plan.toml", "pseudonym.key", "report.html",
                        "manifest.json"}) {
    EXPECT_TRUE(fs::exists(dir_ / f)) << f;
  }
  const auto manifest = nlohmann::json::parse(core::ReadFile(dir_ / "manifest.json"));
  EXPECT_EQ(manifest["provenance"]["demo"]["simulation"]["seed"], 3);
  EXPECT_EQ(manifest["study"]["subjects"], 20);
  EXPECT_EQ(r.run.report, dir_ / "report.html");
}

TEST(DemoOptions, RejectsBadPatientCounts) {
  EXPECT_THROW(DemoOptions({.out = "x", .patients = 0, .seed = 1}).Validate(), UsageError);
  EXPECT_THROW(DemoOptions({.out = "", .patients = 5, .seed = 1}).Validate(), UsageError);
}

}  // namespace
}  // namespace pioneer::pipeline
