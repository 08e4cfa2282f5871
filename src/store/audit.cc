#include "audit.h"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <ctime>
#include <fstream>

#include "pioneer/core/error.h"
#include "pioneer/core/version.h"
#include "schema.h"

namespace pioneer::store {
namespace {

void InitSodium() {
  // sodium_init is idempotent; it fails only when no entropy source exists.
  if (sodium_init() < 0) throw Error(ErrorCode::kInternal, "libsodium cannot be initialised");
}

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

}  // namespace

std::string FileSha256(const std::filesystem::path& path) {
  InitSodium();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kNotFound, fmt::format("{}: cannot open file", path.string()));
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::array<char, 1 << 16> buffer;
  while (in) {
    in.read(buffer.data(), buffer.size());
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  if (in.bad()) throw Error(ErrorCode::kInternal, fmt::format("{}: read failed", path.string()));
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256_final(&state, digest.data());
  return Hex(digest.data(), digest.size());
}

ImportRecord MakeImportRecord(const std::vector<std::filesystem::path>& files) {
  ImportRecord record{NowUtc(), std::string(Version()), {}, {}};
  for (const auto& file : files) {
    record.files.push_back({file.filename().string(), FileSha256(file)});
  }
  return record;
}

std::vector<TableCount> CountRecords(const study::Study& r) {
  const std::array<std::size_t, internal::kRecordTables.size()> sizes = {
      r.arms.size(),          r.subjects.size(),     r.exposures.size(),      r.lesions.size(),
      r.measurements.size(),  r.responses.size(),    r.adverse_events.size(), r.samples.size(),
      r.assay_results.size(), r.dispositions.size(), r.animals.size()};
  std::vector<TableCount> counts;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    counts.push_back(
        {std::string(internal::kRecordTables[i]), static_cast<std::int64_t>(sizes[i])});
  }
  return counts;
}

namespace internal {

void WriteImport(const Database& db, const ImportRecord& audit, const study::Study& records) {
  Statement entry(db, "INSERT INTO imports (time_utc, pioneer_version) VALUES (?1, ?2)");
  entry.Run(audit.time_utc, audit.pioneer_version);
  const std::int64_t id = sqlite3_last_insert_rowid(db.get());
  Statement file(db,
                 "INSERT INTO import_files (import, position, name, sha256) "
                 "VALUES (?1, ?2, ?3, ?4)");
  for (std::size_t i = 0; i < audit.files.size(); ++i) {
    file.Run(id, static_cast<std::int64_t>(i), audit.files[i].name, audit.files[i].sha256);
  }
  Statement count(db, "INSERT INTO import_counts (import, record_table, rows) VALUES (?1, ?2, ?3)");
  for (const TableCount& c : CountRecords(records)) count.Run(id, c.table, c.rows);
}

std::vector<ImportRecord> ReadImports(const Database& db) {
  std::vector<ImportRecord> imports;
  std::vector<std::int64_t> ids;
  Statement entries(db, "SELECT ordinal, time_utc, pioneer_version FROM imports ORDER BY ordinal");
  while (entries.Next()) {
    ids.push_back(entries.Int(0));
    imports.push_back({entries.Text(1), entries.Text(2), {}, {}});
  }
  Statement files(db, "SELECT name, sha256 FROM import_files WHERE import = ?1 ORDER BY position");
  // Counts in model order, whatever order SQLite returns them in.
  Statement counts(db, "SELECT rows FROM import_counts WHERE import = ?1 AND record_table = ?2");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    files.Query(ids[i]);
    while (files.Next()) imports[i].files.push_back({files.Text(0), files.Text(1)});
    files.Reset();
    for (std::string_view table : kRecordTables) {
      counts.Query(ids[i], table);
      if (counts.Next()) imports[i].counts.push_back({std::string(table), counts.Int(0)});
      counts.Reset();
    }
  }
  return imports;
}

}  // namespace internal
}  // namespace pioneer::store
