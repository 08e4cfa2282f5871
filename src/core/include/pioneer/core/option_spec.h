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

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/enum_names.h"
#include "pioneer/core/error.h"

namespace pioneer::core {

// The largest seed (any non-negative 64-bit integer), as an option bound.
inline constexpr double kMaxSeed = 9'223'372'036'854'775'807.0;

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
  std::string unit;                  // "" when the value has no unit
  std::optional<double> min, max;    // inclusive, for integer and number
  std::vector<std::string> allowed;  // the spellings of an enum
  std::string metavar;               // the CLI's value placeholder; "" for a boolean flag

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
  // `as_written` is the value as the user typed it, when it was text (the
  // CLI), shown instead of its parsed form.
  std::string Problem(const nlohmann::json& value, std::string_view label,
                      std::string_view as_written = {}) const;
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
// The CLI placeholder of an enum: its spellings joined by '|'.
std::string EnumMetavar(const std::vector<std::string>& allowed);

// The declarations of a library's options struct, bound to its fields: the
// defaults are the struct's own initialisers (so they exist in one place),
// and a JSON object of values (from the CLI or a plan) is read into the
// struct by name after each value is checked against its declaration.
//
//   const OptionTable<FitOptions>& FitOptionTable() {
//     static const OptionTable<FitOptions> table = OptionTable<FitOptions>()
//         .Add(OptionSpec::Integer("folds", "cross-validation folds").Range(2, 100),
//         &FitOptions::folds) .Add(OptionSpec::Enum("method", {}, "model family"),
//         &FitOptions::method, kMethodNames);
//     return table;
//   }
template <class O>
class OptionTable {
 public:
  // A field of an arithmetic, string or list type.
  template <class T>
  OptionTable Add(OptionSpec spec, T O::*member) && {
    fields_.push_back({std::move(spec), [member](const O& o) { return nlohmann::json(o.*member); },
                       [member](O& o, const nlohmann::json& v) { o.*member = v.get<T>(); }});
    return std::move(*this);
  }
  // An enum field: the declaration's allowed values are the enum's spellings.
  template <class E, std::size_t N>
  OptionTable Add(OptionSpec spec, E O::*member, const EnumSpelling<E> (&names)[N]) && {
    spec.type = OptionType::kEnum;
    spec.allowed = EnumSpellings(names);
    if (spec.metavar.empty()) spec.metavar = EnumMetavar(spec.allowed);
    fields_.push_back({std::move(spec),
                       [member, &names](const O& o) {
                         return nlohmann::json(std::string(EnumName(names, o.*member)));
                       },
                       [member, &names](O& o, const nlohmann::json& v) {
                         o.*member = ParseEnum(names, v.get<std::string>(), "");
                       }});
    return std::move(*this);
  }

  // Every declaration, with the default of a default-constructed O.
  std::vector<OptionSpec> Specs() const {
    const O defaults{};
    std::vector<OptionSpec> specs;
    for (const Field& f : fields_) {
      specs.push_back(f.spec);
      specs.back().default_value = f.get(defaults);
    }
    return specs;
  }

  // `base` with the fields named in `values` replaced; keys that are not
  // fields of O are ignored (a front end may carry others). A value that its
  // declaration refuses is a UsageError naming the field and what is allowed.
  O Read(const nlohmann::json& values, O base = O{}) const {
    for (const Field& f : fields_) {
      const auto it = values.find(f.spec.name);
      if (it == values.end() || it->is_null()) continue;
      if (std::string problem = f.spec.Problem(*it, f.spec.name); !problem.empty())
        throw UsageError(problem);
      f.set(base, *it);
    }
    return base;
  }

  // A UsageError naming the first field whose value its declaration
  // refuses (the library's Validate(): in terms of the field, never a flag).
  void Validate(const O& options) const {
    for (const Field& f : fields_) {
      if (std::string problem = f.spec.Problem(f.get(options), f.spec.name); !problem.empty()) {
        throw UsageError(problem);
      }
    }
  }

  // The values of `options` as a JSON object (field name -> value).
  nlohmann::json ToJson(const O& options) const {
    nlohmann::json j = nlohmann::json::object();
    for (const Field& f : fields_) j[f.spec.name] = f.get(options);
    return j;
  }

 private:
  struct Field {
    OptionSpec spec;
    std::function<nlohmann::json(const O&)> get;
    std::function<void(O&, const nlohmann::json&)> set;
  };
  std::vector<Field> fields_;
};

}  // namespace pioneer::core
