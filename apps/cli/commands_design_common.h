// File: apps/cli/commands_design_common.h
// Shared by the `pioneer design ...` command files: design Options structs
// validate themselves and name their fields (design::InvalidOption); these
// helpers turn such an error into a usage error naming the flag, the value
// and the allowed range, and read integer and list options.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "args.h"
#include "pioneer/core/error.h"
#include "pioneer/design/option_error.h"

namespace pioneer::cli {

// Options field -> flag (without "--"); fields not listed are shown as is.
using FlagMap = std::map<std::string, std::string>;

// Calls `call`; an InvalidOption becomes UsageError("--flag value: rule").
template <class F>
auto WithFlags(const FlagMap& flags, F&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const design::InvalidOption& e) {
    const auto it = flags.find(e.field());
    throw UsageError(fmt::format("--{} {}: {}", it == flags.end() ? e.field() : it->second,
                                 e.value(), e.rule()));
  }
}

// The option as an integer; a UsageError naming the flag otherwise.
int IntOption(const Args& args, const std::string& name);
// A non-negative 64-bit integer (a seed); a UsageError naming the flag otherwise.
std::uint64_t SeedOption(const Args& args, const std::string& name);
// A comma-separated list of numbers ("0.05,0.1"); a UsageError naming the flag otherwise.
std::vector<double> NumberListOption(const Args& args, const std::string& name);
std::vector<int> IntListOption(const Args& args, const std::string& name);
// Writes the result to --json FILE when given.
void WriteDesignJson(const Args& args, const nlohmann::json& json);
Option DesignJsonOption();

}  // namespace pioneer::cli
