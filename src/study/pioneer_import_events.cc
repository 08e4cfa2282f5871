// Pioneer-layout tables of events, samples and animals (subjects, lesions and
// measurements are in pioneer_import.cc).
#include <fmt/format.h>

#include "builder.h"
#include "format.h"

namespace pioneer::study::internal {
namespace {

std::optional<std::int32_t> RequiredDay(const TableReader& t, std::size_t row,
                                        std::string_view column) {
  const auto day = t.Day(row, column);
  if (!day && !t.Text(row, column)) t.Problem(row, column, "a value is required");
  return day;
}

void ResponseRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "subject_id");
  const auto criteria = Criteria(t, row, "criteria");
  const auto response = t.RequiredText(row, "response");
  const auto day = RequiredDay(t, row, "day");
  if (!id || !criteria || !response || !day) return;
  if (!CheckResponse(t, row, "response", *criteria, *response)) return;
  b.out().responses.push_back(
      ResponseAssessment{*id, t.Text(row, "visit").value_or(""), *day, *criteria, *response});
}

void AdverseEventRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "subject_id");
  const auto term = t.RequiredText(row, "term");
  AdverseEvent ae;
  CheckGrade(t, row, "grade", t.Integer(row, "grade"), ae.grade);
  const auto onset = RequiredDay(t, row, "onset_day");
  ae.end_day = t.Day(row, "end_day");
  if (onset && ae.end_day && *ae.end_day < *onset) {
    t.Problem(row, "end_day", "the adverse event ends before it starts");
  }
  ae.serious = t.Choice(row, "serious", kBoolNames).value_or(0) == 1;
  ae.related = t.Choice(row, "related", kBoolNames).value_or(0) == 1;
  if (!id || !term || !onset) return;
  ae.subject_id = *id;
  ae.term = *term;
  ae.onset_day = *onset;
  b.out().adverse_events.push_back(std::move(ae));
}

void SampleRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto sample_id = b.SampleId(t.RequiredText(row, "sample_id"));
  const auto id = b.KnownSubject(t, row, "subject_id");
  const auto kind = t.Choice(row, "kind", kSampleKindNames);
  if (!kind && !t.Text(row, "kind")) t.Problem(row, "kind", "a value is required");
  const auto day = RequiredDay(t, row, "day");
  if (!sample_id || !id || !kind || !day) return;
  if (!b.FirstRowOf("samples", *sample_id)) return t.Problem(row, "sample_id", "duplicate sample");
  b.DefineSample(Sample{*sample_id, *id, static_cast<SampleKind>(*kind),
                        t.Text(row, "timepoint").value_or(""), *day},
                 t, row, "sample_id");
}

void AssayResultRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto sample_id = b.SampleId(t.RequiredText(row, "sample_id"));
  const auto analyte = t.RequiredText(row, "analyte");
  const auto value = t.Number(row, "value");
  if (sample_id && b.FindSample(*sample_id) == nullptr) {
    return t.Problem(row, "sample_id",
                     "unknown sample (not in LB, the samples table or the study)");
  }
  if (!sample_id || !analyte) return;
  b.out().assay_results.push_back(
      AssayResult{*sample_id, *analyte, value, t.Text(row, "unit").value_or("")});
}

void DispositionRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "subject_id");
  const auto term = t.RequiredText(row, "term");
  const auto day = RequiredDay(t, row, "day");
  if (!id || !term || !day) return;
  b.AddDisposition(Disposition{*id, *term, *day}, t.At(row, "term"));
}

void AnimalRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto study = t.RequiredText(row, "study");
  const auto arm = t.RequiredText(row, "arm");
  const auto animal = t.RequiredText(row, "animal");
  const auto day = RequiredDay(t, row, "day");
  const auto volume = t.Number(row, "volume_mm3");
  if (volume && *volume < 0) return t.Problem(row, "volume_mm3", "a volume cannot be negative");
  if (!study || !arm || !animal || !day) return;
  b.AddAnimal(AnimalMeasurement{*study, *arm, *animal, *day, volume}, t, row);
}

}  // namespace

void ImportResponses(const TableReader& t, Builder& b) {
  EachRow(t, b, {"subject_id", "criteria", "response", "day"}, ResponseRow);
}
void ImportAdverseEvents(const TableReader& t, Builder& b) {
  EachRow(t, b, {"subject_id", "term", "onset_day"}, AdverseEventRow);
}
void ImportSamples(const TableReader& t, Builder& b) {
  EachRow(t, b, {"sample_id", "subject_id", "kind", "day"}, SampleRow);
}
void ImportAssayResults(const TableReader& t, Builder& b) {
  EachRow(t, b, {"sample_id", "analyte"}, AssayResultRow);
}
void ImportDispositions(const TableReader& t, Builder& b) {
  EachRow(t, b, {"subject_id", "term", "day"}, DispositionRow);
}
void ImportAnimals(const TableReader& t, Builder& b) {
  EachRow(t, b, {"study", "arm", "animal", "day"}, AnimalRow);
}

}  // namespace pioneer::study::internal
