// Pioneer-layout tables (one per model vector, snake_case columns named like
// the model's fields) -> model records. Columns: docs/DATA_FORMATS.md.
#include <fmt/format.h>

#include "builder.h"
#include "format.h"

namespace pioneer::study::internal {
namespace {

template <typename E>
std::optional<E> Enum(const TableReader& t, std::size_t row, std::string_view column,
                      const std::vector<std::string_view>& names) {
  const auto index = t.Choice(row, column, names);
  if (!index) return std::nullopt;
  return static_cast<E>(*index);
}

bool Flag(const TableReader& t, std::size_t row, std::string_view column) {
  return t.Choice(row, column, kBoolNames).value_or(0) == 1;
}

std::optional<double> InRange(const TableReader& t, std::size_t row, std::string_view column,
                              double low, double high) {
  const auto value = t.Number(row, column);
  if (value && (*value < low || *value > high)) {
    t.Problem(row, column, fmt::format("must lie between {} and {}", low, high));
    return std::nullopt;
  }
  return value;
}

template <typename E>
void MergeEnum(E& target, const std::optional<E>& value, const TableReader& t, std::size_t row,
               std::string_view column) {
  if (!value || *value == E::kUnknown) return;
  if (target == E::kUnknown) {
    target = *value;
  } else if (target != *value) {
    t.Problem(row, column, "differs from the value already given for this subject");
  }
}

void StudyRow(const TableReader& t, std::size_t row, Builder& b) {
  if (const auto name = t.RequiredText(row, "name")) b.SetName(*name, t, row, "name");
}

void ArmRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto code = t.RequiredText(row, "code");
  if (!code) return;
  if (!b.FirstRowOf("arms", *code)) return t.Problem(row, "code", "duplicate arm");
  b.DefineArm(Arm{*code, t.Text(row, "description").value_or("")}, t, row, "description");
}

void SubjectClinical(const TableReader& t, std::size_t row, Subject& s) {
  MergeText(s.histology, t.Text(row, "histology"), t, row, "histology");
  MergeText(s.stage, t.Text(row, "stage"), t, row, "stage");
  // ECOG performance status 0-4, 5 = dead (Oken et al. 1982).
  const auto ecog = InRange(t, row, "ecog", 0, 5);
  if (ecog && !core::ParseInt(*t.Text(row, "ecog"))) {
    t.Problem(row, "ecog", "expected a whole number");
  } else if (ecog) {
    MergeField(s.ecog, std::optional<int>(static_cast<int>(*ecog)), t, row, "ecog");
  }
  MergeEnum(s.smoking, Enum<Smoking>(t, row, "smoking", kSmokingNames), t, row, "smoking");
  MergeField(s.pdl1_tps_pct, InRange(t, row, "pdl1_tps_pct", 0, 100), t, row, "pdl1_tps_pct");
  MergeField(s.death_day, t.Day(row, "death_day"), t, row, "death_day");
  MergeField(s.last_contact_day, t.Day(row, "last_contact_day"), t, row, "last_contact_day");
  MergeField(s.new_therapy_day, t.Day(row, "new_therapy_day"), t, row, "new_therapy_day");
}

void SubjectRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto raw = t.SubjectId(row, "subject_id");
  if (!raw) return;
  const std::string id = b.pseudonymiser().Resolve(*raw);
  if (b.IsStored(id)) return t.Problem(row, "subject_id", "subject already in the study");
  if (!b.FirstRowOf("subjects", id)) return t.Problem(row, "subject_id", "duplicate subject");
  bool created = false;
  Subject& s = b.NewOrExistingInImport(id, created);
  MergeText(s.site, t.Text(row, "site"), t, row, "site");
  if (const auto arm = t.Text(row, "arm"); arm && !b.ArmKnown(*arm)) {
    t.Problem(row, "arm", "unknown arm (not in DM ARMCD/ARM, the arms table or the study)");
  } else {
    MergeText(s.arm, arm, t, row, "arm");
  }
  MergeField(s.reference_start, t.Date(row, "reference_start"), t, row, "reference_start");
  MergeField(s.age_years, InRange(t, row, "age_years", 0, 150), t, row, "age_years");
  MergeEnum(s.sex, Enum<Sex>(t, row, "sex", kSexNames), t, row, "sex");
  SubjectClinical(t, row, s);
}

void ExposureRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "subject_id");
  const auto drug = t.RequiredText(row, "drug");
  const auto dose = InRange(t, row, "dose", 0, 1e12);
  const auto start = t.Day(row, "start_day");
  if (!start && !t.Text(row, "start_day")) t.Problem(row, "start_day", "a value is required");
  const auto end = t.Day(row, "end_day");
  if (start && end && *end < *start)
    t.Problem(row, "end_day", "the exposure ends before it starts");
  if (!id || !drug || !start) return;
  b.out().exposures.push_back(
      Exposure{*id, *drug, dose, t.Text(row, "dose_unit").value_or(""), *start, end});
}

void LesionRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "subject_id");
  const auto lesion_id = t.RequiredText(row, "lesion_id");
  const auto role = Enum<LesionRole>(t, row, "role", kRoleNames);
  if (!role && !t.Text(row, "role")) t.Problem(row, "role", "a value is required");
  const bool node = Flag(t, row, "lymph_node");
  if (!id || !lesion_id || !role) return;
  if (!b.DefineLesion(Lesion{*id, *lesion_id, *role, node, t.Text(row, "location").value_or("")})) {
    t.Problem(row, "lesion_id", "duplicate lesion for this subject");
  }
}

void MeasurementRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "subject_id");
  const auto lesion_id = t.RequiredText(row, "lesion_id");
  if (id && lesion_id && b.FindLesion(*id, *lesion_id) == nullptr) {
    return t.Problem(row, "lesion_id",
                     "unknown lesion (not in TU, the lesions table or the study)");
  }
  const auto status = t.Text(row, "status") ? Enum<LesionStatus>(t, row, "status", kStatusNames)
                                            : std::optional(LesionStatus::kMeasured);
  const auto diameter = t.Number(row, "diameter_mm");
  bool ok = status.has_value() && (diameter || !t.Text(row, "diameter_mm"));
  if (diameter && *diameter < 0) {
    t.Problem(row, "diameter_mm", "a diameter cannot be negative");
    ok = false;
  }
  if (status == LesionStatus::kMeasured && !diameter && ok) {
    t.Problem(row, "diameter_mm", "a measured lesion needs its diameter");
    ok = false;
  }
  const auto day = t.Day(row, "day");
  if (!day && !t.Text(row, "day")) t.Problem(row, "day", "a value is required");
  if (!id || !lesion_id || !ok || !day) return;
  b.AddMeasurement(LesionMeasurement{*id, *lesion_id, t.Text(row, "visit").value_or(""), *day,
                                     *status, diameter},
                   t.At(row, "lesion_id"));
}

}  // namespace

void ImportStudyTable(const TableReader& t, Builder& b) { EachRow(t, b, {"name"}, StudyRow); }
void ImportArms(const TableReader& t, Builder& b) { EachRow(t, b, {"code"}, ArmRow); }
void ImportSubjects(const TableReader& t, Builder& b) { EachRow(t, b, {"subject_id"}, SubjectRow); }
void ImportExposures(const TableReader& t, Builder& b) {
  EachRow(t, b, {"subject_id", "drug", "start_day"}, ExposureRow);
}
void ImportLesions(const TableReader& t, Builder& b) {
  EachRow(t, b, {"subject_id", "lesion_id", "role"}, LesionRow);
}
void ImportMeasurements(const TableReader& t, Builder& b) {
  EachRow(t, b, {"subject_id", "lesion_id", "day"}, MeasurementRow);
}

}  // namespace pioneer::study::internal
