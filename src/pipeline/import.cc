#include "pioneer/pipeline/import.h"

#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"
#include "pioneer/io/delimited.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {

ImportResult ImportFiles(const fs::path& store_path, const std::vector<fs::path>& files,
                         const study::Pseudonymiser& pseudonymiser) {
  if (files.empty()) throw UsageError("no files to import");
  std::vector<core::Table> tables;
  for (const fs::path& file : files) tables.push_back(io::ReadDelimited(file));
  ImportResult result;
  result.store = store_path;
  result.created = !fs::exists(store_path);
  try {
    store::StudyStore store = store::StudyStore::Open(store_path, store::OpenMode::kCreate);
    const study::Study records = study::BuildStudy(tables, pseudonymiser, store.Load());
    result.audit = store::MakeImportRecord(files);
    store.Append(records, pseudonymiser.KeyFingerprint(), result.audit);
    result.added = store::CountRecords(records);
    result.audit.counts = result.added;
  } catch (...) {
    if (result.created) store::RemoveStoreFiles(store_path);
    throw;
  }
  return result;
}

nlohmann::json ToJson(const ImportResult& result) {
  nlohmann::json added = nlohmann::json::object();
  for (const store::TableCount& c : result.added) added[c.table] = c.rows;
  nlohmann::json files = nlohmann::json::array();
  for (const store::ImportedFile& f : result.audit.files) {
    files.push_back({{"name", f.name}, {"sha256", f.sha256}});
  }
  return {{"store", result.store.string()}, {"created", result.created}, {"added", added},
          {"files", files}};
}

}  // namespace pioneer::pipeline
