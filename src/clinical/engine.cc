// File: src/clinical/engine.cc
// EvaluatePatient and the reusable ResponseEngine: compile the patient, then
// RECIST 1.1, endpoints, iRECIST and SITC in that order.
#include "response_internal.h"

namespace pioneer::clinical {

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
  if (s.target_ids.size() > 5) {  // warn, do not fail
    result->warnings.push_back("R-01: more than 5 target lesions");
  }
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
