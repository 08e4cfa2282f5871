// UTF-8 validation (RFC 3629 §4, the table of well-formed byte sequences).
#include "pioneer/core/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace pioneer::core {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed sequence starting at `i`, 0 when there is none.
std::size_t SequenceLength(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF)
    length = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    length = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    length = 4;
  else
    return 0;
  if (c == 0xE0) low = 0xA0;   // no overlong 3-byte forms
  if (c == 0xED) high = 0x9F;  // no UTF-16 surrogates
  if (c == 0xF0) low = 0x90;   // no overlong 4-byte forms
  if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  if (i + length > text.size()) return 0;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  if (second < low || second > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!IsContinuation(static_cast<unsigned char>(text[i + k]))) return 0;
  }
  return length;
}

std::string Escaped(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    const std::size_t n = SequenceLength(line, i);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(line[i]));
      ++i;
    } else {
      out.append(line.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace

std::optional<std::size_t> FindBadByte(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    // ASCII fast path: most input is plain ASCII.
    if (static_cast<unsigned char>(text[i]) - 1u < 0x7Fu) {
      ++i;
      continue;
    }
    const std::size_t n = SequenceLength(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

TextPosition PositionOf(std::string_view text, std::size_t offset) {
  TextPosition p;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

void CheckText(std::string_view text, const std::string& source, char delimiter) {
  const auto bad = FindBadByte(text);
  if (!bad) return;
  const TextPosition at = PositionOf(text, *bad);
  const std::size_t start = *bad - static_cast<std::size_t>(at.column - 1);
  std::string_view line = text.substr(start, text.find('\n', start) - start);
  // Delimited files count columns in fields (quoted delimiters aside).
  const std::int64_t column =
      delimiter == 0 ? at.column
                     : 1 + std::count(line.begin(), line.begin() + (at.column - 1), delimiter);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > 200) line = line.substr(0, 200);
  const std::string message =
      text[*bad] == '\0' ? std::string("NUL byte: the file is not text")
                         : fmt::format("invalid UTF-8 (byte \\x{:02x}): save the file as UTF-8",
                                       static_cast<unsigned char>(text[*bad]));
  throw InputError(Diagnostic{source, at.line, column, message, Escaped(line)});
}

}  // namespace pioneer::core
