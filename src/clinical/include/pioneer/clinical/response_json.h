// File: pioneer/clinical/response_json.h
// The JSON shapes of ../shared/specs/response-io.md: the input file
// ({"parameters": {...}, "patients": [...]}) and the output file
// ({"parameters": {...as used...}, "results": [...]}). The one JSON
// serialisation of the response results, used by the CLI and the reports.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/clinical/response.h"

namespace pioneer::clinical {

struct ResponseInput {
  ResponseParameters parameters;  // defaults overridden by the "parameters" block
  std::vector<Patient> patients;
};

// Parses an input document. Collects every problem and throws InputError
// whose diagnostics have file = `source` and a message naming the patient,
// the visit day and the lesion (unknown keys' values, wrong types, unknown
// statuses, negative diameters, a target with both a diameter and a status,
// and everything ValidatePatient checks). Unknown parameter names and bad
// parameter values are errors too.
ResponseInput ParseResponseInput(const nlohmann::json& document, const std::string& source);
// Same, from JSON text (a syntax error becomes an InputError with line and column).
ResponseInput ParseResponseInput(const std::string& text, const std::string& source);

// Parameters <-> JSON ("parameters" block; enum options as their names).
nlohmann::json ToJson(const ResponseParameters& params);
ResponseParameters ParametersFromJson(const nlohmann::json& block, const std::string& source);

// One patient in the input shape (the inverse of the parser; used to write
// inputs for `pioneer response --input` from other sources).
nlohmann::json ToJson(const Patient& patient);

// One result object: {"id", "recist", "os", "irecist", "sitc_2020",
// "sitc_2023_ici_chemo"}.
nlohmann::json ToJson(const PatientResult& result);

// The whole output document: {"parameters": ..., "results": [...]}.
nlohmann::json ResponseOutputJson(const ResponseParameters& params,
                                  const std::vector<PatientResult>& results);

// Evaluates every patient of an input with its parameters.
std::vector<PatientResult> EvaluateAll(const ResponseInput& input);

}  // namespace pioneer::clinical
