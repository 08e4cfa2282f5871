#include "pioneer/pipeline/plan.h"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

// Reads one plan, collecting every problem with its TOML source position.
class PlanReader {
 public:
  PlanReader(const fs::path& file) : file_(file.string()), base_(file.parent_path()) {}

  void Problem(const toml::source_region& at, std::string message) {
    problems_.Add(file_, at.begin.line, at.begin.column, std::move(message));
  }
  void ThrowIfAny() const { problems_.ThrowIfAny(); }

  // Every key of `table` must be one of `allowed`.
  void CheckKeys(const toml::table& table, const std::string& where,
                 const std::set<std::string>& allowed) {
    for (auto&& [key, node] : table) {
      if (allowed.contains(std::string(key.str()))) continue;
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      Problem(key.source(), fmt::format("unknown key '{}' in {} (allowed: {})", key.str(), where, list));
    }
  }

  // A string value, or "" when absent (a problem if `required`).
  std::string String(const toml::table& table, const char* key, const std::string& where,
                     const toml::source_region& table_at, bool required = false) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) Problem(table_at, fmt::format("{} needs '{}'", where, key));
      return {};
    }
    if (const auto* s = node->as_string()) return s->get();
    Problem(node->source(), fmt::format("'{}' in {} must be a string", key, where));
    return {};
  }

  const toml::table* Table(const toml::table& root, const char* key) {
    const toml::node* node = root.get(key);
    if (node == nullptr) return nullptr;
    if (const auto* t = node->as_table()) return t;
    Problem(node->source(), fmt::format("'{}' must be a table ([{}])", key, key));
    return nullptr;
  }

  fs::path Resolve(const std::string& path) const {
    return path.empty() ? fs::path() : (base_ / fs::path(path)).lexically_normal();
  }

  AnalysisSpec Analysis(const toml::table& t, std::size_t index, std::set<std::string>& names);

 private:
  std::string file_;
  fs::path base_;
  DiagnosticCollector problems_;
};

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

AnalysisSpec PlanReader::Analysis(const toml::table& t, std::size_t index,
                                  std::set<std::string>& names) {
  const std::string where = fmt::format("[[analysis]] #{}", index + 1);
  AnalysisSpec spec;
  const std::string kind = String(t, "kind", where, t.source(), true);
  std::set<std::string> allowed = {"kind", "name", "title"};
  if (kind == "cohort_summary") {
    spec.kind = AnalysisKind::kCohortSummary;
  } else if (kind == "swimmer") {
    spec.kind = AnalysisKind::kSwimmer;
    allowed.insert("max_subjects");
  } else if (kind == "survival") {
    spec.kind = AnalysisKind::kSurvival;
  } else if (!kind.empty()) {
    Problem(t.get("kind")->source(),
            fmt::format("unknown analysis kind '{}' (known: cohort_summary, swimmer, survival)", kind));
  }
  CheckKeys(t, where, allowed);
  spec.title = String(t, "title", where, t.source());
  spec.name = String(t, "name", where, t.source());
  if (spec.name.empty()) spec.name = kind;
  const toml::node* name_at = t.get("name") ? t.get("name") : t.get("kind");
  if (name_at != nullptr && !spec.name.empty()) {
    if (!ValidName(spec.name)) {
      Problem(name_at->source(), fmt::format("analysis name '{}' may hold only a-z, 0-9 and _", spec.name));
    } else if (!names.insert(spec.name).second) {
      Problem(name_at->source(), fmt::format("a second analysis named '{}': give each a unique 'name'", spec.name));
    }
  }
  if (const toml::node* max = t.get("max_subjects"); max != nullptr && spec.kind == AnalysisKind::kSwimmer) {
    const auto* value = max->as_integer();
    if (value == nullptr || value->get() < 0) {
      Problem(max->source(), "'max_subjects' must be an integer >= 0 (0 = all subjects)");
    } else {
      spec.swimmer.max_subjects = value->get();
    }
  }
  return spec;
}

void ReadAnalyses(PlanReader& reader, const toml::table& root, Plan& plan) {
  const toml::node* node = root.get("analysis");
  const toml::array* list = node ? node->as_array() : nullptr;
  if (node != nullptr && list == nullptr) {
    reader.Problem(node->source(), "'analysis' must be an array of tables ([[analysis]])");
    return;
  }
  if (list == nullptr || list->empty()) {
    reader.Problem(root.source(), "the plan has no [[analysis]]");
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const toml::node& item = *list->get(i);
    if (const auto* t = item.as_table()) {
      plan.analyses.push_back(reader.Analysis(*t, i, names));
    } else {
      reader.Problem(item.source(), "each 'analysis' must be a table ([[analysis]])");
    }
  }
}

}  // namespace

std::string_view KindName(AnalysisKind kind) {
  switch (kind) {
    case AnalysisKind::kCohortSummary: return "cohort_summary";
    case AnalysisKind::kSwimmer: return "swimmer";
    case AnalysisKind::kSurvival: return "survival";
  }
  return "unknown";
}

Plan ParsePlan(std::string_view text, const fs::path& file) {
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(Diagnostic{file.string(), e.source().begin.line, e.source().begin.column,
                                std::string(e.description()), ""});
  }
  PlanReader reader(file);
  Plan plan;
  plan.file = file;
  plan.text = std::string(text);
  reader.CheckKeys(root, "the plan", {"analysis", "output", "study"});
  if (const toml::table* study = reader.Table(root, "study")) {
    reader.CheckKeys(*study, "[study]", {"name", "store"});
    plan.store = reader.Resolve(reader.String(*study, "store", "[study]", study->source(), true));
    plan.study_name = reader.String(*study, "name", "[study]", study->source());
  } else if (root.get("study") == nullptr) {
    reader.Problem(root.source(), "the plan has no [study] table (store = \"study.sqlite\")");
  }
  if (const toml::table* output = reader.Table(root, "output")) {
    reader.CheckKeys(*output, "[output]", {"dir", "title"});
    plan.output_dir = reader.Resolve(reader.String(*output, "dir", "[output]", output->source(), true));
    plan.title = reader.String(*output, "title", "[output]", output->source());
  } else if (root.get("output") == nullptr) {
    reader.Problem(root.source(), "the plan has no [output] table (dir = \"report\")");
  }
  ReadAnalyses(reader, root, plan);
  reader.ThrowIfAny();
  return plan;
}

Plan LoadPlan(const fs::path& file) { return ParsePlan(core::ReadFile(file), file); }

nlohmann::json AnalysesJson(const Plan& plan) {
  nlohmann::json list = nlohmann::json::array();
  for (const AnalysisSpec& a : plan.analyses) {
    nlohmann::json options = nlohmann::json::object();
    if (a.kind == AnalysisKind::kSwimmer) options["max_subjects"] = a.swimmer.max_subjects;
    list.push_back({{"name", a.name}, {"kind", KindName(a.kind)}, {"title", a.title}, {"options", options}});
  }
  return list;
}

}  // namespace pioneer::pipeline
