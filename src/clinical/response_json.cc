// File: src/clinical/response_json.cc
// JSON shapes of response-io.md. Parsing collects every problem with the
// patient, visit day and lesion it concerns; nothing is evaluated until the
// whole document is valid.
#include "pioneer/clinical/response_json.h"

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <set>

#include "pioneer/core/error.h"
#include "pioneer/core/json_input.h"
#include "response_internal.h"

namespace pioneer::clinical {
namespace {

using nlohmann::json;

// ------------------------------------------------------------ options ---
template <typename E>
struct EnumName {
  E value;
  const char* name;
};

constexpr EnumName<PercentRounding> kRounding[] = {{PercentRounding::kExact, "exact"},
                                                   {PercentRounding::kOneDecimal, "one_decimal"}};
constexpr EnumName<PrLabelling> kPrLabelling[] = {
    {PrLabelling::kLiteral, "literal"},
    {PrLabelling::kFaqAfterConfirmedPr, "faq_after_confirmed_pr"}};
constexpr EnumName<NodalCrPrecedence> kNodalCr[] = {{NodalCrPrecedence::kCrFirst, "cr_first"},
                                                    {NodalCrPrecedence::kPdFirst, "pd_first"}};
constexpr EnumName<PartialTargetRule> kPartial[] = {
    {PartialTargetRule::kPdIfMeasuredPartIsPd, "pd_if_measured_part_is_pd"},
    {PartialTargetRule::kAlwaysNe, "always_ne"}};
constexpr EnumName<ReappearanceTrigger> kReappearance[] = {
    {ReappearanceTrigger::kPreviousEvaluableCr, "previous_evaluable_cr"},
    {ReappearanceTrigger::kConfirmedCr, "confirmed_cr"},
    {ReappearanceTrigger::kSumRuleOnly, "sum_rule_only"}};
constexpr EnumName<ResponseStart> kResponseStart[] = {
    {ResponseStart::kFirstConfirmedTimepoint, "first_confirmed_timepoint"},
    {ResponseStart::kFirstResponseTimepoint, "first_response_timepoint"}};
constexpr EnumName<IcpdThreshold> kIcpdThreshold[] = {
    {IcpdThreshold::kAtLeast, "at_least"}, {IcpdThreshold::kGreaterThan, "greater_than"}};
constexpr EnumName<IrecistReset> kReset[] = {
    {IrecistReset::kImprovementOr5mm, "improvement_or_5mm"},
    {IrecistReset::kAnyDecrease, "any_decrease"}};
constexpr EnumName<IcpdDate> kIcpdDate[] = {
    {IcpdDate::kFirstIupdOfEpisode, "first_iupd_of_episode"}, {IcpdDate::kIcpdScan, "icpd_scan"}};
constexpr EnumName<SitcConfirmation> kSitcConfirmation[] = {
    {SitcConfirmation::kPersistentProgression, "persistent_progression"},
    {SitcConfirmation::kRequireIcpd, "require_icpd"}};
constexpr EnumName<SitcEarlyResponse> kSitcEarly[] = {
    {SitcEarlyResponse::kIndeterminate, "indeterminate"}, {SitcEarlyResponse::kPrimary, "primary"}};
constexpr EnumName<SitcExposure> kSitcExposure[] = {
    {SitcExposure::kUntilProgression, "until_progression"}, {SitcExposure::kLastDose, "last_dose"}};

template <typename E, std::size_t N>
const char* NameOf(const EnumName<E> (&table)[N], E value) {
  for (const auto& e : table) {
    if (e.value == value) return e.name;
  }
  return "";
}

template <typename E, std::size_t N>
std::string Choices(const EnumName<E> (&table)[N]) {
  std::string out;
  for (const auto& e : table) out += (out.empty() ? "" : " | ") + std::string(e.name);
  return out;
}

// Every parameter once: its JSON key, how to read it and how to write it.
struct ParamField {
  const char* key;
  std::function<void(const json&, ResponseParameters*)> read;  // throws std::string
  std::function<json(const ResponseParameters&)> write;
};

double AsNumber(const json& v) {
  if (!v.is_number()) throw std::string("expected a number");
  return v.get<double>();
}
int AsInt(const json& v) {
  const double d = AsNumber(v);
  if (d != std::floor(d) || std::abs(d) > 1e9) throw std::string("expected an integer");
  return static_cast<int>(d);
}
bool AsBool(const json& v) {
  if (!v.is_boolean()) throw std::string("expected true or false");
  return v.get<bool>();
}
template <typename E, std::size_t N>
E AsEnum(const json& v, const EnumName<E> (&table)[N]) {
  if (v.is_string()) {
    for (const auto& e : table) {
      if (v.get<std::string>() == e.name) return e.value;
    }
  }
  throw std::string("expected " + Choices(table));
}

#define PIONEER_NUM(field)                                                                         \
  {                                                                                                \
#field,                                                                                        \
        [](const json& v,                                                                          \
           ResponseParameters* p) { p->field = AsNumber(v); }, [](const ResponseParameters&        \
                                                                      p) { return json(p.field); } \
  }
#define PIONEER_INT(field)                                                                       \
  {                                                                                              \
#field, [](const json& v,                                                                    \
               ResponseParameters* p) { p->field = AsInt(v); },                                  \
                                                             [](const ResponseParameters&        \
                                                                    p) { return json(p.field); } \
  }
#define PIONEER_BOOL(field)                                                                       \
  {                                                                                               \
#field, [](const json& v,                                                                     \
               ResponseParameters* p) { p->field = AsBool(v); },                                  \
                                                              [](const ResponseParameters&        \
                                                                     p) { return json(p.field); } \
  }
#define PIONEER_ENUM(field, table)                                                                  \
  {                                                                                                 \
#field,                                                                                         \
        [](const json& v,                                                                           \
           ResponseParameters*                                                                      \
               p) { p->field = AsEnum(v, table); },                                                 \
                                                 [](const ResponseParameters&                       \
                                                        p) { return json(NameOf(table, p.field)); } \
  }

const std::vector<ParamField>& ParamFields() {
  static const std::vector<ParamField> fields = {
      PIONEER_NUM(pr_threshold_pct),
      PIONEER_NUM(pd_threshold_pct),
      PIONEER_NUM(pd_abs_mm),
      PIONEER_NUM(node_normal_mm),
      PIONEER_NUM(too_small_default_mm),
      PIONEER_INT(confirm_min_days),
      PIONEER_INT(confirm_max_ne),
      PIONEER_INT(sd_min_days),
      PIONEER_INT(icpd_min_days),
      PIONEER_NUM(icpd_increase_mm),
      PIONEER_INT(missed_assessments),
      PIONEER_INT(missed_window_days),
      PIONEER_NUM(sitc_primary_min_exposure_days),
      PIONEER_NUM(sitc_six_months_days),
      PIONEER_NUM(sitc_post_discontinuation_days),
      PIONEER_INT(sitc_confirm_min_days),
      // Extensions: docs/response.md.
      PIONEER_INT(sd_window_days),
      PIONEER_INT(icpd_tolerance_days),
      PIONEER_BOOL(missed_visit_censoring),
      PIONEER_BOOL(confirm_accept_sd),
      PIONEER_ENUM(rounding, kRounding),
      PIONEER_ENUM(pr_labelling, kPrLabelling),
      PIONEER_ENUM(nodal_cr, kNodalCr),
      PIONEER_ENUM(partial_targets, kPartial),
      PIONEER_ENUM(reappearance, kReappearance),
      PIONEER_ENUM(response_start, kResponseStart),
      PIONEER_ENUM(icpd_threshold, kIcpdThreshold),
      PIONEER_ENUM(irecist_reset, kReset),
      PIONEER_ENUM(icpd_date, kIcpdDate),
      PIONEER_ENUM(sitc_confirmation, kSitcConfirmation),
      PIONEER_ENUM(sitc_early_response, kSitcEarly),
      PIONEER_ENUM(sitc_exposure, kSitcExposure),
  };
  return fields;
}

#undef PIONEER_NUM
#undef PIONEER_INT
#undef PIONEER_BOOL
#undef PIONEER_ENUM

// ------------------------------------------------------------- patients ---

// Reads the fields of one JSON object, reporting problems at a location.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string where, const std::string& source,
               DiagnosticCollector* problems)
      : object_(object), where_(std::move(where)), source_(source), problems_(problems) {}

  bool ok() const { return object_.is_object(); }
  bool Has(const char* key) const {
    return ok() && object_.contains(key) && !object_.at(key).is_null();
  }
  const json* Get(const char* key) {
    used_.insert(key);
    return Has(key) ? &object_.at(key) : nullptr;
  }
  void Problem(const std::string& message) {
    problems_->Add(source_, 0, 0, where_ + ": " + message);
  }

  template <typename T, typename Convert>
  std::optional<T> Read(const char* key, Convert convert, bool required) {
    const json* v = Get(key);
    if (v == nullptr) {
      if (required) Problem(fmt::format("missing \"{}\"", key));
      return std::nullopt;
    }
    try {
      return convert(*v);
    } catch (const std::string& message) {
      Problem(fmt::format("\"{}\": {}, got {}", key, message, v->dump()));
      return std::nullopt;
    }
  }
  std::optional<int> Int(const char* key, bool required = false) {
    return Read<int>(key, AsInt, required);
  }
  std::optional<double> Number(const char* key, bool required = false) {
    return Read<double>(key, AsNumber, required);
  }
  bool Bool(const char* key) { return Read<bool>(key, AsBool, false).value_or(false); }
  std::optional<std::string> String(const char* key, bool required = false) {
    return Read<std::string>(
        key,
        [](const json& v) {
          if (!v.is_string()) throw std::string("expected a string");
          return v.get<std::string>();
        },
        required);
  }
  void RejectUnknown() {
    if (!ok()) return;
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (!used_.contains(it.key())) Problem(fmt::format("unknown key \"{}\"", it.key()));
    }
  }

 private:
  const json& object_;
  std::string where_;
  const std::string& source_;
  DiagnosticCollector* problems_;
  std::set<std::string> used_;
};

std::optional<LesionStatus> ParseStatus(const std::string& s) {
  if (s == "too_small") return LesionStatus::kTooSmall;
  if (s == "absent") return LesionStatus::kAbsent;
  if (s == "not_evaluated") return LesionStatus::kNotEvaluated;
  if (s == "present") return LesionStatus::kPresent;
  if (s == "unequivocal_progression") return LesionStatus::kUnequivocalProgression;
  return std::nullopt;
}

const char* AllowedStatuses(LesionType type, NewLesionClass cls) {
  switch (type) {
    case LesionType::kTarget:
      return "too_small | absent | not_evaluated";
    case LesionType::kNonTarget:
      return "present | absent | unequivocal_progression | not_evaluated";
    case LesionType::kNew:
      return cls == NewLesionClass::kTarget ? "absent | too_small"
                                            : "present | absent | unequivocal_progression";
  }
  return "";
}

bool StatusFits(LesionType type, NewLesionClass cls, LesionStatus s) {
  using S = LesionStatus;
  if (type == LesionType::kTarget)
    return s == S::kTooSmall || s == S::kAbsent || s == S::kNotEvaluated;
  if (type == LesionType::kNonTarget)
    return s != S::kTooSmall && s != S::kMerged && s != S::kMeasured;
  if (cls == NewLesionClass::kTarget) return s == S::kAbsent || s == S::kTooSmall;
  return s == S::kPresent || s == S::kAbsent || s == S::kUnequivocalProgression;
}

// No lesion is a metre across; the bound also keeps sums of diameters in
// tenths of a millimetre far inside 64 bits (a fuzzed 1e300 overflowed them).
constexpr double kMaxDiameterMm = 1000;

std::vector<double> ReadFragments(ObjectReader& r) {
  std::vector<double> out;
  const json* v = r.Get("fragments");
  if (v == nullptr) return out;
  if (!v->is_array() || v->empty()) {
    r.Problem("\"fragments\": expected a non-empty list of mm");
    return out;
  }
  for (const json& f : *v) {
    if (!f.is_number() || f.get<double>() < 0 || f.get<double>() > kMaxDiameterMm) {
      r.Problem(fmt::format("\"fragments\": negative or invalid fragment {}", f.dump()));
      continue;
    }
    out.push_back(f.get<double>());
  }
  return out;
}

void ReadLesionType(ObjectReader& r, Lesion* l) {
  const auto type = r.String("type", true);
  if (!type) return;
  if (*type == "target")
    l->type = LesionType::kTarget;
  else if (*type == "nontarget")
    l->type = LesionType::kNonTarget;
  else if (*type == "new")
    l->type = LesionType::kNew;
  else
    r.Problem(fmt::format("unknown type \"{}\" (expected target | nontarget | new)", *type));
  if (l->type != LesionType::kNew) return;
  const auto cls = r.String("new_class", true);
  if (cls && *cls == "nontarget")
    l->new_class = NewLesionClass::kNonTarget;
  else if (cls && *cls != "target") {
    r.Problem(fmt::format("unknown new_class \"{}\" (expected target | nontarget)", *cls));
  }
}

// Diameter / status / fragments / merged_into of one lesion record.
void ReadLesionSize(ObjectReader& r, Lesion* l) {
  const auto diameter = r.Number("diameter");
  const auto status_text = r.String("status");
  l->fragments_mm = ReadFragments(r);
  const auto merged = r.String("merged_into");
  if (diameter && *diameter < 0) r.Problem(fmt::format("negative diameter {}", *diameter));
  if (diameter && *diameter > kMaxDiameterMm) {
    r.Problem(
        fmt::format("diameter {} mm: more than {} mm is not a lesion", *diameter, kMaxDiameterMm));
  }
  LesionStatus status = LesionStatus::kMeasured;
  bool has_status = false;
  if (status_text) {
    const std::optional<LesionStatus> parsed = ParseStatus(*status_text);
    has_status = parsed && StatusFits(l->type, l->new_class, *parsed);
    if (has_status)
      status = *parsed;
    else {
      r.Problem(fmt::format("unknown status \"{}\" (expected {})", *status_text,
                            AllowedStatuses(l->type, l->new_class)));
    }
  }
  const int given = (diameter ? 1 : 0) + (status_text ? 1 : 0) + (l->fragments_mm.empty() ? 0 : 1) +
                    (merged ? 1 : 0);
  const bool sized = l->type == LesionType::kTarget ||
                     (l->type == LesionType::kNew && l->new_class == NewLesionClass::kTarget);
  if (sized && given > 1) {
    r.Problem("target lesion with more than one of diameter, status, fragments, merged_into");
  }
  if (l->type != LesionType::kTarget && (merged || !l->fragments_mm.empty())) {
    r.Problem("fragments and merged_into apply to target lesions only");
  }
  if (sized && given == 0) r.Problem("target lesion without a diameter or a status");
  if (l->type == LesionType::kNonTarget && !status_text)
    r.Problem("non-target lesion without a status");
  l->diameter_mm = diameter.value_or(0);
  if (diameter && (*diameter < 0 || *diameter > kMaxDiameterMm)) l->diameter_mm = 0;
  if (has_status)
    l->status = status;
  else if (l->type == LesionType::kNew && l->new_class == NewLesionClass::kNonTarget)
    l->status = diameter ? LesionStatus::kMeasured : LesionStatus::kPresent;
  else
    l->status = LesionStatus::kMeasured;
  if (merged) {
    l->status = LesionStatus::kMerged;
    l->merged_into = *merged;
  }
}

Lesion ReadLesion(const json& j, const std::string& where, const std::string& source,
                  DiagnosticCollector* problems) {
  Lesion l;
  const std::string id = j.is_object() && j.contains("id") && j["id"].is_string()
                             ? j["id"].get<std::string>()
                             : "(no id)";
  ObjectReader r(j, where + ", lesion " + id, source, problems);
  if (!r.ok()) {
    r.Problem("expected an object");
    return l;
  }
  l.id = r.String("id", true).value_or("");
  ReadLesionType(r, &l);
  l.node = r.Bool("node");
  ReadLesionSize(r, &l);
  l.increase_from_last = r.Bool("increase_from_last");
  l.equivocal = r.Bool("equivocal");
  r.RejectUnknown();
  return l;
}

Visit ReadVisit(const json& j, const std::string& where, const std::string& source,
                DiagnosticCollector* problems) {
  Visit v;
  std::string at = where + ", visit";
  if (j.is_object() && j.contains("day")) at += " day " + j["day"].dump();
  ObjectReader r(j, at, source, problems);
  if (!r.ok()) {
    r.Problem("expected an object");
    return v;
  }
  v.day = r.Int("day", true).value_or(0);
  v.baseline = r.Bool("baseline");
  v.not_done = r.Bool("not_done");
  if (const json* lesions = r.Get("lesions")) {
    if (!lesions->is_array())
      r.Problem("\"lesions\": expected a list");
    else
      for (const json& l : *lesions) v.lesions.push_back(ReadLesion(l, at, source, problems));
  }
  r.RejectUnknown();
  return v;
}

void ReadExposure(ObjectReader& r, const std::string& where, const std::string& source,
                  DiagnosticCollector* problems, Patient* p) {
  const json* e = r.Get("exposure");
  if (e == nullptr) {
    r.Problem("missing \"exposure\"");
    return;
  }
  ObjectReader er(*e, where + ", exposure", source, problems);
  if (!er.ok()) {
    er.Problem("expected {\"start_day\", \"end_day\"}");
    return;
  }
  p->exposure_start_day = er.Int("start_day", true).value_or(0);
  p->exposure_end_day = er.Int("end_day", true).value_or(0);
  er.RejectUnknown();
}

Patient ReadPatient(const json& j, std::size_t index, const std::string& source,
                    DiagnosticCollector* problems) {
  Patient p;
  const std::string where = j.is_object() && j.contains("id") && j["id"].is_string()
                                ? "patient " + j["id"].get<std::string>()
                                : fmt::format("patient #{}", index + 1);
  ObjectReader r(j, where, source, problems);
  if (!r.ok()) {
    r.Problem("expected an object");
    return p;
  }
  p.id = r.String("id", true).value_or("");
  p.treatment_start_day = r.Int("treatment_start_day").value_or(0);
  if (p.treatment_start_day != 0) r.Problem("treatment_start_day must be 0 (days count from it)");
  p.assessment_interval_days = r.Int("assessment_interval_days", true).value_or(42);
  ReadExposure(r, where, source, problems, &p);
  p.death_day = r.Int("death_day");
  p.last_contact_day = r.Int("last_contact_day", true).value_or(0);
  p.nact_day = r.Int("nact_day");
  p.rapid_clinical_progression = r.Bool("rapid_clinical_progression");
  if (const auto setting = r.String("setting")) {
    if (*setting == "perioperative")
      p.setting = TreatmentSetting::kPerioperative;
    else if (*setting != "advanced")
      r.Problem("\"setting\": expected advanced | perioperative");
  }
  const json* visits = r.Get("visits");
  if (visits == nullptr || !visits->is_array())
    r.Problem("\"visits\": expected a list");
  else
    for (const json& v : *visits) p.visits.push_back(ReadVisit(v, where, source, problems));
  r.RejectUnknown();
  return p;
}

json Optional(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

json RecistJson(const RecistResult& r) {
  json tps = json::array();
  for (const RecistTimepoint& t : r.timepoints) {
    if (t.overall == OverallResponse::kNA) {
      tps.push_back({{"day", t.day}, {"overall", "NA"}});
      continue;
    }
    tps.push_back({{"day", t.day},
                   {"sum", t.sum_mm ? json(*t.sum_mm) : json(nullptr)},
                   {"target", Name(t.target)},
                   {"nontarget", Name(t.nontarget)},
                   {"new", t.new_lesion},
                   {"overall", Name(t.overall)}});
  }
  json out = {{"timepoints", tps},
              {"bor_unconfirmed", Name(r.bor_unconfirmed)},
              {"bor_confirmed", Name(r.bor_confirmed)},
              {"orr_confirmed", r.orr_confirmed},
              {"dcr_confirmed", r.dcr_confirmed},
              {"pfs", {{"event", r.pfs.event}, {"day", r.pfs.day}, {"reason", Name(r.pfs.reason)}}},
              {"dor", nullptr},
              {"ttr_days", Optional(r.ttr_days)}};
  if (r.dor) {
    out["dor"] = {{"start_day", r.dor->start_day},
                  {"end_day", r.dor->end_day},
                  {"event", r.dor->event},
                  {"days", r.dor->days},
                  {"reason", Name(r.dor->reason)}};
  }
  return out;
}

json IrecistJson(const IrecistResult& r) {
  json tps = json::array();
  for (const IrecistTimepoint& t : r.timepoints)
    tps.push_back({{"day", t.day}, {"overall", Name(t.overall)}});
  return {{"timepoints", tps},
          {"ibor_unconfirmed", Name(r.ibor_unconfirmed)},
          {"ibor_confirmed", Name(r.ibor_confirmed)},
          {"icpd_progression_day", Optional(r.icpd_progression_day)}};
}

}  // namespace

ResponseParameters ParametersFromJson(const json& block, const std::string& source) {
  ResponseParameters p;
  if (!block.is_object()) {
    throw InputError(Diagnostic{source, 0, 0, "\"parameters\": expected an object", block.dump()});
  }
  DiagnosticCollector problems;
  for (auto it = block.begin(); it != block.end(); ++it) {
    const ParamField* field = nullptr;
    for (const ParamField& f : ParamFields()) {
      if (it.key() == f.key) field = &f;
    }
    if (field == nullptr) {
      problems.Add(source, 0, 0, fmt::format("parameters: unknown parameter \"{}\"", it.key()));
      continue;
    }
    try {
      field->read(it.value(), &p);
    } catch (const std::string& message) {
      problems.Add(
          source, 0, 0,
          fmt::format("parameters: \"{}\": {}, got {}", it.key(), message, it.value().dump()));
    }
  }
  problems.ThrowIfAny();
  try {
    Validate(p);
  } catch (const UsageError& e) {
    throw InputError(Diagnostic{source, 0, 0, e.what(), ""});
  }
  return p;
}

json ToJson(const ResponseParameters& params) {
  json out = json::object();
  for (const ParamField& f : ParamFields()) out[f.key] = f.write(params);
  return out;
}

ResponseInput ParseResponseInput(const json& document, const std::string& source) {
  if (!document.is_object()) {
    throw InputError(
        Diagnostic{source, 0, 0, "expected {\"parameters\": ..., \"patients\": [...]}", ""});
  }
  ResponseInput input;
  if (document.contains("parameters"))
    input.parameters = ParametersFromJson(document["parameters"], source);
  DiagnosticCollector problems;
  for (auto it = document.begin(); it != document.end(); ++it) {
    if (it.key() != "parameters" && it.key() != "patients") {
      problems.Add(source, 0, 0, fmt::format("unknown top-level key \"{}\"", it.key()));
    }
  }
  if (!document.contains("patients") || !document["patients"].is_array()) {
    problems.Add(source, 0, 0, "\"patients\": expected a list");
    problems.ThrowIfAny();
  }
  const json& patients = document["patients"];
  std::set<std::string> ids;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    Patient p = ReadPatient(patients[i], i, source, &problems);
    if (!p.id.empty() && !ids.insert(p.id).second) {
      problems.Add(source, 0, 0, fmt::format("patient {}: id used twice", p.id));
    }
    CollectPatientProblems(p, source, &problems);
    input.patients.push_back(std::move(p));
  }
  problems.ThrowIfAny();
  return input;
}

ResponseInput ParseResponseInput(const std::string& text, const std::string& source) {
  const json document = core::ParseJson(text, source);
  try {
    return ParseResponseInput(document, source);
  } catch (const json::exception& e) {
    // A value of an unexpected JSON type that a reader did not check first.
    throw InputError(Diagnostic{source, 0, 0, core::PlainMessage(e), ""});
  }
}

json ToJson(const Patient& p) {
  json visits = json::array();
  for (const Visit& v : p.visits) {
    json lesions = json::array();
    for (const Lesion& l : v.lesions) {
      json o = {{"id", l.id}};
      o["type"] = l.type == LesionType::kTarget      ? "target"
                  : l.type == LesionType::kNonTarget ? "nontarget"
                                                     : "new";
      if (l.node) o["node"] = true;
      if (l.type == LesionType::kNew)
        o["new_class"] = l.new_class == NewLesionClass::kTarget ? "target" : "nontarget";
      if (l.status == LesionStatus::kMeasured) {
        if (l.fragments_mm.empty())
          o["diameter"] = l.diameter_mm;
        else
          o["fragments"] = l.fragments_mm;
      } else if (l.status == LesionStatus::kMerged) {
        o["merged_into"] = l.merged_into;
      } else {
        o["status"] = Name(l.status);
      }
      if (l.increase_from_last) o["increase_from_last"] = true;
      if (l.equivocal) o["equivocal"] = true;
      lesions.push_back(o);
    }
    json visit = {{"day", v.day}, {"lesions", lesions}};
    if (v.baseline) visit["baseline"] = true;
    if (v.not_done) visit["not_done"] = true;
    visits.push_back(visit);
  }
  json out = {{"id", p.id},
              {"treatment_start_day", p.treatment_start_day},
              {"assessment_interval_days", p.assessment_interval_days},
              {"exposure", {{"start_day", p.exposure_start_day}, {"end_day", p.exposure_end_day}}},
              {"death_day", Optional(p.death_day)},
              {"last_contact_day", p.last_contact_day},
              {"nact_day", Optional(p.nact_day)},
              {"rapid_clinical_progression", p.rapid_clinical_progression},
              {"visits", visits}};
  if (p.setting == TreatmentSetting::kPerioperative) out["setting"] = "perioperative";
  return out;
}

json ToJson(const PatientResult& r) {
  return {{"id", r.id},
          {"recist", RecistJson(r.recist)},
          {"os", {{"event", r.os.event}, {"day", r.os.day}}},
          {"irecist", IrecistJson(r.irecist)},
          {"sitc_2020",
           {{"class", Name(r.sitc_2020.sitc_class)},
            {"progression_day", Optional(r.sitc_2020.progression_day)},
            {"reason", Name(r.sitc_2020.reason)}}},
          {"sitc_2023_ici_chemo",
           {{"class", Name(r.sitc_2023_ici_chemo.sitc_class)},
            {"progression_day", Optional(r.sitc_2023_ici_chemo.progression_day)}}}};
}

json ResponseOutputJson(const ResponseParameters& params,
                        const std::vector<PatientResult>& results) {
  json list = json::array();
  for (const PatientResult& r : results) list.push_back(ToJson(r));
  return {{"parameters", ToJson(params)}, {"results", list}};
}

std::vector<PatientResult> EvaluateAll(const ResponseInput& input) {
  ResponseEngine engine(input.parameters);
  std::vector<PatientResult> results(input.patients.size());
  for (std::size_t i = 0; i < input.patients.size(); ++i)
    engine.Evaluate(input.patients[i], &results[i]);
  return results;
}

}  // namespace pioneer::clinical
