// File: pioneer/core/text.h
// Checks that an input file is text every later stage can carry: valid UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) and no
// NUL byte. Every reader of a text file calls CheckText before splitting it,
// so that a bad byte is reported at file:line:column instead of surfacing
// later as a JSON library error in an analysis.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "pioneer/core/error.h"

namespace pioneer::core {

// Offset of the first byte that is not part of valid UTF-8, or of the first
// NUL byte; nullopt when the text is clean.
std::optional<std::size_t> FindBadByte(std::string_view text);

// 1-based line and column (in bytes) of an offset of the text.
struct TextPosition {
  std::int64_t line = 1;
  std::int64_t column = 1;
};
TextPosition PositionOf(std::string_view text, std::size_t offset);

// Throws InputError at file:line:column of the first invalid UTF-8 sequence
// or NUL byte, quoting the line with the bad byte shown as \xHH. The column
// is the byte's (1-based), or with a `delimiter` its field's, as in the
// other diagnostics of a delimited file.
void CheckText(std::string_view text, const std::string& source, char delimiter = 0);

}  // namespace pioneer::core
