// Helpers of the biomarkers tests: paths and the R fixture TSV layout
// (tests/reference/biomarkers.R: '#' header lines, then a table).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace pioneer::biomarkers::testing {

// Relative tolerance of the issue (every score and statistic), with an
// absolute floor for values at zero.
inline constexpr double kRelativeTolerance = 1e-8;
inline constexpr double kAbsoluteFloor = 1e-12;

inline std::string SharedData(const std::string& rel) {
  return std::string(PIONEER_SHARED_DATA) + "/" + rel;
}
inline std::string Fixture(const std::string& name) {
  return std::string(PIONEER_SOURCE_DIR) + "/tests/fixtures/biomarkers/" + name;
}
inline const char* kLimagneExpr = "expression/nsclc_limagne2022_antiPD1_rnaseq_expr_log2tpm.tsv";
inline const char* kLimagneClinical = "expression/nsclc_limagne2022_antiPD1_rnaseq_clinical.tsv";

struct FixtureTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

inline FixtureTable ReadFixture(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  FixtureTable t;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, '\t');) fields.push_back(f);
    if (t.header.empty())
      t.header = fields;
    else
      t.rows.push_back(fields);
  }
  return t;
}

inline bool Close(double actual, double expected) {
  return std::fabs(actual - expected) <=
         std::max(kRelativeTolerance * std::fabs(expected), kAbsoluteFloor);
}

}  // namespace pioneer::biomarkers::testing
