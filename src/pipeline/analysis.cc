#include "pioneer/pipeline/analysis.h"

#include <algorithm>

namespace pioneer::pipeline {
namespace {

// Function-local statics: safe to use from other files' static initialisers.
std::vector<AnalysisKind (*)()>& Makers() {
  static std::vector<AnalysisKind (*)()> makers;
  return makers;
}

}  // namespace

RegisterAnalysis::RegisterAnalysis(AnalysisKind (*make)()) { Makers().push_back(make); }

const std::vector<AnalysisKind>& AnalysisKinds() {
  // Built on first use, after every registration has run.
  static const std::vector<AnalysisKind> kinds = [] {
    std::vector<AnalysisKind> all;
    for (auto make : Makers()) all.push_back(make());
    std::ranges::sort(all, [](const AnalysisKind& a, const AnalysisKind& b) {
      return std::tie(a.demo_order, a.name) < std::tie(b.demo_order, b.name);
    });
    return all;
  }();
  return kinds;
}

nlohmann::json DefaultOptions(const AnalysisKind& kind) {
  nlohmann::json options = nlohmann::json::object();
  for (const core::OptionSpec& o : kind.options) options[o.name] = o.default_value;
  return options;
}

const AnalysisKind* FindAnalysisKind(std::string_view name) {
  for (const AnalysisKind& kind : AnalysisKinds()) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> ArmLabels(const study::Study& study) {
  std::vector<std::pair<std::string, std::string>> labels;
  for (const study::Arm& arm : study.arms) {
    labels.emplace_back(arm.code, arm.description.empty() ? arm.code : arm.description);
  }
  return labels;
}

}  // namespace pioneer::pipeline
