// File: apps/cli/args.h
// Declarative command-line parsing: each command declares its options once,
// with their help text; parsing, --help and usage errors come from that.
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/option_spec.h"

namespace pioneer::cli {

// A command's options are declarations (pioneer/core/option_spec.h): the
// same type as the options of a plan kind, so that both front ends, the
// schema and the reference docs come from one table.
using Option = core::OptionSpec;

using core::kMaxSeed;  // seeds: any non-negative 64-bit integer

class Args {
 public:
  bool Has(const std::string& name) const;
  bool Flag(const std::string& name) const { return Has(name); }
  // The option's value, its declared default, or nullopt. Dashes and
  // underscores in `name` are the same ("conf-type" = "conf_type").
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
  // The top-level keys of the command's --json result (`pioneer schema`).
  std::vector<std::string> result_keys = {};
};

std::string CommandHelp(const Command& command);

// The typed JSON value (OptionSpec::FromText) of every declared option that
// has a value, given or default: what a library's OptionTable::Read takes.
nlohmann::json OptionValues(const Args& args, const std::vector<Option>& options);

// Where a command's human summary goes: standard output, or standard error
// when `--json -` gives standard output to the JSON.
std::FILE* SummaryStream(const Args& args);

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
