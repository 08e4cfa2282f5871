#include "pioneer/pipeline/demo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/pipeline/analysis.h"
#include "pioneer/pipeline/runner.h"

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
  for (const char* f :
       {"report.html", "tables/cohort_summary.tsv", "tables/swimmer.tsv", "results.json"}) {
    EXPECT_EQ(core::ReadFile(dir_ / "a" / f), core::ReadFile(dir_ / "b" / f)) << f;
  }
  // Re-running into the same folder starts afresh (no duplicate import).
  const DemoResult again = RunDemo({.out = dir_ / "a", .patients = 45, .seed = 7});
  EXPECT_EQ(again.run.subjects, 45);
  EXPECT_EQ(core::ReadFile(dir_ / "a/tables/swimmer.tsv"),
            core::ReadFile(dir_ / "b/tables/swimmer.tsv"));
}

TEST_F(DemoTest, AnotherSeedGivesAnotherCohort) {
  RunDemo({.out = dir_ / "a", .patients = 30, .seed = 1});
  RunDemo({.out = dir_ / "b", .patients = 30, .seed = 2});
  EXPECT_NE(core::ReadFile(dir_ / "a/tables/swimmer.tsv"),
            core::ReadFile(dir_ / "b/tables/swimmer.tsv"));
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

// Issue 14: `demo --out DIR` deleted DIR/data and replaced DIR/study.sqlite
// of a folder that was not a demo output. Now refused, nothing touched.
TEST_F(DemoTest, RefusesAFolderThatIsNotAnEarlierDemoOutput) {
  const fs::path out = dir_ / "out";
  core::WriteFileAtomically(out / "data" / "mine.csv", "precious");
  core::WriteFileAtomically(out / "study.sqlite", "not a demo store");
  try {
    RunDemo({.out = out, .patients = 5, .seed = 1});
    FAIL() << "a foreign folder was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    EXPECT_NE(std::string(e.what()).find("not the output of an earlier pioneer demo"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(core::ReadFile(out / "data" / "mine.csv"), "precious");
  EXPECT_EQ(core::ReadFile(out / "study.sqlite"), "not a demo store");
  EXPECT_EQ(std::distance(fs::directory_iterator(out.parent_path()), fs::directory_iterator()), 1);
}

// Over an earlier demo output the demo replaces what that demo made (no
// stale file of a bigger demo survives) and keeps what someone else added.
TEST_F(DemoTest, ReplacesOnlyWhatAnEarlierDemoMade) {
  const fs::path out = dir_ / "out";
  RunDemo({.out = out, .patients = 30, .seed = 2});
  std::vector<std::string> before;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_directory()) before.push_back(fs::relative(e.path(), out).generic_string());
  }
  core::WriteFileAtomically(out / "notes.txt", "mine");
  core::WriteFileAtomically(out / "data" / "extra.csv", "mine too");
  RunDemo({.out = out, .patients = 10, .seed = 2});
  const auto after = nlohmann::json::parse(core::ReadFile(out / "manifest.json"));
  EXPECT_EQ(core::ReadFile(out / "notes.txt"), "mine");
  EXPECT_EQ(core::ReadFile(out / "data" / "extra.csv"), "mine too");
  EXPECT_EQ(after["study"]["subjects"], 10);
  // The manifest lists the demo's own files by the hash of their names only
  // (per-sample file names are raw sample ids).
  const auto& made = after["provenance"]["demo"]["file_names_sha256"];
  for (const std::string& f : before) {
    const bool listed = std::find(made.begin(), made.end(), Sha256Hex(f)) != made.end();
    const bool output =
        f == "manifest.json" || std::any_of(after["outputs"].begin(), after["outputs"].end(),
                                            [&](const auto& o) { return o["file"] == f; });
    EXPECT_EQ(fs::exists(out / f), listed || output) << f;
  }
  // Nothing left beside the folder (staging, replaced copy).
  EXPECT_EQ(std::distance(fs::directory_iterator(out.parent_path()), fs::directory_iterator()), 1)
      << "in " << out.parent_path();
}

// Issue 14: the store hash changes with the import time, so the manifest
// says so; and the key stays owner-only.
TEST_F(DemoTest, ManifestNamesEveryVaryingFieldAndKeyIsOwnerOnly) {
  RunDemo({.out = dir_, .patients = 20, .seed = 4});
  const auto manifest = nlohmann::json::parse(core::ReadFile(dir_ / "manifest.json"));
  EXPECT_EQ(manifest["varying_fields"],
            nlohmann::json({"/run", "/inputs/0/sha256", "/inputs/0/imports/0/time_utc"}));
  EXPECT_EQ(fs::status(dir_ / "pseudonym.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(dir_ / "study.sqlite").permissions() & fs::perms::others_all,
            fs::perms::none);
}

// The result keys each kind declares (`pioneer schema`) are the keys of its
// entry in results.json.
TEST_F(DemoTest, ResultsHaveTheDeclaredKeys) {
  RunDemo({.out = dir_, .patients = 20, .seed = 5});
  const auto results = nlohmann::json::parse(core::ReadFile(dir_ / "results.json"));
  for (const auto& [name, result] : results.items()) {
    const AnalysisKind* kind = FindAnalysisKind(name);
    ASSERT_NE(kind, nullptr) << name;
    std::vector<std::string> keys;
    for (const auto& [key, value] : result.items()) keys.push_back(key);
    std::vector<std::string> declared = kind->result_keys;
    std::sort(declared.begin(), declared.end());
    EXPECT_EQ(keys, declared) << name;
  }
}

TEST(DemoOptions, RejectsBadPatientCounts) {
  EXPECT_THROW(DemoOptions({.out = "x", .patients = 0, .seed = 1}).Validate(), UsageError);
  EXPECT_THROW(DemoOptions({.out = "", .patients = 5, .seed = 1}).Validate(), UsageError);
}

}  // namespace
}  // namespace pioneer::pipeline
