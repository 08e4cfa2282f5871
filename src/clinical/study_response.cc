// Study -> rules engine -> ADaM-style tables (pioneer/clinical/study_response.h).
#include "pioneer/clinical/study_response.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "pioneer/clinical/response_json.h"
#include "pioneer/core/error.h"

namespace pioneer::clinical {
namespace {

constexpr const char* kSource = "study";  // file name of the diagnostics

struct SubjectData {
  const study::Subject* subject = nullptr;
  std::map<std::string, const study::Lesion*> lesions;
  std::vector<const study::LesionMeasurement*> measurements;
  std::optional<Day> first_dose, last_dose;
  std::optional<Day> death_from_ds;
  Day last_record_day = 0;
};

bool IsBaselineLabel(const std::string& visit) {
  std::string upper = visit;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "BASELINE";
}

std::map<std::string, SubjectData> Gather(const study::Study& study) {
  std::map<std::string, SubjectData> out;
  for (const study::Subject& s : study.subjects) {
    out[s.id].subject = &s;
    out[s.id].last_record_day =
        std::max({0, s.death_day.value_or(0), s.last_contact_day.value_or(0)});
  }
  for (const study::Lesion& l : study.lesions) {
    if (out.contains(l.subject_id)) out[l.subject_id].lesions[l.lesion_id] = &l;
  }
  for (const study::LesionMeasurement& m : study.measurements) {
    auto it = out.find(m.subject_id);
    if (it == out.end()) continue;
    it->second.measurements.push_back(&m);
    it->second.last_record_day = std::max(it->second.last_record_day, m.day);
  }
  for (const study::Exposure& e : study.exposures) {
    auto it = out.find(e.subject_id);
    if (it == out.end()) continue;
    SubjectData& d = it->second;
    const Day end = std::max(e.start_day, e.end_day.value_or(e.start_day));
    d.first_dose = std::min(d.first_dose.value_or(e.start_day), e.start_day);
    d.last_dose = std::max(d.last_dose.value_or(end), end);
    d.last_record_day = std::max(d.last_record_day, end);
  }
  for (const study::Disposition& ds : study.dispositions) {
    auto it = out.find(ds.subject_id);
    if (it == out.end()) continue;
    if (ds.term == "DEATH" && !it->second.death_from_ds) it->second.death_from_ds = ds.day;
    it->second.last_record_day = std::max(it->second.last_record_day, ds.day);
  }
  return out;
}

// The engine's status for a study status. Combinations the engine does not
// allow for the lesion type are passed through so that ValidatePatient names them.
LesionStatus MapStatus(const study::LesionMeasurement& m, LesionType type, NewLesionClass cls) {
  using S = study::LesionStatus;
  const bool categorical = type == LesionType::kNonTarget ||
                           (type == LesionType::kNew && cls == NewLesionClass::kNonTarget);
  switch (m.status) {
    case S::kMeasured:
      // A measured non-target (some CRFs record one) is present unless 0 mm.
      if (categorical)
        return m.diameter_mm.value_or(1.0) > 0 ? LesionStatus::kPresent : LesionStatus::kAbsent;
      return LesionStatus::kMeasured;
    case S::kPresent:
      return LesionStatus::kPresent;
    case S::kAbsent:
      return LesionStatus::kAbsent;
    case S::kTooSmall:
      return LesionStatus::kTooSmall;
    case S::kNotEvaluated:
      return LesionStatus::kNotEvaluated;
    case S::kUnequivocalProgression:
      return LesionStatus::kUnequivocalProgression;
  }
  return LesionStatus::kNotEvaluated;
}

LesionType MapRole(study::LesionRole role) {
  switch (role) {
    case study::LesionRole::kTarget:
      return LesionType::kTarget;
    case study::LesionRole::kNonTarget:
      return LesionType::kNonTarget;
    case study::LesionRole::kNew:
      return LesionType::kNew;
  }
  return LesionType::kTarget;
}

// iRECIST class of each new lesion (I-02): measured at first sight -> NLT.
std::map<std::string, NewLesionClass> NewLesionClasses(const SubjectData& d) {
  std::map<std::string, NewLesionClass> out;
  for (const study::LesionMeasurement* m : d.measurements) {  // day order
    const auto l = d.lesions.find(m->lesion_id);
    if (l == d.lesions.end() || l->second->role != study::LesionRole::kNew ||
        out.contains(m->lesion_id))
      continue;
    const bool measured = (m->status == study::LesionStatus::kMeasured && m->diameter_mm) ||
                          m->status == study::LesionStatus::kTooSmall;
    out[m->lesion_id] = measured ? NewLesionClass::kTarget : NewLesionClass::kNonTarget;
  }
  return out;
}

// Builds the visits; returns false (with a reason) when the subject has no
// tumour data or no baseline. Unknown lesion ids go to `problems`.
bool BuildVisits(const SubjectData& d, Patient& p, std::string& reason,
                 DiagnosticCollector& problems) {
  if (d.measurements.empty()) {
    reason = "no tumour assessment";
    return false;
  }
  std::map<Day, Visit> visits;
  std::set<Day> labelled_baseline;
  const auto classes = NewLesionClasses(d);
  for (const study::LesionMeasurement* m : d.measurements) {
    const auto l = d.lesions.find(m->lesion_id);
    if (l == d.lesions.end()) {
      problems.Add(
          kSource, 0, 0,
          fmt::format("patient {}, visit day {}: lesion {} has a measurement but is not in "
                      "the lesion table",
                      p.id, m->day, m->lesion_id));
      continue;
    }
    Visit& v = visits[m->day];
    v.day = m->day;
    if (IsBaselineLabel(m->visit)) labelled_baseline.insert(m->day);
    Lesion x;
    x.id = m->lesion_id;
    x.type = MapRole(l->second->role);
    x.node = l->second->lymph_node;
    if (x.type == LesionType::kNew) x.new_class = classes.at(m->lesion_id);
    x.status = MapStatus(*m, x.type, x.new_class);
    if (x.status == LesionStatus::kMeasured) {
      if (!m->diameter_mm) {
        problems.Add(kSource, 0, 0,
                     fmt::format("patient {}, visit day {}, lesion {}: measured but no diameter",
                                 p.id, m->day, m->lesion_id));
      }
      x.diameter_mm = m->diameter_mm.value_or(0.0);
    }
    v.lesions.push_back(std::move(x));
  }
  if (!labelled_baseline.empty()) {
    for (Day day : labelled_baseline) visits[day].baseline = true;  // two: ValidatePatient says so
  } else {
    auto it = visits.upper_bound(0);
    if (it == visits.begin()) {
      reason = "no baseline tumour assessment (no scan on or before day 0)";
      return false;
    }
    std::prev(it)->second.baseline = true;
  }
  // Pre-baseline scans other than the baseline are screening repeats: dropped.
  std::erase_if(visits, [](const auto& kv) { return kv.second.day <= 0 && !kv.second.baseline; });
  for (auto& [day, v] : visits) p.visits.push_back(std::move(v));
  return true;
}

Patient PatientShell(const SubjectData& d, int interval) {
  Patient p;
  p.id = d.subject->id;
  p.assessment_interval_days = interval;
  p.exposure_start_day = d.first_dose.value_or(0);
  p.exposure_end_day = d.last_dose.value_or(p.exposure_start_day);
  p.death_day = d.subject->death_day ? d.subject->death_day : d.death_from_ds;
  p.last_contact_day = d.subject->last_contact_day.value_or(d.last_record_day);
  if (p.death_day) p.last_contact_day = std::max(p.last_contact_day, *p.death_day);
  p.nact_day = d.subject->new_therapy_day;
  return p;
}

std::string Dot(std::string_view s) { return std::string(s); }

SubjectOutcome Outcome(const PatientResult& r, const std::string& arm) {
  SubjectOutcome o;
  o.subject_id = r.id;
  o.arm = arm;
  o.bor_confirmed = Dot(Name(r.recist.bor_confirmed));
  o.responder = r.recist.orr_confirmed;
  o.disease_control = r.recist.dcr_confirmed;
  o.pfs = EndpointTime{static_cast<double>(r.recist.pfs.day), r.recist.pfs.event};
  o.os = EndpointTime{static_cast<double>(r.os.day), r.os.event};
  if (r.recist.dor)
    o.dor = EndpointTime{static_cast<double>(r.recist.dor->days), r.recist.dor->event};
  o.sitc_2020 = Dot(Name(r.sitc_2020.sitc_class));
  o.sitc_2023_ici_chemo = Dot(Name(r.sitc_2023_ici_chemo.sitc_class));
  return o;
}

// Subjects without an evaluable tumour course stay in the denominators
// (intention to treat): BOR NE, PFS censored at day 0 (E-05), OS as usual.
SubjectOutcome ExcludedOutcome(const SubjectData& d) {
  SubjectOutcome o;
  o.subject_id = d.subject->id;
  o.arm = d.subject->arm;
  o.bor_confirmed = "NE";
  o.pfs = EndpointTime{0, false};
  const Patient p = PatientShell(d, 0);
  o.os = EndpointTime{static_cast<double>(p.death_day.value_or(p.last_contact_day)),
                      p.death_day.has_value()};
  return o;
}

// ------------------------------------------------------------- tables ---

struct RowContext {
  std::string study_id, subject_id, arm;
  std::optional<core::Date> reference;
};

std::string Adt(const RowContext& c, Day day) {
  return c.reference ? core::FormatIsoDate(core::AddDays(*c.reference, day)) : std::string();
}
// ADaM study day: no day 0 (day 0 -> ADY 1; day -1 -> ADY -1).
std::string Ady(Day day) { return std::to_string(day >= 0 ? day + 1 : day); }

std::string Mm(double v) { return fmt::format("{:g}", std::round(v * 10.0) / 10.0); }

class AdrsWriter {
 public:
  explicit AdrsWriter(core::Table& t) : t_(t) {}
  void Add(const RowContext& c, const char* paramcd, const char* param, const std::string& visit,
           std::optional<Day> day, const std::string& avalc, const std::string& aval = "") {
    t_.AddRow({c.study_id, c.subject_id, c.arm, paramcd, param, visit, day ? Adt(c, *day) : "",
               day ? Ady(*day) : "", day ? std::to_string(*day) : "", avalc, aval},
              static_cast<std::int64_t>(t_.rows()) + 2);
  }

 private:
  core::Table& t_;
};

template <typename Timepoints, typename Label>
std::optional<Day> FirstDayWith(const Timepoints& tps, Label label) {
  for (const auto& tp : tps) {
    if (tp.overall == label) return tp.day;
  }
  return std::nullopt;
}

std::string VisitName(const std::map<Day, std::string>& names, Day day) {
  const auto it = names.find(day);
  return it == names.end() ? fmt::format("DAY {}", day) : it->second;
}

void AddAdrsRows(const RowContext& c, const PatientResult& r,
                 const std::map<Day, std::string>& visits, AdrsWriter& w) {
  for (const RecistTimepoint& tp : r.recist.timepoints) {
    if (tp.overall == OverallResponse::kNA) continue;  // not assessed (after PD / NACT)
    const std::string v = VisitName(visits, tp.day);
    w.Add(c, "OVR", "Overall Response by Investigator (RECIST 1.1)", v, tp.day,
          Dot(Name(tp.overall)));
    if (tp.target != TargetResponse::kNA)
      w.Add(c, "TRGRESP", "Target Response (RECIST 1.1)", v, tp.day, Dot(Name(tp.target)));
    if (tp.nontarget != NonTargetResponse::kNA) {
      w.Add(c, "NTRGRESP", "Non-target Response (RECIST 1.1)", v, tp.day, Dot(Name(tp.nontarget)));
    }
    w.Add(c, "NEWLIND", "New Lesion Indicator (RECIST 1.1)", v, tp.day, tp.new_lesion ? "Y" : "N");
    if (tp.sum_mm)
      w.Add(c, "SUMDIAM", "Sum of Target Diameters (mm)", v, tp.day, "", Mm(*tp.sum_mm));
  }
  const RecistResult& rr = r.recist;
  w.Add(c, "BOR", "Best Overall Response (RECIST 1.1, unconfirmed)", "OVERALL",
        FirstDayWith(rr.timepoints, rr.bor_unconfirmed), Dot(Name(rr.bor_unconfirmed)));
  std::optional<Day> cbor_day = rr.dor ? std::optional<Day>(rr.dor->start_day)
                                       : FirstDayWith(rr.timepoints, rr.bor_confirmed);
  w.Add(c, "CBOR", "Best Overall Response (RECIST 1.1, confirmed)", "OVERALL", cbor_day,
        Dot(Name(rr.bor_confirmed)));
  for (const IrecistTimepoint& tp : r.irecist.timepoints) {
    if (tp.overall == IResponse::kNA) continue;
    w.Add(c, "IOVR", "Overall Response by Investigator (iRECIST)", VisitName(visits, tp.day),
          tp.day, Dot(Name(tp.overall)));
  }
  const IrecistResult& ir = r.irecist;
  w.Add(c, "IBOR", "Best Overall Response (iRECIST, unconfirmed)", "OVERALL",
        FirstDayWith(ir.timepoints, ir.ibor_unconfirmed), Dot(Name(ir.ibor_unconfirmed)));
  w.Add(c, "CIBOR", "Best Overall Response (iRECIST, confirmed)", "OVERALL",
        FirstDayWith(ir.timepoints, ir.ibor_confirmed), Dot(Name(ir.ibor_confirmed)));
  if (ir.icpd_progression_day) {
    w.Add(c, "ICPDDY", "iRECIST Confirmed Progression (date of first iUPD of the episode)",
          "OVERALL", ir.icpd_progression_day, "iCPD");
  }
}

std::string EventText(EndpointReason reason) {
  switch (reason) {
    case EndpointReason::kPD:
      return "Disease progression (RECIST 1.1)";
    case EndpointReason::kDeath:
      return "Death";
    default:
      return "";
  }
}

std::string CensorText(EndpointReason reason) {
  switch (reason) {
    case EndpointReason::kLastAdequateAssessment:
      return "Last adequate tumour assessment";
    case EndpointReason::kNewAnticancerTherapy:
      return "Last adequate tumour assessment before new anticancer therapy";
    case EndpointReason::kEventAfterMissedAssessments:
      return "Last adequate tumour assessment before an event after two or more missed assessments";
    case EndpointReason::kNoAdequateAssessment:
      return "No adequate post-baseline assessment (day 0)";
    default:
      return "";
  }
}

class AdtteWriter {
 public:
  explicit AdtteWriter(core::Table& t) : t_(t) {}
  void Add(const RowContext& c, const char* paramcd, const char* param, Day start, Day end,
           bool event, const std::string& reason, const std::string& evntdesc,
           const std::string& cnsdtdsc) {
    t_.AddRow({c.study_id, c.subject_id, c.arm, paramcd, param, Adt(c, start), Ady(start),
               Adt(c, end), Ady(end), std::to_string(end - start), "DAYS", event ? "0" : "1",
               event ? evntdesc : "", event ? "" : cnsdtdsc, reason},
              static_cast<std::int64_t>(t_.rows()) + 2);
  }

 private:
  core::Table& t_;
};

void AddAdtteRows(const RowContext& c, const PatientResult& r, AdtteWriter& w) {
  const Endpoint& pfs = r.recist.pfs;
  w.Add(c, "PFS", "Progression-Free Survival (RECIST 1.1)", 0, pfs.day, pfs.event,
        Dot(Name(pfs.reason)), EventText(pfs.reason), CensorText(pfs.reason));
  w.Add(c, "OS", "Overall Survival", 0, r.os.day, r.os.event, r.os.event ? "death" : "last_contact",
        "Death", "Last date known alive");
  if (const auto& dor = r.recist.dor) {
    w.Add(c, "DOR", "Duration of Response (RECIST 1.1, confirmed responders)", dor->start_day,
          dor->end_day, dor->event, Dot(Name(dor->reason)), EventText(dor->reason),
          CensorText(dor->reason));
  }
  if (r.recist.ttr_days) {
    w.Add(c, "TTR", "Time to Response (RECIST 1.1, confirmed responders)", 0, *r.recist.ttr_days,
          true, "confirmed_response", "First confirmed response", "");
  }
}

}  // namespace

std::vector<Patient> PatientsFromStudy(const study::Study& study, int interval,
                                       std::vector<std::string>* patient_arms,
                                       std::vector<ExcludedSubject>* excluded) {
  DiagnosticCollector problems;
  std::vector<Patient> patients;
  std::map<std::string, SubjectData> data = Gather(study);
  for (const study::Subject& s : study.subjects) {
    SubjectData& d = data[s.id];
    std::stable_sort(d.measurements.begin(), d.measurements.end(),
                     [](const auto* a, const auto* b) { return a->day < b->day; });
    Patient p = PatientShell(d, interval);
    std::string reason;
    const std::int64_t before = problems.total();
    if (!BuildVisits(d, p, reason, problems)) {
      if (excluded) excluded->push_back({s.id, reason});
      continue;
    }
    if (problems.total() != before) continue;
    try {
      ValidatePatient(p);
    } catch (const InputError& e) {
      for (Diagnostic diag : e.diagnostics()) {
        if (diag.file.empty()) diag.file = kSource;
        problems.Add(std::move(diag));
      }
      continue;
    }
    patients.push_back(std::move(p));
    if (patient_arms) patient_arms->push_back(s.arm);
  }
  problems.ThrowIfAny();
  return patients;
}

StudyResponse DeriveStudyResponse(const study::Study& study, const StudyResponseOptions& options) {
  if (options.assessment_interval_days < 1) {
    throw UsageError(fmt::format("assessment_interval_days = {}: must be >= 1",
                                 options.assessment_interval_days));
  }
  StudyResponse out;
  out.parameters = options.parameters;
  out.patients =
      PatientsFromStudy(study, options.assessment_interval_days, &out.patient_arms, &out.excluded);
  ResponseEngine engine(options.parameters);
  out.results.resize(out.patients.size());
  for (std::size_t i = 0; i < out.patients.size(); ++i) {
    engine.Evaluate(out.patients[i], &out.results[i]);
    out.outcomes.push_back(Outcome(out.results[i], out.patient_arms[i]));
  }
  const std::map<std::string, SubjectData> data = Gather(study);
  for (const ExcludedSubject& e : out.excluded)
    out.outcomes.push_back(ExcludedOutcome(data.at(e.subject_id)));
  std::vector<std::string> arms;
  for (const study::Arm& a : study.arms) arms.push_back(a.code);
  out.arms = SummariseArms(out.outcomes, arms, options.arms);
  out.safety = SummariseSafety(study, options.safety);
  return out;
}

nlohmann::json StudyResponse::ToJson() const {
  nlohmann::json j = ResponseOutputJson(parameters, results);
  for (std::size_t i = 0; i < results.size() && i < patient_arms.size(); ++i) {
    j["results"][i]["arm"] = patient_arms[i];
  }
  j["excluded"] = nlohmann::json::array();
  for (const ExcludedSubject& e : excluded)
    j["excluded"].push_back({{"id", e.subject_id}, {"reason", e.reason}});
  j["arm_summary"] = arms.ToJson();
  j["safety"] = safety.ToJson();
  return j;
}

namespace {

std::map<std::string, RowContext> Contexts(const study::Study& study) {
  std::map<std::string, RowContext> out;
  for (const study::Subject& s : study.subjects)
    out[s.id] = {study.name, s.id, s.arm, s.reference_start};
  return out;
}

std::map<std::string, std::map<Day, std::string>> VisitNames(const study::Study& study) {
  std::map<std::string, std::map<Day, std::string>> out;
  for (const study::LesionMeasurement& m : study.measurements)
    out[m.subject_id].try_emplace(m.day, m.visit);
  return out;
}

}  // namespace

core::Table AdrsTable(const study::Study& study, const StudyResponse& response) {
  core::Table t("adrs", {"STUDYID", "USUBJID", "ARMCD", "PARAMCD", "PARAM", "AVISIT", "ADT", "ADY",
                         "DAY", "AVALC", "AVAL"});
  AdrsWriter w(t);
  const auto contexts = Contexts(study);
  const auto visits = VisitNames(study);
  for (const PatientResult& r : response.results) {
    const auto v = visits.find(r.id);
    AddAdrsRows(contexts.at(r.id), r, v == visits.end() ? std::map<Day, std::string>{} : v->second,
                w);
  }
  return t;
}

core::Table AdtteTable(const study::Study& study, const StudyResponse& response) {
  core::Table t("adtte", {"STUDYID", "USUBJID", "ARMCD", "PARAMCD", "PARAM", "STARTDT", "STARTDY",
                          "ADT", "ADY", "AVAL", "AVALU", "CNSR", "EVNTDESC", "CNSDTDSC", "REASON"});
  AdtteWriter w(t);
  const auto contexts = Contexts(study);
  for (const PatientResult& r : response.results) AddAdtteRows(contexts.at(r.id), r, w);
  for (const SubjectOutcome& o : response.outcomes) {
    const bool excluded =
        std::any_of(response.excluded.begin(), response.excluded.end(),
                    [&](const ExcludedSubject& e) { return e.subject_id == o.subject_id; });
    if (!excluded) continue;
    const RowContext& c = contexts.at(o.subject_id);
    w.Add(c, "PFS", "Progression-Free Survival (RECIST 1.1)", 0, 0, false, "no_adequate_assessment",
          "", CensorText(EndpointReason::kNoAdequateAssessment));
    w.Add(c, "OS", "Overall Survival", 0, static_cast<Day>(o.os->days), o.os->event,
          o.os->event ? "death" : "last_contact", "Death", "Last date known alive");
  }
  return t;
}

core::Table SitcTable(const study::Study& study, const StudyResponse& response) {
  core::Table t("sitc",
                {"STUDYID", "USUBJID", "ARMCD", "BOR", "CBOR", "IBOR", "CIBOR", "SITC2020",
                 "SITC2020_REASON", "SITC2020_PROGDY", "SITC2023", "SITC2023_PROGDY", "EXCLREAS"});
  const auto contexts = Contexts(study);
  auto day = [](const std::optional<Day>& d) { return d ? std::to_string(*d) : std::string(); };
  for (const PatientResult& r : response.results) {
    const RowContext& c = contexts.at(r.id);
    t.AddRow({c.study_id, c.subject_id, c.arm, Dot(Name(r.recist.bor_unconfirmed)),
              Dot(Name(r.recist.bor_confirmed)), Dot(Name(r.irecist.ibor_unconfirmed)),
              Dot(Name(r.irecist.ibor_confirmed)), Dot(Name(r.sitc_2020.sitc_class)),
              Dot(Name(r.sitc_2020.reason)), day(r.sitc_2020.progression_day),
              Dot(Name(r.sitc_2023_ici_chemo.sitc_class)),
              day(r.sitc_2023_ici_chemo.progression_day), ""},
             static_cast<std::int64_t>(t.rows()) + 2);
  }
  for (const ExcludedSubject& e : response.excluded) {
    const RowContext& c = contexts.at(e.subject_id);
    t.AddRow(
        {c.study_id, c.subject_id, c.arm, "NE", "NE", "NE", "NE", "", "", "", "", "", e.reason},
        static_cast<std::int64_t>(t.rows()) + 2);
  }
  return t;
}

std::vector<std::pair<std::string, core::Table>> StudyResponseTables(const study::Study& study,
                                                                     const StudyResponse& r) {
  return {{"adrs", AdrsTable(study, r)},
          {"adtte", AdtteTable(study, r)},
          {"sitc", SitcTable(study, r)},
          {"response_rates", RateTable(r.arms)},
          {"response_counts", CountsTable(r.arms)},
          {"safety_summary", SafetySummaryTable(r.safety)},
          {"safety_terms", SafetyTermTable(r.safety)},
          {"safety_worst_grade", WorstGradeTable(r.safety)},
          {"exposure", ExposureTable(r.safety)}};
}

}  // namespace pioneer::clinical
