// BuildStudy: recognises each table, reads the tables in dependency order
// (arms and subjects before the records that refer to them) and applies the
// cross-record rules once everything is read.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "builder.h"
#include "embedded_ids.h"

namespace pioneer::study {
namespace {

using internal::Builder;
using internal::TableReader;
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
  for (const Kind& kind : kKinds) {
    for (const auto& [name, table] : named) {
      if (name == kind.name) kind.import(TableReader(*table, problems, &guard), builder);
    }
  }
  builder.Finish();
  problems.ThrowIfAny();
  return std::move(builder.out());
}

}  // namespace pioneer::study
