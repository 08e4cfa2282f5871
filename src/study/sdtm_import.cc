// SDTM domains DM, EX, RS, AE, LB, DS -> model records (TU and TR are in
// sdtm_import_tumour.cc). Variables and rules: docs/DATA_FORMATS.md.
#include <fmt/format.h>

#include "builder.h"
#include "format.h"

namespace pioneer::study::internal {

std::optional<std::int32_t> SdtmDay(const TableReader& t, std::size_t row,
                                    const std::string& prefix, const Subject* subject,
                                    bool required) {
  const std::string dtc = prefix + "DTC";
  const std::string dy = prefix + "DY";
  std::optional<std::int32_t> from_date;
  std::optional<std::int32_t> from_dy;
  if (const auto date = t.Date(row, dtc); date && subject != nullptr) {
    if (subject->reference_start) {
      from_date = *date - *subject->reference_start;
    } else {
      t.Problem(row, dtc, "a date needs the subject's RFSTDTC (DM) to give a study day");
    }
  }
  if (const auto value = t.Day(row, dy)) {
    if (*value == 0) {
      t.Problem(row, dy, "SDTM study days have no day 0 (day 1 is the reference start date)");
    } else {
      from_dy = *value >= 1 ? *value - 1 : *value;
    }
  }
  if (from_date && from_dy && *from_date != *from_dy) {
    t.Problem(row, dy,
              fmt::format("disagrees with {}, which gives {} = {}", dtc, dy, SdtmDy(*from_date)));
    return std::nullopt;
  }
  if (from_date) return from_date;
  if (from_dy) return from_dy;
  if (required && !t.Text(row, dtc) && !t.Text(row, dy)) {
    t.Problem(row, t.Col(dtc) ? dtc : dy,
              fmt::format("a date ({}) or a study day ({}) is required", dtc, dy));
  }
  return std::nullopt;
}

namespace {

void DmArm(const TableReader& t, std::size_t row, Builder& b, Subject& s) {
  const auto code = t.Text(row, "ARMCD");
  const auto description = t.Text(row, "ARM");
  if (!code) return;  // not assigned to an arm (e.g. a screen failure)
  if (description) {
    b.DefineArm(Arm{*code, *description}, t, row, "ARM");
  } else if (!b.ArmKnown(*code)) {
    t.Problem(row, "ARMCD", "unknown arm: give its description in ARM or in the arms table");
    return;
  }
  MergeText(s.arm, code, t, row, "ARMCD");
}

void DmRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto raw = t.SubjectId(row, "USUBJID");  // STUDYID: CheckSdtmRows (build_study.cc)
  if (!raw) return;
  const std::string id = b.pseudonymiser().Resolve(*raw);
  if (b.IsStored(id)) return t.Problem(row, "USUBJID", "subject already in the study");
  if (!b.FirstRowOf("dm", id)) return t.Problem(row, "USUBJID", "duplicate subject");
  bool created = false;
  Subject& s = b.NewOrExistingInImport(id, created);
  MergeText(s.site, t.Text(row, "SITEID"), t, row, "SITEID");
  DmArm(t, row, b, s);
  if (const auto age = t.Number(row, "AGE"); age && *age < 0) {
    t.Problem(row, "AGE", "an age cannot be negative");
  } else {
    MergeField(s.age_years, age, t, row, "AGE");
  }
  t.Choice(row, "AGEU", {"YEARS"});
  if (const auto sex = t.Choice(row, "SEX", kSdtmSex)) s.sex = static_cast<Sex>(*sex);
  MergeField(s.reference_start, t.Date(row, "RFSTDTC"), t, row, "RFSTDTC");
  if (const auto death = t.Date(row, "DTHDTC")) {
    if (!s.reference_start) {
      t.Problem(row, "DTHDTC", "a date needs the subject's RFSTDTC to give a study day");
    } else {
      MergeField(s.death_day, std::optional<std::int32_t>(*death - *s.reference_start), t, row,
                 "DTHDTC");
    }
  }
}

void ExRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "USUBJID");
  const Subject* subject = id ? b.FindSubject(*id) : nullptr;
  const auto drug = t.RequiredText(row, "EXTRT");
  const auto dose = t.Number(row, "EXDOSE");
  if (dose && *dose < 0) t.Problem(row, "EXDOSE", "a dose cannot be negative");
  const auto start = SdtmDay(t, row, "EXST", subject, true);
  const auto end = SdtmDay(t, row, "EXEN", subject, false);
  if (start && end && *end < *start) t.Problem(row, "EXENDY", "the exposure ends before it starts");
  if (!id || !drug || !start) return;
  b.out().exposures.push_back(
      Exposure{*id, *drug, dose, t.Text(row, "EXDOSU").value_or(""), *start, end});
}

void RsRow(const TableReader& t, std::size_t row, Builder& b) {
  // Only the overall response at a timepoint is a ResponseAssessment; other
  // RS tests (e.g. BESTRSP, derived) are not imported.
  if (const auto test = t.Upper(row, "RSTESTCD"); test && *test != "OVRLRESP") return;
  const auto id = b.KnownSubject(t, row, "USUBJID");
  const Subject* subject = id ? b.FindSubject(*id) : nullptr;
  const auto criteria = Criteria(t, row, "RSCAT");
  const auto response = t.RequiredText(row, "RSSTRESC");
  const auto day = SdtmDay(t, row, "RS", subject, true);
  if (!id || !criteria || !response || !day) return;
  if (!CheckResponse(t, row, "RSSTRESC", *criteria, *response)) return;
  b.out().responses.push_back(
      ResponseAssessment{*id, t.Text(row, "VISIT").value_or(""), *day, *criteria, *response});
}

// AEREL: Y/N (SDTMIG) or the causality terms sponsors use.
const std::vector<std::string_view> kRelatedTerms = {
    "N",       "NOT RELATED",      "UNLIKELY RELATED", "Y",
    "RELATED", "POSSIBLY RELATED", "PROBABLY RELATED", "DEFINITELY RELATED"};
constexpr std::size_t kFirstRelated = 3;

void AeRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "USUBJID");
  const Subject* subject = id ? b.FindSubject(*id) : nullptr;
  const auto term = t.RequiredText(row, "AEDECOD");
  AdverseEvent ae;
  CheckGrade(t, row, "AETOXGR", t.Integer(row, "AETOXGR"), ae.grade);
  const auto onset = SdtmDay(t, row, "AEST", subject, true);
  ae.end_day = SdtmDay(t, row, "AEEN", subject, false);
  if (onset && ae.end_day && *ae.end_day < *onset) {
    t.Problem(row, "AEENDY", "the adverse event ends before it starts");
  }
  ae.serious = t.Choice(row, "AESER", kSdtmYesNo).value_or(0) == 1;
  ae.related = t.Choice(row, "AEREL", kRelatedTerms).value_or(0) >= kFirstRelated;
  if (!id || !term || !onset) return;
  ae.subject_id = *id;
  ae.term = *term;
  ae.onset_day = *onset;
  b.out().adverse_events.push_back(std::move(ae));
}

const std::vector<std::string_view> kSpecimens = {
    "BLOOD", "WHOLE BLOOD", "SERUM", "PLASMA", "TISSUE", "TUMOR TISSUE", "TUMOUR TISSUE", "BIOPSY"};
constexpr std::size_t kFirstTissue = 4;

void LbRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "USUBJID");
  const Subject* subject = id ? b.FindSubject(*id) : nullptr;
  const auto analyte = t.RequiredText(row, "LBTESTCD");
  const auto spec = t.Choice(row, "LBSPEC", kSpecimens);
  if (!spec && !t.Text(row, "LBSPEC")) t.Problem(row, "LBSPEC", "a value is required");
  const auto day = SdtmDay(t, row, "LB", subject, true);
  if (!id || !analyte || !spec || !day) return;
  const SampleKind kind = *spec >= kFirstTissue ? SampleKind::kBiopsy : SampleKind::kBlood;
  // Without LBREFID, one sample per subject, specimen kind and day.
  const std::string sample_id = *b.SampleId(
      t.Text(row, "LBREFID")
          .value_or(fmt::format("{}-{}-D{}", *id, kind == SampleKind::kBlood ? "BLOOD" : "TISSUE",
                                *day)));
  b.DefineSample(Sample{sample_id, *id, kind, t.Text(row, "VISIT").value_or(""), *day}, t, row,
                 t.Col("LBREFID") ? "LBREFID" : "USUBJID");
  b.out().assay_results.push_back(AssayResult{sample_id, *analyte, t.Number(row, "LBSTRESN"),
                                              t.Text(row, "LBSTRESU").value_or("")});
}

void DsRow(const TableReader& t, std::size_t row, Builder& b) {
  const auto id = b.KnownSubject(t, row, "USUBJID");
  const Subject* subject = id ? b.FindSubject(*id) : nullptr;
  const auto term = t.RequiredText(row, "DSDECOD");
  const auto day = SdtmDay(t, row, "DSST", subject, true);
  if (!id || !term || !day) return;
  b.AddDisposition(Disposition{*id, *term, *day}, t.At(row, "DSDECOD"));
}

}  // namespace

void ImportDm(const TableReader& t, Builder& b) { EachRow(t, b, {"USUBJID"}, DmRow); }
void ImportEx(const TableReader& t, Builder& b) { EachRow(t, b, {"USUBJID", "EXTRT"}, ExRow); }
void ImportRs(const TableReader& t, Builder& b) {
  EachRow(t, b, {"USUBJID", "RSCAT", "RSSTRESC"}, RsRow);
}
void ImportAe(const TableReader& t, Builder& b) { EachRow(t, b, {"USUBJID", "AEDECOD"}, AeRow); }
void ImportLb(const TableReader& t, Builder& b) {
  EachRow(t, b, {"USUBJID", "LBTESTCD", "LBSPEC"}, LbRow);
}
void ImportDs(const TableReader& t, Builder& b) { EachRow(t, b, {"USUBJID", "DSDECOD"}, DsRow); }

}  // namespace pioneer::study::internal
