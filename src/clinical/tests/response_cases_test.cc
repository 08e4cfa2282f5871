// The clinician-readable case files (tests/fixtures/clinical/cases/*.txt):
// every case is run through the library and each hand-derived expectation
// is compared. The default-parameter cases also form the JSON input of the
// CLI test (tests/fixtures/clinical/response_input.json) and its expected
// output (response_expected.json); this test checks that both files match
// the case files and the library, so CLI = library = hand-derived values.
// Regenerate the two JSON files with PIONEER_UPDATE_FIXTURES=1.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "case_file.h"
#include "pioneer/clinical/response_json.h"
#include "pioneer/core/output.h"

namespace pioneer::clinical {
namespace {

namespace fs = std::filesystem;
using testing::Case;

const fs::path kCaseDir = fs::path(PIONEER_SOURCE_DIR) / "tests/fixtures/clinical/cases";
const fs::path kInputJson =
    fs::path(PIONEER_SOURCE_DIR) / "tests/fixtures/clinical/response_input.json";
const fs::path kExpectedJson =
    fs::path(PIONEER_SOURCE_DIR) / "tests/fixtures/clinical/response_expected.json";
constexpr std::size_t kMinimumCases = 50;

std::vector<Case> AllCases() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kCaseDir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> all;
  for (const fs::path& f : files) {
    std::vector<Case> cases = testing::ReadCaseFile(f.string());
    all.insert(all.end(), cases.begin(), cases.end());
  }
  return all;
}

TEST(ResponseCases, EveryHandDerivedExpectationHolds) {
  const std::vector<Case> cases = AllCases();
  EXPECT_GE(cases.size(), kMinimumCases);
  std::set<std::string> ids;
  std::size_t checked = 0;
  for (const Case& c : cases) {
    EXPECT_TRUE(ids.insert(c.patient.id).second)
        << c.file << ":" << c.line << ": duplicate id " << c.patient.id;
    EXPECT_FALSE(c.expectations.empty())
        << c.file << ":" << c.line << ": case without expectations";
    PatientResult r;
    try {
      const ResponseParameters params = ParametersFromJson(c.params, c.file);
      r = EvaluatePatient(c.patient, params);
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.file << ":" << c.line << ": " << c.name << ": " << e.what();
      continue;
    }
    for (const testing::Expectation& x : c.expectations) {
      ++checked;
      const std::string got = testing::Actual(x.key, r);
      EXPECT_EQ(testing::Normalise(x.value), got)
          << c.file << ":" << x.line << ": case " << c.name << ", " << x.key;
    }
  }
  std::printf("%zu cases, %zu expectations checked\n", cases.size(), checked);
}

nlohmann::json DefaultParameterInput(const std::vector<Case>& cases) {
  nlohmann::json patients = nlohmann::json::array();
  for (const Case& c : cases) {
    if (c.params.empty()) patients.push_back(ToJson(c.patient));
  }
  return {{"patients", patients}};
}

TEST(ResponseCases, CliFixturesMatchCaseFilesAndLibrary) {
  const nlohmann::json input = DefaultParameterInput(AllCases());
  const ResponseInput parsed = ParseResponseInput(input.dump(), "cases");
  const nlohmann::json output = ResponseOutputJson(parsed.parameters, EvaluateAll(parsed));
  if (std::getenv("PIONEER_UPDATE_FIXTURES") != nullptr) {
    core::WriteFileAtomically(kInputJson, input.dump(1) + "\n");
    core::WriteFileAtomically(kExpectedJson, output.dump(1) + "\n");
  }
  EXPECT_EQ(nlohmann::json::parse(core::ReadFile(kInputJson)), input)
      << "response_input.json is out of date with the case files (PIONEER_UPDATE_FIXTURES=1)";
  EXPECT_EQ(nlohmann::json::parse(core::ReadFile(kExpectedJson)), output)
      << "response_expected.json differs from the library's output";
}

TEST(ResponseCases, JsonRoundTripOfPatients) {
  for (const Case& c : AllCases()) {
    const nlohmann::json doc = {{"patients", {ToJson(c.patient)}}};
    const ResponseInput back = ParseResponseInput(doc, "roundtrip");
    ASSERT_EQ(back.patients.size(), 1u);
    EXPECT_EQ(ToJson(back.patients[0]), ToJson(c.patient)) << c.name;
  }
}

}  // namespace
}  // namespace pioneer::clinical
