// File: io/xpt_check.h (private)
// Structural check of a SAS transport file against its own headers, before
// and after ReadStat reads it. ReadStat reads observations until the end of
// the file and drops a short last one, so a truncated or damaged file would
// otherwise lose observations silently (issue 14).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pioneer::io::internal {

// What the headers say the observation section holds.
struct XptLayout {
  int version = 5;               // 5 or 8
  std::size_t variables = 0;     // NAMESTR count
  std::size_t row_length = 0;    // bytes of one observation
  std::size_t observations = 0;  // expected number of observations
};

// Checks the layout of SAS XPORT v5/v8 (SAS TS-140): 80-byte header records,
// 140-byte NAMESTR records whose lengths and positions agree, observations
// padded with blanks to a whole 80-byte record, one member. Throws
// InputError naming `source` and what does not fit.
XptLayout CheckXptLayout(std::string_view bytes, const std::string& source);

}  // namespace pioneer::io::internal
