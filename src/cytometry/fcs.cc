// FCS reader (see fcs.h; the writer is fcs_write.cc). Parsing works on a byte span so that
// the fuzz target and the tests can feed images without files; every read
// of the span is bounds-checked against its size.
#include "pioneer/cytometry/fcs.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>

#include "fcs_internal.h"
#include "pioneer/core/error.h"

namespace pioneer::cytometry {
namespace {

using internal::Upper;
constexpr std::size_t kHeaderSize = internal::kFcsHeaderSize;
constexpr std::size_t kMaxParameters = 100000;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '\0')) {
    s.remove_suffix(1);
  }
  return s;
}

bool ValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xE  ? 3
                            : (c >> 3) == 0x1E ? 4
                                               : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += len;
  }
  return true;
}

// FCS 3.1 TEXT is UTF-8; older files often carry Latin-1 bytes (e.g.
// CellQuest's "\xAA"). Invalid UTF-8 is read as Latin-1 so that every
// keyword is valid UTF-8 (and JSON-safe).
std::string ToUtf8(std::string s) {
  if (ValidUtf8(s)) return s;
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// Parse context: the source name for every error.
class Parser {
 public:
  Parser(std::span<const std::uint8_t> bytes, std::string source, const FcsReadOptions& options)
      : bytes_(bytes), source_(std::move(source)), options_(options) {}
  FcsData Run();

 private:
  [[noreturn]] void Fail(const std::string& message, std::int64_t offset = -1) const {
    Diagnostic d;
    d.file = source_;
    d.message = offset >= 0 ? fmt::format("byte {}: {}", offset, message) : message;
    throw InputError(d);
  }
  [[noreturn]] void FailKeyword(std::string_view keyword, const std::string& message,
                                std::string_view value) const {
    Diagnostic d;
    d.file = source_;
    d.message = fmt::format("keyword {}: {}", keyword, message);
    d.raw = std::string(value.substr(0, 200));
    throw InputError(d);
  }

  std::uint64_t HeaderOffset(std::size_t at) const;
  void ParseText(std::uint64_t begin, std::uint64_t end, bool supplemental);
  const std::string* Find(std::string_view key) const;
  const std::string& Require(std::string_view key) const;
  double KeywordNumber(std::string_view key, const std::string& value) const;
  std::uint64_t KeywordCount(std::string_view key, const std::string& value) const;
  std::optional<std::uint64_t> OptionalCount(std::string_view key) const;
  void ReadParameters();
  void ReadSpillover();
  std::pair<std::uint64_t, std::uint64_t> DataSegment(std::uint64_t header_begin,
                                                      std::uint64_t header_end) const;
  void ReadData(std::uint64_t begin, std::uint64_t end);
  std::vector<int> ByteOrder(int width) const;
  void Linearize();

  std::span<const std::uint8_t> bytes_;
  std::string source_;
  const FcsReadOptions& options_;
  FcsData data_;
  std::map<std::string, std::size_t> index_;  // upper-case key -> keywords_ index
  char delimiter_ = '/';
  char datatype_ = 'F';
};

std::uint64_t Parser::HeaderOffset(std::size_t at) const {
  std::string_view field(reinterpret_cast<const char*>(bytes_.data()) + at, 8);
  std::string_view t = Trim(field);
  if (t.empty()) return 0;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size()) {
    Fail(fmt::format("HEADER offset '{}' is not a number", field), static_cast<std::int64_t>(at));
  }
  return v;
}

// TEXT: the first byte is the delimiter; keys and values alternate, each
// ended by the delimiter; a doubled delimiter inside a value is a literal
// delimiter. Vendor quirk (FACSCalibur/CellQuest): an empty value is written
// as a doubled delimiter right after its key ("$P3S\\$P4S\"); since keys
// never contain the delimiter, a run of delimiters that ends a key is read
// as key end + empty value (even run) or key end + escaped value start (odd).
void Parser::ParseText(std::uint64_t begin, std::uint64_t end, bool supplemental) {
  if (end < begin || end >= bytes_.size()) {
    Fail(fmt::format("{}TEXT segment {}-{} lies outside the file of {} bytes",
                     supplemental ? "supplemental " : "", begin, end, bytes_.size()),
         static_cast<std::int64_t>(begin));
  }
  const char* text = reinterpret_cast<const char*>(bytes_.data());
  std::size_t pos = static_cast<std::size_t>(begin);
  const std::size_t stop = static_cast<std::size_t>(end) + 1;
  if (!supplemental) {
    delimiter_ = text[pos];
    ++pos;
  } else if (text[pos] == delimiter_) {
    ++pos;
  }
  const char delim = delimiter_;
  bool reading_key = true;
  std::string key, token;
  std::size_t key_offset = pos;
  while (pos < stop) {
    const char c = text[pos];
    if (c != delim) {
      token.push_back(c);
      ++pos;
      continue;
    }
    std::size_t run = 0;
    while (pos + run < stop && text[pos + run] == delim) ++run;
    pos += run;
    if (reading_key) {
      key = token;
      token.clear();
      if (run == 1) {
        reading_key = false;
        continue;
      }
      if (run % 2 == 1) {  // key end, then escaped delimiters opening the value
        token.assign((run - 1) / 2, delim);
        reading_key = false;
        continue;
      }
      // Even run: key end + empty value, then (rare) escaped key start.
      data_.keywords.emplace_back(key, "");
      token.assign((run - 2) / 2, delim);
      key_offset = pos;
      continue;
    }
    token.append(run / 2, delim);
    if (run % 2 == 1) {
      data_.keywords.emplace_back(key, token);
      token.clear();
      reading_key = true;
      key_offset = pos;
    }
  }
  if (!reading_key) {
    // Last value not closed by a delimiter (some writers end TEXT early).
    data_.keywords.emplace_back(key, token);
  } else if (!Trim(token).empty()) {
    Fail(fmt::format("TEXT keyword '{}' has no value", std::string(Trim(token)).substr(0, 80)),
         static_cast<std::int64_t>(key_offset));
  }
}

const std::string* Parser::Find(std::string_view key) const {
  auto it = index_.find(Upper(key));
  return it == index_.end() ? nullptr : &data_.keywords[it->second].second;
}

const std::string& Parser::Require(std::string_view key) const {
  const std::string* v = Find(key);
  if (v == nullptr) Fail(fmt::format("required keyword {} is missing", key));
  return *v;
}

double Parser::KeywordNumber(std::string_view key, const std::string& value) const {
  std::string_view t = Trim(value);
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) {
    FailKeyword(key, "expected a number", value);
  }
  return v;
}

std::uint64_t Parser::KeywordCount(std::string_view key, const std::string& value) const {
  std::string_view t = Trim(value);
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
    FailKeyword(key, "expected a non-negative integer", value);
  }
  return v;
}

std::optional<std::uint64_t> Parser::OptionalCount(std::string_view key) const {
  const std::string* v = Find(key);
  if (v == nullptr || Trim(*v).empty()) return std::nullopt;
  return KeywordCount(key, *v);
}

void Parser::ReadParameters() {
  const std::uint64_t n = KeywordCount("$PAR", Require("$PAR"));
  if (n == 0 || n > kMaxParameters) {
    FailKeyword("$PAR", fmt::format("expected 1 to {} parameters", kMaxParameters),
                Require("$PAR"));
  }
  data_.parameters.resize(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    FcsParameter& p = data_.parameters[i];
    const std::string prefix = fmt::format("$P{}", i + 1);
    const std::string* name = Find(prefix + "N");
    p.name = name != nullptr && !Trim(*name).empty() ? std::string(Trim(*name))
                                                     : fmt::format("P{}", i + 1);
    if (const std::string* s = Find(prefix + "S"); s != nullptr && !Trim(*s).empty()) {
      p.description = std::string(Trim(*s));
    }
    if (const std::string* r = Find(prefix + "R"); r != nullptr)
      p.range = KeywordNumber(prefix + "R", *r);
    const std::string* b = Find(prefix + "B");
    if (datatype_ == 'F') p.bits = 32;
    if (datatype_ == 'D') p.bits = 64;
    if (datatype_ == 'I') {
      if (b == nullptr) Fail(fmt::format("required keyword {}B is missing", prefix));
      const std::uint64_t bits = KeywordCount(prefix + "B", *b);
      if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
        FailKeyword(prefix + "B",
                    "integer widths other than 8, 16, 32 or 64 bits are not supported", *b);
      }
      p.bits = static_cast<int>(bits);
    } else if (b != nullptr && Trim(*b) != "*") {
      // $PnB must agree with F (32) or D (64); some writers leave other values.
      p.bits = datatype_ == 'F' ? 32 : 64;
    }
    if (const std::string* e = Find(prefix + "E"); e != nullptr && !Trim(*e).empty()) {
      const std::string_view t = Trim(*e);
      const auto comma = t.find(',');
      if (comma == std::string_view::npos) FailKeyword(prefix + "E", "expected f1,f2", *e);
      p.log_decades = KeywordNumber(prefix + "E", std::string(t.substr(0, comma)));
      p.log_offset = KeywordNumber(prefix + "E", std::string(t.substr(comma + 1)));
      if (p.log_decades < 0) FailKeyword(prefix + "E", "negative decades", *e);
    }
    if (const std::string* g = Find(prefix + "G"); g != nullptr && !Trim(*g).empty()) {
      p.gain = KeywordNumber(prefix + "G", *g);
      if (p.gain <= 0) FailKeyword(prefix + "G", "gain must be positive", *g);
    }
  }
}

// "n,name_1,...,name_n,m_11,m_12,...,m_nn" (row-major). FCS 3.0 $COMP may
// omit the names; the first n parameters are then meant.
void Parser::ReadSpillover() {
  for (const char* key : {"$SPILLOVER", "SPILL", "SPILLOVER", "$COMP"}) {
    const std::string* value = Find(key);
    if (value == nullptr || Trim(*value).empty()) continue;
    std::vector<std::string> items;
    std::string_view rest = *value;
    while (true) {
      const auto comma = rest.find(',');
      items.emplace_back(Trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    const std::uint64_t n = KeywordCount(key, items[0]);
    if (n == 0 || n > data_.parameters.size()) {
      FailKeyword(
          key, fmt::format("{} channels for a file of {} parameters", n, data_.parameters.size()),
          *value);
    }
    const std::size_t size = static_cast<std::size_t>(n);
    Spillover s;
    s.keyword = key;
    std::size_t at = 1;
    if (items.size() == 1 + size + size * size) {
      s.channels.assign(items.begin() + 1, items.begin() + 1 + static_cast<std::ptrdiff_t>(size));
      at = 1 + size;
    } else if (items.size() == 1 + size * size) {
      for (std::size_t i = 0; i < size; ++i) s.channels.push_back(data_.parameters[i].name);
    } else {
      FailKeyword(key,
                  fmt::format("expected 1 + {} names + {} values, found {} items", size,
                              size * size, items.size()),
                  *value);
    }
    for (const std::string& channel : s.channels) {
      if (!data_.FindParameter(channel)) {
        FailKeyword(key, fmt::format("channel '{}' is not a parameter of the file", channel),
                    *value);
      }
    }
    s.matrix.assign(size, std::vector<double>(size));
    for (std::size_t i = 0; i < size; ++i) {
      for (std::size_t j = 0; j < size; ++j) s.matrix[i][j] = KeywordNumber(key, items[at++]);
    }
    data_.spillover = std::move(s);
    return;
  }
}

// The DATA segment: HEADER offsets, or $BEGINDATA/$ENDDATA when the HEADER
// holds zeros (segments beyond 99,999,999 bytes) or disagrees with them.
std::pair<std::uint64_t, std::uint64_t> Parser::DataSegment(std::uint64_t header_begin,
                                                            std::uint64_t header_end) const {
  std::uint64_t begin = header_begin, end = header_end;
  const auto kw_begin = OptionalCount("$BEGINDATA");
  const auto kw_end = OptionalCount("$ENDDATA");
  // A writer zeroes each offset that does not fit in 8 digits: a 0 end (or a
  // pair that is not a segment of the file) defers to the keywords.
  const bool header_usable = begin != 0 && end != 0 && begin <= end && end < bytes_.size();
  if (!header_usable && kw_begin && kw_end) {
    begin = *kw_begin;
    end = *kw_end;
  }
  if (begin == 0 && end == 0)
    Fail("no DATA segment: HEADER offsets are 0 and $BEGINDATA/$ENDDATA are absent");
  if (begin > end || begin >= bytes_.size()) {
    Fail(fmt::format("DATA segment {}-{} lies outside the file of {} bytes", begin, end,
                     bytes_.size()),
         static_cast<std::int64_t>(begin));
  }
  return {begin, end};
}

std::vector<int> Parser::ByteOrder(int width) const {
  const std::string& value = Require("$BYTEORD");
  std::vector<int> order;
  std::string_view rest = value;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string item(Trim(rest.substr(0, comma)));
    const std::uint64_t v = KeywordCount("$BYTEORD", item);
    if (v < 1 || v > 8) FailKeyword("$BYTEORD", "byte numbers run from 1 to 8", value);
    order.push_back(static_cast<int>(v) - 1);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i] != static_cast<int>(i))
      FailKeyword("$BYTEORD", "not a permutation of 1..n", value);
  }
  if (static_cast<int>(order.size()) == width) return order;
  // Width differs from $BYTEORD (e.g. 16-bit integers with "4,3,2,1"): keep
  // the endianness it declares.
  const bool little = order.empty() || order.front() < order.back();
  std::vector<int> out(static_cast<std::size_t>(width));
  for (int i = 0; i < width; ++i) out[static_cast<std::size_t>(i)] = little ? i : width - 1 - i;
  return out;
}

// Position k of a stored word holds byte order[k] of the little-endian value.
std::uint64_t Assemble(const std::uint8_t* p, const std::vector<int>& order) {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < order.size(); ++k)
    v |= static_cast<std::uint64_t>(p[k]) << (8 * order[k]);
  return v;
}

void Parser::ReadData(std::uint64_t begin, std::uint64_t end) {
  const std::size_t n_par = data_.parameters.size();
  std::uint64_t bits_per_event = 0;
  for (const FcsParameter& p : data_.parameters)
    bits_per_event += static_cast<std::uint64_t>(p.bits);
  const std::uint64_t bytes_per_event = bits_per_event / 8;
  const std::uint64_t available = end - begin + 1;
  const auto tot = OptionalCount("$TOT");
  std::uint64_t events = tot ? *tot : available / bytes_per_event;
  // The segment may end 1 byte early in files whose $ENDDATA is exclusive.
  if (events > available / bytes_per_event + 1) {
    Fail(fmt::format(
             "$TOT {} events of {} bytes do not fit in the DATA segment of {} bytes at offset {}: "
             "truncated file or $TOT mismatch",
             events, bytes_per_event, available, begin),
         static_cast<std::int64_t>(begin));
  }
  const std::uint64_t needed = events * bytes_per_event;
  if (needed > available || begin + needed > bytes_.size()) {
    Fail(fmt::format(
             "DATA segment holds {} bytes (file has {} from offset {}) but $TOT {} x {} bytes "
             "per event needs {}: truncated file or $TOT mismatch",
             available, bytes_.size() - begin, begin, events, bytes_per_event, needed),
         static_cast<std::int64_t>(begin));
  }
  if (!tot && available % bytes_per_event != 0) {
    Fail(fmt::format("DATA segment of {} bytes is not a whole number of {}-byte events", available,
                     bytes_per_event),
         static_cast<std::int64_t>(begin));
  }
  data_.events = static_cast<std::size_t>(events);
  data_.values.resize(data_.events * n_par);
  std::vector<std::vector<int>> orders(n_par);
  std::vector<std::uint64_t> masks(n_par, ~std::uint64_t{0});
  for (std::size_t j = 0; j < n_par; ++j) {
    const FcsParameter& p = data_.parameters[j];
    orders[j] = ByteOrder(p.bits / 8);
    if (datatype_ == 'I' && p.bits < 64) {
      masks[j] = (std::uint64_t{1} << p.bits) - 1;
      // $PnR masks the word to the bits the range needs (FCS 3.1 3.3.21).
      if (p.range >= 1 && p.range <= static_cast<double>(masks[j])) {
        const auto r = static_cast<std::uint64_t>(std::ceil(p.range));
        masks[j] = std::bit_ceil(r) - 1;
      }
    }
  }
  const std::uint8_t* p = bytes_.data() + begin;
  double* out = data_.values.data();
  for (std::size_t e = 0; e < data_.events; ++e) {
    for (std::size_t j = 0; j < n_par; ++j) {
      const std::uint64_t word = Assemble(p, orders[j]);
      if (datatype_ == 'F') {
        *out++ = static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(word)));
      } else if (datatype_ == 'D') {
        *out++ = std::bit_cast<double>(word);
      } else {
        *out++ = static_cast<double>(word & masks[j]);
      }
      p += data_.parameters[j].bits / 8;
    }
  }
}

void Parser::Linearize() {
  const std::size_t n_par = data_.parameters.size();
  for (std::size_t j = 0; j < n_par; ++j) {
    const FcsParameter& p = data_.parameters[j];
    const bool log = p.log_decades > 0 && options_.linearize;
    const bool gain = p.log_decades == 0 && options_.apply_gain && p.gain != 1;
    if (!log && !gain) continue;
    const double offset = p.log_offset == 0 ? 1.0 : p.log_offset;
    const double range = p.range > 0 ? p.range : 1.0;
    for (std::size_t e = 0; e < data_.events; ++e) {
      double& v = data_.values[e * n_par + j];
      v = log ? std::pow(10.0, p.log_decades * v / range) * offset : v / p.gain;
    }
  }
}

FcsData Parser::Run() {
  if (bytes_.size() < kHeaderSize) {
    Fail(fmt::format("truncated HEADER: {} bytes, at least {} needed", bytes_.size(), kHeaderSize),
         0);
  }
  data_.version.assign(reinterpret_cast<const char*>(bytes_.data()), 6);
  if (data_.version != "FCS2.0" && data_.version != "FCS3.0" && data_.version != "FCS3.1") {
    std::string shown;
    for (char c : data_.version)
      shown.push_back(std::isprint(static_cast<unsigned char>(c)) ? c : '?');
    Fail(fmt::format("not an FCS 2.0/3.0/3.1 file (starts with '{}')", shown), 0);
  }
  const std::uint64_t text_begin = HeaderOffset(10), text_end = HeaderOffset(18);
  const std::uint64_t data_begin = HeaderOffset(26), data_end = HeaderOffset(34);
  if (text_begin < kHeaderSize)
    Fail(fmt::format("TEXT offset {} falls inside the HEADER", text_begin), 10);
  ParseText(text_begin, text_end, false);
  for (auto& [k, v] : data_.keywords) {
    k = ToUtf8(std::move(k));
    v = ToUtf8(std::move(v));
  }
  for (std::size_t i = 0; i < data_.keywords.size(); ++i)
    index_.emplace(Upper(data_.keywords[i].first), i);
  const auto stext_begin = OptionalCount("$BEGINSTEXT"), stext_end = OptionalCount("$ENDSTEXT");
  if (stext_begin && stext_end && *stext_begin != 0 && *stext_end >= *stext_begin) {
    const std::size_t before = data_.keywords.size();
    ParseText(*stext_begin, *stext_end, true);
    for (std::size_t i = before; i < data_.keywords.size(); ++i) {
      data_.keywords[i].first = ToUtf8(std::move(data_.keywords[i].first));
      data_.keywords[i].second = ToUtf8(std::move(data_.keywords[i].second));
      index_.emplace(Upper(data_.keywords[i].first), i);
    }
  }
  const std::string& datatype = Require("$DATATYPE");
  const std::string_view dt = Trim(datatype);
  if (dt.size() != 1 || std::string_view("IFD").find(static_cast<char>(std::toupper(dt[0]))) ==
                            std::string_view::npos) {
    FailKeyword("$DATATYPE", "supported types are I, F and D", datatype);
  }
  datatype_ = static_cast<char>(std::toupper(dt[0]));
  if (const std::string* mode = Find("$MODE"); mode != nullptr && Upper(Trim(*mode)) != "L") {
    FailKeyword("$MODE", "only list mode (L) is supported", *mode);
  }
  ReadParameters();
  ReadSpillover();
  if (options_.header_only) {
    data_.events = static_cast<std::size_t>(OptionalCount("$TOT").value_or(0));
    return std::move(data_);
  }
  if (OptionalCount("$TOT") == std::uint64_t{0}) return std::move(data_);
  const auto [begin, end] = DataSegment(data_begin, data_end);
  ReadData(begin, end);
  Linearize();
  return std::move(data_);
}

// Read-only memory map of a whole file; unmapped on destruction.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) {
    fd_ = ::open(path.c_str(), O_RDONLY);
    if (fd_ < 0)
      throw Error(ErrorCode::kNotFound,
                  fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw Error(ErrorCode::kNotFound, fmt::format("{}: not a regular file", path.string()));
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p == MAP_FAILED) {
        ::close(fd_);
        throw Error(ErrorCode::kInternal,
                    fmt::format("{}: mmap failed: {}", path.string(), std::strerror(errno)));
      }
      data_ = static_cast<const std::uint8_t*>(p);
    }
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
    ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::span<const std::uint8_t> bytes() const { return {data_, size_}; }

 private:
  int fd_ = -1;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace

const std::string* FcsData::Keyword(std::string_view name) const {
  const std::string want = Upper(name);
  for (const auto& [k, v] : keywords) {
    if (Upper(k) == want) return &v;
  }
  return nullptr;
}

std::optional<std::size_t> FcsData::FindParameter(std::string_view name) const {
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].name == name) return i;
  }
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].description && *parameters[i].description == name) return i;
  }
  return std::nullopt;
}

FcsData ParseFcs(std::span<const std::uint8_t> bytes, const std::string& source,
                 const FcsReadOptions& options) {
  return Parser(bytes, source, options).Run();
}

FcsData ReadFcs(const std::filesystem::path& path, const FcsReadOptions& options) {
  const MappedFile file(path);
  return ParseFcs(file.bytes(), path.string(), options);
}

}  // namespace pioneer::cytometry
