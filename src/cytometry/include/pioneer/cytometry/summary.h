// File: pioneer/cytometry/summary.h
// Machine-readable views of an FCS file: the `cytometry info` JSON and the
// `cytometry export` TSV (docs/cytometry.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/cytometry/fcs.h"

namespace pioneer::cytometry {

// {"version", "events", "parameters": [{"name", "description", "range",
// "bits"}], "spillover": {"channels", "matrix"} | null, "keywords": {...}}.
nlohmann::json InfoJson(const FcsData& data);

// Header of $PnN names, one row per event, shortest round-trip numbers.
std::string EventsTsv(const FcsData& data);

}  // namespace pioneer::cytometry
