// File: src/store/schema.h (private)
// The store schema as an ordered list of migrations; migration i brings a
// store from user_version i-1 to i.
#pragma once

#include <array>
#include <string_view>

#include "sqlite.h"

namespace pioneer::store::internal {

// Marks a SQLite file as a pioneer store (PRAGMA application_id, "PION").
inline constexpr int kApplicationId = 0x50494F4E;

// The record tables, in the order of study::Study's vectors.
inline constexpr std::array<std::string_view, 11> kRecordTables = {
    "arms",           "subjects", "exposures",     "lesions",      "measurements", "responses",
    "adverse_events", "samples",  "assay_results", "dispositions", "animals"};

// Throws unless `db` is empty or a pioneer store no newer than this build.
// Reads only: call it before anything that writes (such as the journal mode).
void CheckCompatible(const Database& db);
// Applies the missing migrations in one transaction.
void Migrate(const Database& db);

}  // namespace pioneer::store::internal
