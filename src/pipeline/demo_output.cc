// Where `pioneer demo` may write and what it may replace (demo_output.h).
#include "demo_output.h"

#include <fmt/format.h>

#include <set>
#include <string>

#include "pioneer/core/error.h"
#include "pioneer/pipeline/runner.h"

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
  throw UsageError(
      fmt::format("--out {}: not empty and not the output of an earlier pioneer demo (no demo "
                  "manifest.json): the demo writes only into a new or empty folder or over its own "
                  "output, and never deletes files it did not create",
                  out.string()));
}

core::StagedDirectory::Discard EarlierDemoFiles(const fs::path& out) {
  const nlohmann::json manifest = DemoManifest(out);
  if (manifest.is_null()) return {};
  std::set<std::string> names{kManifest};
  std::set<std::string> name_hashes;
  AddNames(manifest.value("outputs", nlohmann::json()), "file", names);
  const nlohmann::json& demo = manifest["provenance"]["demo"];
  if (demo.is_object() && demo.contains("file_names_sha256")) {
    AddNames(demo["file_names_sha256"], nullptr, name_hashes);
  } else {  // a demo output made before the manifest listed its files
    names.insert({"data", "study.sqlite", "pseudonym.key", "plan.toml"});
  }
  const auto made = [names = std::move(names),
                     name_hashes = std::move(name_hashes)](const std::string& name) {
    return names.contains(name) || name_hashes.contains(Sha256Hex(name));
  };
  return [made](const fs::path& relative) {
    const std::string name = relative.generic_string();
    if (made(name)) return true;
    // SQLite companions of a store the demo made belong to it too: a stale
    // -wal beside a new store would be replayed into it.
    for (const std::string_view suffix : {"-wal", "-shm", "-journal"}) {
      if (name.ends_with(suffix) && made(name.substr(0, name.size() - suffix.size()))) return true;
    }
    return false;
  };
}

nlohmann::json FileNameHashes(const fs::path& root) {
  std::set<std::string> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_directory()) files.insert(fs::relative(e.path(), root).generic_string());
  }
  nlohmann::json hashes = nlohmann::json::array();
  for (const std::string& file : files) hashes.push_back(Sha256Hex(file));
  return hashes;
}

}  // namespace pioneer::pipeline
