#include "commands_design_common.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "pioneer/core/output.h"

namespace pioneer::cli {
namespace {

double ParseNumber(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    throw UsageError(fmt::format("--{} {}: expected a number", flag, text));
  }
  return v;
}

int ParseInt(const std::string& flag, const std::string& text) {
  const double v = ParseNumber(flag, text);
  if (v != std::floor(v) || std::fabs(v) > 2e9) {
    throw UsageError(fmt::format("--{} {}: expected an integer", flag, text));
  }
  return static_cast<int>(v);
}

}  // namespace

int IntOption(const Args& args, const std::string& name) {
  return ParseInt(name, args.Require(name));
}

std::uint64_t SeedOption(const Args& args, const std::string& name) {
  const std::string text = args.Require(name);
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end != text.c_str() + text.size() || errno == ERANGE) {
    throw UsageError(fmt::format("--{} {}: expected an integer in [0, 2^64)", name, text));
  }
  return v;
}

std::vector<double> NumberListOption(const Args& args, const std::string& name) {
  std::vector<double> out;
  for (const std::string& item : SplitList(args.Require(name))) {
    out.push_back(ParseNumber(name, item));
  }
  if (out.empty()) throw UsageError(fmt::format("--{}: expected a comma-separated list", name));
  return out;
}

std::vector<int> IntListOption(const Args& args, const std::string& name) {
  std::vector<int> out;
  for (const std::string& item : SplitList(args.Require(name))) out.push_back(ParseInt(name, item));
  if (out.empty()) throw UsageError(fmt::format("--{}: expected a comma-separated list", name));
  return out;
}

void WriteDesignJson(const Args& args, const nlohmann::json& json) {
  if (const auto file = args.Get("json")) core::WriteFileAtomically(*file, json.dump(2) + "\n");
}

Option DesignJsonOption() {
  return Option::Path("json", "write the result as JSON (docs/design.md)");
}

}  // namespace pioneer::cli
