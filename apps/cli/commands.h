// File: apps/cli/commands.h
// The registry of CLI commands. Each module's commands live in their own
// file (commands_<module>.cc, compiled into the executable) and register
// themselves at start-up, so adding a module's commands touches no other file:
//
//   std::vector<Command> InvivoCommands() { return {...}; }
//   const RegisterCommands kRegistered(InvivoCommands);
//
// Handlers only parse, call the library and print.
#pragma once

#include <vector>

#include "args.h"

namespace pioneer::cli {

struct RegisterCommands {
  explicit RegisterCommands(std::vector<Command> (*make)());
};

// Every registered command, in the order `pioneer --help` lists them (by
// data flow: study and plan, trials, biomarkers, diagnostic test, in vivo).
std::vector<Command> AllCommands();

}  // namespace pioneer::cli
