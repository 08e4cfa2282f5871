// File: study/builder.h (private)
// The state of one BuildStudy call: the records built so far, indexes of what
// is known (new and already stored), and where each record came from, so that
// cross-record rules (unknown subject, baseline scan, duplicate animal-day ...)
// can name the exact cell that breaks them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pioneer/study/layout.h"
#include "table_reader.h"

namespace pioneer::study::internal {

struct LesionInfo {
  LesionRole role = LesionRole::kTarget;
  bool lymph_node = false;
};

class Builder {
 public:
  Builder(const Pseudonymiser& pseudonymiser, const Study& existing, DiagnosticCollector& problems);

  const Pseudonymiser& pseudonymiser() const { return pseudonymiser_; }
  DiagnosticCollector& problems() { return problems_; }
  Study& out() { return out_; }

  // The study name (STUDYID); a second, different name is a problem.
  void SetName(const std::string& name, const TableReader& t, std::size_t row,
               std::string_view column);

  // Arms: `description` may be empty when only the code is given.
  bool ArmKnown(const std::string& code) const;
  void DefineArm(const Arm& arm, const TableReader& t, std::size_t row,
                 std::string_view description_column);
  // True the first time (kind, id) is seen: "dm"/"subjects" rows of one
  // subject, "arms" rows of one code, "samples" rows of one sample.
  bool FirstRowOf(const std::string& kind, const std::string& id);

  // Subjects. Returns the pseudonymised id of the row's subject (column
  // `column`) when it names a subject known to this import or the store;
  // otherwise reports "unknown subject" and returns nullopt.
  std::optional<std::string> KnownSubject(const TableReader& t, std::size_t row,
                                          std::string_view column);
  const Subject* FindSubject(const std::string& id) const;
  // The subject of this import with this id, created (in order) if new.
  // `created` tells which.
  Subject& NewOrExistingInImport(const std::string& id, bool& created);
  bool IsStored(const std::string& id) const { return stored_subjects_.count(id) > 0; }

  // Lesions keyed by (subject, lesion id).
  bool DefineLesion(const Lesion& lesion);
  const LesionInfo* FindLesion(const std::string& subject, const std::string& lesion) const;

  // The pseudonym of a raw sample id (layout.h: sample ids are always
  // pseudonymised); nullopt stays nullopt.
  std::optional<std::string> SampleId(const std::optional<std::string>& raw) const;
  // Samples keyed by (pseudonymised) sample id; a repeated definition must agree.
  void DefineSample(const Sample& sample, const TableReader& t, std::size_t row,
                    std::string_view id_column);
  const Sample* FindSample(const std::string& sample_id) const;

  void AddMeasurement(LesionMeasurement m, Origin origin);
  void AddDisposition(Disposition d, Origin origin);
  void AddAnimal(AnimalMeasurement a, const TableReader& t, std::size_t row);

  // Cross-record rules and derived subject fields, after every table.
  void Finish();

 private:
  void CheckBaselines();
  void DeriveFromDispositions();

  const Pseudonymiser& pseudonymiser_;
  const Study& existing_;
  DiagnosticCollector& problems_;
  Study out_;
  std::map<std::string, std::size_t> new_subjects_;  // id -> index in out_.subjects
  std::map<std::string, const Subject*> stored_subjects_;
  std::map<std::string, std::string> arms_;  // code -> description (stored and new)
  std::set<std::string> new_arms_;
  std::map<std::pair<std::string, std::string>, LesionInfo> lesions_;
  std::map<std::string, std::size_t> new_samples_;
  std::map<std::string, const Sample*> stored_samples_;
  std::vector<Origin> measurement_origins_;  // parallel to out_.measurements
  std::vector<Origin> disposition_origins_;  // parallel to out_.dispositions
  std::map<std::pair<std::string, std::string>, std::string> animal_arms_;
  std::set<std::tuple<std::string, std::string, std::int32_t>> animal_days_;
  std::set<std::pair<std::string, std::string>> defined_by_;
};

// Checks the required columns, then calls row_fn(t, row, b) for every row.
template <typename RowFn>
void EachRow(const TableReader& t, Builder& b, const std::vector<std::string_view>& required,
             RowFn row_fn) {
  if (!t.RequireColumns(required)) return;
  for (std::size_t row = 0; row < t.rows(); ++row) row_fn(t, row, b);
}

// Table readers, one per table kind (sdtm_import*.cc, pioneer_import.cc).
// Each checks its required columns, converts every row and adds the records.
void ImportDm(const TableReader& t, Builder& b);
void ImportEx(const TableReader& t, Builder& b);
void ImportTu(const TableReader& t, Builder& b);
void ImportTr(const TableReader& t, Builder& b);
void ImportRs(const TableReader& t, Builder& b);
void ImportAe(const TableReader& t, Builder& b);
void ImportLb(const TableReader& t, Builder& b);
void ImportDs(const TableReader& t, Builder& b);

void ImportStudyTable(const TableReader& t, Builder& b);
void ImportArms(const TableReader& t, Builder& b);
void ImportSubjects(const TableReader& t, Builder& b);
void ImportExposures(const TableReader& t, Builder& b);
void ImportLesions(const TableReader& t, Builder& b);
void ImportMeasurements(const TableReader& t, Builder& b);
void ImportResponses(const TableReader& t, Builder& b);
void ImportAdverseEvents(const TableReader& t, Builder& b);
void ImportSamples(const TableReader& t, Builder& b);
void ImportAssayResults(const TableReader& t, Builder& b);
void ImportDispositions(const TableReader& t, Builder& b);
void ImportAnimals(const TableReader& t, Builder& b);

// Shared value checks (validate.cc), used by both layouts.
void CheckGrade(const TableReader& t, std::size_t row, std::string_view column,
                const std::optional<std::int64_t>& grade, std::optional<int>& out);
bool CheckResponse(const TableReader& t, std::size_t row, std::string_view column,
                   const std::string& criteria, const std::string& response);
// Canonical criteria ("RECIST 1.1" / "iRECIST") or nullopt (reported).
std::optional<std::string> Criteria(const TableReader& t, std::size_t row, std::string_view column);

// Merges a value given for a subject already seen in another table of this
// import: a missing target takes the value, a different value is a problem.
template <typename T>
void MergeField(std::optional<T>& target, const std::optional<T>& value, const TableReader& t,
                std::size_t row, std::string_view column) {
  if (!value) return;
  if (!target) {
    target = value;
  } else if (!(*target == *value)) {
    t.Problem(row, column, "differs from the value already given for this subject");
  }
}
void MergeText(std::string& target, const std::optional<std::string>& value, const TableReader& t,
               std::size_t row, std::string_view column);

// The study day of an SDTM event from <prefix>DTC and/or <prefix>DY (e.g.
// "EXST"): DTC - RFSTDTC, or DY - 1 for DY >= 1 (SDTM has no day 0), DY for
// DY < 0. Both given must agree. A missing day is a problem when `required`.
std::optional<std::int32_t> SdtmDay(const TableReader& t, std::size_t row,
                                    const std::string& prefix, const Subject* subject,
                                    bool required);

}  // namespace pioneer::study::internal
