#include "commands.h"

namespace pioneer::cli {

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  return all;
}

}  // namespace pioneer::cli
