#include "pioneer/store/study_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "study_fixture.h"

namespace pioneer::store {
namespace {

using testing::Describe;
using testing::MakeStudy;
using testing::TempDir;

ImportRecord Audit() { return {"2025-01-01T00:00:00Z", "test", {{"dm.csv", "00"}}, {}}; }

// The error message of `action`, failing the test if it does not throw
// pioneer::Error with `code`.
template <class F>
std::string ErrorOf(F action, ErrorCode code) {
  try {
    action();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

TEST(StudyStore, RoundTripOfEveryRecordKind) {
  TempDir dir;
  const study::Study study = MakeStudy();
  {
    StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
    store.Append(study, "fp1", Audit());
    EXPECT_EQ(Describe(store.Load()), Describe(study));
  }
  // And from the file, through a new connection.
  const StudyStore reopened = StudyStore::Open(dir / "s.sqlite", OpenMode::kExisting);
  EXPECT_EQ(Describe(reopened.Load()), Describe(study));
  EXPECT_EQ(reopened.KeyFingerprint(), "fp1");
  EXPECT_EQ(reopened.StudyName(), "PIONEER-01");
}

TEST(StudyStore, SecondImportAppendsInOrderAndMayReferToStoredRecords) {
  TempDir dir;
  const study::Study all = MakeStudy();
  study::Study first;
  first.name = all.name;
  first.arms = all.arms;
  first.subjects = all.subjects;
  study::Study second = all;  // everything else, referring to stored subjects
  second.arms.clear();
  second.subjects.clear();
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  store.Append(first, "fp", Audit());
  store.Append(second, "fp", Audit());
  EXPECT_EQ(Describe(store.Load()), Describe(all));
  ASSERT_EQ(store.Imports().size(), 2u);
}

TEST(StudyStore, CountsPerTableAndArm) {
  TempDir dir;
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  const study::Study study = MakeStudy();
  store.Append(study, "fp", Audit());
  const StudyCounts counts = store.Counts();
  ASSERT_EQ(counts.tables.size(), 11u);
  EXPECT_EQ(counts.tables[0].table, "arms");
  EXPECT_EQ(counts.Rows("subjects"), static_cast<std::int64_t>(study.subjects.size()));
  EXPECT_EQ(counts.Rows("measurements"), static_cast<std::int64_t>(study.measurements.size()));
  EXPECT_EQ(counts.Rows("animals"), static_cast<std::int64_t>(study.animals.size()));
  const std::vector<ArmCount> expected = {
      {"PDL1", "anti-PD-L1", 1}, {"PDL1_NKG2A", "anti-PD-L1 + anti-NKG2A", 1}, {"", "(no arm)", 1}};
  EXPECT_EQ(counts.arms, expected);
}

TEST(StudyStore, FailedAppendLeavesTheFileByteForByteUnchanged) {
  TempDir dir;
  const auto path = dir / "s.sqlite";
  const study::Study study = MakeStudy();
  StudyStore::Open(path, OpenMode::kCreate).Append(study, "fp", Audit());
  const std::string before = core::ReadFile(path);

  // Valid records first, then one that breaks a foreign key: all must go.
  study::Study bad;
  bad.subjects = {testing::SubjectOf("PID-1111111111111111", "S09", "PDL1")};
  bad.lesions = {{"PID-1111111111111111", "T01", study::LesionRole::kTarget, false, "LUNG"}};
  bad.measurements = {
      {"PID-1111111111111111", "T09", "BASELINE", 0, study::LesionStatus::kMeasured, 10.0}};
  {
    StudyStore store = StudyStore::Open(path, OpenMode::kExisting);
    const std::string message =
        ErrorOf([&] { store.Append(bad, "fp", Audit()); }, ErrorCode::kInvalidArgument);
    EXPECT_NE(message.find("FOREIGN KEY constraint failed"), std::string::npos) << message;
    EXPECT_EQ(Describe(store.Load()), Describe(study));
    EXPECT_EQ(store.Imports().size(), 1u);
  }
  EXPECT_EQ(core::ReadFile(path), before);
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
}

TEST(StudyStore, ForeignKeysAndKeysAreEnforced) {
  TempDir dir;
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  store.Append(MakeStudy(), "fp", Audit());
  study::Study unknown_arm;
  unknown_arm.subjects = {testing::SubjectOf("PID-2222222222222222", "S01", "PLACEBO")};
  EXPECT_NE(ErrorOf([&] { store.Append(unknown_arm, "fp", Audit()); }, ErrorCode::kInvalidArgument)
                .find("FOREIGN KEY"),
            std::string::npos);
  study::Study orphan_assay;
  orphan_assay.assay_results = {{"SMP-404", "TMB", 12.0, "mut/Mb"}};
  EXPECT_NE(ErrorOf([&] { store.Append(orphan_assay, "fp", Audit()); }, ErrorCode::kInvalidArgument)
                .find("FOREIGN KEY"),
            std::string::npos);
  study::Study duplicate;
  duplicate.subjects = {MakeStudy().subjects[0]};
  EXPECT_NE(ErrorOf([&] { store.Append(duplicate, "fp", Audit()); }, ErrorCode::kInvalidArgument)
                .find("UNIQUE constraint failed: subjects.id"),
            std::string::npos);
  EXPECT_EQ(Describe(store.Load()), Describe(MakeStudy()));
}

TEST(StudyStore, AnotherKeyFingerprintIsRefused) {
  TempDir dir;
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  EXPECT_EQ(store.KeyFingerprint(), "");
  store.Append(MakeStudy(), "aaaa", Audit());
  study::Study more;
  more.dispositions = {{MakeStudy().subjects[0].id, "COMPLETED", 500}};
  const std::string message =
      ErrorOf([&] { store.Append(more, "bbbb", Audit()); }, ErrorCode::kInvalidArgument);
  EXPECT_NE(message.find("fingerprint aaaa"), std::string::npos) << message;
  EXPECT_NE(message.find("fingerprint bbbb"), std::string::npos) << message;
  EXPECT_EQ(store.Load().dispositions.size(), MakeStudy().dispositions.size());
  EXPECT_EQ(store.KeyFingerprint(), "aaaa");
}

TEST(StudyStore, AnotherStudyIsRefused) {
  TempDir dir;
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  store.Append(MakeStudy(), "fp", Audit());
  study::Study other;
  other.name = "OTHER-02";
  EXPECT_NE(ErrorOf([&] { store.Append(other, "fp", Audit()); }, ErrorCode::kInvalidArgument)
                .find("'PIONEER-01'"),
            std::string::npos);
}

TEST(StudyStore, MissingStoreIsNotFoundAndNotCreated) {
  TempDir dir;
  const auto path = dir / "missing.sqlite";
  const std::string message =
      ErrorOf([&] { StudyStore::Open(path, OpenMode::kExisting); }, ErrorCode::kNotFound);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(path));
}

// Issue 14: `info --study empty.txt` turned an empty file into a 128 KB
// database. A file that is not an SQLite database is refused, unchanged.
TEST(StudyStore, NonSqliteFilesAreRefusedAndLeftUnchanged) {
  TempDir dir;
  for (const std::string& content : {std::string(), std::string("subject,arm\n1,A\n")}) {
    const auto path = dir / "empty.txt";
    core::WriteFileAtomically(path, content);
    for (OpenMode mode : {OpenMode::kExisting, OpenMode::kCreate}) {
      if (mode == OpenMode::kCreate && content.empty()) continue;  // a file being created
      const std::string message =
          ErrorOf([&] { StudyStore::Open(path, mode); }, ErrorCode::kInvalidArgument);
      EXPECT_NE(message.find("not a study store"), std::string::npos) << message;
      EXPECT_EQ(core::ReadFile(path), content);
      EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
    }
  }
}

// An SQLite file with nothing imported is not a study (a killed import used
// to leave one, which `info` showed as a valid empty study).
TEST(StudyStore, AnEmptySqliteDatabaseIsNotAStudy) {
  TempDir dir;
  const auto path = dir / "blank.sqlite";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t(x); DROP TABLE t;", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  const std::string before = core::ReadFile(path);
  const std::string message =
      ErrorOf([&] { StudyStore::Open(path, OpenMode::kExisting); }, ErrorCode::kInvalidArgument);
  EXPECT_NE(message.find("no pioneer study"), std::string::npos) << message;
  EXPECT_EQ(core::ReadFile(path), before);
}

TEST(StudyStore, AuditLogKeepsFileHashesAndCounts) {
  TempDir dir;
  core::WriteFileAtomically(dir / "abc.csv", "abc");
  const ImportRecord audit = MakeImportRecord({dir / "abc.csv"});
  ASSERT_EQ(audit.files.size(), 1u);
  EXPECT_EQ(audit.files[0].name, "abc.csv");  // no folders
  // FIPS 180-2 appendix B.1 test vector.
  EXPECT_EQ(audit.files[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(audit.time_utc.size(), 20u);
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  store.Append(MakeStudy(), "fp", audit);
  const auto imports = store.Imports();
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0].files, audit.files);
  EXPECT_EQ(imports[0].time_utc, audit.time_utc);
  ASSERT_EQ(imports[0].counts.size(), 11u);
  EXPECT_EQ(imports[0].counts[4].table, "measurements");
  EXPECT_EQ(imports[0].counts[4].rows, 9);
}

TEST(StudyStore, InfoJsonHasTheDocumentedShape) {
  TempDir dir;
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  store.Append(MakeStudy(), "fp", Audit());
  const nlohmann::json json = ToJson(store.Info());
  EXPECT_EQ(json["study"], "PIONEER-01");
  EXPECT_EQ(json["schema_version"], kSchemaVersion);
  EXPECT_EQ(json["counts"]["lesions"], 4);
  EXPECT_EQ(json["arms"][1]["arm"], "PDL1_NKG2A");
  EXPECT_EQ(json["arms"][1]["subjects"], 1);
  EXPECT_EQ(json["imports"][0]["files"][0]["name"], "dm.csv");
  EXPECT_EQ(json["imports"][0]["counts"]["subjects"], 3);
}

}  // namespace
}  // namespace pioneer::store
