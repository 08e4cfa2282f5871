// File: pioneer/core/option_spec.h
// One declaration per option (issue 15). Every option of an analysis is
// declared once, with its name, type, default, unit, allowed range or values
// and a one-line help; the CLI flags and --help, the plan kind's keys and
// their checks, `pioneer schema --json` and docs/reference/ are all derived
// from that declaration, so that no front end can disagree with another
// (the model is LightGBM's config.h: one table, every front end generated).
//
//   OptionSpec::Integer("folds", "folds of the cross-validation").Default(10).Range(2, 100)
//   OptionSpec::Enum("ties", {"efron", "breslow"}, "handling of tied event times").Default("efron")
//
// A name is snake_case: it is the plan key and the library field; the CLI
// flag is the name with dashes ("capture_mb" -> "--capture-mb").
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pioneer::core {

// The types of `pioneer schema --json` (a contract with the portal and the
// bindings): integer, number, string, boolean, enum, list or path.
enum class OptionType { kInteger, kNumber, kString, kBoolean, kEnum, kList, kPath };
std::string_view TypeName(OptionType type);

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::kString;
  std::string help;
  nlohmann::json default_value = nullptr;  // null: no default
  bool required = false;
  std::string unit;                   // "" when the value has no unit
  std::optional<double> min, max;     // inclusive, for integer and number
  std::vector<std::string> allowed;   // the spellings of an enum
  std::string metavar;                // the CLI's value placeholder; "" for a boolean flag

  static OptionSpec Integer(std::string name, std::string help);
  static OptionSpec Number(std::string name, std::string help);
  static OptionSpec String(std::string name, std::string help);
  static OptionSpec Boolean(std::string name, std::string help);  // a CLI flag
  static OptionSpec Enum(std::string name, std::vector<std::string> allowed, std::string help);
  static OptionSpec List(std::string name, std::string help);  // comma-separated on the CLI
  static OptionSpec Path(std::string name, std::string help);

  OptionSpec Default(nlohmann::json value) &&;
  OptionSpec Range(std::optional<double> low, std::optional<double> high) &&;
  OptionSpec Unit(std::string unit) &&;
  OptionSpec Required() &&;
  OptionSpec Metavar(std::string metavar) &&;

  std::string Flag() const;  // "--capture-mb"

  // What is wrong with a value of this option, or "" when it is fine. The
  // message names `label` (the flag on the CLI, the key in a plan, the field
  // in a library) and what is allowed, in one shape everywhere:
  //   unknown value 'x' for method; allowed: auto, logistic, elasticnet
  //   invalid value '0' for folds; allowed: an integer from 2 to 100
  std::string Problem(const nlohmann::json& value, std::string_view label) const;
  // A CLI text as the option's JSON value ("10" -> 10, "a,b" -> ["a","b"]).
  // A text that does not parse as the type is kept as a string, so that
  // Problem() then reports it.
  nlohmann::json FromText(std::string_view text) const;
  // What a value may be: "an integer from 2 to 100", "one of: a, b".
  std::string Allowed() const;
  // The value as shown in help and docs ("10", "efron", "a,b"; "" for none).
  std::string DefaultText() const;

  // The schema entry: name, flag, type, allowed, default, unit, help (and
  // min, max, required).
  nlohmann::json ToJson() const;
};

// The declaration named `name` in `specs`, or nullptr. Dashes and
// underscores are the same ("conf-type" finds "conf_type").
const OptionSpec* FindOption(const std::vector<OptionSpec>& specs, std::string_view name);
// The name with dashes as underscores: the one spelling of a declared name.
std::string CanonicalOptionName(std::string_view name);

}  // namespace pioneer::core
