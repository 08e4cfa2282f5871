// pioneer: command-line front end. Finds the command, parses its options,
// runs it, and maps errors to exit codes (0 ok, 1 analysis failed, 2 bad input
// or usage). No statistics here.
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/json_input.h"
#include "pioneer/core/version.h"

namespace {

using pioneer::cli::Command;

std::string Overview(const std::vector<Command>& commands) {
  std::string text = fmt::format(
      "pioneer {}: precision immuno-oncology engine\n\nusage: pioneer COMMAND [options]\n\n"
      "commands:\n",
      pioneer::Version());
  for (const Command& c : commands) text += fmt::format("  {:<22} {}\n", c.path, c.summary);
  text += "\n'pioneer COMMAND --help' describes a command.\n";
  return text;
}

// The command whose path matches the most leading words of argv.
const Command* FindCommand(const std::vector<Command>& commands,
                           const std::vector<std::string>& words, std::size_t& used) {
  const Command* best = nullptr;
  used = 0;
  for (const Command& c : commands) {
    std::size_t n = 0;
    std::string path;
    while (n < words.size() && path.size() < c.path.size()) {
      path += (n == 0 ? "" : " ") + words[n];
      ++n;
    }
    if (path == c.path && n > used) {
      best = &c;
      used = n;
    }
  }
  return best;
}

int Run(const std::vector<std::string>& words) {
  const std::vector<Command> commands = pioneer::cli::AllCommands();
  if (words.empty() || words[0] == "--help" || words[0] == "help") {
    std::fputs(Overview(commands).c_str(), stdout);
    return words.empty() ? 2 : 0;
  }
  if (words[0] == "--version") {
    fmt::print("pioneer {}\n", pioneer::Version());
    return 0;
  }
  std::size_t used = 0;
  const Command* command = FindCommand(commands, words, used);
  if (command == nullptr) {
    throw pioneer::UsageError(fmt::format("unknown command '{}' (see 'pioneer --help')", words[0]));
  }
  const std::vector<std::string> rest(words.begin() + static_cast<std::ptrdiff_t>(used),
                                      words.end());
  for (const std::string& w : rest) {
    if (w == "--help") {
      std::fputs(pioneer::cli::CommandHelp(*command).c_str(), stdout);
      return 0;
    }
  }
  const auto args = pioneer::cli::ParseArgs(command->options, rest, !command->positional.empty());
  return command->run(args);
}

}  // namespace

// Large analyses allocate and free big arrays (a design matrix, a risk
// vector per Newton step). By default glibc maps each such block fresh and
// unmaps it on free, so every reuse pays a page fault per 4 KiB; on the
// project's virtual machines that was half of a Cox fit's time. Keep freed
// memory in the heap for reuse instead.
void TuneAllocator() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
}

// Page faults were also most of reading a big table (1M-row CSV: 1.0 s CPU
// in all, 0.25 s with huge pages). glibc backs its heap with transparent
// huge pages (madvise) only when the tunable glibc.malloc.hugetlb=1 is set
// at start-up, which a running process cannot do: so the CLI re-executes
// itself once with it. A GLIBC_TUNABLES already set (even empty) is left
// alone; when the exec fails (no /proc), the run goes on as it is.
void UseHugePages(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");
}

int main(int argc, char** argv) {
  UseHugePages(argv);
  TuneAllocator();
  try {
    return Run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const pioneer::UsageError& e) {
    fmt::print(stderr, "pioneer: {}\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    // Options have upper bounds, so this is an input too big for the machine.
    fmt::print(stderr,
               "pioneer: error: out of memory: the input or the options ask for more memory than "
               "this machine has\n");
    return 1;
  } catch (const pioneer::Error& e) {
    fmt::print(stderr, "pioneer: error: {}\n", e.what());
    return pioneer::ExitCodeFor(e);
  } catch (const std::exception& e) {
    // Not one of ours: a bug; no library's own wording reaches the user.
    fmt::print(stderr, "pioneer: internal error: {}\n", pioneer::core::PlainMessage(e));
    return 1;
  }
}
