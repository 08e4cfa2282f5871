// Tumour records: lesions, their measurements and overall responses.
#include "records.h"

namespace pioneer::store::internal {

void WriteTumourRecords(const Database& db, const study::Study& records) {
  Statement lesion(db,
                   "INSERT INTO lesions (subject_id, lesion_id, role, lymph_node, location) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const study::Lesion& l : records.lesions) {
    lesion.Run(l.subject_id, l.lesion_id, EnumText(kRoleNames, l.role), l.lymph_node, l.location);
  }
  Statement measurement(db,
                        "INSERT INTO measurements (subject_id, lesion_id, visit, day, status, "
                        "diameter_mm) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const study::LesionMeasurement& m : records.measurements) {
    measurement.Run(m.subject_id, m.lesion_id, m.visit, m.day, EnumText(kStatusNames, m.status),
                    m.diameter_mm);
  }
  Statement response(db,
                     "INSERT INTO responses (subject_id, visit, day, criteria, response) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const study::ResponseAssessment& r : records.responses) {
    response.Run(r.subject_id, r.visit, r.day, r.criteria, r.response);
  }
}

void ReadTumourRecords(const Database& db, study::Study& study) {
  Statement lesions(db,
                    "SELECT subject_id, lesion_id, role, lymph_node, location "
                    "FROM lesions ORDER BY ordinal");
  while (lesions.Next()) {
    study.lesions.push_back({lesions.Text(0), lesions.Text(1),
                             EnumValue(kRoleNames, lesions.Text(2), db, "lesions.role"),
                             lesions.Int(3) != 0, lesions.Text(4)});
  }
  Statement measurements(db,
                         "SELECT subject_id, lesion_id, visit, day, status, diameter_mm "
                         "FROM measurements ORDER BY ordinal");
  while (measurements.Next()) {
    study.measurements.push_back(
        {measurements.Text(0), measurements.Text(1), measurements.Text(2), Day(measurements, 3),
         EnumValue(kStatusNames, measurements.Text(4), db, "measurements.status"),
         measurements.OptionalReal(5)});
  }
  Statement responses(db,
                      "SELECT subject_id, visit, day, criteria, response "
                      "FROM responses ORDER BY ordinal");
  while (responses.Next()) {
    study.responses.push_back({responses.Text(0), responses.Text(1), Day(responses, 2),
                               responses.Text(3), responses.Text(4)});
  }
}

}  // namespace pioneer::store::internal
