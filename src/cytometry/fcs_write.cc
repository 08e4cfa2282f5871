// FCS 3.1 writer (see fcs.h): list mode, big-endian float or double, the
// parameters' keywords, the spillover matrix, and every other keyword copied.
#include <fmt/format.h>

#include <bit>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fcs_internal.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/cytometry/fcs.h"

namespace pioneer::cytometry {
namespace {

using internal::Upper;
constexpr std::size_t kHeaderSize = internal::kFcsHeaderSize;

// Keywords the writer computes itself; other keywords are copied.
bool WriterOwned(const std::string& upper) {
  static const std::set<std::string> kOwned = {
      "$BEGINANALYSIS", "$ENDANALYSIS", "$BEGINDATA", "$ENDDATA", "$BEGINSTEXT",
      "$ENDSTEXT",      "$BYTEORD",     "$DATATYPE",  "$MODE",    "$NEXTDATA",
      "$PAR",           "$TOT",         "$SPILLOVER", "SPILL",    "$COMP"};
  if (kOwned.contains(upper)) return true;
  // $PnN/$PnS/$PnR/$PnB/$PnE/$PnG
  if (upper.size() >= 4 && upper[0] == '$' && upper[1] == 'P' &&
      std::isdigit(static_cast<unsigned char>(upper[2]))) {
    std::size_t i = 2;
    while (i < upper.size() && std::isdigit(static_cast<unsigned char>(upper[i]))) ++i;
    return i + 1 == upper.size() &&
           std::string_view("NSRBEG").find(upper[i]) != std::string_view::npos;
  }
  return false;
}

std::string Escape(std::string_view s, char delim) {
  std::string out;
  for (char c : s) {
    out.push_back(c);
    if (c == delim) out.push_back(c);
  }
  return out;
}

std::string FormatNumber(double v) { return fmt::format("{}", v); }

}  // namespace

std::string WriteFcs(const FcsData& data, FcsWriteType type) {
  constexpr char kDelim = '|';
  const std::size_t n_par = data.parameters.size();
  const int bits = type == FcsWriteType::kFloat ? 32 : 64;
  if (data.values.size() != data.events * n_par) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("WriteFcs: {} values for {} events x {} parameters", data.values.size(),
                            data.events, n_par));
  }
  std::vector<std::pair<std::string, std::string>> kw = {
      {"$BYTEORD", "4,3,2,1"},
      {"$DATATYPE", type == FcsWriteType::kFloat ? "F" : "D"},
      {"$MODE", "L"},
      {"$NEXTDATA", "0"},
      {"$PAR", std::to_string(n_par)},
      {"$TOT", std::to_string(data.events)},
      {"$BEGINANALYSIS", "0"},
      {"$ENDANALYSIS", "0"},
      {"$BEGINSTEXT", "0"},
      {"$ENDSTEXT", "0"}};
  for (std::size_t i = 0; i < n_par; ++i) {
    const FcsParameter& p = data.parameters[i];
    const std::string prefix = fmt::format("$P{}", i + 1);
    kw.emplace_back(prefix + "N", p.name);
    if (p.description) kw.emplace_back(prefix + "S", *p.description);
    kw.emplace_back(prefix + "R", FormatNumber(p.range));
    kw.emplace_back(prefix + "B", std::to_string(bits));
    kw.emplace_back(prefix + "E", "0,0");
    if (p.gain != 1) kw.emplace_back(prefix + "G", FormatNumber(p.gain));
  }
  if (data.spillover) {
    const Spillover& s = *data.spillover;
    std::string v = std::to_string(s.channels.size());
    for (const std::string& c : s.channels) v += "," + c;
    for (const auto& row : s.matrix) {
      for (double x : row) v += "," + FormatNumber(x);
    }
    kw.emplace_back("$SPILLOVER", v);
  }
  for (const auto& [k, v] : data.keywords) {
    if (!WriterOwned(Upper(k)) && !k.empty()) kw.emplace_back(k, v);
  }
  std::string body;
  for (const auto& [k, v] : kw) {
    // An empty value cannot be written (a doubled delimiter is an escape).
    body += Escape(k, kDelim) + kDelim + Escape(v.empty() ? " " : v, kDelim) + kDelim;
  }
  const std::size_t data_bytes = data.events * n_par * static_cast<std::size_t>(bits / 8);
  // $BEGINDATA/$ENDDATA digits change the TEXT length: iterate to a fixed point.
  std::string text;
  std::size_t data_begin = kHeaderSize, data_end = 0;
  for (int pass = 0; pass < 8; ++pass) {
    data_end = data_bytes == 0 ? 0 : data_begin + data_bytes - 1;
    const std::size_t shown_begin = data_bytes == 0 ? 0 : data_begin;
    text = std::string(1, kDelim) + "$BEGINDATA" + kDelim + std::to_string(shown_begin) + kDelim +
           "$ENDDATA" + kDelim + std::to_string(data_end) + kDelim + body;
    if (kHeaderSize + text.size() == data_begin) break;
    data_begin = kHeaderSize + text.size();
  }
  if (data_bytes == 0) data_begin = 0;
  const std::size_t text_end = kHeaderSize + text.size() - 1;
  // Offsets beyond 8 digits are written as 0; readers use the keywords.
  auto offset = [](std::size_t v) { return fmt::format("{:>8}", v > 99999999 ? 0 : v); };
  std::string out = "FCS3.1    " + offset(kHeaderSize) + offset(text_end) + offset(data_begin) +
                    offset(data_end) + offset(0) + offset(0);
  out += text;
  out.reserve(out.size() + data_bytes + 8);
  for (double v : data.values) {
    std::uint64_t word = 0;
    if (type == FcsWriteType::kFloat)
      word = std::bit_cast<std::uint32_t>(static_cast<float>(v));
    else
      word = std::bit_cast<std::uint64_t>(v);
    for (int k = bits / 8 - 1; k >= 0; --k)
      out.push_back(static_cast<char>((word >> (8 * k)) & 0xff));
  }
  out += "00000000";
  return out;
}

void WriteFcsFile(const std::filesystem::path& path, const FcsData& data, FcsWriteType type) {
  core::WriteFileAtomically(path, WriteFcs(data, type));
}

}  // namespace pioneer::cytometry
