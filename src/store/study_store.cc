#include "pioneer/store/study_store.h"

#include <fmt/format.h>

#include <fstream>

#include "audit.h"
#include "pioneer/core/crash_point.h"
#include "pioneer/core/error.h"
#include "records.h"
#include "schema.h"
#include "sqlite.h"

namespace fs = std::filesystem;

namespace pioneer::store {
namespace {

using internal::Database;
using internal::Statement;
using internal::Transaction;

constexpr std::string_view kKeyFingerprint = "key_fingerprint";
constexpr std::string_view kStudyName = "study_name";

std::string ReadMeta(const Database& db, std::string_view key) {
  Statement q(db, "SELECT value FROM meta WHERE key = ?1");
  q.Query(key);
  return q.Next() ? q.Text(0) : std::string();
}

void WriteMeta(const Database& db, std::string_view key, std::string_view value) {
  Statement insert(db, "INSERT INTO meta (key, value) VALUES (?1, ?2)");
  insert.Run(key, value);
}

// Foreign keys are off by default in SQLite and must be set per connection,
// outside a transaction. WAL lets `info` read while an import writes.
void Configure(const Database& db) {
  db.Execute("PRAGMA foreign_keys = ON");
  if (db.QueryInt("PRAGMA foreign_keys") != 1) {
    throw Error(ErrorCode::kInternal, "this SQLite build cannot enforce foreign keys");
  }
  internal::CheckCompatible(db);
  Statement wal(db, "PRAGMA journal_mode = WAL");
  if (!wal.Next() || wal.Text(0) != "wal") {
    throw Error(ErrorCode::kInternal, fmt::format("{}: cannot switch to WAL mode", db.name()));
  }
}

// Pseudonyms made with another key would silently never match the stored
// ones: the same patient would become two subjects.
void CheckKey(const Database& db, std::string_view fingerprint) {
  if (fingerprint.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "an import needs the pseudonymisation key fingerprint");
  }
  const std::string stored = ReadMeta(db, kKeyFingerprint);
  if (stored.empty()) {
    WriteMeta(db, kKeyFingerprint, fingerprint);
  } else if (stored != fingerprint) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: the study was pseudonymised with the key of fingerprint {}, "
                            "this import uses a key of fingerprint {}: import with the study's "
                            "key (--key FILE or PIONEER_KEY_FILE)",
                            db.name(), stored, fingerprint));
  }
}

void CheckStudyName(const Database& db, const std::string& name) {
  if (name.empty()) return;
  const std::string stored = ReadMeta(db, kStudyName);
  if (stored.empty()) {
    WriteMeta(db, kStudyName, name);
  } else if (stored != name) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: the store holds study '{}', the import is of study '{}': "
                            "use one store per study",
                            db.name(), stored, name));
  }
}

// The 16-byte magic that opens every SQLite 3 database file
// (https://www.sqlite.org/fileformat.html#the_database_header).
void CheckSqliteHeader(const fs::path& path, bool may_be_empty) {
  constexpr std::string_view kMagic("SQLite format 3\0", 16);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorCode::kNotFound, fmt::format("{}: cannot open study store", path.string()));
  }
  char head[16] = {};
  in.read(head, sizeof head);
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got == 0 && may_be_empty) return;
  if (got == 0) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: is an empty file, not a study store (make one with pioneer "
                            "import)",
                            path.string()));
  }
  if (std::string_view(head, got) != kMagic) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: is not a study store (not an SQLite database); it was left "
                            "unchanged",
                            path.string()));
  }
}

}  // namespace

std::int64_t StudyCounts::Rows(std::string_view table) const {
  for (const TableCount& t : tables) {
    if (t.table == table) return t.rows;
  }
  return 0;
}

StudyStore::StudyStore(fs::path path, std::unique_ptr<Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}
StudyStore::StudyStore(StudyStore&&) noexcept = default;
StudyStore& StudyStore::operator=(StudyStore&&) noexcept = default;
StudyStore::~StudyStore() = default;

StudyStore StudyStore::Open(const fs::path& path, OpenMode mode) {
  std::error_code error;
  const bool exists = fs::exists(path, error);
  if (mode == OpenMode::kExisting && !exists) {
    throw Error(ErrorCode::kNotFound, fmt::format("{}: no such study store", path.string()));
  }
  if (exists && fs::is_directory(path, error)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: is a directory, not a study store", path.string()));
  }
  // SQLite would take any empty file for a new database and write one into
  // it: only a file being created may be empty.
  if (exists) CheckSqliteHeader(path, /*may_be_empty=*/mode == OpenMode::kCreate);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == OpenMode::kCreate) flags |= SQLITE_OPEN_CREATE;
  auto db = std::make_unique<Database>(path, flags);
  // Read before Configure, which writes (WAL mode).
  if (mode == OpenMode::kExisting && db->QueryInt("PRAGMA user_version") == 0) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: an SQLite database with no pioneer study in it (nothing was "
                            "ever imported); it was left unchanged",
                            path.string()));
  }
  Configure(*db);
  internal::Migrate(*db);
  return StudyStore(path, std::move(db));
}

void StudyStore::Append(const study::Study& records, std::string_view key_fingerprint,
                        const ImportRecord& audit) {
  Transaction transaction(*db_, Transaction::Kind::kWrite);
  CheckKey(*db_, key_fingerprint);
  CheckStudyName(*db_, records.name);
  internal::WriteSubjectRecords(*db_, records);
  core::CrashPoint("import-writing");
  internal::WriteTumourRecords(*db_, records);
  internal::WriteSampleRecords(*db_, records);
  internal::WriteImport(*db_, audit, records);
  core::CrashPoint("import-before-commit");
  transaction.Commit();
}

study::Study StudyStore::Load() const {
  Transaction transaction(*db_, Transaction::Kind::kRead);
  study::Study study;
  study.name = ReadMeta(*db_, kStudyName);
  internal::ReadSubjectRecords(*db_, study);
  internal::ReadTumourRecords(*db_, study);
  internal::ReadSampleRecords(*db_, study);
  transaction.Commit();
  return study;
}

StudyCounts StudyStore::Counts() const {
  Transaction transaction(*db_, Transaction::Kind::kRead);
  StudyCounts counts;
  for (std::string_view table : internal::kRecordTables) {
    counts.tables.push_back(
        {std::string(table), db_->QueryInt(fmt::format("SELECT count(*) FROM {}", table))});
  }
  Statement arms(*db_,
                 "SELECT a.code, a.description, (SELECT count(*) FROM subjects s "
                 "WHERE s.arm = a.code) FROM arms a ORDER BY a.ordinal");
  while (arms.Next()) counts.arms.push_back({arms.Text(0), arms.Text(1), arms.Int(2)});
  const std::int64_t unassigned = db_->QueryInt("SELECT count(*) FROM subjects WHERE arm IS NULL");
  if (unassigned > 0) counts.arms.push_back({"", "(no arm)", unassigned});
  transaction.Commit();
  return counts;
}

std::string StudyStore::KeyFingerprint() const { return ReadMeta(*db_, kKeyFingerprint); }
std::string StudyStore::StudyName() const { return ReadMeta(*db_, kStudyName); }
int StudyStore::SchemaVersion() const {
  return static_cast<int>(db_->QueryInt("PRAGMA user_version"));
}
std::vector<ImportRecord> StudyStore::Imports() const { return internal::ReadImports(*db_); }

StoreInfo StudyStore::Info() const {
  return {path_.string(), StudyName(), SchemaVersion(), KeyFingerprint(), Counts(), Imports()};
}

void RemoveStoreFiles(const fs::path& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::remove(fs::path(path.string() + suffix), ignored);
  }
}

}  // namespace pioneer::store
