// Samples, assay results on them, and in-vivo animal measurements.
#include "records.h"

namespace pioneer::store::internal {

void WriteSampleRecords(const Database& db, const study::Study& records) {
  Statement sample(db,
                   "INSERT INTO samples (sample_id, subject_id, kind, timepoint, day) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const study::Sample& s : records.samples) {
    sample.Run(s.sample_id, s.subject_id, EnumText(kKindNames, s.kind), s.timepoint, s.day);
  }
  Statement assay(db,
                  "INSERT INTO assay_results (sample_id, analyte, value, unit) "
                  "VALUES (?1, ?2, ?3, ?4)");
  for (const study::AssayResult& a : records.assay_results) {
    assay.Run(a.sample_id, a.analyte, a.value, a.unit);
  }
  Statement animal(db,
                   "INSERT INTO animals (study, arm, animal, day, volume_mm3) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const study::AnimalMeasurement& a : records.animals) {
    animal.Run(a.study, a.arm, a.animal, a.day, a.volume_mm3);
  }
}

void ReadSampleRecords(const Database& db, study::Study& study) {
  Statement samples(db,
                    "SELECT sample_id, subject_id, kind, timepoint, day "
                    "FROM samples ORDER BY ordinal");
  while (samples.Next()) {
    study.samples.push_back({samples.Text(0), samples.Text(1),
                             EnumValue(kKindNames, samples.Text(2), db, "samples.kind"),
                             samples.Text(3), Day(samples, 4)});
  }
  Statement assays(db,
                   "SELECT sample_id, analyte, value, unit FROM assay_results ORDER BY ordinal");
  while (assays.Next()) {
    study.assay_results.push_back(
        {assays.Text(0), assays.Text(1), assays.OptionalReal(2), assays.Text(3)});
  }
  Statement animals(db, "SELECT study, arm, animal, day, volume_mm3 FROM animals ORDER BY ordinal");
  while (animals.Next()) {
    study.animals.push_back({animals.Text(0), animals.Text(1), animals.Text(2), Day(animals, 3),
                             animals.OptionalReal(4)});
  }
}

}  // namespace pioneer::store::internal
