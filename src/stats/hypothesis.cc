// Shared vocabulary of the hypothesis tests (see hypothesis.h).
#include "pioneer/stats/hypothesis.h"

#include <fmt/format.h>

#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::stats {

std::string ToString(Alternative alternative) {
  switch (alternative) {
    case Alternative::kLess:
      return "less";
    case Alternative::kGreater:
      return "greater";
    case Alternative::kTwoSided:
      break;
  }
  return "two.sided";
}

nlohmann::json ConfidenceInterval::ToJson() const {
  return {{"lower", JsonNumber(lower)}, {"upper", JsonNumber(upper)}, {"level", level}};
}

void CheckConfidenceLevel(double level, const char* field) {
  if (!(level > 0 && level < 1)) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format("{} = {} is invalid: it must be strictly between 0 and 1", field, level));
  }
}

std::vector<double> DropNaN(const std::vector<double>& values, std::size_t* dropped) {
  std::vector<double> kept;
  kept.reserve(values.size());
  for (double v : values) {
    if (std::isnan(v)) {
      ++*dropped;
    } else {
      kept.push_back(v);
    }
  }
  return kept;
}

}  // namespace pioneer::stats
