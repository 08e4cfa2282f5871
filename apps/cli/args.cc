#include "args.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "pioneer/core/error.h"
#include "pioneer/core/table.h"

namespace pioneer::cli {

bool Args::Has(const std::string& name) const {
  return values_.contains(core::CanonicalOptionName(name));
}

std::optional<std::string> Args::Get(const std::string& name) const {
  const std::string key = core::CanonicalOptionName(name);
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  if (auto it = defaults_.find(key); it != defaults_.end()) return it->second;
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

// A given or default value checked against its declaration, once for all
// commands: the one message shape of every front end (OptionSpec::Problem).
void CheckValue(const Option& option, const std::string& text) {
  if (option.type == core::OptionType::kBoolean) return;
  const std::string problem = option.Problem(option.FromText(text), option.Flag(), text);
  if (!problem.empty()) throw UsageError(problem);
}

std::string Word(const Option& o) {
  return o.metavar.empty() ? o.Flag() : o.Flag() + " " + o.metavar;
}

}  // namespace

Args ParseArgs(const std::vector<Option>& options, const std::vector<std::string>& argv,
               bool allow_positional) {
  Args args;
  for (const Option& o : options) {
    const std::string text = o.DefaultText();
    if (!text.empty() && o.type != core::OptionType::kBoolean)
      args.defaults_[core::CanonicalOptionName(o.name)] = text;
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
    const Option* option =
        name.find('_') == std::string::npos ? core::FindOption(options, name) : nullptr;
    if (option == nullptr) throw UsageError(fmt::format("unknown option --{}", name));
    std::string& value = args.values_[core::CanonicalOptionName(option->name)];
    if (option->type == core::OptionType::kBoolean) {
      value = "1";
    } else if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argv.size()) {
      value = argv[++i];
    } else {
      throw UsageError(fmt::format("option --{} needs a value ({})", name, option->metavar));
    }
  }
  for (const Option& o : options) {
    if (o.required && !args.Has(o.name)) {
      throw UsageError(fmt::format("missing required option {}", Word(o)));
    }
    if (const auto value = args.Get(o.name)) CheckValue(o, *value);
  }
  return args;
}

std::string CommandHelp(const Command& command) {
  std::string text = fmt::format("usage: pioneer {}", command.path);
  for (const Option& o : command.options) text += o.required ? " " + Word(o) : " [" + Word(o) + "]";
  if (!command.positional.empty()) text += " " + command.positional;
  text += "\n\n" + command.summary + "\n";
  if (!command.options.empty()) text += "\noptions:\n";
  for (const Option& o : command.options) {
    std::string help = o.help;
    if (!o.unit.empty()) help += fmt::format(", in {}", o.unit);
    if ((o.type == core::OptionType::kInteger || o.type == core::OptionType::kNumber) &&
        (o.min || o.max)) {
      help += fmt::format(" [{}]", o.Allowed());
    }
    if (o.type == core::OptionType::kEnum && o.metavar.find('|') == std::string::npos) {
      help += fmt::format(" [{}]", o.Allowed());
    }
    if (!o.DefaultText().empty()) help += fmt::format(" (default: {})", o.DefaultText());
    // A long placeholder (an enum's spellings) puts the help on its own line.
    const std::string word = Word(o);
    text += word.size() <= 26 ? fmt::format("  {:<26} {}\n", word, help)
                              : fmt::format("  {}\n  {:<26} {}\n", word, "", help);
  }
  return text;
}

nlohmann::json OptionValues(const Args& args, const std::vector<Option>& options) {
  nlohmann::json values = nlohmann::json::object();
  for (const Option& o : options) {
    if (o.type == core::OptionType::kBoolean) {
      values[o.name] = args.Flag(o.name) || o.default_value == true;
    } else if (const auto text = args.Get(o.name)) {
      values[o.name] = o.FromText(*text);
    }
  }
  return values;
}

std::FILE* SummaryStream(const Args& args) {
  return args.Get("json") == std::optional<std::string>("-") ? stderr : stdout;
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
    : enabled_(args.Flag("timing")),
      phase_(phase),
      wall_start_(std::chrono::steady_clock::now()),
      cpu_start_(std::clock()) {}

PhaseTimer::~PhaseTimer() {
  if (!enabled_) return;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start_;
  const double cpu = static_cast<double>(std::clock() - cpu_start_) / CLOCKS_PER_SEC;
  fmt::print(stderr, "timing: {}: {:.3f} s CPU, {:.3f} s wall\n", phase_, cpu, wall.count());
}

}  // namespace pioneer::cli
