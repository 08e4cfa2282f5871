#include "pioneer/io/delimited.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "pioneer/core/output.h"
#include "pioneer/core/text.h"

namespace pioneer::io {
namespace {

// Splits one logical record starting at `pos`; advances `pos` past its end of
// line and `line` by the physical lines consumed (quoted fields may span lines).
class RecordSplitter {
 public:
  RecordSplitter(std::string_view text, char delimiter, const std::string& source,
                 DiagnosticCollector& problems)
      : text_(text), delimiter_(delimiter), source_(source), problems_(problems) {}

  bool Done() const { return pos_ >= text_.size(); }
  std::int64_t line() const { return line_; }

  // Returns false when the record is malformed (already reported). The
  // fields view the text, or the splitter's own storage for quoted fields
  // with doubled quotes; they stay valid until the next call.
  bool Next(std::vector<std::string_view>& fields, std::int64_t& record_line) {
    fields.clear();
    unescaped_.clear();
    record_line = line_;
    const std::size_t record_start = pos_;
    bool ok = true;
    for (;;) {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        std::string_view field;
        ok = ReadQuoted(field, record_line, record_start) && ok;
        fields.push_back(field);
      } else {
        fields.push_back(ReadPlain());
      }
      if (pos_ < text_.size() && text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      EndOfLine();
      return ok;
    }
  }

  std::string_view RawLine(std::size_t start) const {
    const std::size_t end = text_.find('\n', start);
    std::string_view raw = text_.substr(start, end == std::string_view::npos ? end : end - start);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    return raw;
  }

 private:
  std::string_view ReadPlain() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
           text_[pos_] != '\r') {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  bool ReadQuoted(std::string_view& field, std::int64_t record_line, std::size_t record_start) {
    const std::size_t start = ++pos_;  // after the opening quote
    std::string* copy = nullptr;       // only a field with doubled quotes needs one
    for (;;) {
      if (pos_ >= text_.size()) {
        problems_.Add(source_, record_line, 0, "unterminated quoted field",
                      std::string(RawLine(record_start)));
        return false;
      }
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          if (copy == nullptr) {
            copy =
                &unescaped_.emplace_back(text_.substr(start, pos_ - start));  // ends with one '"'
          } else {
            copy->push_back('"');
          }
          ++pos_;
          continue;
        }
        field = copy ? std::string_view(*copy) : text_.substr(start, pos_ - 1 - start);
        break;
      }
      if (c == '\n') ++line_;
      if (copy) copy->push_back(c);
    }
    // After the closing quote only a delimiter or the end of the line may follow.
    if (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
        text_[pos_] != '\r') {
      problems_.Add(source_, record_line, 0, "text after a closing quote",
                    std::string(RawLine(record_start)));
      while (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n') ++pos_;
      return false;
    }
    return true;
  }

  void EndOfLine() {
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
  }

  std::string_view text_;
  char delimiter_;
  const std::string& source_;
  DiagnosticCollector& problems_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::deque<std::string> unescaped_;  // stable addresses for the fields' views
};

bool IsBlank(const std::vector<std::string_view>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

char ChooseDelimiter(std::string_view text, const std::string& source, char requested) {
  if (requested != 0) return requested;
  const char by_name = DelimiterForPath(source);
  if (by_name == '\t') return by_name;
  const std::string_view header = text.substr(0, text.find('\n'));
  return header.find('\t') != std::string_view::npos && header.find(',') == std::string_view::npos
             ? '\t'
             : ',';
}

}  // namespace

void CheckColumnNames(const std::vector<std::string>& names, const std::string& source,
                      DiagnosticCollector& problems) {
  std::unordered_map<std::string_view, std::size_t> first;
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (names[c].empty()) continue;  // an unnamed column cannot be asked for
    const auto [it, added] = first.emplace(names[c], c);
    if (added) continue;
    problems.Add(source, 1, static_cast<std::int64_t>(c) + 1,
                 fmt::format("duplicate column name '{}' (also column {}): rename one of them",
                             names[c], it->second + 1),
                 names[c]);
  }
}

char DelimiterForPath(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return (ext == ".tsv" || ext == ".tab" || ext == ".txt") ? '\t' : ',';
}

core::Table ParseDelimited(std::string_view text, const std::string& source,
                           const DelimitedOptions& options) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw InputError(Diagnostic{source, 0, 0, "file is empty: expected a header line", ""});
  }
  DiagnosticCollector problems(options.max_problems);
  const char delimiter = ChooseDelimiter(text, source, options.delimiter);
  core::CheckText(text, source, delimiter);
  RecordSplitter splitter(text, delimiter, source, problems);

  std::vector<std::string_view> fields;
  std::int64_t line = 0;
  splitter.Next(fields, line);
  core::Table table(source, std::vector<std::string>(fields.begin(), fields.end()));
  CheckColumnNames(table.names(), source, problems);
  problems.ThrowIfAny();  // rows of a file with an ambiguous header are not worth checking
  table.Reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));

  while (!splitter.Done()) {
    if (!splitter.Next(fields, line)) continue;
    if (IsBlank(fields)) continue;
    if (fields.size() != table.cols()) {
      problems.Add(
          source, line, static_cast<std::int64_t>(std::min(fields.size(), table.cols()) + 1),
          fmt::format("expected {} fields as in the header, found {}", table.cols(), fields.size()),
          fmt::format("{}", fmt::join(fields, std::string(1, delimiter))));
      continue;
    }
    table.AddRow(std::vector<std::string>(fields.begin(), fields.end()), line);
  }
  problems.ThrowIfAny();
  return table;
}

core::Table ReadDelimited(const std::filesystem::path& path, const DelimitedOptions& options) {
  const std::string text = core::ReadFile(path);
  return ParseDelimited(text, path.string(), options);
}

namespace {
void AppendField(std::string& out, const std::string& field, char delimiter) {
  const bool quote =
      field.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string::npos;
  if (!quote) {
    out += field;
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendRecord(std::string& out, const std::vector<const std::string*>& fields, char delimiter) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(delimiter);
    AppendField(out, *fields[i], delimiter);
  }
  out.push_back('\n');
}
}  // namespace

std::string FormatDelimited(const core::Table& table, char delimiter) {
  std::string out;
  std::vector<const std::string*> fields(table.cols());
  for (std::size_t c = 0; c < table.cols(); ++c) fields[c] = &table.names()[c];
  AppendRecord(out, fields, delimiter);
  for (std::size_t r = 0; r < table.rows(); ++r) {
    for (std::size_t c = 0; c < table.cols(); ++c) fields[c] = &table.cell(r, c);
    AppendRecord(out, fields, delimiter);
  }
  return out;
}

void WriteDelimited(const std::filesystem::path& path, const core::Table& table, char delimiter) {
  core::WriteFileAtomically(path, FormatDelimited(table, delimiter));
}

}  // namespace pioneer::io
