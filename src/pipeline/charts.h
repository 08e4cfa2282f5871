// Private: small pieces shared by the report sections' Vega-Lite specs.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pioneer::pipeline::charts {

// The Vega-Lite version the embedded bundles render (src/report).
inline constexpr const char* kSchema = "https://vega.github.io/schema/vega-lite/v6.json";

// Four decimals: enough for a chart, and keeps the embedded JSON small.
inline double Round4(double x) { return std::round(x * 1e4) / 1e4; }

// An explicit scale domain, so that categories keep the given order.
inline nlohmann::json Domain(const std::vector<std::string>& names) {
  nlohmann::json d = nlohmann::json::array();
  for (const std::string& n : names) d.push_back(n);
  return d;
}

}  // namespace pioneer::pipeline::charts
