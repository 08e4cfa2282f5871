#include "pioneer/pipeline/runner.h"

#include <fmt/format.h>
#include <sodium.h>

#include <chrono>
#include <ctime>

#include "pioneer/core/crash_point.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/core/version.h"
#include "pioneer/io/delimited.h"
#include "pioneer/pipeline/analysis.h"
#include "pioneer/report/assets.h"
#include "pioneer/report/document.h"
#include "pioneer/store/study_store.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

std::string StudyName(const Plan& plan, const study::Study& study) {
  if (!plan.study_name.empty()) return plan.study_name;
  if (!study.name.empty()) return study.name;
  return plan.store.stem().string();
}

report::Document NewDocument(const Plan& plan, const study::Study& study) {
  const std::string name = StudyName(plan, study);
  report::Document doc(plan.title.empty() ? fmt::format("{}: analysis report", name) : plan.title);
  doc.set_subtitle(
      fmt::format("Analysis plan {} \u00b7 pioneer {}", plan.file.filename().string(), Version()));
  doc.AddFact("Study", name);
  doc.AddFact("Subjects", std::to_string(study.subjects.size()));
  doc.AddFact("Arms", std::to_string(study.arms.size()));
  doc.AddFact("Analyses", std::to_string(plan.analyses.size()));
  doc.set_footer(fmt::format(
      "Made by pioneer {} from {} (SHA-256 {}). Input file hashes, options and seeds are in "
      "manifest.json; re-running the plan on the same study reproduces this report byte for byte.",
      Version(), plan.file.filename().string(), Sha256Hex(plan.text).substr(0, 16)));
  return doc;
}

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

// JSON pointers (RFC 6901) of the manifest fields that may differ between
// two runs of the same plan on the same inputs.
nlohmann::json VaryingFields(const RunOptions& options) {
  nlohmann::json fields = {"/run"};
  for (const std::string& f : options.varying_fields) fields.push_back(f);
  return fields;
}

nlohmann::json Manifest(const Plan& plan, const study::Study& study,
                        const std::string& store_sha256, const RunOptions& options,
                        const std::vector<OutputFile>& files) {
  nlohmann::json assets = nlohmann::json::array();
  for (const report::JsBundle& b : report::JsBundles()) {
    assets.push_back({{"name", b.name}, {"version", b.version}, {"sha256", b.sha256}});
  }
  nlohmann::json outputs = nlohmann::json::array();
  for (const OutputFile& f : files) outputs.push_back({{"file", f.file}, {"sha256", f.sha256}});
  nlohmann::json manifest = {
      {"format", "pioneer-manifest/1"},
      {"pioneer_version", Version()},
      {"plan", {{"file", plan.file.filename().string()}, {"sha256", Sha256Hex(plan.text)}}},
      {"inputs",
       {{{"role", "store"}, {"file", plan.store.filename().string()}, {"sha256", store_sha256}}}},
      {"study", {{"name", StudyName(plan, study)}, {"subjects", study.subjects.size()}}},
      {"analyses", AnalysesJson(plan)},
      // No analysis of this plan draws random numbers; seeds that made the
      // data (a simulation) are under provenance.
      {"seeds", nlohmann::json::object()},
      {"provenance", options.provenance},
      {"report_assets", assets},
      {"outputs", outputs},
      {"varying_fields", VaryingFields(options)}};
  manifest["run"] =
      options.record_run_time ? nlohmann::json{{"time_utc", UtcNow()}} : nlohmann::json::object();
  return manifest;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  if (sodium_init() < 0) throw Error(ErrorCode::kInternal, "libsodium failed to initialise");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string hex;
  for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

PlanOutputs ComputeOutputs(const Plan& plan, const study::Study& study) {
  report::Document doc = NewDocument(plan, study);
  PlanOutputs out;
  out.results = nlohmann::json::object();
  std::vector<std::pair<std::string, std::string>> tables;
  for (const AnalysisSpec& spec : plan.analyses) {
    const AnalysisKind* kind = FindAnalysisKind(spec.kind);
    if (kind == nullptr)
      throw Error(ErrorCode::kInternal, fmt::format("unknown analysis kind '{}'", spec.kind));
    AnalysisOutput output = kind->run(spec, study, doc);
    out.results[spec.name] = std::move(output.result);
    for (const auto& [suffix, table] : output.tables) {
      const std::string stem = suffix.empty() ? spec.name : fmt::format("{}_{}", spec.name, suffix);
      tables.emplace_back(fmt::format("tables/{}.tsv", stem), io::FormatDelimited(table, '\t'));
    }
  }
  out.files.emplace_back("report.html", doc.Render());
  out.files.insert(out.files.end(), tables.begin(), tables.end());
  out.files.emplace_back("results.json", out.results.dump(2) + "\n");
  return out;
}

namespace {

// What a run reads from its store, which is closed again before anything
// is published (the store may live inside the output folder).
struct StoreSnapshot {
  std::string sha256;
  study::Study study;
  nlohmann::json imports = nlohmann::json::array();
};

StoreSnapshot ReadStore(const Plan& plan) {
  if (!fs::exists(plan.store)) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("{}: study store {} does not exist (import data first: pioneer import)",
                            plan.file.string(), plan.store.string()));
  }
  StoreSnapshot snapshot;
  // Hash before opening: opening may apply migrations.
  snapshot.sha256 = store::FileSha256(plan.store);
  const store::StudyStore store = store::StudyStore::Open(plan.store, store::OpenMode::kExisting);
  snapshot.study = store.Load();
  // The files the study was imported from, with their SHA-256 (audit log).
  for (const store::ImportRecord& record : store.Imports()) {
    snapshot.imports.push_back(store::ToJson(record));
  }
  return snapshot;
}

RunResult WriteOutputs(const Plan& plan, const RunOptions& options, const fs::path& folder) {
  const StoreSnapshot input = ReadStore(plan);
  const PlanOutputs outputs = ComputeOutputs(plan, input.study);
  RunResult result{.output_dir = plan.output_dir,
                   .report = plan.output_dir / "report.html",
                   .study_name = StudyName(plan, input.study),
                   .subjects = static_cast<std::int64_t>(input.study.subjects.size()),
                   .files = {}};
  for (const auto& [file, bytes] : outputs.files) {
    core::WriteFileAtomically(folder / file, bytes);
    core::CrashPoint("run-output-written");
    result.files.push_back({file, Sha256Hex(bytes)});
  }
  nlohmann::json manifest_json = Manifest(plan, input.study, input.sha256, options, result.files);
  manifest_json["inputs"][0]["imports"] = input.imports;
  const std::string manifest = manifest_json.dump(2) + "\n";
  core::WriteFileAtomically(folder / "manifest.json", manifest);
  result.files.push_back({"manifest.json", Sha256Hex(manifest)});
  return result;
}

}  // namespace

RunResult RunPlan(const Plan& plan, const RunOptions& options) {
  // The whole output is built in a staging folder beside the output folder
  // and published with one atomic directory exchange (core::StagedDirectory).
  core::StagedDirectory staged(plan.output_dir);
  RunResult result = WriteOutputs(plan, options, staged.staging());
  staged.Commit();
  return result;
}

RunResult RunPlanInFolder(const Plan& plan, const RunOptions& options) {
  return WriteOutputs(plan, options, plan.output_dir);
}

nlohmann::json ToJson(const RunResult& result) {
  nlohmann::json files = nlohmann::json::array();
  for (const OutputFile& f : result.files)
    files.push_back({{"file", f.file}, {"sha256", f.sha256}});
  return {{"output_dir", result.output_dir.string()},
          {"report", result.report.string()},
          {"study", result.study_name},
          {"subjects", result.subjects},
          {"files", files}};
}

}  // namespace pioneer::pipeline
