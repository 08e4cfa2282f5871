// File: pioneer/pipeline/plan.h
// A declarative analysis plan (TOML, documented in docs/ANALYSIS_PLAN.md):
// which study, which analyses with which options, where the output goes.
// Parsing checks everything up front (unknown tables, keys and kinds, wrong
// types, bad values) and names the plan file, line and column of each
// problem, so a plan never fails half-way through a run.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace pioneer::pipeline {

struct AnalysisSpec {
  std::string kind;   // a registered kind (pioneer/pipeline/analysis.h), e.g. "survival"
  std::string name;   // unique in the plan, [a-z0-9_]; names OUT/tables/<name>.tsv
  std::string title;  // section heading; empty = the kind's default
  // The kind's options: its defaults, overridden by the plan's values.
  nlohmann::json options = nlohmann::json::object();
  // One option's value (every declared option is present: its default when
  // the plan does not set it, so there is no second default here).
  template <class T>
  T Get(const std::string& key) const {
    return options.at(key).get<T>();
  }
  // The plan file's folder: a kind resolves relative paths of its options
  // (e.g. a folder of input files) against it.
  std::filesystem::path base_dir = {};
};

struct Plan {
  std::filesystem::path file;        // the plan file, as given
  std::string text;                  // the plan's bytes (hashed into the manifest)
  std::string title;                 // report title; empty = from the study name
  std::string study_name;            // overrides the stored study's name when set
  std::filesystem::path store;       // resolved against the plan's folder
  std::filesystem::path output_dir;  // resolved against the plan's folder
  std::vector<AnalysisSpec> analyses;
};

struct PlanOptions {
  // Paths of the plan (store, output dir, analysis options named *_dir,
  // *_file or *_path) must stay inside the plan's folder unless this is set
  // (`pioneer run --allow-outside`).
  bool allow_outside = false;
};

// `file` names the plan in diagnostics and anchors relative paths. Throws
// InputError (file:line:column: message) listing every problem found.
Plan ParsePlan(std::string_view text, const std::filesystem::path& file,
               const PlanOptions& options = {});
// Reads and parses; Error(kNotFound) if the file cannot be read.
Plan LoadPlan(const std::filesystem::path& file, const PlanOptions& options = {});

// The options of each analysis as resolved (defaults filled in), for the
// manifest: [{name, kind, title, options{...}}].
nlohmann::json AnalysesJson(const Plan& plan);

}  // namespace pioneer::pipeline
