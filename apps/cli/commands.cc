#include "commands.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace pioneer::cli {
namespace {

// The order of `pioneer --help`, by the command's first word, following the
// data flow: the study and the plan first, then each axis' analyses. Words
// not listed come last, in registration order.
constexpr std::string_view kHelpOrder[] = {
    "simulate",  "import",   "info",        "export", "run",       "demo",  // study and plan
    "survival",  "response",                                                // trials
    "signature", "de",       "tmb",         "screen", "cytometry",          // biomarkers
    "roc",       "cutpoint", "concordance", "model",                        // diagnostic test
    "invivo"};                                                              // mouse studies

std::size_t HelpRank(const Command& c) {
  const std::string_view word = std::string_view(c.path).substr(0, c.path.find(' '));
  return static_cast<std::size_t>(std::find(std::begin(kHelpOrder), std::end(kHelpOrder), word) -
                                  std::begin(kHelpOrder));
}

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
  std::stable_sort(all.begin(), all.end(),
                   [](const Command& a, const Command& b) { return HelpRank(a) < HelpRank(b); });
  return all;
}

}  // namespace pioneer::cli
