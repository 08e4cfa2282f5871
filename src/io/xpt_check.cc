// SAS transport layout (SAS Technical Support TS-140, "The record layout of
// a data set in SAS transport (XPORT) format"; v8 adds LIBV8/MEMBV8/NAMSTV8/
// LABELV8/OBSV8). Offsets are those of TS-140; NAMESTR fields are big-endian.
#include "xpt_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "pioneer/core/error.h"

namespace pioneer::io::internal {
namespace {

constexpr std::size_t kRecord = 80;
constexpr std::size_t kNamestr = 140;
constexpr std::size_t kFirstNamestrHeader = 7;  // record index of NAMESTR HEADER
constexpr std::size_t kMaxV5TextLength = 200;
constexpr std::size_t kNumericLength = 8;  // ReadStat reads every number as 8 bytes
// A header record: this prefix, an 8-character blank-padded name, this
// middle, then counts as ASCII digits from byte 48.
constexpr std::string_view kHeaderPrefix = "HEADER RECORD*******";
constexpr std::string_view kHeaderMiddle = "HEADER RECORD!!!!!!!";

[[noreturn]] void Fail(const std::string& source, const std::string& why) {
  throw InputError(Diagnostic{
      source, 0, 0, fmt::format("damaged or truncated SAS transport (XPT) file: {}", why), ""});
}

std::string_view Record(std::string_view bytes, std::size_t index) {
  return bytes.substr(index * kRecord, kRecord);
}

// The name of a header record ("LIBRARY", "NAMSTV8" ...), or nullopt.
std::optional<std::string> HeaderName(std::string_view record) {
  if (record.size() != kRecord || !record.starts_with(kHeaderPrefix)) return std::nullopt;
  std::string name(record.substr(kHeaderPrefix.size(), 8));
  if (record.substr(kHeaderPrefix.size() + 8, kHeaderMiddle.size()) != kHeaderMiddle) {
    return std::nullopt;
  }
  name.erase(name.find_last_not_of(' ') + 1);
  return name;
}

void ExpectHeader(std::string_view bytes, std::size_t index, std::string_view v5,
                  std::string_view v8, int version, const std::string& source) {
  const auto name = HeaderName(Record(bytes, index));
  const std::string_view wanted = version == 5 ? v5 : v8;
  if (!name || *name != wanted) {
    Fail(source, fmt::format("record {} should be the {} header record", index + 1, wanted));
  }
}

// A run of ASCII digits of a header record.
std::size_t Digits(std::string_view record, std::size_t at, std::size_t count,
                   const std::string& source) {
  std::size_t value = 0;
  for (char c : record.substr(at, count)) {
    if (c < '0' || c > '9') Fail(source, "a header record has a non-numeric count");
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

std::uint32_t BigEndian(std::string_view bytes, std::size_t at, std::size_t size) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < size; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// Checks every NAMESTR (type, length, position) and returns the row length.
std::size_t CheckNamestrs(std::string_view bytes, std::size_t start, std::size_t count, int version,
                          const std::string& source) {
  std::size_t position = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view n = bytes.substr(start + i * kNamestr, kNamestr);
    const std::uint32_t type = BigEndian(n, 0, 2), length = BigEndian(n, 4, 2);
    const std::uint32_t npos = BigEndian(n, 84, 4);
    std::string name(n.substr(8, 8));
    name.erase(name.find_last_not_of(' ') + 1);
    const std::string what = fmt::format("variable {} ('{}')", i + 1, name);
    if (type != 1 && type != 2) Fail(source, fmt::format("{} has type {}, not 1 or 2", what, type));
    if (type == 1 && length != kNumericLength) {
      Fail(source,
           fmt::format("{} is numeric with length {}; only 8-byte numbers are read", what, length));
    }
    if (type == 2 && (length == 0 || (version == 5 && length > kMaxV5TextLength))) {
      Fail(source, fmt::format("{} has text length {} (1 to {} in version 5)", what, length,
                               kMaxV5TextLength));
    }
    if (npos != position) {
      Fail(source, fmt::format("{} starts at byte {} of the observation, expected {}", what, npos,
                               position));
    }
    position += length;
  }
  return position;
}

// Index of the record after the OBS header (v8 may put label records first).
std::size_t ObservationStart(std::string_view bytes, std::size_t record, int version,
                             const std::string& source) {
  const std::size_t records = bytes.size() / kRecord;
  if (version == 5) {
    if (record >= records) Fail(source, "the OBS header record is missing");
    ExpectHeader(bytes, record, "OBS", "OBSV8", version, source);
    return record + 1;
  }
  for (; record < records; ++record) {
    const auto name = HeaderName(Record(bytes, record));
    if (name && *name == "OBSV8") return record + 1;
  }
  Fail(source, "the OBSV8 header record is missing");
}

// Expected observation count: whole observations, minus the trailing blank
// ones that ReadStat (like SAS) takes for the padding of the last record.
std::size_t CountObservations(std::string_view data, std::size_t row_length,
                              const std::string& source) {
  if (row_length == 0) Fail(source, "the observations have length 0");
  for (std::size_t r = 0; r < data.size() / kRecord; ++r) {
    const auto name = HeaderName(data.substr(r * kRecord, kRecord));
    if (name && (*name == "MEMBER" || *name == "MEMBV8")) {
      Fail(source, "it holds more than one data set; give one data set per file");
    }
  }
  std::size_t rows = data.size() / row_length;
  const std::string_view rest = data.substr(rows * row_length);
  if (rest.find_first_not_of(' ') != std::string_view::npos) {
    Fail(source, fmt::format("the file ends inside an observation ({} of {} bytes)", rest.size(),
                             row_length));
  }
  std::size_t padding = rest.size();
  while (rows > 0 && data.substr((rows - 1) * row_length, row_length).find_first_not_of(' ') ==
                         std::string_view::npos) {
    --rows;
    padding += row_length;
  }
  if (padding >= kRecord) {
    Fail(source, fmt::format("{} blank bytes at the end are more than the padding of one "
                             "80-byte record",
                             padding));
  }
  return rows;
}

}  // namespace

XptLayout CheckXptLayout(std::string_view bytes, const std::string& source) {
  if (bytes.size() % kRecord != 0) {
    Fail(source,
         fmt::format("its size ({} bytes) is not a whole number of 80-byte records", bytes.size()));
  }
  if (bytes.size() < (kFirstNamestrHeader + 1) * kRecord)
    Fail(source, "the headers are incomplete");
  XptLayout layout;
  const auto library = HeaderName(Record(bytes, 0));
  if (!library || (*library != "LIBRARY" && *library != "LIBV8")) {
    Fail(source, "the first record is not a LIBRARY header record");
  }
  layout.version = *library == "LIBRARY" ? 5 : 8;
  ExpectHeader(bytes, 3, "MEMBER", "MEMBV8", layout.version, source);
  if (Digits(Record(bytes, 3), 74, 4, source) != kNamestr) {
    Fail(source, "the MEMBER header does not give 140-byte NAMESTR records");
  }
  ExpectHeader(bytes, 4, "DSCRPTR", "DSCPTV8", layout.version, source);
  ExpectHeader(bytes, kFirstNamestrHeader, "NAMESTR", "NAMSTV8", layout.version, source);
  layout.variables = Digits(Record(bytes, kFirstNamestrHeader), 53, 5, source);
  if (layout.variables == 0) Fail(source, "the NAMESTR header gives no variables");
  const std::size_t start = (kFirstNamestrHeader + 1) * kRecord;
  const std::size_t namestr_bytes = layout.variables * kNamestr;
  if (start + namestr_bytes > bytes.size()) {
    Fail(source,
         fmt::format("the {} NAMESTR records run past the end of the file", layout.variables));
  }
  layout.row_length = CheckNamestrs(bytes, start, layout.variables, layout.version, source);
  const std::size_t after = (start + namestr_bytes + kRecord - 1) / kRecord;
  const std::size_t obs = ObservationStart(bytes, after, layout.version, source);
  layout.observations = CountObservations(bytes.substr(obs * kRecord), layout.row_length, source);
  return layout;
}

}  // namespace pioneer::io::internal
