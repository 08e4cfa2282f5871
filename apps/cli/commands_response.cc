// pioneer response --input patients.json --json OUT: tumour response
// (RECIST 1.1, iRECIST), SITC resistance classes and PFS/OS/DoR/TTR from
// lesion-level data in the JSON shape of ../shared/specs/response-io.md
// (src/clinical, docs/response.md). Parse, call the library, print.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "pioneer/clinical/response.h"
#include "pioneer/clinical/response_json.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
// The --study mode (ADaM tables of a stored study) lives in its own file;
// dispatch to it when it is part of the build.
#if __has_include("commands_response_study.h")
#include "commands_response_study.h"
#define PIONEER_RESPONSE_STUDY 1
#endif

namespace pioneer::cli {
namespace {

void PrintSummary(const std::vector<clinical::PatientResult>& results) {
  std::map<std::string, int> bor, sitc;
  int responders = 0;
  for (const clinical::PatientResult& r : results) {
    ++bor[std::string(clinical::Name(r.recist.bor_confirmed))];
    ++sitc[std::string(clinical::Name(r.sitc_2020.sitc_class))];
    responders += r.recist.orr_confirmed;
    for (const std::string& w : r.warnings)
      fmt::print(stderr, "warning: patient {}: {}\n", r.id, w);
  }
  fmt::print("{} patients, {} confirmed responders (CR/PR)\n", results.size(), responders);
  fmt::print("confirmed BOR:");
  for (const auto& [label, n] : bor) fmt::print("  {} {}", label, n);
  fmt::print("\nSITC 2020:");
  for (const auto& [label, n] : sitc) fmt::print("  {} {}", label, n);
  fmt::print("\n");
}

int Response(const Args& args) {
#ifdef PIONEER_RESPONSE_STUDY
  if (args.Get("study")) return RunResponseStudy(args);
#endif
  if (!args.Get("input"))
    throw UsageError("pioneer response: give --input FILE (or --study S.sqlite --out DIR)");
  const std::string input_file = *args.Get("input");
  const clinical::ResponseInput input =
      clinical::ParseResponseInput(core::ReadFile(input_file), input_file);
  const std::vector<clinical::PatientResult> results = clinical::EvaluateAll(input);
  PrintSummary(results);
  if (const auto out = args.Get("json")) {
    core::WriteFileAtomically(
        *out, clinical::ResponseOutputJson(input.parameters, results).dump(2) + "\n");
  }
  return 0;
}

}  // namespace

std::vector<Command> ResponseCommands() {
  std::vector<Option> options = {
      Option::Path("input", "patients in the JSON shape of docs/response.md"),
      Option::Path("json", "write every patient's result as JSON (docs/response.md)")};
#ifdef PIONEER_RESPONSE_STUDY
  for (const Option& o : ResponseStudyOptions()) options.push_back(o);
#endif
  return {
      {"response",
       "RECIST 1.1, iRECIST, SITC resistance and PFS/OS/DoR/TTR from lesion measurements", "",
       options, Response},
  };
}

const RegisterCommands kRegistered(ResponseCommands);

}  // namespace pioneer::cli
