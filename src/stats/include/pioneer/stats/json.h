// File: pioneer/stats/json.h
// The one convention of pioneer's JSON for numbers: a finite value is a
// JSON number; NaN, NA and +-Inf (which JSON cannot hold) are null. Every
// result type's ToJson uses these, so that one reader handles all results
// (docs/stats-json.md). Where the kind of non-finite value matters, the
// result has a key that says it (e.g. possibly_infinite of a Cox term).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace pioneer::stats {

nlohmann::json JsonNumber(double value);
nlohmann::json JsonNumbers(const std::vector<double>& values);

}  // namespace pioneer::stats
