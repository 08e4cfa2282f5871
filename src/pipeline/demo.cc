#include "pioneer/pipeline/demo.h"

#include <fmt/format.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "analyses/cytometry_files.h"
#include "demo_output.h"
#include "pioneer/core/crash_point.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/pipeline/analysis.h"
#include "pioneer/pipeline/import.h"
#include "pioneer/sim/simulate.h"
#include "pioneer/study/layout.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

constexpr int kMaxDemoPatients = 100000;

// The demo's key: SHA-256 of a fixed label and the seed, so that the same
// seed gives the same pseudonyms (and the same report). Never used for real
// data: `pioneer import` takes its key from a key file (store/key_file.h).
study::Pseudonymiser::Key DemoKey(std::uint64_t seed) {
  if (sodium_init() < 0) throw Error(ErrorCode::kInternal, "libsodium failed to initialise");
  const std::string label = fmt::format("pioneer demo pseudonymisation key, seed {}", seed);
  study::Pseudonymiser::Key key{};
  static_assert(std::tuple_size_v<study::Pseudonymiser::Key> == crypto_hash_sha256_BYTES);
  crypto_hash_sha256(key.data(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size());
  return key;
}

// Writes the key as 64 hex digits, readable by its owner only, so that more
// files can be imported into the demo store with `pioneer import --key`.
void WriteKeyFile(const fs::path& path, const study::Pseudonymiser::Key& key) {
  std::string hex;
  for (unsigned char b : key) hex += fmt::format("{:02x}", b);
  core::WriteFileAtomically(path, hex + "\n", core::kSecretFilePerms);
}

std::vector<fs::path> WriteSdtm(const study::Study& study, const fs::path& data_dir) {
  std::vector<fs::path> files;
  for (const study::NamedTable& t : study::ToSdtm(study)) {
    const fs::path file = data_dir / (t.name + ".csv");
    core::WriteFileAtomically(file, io::FormatDelimited(t.table, ','));
    files.push_back(file);
  }
  return files;
}

}  // namespace

void DemoOptions::Validate() const {
  if (patients < 1 || patients > kMaxDemoPatients) {
    throw UsageError(
        fmt::format("patients = {}: must be between 1 and {}", patients, kMaxDemoPatients));
  }
  if (out.empty()) throw UsageError("out: an output folder is needed");
}

std::string BuiltInPlan() {
  std::string plan = R"(# The built-in analysis plan of `pioneer demo` (docs/ANALYSIS_PLAN.md).
# Paths are relative to this file.

[study]
store = "study.sqlite"

[output]
dir = "."
)";
  // Every registered analysis kind that has a part in the demo, in order.
  for (const AnalysisKind& kind : AnalysisKinds()) {
    if (!kind.demo_plan.empty()) plan += "\n" + kind.demo_plan;
  }
  return plan;
}

DemoResult RunDemo(const DemoOptions& options) {
  options.Validate();
  CheckDemoFolder(options.out);
  sim::SimulationOptions simulation;
  simulation.cohort.patients = options.patients;
  simulation.cohort.seed = options.seed;
  simulation.mouse.seed = options.seed;
  simulation.Validate();
  const study::Study study = sim::SimulateStudy(simulation);

  // All or nothing: the whole demo folder (data, key, store, plan, report)
  // is built in a staging folder and published with one atomic swap.
  core::StagedDirectory staged(options.out);
  const fs::path root = staged.staging();
  DemoResult result;
  result.data_dir = options.out / "data";
  result.store = options.out / "study.sqlite";
  result.plan = options.out / "plan.toml";
  const std::vector<fs::path> files = WriteSdtm(study, root / "data");
  result.data_files = files.size();
  // Blood cytometry of the baseline samples, read by the "cytometry" kind.
  WriteDemoCytometry(study, options.seed, root / "data" / "cytometry");

  const study::Pseudonymiser::Key key = DemoKey(options.seed);
  WriteKeyFile(root / "pseudonym.key", key);
  ImportFiles(root / "study.sqlite", files, study::Pseudonymiser(key));

  core::WriteFileAtomically(root / "plan.toml", BuiltInPlan());
  RunOptions run;
  run.provenance = {{"demo",
                     {{"simulation",
                       {{"patients", options.patients},
                        {"seed", options.seed},
                        {"mice_per_arm", simulation.mouse.mice_per_arm},
                        {"study_id", simulation.cohort.study_id}}},
                      {"pseudonymisation_key", "derived from the seed (demo only)"},
                      {"file_names_sha256", FileNameHashes(root)}}}};
  // A fresh import each time: its time stamp (audit log) changes the store's
  // bytes, so the store's hash is not part of the same-seed claim.
  run.varying_fields = {"/inputs/0/sha256", "/inputs/0/imports/0/time_utc"};
  result.run = RunPlanInFolder(LoadPlan(root / "plan.toml"), run);
  result.run.output_dir = options.out;
  result.run.report = options.out / "report.html";
  core::CrashPoint("demo-staged");
  staged.Commit(EarlierDemoFiles(options.out));
  return result;
}

nlohmann::json ToJson(const DemoResult& result) {
  return {{"data_dir", result.data_dir.string()},
          {"store", result.store.string()},
          {"plan", result.plan.string()},
          {"data_files", result.data_files},
          {"run", ToJson(result.run)}};
}

}  // namespace pioneer::pipeline
