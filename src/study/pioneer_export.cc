// ToPioneerLayout: one table per non-empty model vector, columns named like
// the model's fields (docs/DATA_FORMATS.md).
#include "format.h"

namespace pioneer::study {
namespace {

using internal::FormatInt;
using internal::FormatNumber;
using internal::TableWriter;
using internal::Term;

std::string Day(std::int32_t day) { return std::to_string(day); }
std::string Day(const std::optional<std::int32_t>& day) { return FormatInt(day); }
std::string Bool(bool value) { return Term(internal::kBoolNames, value ? 1 : 0); }

void Subjects(const Study& s, std::vector<NamedTable>& out) {
  TableWriter t("subjects", {"subject_id", "site", "arm", "reference_start", "age_years", "sex",
                             "histology", "stage", "ecog", "smoking", "pdl1_tps_pct", "death_day",
                             "last_contact_day", "new_therapy_day"});
  for (const Subject& x : s.subjects) {
    t.Row({x.id, x.site, x.arm,
           x.reference_start ? core::FormatIsoDate(*x.reference_start) : std::string(),
           FormatNumber(x.age_years), Term(internal::kSexNames, x.sex), x.histology, x.stage,
           FormatInt(x.ecog), Term(internal::kSmokingNames, x.smoking),
           FormatNumber(x.pdl1_tps_pct), Day(x.death_day), Day(x.last_contact_day),
           Day(x.new_therapy_day)});
  }
  t.AppendTo(out);
}

void Tumour(const Study& s, std::vector<NamedTable>& out) {
  TableWriter lesions("lesions", {"subject_id", "lesion_id", "role", "lymph_node", "location"});
  for (const Lesion& x : s.lesions) {
    lesions.Row({x.subject_id, x.lesion_id, Term(internal::kRoleNames, x.role), Bool(x.lymph_node),
                 x.location});
  }
  lesions.AppendTo(out);
  TableWriter m("measurements",
                {"subject_id", "lesion_id", "visit", "day", "status", "diameter_mm"});
  for (const LesionMeasurement& x : s.measurements) {
    m.Row({x.subject_id, x.lesion_id, x.visit, Day(x.day), Term(internal::kStatusNames, x.status),
           FormatNumber(x.diameter_mm)});
  }
  m.AppendTo(out);
  TableWriter r("responses", {"subject_id", "visit", "day", "criteria", "response"});
  for (const ResponseAssessment& x : s.responses) {
    r.Row({x.subject_id, x.visit, Day(x.day), x.criteria, x.response});
  }
  r.AppendTo(out);
}

void Treatment(const Study& s, std::vector<NamedTable>& out) {
  TableWriter ex("exposures", {"subject_id", "drug", "dose", "dose_unit", "start_day", "end_day"});
  for (const Exposure& x : s.exposures) {
    ex.Row({x.subject_id, x.drug, FormatNumber(x.dose), x.dose_unit, Day(x.start_day),
            Day(x.end_day)});
  }
  ex.AppendTo(out);
  TableWriter ae("adverse_events",
                 {"subject_id", "term", "grade", "onset_day", "end_day", "serious", "related"});
  for (const AdverseEvent& x : s.adverse_events) {
    ae.Row({x.subject_id, x.term, FormatInt(x.grade), Day(x.onset_day), Day(x.end_day),
            Bool(x.serious), Bool(x.related)});
  }
  ae.AppendTo(out);
  TableWriter ds("dispositions", {"subject_id", "term", "day"});
  for (const Disposition& x : s.dispositions) ds.Row({x.subject_id, x.term, Day(x.day)});
  ds.AppendTo(out);
}

void Biology(const Study& s, std::vector<NamedTable>& out) {
  TableWriter samples("samples", {"sample_id", "subject_id", "kind", "timepoint", "day"});
  for (const Sample& x : s.samples) {
    samples.Row({x.sample_id, x.subject_id, Term(internal::kSampleKindNames, x.kind), x.timepoint,
                 Day(x.day)});
  }
  samples.AppendTo(out);
  TableWriter results("assay_results", {"sample_id", "analyte", "value", "unit"});
  for (const AssayResult& x : s.assay_results) {
    results.Row({x.sample_id, x.analyte, FormatNumber(x.value), x.unit});
  }
  results.AppendTo(out);
  TableWriter animals("animals", {"study", "arm", "animal", "day", "volume_mm3"});
  for (const AnimalMeasurement& x : s.animals) {
    animals.Row({x.study, x.arm, x.animal, Day(x.day), FormatNumber(x.volume_mm3)});
  }
  animals.AppendTo(out);
}

}  // namespace

std::vector<NamedTable> ToPioneerLayout(const Study& study) {
  std::vector<NamedTable> out;
  TableWriter name("study", {"name"});
  if (!study.name.empty()) name.Row({study.name});
  name.AppendTo(out);
  TableWriter arms("arms", {"code", "description"});
  for (const Arm& a : study.arms) arms.Row({a.code, a.description});
  arms.AppendTo(out);
  Subjects(study, out);
  Treatment(study, out);
  Tumour(study, out);
  Biology(study, out);
  return out;
}

}  // namespace pioneer::study
