// pioneer import / info / export: a study's files into its SQLite store and
// back. Handlers parse, call the pipeline and store libraries, and print.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/pipeline/import.h"
#include "pioneer/store/key_file.h"
#include "pioneer/store/study_store.h"
#include "pioneer/study/layout.h"

namespace fs = std::filesystem;

namespace pioneer::cli {
namespace {

void WriteJson(const Args& args, const nlohmann::json& json) {
  if (const auto path = args.Get("json")) core::WriteFileAtomically(*path, json.dump(2) + "\n");
}

// "300 subjects, 4120 lesion measurements, ..." (tables with rows only).
std::string Summary(const std::vector<store::TableCount>& counts) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"arms", "arms"},
      {"subjects", "subjects"},
      {"exposures", "exposures"},
      {"lesions", "lesions"},
      {"measurements", "lesion measurements"},
      {"responses", "response assessments"},
      {"adverse_events", "adverse events"},
      {"samples", "samples"},
      {"assay_results", "assay results"},
      {"dispositions", "dispositions"},
      {"animals", "animal measurements"}};
  std::vector<std::string> parts;
  for (const store::TableCount& c : counts) {
    if (c.rows == 0) continue;
    std::string_view word = c.table;
    for (const auto& [table, text] : kWords) {
      if (table == c.table) word = text;
    }
    parts.push_back(fmt::format("{} {}", c.rows, word));
  }
  return parts.empty() ? "no records" : fmt::format("{}", fmt::join(parts, ", "));
}

// The import itself is pipeline::ImportFiles, the one code path shared with
// `pioneer demo`.
int RunImport(const Args& args) {
  const fs::path path = args.Require("study");
  store::KeySource key = store::ChooseKeyFile(args.Get("key"));
  key.fix_permissions = args.Flag("fix-key-permissions");
  const study::Pseudonymiser pseudonymiser(store::LoadOrCreateKey(key));
  const std::vector<fs::path> files(args.positional().begin(), args.positional().end());
  study::ImportOptions options;
  if (args.Flag("map-embedded-ids")) {
    options.embedded_subject_ids = study::EmbeddedSubjectIds::kReplaceByPseudonym;
  }
  const pipeline::ImportResult result = pipeline::ImportFiles(path, files, pseudonymiser, options);
  fmt::print(SummaryStream(args), "imported {} into {}\n", Summary(result.added), path.string());
  WriteJson(args, pipeline::ToJson(result));
  return 0;
}

void PrintInfo(const store::StoreInfo& info) {
  fmt::print("study {} ({}, schema version {}, key fingerprint {})\n\n",
             info.study.empty() ? "(unnamed)" : info.study, info.path, info.schema_version,
             info.key_fingerprint.empty() ? "none" : info.key_fingerprint);
  fmt::print("{:<16} {:>10}\n", "table", "rows");
  for (const store::TableCount& c : info.counts.tables) {
    fmt::print("{:<16} {:>10}\n", c.table, c.rows);
  }
  fmt::print("\n{:<16} {:>10}  {}\n", "arm", "subjects", "description");
  for (const store::ArmCount& a : info.counts.arms) {
    fmt::print("{:<16} {:>10}  {}\n", a.arm.empty() ? "-" : a.arm, a.subjects, a.description);
  }
  fmt::print("\n{} import(s)\n", info.imports.size());
  for (const store::ImportRecord& r : info.imports) {
    std::vector<std::string> names;
    for (const store::ImportedFile& f : r.files) names.push_back(f.name);
    fmt::print("  {} pioneer {}: {}\n", r.time_utc, r.pioneer_version, fmt::join(names, " "));
  }
}

int RunInfo(const Args& args) {
  const store::StudyStore store =
      store::StudyStore::Open(args.Require("study"), store::OpenMode::kExisting);
  const store::StoreInfo info = store.Info();
  if (SummaryStream(args) == stdout) PrintInfo(info);
  WriteJson(args, store::ToJson(info));
  return 0;
}

int RunExport(const Args& args) {
  const store::StudyStore store =
      store::StudyStore::Open(args.Require("study"), store::OpenMode::kExisting);
  const fs::path out = args.Require("out");
  const std::vector<study::NamedTable> tables = study::ToPioneerLayout(store.Load());
  core::StagedDirectory staged(out);
  nlohmann::json files = nlohmann::json::array();
  for (const study::NamedTable& t : tables) {
    const std::string name = t.name + ".tsv";
    staged.Write(name, io::FormatDelimited(t.table, '\t'));
    files.push_back({{"table", t.name}, {"file", name}, {"rows", t.table.rows()}});
  }
  staged.Commit();
  std::FILE* summary = SummaryStream(args);
  fmt::print(summary, "exported {} tables to {}\n", tables.size(), out.string());
  for (const auto& f : files) {
    fmt::print(summary, "  {:<24} {:>8} rows\n", f["file"].get<std::string>(),
               f["rows"].get<std::size_t>());
  }
  WriteJson(args, {{"study", args.Require("study")}, {"out", out.string()}, {"files", files}});
  return 0;
}
const Option kStudyOption = Option::Path("study", "the study store (one SQLite file per study)")
                                .Required()
                                .Metavar("S.sqlite");
const Option kJsonOption =
    Option::Path("json", "also write the result as JSON ('-': standard output)");

}  // namespace

std::vector<Command> StudyCommands() {
  return {
      {"import",
       "read SDTM (DM EX TU TR RS AE LB DS; CSV or XPT) and pioneer-layout files into a store",
       "FILES...",
       {kStudyOption,
        Option::Path("key",
                     "pseudonymisation key (default: $PIONEER_KEY_FILE, else "
                     "~/.config/pioneer/pseudonym.key, created on first use)"),
        Option::Boolean(
            "map_embedded_ids",
            "replace a raw subject id embedded in another identifier or text (a sample "
            "'PIO-05-0001-BX0') by the subject's pseudonym; without it such a cell is an error"),
        Option::Boolean(
            "fix_key_permissions",
            "make a key file that others may read owner-only (0600) instead of refusing it"),
        kJsonOption},
       RunImport},
      {"info",
       "counts per table and subjects per arm of a study store",
       "",
       {kStudyOption, kJsonOption},
       RunInfo},
      {"export",
       "write every table of a study store as TSV (pioneer layout)",
       "",
       {kStudyOption,
        Option::Path("out", "output folder (written all at once)").Required().Metavar("DIR"),
        kJsonOption},
       RunExport},
  };
}

const RegisterCommands kRegistered(StudyCommands);

}  // namespace pioneer::cli
