#include "pioneer/pipeline/plan.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"
#include "pioneer/pipeline/analysis.h"

namespace pioneer::pipeline {
namespace {

constexpr const char* kPlan = R"(# demo plan
[study]
store = "study.sqlite"
name = "Demo"

[output]
dir = "out"

[[analysis]]
kind = "cohort_summary"

[[analysis]]
kind = "swimmer"
max_subjects = 120
)";

// The messages of the InputError thrown for `text` ("" if none is thrown).
std::vector<std::string> Problems(const std::string& text) {
  try {
    ParsePlan(text, "plans/p.toml");
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.ToString());
    EXPECT_EQ(ExitCodeFor(e), 2);
    return out;
  }
  return {};
}

TEST(Plan, ParsesAndResolvesPathsAgainstThePlanFolder) {
  const Plan plan = ParsePlan(kPlan, "plans/p.toml");
  EXPECT_EQ(plan.store, std::filesystem::path("plans/study.sqlite"));
  EXPECT_EQ(plan.output_dir, std::filesystem::path("plans/out"));
  EXPECT_EQ(plan.study_name, "Demo");
  ASSERT_EQ(plan.analyses.size(), 2u);
  EXPECT_EQ(plan.analyses[0].kind, "cohort_summary");
  EXPECT_EQ(plan.analyses[0].name, "cohort_summary");
  EXPECT_EQ(plan.analyses[1].name, "swimmer");
  EXPECT_EQ(plan.analyses[1].options.at("max_subjects"), 120);
  EXPECT_EQ(plan.text, kPlan);
  const nlohmann::json j = AnalysesJson(plan);
  EXPECT_EQ(j[1]["options"]["max_subjects"], 120);
}

TEST(Plan, TomlSyntaxErrorNamesLineAndColumn) {
  const auto p = Problems("[study]\nstore = \"a.sqlite\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].rfind("plans/p.toml:2:", 0), 0u) << p[0];
}

TEST(Plan, UnknownKeyAndKindAreLocated) {
  const std::string text =
      "[study]\nstore = \"s.sqlite\"\ncolour = 1\n[output]\ndir = \"o\"\n"
      "[[analysis]]\nkind = \"forest\"\n";
  const auto p = Problems(text);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "plans/p.toml:3:1: unknown key 'colour' in [study] (allowed: name, store)");
  // Every registered kind is listed; the built-in ones come first.
  EXPECT_THAT(p[1], testing::StartsWith("plans/p.toml:7:8: unknown analysis kind 'forest' (known: "
                                        "cohort_summary, swimmer, survival"));
}

TEST(Plan, BadOptionValuesAndDuplicateNames) {
  const std::string text =
      "[study]\nstore = 3\n[output]\ndir = \"o\"\n"
      "[[analysis]]\nkind = \"swimmer\"\nmax_subjects = -1\n"
      "[[analysis]]\nkind = \"swimmer\"\n"
      "[[analysis]]\nkind = \"cohort_summary\"\nmax_subjects = 5\n"
      "[[analysis]]\nkind = \"swimmer\"\nname = \"s2\"\nmax_subjects = \"all\"\n";
  const auto p = Problems(text);
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[0], "plans/p.toml:2:9: 'store' in [study] must be a string");
  // The declaration's one message shape (issue 15): the key and what is allowed.
  EXPECT_EQ(p[1],
            "plans/p.toml:7:16: invalid value '-1' for max_subjects; allowed: an integer from 0 to "
            "1000000");
  EXPECT_EQ(p[2], "plans/p.toml:9:8: a second analysis named 'swimmer': give each a unique 'name'");
  EXPECT_EQ(p[3],
            "plans/p.toml:12:1: unknown key 'max_subjects' in [[analysis]] #3 (allowed: kind, "
            "name, title)");
  EXPECT_EQ(p[4],
            "plans/p.toml:16:16: invalid value 'all' for max_subjects; allowed: an integer from 0 "
            "to 1000000");
}

TEST(Plan, MissingPartsAreReported) {
  const auto p = Problems("[output]\n");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], "plans/p.toml:1:1: the plan has no [study] table (store = \"study.sqlite\")");
  EXPECT_EQ(p[1], "plans/p.toml:1:1: [output] needs 'dir'");
  EXPECT_EQ(p[2], "plans/p.toml:1:1: the plan has no [[analysis]]");
}

TEST(Plan, BadAnalysisName) {
  const auto p = Problems(
      "[study]\nstore = \"s\"\n[output]\ndir = \"o\"\n[[analysis]]\nkind = \"swimmer\"\nname = "
      "\"../x\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "plans/p.toml:7:8: analysis name '../x' may hold only a-z, 0-9 and _");
}

// Issue 14: `dir = "../../escape"` and absolute paths wrote outside the
// plan's folder; `store = "."` gave a raw library error.
TEST(Plan, PathsAreConfinedToThePlanFolder) {
  const std::string head = "[study]\nstore = \"s.sqlite\"\n[output]\ndir = ";
  const std::string tail = "\n[[analysis]]\nkind = \"swimmer\"\n";
  for (const char* dir : {"\"../../escape\"", "\"/tmp/escape\"", "\"out/../../x\""}) {
    const auto p = Problems(head + dir + tail);
    ASSERT_EQ(p.size(), 1u) << dir;
    EXPECT_EQ(p[0].rfind("plans/p.toml:4:7: dir = ", 0), 0u) << p[0];
    EXPECT_NE(p[0].find("outside the plan's folder"), std::string::npos) << p[0];
    EXPECT_NE(p[0].find("a run that allows paths outside"), std::string::npos) << p[0];
  }
  EXPECT_TRUE(Problems(head + "\".\"" + tail).empty());
  EXPECT_TRUE(Problems(head + "\"out/../report\"" + tail).empty());
  const Plan outside = ParsePlan(head + "\"../x\"" + tail, "plans/p.toml", {.allow_outside = true});
  EXPECT_EQ(outside.output_dir, std::filesystem::path("x"));
  const auto store = Problems("[study]\nstore = \"/etc/s.sqlite\"\n[output]\ndir = \"o\"" + tail);
  ASSERT_EQ(store.size(), 1u);
  EXPECT_EQ(store[0].rfind("plans/p.toml:2:9: store = ", 0), 0u) << store[0];
}

TEST(Plan, StoreMustNameAFile) {
  const std::string tail = "\n[output]\ndir = \"o\"\n[[analysis]]\nkind = \"swimmer\"\n";
  for (const char* store : {"\".\"", "\"data/\"", "\"..\""}) {
    const auto p = Problems(std::string("[study]\nstore = ") + store + tail);
    ASSERT_FALSE(p.empty()) << store;
    EXPECT_THAT(p, ::testing::Contains(::testing::HasSubstr("names a folder"))) << store;
    EXPECT_EQ(p.back().rfind("plans/p.toml:2:9: store = ", 0), 0u) << p.back();
  }
}

TEST(Plan, MissingFileIsNotFound) {
  try {
    LoadPlan("/nonexistent/plan.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

// Issue 15: a bad value of any option of any kind is an error at
// plan.toml:line:column that names the key and what is allowed, and never a
// CLI flag ("--"): one corpus of bad values per declared type.
std::vector<std::string> BadValues(const core::OptionSpec& o) {
  switch (o.type) {
    case core::OptionType::kInteger:
      return {"\"ten\"", "2.5", o.min ? fmt::format("{}", *o.min - 1) : "\"x\""};
    case core::OptionType::kNumber:
      return {"\"x\"", "nan", "inf"};
    case core::OptionType::kBoolean:
      return {"\"yes\"", "1"};
    case core::OptionType::kEnum:
      return {"\"bogus\"", "3"};
    case core::OptionType::kList:
      return {"\"a\"", "[1, 2]"};
    case core::OptionType::kString:
      return {"5", "[\"a\"]"};
    case core::OptionType::kPath:
      return {"5", "\"../../outside\""};
  }
  return {};
}

TEST(Plan, EveryBadOptionValueNamesTheKeyAndWhatIsAllowed) {
  int checked = 0;
  for (const AnalysisKind& kind : AnalysisKinds()) {
    for (const core::OptionSpec& o : kind.options) {
      for (const std::string& bad : BadValues(o)) {
        const std::string text = fmt::format(
            "[study]\nstore = \"s.sqlite\"\n[output]\ndir = \"o\"\n[[analysis]]\nkind = \"{}\"\n{} "
            "= {}\n",
            kind.name, o.name, bad);
        const auto p = Problems(text);
        ASSERT_EQ(p.size(), 1u) << kind.name << "." << o.name << " = " << bad << ": "
                                << ::testing::PrintToString(p);
        EXPECT_THAT(p[0], ::testing::StartsWith("plans/p.toml:7:")) << p[0];
        EXPECT_THAT(p[0], ::testing::HasSubstr(o.name)) << p[0];
        EXPECT_THAT(p[0], ::testing::HasSubstr("allowed")) << p[0];
        EXPECT_THAT(p[0], ::testing::Not(::testing::HasSubstr("--"))) << p[0];
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 80);  // 33 options of 9 kinds today
}

}  // namespace
}  // namespace pioneer::pipeline
