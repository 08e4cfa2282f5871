// JSON input/output of the response engine (response-io.md): bad inputs
// give one clear message naming patient, visit and lesion; parameters
// default and override; the engine is reusable across patients.
#include "pioneer/clinical/response_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "case_file.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"

namespace pioneer::clinical {
namespace {

namespace fs = std::filesystem;
const fs::path kBadDir = fs::path(PIONEER_SOURCE_DIR) / "tests/fixtures/clinical/bad";

TEST(ResponseJson, EveryBadInputIsRejectedWithItsMessage) {
  std::ifstream expected(kBadDir / "EXPECTED.tsv");
  std::string line;
  int checked = 0;
  while (std::getline(expected, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    const std::string file = line.substr(0, tab), message = line.substr(tab + 1);
    const fs::path path = kBadDir / file;
    try {
      ParseResponseInput(core::ReadFile(path), path.filename().string());
      ADD_FAILURE() << file << ": accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
          << file << ": got " << e.what() << "\nexpected " << message;
      EXPECT_EQ(ExitCodeFor(e), 2);
    }
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

Patient TwoVisitPatient() {
  Patient p;
  p.id = "P1";
  p.exposure_end_day = 100;
  p.last_contact_day = 200;
  Lesion t1;
  t1.id = "T1";
  t1.diameter_mm = 30;
  p.visits.push_back({-7, true, false, {t1}});
  t1.diameter_mm = 20;
  p.visits.push_back({42, false, false, {t1}});
  return p;
}

TEST(ResponseJson, LibraryValidationNamesPatientVisitLesion) {
  Patient p = TwoVisitPatient();
  p.visits[1].lesions[0].id = "T9";
  try {
    EvaluatePatient(p, ResponseParameters{});
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "patient P1, visit day 42, lesion T9: target lesion missing at baseline"),
              std::string::npos)
        << e.what();
  }
  p = TwoVisitPatient();
  p.visits[1].lesions[0].diameter_mm = -1;
  EXPECT_THROW(EvaluatePatient(p, ResponseParameters{}), InputError);
  p = TwoVisitPatient();
  p.visits[1].baseline = true;
  EXPECT_THROW(EvaluatePatient(p, ResponseParameters{}), InputError);
  ResponseParameters bad;
  bad.pd_abs_mm = -5;
  EXPECT_THROW(ResponseEngine{bad}, UsageError);
}

TEST(ResponseJson, ParametersDefaultAndOverride) {
  const nlohmann::json defaults = ToJson(ResponseParameters{});
  EXPECT_EQ(defaults["pr_threshold_pct"], 30);
  EXPECT_EQ(defaults["sitc_six_months_days"], 182.625);
  EXPECT_EQ(defaults["irecist_reset"], "improvement_or_5mm");
  const ResponseParameters p =
      ParametersFromJson({{"confirm_min_days", 21}, {"rounding", "one_decimal"}}, "x");
  EXPECT_EQ(p.confirm_min_days, 21);
  EXPECT_EQ(p.rounding, PercentRounding::kOneDecimal);
  EXPECT_EQ(p.sd_min_days, 42);
  EXPECT_EQ(ParametersFromJson(ToJson(p), "x").confirm_min_days, 21);
  EXPECT_THROW(ParametersFromJson({{"rounding", "nearest"}}, "x"), InputError);
  EXPECT_THROW(ParametersFromJson({{"confirm_min_days", 2.5}}, "x"), InputError);
}

TEST(ResponseJson, OutputShapeOfOnePatient) {
  const nlohmann::json r = ToJson(EvaluatePatient(TwoVisitPatient(), ResponseParameters{}));
  for (const char* key : {"id", "recist", "os", "irecist", "sitc_2020", "sitc_2023_ici_chemo"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  const nlohmann::json& tp = r["recist"]["timepoints"][0];
  EXPECT_EQ(tp["day"], 42);
  EXPECT_EQ(tp["sum"], 20.0);
  EXPECT_EQ(tp["target"], "PR");  // 20 vs 30: -33 %
  EXPECT_EQ(tp["nontarget"], "NA");
  EXPECT_EQ(tp["new"], false);
  EXPECT_EQ(
      r["recist"]["pfs"],
      (nlohmann::json{{"event", false}, {"day", 42}, {"reason", "last_adequate_assessment"}}));
  EXPECT_TRUE(r["recist"]["dor"].is_null());
  EXPECT_TRUE(r["sitc_2020"]["progression_day"].is_null());
  EXPECT_EQ(r["os"], (nlohmann::json{{"event", false}, {"day", 200}}));
}

TEST(ResponseJson, UndersizedTargetsAreWarnedNotRejected) {
  Patient p = TwoVisitPatient();
  p.visits[0].lesions[0].node = true;
  p.visits[0].lesions[0].diameter_mm = 12;  // nodal target needs SA >= 15 mm
  p.visits[1].lesions[0].node = true;
  const PatientResult r = EvaluatePatient(p, ResponseParameters{});
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("R-01: baseline target T1 measures 12 mm (< 15 mm short axis)"),
            std::string::npos)
      << r.warnings[0];
  EXPECT_TRUE(EvaluatePatient(TwoVisitPatient(), ResponseParameters{}).warnings.empty());
}

TEST(ResponseJson, ReusedEngineGivesTheSameResultsAsFreshOnes) {
  std::vector<testing::Case> cases = testing::ReadCaseFile(
      (fs::path(PIONEER_SOURCE_DIR) / "tests/fixtures/clinical/cases/04_irecist.txt").string());
  ResponseEngine engine{ResponseParameters{}};
  PatientResult reused;
  for (int round = 0; round < 2; ++round) {
    for (const testing::Case& c : cases) {
      engine.Evaluate(c.patient, &reused);
      EXPECT_EQ(ToJson(reused), ToJson(EvaluatePatient(c.patient, ResponseParameters{}))) << c.name;
    }
  }
}

}  // namespace
}  // namespace pioneer::clinical
