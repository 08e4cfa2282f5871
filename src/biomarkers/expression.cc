// File: src/biomarkers/expression.cc
#include "pioneer/biomarkers/expression.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/core/text.h"

namespace pioneer::biomarkers {

Scale ParseScale(const std::string& name) { return core::ParseEnum(kScaleNames, name, "scale"); }

std::string ScaleName(Scale scale) { return std::string(core::EnumName(kScaleNames, scale)); }

namespace {

// Splits one line (without its end of line) on the delimiter; a trailing
// carriage return is removed. Quotes are stripped from quoted header fields.
void SplitLine(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(delimiter, start);
    std::string_view field =
        line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
      field = field.substr(1, field.size() - 2);
    fields.push_back(field);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

bool ParseNumber(std::string_view text, double& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

}  // namespace

ExpressionMatrix ParseExpression(std::string_view text, const std::string& source, Scale scale) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  DiagnosticCollector problems;
  ExpressionMatrix m;
  std::size_t pos = 0;
  std::int64_t line_no = 0;
  std::vector<std::string_view> fields;
  auto next_line = [&](std::string_view& line) {
    if (pos >= text.size()) return false;
    const std::size_t end = text.find('\n', pos);
    line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    return true;
  };
  std::string_view header;
  if (!next_line(header)) throw InputError(Diagnostic{source, 0, 0, "empty expression file", ""});
  const char delimiter = header.find('\t') != std::string_view::npos ? '\t' : ',';
  core::CheckText(text, source, delimiter);
  SplitLine(header, delimiter, fields);
  if (fields.size() < 2) {
    throw InputError(Diagnostic{source, 1, 0,
                                "expected a gene column and at least one sample column",
                                std::string(header)});
  }
  std::unordered_set<std::string> seen;
  for (std::size_t c = 1; c < fields.size(); ++c) {
    std::string name(fields[c]);
    if (name.empty())
      problems.Add(source, 1, static_cast<std::int64_t>(c + 1), "empty sample id");
    else if (!seen.insert(name).second)
      problems.Add(source, 1, static_cast<std::int64_t>(c + 1), "duplicate sample id", name);
    m.samples.push_back(std::move(name));
  }
  const std::size_t n = m.samples.size();
  seen.clear();
  std::string_view line;
  while (next_line(line)) {
    if (line.empty() || line == "\r") continue;
    SplitLine(line, delimiter, fields);
    if (fields.size() != n + 1) {
      problems.Add(source, line_no, 0,
                   fmt::format("expected {} fields, found {}", n + 1, fields.size()));
      continue;
    }
    std::string gene(fields[0]);
    if (gene.empty())
      problems.Add(source, line_no, 1, "empty gene id");
    else if (!seen.insert(gene).second)
      problems.Add(source, line_no, 1, "duplicate gene id", gene);
    for (std::size_t c = 1; c <= n; ++c) {
      double v = 0;
      if (!ParseNumber(fields[c], v)) {
        problems.Add(source, line_no, static_cast<std::int64_t>(c + 1), "expected a finite number",
                     std::string(fields[c]));
      } else if (scale != Scale::kLog2Tpm && v < 0) {
        problems.Add(source, line_no, static_cast<std::int64_t>(c + 1),
                     fmt::format("negative value on the declared {} scale", ScaleName(scale)),
                     std::string(fields[c]));
      }
      m.values.push_back(v);
    }
    m.genes.push_back(std::move(gene));
  }
  if (problems.empty() && m.genes.empty()) problems.Add(source, line_no, 0, "no gene rows");
  if (!problems.empty()) throw InputError(problems.diagnostics(), problems.total());
  return m;
}

ExpressionMatrix ReadExpression(const std::filesystem::path& path, Scale scale) {
  const std::string text = core::ReadFile(path);
  return ParseExpression(text, path.string(), scale);
}

namespace {

std::vector<double> LibrarySizes(const ExpressionMatrix& m) {
  std::vector<double> size(m.n_samples(), 0.0);
  for (std::size_t g = 0; g < m.n_genes(); ++g) {
    for (std::size_t s = 0; s < m.n_samples(); ++s) size[s] += m.at(g, s);
  }
  return size;
}

template <typename F>
ExpressionMatrix Map(const ExpressionMatrix& m, F f) {
  ExpressionMatrix out = m;
  for (std::size_t g = 0; g < m.n_genes(); ++g) {
    for (std::size_t s = 0; s < m.n_samples(); ++s) out.at(g, s) = f(m.at(g, s), s);
  }
  return out;
}

}  // namespace

ExpressionMatrix ToLog2(const ExpressionMatrix& m, Scale scale) {
  switch (scale) {
    case Scale::kLog2Tpm:
      return m;
    case Scale::kTpm:
      return Map(m, [](double v, std::size_t) { return std::log2(v + 1.0); });
    case Scale::kCounts: {
      const std::vector<double> lib = LibrarySizes(m);
      return Map(m, [&](double v, std::size_t s) { return std::log2(v / lib[s] * 1e6 + 1.0); });
    }
  }
  return m;
}

ExpressionMatrix ToTpm(const ExpressionMatrix& m, Scale scale, double log_offset) {
  switch (scale) {
    case Scale::kLog2Tpm:
      return Map(m,
                 [&](double v, std::size_t) { return std::max(std::exp2(v) - log_offset, 0.0); });
    case Scale::kTpm:
      return m;
    case Scale::kCounts: {
      const std::vector<double> lib = LibrarySizes(m);
      return Map(m, [&](double v, std::size_t s) { return v / lib[s] * 1e6; });
    }
  }
  return m;
}

ExpressionMatrix ToLog2TpmPlus1(const ExpressionMatrix& m, Scale scale, double log_offset) {
  if (scale == Scale::kLog2Tpm && log_offset == 1.0) return m;
  return Map(ToTpm(m, scale, log_offset), [](double v, std::size_t) { return std::log2(v + 1.0); });
}

GeneIndex::GeneIndex(const std::vector<std::string>& genes) {
  sorted_.reserve(genes.size());
  for (std::size_t i = 0; i < genes.size(); ++i) sorted_.emplace_back(genes[i], i);
  std::sort(sorted_.begin(), sorted_.end());
}

long GeneIndex::Find(std::string_view gene) const {
  auto it =
      std::lower_bound(sorted_.begin(), sorted_.end(), gene,
                       [](const auto& entry, std::string_view key) { return entry.first < key; });
  if (it == sorted_.end() || it->first != gene) return -1;
  return static_cast<long>(it->second);
}

}  // namespace pioneer::biomarkers
