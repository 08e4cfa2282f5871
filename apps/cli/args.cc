#include "args.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "pioneer/core/error.h"
#include "pioneer/core/table.h"

namespace pioneer::cli {

std::optional<std::string> Args::Get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  if (auto it = defaults_.find(name); it != defaults_.end()) return it->second;
  return std::nullopt;
}

std::string Args::Require(const std::string& name) const {
  auto value = Get(name);
  if (!value) throw UsageError(fmt::format("missing required option --{}", name));
  return *value;
}

double Args::Number(const std::string& name) const {
  const std::string text = Require(name);
  auto value = core::ParseDouble(text);
  if (!value) throw UsageError(fmt::format("--{}: expected a number, got '{}'", name, text));
  return *value;
}

long long Args::Integer(const std::string& name) const {
  const std::string text = Require(name);
  auto value = core::ParseInt(text);
  if (!value) throw UsageError(fmt::format("--{}: expected a whole number, got '{}'", name, text));
  return *value;
}

namespace {

std::string RangeText(const IntegerRange& range) {
  return fmt::format("an integer from {} to {}", range.min, range.max);
}

// A given or default value of a ranged option, checked once for all commands.
void CheckRange(const Option& option, const std::string& text) {
  const auto value = core::ParseInt(text);
  if (!value || *value < option.range->min || *value > option.range->max) {
    throw UsageError(fmt::format("--{} {}: {}expected {}", option.name, text,
                                 value ? "out of range: " : "", RangeText(*option.range)));
  }
}

}  // namespace

Args ParseArgs(const std::vector<Option>& options, const std::vector<std::string>& argv,
               bool allow_positional) {
  Args args;
  for (const Option& o : options) {
    if (!o.default_value.empty()) args.defaults_[o.name] = o.default_value;
  }
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (!word.starts_with("--")) {
      if (!allow_positional) throw UsageError(fmt::format("unexpected argument '{}'", word));
      args.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    const auto it = std::find_if(options.begin(), options.end(),
                                 [&](const Option& o) { return o.name == name; });
    if (it == options.end()) throw UsageError(fmt::format("unknown option --{}", name));
    if (it->metavar.empty()) {
      args.values_[name] = "1";
    } else if (inline_value) {
      args.values_[name] = *inline_value;
    } else if (i + 1 < argv.size()) {
      args.values_[name] = argv[++i];
    } else {
      throw UsageError(fmt::format("option --{} needs a value ({})", name, it->metavar));
    }
  }
  for (const Option& o : options) {
    if (o.required && !args.Has(o.name)) {
      throw UsageError(fmt::format("missing required option --{} {}", o.name, o.metavar));
    }
    if (const auto value = args.Get(o.name); value && o.range) CheckRange(o, *value);
  }
  return args;
}

std::string CommandHelp(const Command& command) {
  std::string text = fmt::format("usage: pioneer {}", command.path);
  for (const Option& o : command.options) {
    const std::string word = o.metavar.empty() ? "--" + o.name : "--" + o.name + " " + o.metavar;
    text += o.required ? " " + word : " [" + word + "]";
  }
  if (!command.positional.empty()) text += " " + command.positional;
  text += "\n\n" + command.summary + "\n";
  if (!command.options.empty()) text += "\noptions:\n";
  for (const Option& o : command.options) {
    const std::string word = o.metavar.empty() ? "--" + o.name : "--" + o.name + " " + o.metavar;
    std::string help = o.help;
    if (o.range) help += fmt::format(" [{}..{}]", o.range->min, o.range->max);
    if (!o.default_value.empty()) help += fmt::format(" (default: {})", o.default_value);
    text += fmt::format("  {:<26} {}\n", word, help);
  }
  return text;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

double NumberOption(const Args& args, const std::string& name) {
  try {
    return args.Number(name);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--{} {}: expected a number", name, *args.Get(name)));
  }
}

PhaseTimer::PhaseTimer(const Args& args, const char* phase)
    : enabled_(args.Flag("timing")), phase_(phase), wall_start_(std::chrono::steady_clock::now()),
      cpu_start_(std::clock()) {}

PhaseTimer::~PhaseTimer() {
  if (!enabled_) return;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start_;
  const double cpu = static_cast<double>(std::clock() - cpu_start_) / CLOCKS_PER_SEC;
  fmt::print(stderr, "timing: {}: {:.3f} s CPU, {:.3f} s wall\n", phase_, cpu, wall.count());
}

}  // namespace pioneer::cli
