// File: apps/cli/commands_response_study.h
// The --study mode of `pioneer response` (commands_response_study.cc), so
// that the `response` command can offer it next to --input.
#pragma once

#include <vector>

#include "args.h"

namespace pioneer::cli {

// --study, --out, --assessment-interval, --ae-window, --reference-arm,
// --parameters (none required; RunResponseStudy requires --study and --out).
std::vector<Option> ResponseStudyOptions();
// Reads the store, derives everything, writes DIR (staged) and --json.
int RunResponseStudy(const Args& args);

}  // namespace pioneer::cli
