#include "schema.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "pioneer/core/error.h"
#include "pioneer/core/version.h"
#include "pioneer/store/study_store.h"

namespace pioneer::store::internal {
namespace {

struct Migration {
  int version;
  std::string_view sql;
};

// v1: the initial schema. Every record table has an `ordinal` row id that
// keeps the order records were appended in (Load sorts by it). Identifiers
// are pseudonyms; CHECK constraints hold enums to their text forms.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE arms (
  ordinal INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  description TEXT NOT NULL) STRICT;
CREATE TABLE subjects (
  ordinal INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (id <> ''),
  site TEXT NOT NULL,
  arm TEXT REFERENCES arms (code),
  reference_start TEXT,
  age_years REAL,
  sex TEXT NOT NULL CHECK (sex IN ('unknown', 'male', 'female')),
  histology TEXT NOT NULL,
  stage TEXT NOT NULL,
  ecog INTEGER,
  smoking TEXT NOT NULL CHECK (smoking IN ('unknown', 'never', 'former', 'current')),
  pdl1_tps_pct REAL,
  death_day INTEGER,
  last_contact_day INTEGER,
  new_therapy_day INTEGER) STRICT;
CREATE TABLE exposures (
  ordinal INTEGER PRIMARY KEY,
  subject_id TEXT NOT NULL REFERENCES subjects (id),
  drug TEXT NOT NULL,
  dose REAL,
  dose_unit TEXT NOT NULL,
  start_day INTEGER NOT NULL,
  end_day INTEGER) STRICT;
CREATE TABLE lesions (
  ordinal INTEGER PRIMARY KEY,
  subject_id TEXT NOT NULL REFERENCES subjects (id),
  lesion_id TEXT NOT NULL CHECK (lesion_id <> ''),
  role TEXT NOT NULL CHECK (role IN ('target', 'non_target', 'new')),
  lymph_node INTEGER NOT NULL CHECK (lymph_node IN (0, 1)),
  location TEXT NOT NULL,
  UNIQUE (subject_id, lesion_id)) STRICT;
CREATE TABLE measurements (
  ordinal INTEGER PRIMARY KEY,
  subject_id TEXT NOT NULL,
  lesion_id TEXT NOT NULL,
  visit TEXT NOT NULL,
  day INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('measured', 'present', 'absent', 'too_small',
                                         'not_evaluated', 'unequivocal_progression')),
  diameter_mm REAL CHECK (diameter_mm >= 0),
  FOREIGN KEY (subject_id, lesion_id) REFERENCES lesions (subject_id, lesion_id)) STRICT;
CREATE TABLE responses (
  ordinal INTEGER PRIMARY KEY,
  subject_id TEXT NOT NULL REFERENCES subjects (id),
  visit TEXT NOT NULL,
  day INTEGER NOT NULL,
  criteria TEXT NOT NULL,
  response TEXT NOT NULL) STRICT;
CREATE TABLE adverse_events (
  ordinal INTEGER PRIMARY KEY,
  subject_id TEXT NOT NULL REFERENCES subjects (id),
  term TEXT NOT NULL,
  grade INTEGER CHECK (grade BETWEEN 1 AND 5),
  onset_day INTEGER NOT NULL,
  end_day INTEGER,
  serious INTEGER NOT NULL CHECK (serious IN (0, 1)),
  related INTEGER NOT NULL CHECK (related IN (0, 1))) STRICT;
CREATE TABLE samples (
  ordinal INTEGER PRIMARY KEY,
  sample_id TEXT NOT NULL UNIQUE CHECK (sample_id <> ''),
  subject_id TEXT NOT NULL REFERENCES subjects (id),
  kind TEXT NOT NULL CHECK (kind IN ('blood', 'biopsy')),
  timepoint TEXT NOT NULL,
  day INTEGER NOT NULL) STRICT;
CREATE TABLE assay_results (
  ordinal INTEGER PRIMARY KEY,
  sample_id TEXT NOT NULL REFERENCES samples (sample_id),
  analyte TEXT NOT NULL,
  value REAL,
  unit TEXT NOT NULL) STRICT;
CREATE TABLE dispositions (
  ordinal INTEGER PRIMARY KEY,
  subject_id TEXT NOT NULL REFERENCES subjects (id),
  term TEXT NOT NULL,
  day INTEGER NOT NULL) STRICT;
CREATE TABLE animals (
  ordinal INTEGER PRIMARY KEY,
  study TEXT NOT NULL,
  arm TEXT NOT NULL,
  animal TEXT NOT NULL,
  day INTEGER NOT NULL,
  volume_mm3 REAL CHECK (volume_mm3 >= 0)) STRICT;
CREATE TABLE imports (
  ordinal INTEGER PRIMARY KEY,
  time_utc TEXT NOT NULL,
  pioneer_version TEXT NOT NULL) STRICT;
CREATE TABLE import_files (
  import INTEGER NOT NULL REFERENCES imports (ordinal),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (import, position)) STRICT;
CREATE TABLE import_counts (
  import INTEGER NOT NULL REFERENCES imports (ordinal),
  record_table TEXT NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (import, record_table)) STRICT;
CREATE INDEX measurements_by_lesion ON measurements (subject_id, lesion_id);
CREATE INDEX exposures_by_subject ON exposures (subject_id);
CREATE INDEX responses_by_subject ON responses (subject_id);
CREATE INDEX adverse_events_by_subject ON adverse_events (subject_id);
CREATE INDEX samples_by_subject ON samples (subject_id);
CREATE INDEX assay_results_by_sample ON assay_results (sample_id);
CREATE INDEX dispositions_by_subject ON dispositions (subject_id);
)sql";

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = {{1, kV1}};
  return migrations;
}

// A file with tables but without our application id is someone else's
// database: refuse it rather than add tables to it.
void CheckOwnership(const Database& db, std::int64_t version) {
  const std::int64_t application = db.QueryInt("PRAGMA application_id");
  const std::int64_t objects = db.QueryInt("SELECT count(*) FROM sqlite_schema");
  if (application == kApplicationId || (application == 0 && version == 0 && objects == 0)) {
    return;
  }
  throw Error(ErrorCode::kInvalidArgument,
              fmt::format("{}: not a pioneer study store (SQLite application id {:#x})", db.name(),
                          application));
}

}  // namespace

void CheckCompatible(const Database& db) {
  const std::int64_t version = db.QueryInt("PRAGMA user_version");
  CheckOwnership(db, version);
  if (version > kSchemaVersion) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: study store has schema version {}, but pioneer {} reads up to "
                            "version {}: use a newer pioneer",
                            db.name(), version, Version(), kSchemaVersion));
  }
}

void Migrate(const Database& db) {
  static_assert(kSchemaVersion == 1, "add the migration to Migrations()");
  CheckCompatible(db);
  if (db.QueryInt("PRAGMA user_version") == kSchemaVersion) return;
  Transaction transaction(db, Transaction::Kind::kWrite);
  // Re-read under the write lock: another process may have migrated meanwhile.
  const std::int64_t current = db.QueryInt("PRAGMA user_version");
  for (const Migration& m : Migrations()) {
    if (m.version <= current) continue;
    db.Execute(m.sql);
    db.Execute(fmt::format("PRAGMA user_version = {}", m.version));
  }
  db.Execute(fmt::format("PRAGMA application_id = {}", kApplicationId));
  transaction.Commit();
}

}  // namespace pioneer::store::internal
