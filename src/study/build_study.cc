// BuildStudy: recognises each table, reads the tables in dependency order
// (arms and subjects before the records that refer to them) and applies the
// cross-record rules once everything is read.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "builder.h"
#include "embedded_ids.h"

namespace pioneer::study {
namespace {

using internal::Builder;
using internal::TableReader;
using internal::ToUpper;
using ImportFn = void (*)(const TableReader&, Builder&);

struct Kind {
  std::string_view name;
  ImportFn import;
};

// Reading order; a table's name is its SDTM domain or pioneer table name.
constexpr Kind kKinds[] = {
    {"study", internal::ImportStudyTable},
    {"arms", internal::ImportArms},
    {"dm", internal::ImportDm},
    {"subjects", internal::ImportSubjects},
    {"ex", internal::ImportEx},
    {"exposures", internal::ImportExposures},
    {"tu", internal::ImportTu},
    {"lesions", internal::ImportLesions},
    {"tr", internal::ImportTr},
    {"measurements", internal::ImportMeasurements},
    {"rs", internal::ImportRs},
    {"responses", internal::ImportResponses},
    {"ae", internal::ImportAe},
    {"adverse_events", internal::ImportAdverseEvents},
    {"samples", internal::ImportSamples},
    {"lb", internal::ImportLb},
    {"assay_results", internal::ImportAssayResults},
    {"ds", internal::ImportDs},
    {"dispositions", internal::ImportDispositions},
    {"animals", internal::ImportAnimals},
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsKind(const std::string& name) {
  return std::any_of(std::begin(kKinds), std::end(kKinds),
                     [&](const Kind& k) { return k.name == name; });
}

// An SDTM domain by its DOMAIN value, else any table by its file stem.
std::string Recognise(const core::Table& table) {
  DiagnosticCollector ignored;
  const TableReader reader(table, ignored);
  if (const auto col = reader.Col("DOMAIN"); col && table.rows() > 0) {
    const std::string domain = Lower(table.cell(0, *col));
    if (IsKind(domain) && domain.size() == 2) return domain;
  }
  const std::string stem = Lower(std::filesystem::path(table.source()).stem().string());
  return IsKind(stem) ? stem : std::string();
}

std::string KnownNames() {
  std::string list;
  for (const Kind& k : kKinds) list += (list.empty() ? "" : " ") + std::string(k.name);
  return list;
}

// Rules of every SDTM domain (docs/DATA_FORMATS.md, "SDTM layout"): one
// import holds one study, so each row's STUDYID must agree with the study
// name (Builder::SetName names the first one that differs); a DOMAIN column
// names the table's own domain on every row, not only the first.
void CheckSdtmRows(const TableReader& t, Builder& b, std::string_view domain) {
  for (std::size_t row = 0; row < t.rows(); ++row) {
    if (const auto study = t.Text(row, "STUDYID")) b.SetName(*study, t, row, "STUDYID");
    if (const auto d = t.Upper(row, "DOMAIN"); d && Lower(*d) != domain) {
      t.Problem(row, "DOMAIN",
                fmt::format("expected {} on every row of this table", ToUpper(domain)));
    }
  }
}

// Columns are looked up without regard to case, so "AGE" and "age" in one
// table would be one column read twice; the shared reader only refuses
// exact duplicates.
void CheckCaseDuplicates(const core::Table& table, DiagnosticCollector& problems) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    const std::string upper = ToUpper(table.names()[c]);
    if (upper.empty()) continue;
    const auto [it, added] = seen.emplace(upper, c);
    if (added) continue;
    problems.Add(table.source(), 1, static_cast<std::int64_t>(c) + 1,
                 fmt::format("column \"{}\" repeats column {} (\"{}\"): names are matched "
                             "regardless of case",
                             table.names()[c], it->second + 1, table.names()[it->second]));
  }
}

}  // namespace

Study BuildStudy(const std::vector<core::Table>& tables, const Pseudonymiser& pseudonymiser,
                 const Study& existing, const ImportOptions& options) {
  DiagnosticCollector problems;
  std::vector<std::pair<std::string, const core::Table*>> named;
  for (const core::Table& table : tables) {
    std::string name = Recognise(table);
    if (name.empty()) {
      problems.Add(table.source(), 0, 0,
                   fmt::format("unrecognised table: name the file after an SDTM domain or a "
                               "pioneer table ({})",
                               KnownNames()));
    }
    named.emplace_back(std::move(name), &table);
  }
  Builder builder(pseudonymiser, existing, problems);
  const internal::EmbeddedIdGuard guard(tables, pseudonymiser, options.embedded_subject_ids);
  for (const auto& named_table : named) CheckCaseDuplicates(*named_table.second, problems);
  for (const Kind& kind : kKinds) {
    for (const auto& [name, table] : named) {
      if (name != kind.name) continue;
      const TableReader reader(*table, problems, &guard);
      if (name.size() == 2) CheckSdtmRows(reader, builder, name);  // SDTM domains
      kind.import(reader, builder);
    }
  }
  builder.Finish();
  problems.ThrowIfAny();
  return std::move(builder.out());
}

}  // namespace pioneer::study
