// Arms, subjects and what happens to a subject over time: exposures,
// adverse events and dispositions.
#include <fmt/format.h>

#include "pioneer/core/date.h"
#include "pioneer/core/error.h"
#include "records.h"

namespace pioneer::store::internal {
namespace {

// A subject without an arm is stored as NULL so that the foreign key to
// arms(code) only applies to real arm codes.
std::optional<std::string> ArmOrNull(const std::string& arm) {
  if (arm.empty()) return std::nullopt;
  return arm;
}

std::optional<std::string> DateOrNull(const std::optional<core::Date>& date) {
  if (!date) return std::nullopt;
  return core::FormatIsoDate(*date);
}

std::optional<core::Date> ReadDate(const Database& db, const Statement& row, int col) {
  if (row.IsNull(col)) return std::nullopt;
  const std::string text = row.Text(col);
  const auto date = core::ParseIsoDate(text);
  if (!date) ThrowCorrupt(db, "subjects.reference_start", text);
  return date;
}

void WriteSubjects(const Database& db, const std::vector<study::Subject>& subjects) {
  Statement insert(db,
                   "INSERT INTO subjects (id, site, arm, reference_start, age_years, sex, "
                   "histology, stage, ecog, smoking, pdl1_tps_pct, death_day, last_contact_day, "
                   "new_therapy_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                   "?13, ?14)");
  for (const study::Subject& s : subjects) {
    insert.Run(s.id, s.site, ArmOrNull(s.arm), DateOrNull(s.reference_start), s.age_years,
               EnumText(kSexNames, s.sex), s.histology, s.stage, s.ecog,
               EnumText(kSmokingNames, s.smoking), s.pdl1_tps_pct, s.death_day, s.last_contact_day,
               s.new_therapy_day);
  }
}

void ReadSubjects(const Database& db, std::vector<study::Subject>& subjects) {
  Statement q(db,
              "SELECT id, site, arm, reference_start, age_years, sex, histology, stage, ecog, "
              "smoking, pdl1_tps_pct, death_day, last_contact_day, new_therapy_day "
              "FROM subjects ORDER BY ordinal");
  while (q.Next()) {
    study::Subject s;
    s.id = q.Text(0);
    s.site = q.Text(1);
    s.arm = q.Text(2);
    s.reference_start = ReadDate(db, q, 3);
    s.age_years = q.OptionalReal(4);
    s.sex = EnumValue(kSexNames, q.Text(5), db, "subjects.sex");
    s.histology = q.Text(6);
    s.stage = q.Text(7);
    if (const auto ecog = q.OptionalInt(8)) s.ecog = static_cast<int>(*ecog);
    s.smoking = EnumValue(kSmokingNames, q.Text(9), db, "subjects.smoking");
    s.pdl1_tps_pct = q.OptionalReal(10);
    s.death_day = OptionalDay(q, 11);
    s.last_contact_day = OptionalDay(q, 12);
    s.new_therapy_day = OptionalDay(q, 13);
    subjects.push_back(std::move(s));
  }
}

void WriteEvents(const Database& db, const study::Study& records) {
  Statement exposure(db,
                     "INSERT INTO exposures (subject_id, drug, dose, dose_unit, start_day, "
                     "end_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const study::Exposure& e : records.exposures) {
    exposure.Run(e.subject_id, e.drug, e.dose, e.dose_unit, e.start_day, e.end_day);
  }
  Statement event(db,
                  "INSERT INTO adverse_events (subject_id, term, grade, onset_day, end_day, "
                  "serious, related) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const study::AdverseEvent& a : records.adverse_events) {
    event.Run(a.subject_id, a.term, a.grade, a.onset_day, a.end_day, a.serious, a.related);
  }
  Statement disposition(db, "INSERT INTO dispositions (subject_id, term, day) VALUES (?1, ?2, ?3)");
  for (const study::Disposition& d : records.dispositions) {
    disposition.Run(d.subject_id, d.term, d.day);
  }
}

void ReadEvents(const Database& db, study::Study& study) {
  Statement exposures(db,
                      "SELECT subject_id, drug, dose, dose_unit, start_day, end_day "
                      "FROM exposures ORDER BY ordinal");
  while (exposures.Next()) {
    study.exposures.push_back({exposures.Text(0), exposures.Text(1), exposures.OptionalReal(2),
                               exposures.Text(3), Day(exposures, 4), OptionalDay(exposures, 5)});
  }
  Statement events(db,
                   "SELECT subject_id, term, grade, onset_day, end_day, serious, related "
                   "FROM adverse_events ORDER BY ordinal");
  while (events.Next()) {
    study::AdverseEvent a{events.Text(0),    events.Text(1),         std::nullopt,
                          Day(events, 3),    OptionalDay(events, 4), events.Int(5) != 0,
                          events.Int(6) != 0};
    if (const auto grade = events.OptionalInt(2)) a.grade = static_cast<int>(*grade);
    study.adverse_events.push_back(std::move(a));
  }
  Statement dispositions(db, "SELECT subject_id, term, day FROM dispositions ORDER BY ordinal");
  while (dispositions.Next()) {
    study.dispositions.push_back(
        {dispositions.Text(0), dispositions.Text(1), Day(dispositions, 2)});
  }
}

}  // namespace

void ThrowCorrupt(const Database& db, std::string_view column, std::string_view text) {
  throw Error(ErrorCode::kDataLoss,
              fmt::format("{}: damaged study store: unexpected value in {}: \"{}\"", db.name(),
                          column, text));
}

void WriteSubjectRecords(const Database& db, const study::Study& records) {
  Statement arm(db, "INSERT INTO arms (code, description) VALUES (?1, ?2)");
  for (const study::Arm& a : records.arms) arm.Run(a.code, a.description);
  WriteSubjects(db, records.subjects);
  WriteEvents(db, records);
}

void ReadSubjectRecords(const Database& db, study::Study& study) {
  Statement arms(db, "SELECT code, description FROM arms ORDER BY ordinal");
  while (arms.Next()) study.arms.push_back({arms.Text(0), arms.Text(1)});
  ReadSubjects(db, study.subjects);
  ReadEvents(db, study);
}

}  // namespace pioneer::store::internal
