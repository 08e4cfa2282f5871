// Schema creation, versioning and refusal of files that are not (or not
// yet) pioneer stores; inspected with the plain SQLite API.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/store/study_store.h"
#include "study_fixture.h"

namespace pioneer::store {
namespace {

using testing::TempDir;

// Runs SQL on a raw connection; returns the first column of the first row.
std::string Raw(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
  std::string result;
  auto collect = [](void* out, int, char** values, char**) {
    auto* text = static_cast<std::string*>(out);
    if (text->empty() && values[0] != nullptr) *text = values[0];
    return 0;
  };
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), collect, &result, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
  return result;
}

TEST(Schema, NewStoreHasCurrentVersionWalAndEveryTable) {
  TempDir dir;
  const auto path = dir / "s.sqlite";
  EXPECT_EQ(StudyStore::Open(path, OpenMode::kCreate).SchemaVersion(), kSchemaVersion);
  EXPECT_EQ(Raw(path, "PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(Raw(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Raw(path, "PRAGMA application_id"), std::to_string(0x50494F4E));
  for (const char* table :
       {"meta", "arms", "subjects", "exposures", "lesions", "measurements", "responses",
        "adverse_events", "samples", "assay_results", "dispositions", "animals", "imports",
        "import_files", "import_counts"}) {
    EXPECT_EQ(Raw(path, fmt::format("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                    "AND name = '{}'",
                                    table)),
              "1")
        << table;
  }
  EXPECT_EQ(Raw(path, "PRAGMA foreign_key_check"), "");
}

TEST(Schema, ReopeningKeepsTheStoreAsItIs) {
  TempDir dir;
  const auto path = dir / "s.sqlite";
  StudyStore::Open(path, OpenMode::kCreate).Append(testing::MakeStudy(), "fp", {});
  const std::string before = core::ReadFile(path);
  EXPECT_EQ(StudyStore::Open(path, OpenMode::kExisting).SchemaVersion(), kSchemaVersion);
  EXPECT_EQ(StudyStore::Open(path, OpenMode::kCreate).Counts().Rows("subjects"), 3);
  EXPECT_EQ(core::ReadFile(path), before);
}

TEST(Schema, StoreFromANewerPioneerIsRefused) {
  TempDir dir;
  const auto path = dir / "s.sqlite";
  StudyStore::Open(path, OpenMode::kCreate);
  Raw(path, "PRAGMA user_version = 99");
  const std::string before = core::ReadFile(path);
  try {
    StudyStore::Open(path, OpenMode::kExisting);
    FAIL() << "opened a store of schema version 99";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
  EXPECT_EQ(core::ReadFile(path), before);
}

TEST(Schema, OtherSqliteDatabaseIsRefusedAndLeftAlone) {
  TempDir dir;
  const auto path = dir / "other.sqlite";
  Raw(path, "CREATE TABLE patients (name TEXT)");
  const std::string before = core::ReadFile(path);
  EXPECT_THROW(StudyStore::Open(path, OpenMode::kCreate), Error);
  EXPECT_EQ(core::ReadFile(path), before);
}

TEST(Schema, FileThatIsNotADatabaseIsRefusedAndLeftAlone) {
  TempDir dir;
  const auto path = dir / "dm.csv";
  const std::string text = "STUDYID,DOMAIN,USUBJID\nS1,DM,001\n";
  core::WriteFileAtomically(path, text);
  try {
    StudyStore::Open(path, OpenMode::kCreate);
    FAIL() << "opened a CSV file as a store";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(core::ReadFile(path), text);
}

}  // namespace
}  // namespace pioneer::store
