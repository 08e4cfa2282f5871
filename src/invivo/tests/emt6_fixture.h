// The EMT6 2x2 study (Mariathasan et al., Nature 2018, Fig. 4a) and its R
// reference (tests/reference/invivo.R -> tests/fixtures/invivo/emt6_reference.json).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "pioneer/invivo/growth_data.h"
#include "pioneer/io/read_table.h"

namespace pioneer::invivo::testing {

inline const std::string kEmt6File =
    std::string(PIONEER_SHARED_DATA) +
    "/invivo/mouse_mariathasan2018_emt6_antiPDL1_antiTGFb_tumor_volume_long.tsv";

inline const GrowthData& Emt6() {
  static const GrowthData data = [] {
    const core::Table all = io::ReadTableFile(kEmt6File);
    GrowthColumns c;
    c.animal = {"mouse_id"};
    c.arm = "arm";
    c.day = "day";
    c.volume = "tumor_volume_mm3";
    return ReadGrowth(SelectRows(all, "sheet", "Fig4a"), c);
  }();
  return data;
}

inline const nlohmann::json& Reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(std::string(PIONEER_SOURCE_DIR) +
                     "/tests/fixtures/invivo/emt6_reference.json");
    return nlohmann::json::parse(in);
  }();
  return j;
}

// Relative tolerance with an absolute floor near zero (STYLE.md).
inline void ExpectClose(double actual, double expected, double rel, const std::string& what,
                        double floor = 1e-12) {
  const double tol = std::max(rel * std::abs(expected), floor);
  EXPECT_NEAR(actual, expected, tol)
      << what << " (digits agreeing: "
      << -std::log10(std::abs(actual - expected) / std::abs(expected) + 1e-17) << ")";
}

}  // namespace pioneer::invivo::testing
