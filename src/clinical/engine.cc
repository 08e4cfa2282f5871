// File: src/clinical/engine.cc
// EvaluatePatient and the reusable ResponseEngine: compile the patient, then
// RECIST 1.1, endpoints, iRECIST and SITC in that order.
#include <fmt/format.h>

#include "response_internal.h"

namespace pioneer::clinical {
namespace {

constexpr int kMaxTargets = 5;
constexpr double kMeasurableMm = 10;      // LD >= 10 mm on CT
constexpr double kMeasurableNodeMm = 15;  // nodal SA >= 15 mm

// the engine takes the target selection as given and only warns.
void WarnTargetSelection(const Patient& patient, const clinical::Scratch& s,
                         std::vector<std::string>* warnings) {
  if (s.target_ids.size() > kMaxTargets) {
    warnings->push_back(fmt::format("R-01: {} target lesions (at most 5)", s.target_ids.size()));
  }
  for (const Visit& v : patient.visits) {
    if (!v.baseline) continue;
    for (const Lesion& l : v.lesions) {
      if (l.type != LesionType::kTarget || l.status != LesionStatus::kMeasured) continue;
      const double size = l.fragments_mm.empty() ? l.diameter_mm : 0;
      const double minimum = l.node ? kMeasurableNodeMm : kMeasurableMm;
      if (l.fragments_mm.empty() && size < minimum) {
        warnings->push_back(fmt::format("R-01: baseline target {} measures {} mm (< {} mm{})", l.id,
                                        size, minimum, l.node ? " short axis" : ""));
      }
    }
  }
}

}  // namespace

struct ResponseEngine::Scratch : clinical::Scratch {};

ResponseEngine::ResponseEngine(const ResponseParameters& params)
    : params_(params), scratch_(std::make_unique<Scratch>()) {
  Validate(params_);
}
ResponseEngine::~ResponseEngine() = default;
ResponseEngine::ResponseEngine(ResponseEngine&&) noexcept = default;
ResponseEngine& ResponseEngine::operator=(ResponseEngine&&) noexcept = default;

const ResponseParameters& ResponseEngine::parameters() const { return params_; }

void ResponseEngine::Evaluate(const Patient& patient, PatientResult* result) {
  clinical::Scratch& s = *scratch_;
  if (!Compile(patient, params_, &s)) {
    DiagnosticCollector problems;
    CollectPatientProblems(patient, "", &problems);
    problems.ThrowIfAny();
    throw Error(ErrorCode::kInternal, "patient " + patient.id + ": inconsistent input checks");
  }
  result->id = patient.id;
  result->warnings.clear();
  WarnTargetSelection(patient, s, &result->warnings);
  DeriveRecist(patient, params_, &s, &result->recist);
  DeriveEndpoints(patient, params_, s, &result->recist, &result->os);
  DeriveIrecist(patient, params_, &s, &result->irecist, &result->warnings);
  DeriveSitc(patient, params_, s, result->recist, result->irecist, &result->sitc_2020,
             &result->sitc_2023_ici_chemo);
}

PatientResult EvaluatePatient(const Patient& patient, const ResponseParameters& params) {
  ResponseEngine engine(params);
  PatientResult result;
  engine.Evaluate(patient, &result);
  return result;
}

}  // namespace pioneer::clinical
