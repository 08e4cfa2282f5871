#include "commands.h"

namespace pioneer::cli {
namespace {

// A function-local static: safe to use from other files' static initialisers.
std::vector<std::vector<Command> (*)()>& Makers() {
  static std::vector<std::vector<Command> (*)()> makers;
  return makers;
}

}  // namespace

RegisterCommands::RegisterCommands(std::vector<Command> (*make)()) { Makers().push_back(make); }

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto make : Makers()) {
    for (Command& c : make()) all.push_back(std::move(c));
  }
  return all;
}

}  // namespace pioneer::cli
