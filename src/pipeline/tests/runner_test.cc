#include "pioneer/pipeline/runner.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "hand_study.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/store/study_store.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pioneer_runner_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = store::StudyStore::Open(dir_ / "study.sqlite", store::OpenMode::kCreate);
    store.Append(testing::HandStudy(), "fingerprint", store::ImportRecord{});
  }
  void TearDown() override { fs::remove_all(dir_); }

  Plan WritePlan(const std::string& out) {
    const std::string text = "[study]\nstore = \"study.sqlite\"\n[output]\ndir = \"" + out +
                             "\"\n[[analysis]]\nkind = \"cohort_summary\"\n"
                             "[[analysis]]\nkind = \"swimmer\"\nmax_subjects = 3\n";
    core::WriteFileAtomically(dir_ / "plan.toml", text);
    return LoadPlan(dir_ / "plan.toml");
  }

  fs::path dir_;
};

TEST_F(RunnerTest, WritesReportTablesResultsAndManifest) {
  const RunResult r = RunPlan(WritePlan("out"));
  EXPECT_EQ(r.subjects, 5);
  EXPECT_EQ(r.study_name, "HAND-01");
  for (const char* f : {"report.html", "tables/cohort_summary.tsv", "tables/swimmer.tsv",
                        "results.json", "manifest.json"}) {
    EXPECT_TRUE(fs::exists(dir_ / "out" / f)) << f;
  }
  const std::string tsv = core::ReadFile(dir_ / "out/tables/cohort_summary.tsv");
  EXPECT_EQ(tsv.substr(0, tsv.find('\n')), "characteristic\tlevel\tA\tB\toverall");
  EXPECT_NE(tsv.find("Sex, n (%)\tFemale\t2 (66.7%)\t0 (0.0%)\t2 (40.0%)"), std::string::npos);
  const std::string html = core::ReadFile(dir_ / "out/report.html");
  EXPECT_NE(html.find("HAND-01: analysis report"), std::string::npos);
  EXPECT_NE(html.find("The chart shows 3 of 4 subjects"), std::string::npos);

  const auto manifest = nlohmann::json::parse(core::ReadFile(dir_ / "out/manifest.json"));
  EXPECT_EQ(manifest["plan"]["sha256"], Sha256Hex(core::ReadFile(dir_ / "plan.toml")));
  EXPECT_EQ(manifest["inputs"][0]["file"], "study.sqlite");
  EXPECT_EQ(manifest["inputs"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(manifest["analyses"][1]["options"]["max_subjects"], 3);
  for (const auto& out : manifest["outputs"]) {
    EXPECT_EQ(out["sha256"],
              Sha256Hex(core::ReadFile(dir_ / "out" / out["file"].get<std::string>())));
  }
  EXPECT_TRUE(manifest["run"].contains("time_utc"));
}

TEST_F(RunnerTest, SamePlanTwiceGivesIdenticalBytes) {
  const Plan plan = WritePlan("out1");
  RunPlan(plan, {.provenance = {}, .record_run_time = false, .varying_fields = {}});
  Plan second = plan;
  second.output_dir = dir_ / "out2";
  RunPlan(second, {.provenance = {}, .record_run_time = false, .varying_fields = {}});
  for (const char* f : {"report.html", "tables/cohort_summary.tsv", "tables/swimmer.tsv",
                        "results.json", "manifest.json"}) {
    EXPECT_EQ(core::ReadFile(dir_ / "out1" / f), core::ReadFile(dir_ / "out2" / f)) << f;
  }
}

TEST_F(RunnerTest, MissingStoreIsNotFoundAndWritesNothing) {
  Plan plan = WritePlan("out");
  plan.store = dir_ / "absent.sqlite";
  try {
    RunPlan(plan);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST(Sha256Hex, KnownVector) {
  // FIPS 180-2 example: SHA-256("abc").
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace pioneer::pipeline
