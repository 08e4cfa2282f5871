// A complete text rendering of a Study (every field of every record, numbers
// with 17 significant digits), used to compare two simulated studies exactly
// without depending on a file layout.
#pragma once

#include <fmt/format.h>

#include <string>

#include "pioneer/study/model.h"

namespace pioneer::sim::testing {

inline std::string Num(const std::optional<double>& v) {
  return v ? fmt::format("{:.17g}", *v) : "NA";
}
inline std::string Int(const std::optional<std::int32_t>& v) {
  return v ? std::to_string(*v) : "NA";
}

inline std::string Describe(const study::Study& s) {
  std::string out = s.name + "\n";
  for (const auto& a : s.arms) out += fmt::format("arm {} {}\n", a.code, a.description);
  for (const auto& x : s.subjects) {
    out += fmt::format("subject {} {} {} {} {} {} {} {} {} {} {} {} {} {} {}\n", x.id, x.site,
                       x.arm, x.reference_start ? x.reference_start->days_since_epoch : -1,
                       Num(x.age_years), static_cast<int>(x.sex), x.histology, x.stage,
                       x.ecog.value_or(-1), static_cast<int>(x.smoking), Num(x.pdl1_tps_pct),
                       Int(x.death_day), Int(x.last_contact_day), Int(x.new_therapy_day), "");
  }
  for (const auto& e : s.exposures) {
    out += fmt::format("ex {} {} {} {} {} {}\n", e.subject_id, e.drug, Num(e.dose), e.dose_unit,
                       e.start_day, Int(e.end_day));
  }
  for (const auto& l : s.lesions) {
    out += fmt::format("tu {} {} {} {} {}\n", l.subject_id, l.lesion_id, static_cast<int>(l.role),
                       l.lymph_node, l.location);
  }
  for (const auto& m : s.measurements) {
    out += fmt::format("tr {} {} {} {} {} {}\n", m.subject_id, m.lesion_id, m.visit, m.day,
                       static_cast<int>(m.status), Num(m.diameter_mm));
  }
  for (const auto& r : s.responses) {
    out += fmt::format("rs {} {} {} {} {}\n", r.subject_id, r.visit, r.day, r.criteria, r.response);
  }
  for (const auto& a : s.adverse_events) {
    out += fmt::format("ae {} {} {} {} {} {} {}\n", a.subject_id, a.term, a.grade.value_or(-1),
                       a.onset_day, Int(a.end_day), a.serious, a.related);
  }
  for (const auto& x : s.samples) {
    out += fmt::format("sample {} {} {} {} {}\n", x.sample_id, x.subject_id,
                       static_cast<int>(x.kind), x.timepoint, x.day);
  }
  for (const auto& a : s.assay_results) {
    out += fmt::format("assay {} {} {} {}\n", a.sample_id, a.analyte, Num(a.value), a.unit);
  }
  for (const auto& d : s.dispositions) {
    out += fmt::format("ds {} {} {}\n", d.subject_id, d.term, d.day);
  }
  for (const auto& a : s.animals) {
    out +=
        fmt::format("animal {} {} {} {} {}\n", a.study, a.arm, a.animal, a.day, Num(a.volume_mm3));
  }
  return out;
}

}  // namespace pioneer::sim::testing
