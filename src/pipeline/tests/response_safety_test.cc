// The "response" and "safety" analysis kinds on a simulated trial: the
// sections, charts and tables they add, and chart data consistent with the
// clinical module's results (numbers themselves are tested in src/clinical).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../analyses/response_charts.h"
#include "pioneer/clinical/study_response.h"
#include "pioneer/pipeline/analysis.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::pipeline {
namespace {

const study::Study& Trial() {
  static const study::Study trial = sim::SimulateTrial({.patients = 60, .seed = 11});
  return trial;
}

AnalysisSpec Spec(const std::string& kind) {
  const AnalysisKind* k = FindAnalysisKind(kind);
  EXPECT_NE(k, nullptr) << kind;
  return {.kind = kind, .name = kind, .title = "", .options = DefaultOptions(*k)};
}

std::size_t Charts(const report::Section& s) {
  std::size_t n = 0;
  for (const report::Block& b : s.blocks) n += std::holds_alternative<report::Chart>(b) ? 1 : 0;
  return n;
}

TEST(ResponseAnalysis, SectionChartsAndTables) {
  report::Document doc("t");
  const AnalysisOutput out = FindAnalysisKind("response")->run(Spec("response"), Trial(), doc);
  ASSERT_EQ(doc.sections().size(), 1u);
  EXPECT_EQ(doc.sections()[0].heading, "Response and resistance");
  EXPECT_EQ(Charts(doc.sections()[0]), 5u);  // waterfall, spider, swimmer, KM PFS, KM DoR
  std::vector<std::string> names;
  for (const auto& [name, table] : out.tables) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"adrs", "adtte", "sitc", "rates", "counts"}));
  EXPECT_EQ(out.result["evaluated"].get<int>() + out.result["excluded"].get<int>(), 60);
}

TEST(ResponseAnalysis, ChartDataFollowTheResults) {
  const clinical::StudyResponse r = clinical::DeriveStudyResponse(Trial());
  const std::vector<ResponseCourse> courses = ResponseCourses(r);
  ASSERT_EQ(courses.size(), r.results.size());
  std::size_t with_change = 0, responders = 0, lanes_expected = 0;
  for (std::size_t i = 0; i < courses.size(); ++i) {
    with_change += courses[i].best_change_pct ? 1 : 0;
    responders += r.results[i].recist.orr_confirmed ? 1 : 0;
    EXPECT_EQ(courses[i].response_day.has_value(), r.results[i].recist.orr_confirmed)
        << courses[i].subject_id;
    lanes_expected += courses[i].response_day || !courses[i].iupd_days.empty() ? 1 : 0;
    // A PR/CR has a best change of at least -30 % (R-05).
    if (r.results[i].recist.orr_confirmed) {
      ASSERT_TRUE(courses[i].best_change_pct) << courses[i].subject_id;
      EXPECT_LE(*courses[i].best_change_pct, -30.0) << courses[i].subject_id;
    }
  }
  EXPECT_GT(responders, 0u);
  const nlohmann::json waterfall = WaterfallSpec(courses, {});
  EXPECT_EQ(waterfall["layer"][0]["data"]["values"].size(), with_change);
  const auto& bars = waterfall["layer"][0]["data"]["values"];
  for (std::size_t i = 1; i < bars.size(); ++i) EXPECT_GE(bars[i - 1]["change"], bars[i]["change"]);
  const nlohmann::json swimmer = ResponseSwimmerSpec(courses, {}, 0);
  EXPECT_EQ(swimmer["layer"][0]["data"]["values"].size(), lanes_expected);
  EXPECT_EQ(ResponseSwimmerSpec(courses, {}, 3)["layer"][0]["data"]["values"].size(),
            std::min<std::size_t>(3, lanes_expected));
}

TEST(SafetyAnalysis, SectionChartsAndTables) {
  report::Document doc("t");
  const AnalysisOutput out = FindAnalysisKind("safety")->run(Spec("safety"), Trial(), doc);
  ASSERT_EQ(doc.sections().size(), 1u);
  EXPECT_EQ(doc.sections()[0].heading, "Safety");
  EXPECT_EQ(Charts(doc.sections()[0]), 2u);  // incidence by arm and grade, worst grade
  ASSERT_EQ(out.tables.size(), 4u);
  EXPECT_EQ(out.result["population_total"], 60);
}

}  // namespace
}  // namespace pioneer::pipeline
