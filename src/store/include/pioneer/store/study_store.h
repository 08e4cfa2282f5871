// File: pioneer/store/study_store.h
// Persistence of a study (study/model.h) in one SQLite file per study.
// The schema mirrors the model: one table per record vector, with foreign
// keys (a lesion's subject, a subject's arm, an assay's sample ...), enums
// as text, NULL for missing values and an ordinal column that keeps record
// order. The schema version lives in PRAGMA user_version and is brought up
// to date by an ordered list of migrations on open; a store written by a
// newer pioneer is refused. Every import is one transaction and leaves an
// entry in the `imports` audit log (time, version, file names and SHA-256,
// counts). Subject identifiers arrive already pseudonymised; the store holds
// only the public fingerprint of the pseudonymisation key, never the key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/study/model.h"

namespace pioneer::store {

namespace internal {
class Database;
}

// Schema version written by this build (PRAGMA user_version).
inline constexpr int kSchemaVersion = 1;

enum class OpenMode {
  kCreate,    // create the file if it does not exist (import)
  kExisting,  // the file must exist (info, export): else Error(kNotFound)
};

struct TableCount {
  std::string table;  // store table name, e.g. "subjects", "measurements"
  std::int64_t rows = 0;
  friend bool operator==(const TableCount&, const TableCount&) = default;
};

struct ArmCount {
  std::string arm;  // Arm::code ("" for subjects without an arm)
  std::string description;
  std::int64_t subjects = 0;
  friend bool operator==(const ArmCount&, const ArmCount&) = default;
};

struct StudyCounts {
  std::vector<TableCount> tables;                   // every table of the model, in model order
  std::vector<ArmCount> arms;                       // in arm order
  std::int64_t Rows(std::string_view table) const;  // 0 for an unknown table
};

struct ImportedFile {
  std::string name;    // file name only (no folders: they may name people)
  std::string sha256;  // lowercase hex
  friend bool operator==(const ImportedFile&, const ImportedFile&) = default;
};

// One entry of the audit log.
struct ImportRecord {
  std::string time_utc;  // ISO 8601, e.g. "2025-03-01T09:30:00Z"
  std::string pioneer_version;
  std::vector<ImportedFile> files;
  std::vector<TableCount> counts;  // rows added per table; filled by Append
};

// Rows per record table of `records`, in model order (what an import adds).
std::vector<TableCount> CountRecords(const study::Study& records);

// An audit entry for files about to be imported: now, this build's version,
// each file's name and SHA-256 (libsodium crypto_hash_sha256).
ImportRecord MakeImportRecord(const std::vector<std::filesystem::path>& files);
// SHA-256 of a file's bytes as lowercase hex; Error(kNotFound) if unreadable.
std::string FileSha256(const std::filesystem::path& path);

// Everything `pioneer info` shows.
struct StoreInfo {
  std::string path;
  std::string study;
  int schema_version = 0;
  std::string key_fingerprint;
  StudyCounts counts;
  std::vector<ImportRecord> imports;
};
// The one JSON form: {study, schema_version, key_fingerprint,
// counts {table: n}, arms [{arm, description, subjects}], imports [...]}.
nlohmann::json ToJson(const StoreInfo& info);
// {time_utc, pioneer_version, files [{name, sha256}], counts {table: n}}.
nlohmann::json ToJson(const ImportRecord& record);

class StudyStore {
 public:
  // Opens (and with kCreate creates) the store, switches on foreign keys and
  // WAL, and applies pending migrations in one transaction. Errors: kNotFound
  // (missing with kExisting), kInvalidArgument (not a pioneer store, or one
  // from a newer pioneer).
  static StudyStore Open(const std::filesystem::path& path, OpenMode mode);

  StudyStore(StudyStore&&) noexcept;
  StudyStore& operator=(StudyStore&&) noexcept;
  ~StudyStore();

  // Adds the records in one transaction (all or nothing). The first import
  // records the key fingerprint and the study name; a later import with
  // another fingerprint, or of another study, is refused (kInvalidArgument),
  // as is any record that breaks a key or reference (duplicate subject,
  // lesion of an unknown subject ...).
  void Append(const study::Study& records, std::string_view key_fingerprint,
              const ImportRecord& audit);

  // The whole study, records in the order they were appended.
  study::Study Load() const;
  StudyCounts Counts() const;
  // "" before the first import.
  std::string KeyFingerprint() const;
  std::string StudyName() const;
  int SchemaVersion() const;
  std::vector<ImportRecord> Imports() const;
  StoreInfo Info() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  StudyStore(std::filesystem::path path, std::unique_ptr<internal::Database> db);
  std::filesystem::path path_;
  std::unique_ptr<internal::Database> db_;
};

// Removes a store file and its SQLite companions (-wal, -shm, -journal):
// used to leave nothing behind when the first import into a new file fails.
void RemoveStoreFiles(const std::filesystem::path& path);

}  // namespace pioneer::store
