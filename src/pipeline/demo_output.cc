// Where `pioneer demo` may write and what it may replace (demo_output.h).
#include "demo_output.h"

#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>

#include "pioneer/core/error.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

constexpr const char* kManifest = "manifest.json";

// The manifest of an earlier demo output, or null.
nlohmann::json DemoManifest(const fs::path& out) {
  const fs::path path = out / kManifest;
  if (!fs::is_regular_file(fs::symlink_status(path))) return nullptr;
  nlohmann::json manifest = nlohmann::json::parse(core::ReadFile(path), nullptr, false);
  if (!manifest.is_object() || manifest.value("format", "") != "pioneer-manifest/1") return nullptr;
  const auto provenance = manifest.find("provenance");
  if (provenance == manifest.end() || !provenance->is_object() || !provenance->contains("demo")) {
    return nullptr;
  }
  return manifest;
}

void AddNames(const nlohmann::json& list, const char* key, std::set<std::string>& names) {
  if (!list.is_array()) return;
  for (const nlohmann::json& item : list) {
    if (key == nullptr && item.is_string()) names.insert(item.get<std::string>());
    if (key != nullptr && item.is_object() && item.contains(key) && item[key].is_string()) {
      names.insert(item[key].get<std::string>());
    }
  }
}

}  // namespace

void CheckDemoFolder(const fs::path& out) {
  const fs::file_status status = fs::symlink_status(out);
  if (!fs::exists(status)) return;
  if (fs::is_directory(status) && fs::is_empty(out)) return;
  if (fs::is_directory(status) && !DemoManifest(out).is_null()) return;
  throw UsageError(fmt::format(
      "--out {}: not empty and not the output of an earlier pioneer demo (no demo "
      "manifest.json): the demo writes only into a new or empty folder or over its own "
      "output, and never deletes files it did not create",
      out.string()));
}

core::StagedDirectory::Discard EarlierDemoFiles(const fs::path& out) {
  const nlohmann::json manifest = DemoManifest(out);
  if (manifest.is_null()) return {};
  auto names = std::make_shared<std::set<std::string>>();
  names->insert(kManifest);
  AddNames(manifest.value("outputs", nlohmann::json()), "file", *names);
  const nlohmann::json& demo = manifest["provenance"]["demo"];
  if (demo.is_object() && demo.contains("files")) {
    AddNames(demo["files"], nullptr, *names);
  } else {  // a demo output made before the manifest listed its files
    names->insert({"data", "study.sqlite", "pseudonym.key", "plan.toml"});
  }
  // SQLite companions of a store the demo made belong to it too: a stale
  // -wal beside a new store would be replayed into it.
  for (const std::string& name : std::set<std::string>(*names)) {
    for (const char* suffix : {"-wal", "-shm", "-journal"}) names->insert(name + suffix);
  }
  return [names](const fs::path& relative) { return names->contains(relative.generic_string()); };
}

nlohmann::json ListFiles(const fs::path& root) {
  std::set<std::string> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_directory()) files.insert(fs::relative(e.path(), root).generic_string());
  }
  return nlohmann::json(std::vector<std::string>(files.begin(), files.end()));
}

}  // namespace pioneer::pipeline
