// The one JSON form of a store's summary (pioneer info --json).
#include <nlohmann/json.hpp>

#include "pioneer/store/study_store.h"

namespace pioneer::store {
namespace {

nlohmann::json CountsObject(const std::vector<TableCount>& counts) {
  nlohmann::json object = nlohmann::json::object();
  for (const TableCount& c : counts) object[c.table] = c.rows;
  return object;
}

}  // namespace

nlohmann::json ToJson(const ImportRecord& record) {
  nlohmann::json files = nlohmann::json::array();
  for (const ImportedFile& f : record.files)
    files.push_back({{"name", f.name}, {"sha256", f.sha256}});
  return {{"time_utc", record.time_utc},
          {"pioneer_version", record.pioneer_version},
          {"files", files},
          {"counts", CountsObject(record.counts)}};
}

nlohmann::json ToJson(const StoreInfo& info) {
  nlohmann::json arms = nlohmann::json::array();
  for (const ArmCount& a : info.counts.arms) {
    arms.push_back({{"arm", a.arm}, {"description", a.description}, {"subjects", a.subjects}});
  }
  nlohmann::json imports = nlohmann::json::array();
  for (const ImportRecord& r : info.imports) imports.push_back(ToJson(r));
  return {{"study", info.study},
          {"path", info.path},
          {"schema_version", info.schema_version},
          {"key_fingerprint", info.key_fingerprint},
          {"counts", CountsObject(info.counts.tables)},
          {"arms", arms},
          {"imports", imports}};
}

}  // namespace pioneer::store
