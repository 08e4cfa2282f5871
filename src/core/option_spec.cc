#include "pioneer/core/option_spec.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "pioneer/core/enum_names.h"
#include "pioneer/core/table.h"

namespace pioneer::core {
namespace {

OptionSpec Make(std::string name, OptionType type, std::string help, std::string metavar) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.help = std::move(help);
  spec.metavar = std::move(metavar);
  return spec;
}

// A bound as written in help: integers without a decimal point, the largest
// seed as the 64-bit integer it stands for (a double cannot hold it exactly).
std::string Bound(double value) {
  if (value >= kMaxSeed) return "9223372036854775807";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{}", value);
}

std::string RangeText(const OptionSpec& spec, std::string_view what) {
  if (spec.min && spec.max)
    return fmt::format("{} from {} to {}", what, Bound(*spec.min), Bound(*spec.max));
  if (spec.min) return fmt::format("{} >= {}", what, Bound(*spec.min));
  if (spec.max) return fmt::format("{} <= {}", what, Bound(*spec.max));
  return std::string(what);
}

bool InRange(const OptionSpec& spec, double value) {
  return (!spec.min || value >= *spec.min) && (!spec.max || value <= *spec.max);
}

// The value as the user wrote it, for messages.
std::string Shown(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

bool TypeMatches(OptionType type, const nlohmann::json& value) {
  switch (type) {
    case OptionType::kInteger:
      return value.is_number_integer();
    case OptionType::kNumber:
      return value.is_number();
    case OptionType::kBoolean:
      return value.is_boolean();
    case OptionType::kList:
      return value.is_array() && std::all_of(value.begin(), value.end(),
                                             [](const nlohmann::json& v) { return v.is_string(); });
    case OptionType::kString:
    case OptionType::kEnum:
    case OptionType::kPath:
      return value.is_string();
  }
  return false;
}

}  // namespace

std::string_view TypeName(OptionType type) {
  switch (type) {
    case OptionType::kInteger:
      return "integer";
    case OptionType::kNumber:
      return "number";
    case OptionType::kString:
      return "string";
    case OptionType::kBoolean:
      return "boolean";
    case OptionType::kEnum:
      return "enum";
    case OptionType::kList:
      return "list";
    case OptionType::kPath:
      return "path";
  }
  return "string";
}

OptionSpec OptionSpec::Integer(std::string name, std::string help) {
  return Make(std::move(name), OptionType::kInteger, std::move(help), "N");
}
OptionSpec OptionSpec::Number(std::string name, std::string help) {
  return Make(std::move(name), OptionType::kNumber, std::move(help), "X");
}
OptionSpec OptionSpec::String(std::string name, std::string help) {
  return Make(std::move(name), OptionType::kString, std::move(help), "TEXT");
}
OptionSpec OptionSpec::Boolean(std::string name, std::string help) {
  return Make(std::move(name), OptionType::kBoolean, std::move(help), "");
}
OptionSpec OptionSpec::Enum(std::string name, std::vector<std::string> allowed, std::string help) {
  OptionSpec spec = Make(std::move(name), OptionType::kEnum, std::move(help), EnumMetavar(allowed));
  spec.allowed = std::move(allowed);
  return spec;
}
OptionSpec OptionSpec::List(std::string name, std::string help) {
  return Make(std::move(name), OptionType::kList, std::move(help), "A,B,..");
}
OptionSpec OptionSpec::Path(std::string name, std::string help) {
  return Make(std::move(name), OptionType::kPath, std::move(help), "FILE");
}

OptionSpec OptionSpec::Default(nlohmann::json value) && {
  default_value = std::move(value);
  return std::move(*this);
}
OptionSpec OptionSpec::Range(std::optional<double> low, std::optional<double> high) && {
  min = low;
  max = high;
  return std::move(*this);
}
OptionSpec OptionSpec::Unit(std::string text) && {
  unit = std::move(text);
  return std::move(*this);
}
OptionSpec OptionSpec::Required() && {
  required = true;
  return std::move(*this);
}
OptionSpec OptionSpec::Metavar(std::string text) && {
  metavar = std::move(text);
  return std::move(*this);
}

std::string OptionSpec::Flag() const {
  std::string flag = "--" + name;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string OptionSpec::Allowed() const {
  switch (type) {
    case OptionType::kInteger:
      return RangeText(*this, "an integer");
    case OptionType::kNumber:
      return RangeText(*this, "a finite number");
    case OptionType::kBoolean:
      return "true or false";
    case OptionType::kEnum:
      return fmt::format("one of: {}", fmt::join(allowed, ", "));
    case OptionType::kList:
      return "a list of strings";
    case OptionType::kString:
      return "a string";
    case OptionType::kPath:
      return "a path";
  }
  return "a string";
}

std::string OptionSpec::Problem(const nlohmann::json& value, std::string_view label,
                                std::string_view as_written) const {
  if (type == OptionType::kEnum && value.is_string()) {
    const std::string text = value.get<std::string>();
    if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return "";
    return UnknownValueMessage(as_written.empty() ? text : std::string(as_written), label, allowed);
  }
  bool fine = TypeMatches(type, value);
  if (fine && value.is_number()) {
    const double x = value.get<double>();
    fine = std::isfinite(x) && InRange(*this, x);
  }
  if (fine) return "";
  return fmt::format("invalid value '{}' for {}; allowed: {}",
                     as_written.empty() ? Shown(value) : std::string(as_written), label, Allowed());
}

nlohmann::json OptionSpec::FromText(std::string_view text) const {
  switch (type) {
    case OptionType::kInteger:
      if (const auto v = ParseInt(text)) return *v;
      break;
    case OptionType::kNumber:
      if (const auto v = ParseDouble(text)) return *v;
      break;
    case OptionType::kBoolean:
      if (text == "1" || text == "true") return true;
      if (text == "0" || text == "false") return false;
      break;
    case OptionType::kList: {
      nlohmann::json items = nlohmann::json::array();
      std::size_t start = 0;
      while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma > start) items.push_back(std::string(text.substr(start, comma - start)));
        start = comma + 1;
      }
      return items;
    }
    case OptionType::kString:
    case OptionType::kEnum:
    case OptionType::kPath:
      break;
  }
  return std::string(text);
}

std::string OptionSpec::DefaultText() const {
  if (default_value.is_null()) return "";
  if (default_value.is_string()) return default_value.get<std::string>();
  if (default_value.is_array()) {
    std::string text;
    for (const nlohmann::json& v : default_value) text += (text.empty() ? "" : ",") + Shown(v);
    return text;
  }
  return default_value.dump();
}

nlohmann::json OptionSpec::ToJson() const {
  nlohmann::json j = {
      {"name", name},
      {"flag", Flag()},
      {"type", TypeName(type)},
      {"allowed", type == OptionType::kEnum ? nlohmann::json(allowed) : nlohmann::json(nullptr)},
      {"default", default_value},
      {"unit", unit.empty() ? nlohmann::json(nullptr) : nlohmann::json(unit)},
      {"help", help},
      {"required", required}};
  if (min) j["min"] = *min;
  if (max) j["max"] = *max;
  return j;
}

std::string EnumMetavar(const std::vector<std::string>& allowed) {
  return fmt::format("{}", fmt::join(allowed, "|"));
}

std::string CanonicalOptionName(std::string_view name) {
  std::string canonical(name);
  std::replace(canonical.begin(), canonical.end(), '-', '_');
  return canonical;
}

const OptionSpec* FindOption(const std::vector<OptionSpec>& specs, std::string_view name) {
  const std::string wanted = CanonicalOptionName(name);
  for (const OptionSpec& s : specs) {
    if (CanonicalOptionName(s.name) == wanted) return &s;
  }
  return nullptr;
}

std::string UnknownValueMessage(std::string_view text, std::string_view field,
                                const std::vector<std::string>& allowed) {
  return fmt::format("unknown value '{}' for {}; allowed: {}", text, field,
                     fmt::join(allowed, ", "));
}

}  // namespace pioneer::core
