#include "commands.h"

namespace pioneer::cli {

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto& c : StudyCommands()) all.push_back(std::move(c));
  for (auto& c : SurvivalCommands()) all.push_back(std::move(c));
  for (auto& c : PipelineCommands()) all.push_back(std::move(c));
  for (auto& c : SimCommands()) all.push_back(std::move(c));
  return all;
}

}  // namespace pioneer::cli
