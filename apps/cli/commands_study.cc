// pioneer import / info / export: a study's files into its SQLite store and
// back. Handlers parse, call io/, study/ and store/, and print.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/io/read_table.h"
#include "pioneer/store/key_file.h"
#include "pioneer/store/study_store.h"
#include "pioneer/study/layout.h"

namespace fs = std::filesystem;

namespace pioneer::cli {
namespace {

void WriteJson(const Args& args, const nlohmann::json& json) {
  if (const auto path = args.Get("json")) core::WriteFileAtomically(*path, json.dump(2) + "\n");
}

constexpr std::size_t kMaxProblems = 100;

// Reads every file before stopping, so that one run reports the problems
// of all files (up to kMaxProblems, and how many more there were).
std::vector<core::Table> ReadAll(const std::vector<fs::path>& files) {
  std::vector<core::Table> tables;
  std::vector<Diagnostic> problems;
  std::int64_t total = 0;
  for (const fs::path& file : files) {
    try {
      tables.push_back(io::ReadTableFile(file));
    } catch (const InputError& e) {
      for (const Diagnostic& d : e.diagnostics()) {
        if (problems.size() < kMaxProblems) problems.push_back(d);
      }
      total += e.total_problems();
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kNotFound) throw;
      if (problems.size() < kMaxProblems) problems.push_back({"", 0, 0, e.what(), ""});
      ++total;
    }
  }
  if (total > 0) throw InputError(std::move(problems), total);
  return tables;
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

std::vector<fs::path> InputFiles(const Args& args) {
  if (args.positional().empty()) throw UsageError("import needs at least one input file");
  return {args.positional().begin(), args.positional().end()};
}

// The store is opened (and the key checked) before the files are read, so
// that a key mismatch is reported as such rather than as unknown subjects.
std::optional<store::StudyStore> OpenExisting(const fs::path& path,
                                              const study::Pseudonymiser& pseudonymiser) {
  if (!fs::exists(path)) return std::nullopt;
  store::StudyStore store = store::StudyStore::Open(path, store::OpenMode::kExisting);
  const std::string stored = store.KeyFingerprint();
  if (!stored.empty() && stored != pseudonymiser.KeyFingerprint()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: the study was pseudonymised with the key of fingerprint {}, "
                            "the key given has fingerprint {}: use the study's key (--key FILE "
                            "or PIONEER_KEY_FILE)",
                            path.string(), stored, pseudonymiser.KeyFingerprint()));
  }
  return store;
}

// All or nothing: Append is one transaction, and a store file created by
// this import is removed again if the import fails.
void AppendAtomically(const fs::path& path, std::optional<store::StudyStore>& store,
                      const study::Study& records, const study::Pseudonymiser& pseudonymiser,
                      const store::ImportRecord& audit) {
  const bool created = !store.has_value();
  try {
    if (created) store = store::StudyStore::Open(path, store::OpenMode::kCreate);
    store->Append(records, pseudonymiser.KeyFingerprint(), audit);
  } catch (...) {
    if (created) {
      store.reset();
      store::RemoveStoreFiles(path);
    }
    throw;
  }
}

int RunImport(const Args& args) {
  const fs::path path = args.Require("study");
  const std::vector<fs::path> files = InputFiles(args);
  const study::Pseudonymiser pseudonymiser(
      store::LoadOrCreateKey(store::ChooseKeyFile(args.Get("key"))));
  std::optional<store::StudyStore> store = OpenExisting(path, pseudonymiser);
  const study::Study existing = store ? store->Load() : study::Study{};
  const std::vector<core::Table> tables = ReadAll(files);
  const study::Study records = study::BuildStudy(tables, pseudonymiser, existing);
  store::ImportRecord audit = store::MakeImportRecord(files);
  audit.counts = store::CountRecords(records);
  AppendAtomically(path, store, records, pseudonymiser, audit);
  fmt::print("imported {} into {}\n", Summary(audit.counts), path.string());
  nlohmann::json json = store::ToJson(audit);
  json["study"] = path.string();
  WriteJson(args, json);
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
  PrintInfo(info);
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
  fmt::print("exported {} tables to {}\n", tables.size(), out.string());
  for (const auto& f : files) {
    fmt::print("  {:<24} {:>8} rows\n", f["file"].get<std::string>(), f["rows"].get<std::size_t>());
  }
  WriteJson(args, {{"study", args.Require("study")}, {"out", out.string()}, {"files", files}});
  return 0;
}
const Option kStudyOption{"study", "S.sqlite", "the study store (one SQLite file per study)", true,
                          ""};
const Option kJsonOption{"json", "FILE", "also write the result as JSON", false, ""};

}  // namespace

std::vector<Command> StudyCommands() {
  return {
      {"import",
       "read SDTM (DM EX TU TR RS AE LB DS; CSV or XPT) and pioneer-layout files into a store",
       "FILES...",
       {kStudyOption,
        {"key", "FILE",
         "pseudonymisation key (default: $PIONEER_KEY_FILE, else "
         "~/.config/pioneer/pseudonym.key, created on first use)",
         false, ""},
        kJsonOption},
       RunImport},
      {"info", "counts per table and subjects per arm of a study store", "",
       {kStudyOption, kJsonOption}, RunInfo},
      {"export", "write every table of a study store as TSV (pioneer layout)", "",
       {kStudyOption, {"out", "DIR", "output folder (written all at once)", true, ""}, kJsonOption},
       RunExport},
  };
}

}  // namespace pioneer::cli
