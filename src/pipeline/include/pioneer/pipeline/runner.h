// File: pioneer/pipeline/runner.h
// Runs an analysis plan: loads the study from its store, runs each analysis
// (pure functions), and writes, all at once (core::StagedDirectory):
//   OUT/report.html        self-contained report (opens offline)
//   OUT/tables/<name>.tsv  one table per analysis
//   OUT/results.json       each analysis' result in its JSON form
//   OUT/manifest.json      what is needed to re-make the outputs
// report.html, the tables and results.json are deterministic: the same plan
// on the same study gives the same bytes. In manifest.json only the fields
// named by its "varying_fields" (JSON pointers) vary: "/run" (the time) and
// whatever the caller adds (RunOptions::varying_fields); see
// docs/ANALYSIS_PLAN.md.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "pioneer/pipeline/plan.h"
#include "pioneer/study/model.h"

namespace pioneer::pipeline {

struct RunOptions {
  // Recorded under "provenance" in the manifest, e.g. how a simulated study
  // was made ({"simulation": {"seed": 1, "patients": 300}}).
  nlohmann::json provenance = nlohmann::json::object();
  // Write the wall-clock time of the run into the manifest's "run" field.
  bool record_run_time = true;
  // More JSON pointers for the manifest's "varying_fields", beyond "/run":
  // the demo adds the store's hash and import times (a fresh import each time).
  std::vector<std::string> varying_fields;
};

// What a plan produces, in memory: file name (relative to OUT) -> bytes,
// in a stable order. Deterministic; no I/O.
struct PlanOutputs {
  std::vector<std::pair<std::string, std::string>>
      files;               // report.html, tables/*.tsv, results.json
  nlohmann::json results;  // {name: result JSON}
};
PlanOutputs ComputeOutputs(const Plan& plan, const study::Study& study);

struct OutputFile {
  std::string file;  // relative to the output folder
  std::string sha256;
};

struct RunResult {
  std::filesystem::path output_dir;
  std::filesystem::path report;  // OUT/report.html
  std::string study_name;
  std::int64_t subjects = 0;
  std::vector<OutputFile> files;  // every file written, manifest.json last
};

// Errors: kNotFound (no store), InputError / kInvalidArgument from the
// store; nothing is written unless every output is ready: the outputs are
// built in a staging folder and published with one atomic directory swap.
RunResult RunPlan(const Plan& plan, const RunOptions& options = {});
// The same, writing straight into plan.output_dir: for a caller that stages
// the whole folder itself (pioneer demo).
RunResult RunPlanInFolder(const Plan& plan, const RunOptions& options = {});

nlohmann::json ToJson(const RunResult& result);

// SHA-256 (libsodium crypto_hash_sha256) as lowercase hex.
std::string Sha256Hex(std::string_view bytes);

}  // namespace pioneer::pipeline
