// File: pioneer/pipeline/analysis.h
// The kinds of analysis an analysis plan can name. Each kind lives in its
// own file and registers itself at start-up, so that a module adds its
// analysis (and its part of the demo report) without touching the plan
// parser, the runner or the demo:
//
//   AnalysisKind InvivoKind() {
//     return {.name = "invivo", .default_title = "In-vivo studies",
//             .options = {core::OptionSpec::Number("landmark_day", "...").Default(0.0).Range(0,
//             {})}, .demo_plan = "[[analysis]]\nkind = \"invivo\"\n", .demo_order = 60, .run =
//             RunInvivo};
//   }
//   const RegisterAnalysis kRegistered(InvivoKind);
//
// The pipeline library is linked whole-archive (src/pipeline/CMakeLists.txt)
// so that these registrations are never dropped by the linker.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pioneer/core/option_spec.h"
#include "pioneer/core/table.h"
#include "pioneer/pipeline/plan.h"
#include "pioneer/report/document.h"
#include "pioneer/study/model.h"

namespace pioneer::pipeline {

// What one analysis of a plan produces besides its report section.
struct AnalysisOutput {
  nlohmann::json result = nlohmann::json::object();  // results.json[<name>]
  // Tables written as tables/<name>.tsv (suffix "") or tables/<name>_<suffix>.tsv.
  std::vector<std::pair<std::string, core::Table>> tables;
};

// Runs one analysis on the stored study: adds its section to `doc` and
// returns its results. No file I/O.
using RunAnalysis = AnalysisOutput (*)(const AnalysisSpec& spec, const study::Study& study,
                                       report::Document& doc);

// A check of one option's value beyond its declaration (type, range and
// allowed values are checked first), for values with an inner syntax such as
// a grid "10x10": returns what is wrong, worded to follow the option's name
// ("must be XxY"), or "" when the value is fine.
using CheckOption = std::string (*)(const std::string& key, const nlohmann::json& value);

struct AnalysisKind {
  std::string name;           // the plan's `kind = "..."`, [a-z0-9_]
  std::string default_title;  // section heading when the plan gives no title
  // The keys a plan may set besides kind/name/title: one declaration each
  // (type, default, range or allowed values, help; pioneer/core/option_spec.h),
  // also the source of `pioneer schema` and docs/reference/plan.md. Options of
  // type path are confined to the plan's folder like its other paths.
  std::vector<core::OptionSpec> options = {};
  CheckOption check = nullptr;  // optional
  // The top-level keys of the kind's entry in results.json (`pioneer schema`).
  std::vector<std::string> result_keys = {};
  // The [[analysis]] block(s) of this kind in the demo's built-in plan
  // (empty: not in the demo), placed by demo_order (ascending).
  std::string demo_plan;
  int demo_order = 100;
  RunAnalysis run = nullptr;
};

struct RegisterAnalysis {
  explicit RegisterAnalysis(AnalysisKind (*make)());
};

// Every option of `kind` at its default: what a plan that sets none gets.
nlohmann::json DefaultOptions(const AnalysisKind& kind);

// Every registered kind, by demo_order then name.
const std::vector<AnalysisKind>& AnalysisKinds();
// nullptr when no kind has this name.
const AnalysisKind* FindAnalysisKind(std::string_view name);

// The arm codes of the study with the labels shown in reports (descriptions).
std::vector<std::pair<std::string, std::string>> ArmLabels(const study::Study& study);

}  // namespace pioneer::pipeline
