#include "pioneer/pipeline/import.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "pioneer/core/crash_point.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/read_table.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

constexpr std::size_t kMaxProblems = 100;

// Reads every file before stopping, so that one run reports the problems of
// all files (up to kMaxProblems, and how many there were in all).
std::vector<core::Table> ReadAll(const std::vector<fs::path>& files) {
  std::vector<core::Table> tables;
  std::vector<Diagnostic> problems;
  std::int64_t total = 0;
  for (const fs::path& file : files) {
    try {
      tables.push_back(io::ReadTableFile(file));
    } catch (const InputError& e) {
      for (const Diagnostic& d : e.diagnostics()) {
        if (problems.size() < kMaxProblems) problems.push_back(d);
      }
      total += e.total_problems();
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kNotFound) throw;
      if (problems.size() < kMaxProblems) problems.push_back({"", 0, 0, e.what(), ""});
      ++total;
    }
  }
  if (total > 0) throw InputError(std::move(problems), total);
  return tables;
}

// The store is opened (and the key checked) before the files are read, so
// that a key mismatch is reported as such rather than as unknown subjects.
std::optional<store::StudyStore> OpenExisting(const fs::path& path,
                                              const study::Pseudonymiser& pseudonymiser) {
  if (!fs::exists(path)) return std::nullopt;
  store::StudyStore store = store::StudyStore::Open(path, store::OpenMode::kExisting);
  const std::string stored = store.KeyFingerprint();
  if (!stored.empty() && stored != pseudonymiser.KeyFingerprint()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: the study was pseudonymised with the key of fingerprint {}, "
                            "the key given has fingerprint {}: use the study's key (--key FILE "
                            "or PIONEER_KEY_FILE)",
                            path.string(), stored, pseudonymiser.KeyFingerprint()));
  }
  return store;
}

// A killed import leaves at most a temporary sibling (removed by the next
// writer of that store, core::RemoveStaleTemporaries), never a store.
void CreateStore(const fs::path& path, const study::Study& records, std::string_view fingerprint,
                 const store::ImportRecord& audit) {
  core::CheckReplaceableFile(path);
  const fs::path temporary = core::CreateTemporarySibling(path, core::kOutputFilePerms);
  try {
    {
      store::StudyStore store = store::StudyStore::Open(temporary, store::OpenMode::kCreate);
      store.Append(records, fingerprint, audit);
      core::CrashPoint("import-committed");
    }  // closed: SQLite folds its -wal file into the store and removes it
    core::RenameNoReplace(temporary, path);
  } catch (...) {
    store::RemoveStoreFiles(temporary);
    throw;
  }
}

}  // namespace

ImportResult ImportFiles(const fs::path& store_path, const std::vector<fs::path>& files,
                         const study::Pseudonymiser& pseudonymiser,
                         const study::ImportOptions& options) {
  if (files.empty()) throw UsageError("import needs at least one input file");
  std::optional<store::StudyStore> store = OpenExisting(store_path, pseudonymiser);
  const study::Study existing = store ? store->Load() : study::Study{};
  const study::Study records = study::BuildStudy(ReadAll(files), pseudonymiser, existing, options);
  ImportResult result;
  result.store = store_path;
  result.created = !store.has_value();
  result.audit = store::MakeImportRecord(files);
  result.audit.counts = store::CountRecords(records);
  result.added = result.audit.counts;
  // All or nothing: Append is one transaction; a new store is built under a
  // temporary name and renamed into place only once committed and closed.
  if (result.created) {
    CreateStore(store_path, records, pseudonymiser.KeyFingerprint(), result.audit);
  } else {
    store->Append(records, pseudonymiser.KeyFingerprint(), result.audit);
  }
  return result;
}

nlohmann::json ToJson(const ImportResult& result) {
  nlohmann::json json = store::ToJson(result.audit);
  json["study"] = result.store.string();
  json["created"] = result.created;
  return json;
}

}  // namespace pioneer::pipeline
