// File: pioneer/core/json_input.h
// Reading a user's JSON document (response input, parameters, locked model)
// so that no message of the JSON library reaches a user: a syntax error, a
// number beyond the double range (1e400) or invalid UTF-8 becomes an
// InputError at file:line:column, with the library's prefix removed.
#pragma once

#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace pioneer::core {

// Parses `text`; `source` names it in diagnostics.
nlohmann::json ParseJson(std::string_view text, const std::string& source);
nlohmann::json ReadJson(const std::filesystem::path& path);

// The message of an exception without nlohmann's "[json.exception.x.n] "
// prefix, for wrapping a type error into an InputError.
std::string PlainMessage(const std::exception& error);

}  // namespace pioneer::core
