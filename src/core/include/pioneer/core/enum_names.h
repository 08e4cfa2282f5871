// File: pioneer/core/enum_names.h
// The one enum <-> text conversion (issue 15). An enum's spellings are
// declared once, beside the enum:
//
//   enum class Ties { kEfron, kBreslow };
//   inline constexpr core::EnumSpelling<Ties> kTiesNames[] = {
//       {Ties::kEfron, "efron"}, {Ties::kBreslow, "breslow"}};
//
// and every conversion goes through these functions, so that an unknown
// spelling gives the same error everywhere ("unknown value 'x' for ties;
// allowed: efron, breslow") and an option declaration lists the same values
// (EnumSpellings, for OptionSpec::Enum).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/error.h"

namespace pioneer::core {

template <class E>
struct EnumSpelling {
  E value;
  std::string_view name;
};

template <class E, std::size_t N>
std::vector<std::string> EnumSpellings(const EnumSpelling<E> (&names)[N]) {
  std::vector<std::string> out;
  for (const EnumSpelling<E>& s : names) out.emplace_back(s.name);
  return out;
}

// "unknown value 'x' for FIELD; allowed: a, b, c".
std::string UnknownValueMessage(std::string_view text, std::string_view field,
                                const std::vector<std::string>& allowed);

template <class E, std::size_t N>
std::optional<E> FindEnum(const EnumSpelling<E> (&names)[N], std::string_view text) {
  for (const EnumSpelling<E>& s : names) {
    if (s.name == text) return s.value;
  }
  return std::nullopt;
}

// The value spelt `text`; a UsageError naming `field` and the spellings otherwise.
template <class E, std::size_t N>
E ParseEnum(const EnumSpelling<E> (&names)[N], std::string_view text, std::string_view field) {
  if (const std::optional<E> value = FindEnum(names, text)) return *value;
  throw UsageError(UnknownValueMessage(text, field, EnumSpellings(names)));
}

// The spelling of `value` (every value of E must be listed).
template <class E, std::size_t N>
std::string_view EnumName(const EnumSpelling<E> (&names)[N], E value) {
  for (const EnumSpelling<E>& s : names) {
    if (s.value == value) return s.name;
  }
  throw Error(ErrorCode::kInternal, "an enum value without a spelling");
}

}  // namespace pioneer::core
