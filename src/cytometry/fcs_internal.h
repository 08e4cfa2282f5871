// Private: what the FCS reader (fcs.cc) and writer (fcs_write.cc) share.
#pragma once

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace pioneer::cytometry::internal {

inline constexpr std::size_t kFcsHeaderSize = 58;  // version (6) + 4 spaces + 6 offsets of 8

// Keywords are case-insensitive (FCS 3.1, 3.2.9): compared in upper case.
inline std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace pioneer::cytometry::internal
