// `cytometry info` JSON and `cytometry export` TSV (summary.h).
#include "pioneer/cytometry/summary.h"

#include <fmt/format.h>

namespace pioneer::cytometry {

nlohmann::json InfoJson(const FcsData& data) {
  nlohmann::json j;
  j["version"] = data.version;
  j["events"] = data.events;
  j["parameters"] = nlohmann::json::array();
  for (const FcsParameter& p : data.parameters) {
    j["parameters"].push_back(
        {{"name", p.name},
         {"description", p.description ? nlohmann::json(*p.description) : nlohmann::json()},
         {"range", p.range},
         {"bits", p.bits}});
  }
  if (data.spillover) {
    j["spillover"] = {{"channels", data.spillover->channels}, {"matrix", data.spillover->matrix}};
  } else {
    j["spillover"] = nullptr;
  }
  nlohmann::json keywords = nlohmann::json::object();
  for (const auto& [k, v] : data.keywords) keywords[k] = v;
  j["keywords"] = keywords;
  return j;
}

std::string EventsTsv(const FcsData& data) {
  std::string out;
  const std::size_t p = data.n_parameters();
  for (std::size_t j = 0; j < p; ++j) out += (j ? "\t" : "") + data.parameters[j].name;
  out += '\n';
  out.reserve(out.size() + data.values.size() * 10);
  auto it = std::back_inserter(out);
  for (std::size_t e = 0; e < data.events; ++e) {
    for (std::size_t j = 0; j < p; ++j) {
      if (j) out.push_back('\t');
      fmt::format_to(it, "{}", data.values[e * p + j]);
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace pioneer::cytometry
