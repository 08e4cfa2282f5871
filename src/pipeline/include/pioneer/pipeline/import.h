// File: pioneer/pipeline/import.h
// Import of data files into a study store: the one code path behind
// `pioneer import` and `pioneer demo`. Reads every file (CSV/TSV; SDTM
// domains or pioneer-layout tables), builds and validates the records
// against what the store already holds (study::BuildStudy, every problem of
// every file reported at once), pseudonymises identifiers, and appends all
// in one transaction with an audit entry (file names and SHA-256).
#pragma once

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "pioneer/store/study_store.h"
#include "pioneer/study/layout.h"

namespace pioneer::pipeline {

struct ImportResult {
  std::filesystem::path store;
  bool created = false;                  // the store file did not exist before
  std::vector<store::TableCount> added;  // rows added per table
  store::ImportRecord audit;
};

// A new store file is removed again if its first import fails: nothing
// half-written. Errors: InputError (file:line:column), Error from the store.
ImportResult ImportFiles(const std::filesystem::path& store_path,
                         const std::vector<std::filesystem::path>& files,
                         const study::Pseudonymiser& pseudonymiser,
                         const study::ImportOptions& options = {});

nlohmann::json ToJson(const ImportResult& result);

}  // namespace pioneer::pipeline
