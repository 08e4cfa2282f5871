// File: pioneer/pipeline/demo.h
// `pioneer demo`: simulate a virtual trial (sim::SimulateStudy), write it as
// SDTM files, import them through the same path as `pioneer import`, write
// the built-in analysis plan and run it. Everything lands in one folder:
//   OUT/data/*.csv  OUT/pseudonym.key  OUT/study.sqlite  OUT/plan.toml
//   OUT/report.html OUT/tables/*.tsv   OUT/results.json  OUT/manifest.json
// Same seed, same report and tables byte for byte: the pseudonymisation key
// of the demo is derived from the seed (the data are simulated; no real
// identifier is at stake).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "pioneer/pipeline/runner.h"

namespace pioneer::pipeline {

struct DemoOptions {
  std::filesystem::path out = "demo-output";
  int patients = 300;
  std::uint64_t seed = 20261129;

  // Throws UsageError naming the field, its value and the rule.
  void Validate() const;
};

struct DemoResult {
  std::filesystem::path data_dir;
  std::filesystem::path store;
  std::filesystem::path plan;
  std::size_t data_files = 0;
  RunResult run;
};

DemoResult RunDemo(const DemoOptions& options);

// The plan the demo writes (paths relative to the output folder).
std::string BuiltInPlan();

nlohmann::json ToJson(const DemoResult& result);

}  // namespace pioneer::pipeline
