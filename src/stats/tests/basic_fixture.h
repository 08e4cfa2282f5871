// File: src/stats/tests/basic_fixture.h
// Access to tests/fixtures/stats/basic.json (written by
// tests/reference/stats_basic.R) and to the real data it was computed on.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/io/delimited.h"

namespace pioneer::stats::testing {

inline const nlohmann::json& BasicFixture() {
  static const nlohmann::json fixture = [] {
    std::ifstream in(std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/stats/basic.json");
    return nlohmann::json::parse(in);
  }();
  return fixture;
}

inline const nlohmann::json& Case(const std::string& name) {
  const nlohmann::json& cases = BasicFixture().at("cases");
  if (!cases.contains(name)) throw std::runtime_error("fixture case missing: " + name);
  return cases.at(name);
}

// A fixture number; jsonlite writes non-finite values as strings.
inline double Num(const nlohmann::json& j) {
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (s == "Inf") return std::numeric_limits<double>::infinity();
    if (s == "-Inf") return -std::numeric_limits<double>::infinity();
    return std::nan("");
  }
  return j.get<double>();
}

inline std::vector<double> Nums(const nlohmann::json& j) {
  std::vector<double> out;
  for (const auto& v : j) out.push_back(Num(v));
  return out;
}

// The tolerance stored beside the fixture: relative, with an absolute floor.
inline void ExpectClose(double actual, double expected, const std::string& what) {
  const auto& tol = BasicFixture().at("tolerance");
  const double rel = tol.at("relative").get<double>();
  const double abs = tol.at("absolute").get<double>();
  if (std::isinf(expected) || std::isnan(expected)) {
    EXPECT_EQ(std::isnan(actual), std::isnan(expected)) << what;
    if (!std::isnan(expected)) {
      EXPECT_EQ(actual, expected) << what;
    }
    return;
  }
  const double err = std::abs(actual - expected);
  const double digits = err == 0 ? 17 : -std::log10(err / std::max(std::abs(expected), 1e-300));
  EXPECT_LE(err, std::max(abs, rel * std::abs(expected)))
      << what << ": actual " << actual << " expected " << expected << " (" << digits
      << " digits agree)";
}

// Real data as R read it (read.delim / read.csv, NA -> NaN).
struct Frame {
  core::Table table;
  std::vector<double> Column(const std::string& name) const {
    DiagnosticCollector problems;
    core::CellReader reader(table, problems);
    std::vector<double> values = reader.NumericColumn(table.Require(name));
    problems.ThrowIfAny();
    return values;
  }
  std::vector<std::string> Text(const std::string& name) const {
    return table.column(table.Require(name));
  }
};

inline const Frame& Icb() {
  static const Frame frame{
      io::ReadDelimited(std::string(PIONEER_SHARED_DATA) + "/icb/chowell2022_msk_icb_train.tsv")};
  return frame;
}

inline const Frame& Lung() {
  static const Frame frame{
      io::ReadDelimited(std::string(PIONEER_SHARED_DATA) + "/survival/lung.csv")};
  return frame;
}

// Values of `column` on the rows where `keep` is true.
inline std::vector<double> Select(const std::vector<double>& column,
                                  const std::vector<bool>& keep) {
  std::vector<double> out;
  for (std::size_t i = 0; i < column.size(); ++i) {
    if (keep[i]) out.push_back(column[i]);
  }
  return out;
}

inline std::vector<bool> NsclcRows() {
  std::vector<bool> keep;
  for (const auto& t : Icb().Text("CancerType")) keep.push_back(t == "NSCLC");
  return keep;
}

}  // namespace pioneer::stats::testing
