// The CLI and a direct library call give the same JSON for the same input
// (STYLE.md: LightGBM's CLI-vs-API consistency test). Runs the built
// `pioneer survival ...` on R's lung data and compares its --json output,
// key by key and bit for bit, with ToJson() of the library result.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/stats/cox.h"
#include "pioneer/stats/km.h"
#include "pioneer/stats/logrank.h"
#include "pioneer/stats/rmst.h"
#include "pioneer/stats/survival_table.h"

namespace pioneer {
namespace {

namespace fs = std::filesystem;

const std::string kLung = std::string(PIONEER_SHARED_DATA) + "/survival/lung.csv";

nlohmann::json RunCli(const std::string& arguments) {
  const fs::path out =
      fs::temp_directory_path() / fmt::format("pioneer_consistency_{}.json", ::getpid());
  const std::string command = fmt::format(
      "{}/pioneer survival {} --data {} --time time --event status --json {} > /dev/null",
      PIONEER_BINARY_DIR, arguments, kLung, out.string());
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  nlohmann::json json = nlohmann::json::parse(core::ReadFile(out));
  fs::remove(out);
  return json;
}

stats::SurvivalTable Load(const std::string& group,
                          const std::vector<std::string>& covariates = {}) {
  stats::SurvivalColumns columns;
  columns.time = "time";
  columns.event = "status";
  columns.group = group;
  columns.covariates = covariates;
  return stats::ExtractSurvival(io::ReadDelimited(kLung), columns);
}

// The library result as the CLI serialises it (the CLI adds the row counts).
template <typename Result>
nlohmann::json Expected(const Result& result, const stats::SurvivalTable& st) {
  nlohmann::json json = result.ToJson();
  json["n_rows"] = st.n_rows;
  json["n_dropped_missing"] = st.n_dropped;
  return json;
}

TEST(SurvivalCliConsistency, KaplanMeierBySex) {
  const stats::SurvivalTable st = Load("sex");
  stats::KmOptions options;
  options.conf_type = stats::ConfType::kLogLog;
  EXPECT_EQ(RunCli("km --group sex --conf-type log-log"),
            Expected(stats::KaplanMeier(st.data, st.group, options), st));
}

TEST(SurvivalCliConsistency, PetoPetoLogRank) {
  const stats::SurvivalTable st = Load("sex");
  stats::LogRankOptions options;
  options.rho = 1;
  EXPECT_EQ(RunCli("logrank --group sex --rho 1"),
            Expected(stats::LogRank(st.data, st.group, stats::Factor{}, options), st));
}

TEST(SurvivalCliConsistency, CoxWithZphDropsMissingRows) {
  const stats::SurvivalTable st = Load("", {"age", "sex", "ph.ecog"});
  ASSERT_GT(st.n_dropped, 0u);  // ph.ecog has a missing value
  stats::CoxOptions options;
  options.ties = stats::Ties::kBreslow;
  stats::CoxResult fit = stats::FitCox(st.data, st.covariates, stats::Factor{}, options);
  fit.zph.push_back(
      stats::CoxZph(st.data, st.covariates, stats::Factor{}, fit, stats::ZphTransform::kRank));
  EXPECT_EQ(RunCli("cox --covariates age,sex,ph.ecog --ties breslow --zph rank"),
            Expected(fit, st));
}

TEST(SurvivalCliConsistency, RmstDifference) {
  const stats::SurvivalTable st = Load("sex");
  stats::RmstOptions options;
  options.tau = 365;
  EXPECT_EQ(RunCli("rmst --group sex --tau 365"),
            Expected(stats::Rmst(st.data, st.group, options), st));
}

}  // namespace
}  // namespace pioneer
