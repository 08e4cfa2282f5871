// Survival analyses against R reference fixtures (tests/reference/survival.R
// -> tests/fixtures/stats/survival_*.json). Each fixture holds the input
// (a shared data file or inline data), the expected result in pioneer's
// JSON layout and the tolerance; every number present in the expected JSON
// is compared (relative 1e-9, absolute 1e-12 near zero).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/stats/cox.h"
#include "pioneer/stats/km.h"
#include "pioneer/stats/logrank.h"
#include "pioneer/stats/rmst.h"
#include "pioneer/stats/survival_table.h"

namespace pioneer::stats {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json LoadFixture(const std::string& name) {
  const fs::path path =
      fs::path(PIONEER_SOURCE_DIR) / "tests/fixtures/stats" / ("survival_" + name + ".json");
  return json::parse(core::ReadFile(path));
}

// The fixture's input as a table: a shared data file, or inline columns.
core::Table InputTable(const json& input) {
  if (input.contains("data")) {
    return io::ReadDelimited(fs::path(PIONEER_SHARED_DATA) / input["data"].get<std::string>());
  }
  std::vector<std::string> names;
  for (auto it = input["inline"].begin(); it != input["inline"].end(); ++it)
    names.push_back(it.key());
  core::Table t("inline", names);
  const std::size_t n = input["inline"].begin()->size();
  for (std::size_t r = 0; r < n; ++r) {
    std::vector<std::string> cells;
    for (const std::string& c : names) {
      const json& v = input["inline"][c][r];
      cells.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    }
    t.AddRow(cells, static_cast<std::int64_t>(r + 2));
  }
  return t;
}

SurvivalTable InputData(const json& input) {
  SurvivalColumns columns;
  columns.time = input["time"];
  columns.event = input["event"];
  if (input.contains("group") && input["group"].is_string()) columns.group = input["group"];
  if (input.contains("strata") && input["strata"].is_string()) columns.strata = input["strata"];
  if (input.contains("covariates"))
    columns.covariates = input["covariates"].get<std::vector<std::string>>();
  if (input.contains("categorical"))
    columns.categorical = input["categorical"].get<std::vector<std::string>>();
  if (input.contains("reference")) {
    for (auto it = input["reference"].begin(); it != input["reference"].end(); ++it) {
      columns.reference[it.key()] = it.value();
    }
  }
  SurvivalTable st = ExtractSurvival(InputTable(input), columns);
  if (input.contains("group_levels")) {
    std::vector<std::string> values;
    for (int c : st.group.codes) values.push_back(st.group.levels[static_cast<std::size_t>(c)]);
    st.group = Factor::WithLevels(values, input["group_levels"].get<std::vector<std::string>>());
  }
  return st;
}

// Recursive comparison driven by the expected JSON; counts compared numbers.
void ExpectMatches(const json& expected, const json& actual, const std::string& path, double rel,
                   double abs, int& compared) {
  if (expected.is_object()) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      ASSERT_TRUE(actual.contains(it.key())) << path << "." << it.key() << " missing";
      ExpectMatches(it.value(), actual[it.key()], path + "." + it.key(), rel, abs, compared);
    }
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array()) << path;
    ASSERT_EQ(expected.size(), actual.size()) << path;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      ExpectMatches(expected[i], actual[i], path + "[" + std::to_string(i) + "]", rel, abs,
                    compared);
    }
  } else if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << path << " expected " << expected << " got " << actual;
    const double e = expected.get<double>(), a = actual.get<double>();
    EXPECT_LE(std::fabs(a - e), std::max(abs, rel * std::fabs(e)))
        << std::setprecision(17) << path << ": expected " << e << " got " << a;
    ++compared;
  } else if (expected.is_string() && actual.is_null()) {
    const std::string s = expected;  // "NA", "NaN", "Inf": pioneer writes null
    EXPECT_TRUE(s == "NA" || s == "NaN" || s == "Inf" || s == "-Inf") << path << " = " << s;
  } else {
    EXPECT_EQ(expected, actual) << path;
  }
}

void Compare(const json& fixture, const json& actual) {
  int compared = 0;
  const double rel = fixture["tolerance"]["relative"], abs = fixture["tolerance"]["absolute"];
  ExpectMatches(fixture["expected"], actual, "", rel, abs, compared);
  EXPECT_GT(compared, 0);
}

std::vector<std::string> FixturesWithPrefix(const std::string& prefix) {
  std::vector<std::string> names;
  for (const auto& entry :
       fs::directory_iterator(fs::path(PIONEER_SOURCE_DIR) / "tests/fixtures/stats")) {
    const std::string file = entry.path().filename().string();
    const std::string head = "survival_" + prefix;
    if (file.rfind(head, 0) == 0 && entry.path().extension() == ".json") {
      names.push_back(file.substr(9, file.size() - 9 - 5));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

json RunKm(const json& fixture) {
  const json& input = fixture["input"];
  const SurvivalTable st = InputData(input);
  KmOptions options;
  options.conf_type = ParseConfType(fixture["expected"]["conf_type"]);
  options.times = input["times"].get<std::vector<double>>();
  return st.group.levels.empty() ? KaplanMeier(st.data, options).ToJson()
                                 : KaplanMeier(st.data, st.group, options).ToJson();
}

json RunLogRank(const json& fixture) {
  const json& input = fixture["input"];
  const SurvivalTable st = InputData(input);
  LogRankOptions options;
  options.rho = input["rho"];
  if (fixture["expected"]["groups"].size() == 4) options.trend_scores = {0, 1, 2, 3};
  return LogRank(st.data, st.group, st.strata, options).ToJson();
}

json RunCox(json& fixture) {
  const json& input = fixture["input"];
  const SurvivalTable st = InputData(input);
  CoxOptions options;
  options.ties = ParseTies(input["ties"]);
  CoxResult fit = FitCox(st.data, st.covariates, st.strata, options);
  for (const json& z : fixture["expected"]["zph"]) {
    fit.zph.push_back(
        CoxZph(st.data, st.covariates, st.strata, fit, ParseZphTransform(z["transform"])));
  }
  json out = fit.ToJson();
  if (fit.zph.size() == 1) out["zph"] = json::array({out["zph"]});
  if (fit.zph.empty()) out["zph"] = json::array();
  return out;
}

json RunRmst(const json& fixture) {
  const json& input = fixture["input"];
  const SurvivalTable st = InputData(input);
  RmstOptions options;
  options.tau = input["tau"];
  return Rmst(st.data, st.group, options).ToJson();
}

class KmFixture : public testing::TestWithParam<std::string> {};
TEST_P(KmFixture, MatchesSurvfit) {
  const json fixture = LoadFixture(GetParam());
  Compare(fixture, RunKm(fixture));
}
INSTANTIATE_TEST_SUITE_P(R, KmFixture, testing::ValuesIn([] {
                           auto a = FixturesWithPrefix("km_");
                           auto b = FixturesWithPrefix("edge_km_");
                           a.insert(a.end(), b.begin(), b.end());
                           return a;
                         }()));

class LogRankFixture : public testing::TestWithParam<std::string> {};
TEST_P(LogRankFixture, MatchesSurvdiff) {
  const json fixture = LoadFixture(GetParam());
  Compare(fixture, RunLogRank(fixture));
}
INSTANTIATE_TEST_SUITE_P(R, LogRankFixture, testing::ValuesIn([] {
                           auto a = FixturesWithPrefix("logrank_");
                           auto b = FixturesWithPrefix("edge_logrank_");
                           a.insert(a.end(), b.begin(), b.end());
                           return a;
                         }()));

class CoxFixture : public testing::TestWithParam<std::string> {};
TEST_P(CoxFixture, MatchesCoxph) {
  json fixture = LoadFixture(GetParam());
  Compare(fixture, RunCox(fixture));
}
INSTANTIATE_TEST_SUITE_P(R, CoxFixture, testing::ValuesIn([] {
                           auto a = FixturesWithPrefix("cox_");
                           auto b = FixturesWithPrefix("edge_cox_");
                           a.insert(a.end(), b.begin(), b.end());
                           return a;
                         }()));

class RmstFixture : public testing::TestWithParam<std::string> {};
TEST_P(RmstFixture, MatchesSurvmean) {
  const json fixture = LoadFixture(GetParam());
  Compare(fixture, RunRmst(fixture));
}
INSTANTIATE_TEST_SUITE_P(R, RmstFixture, testing::ValuesIn(FixturesWithPrefix("rmst_")));

}  // namespace
}  // namespace pioneer::stats
