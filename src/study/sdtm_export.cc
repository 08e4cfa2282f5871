// ToSdtm: the SDTM domains DM EX TU TR RS AE LB DS, plus the pioneer-layout
// tables for what SDTM does not hold (arms, subjects' baseline
// characteristics and outcome days, samples, animals). Study days are
// written as --DY and, when RFSTDTC is known, as --DTC dates too.
#include <map>

#include "format.h"

namespace pioneer::study {
namespace {

using internal::FormatInt;
using internal::FormatNumber;
using internal::TableWriter;
using internal::Term;

class SdtmWriter {
 public:
  explicit SdtmWriter(const Study& s) : s_(s) {
    for (const Subject& x : s.subjects) subjects_[x.id] = &x;
    for (const Arm& a : s.arms) arms_[a.code] = a.description;
    for (const Lesion& l : s.lesions) lesions_[{l.subject_id, l.lesion_id}] = &l;
    for (const Sample& x : s.samples) samples_[x.sample_id] = &x;
  }
  std::vector<NamedTable> Write();

 private:
  // Leading STUDYID, DOMAIN, USUBJID columns and the domain's own.
  TableWriter Domain(const std::string& domain, std::vector<std::string> columns) const;
  std::vector<std::string> Key(const std::string& domain, const std::string& subject) const {
    return {s_.name, internal::ToUpperAscii(domain), subject};
  }
  // --DTC and --DY of a study day.
  std::vector<std::string> When(const std::string& subject, std::optional<std::int32_t> day) const;
  void Dm(std::vector<NamedTable>& out) const;
  void ExAeDs(std::vector<NamedTable>& out) const;
  void TuTrRs(std::vector<NamedTable>& out) const;
  void Lb(std::vector<NamedTable>& out) const;

  const Study& s_;
  std::map<std::string, const Subject*> subjects_;
  std::map<std::string, std::string> arms_;
  std::map<std::pair<std::string, std::string>, const Lesion*> lesions_;
  std::map<std::string, const Sample*> samples_;
};

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TableWriter SdtmWriter::Domain(const std::string& domain, std::vector<std::string> columns) const {
  return TableWriter(domain, Concat({"STUDYID", "DOMAIN", "USUBJID"}, columns));
}

std::vector<std::string> SdtmWriter::When(const std::string& subject,
                                          std::optional<std::int32_t> day) const {
  if (!day) return {"", ""};
  const auto it = subjects_.find(subject);
  std::string date;
  if (it != subjects_.end() && it->second->reference_start) {
    date = core::FormatIsoDate(core::AddDays(*it->second->reference_start, *day));
  }
  return {date, std::to_string(internal::SdtmDy(*day))};
}

void SdtmWriter::Dm(std::vector<NamedTable>& out) const {
  TableWriter dm = Domain("dm", {"SITEID", "ARMCD", "ARM", "AGE", "AGEU", "SEX", "RFSTDTC"});
  TableWriter more("subjects",
                   {"subject_id", "histology", "stage", "ecog", "smoking", "pdl1_tps_pct",
                    "death_day", "last_contact_day", "new_therapy_day"});
  for (const Subject& x : s_.subjects) {
    const auto arm = arms_.find(x.arm);
    dm.Row(Concat(Key("dm", x.id),
                  {x.site, x.arm, arm == arms_.end() ? "" : arm->second, FormatNumber(x.age_years),
                   x.age_years ? "YEARS" : "", Term(internal::kSdtmSex, x.sex),
                   x.reference_start ? core::FormatIsoDate(*x.reference_start) : ""}));
    more.Row({x.id, x.histology, x.stage, FormatInt(x.ecog),
              Term(internal::kSmokingNames, x.smoking), FormatNumber(x.pdl1_tps_pct),
              FormatInt(x.death_day), FormatInt(x.last_contact_day), FormatInt(x.new_therapy_day)});
  }
  dm.AppendTo(out);
  more.AppendTo(out);
}

void SdtmWriter::ExAeDs(std::vector<NamedTable>& out) const {
  TableWriter ex =
      Domain("ex", {"EXTRT", "EXDOSE", "EXDOSU", "EXSTDTC", "EXSTDY", "EXENDTC", "EXENDY"});
  for (const Exposure& x : s_.exposures) {
    ex.Row(
        Concat(Concat(Concat(Key("ex", x.subject_id), {x.drug, FormatNumber(x.dose), x.dose_unit}),
                      When(x.subject_id, x.start_day)),
               When(x.subject_id, x.end_day)));
  }
  ex.AppendTo(out);
  TableWriter ae = Domain(
      "ae", {"AEDECOD", "AETOXGR", "AESTDTC", "AESTDY", "AEENDTC", "AEENDY", "AESER", "AEREL"});
  for (const AdverseEvent& x : s_.adverse_events) {
    auto row = Concat(Key("ae", x.subject_id), {x.term, FormatInt(x.grade)});
    row = Concat(Concat(row, When(x.subject_id, x.onset_day)), When(x.subject_id, x.end_day));
    ae.Row(Concat(row, {Term(internal::kSdtmYesNo, x.serious ? 1 : 0),
                        Term(internal::kSdtmYesNo, x.related ? 1 : 0)}));
  }
  ae.AppendTo(out);
  TableWriter ds = Domain("ds", {"DSDECOD", "DSSTDTC", "DSSTDY"});
  for (const Disposition& x : s_.dispositions) {
    ds.Row(Concat(Concat(Key("ds", x.subject_id), {x.term}), When(x.subject_id, x.day)));
  }
  ds.AppendTo(out);
}

// TR: a measured lesion is LDIAM (SAXIS for a node) with its diameter; a
// target lesion in another state keeps that test with the state in
// TRSTRESC; a non-target or new lesion's state is TUMSTATE.
std::string TrTest(const Lesion* lesion, LesionStatus status) {
  const bool node = lesion != nullptr && lesion->lymph_node;
  const bool target = lesion == nullptr || lesion->role == LesionRole::kTarget;
  if (status == LesionStatus::kMeasured || target) return node ? "SAXIS" : "LDIAM";
  return "TUMSTATE";
}

void SdtmWriter::TuTrRs(std::vector<NamedTable>& out) const {
  TableWriter tu = Domain("tu", {"TULNKID", "TUTESTCD", "TUSTRESC", "TULOC", "TUNODE"});
  for (const Lesion& x : s_.lesions) {
    tu.Row(Concat(Key("tu", x.subject_id),
                  {x.lesion_id, "TUMIDENT", Term(internal::kSdtmRole, x.role), x.location,
                   Term(internal::kSdtmYesNo, x.lymph_node ? 1 : 0)}));
  }
  tu.AppendTo(out);
  TableWriter tr = Domain(
      "tr", {"TRLNKID", "TRTESTCD", "TRSTRESC", "TRSTRESN", "TRSTRESU", "VISIT", "TRDTC", "TRDY"});
  for (const LesionMeasurement& x : s_.measurements) {
    const auto lesion = lesions_.find({x.subject_id, x.lesion_id});
    const std::string diameter = FormatNumber(x.diameter_mm);
    tr.Row(Concat(
        Concat(
            Key("tr", x.subject_id),
            {x.lesion_id, TrTest(lesion == lesions_.end() ? nullptr : lesion->second, x.status),
             x.status == LesionStatus::kMeasured ? diameter : Term(internal::kSdtmStatus, x.status),
             diameter, x.diameter_mm ? "mm" : "", x.visit}),
        When(x.subject_id, x.day)));
  }
  tr.AppendTo(out);
  TableWriter rs = Domain("rs", {"RSTESTCD", "RSCAT", "RSSTRESC", "VISIT", "RSDTC", "RSDY"});
  for (const ResponseAssessment& x : s_.responses) {
    rs.Row(Concat(Concat(Key("rs", x.subject_id), {"OVRLRESP", x.criteria, x.response, x.visit}),
                  When(x.subject_id, x.day)));
  }
  rs.AppendTo(out);
}

// LB holds assay results; the samples they belong to are also written as a
// pioneer "samples" table (keeps samples without results and their order).
void SdtmWriter::Lb(std::vector<NamedTable>& out) const {
  TableWriter lb = Domain(
      "lb", {"LBREFID", "LBTESTCD", "LBSTRESN", "LBSTRESU", "LBSPEC", "VISIT", "LBDTC", "LBDY"});
  for (const AssayResult& x : s_.assay_results) {
    const auto sample = samples_.find(x.sample_id);
    if (sample == samples_.end()) continue;  // an orphan result has no subject to file under
    const Sample& s = *sample->second;
    lb.Row(Concat(Concat(Key("lb", s.subject_id),
                         {x.sample_id, x.analyte, FormatNumber(x.value), x.unit,
                          s.kind == SampleKind::kBlood ? "BLOOD" : "TISSUE", s.timepoint}),
                  When(s.subject_id, s.day)));
  }
  lb.AppendTo(out);
}

std::vector<NamedTable> SdtmWriter::Write() {
  std::vector<NamedTable> out;
  TableWriter arms("arms", {"code", "description"});
  for (const Arm& a : s_.arms) arms.Row({a.code, a.description});
  arms.AppendTo(out);
  if (s_.subjects.empty()) {
    TableWriter name("study", {"name"});
    if (!s_.name.empty()) name.Row({s_.name});
    name.AppendTo(out);
  }
  Dm(out);
  ExAeDs(out);
  TuTrRs(out);
  Lb(out);
  for (const NamedTable& t : ToPioneerLayout(s_)) {
    if (t.name == "samples" || t.name == "animals") out.push_back(t);
  }
  return out;
}

}  // namespace

std::vector<NamedTable> ToSdtm(const Study& study) { return SdtmWriter(study).Write(); }

}  // namespace pioneer::study
