// File: apps/cli/args.h
// Declarative command-line parsing: each command declares its options once,
// with their help text; parsing, --help and usage errors come from that.
#pragma once

#include <chrono>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pioneer::cli {

// The values an integer option accepts (both ends included). Every option
// that sizes work or memory (replicates, permutations, threads, patients,
// rounds, folds, lambdas ...) has one, so that a typo such as
// `--bootstrap 2000000000` is a usage error, not an allocation failure.
struct IntegerRange {
  long long min = 0;
  long long max = 0;
};

// Seeds: any non-negative 64-bit integer.
inline constexpr IntegerRange kSeedRange{0, 9'223'372'036'854'775'807LL};

struct Option {
  std::string name;     // without the leading "--"
  std::string metavar;  // empty for a flag
  std::string help;
  bool required = false;
  std::string default_value;  // shown in help; returned when absent
  // Set for an integer option: ParseArgs refuses a value that is not an
  // integer in this range, naming the option, the value and the range.
  std::optional<IntegerRange> range = {};
};

class Args {
 public:
  bool Has(const std::string& name) const { return values_.contains(name); }
  bool Flag(const std::string& name) const { return Has(name); }
  // The option's value, its declared default, or nullopt.
  std::optional<std::string> Get(const std::string& name) const;
  std::string Require(const std::string& name) const;
  double Number(const std::string& name) const;
  long long Integer(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend Args ParseArgs(const std::vector<Option>&, const std::vector<std::string>&, bool);
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> defaults_;
  std::vector<std::string> positional_;
};

// Throws UsageError naming the unknown option or the missing value.
Args ParseArgs(const std::vector<Option>& options, const std::vector<std::string>& argv,
               bool allow_positional);

struct Command {
  std::string path;        // e.g. "survival km"
  std::string summary;     // one line
  std::string positional;  // e.g. "FILES..." (empty: none accepted)
  std::vector<Option> options;
  int (*run)(const Args&);
};

std::string CommandHelp(const Command& command);

// A list option split at commas, empty items dropped ("a,b,,c" -> a, b, c).
std::vector<std::string> SplitList(const std::string& text);
// The option as a number; a UsageError naming the option and its value otherwise.
double NumberOption(const Args& args, const std::string& name);

// With --timing, prints the CPU and wall seconds of one phase of a command
// on stderr when it goes out of scope ("timing: analysis: 0.12 s CPU, ..."),
// so that bench/ scripts can set the analysis apart from reading the file.
// CPU time is the robust figure on a loaded machine.
class PhaseTimer {
 public:
  PhaseTimer(const Args& args, const char* phase);
  ~PhaseTimer();
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  bool enabled_;
  const char* phase_;
  std::chrono::steady_clock::time_point wall_start_;
  std::clock_t cpu_start_;
};

}  // namespace pioneer::cli
