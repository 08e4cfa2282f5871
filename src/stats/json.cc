#include "pioneer/stats/json.h"

#include <cmath>

namespace pioneer::stats {

nlohmann::json JsonNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

nlohmann::json JsonNumbers(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(JsonNumber(v));
  return out;
}

}  // namespace pioneer::stats
