// File: apps/cli/commands.h
// The registry of CLI commands. Each module's commands live in their own
// file (commands_<module>.cc) and are listed here; handlers only parse,
// call the library and print.
#pragma once

#include <vector>

#include "args.h"

namespace pioneer::cli {

std::vector<Command> AllCommands();
std::vector<Command> StudyCommands();
std::vector<Command> SurvivalCommands();
std::vector<Command> PipelineCommands();
std::vector<Command> SimCommands();

}  // namespace pioneer::cli
