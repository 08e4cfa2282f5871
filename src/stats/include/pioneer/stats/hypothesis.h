// File: pioneer/stats/hypothesis.h
// Vocabulary shared by the hypothesis tests of pioneer::stats: the
// alternative hypothesis, a confidence interval, and the missing-value
// policy (NaN inputs are dropped and counted, as R's na.omit does).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/stats/json.h"

namespace pioneer::stats {

enum class Alternative { kTwoSided, kLess, kGreater };

// "two.sided", "less", "greater" (R's spelling).
std::string ToString(Alternative alternative);

struct ConfidenceInterval {
  double lower = 0;
  double upper = 0;
  double level = 0.95;
  nlohmann::json ToJson() const;
};

// Validates a confidence level (0 < level < 1); throws Error
// kInvalidArgument naming `field` otherwise.
void CheckConfidenceLevel(double level, const char* field);

// The finite-or-infinite (non-NaN) values of `values`; adds the number of
// NaN entries dropped to *dropped.
std::vector<double> DropNaN(const std::vector<double>& values, std::size_t* dropped);

}  // namespace pioneer::stats
