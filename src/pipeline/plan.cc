#include "pioneer/pipeline/plan.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <nlohmann/json.hpp>
#include <set>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/pipeline/analysis.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

// Reads one plan, collecting every problem with its TOML source position.
class PlanReader {
 public:
  PlanReader(const fs::path& file, const PlanOptions& options)
      : file_(file.string()), base_(file.parent_path()), options_(options) {}

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
      Problem(key.source(),
              fmt::format("unknown key '{}' in {} (allowed: {})", key.str(), where, list));
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

  // A path value of `key` in `table`, resolved against the plan's folder and
  // confined to it (unless allow_outside); "" when absent.
  fs::path PathValue(const toml::table& table, const char* key, const std::string& where,
                     bool required) {
    const fs::path path = Resolve(String(table, key, where, table.source(), required));
    if (!path.empty()) CheckConfined(*table.get(key), key, where, path);
    return path;
  }
  void CheckConfined(const toml::node& node, std::string_view key, const std::string& where,
                     const fs::path& path);
  void CheckStoreIsFile(const toml::table& study, const fs::path& store);

  AnalysisSpec Analysis(const toml::table& t, std::size_t index, std::set<std::string>& names);
  void ReadOptions(const toml::table& t, const AnalysisKind& kind, AnalysisSpec& spec);

 private:
  std::string file_;
  fs::path base_;
  PlanOptions options_;
  DiagnosticCollector problems_;
};

// Paths of a plan stay inside the plan's folder (symbolic links resolved),
// so that a plan received from someone else cannot write or read elsewhere.
void PlanReader::CheckConfined(const toml::node& node, std::string_view key,
                               const std::string& where, const fs::path& path) {
  if (options_.allow_outside) return;
  std::error_code error;
  const fs::path base = fs::weakly_canonical(fs::absolute(base_.empty() ? "." : base_), error);
  const fs::path target = fs::weakly_canonical(fs::absolute(path), error);
  const fs::path relative = target.lexically_relative(base);
  if (!error && !relative.empty() && *relative.begin() != "..") return;
  Problem(node.source(),
          fmt::format("{} = \"{}\" in {}: outside the plan's folder {}; allowed: a path inside it "
                      "(or a run that allows paths outside the plan's folder)",
                      key, node.value_or(std::string()), where, base.string()));
}

void PlanReader::CheckStoreIsFile(const toml::table& study, const fs::path& store) {
  const toml::node* node = study.get("store");
  if (node == nullptr || store.empty()) return;
  const std::string text = node->value_or(std::string());
  const fs::path name = fs::path(text).filename();
  if (text.ends_with('/') || name.empty() || name == "." || name == ".." ||
      fs::is_directory(store)) {
    Problem(node->source(),
            fmt::format("store = \"{}\" in [study] names a folder; it must name the study store "
                        "file (e.g. \"study.sqlite\")",
                        text));
  }
}

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// The JSON value of a TOML option, or null when TOML has no JSON twin
// (dates and tables are not option values).
nlohmann::json OptionValue(const toml::node& node) {
  if (const auto* v = node.as_integer()) return v->get();
  if (const auto* v = node.as_floating_point()) return v->get();
  if (const auto* v = node.as_boolean()) return v->get();
  if (const auto* v = node.as_string()) return v->get();
  if (const auto* list = node.as_array()) {
    nlohmann::json items = nlohmann::json::array();
    for (const toml::node& item : *list) {
      nlohmann::json value = OptionValue(item);
      if (value.is_null()) return nullptr;
      items.push_back(std::move(value));
    }
    return items;
  }
  return nullptr;
}

std::string KnownKinds() {
  std::string list;
  for (const AnalysisKind& k : AnalysisKinds()) list += (list.empty() ? "" : ", ") + k.name;
  return list;
}

AnalysisSpec PlanReader::Analysis(const toml::table& t, std::size_t index,
                                  std::set<std::string>& names) {
  const std::string where = fmt::format("[[analysis]] #{}", index + 1);
  AnalysisSpec spec;
  spec.base_dir = base_;
  spec.kind = String(t, "kind", where, t.source(), true);
  const AnalysisKind* kind = FindAnalysisKind(spec.kind);
  std::set<std::string> allowed = {"kind", "name", "title"};
  if (kind != nullptr) {
    spec.options = DefaultOptions(*kind);
    for (const core::OptionSpec& o : kind->options) allowed.insert(o.name);
  } else if (!spec.kind.empty()) {
    Problem(t.get("kind")->source(),
            fmt::format("unknown analysis kind '{}' (known: {})", spec.kind, KnownKinds()));
  }
  CheckKeys(t, where, allowed);
  spec.title = String(t, "title", where, t.source());
  if (spec.title.empty() && kind != nullptr) spec.title = kind->default_title;
  spec.name = String(t, "name", where, t.source());
  if (spec.name.empty()) spec.name = spec.kind;
  const toml::node* name_at = t.get("name") ? t.get("name") : t.get("kind");
  if (name_at != nullptr && !spec.name.empty()) {
    if (!ValidName(spec.name)) {
      Problem(name_at->source(),
              fmt::format("analysis name '{}' may hold only a-z, 0-9 and _", spec.name));
    } else if (!names.insert(spec.name).second) {
      Problem(name_at->source(),
              fmt::format("a second analysis named '{}': give each a unique 'name'", spec.name));
    }
  }
  if (kind != nullptr) ReadOptions(t, *kind, spec);
  return spec;
}

void PlanReader::ReadOptions(const toml::table& t, const AnalysisKind& kind, AnalysisSpec& spec) {
  for (const core::OptionSpec& option : kind.options) {
    const toml::node* node = t.get(option.name);
    if (node == nullptr) continue;
    nlohmann::json value = OptionValue(*node);
    std::string problem = option.Problem(value, option.name);
    if (problem.empty() && kind.check != nullptr) {
      if (problem = kind.check(option.name, value); !problem.empty()) {
        problem = fmt::format("'{}' {}", option.name, problem);
      }
    }
    if (!problem.empty()) {
      Problem(node->source(), problem);
      continue;
    }
    if (option.type == core::OptionType::kPath) {
      CheckConfined(*node, option.name, fmt::format("[[analysis]] '{}'", spec.name),
                    Resolve(value.get<std::string>()));
    }
    spec.options[option.name] = std::move(value);
  }
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

Plan ParsePlan(std::string_view text, const fs::path& file, const PlanOptions& options) {
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(Diagnostic{file.string(), e.source().begin.line, e.source().begin.column,
                                std::string(e.description()), ""});
  }
  PlanReader reader(file, options);
  Plan plan;
  plan.file = file;
  plan.text = std::string(text);
  reader.CheckKeys(root, "the plan", {"analysis", "output", "study"});
  if (const toml::table* study = reader.Table(root, "study")) {
    reader.CheckKeys(*study, "[study]", {"name", "store"});
    plan.store = reader.PathValue(*study, "store", "[study]", true);
    reader.CheckStoreIsFile(*study, plan.store);
    plan.study_name = reader.String(*study, "name", "[study]", study->source());
  } else if (root.get("study") == nullptr) {
    reader.Problem(root.source(), "the plan has no [study] table (store = \"study.sqlite\")");
  }
  if (const toml::table* output = reader.Table(root, "output")) {
    reader.CheckKeys(*output, "[output]", {"dir", "title"});
    plan.output_dir = reader.PathValue(*output, "dir", "[output]", true);
    plan.title = reader.String(*output, "title", "[output]", output->source());
  } else if (root.get("output") == nullptr) {
    reader.Problem(root.source(), "the plan has no [output] table (dir = \"report\")");
  }
  ReadAnalyses(reader, root, plan);
  reader.ThrowIfAny();
  return plan;
}

Plan LoadPlan(const fs::path& file, const PlanOptions& options) {
  return ParsePlan(core::ReadFile(file), file, options);
}

nlohmann::json AnalysesJson(const Plan& plan) {
  nlohmann::json list = nlohmann::json::array();
  for (const AnalysisSpec& a : plan.analyses) {
    list.push_back(
        {{"name", a.name}, {"kind", a.kind}, {"title", a.title}, {"options", a.options}});
  }
  return list;
}

}  // namespace pioneer::pipeline
