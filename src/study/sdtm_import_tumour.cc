// SDTM TU (tumour identification) and TR (tumour results) -> Lesion and
// LesionMeasurement. Rules: docs/DATA_FORMATS.md, RECIST 1.1 §4.2-4.3.
#include <fmt/format.h>

#include <algorithm>

#include "builder.h"
#include "format.h"

namespace pioneer::study::internal {
namespace {

// A lymph node is flagged by TUNODE (Y/N, a pioneer extension) when given,
// else by a TULOC containing "LYMPH NODE".
bool IsLymphNode(const TableReader& t, std::size_t row) {
  if (t.Text(row, "TUNODE")) return t.Choice(row, "TUNODE", kSdtmYesNo).value_or(0) == 1;
  const auto location = t.Upper(row, "TULOC");
  return location && location->find("LYMPH NODE") != std::string::npos;
}

void TuRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "USUBJID");
  const auto lesion_id = t.RequiredText(row, "TULNKID");
  const auto role = t.Choice(row, "TUSTRESC", kSdtmRole);
  if (!role && !t.Text(row, "TUSTRESC")) t.Problem(row, "TUSTRESC", "a value is required");
  const bool node = IsLymphNode(t, row);
  if (!id || !lesion_id || !role) return;
  const Lesion lesion{*id, *lesion_id, static_cast<LesionRole>(*role), node,
                      t.Text(row, "TULOC").value_or("")};
  if (!b.DefineLesion(lesion)) {
    t.Problem(row, "TULNKID", "duplicate lesion for this subject");
  }
}

// TRTESTCD values that carry a lesion's state; others (SUMDIAM, derived
// sums) are not lesion records and are skipped.
const std::vector<std::string_view> kLesionTests = {"LDIAM", "SAXIS", "DIAMETER", "TUMSTATE"};

// TRSTRESC: a number (or empty) means measured, else one of the status terms.
std::optional<LesionStatus> TrStatus(const TableReader& t, std::size_t row) {
  const auto text = t.Upper(row, "TRSTRESC");
  if (!text || core::ParseDouble(*text)) return LesionStatus::kMeasured;
  for (std::size_t i = 1; i < kSdtmStatus.size(); ++i) {
    if (*text == kSdtmStatus[i]) return static_cast<LesionStatus>(i);
  }
  if (*text == "NOT EVALUATED" || *text == "NE") return LesionStatus::kNotEvaluated;
  t.Problem(row, "TRSTRESC",
            "expected a number or one of PRESENT, ABSENT, TOO SMALL, NOT EVALUABLE, "
            "UNEQUIVOCAL PROGRESSION");
  return std::nullopt;
}

// Diameters are millimetres; SDTM carries the unit in TRSTRESU.
std::optional<double> TrDiameter(const TableReader& t, std::size_t row, bool& ok) {
  const auto diameter = t.Number(row, "TRSTRESN");
  if (!diameter) {
    ok = !t.Text(row, "TRSTRESN");
    return diameter;
  }
  const auto unit = t.Text(row, "TRSTRESU");
  if (!unit) {
    t.Problem(row, "TRSTRESU", "a lesion diameter needs its unit (mm)");
    ok = false;
  } else if (*unit != "mm") {
    t.Problem(row, "TRSTRESU", "lesion diameters must be in mm");
    ok = false;
  }
  if (*diameter < 0) {
    t.Problem(row, "TRSTRESN", "a diameter cannot be negative");
    ok = false;
  }
  return diameter;
}

void TrRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto test = t.Upper(row, "TRTESTCD");
  if (!test || std::find(kLesionTests.begin(), kLesionTests.end(), *test) == kLesionTests.end()) {
    return;
  }
  const auto id = b.KnownSubject(t, row, "USUBJID");
  const Subject* subject = id ? b.FindSubject(*id) : nullptr;
  const auto lesion_id = t.RequiredText(row, "TRLNKID");
  if (id && lesion_id && b.FindLesion(*id, *lesion_id) == nullptr) {
    t.Problem(row, "TRLNKID", "unknown lesion (not in TU, the lesions table or the study)");
    return;
  }
  const auto status = TrStatus(t, row);
  bool diameter_ok = true;
  const auto diameter = TrDiameter(t, row, diameter_ok);
  if (status == LesionStatus::kMeasured && !diameter && diameter_ok) {
    t.Problem(row, "TRSTRESN", "a measured lesion needs its diameter");
    diameter_ok = false;
  }
  const auto day = SdtmDay(t, row, "TR", subject, true);
  if (!id || !lesion_id || !status || !diameter_ok || !day) return;
  b.AddMeasurement(LesionMeasurement{*id, *lesion_id, t.Text(row, "VISIT").value_or(""), *day,
                                     *status, diameter},
                   t.At(row, "TRLNKID"));
}

}  // namespace

void ImportTu(const TableReader& t, Builder& b) {
  EachRow(t, b, {"USUBJID", "TULNKID", "TUSTRESC"}, TuRow);
}
void ImportTr(const TableReader& t, Builder& b) {
  EachRow(t, b, {"USUBJID", "TRLNKID", "TRTESTCD"}, TrRow);
}

}  // namespace pioneer::study::internal
