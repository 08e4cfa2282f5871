// File: src/store/audit.h (private)
// The `imports` audit log: one entry per successful import.
#pragma once

#include <vector>

#include "pioneer/store/study_store.h"
#include "sqlite.h"

namespace pioneer::store::internal {

// Adds the entry; `audit.counts` is replaced by CountRecords(records).
void WriteImport(const Database& db, const ImportRecord& audit, const study::Study& records);
std::vector<ImportRecord> ReadImports(const Database& db);

}  // namespace pioneer::store::internal
