// Safety tables on a hand-made study whose counts were worked out by hand:
// two arms, an untreated subject, AEs before the first dose and after the
// 90-day window, repeated terms at different grades, ungraded AEs.
#include "pioneer/clinical/safety.h"

#include <gtest/gtest.h>

#include "pioneer/core/error.h"

namespace pioneer::clinical {
namespace {

study::AdverseEvent Ae(const std::string& subject, const std::string& term,
                       std::optional<int> grade, std::int32_t onset, bool serious = false,
                       bool related = false) {
  study::AdverseEvent ae;
  ae.subject_id = subject;
  ae.term = term;
  ae.grade = grade;
  ae.onset_day = onset;
  ae.serious = serious;
  ae.related = related;
  return ae;
}

// Arm A: A1 (doses day 0, 21, 42), A2 (day 0 only), A3 (days 0..200 every 100).
// Arm B: B1 (day 0, 21), B2 (never dosed: not in the safety population).
study::Study HandStudy() {
  study::Study s;
  s.arms = {{"A", "arm A"}, {"B", "arm B"}};
  for (const auto& [id, arm] : std::vector<std::pair<std::string, std::string>>{
           {"A1", "A"}, {"A2", "A"}, {"A3", "A"}, {"B1", "B"}, {"B2", "B"}}) {
    study::Subject x;
    x.id = id;
    x.arm = arm;
    s.subjects.push_back(x);
  }
  auto dose = [&](const std::string& id, std::int32_t day) {
    s.exposures.push_back({id, "drug", 10.0, "mg", day, day});
  };
  dose("A1", 0), dose("A1", 21), dose("A1", 42);
  dose("A2", 0);
  dose("A3", 0), dose("A3", 100), dose("A3", 200);
  dose("B1", 0), dose("B1", 21);
  s.adverse_events = {
      Ae("A1", "Fatigue", 1, 5),
      Ae("A1", "Fatigue", 3, 30, false, true),  // same term, worse grade
      Ae("A1", "Colitis", 3, 40, true, true),
      Ae("A2", "Fatigue", 2, -3),          // before the first dose: not counted
      Ae("A2", "Rash", std::nullopt, 10),  // ungraded
      Ae("A3", "Pneumonitis", 5, 150, true, true),
      Ae("B1", "Fatigue", 2, 10, false, true),
      Ae("B1", "Cough", 1, 21 + 91),  // 91 days after the last dose: outside
      Ae("B2", "Cough", 1, 5),        // never dosed
  };
  return s;
}

const IncidenceRow& Row(const SafetyResult& r, const std::string& category) {
  for (const IncidenceRow& row : r.summary) {
    if (row.category == category) return row;
  }
  throw std::runtime_error("no row " + category);
}

TEST(Safety, PopulationIsTheDosedSubjectsInTheirArms) {
  const SafetyResult r = SummariseSafety(HandStudy());
  EXPECT_EQ(r.arms, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(r.population, (std::vector<std::int64_t>{3, 1}));
  EXPECT_EQ(r.population_total, 4);
  EXPECT_EQ(r.events_counted, 6);
  EXPECT_EQ(r.events_outside_window, 2);
  EXPECT_EQ(r.events_untreated_subject, 1);
}

TEST(Safety, SummaryCountsSubjectsNotEvents) {
  const SafetyResult r = SummariseSafety(HandStudy());
  const IncidenceRow& any = Row(r, "Any AE");
  EXPECT_EQ(any.by_arm[0].n, 3);  // A1, A2 (rash), A3
  EXPECT_EQ(any.by_arm[1].n, 1);
  EXPECT_DOUBLE_EQ(any.by_arm[0].pct, 100.0);
  EXPECT_EQ(any.total.n, 4);
  EXPECT_EQ(Row(r, "Grade >= 3 AE").by_arm[0].n, 2);  // A1, A3
  EXPECT_EQ(Row(r, "Grade >= 3 AE").by_arm[1].n, 0);
  EXPECT_NEAR(Row(r, "Grade >= 3 AE").by_arm[0].pct, 200.0 / 3.0, 1e-12);
  EXPECT_EQ(Row(r, "Treatment-related AE").by_arm[0].n, 2);
  EXPECT_EQ(Row(r, "Treatment-related AE").by_arm[1].n, 1);
  EXPECT_EQ(Row(r, "Treatment-related grade >= 3 AE").total.n, 2);
  EXPECT_EQ(Row(r, "Serious AE").by_arm[0].n, 2);
  EXPECT_EQ(Row(r, "Treatment-related serious AE").by_arm[0].n, 2);
  EXPECT_EQ(Row(r, "Grade 5 AE (fatal)").by_arm[0].n, 1);
  EXPECT_EQ(Row(r, "Grade 5 AE (fatal)").total.population, 4);
}

TEST(Safety, TermsAreCountedOncePerSubjectAtTheWorstGrade) {
  const SafetyResult r = SummariseSafety(HandStudy());
  ASSERT_EQ(r.terms.size(), 4u);             // Fatigue, Colitis, Pneumonitis, Rash (Cough outside)
  EXPECT_EQ(r.terms[0].term, "Fatigue");     // 2 subjects; then the 1-subject terms by name
  EXPECT_EQ(r.terms[0].any_grade[0].n, 1);   // A1 once (A2's was before dosing)
  EXPECT_EQ(r.terms[0].grade3plus[0].n, 1);  // at its worst grade, 3
  EXPECT_EQ(r.terms[0].any_grade[1].n, 1);
  EXPECT_EQ(r.terms[0].grade3plus[1].n, 0);
  EXPECT_EQ(r.terms[0].total_any_grade.n, 2);
  EXPECT_EQ(r.terms[1].term, "Colitis");
  EXPECT_EQ(r.terms[2].term, "Pneumonitis");
  EXPECT_EQ(r.terms[3].term, "Rash");
  EXPECT_EQ(r.terms[3].grade3plus[0].n, 0);
}

TEST(Safety, WorstGradeDistribution) {
  const SafetyResult r = SummariseSafety(HandStudy());
  const WorstGradeRow& a = r.worst_grade[0];
  EXPECT_EQ(a.by_grade[3], 1);  // A1
  EXPECT_EQ(a.by_grade[5], 1);  // A3
  EXPECT_EQ(a.missing, 1);      // A2: only an ungraded AE
  EXPECT_EQ(a.by_grade[0], 0);
  const WorstGradeRow& b = r.worst_grade[1];
  EXPECT_EQ(b.by_grade[2], 1);
}

TEST(Safety, ExposureDurationIsLastMinusFirstDosePlusOne) {
  const SafetyResult r = SummariseSafety(HandStudy());
  const ExposureRow& a = r.exposure[0];
  EXPECT_EQ(a.treated, 3);
  EXPECT_DOUBLE_EQ(a.duration_median_days, 43.0);  // 43, 1, 201
  EXPECT_DOUBLE_EQ(a.duration_min_days, 1.0);
  EXPECT_DOUBLE_EQ(a.duration_max_days, 201.0);
  EXPECT_DOUBLE_EQ(a.duration_mean_days, 245.0 / 3.0);
  EXPECT_DOUBLE_EQ(a.administrations_median, 3.0);
  EXPECT_EQ(a.administrations_total, 7);
  EXPECT_EQ(a.treated_6_months, 1);
  EXPECT_EQ(a.treated_12_months, 0);
  EXPECT_DOUBLE_EQ(r.exposure[1].duration_median_days, 22.0);
}

TEST(Safety, WindowOptionAndTermFilter) {
  SafetyOptions open;
  open.post_treatment_window_days = std::nullopt;
  EXPECT_EQ(SummariseSafety(HandStudy(), open).events_counted, 7);  // B1's late cough too
  SafetyOptions filtered;
  filtered.min_term_pct = 50.0;  // Fatigue (100 % of arm B) and nothing else reaches 50 %
  const SafetyResult r = SummariseSafety(HandStudy(), filtered);
  ASSERT_EQ(r.terms.size(), 1u);
  EXPECT_EQ(r.terms[0].term, "Fatigue");
}

TEST(Safety, BadOptionsNameTheField) {
  SafetyOptions bad;
  bad.post_treatment_window_days = -1;
  try {
    SummariseSafety(HandStudy(), bad);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("post_treatment_window_days = -1"), std::string::npos);
  }
}

TEST(Safety, EmptyStudy) {
  const SafetyResult r = SummariseSafety(study::Study{});
  EXPECT_TRUE(r.arms.empty());
  EXPECT_EQ(r.population_total, 0);
  EXPECT_EQ(Row(r, "Any AE").total.pct, 0.0);
  EXPECT_TRUE(r.terms.empty());
}

TEST(Safety, TablesHaveOneRowPerCategoryAndArmPlusTotal) {
  const SafetyResult r = SummariseSafety(HandStudy());
  const core::Table summary = SafetySummaryTable(r);
  EXPECT_EQ(summary.rows(), r.summary.size() * 3);
  EXPECT_EQ(summary.cell(0, 0), "Any AE");
  EXPECT_EQ(summary.cell(0, 5), "3 (100.0%)");
  EXPECT_EQ(SafetyTermTable(r).rows(), 4u * 3);
  EXPECT_EQ(WorstGradeTable(r).rows(), 2u * 7);
  EXPECT_EQ(ExposureTable(r).rows(), 2u);
  EXPECT_EQ(ExposureTable(r).cell(0, 2), "43");
  const nlohmann::json j = r.ToJson();
  EXPECT_EQ(j["summary"][0]["by_arm"]["A"]["n"], 3);
  EXPECT_EQ(j["terms"][0]["term"], "Fatigue");
}

}  // namespace
}  // namespace pioneer::clinical
