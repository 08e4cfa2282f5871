// Study -> engine -> ADaM tables on a hand-made study, expected values worked
// out by hand from response-rules.md:
//  S1 (arm A): targets lung 50 mm + node 20 mm (sum 70), one non-target.
//      d42: 30 + 8 = 38 (-45.7 %: PR; the node is below 10 mm but the lung
//      lesion remains), d84: 28 + 7 = 35 (PR, confirms d42: 42 days apart),
//      d126: 40 + 9 = 49 (+14 mm, +40 % over the nadir 35: PD). Death d200.
//      -> CBOR PR, DoR 42..126 (84 days, event), TTR 42, PFS event d126,
//      SITC 2020 indeterminate (death before a confirmation scan, S-02),
//      SITC 2023 primary (PD <= 6 months, exposure 105 >= 42 days, S-07).
//  S2 (arm B): one target 30 mm; d42 not evaluated (NE), d84 31 mm (SD).
//      -> BOR SD, PFS censored at d84 (last adequate assessment).
//  S3 (arm B): no tumour data -> excluded, NE, PFS censored at day 0.
#include "pioneer/clinical/study_response.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "pioneer/core/error.h"

namespace pioneer::clinical {
namespace {

using study::LesionRole;
using LS = study::LesionStatus;

study::Study Hand() {
  study::Study s;
  s.name = "HAND";
  s.arms = {{"A", "arm A"}, {"B", "arm B"}};
  auto subject = [&](const std::string& id, const std::string& arm, std::optional<int> death,
                     int last) {
    study::Subject x;
    x.id = id;
    x.arm = arm;
    x.reference_start = core::FromCivil(2024, 1, 1);
    x.death_day = death;
    x.last_contact_day = last;
    s.subjects.push_back(x);
  };
  subject("S1", "A", 200, 200);
  subject("S2", "B", std::nullopt, 150);
  subject("S3", "B", std::nullopt, 90);
  s.lesions = {{"S1", "T1", LesionRole::kTarget, false, "LUNG"},
               {"S1", "T2", LesionRole::kTarget, true, "LYMPH NODE"},
               {"S1", "NT1", LesionRole::kNonTarget, false, "BONE"},
               {"S2", "T1", LesionRole::kTarget, false, "LIVER"}};
  auto m = [&](const std::string& id, const std::string& lesion, const std::string& visit, int day,
               LS status, std::optional<double> mm = std::nullopt) {
    s.measurements.push_back({id, lesion, visit, day, status, mm});
  };
  m("S1", "T1", "BASELINE", -5, LS::kMeasured, 50),
      m("S1", "T2", "BASELINE", -5, LS::kMeasured, 20);
  m("S1", "NT1", "BASELINE", -5, LS::kPresent);
  m("S1", "T1", "WEEK 6", 42, LS::kMeasured, 30), m("S1", "T2", "WEEK 6", 42, LS::kMeasured, 8);
  m("S1", "NT1", "WEEK 6", 42, LS::kPresent);
  m("S1", "T1", "WEEK 12", 84, LS::kMeasured, 28), m("S1", "T2", "WEEK 12", 84, LS::kMeasured, 7);
  m("S1", "NT1", "WEEK 12", 84, LS::kPresent);
  m("S1", "T1", "WEEK 18", 126, LS::kMeasured, 40), m("S1", "T2", "WEEK 18", 126, LS::kMeasured, 9);
  m("S1", "NT1", "WEEK 18", 126, LS::kPresent);
  m("S2", "T1", "SCREENING", -3, LS::kMeasured, 30);
  m("S2", "T1", "WEEK 6", 42, LS::kNotEvaluated);
  m("S2", "T1", "WEEK 12", 84, LS::kMeasured, 31);
  for (int day = 0; day <= 105; day += 21)
    s.exposures.push_back({"S1", "drug", 1.0, "mg", day, day});
  s.exposures.push_back({"S2", "drug", 1.0, "mg", 0, 0});
  s.exposures.push_back({"S3", "drug", 1.0, "mg", 0, 0});
  s.adverse_events.push_back({"S1", "Fatigue", 3, 10, std::nullopt, false, true});
  return s;
}

// The rows of a table where column `col` equals `value`.
std::vector<std::size_t> Rows(const core::Table& t, const std::string& col,
                              const std::string& value) {
  std::vector<std::size_t> out;
  const std::size_t c = t.Require(col);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.cell(r, c) == value) out.push_back(r);
  }
  return out;
}

std::string Cell(const core::Table& t, std::size_t row, const std::string& col) {
  return t.cell(row, t.Require(col));
}

// The one row of a subject x parameter (x day).
std::size_t Row(const core::Table& t, const std::string& subject, const std::string& param,
                const std::string& day = "") {
  for (std::size_t r : Rows(t, "USUBJID", subject)) {
    if (Cell(t, r, "PARAMCD") == param && (day.empty() || Cell(t, r, "DAY") == day)) return r;
  }
  ADD_FAILURE() << "no row " << subject << " " << param << " " << day;
  return 0;
}

TEST(StudyResponse, PatientsFromTheStudy) {
  std::vector<std::string> arms;
  std::vector<ExcludedSubject> excluded;
  const std::vector<Patient> p = PatientsFromStudy(Hand(), 42, &arms, &excluded);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(arms, (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(excluded.size(), 1u);
  EXPECT_EQ(excluded[0].subject_id, "S3");
  EXPECT_EQ(p[0].visits.size(), 4u);
  EXPECT_TRUE(p[0].visits[0].baseline);
  EXPECT_EQ(p[0].exposure_end_day, 105);
  EXPECT_EQ(p[0].death_day, 200);
  EXPECT_TRUE(p[0].visits[0].lesions[1].node);
  EXPECT_TRUE(p[1].visits[0].baseline);  // no "BASELINE" label: the last scan on or before day 0
  EXPECT_EQ(p[1].visits[1].lesions[0].status, LesionStatus::kNotEvaluated);
}

TEST(StudyResponse, EndpointsAndSummaries) {
  const StudyResponse r = DeriveStudyResponse(Hand());
  ASSERT_EQ(r.results.size(), 2u);
  const PatientResult& s1 = r.results[0];
  EXPECT_EQ(s1.recist.bor_confirmed, OverallResponse::kPR);
  EXPECT_TRUE(s1.recist.pfs.event);
  EXPECT_EQ(s1.recist.pfs.day, 126);
  ASSERT_TRUE(s1.recist.dor.has_value());
  EXPECT_EQ(s1.recist.dor->days, 84);
  EXPECT_EQ(s1.sitc_2020.sitc_class, SitcClass::kIndeterminate);
  EXPECT_EQ(s1.sitc_2023_ici_chemo.sitc_class, Sitc2023Class::kPrimaryResistance);
  const PatientResult& s2 = r.results[1];
  EXPECT_EQ(s2.recist.bor_confirmed, OverallResponse::kSD);
  EXPECT_FALSE(s2.recist.pfs.event);
  EXPECT_EQ(s2.recist.pfs.day, 84);
  ASSERT_EQ(r.outcomes.size(), 3u);  // S3 stays in the denominators
  EXPECT_EQ(r.arms.orr.by_arm[0].x, 1);
  EXPECT_EQ(r.arms.orr.by_arm[1].n, 2);
  EXPECT_EQ(r.arms.dcr.by_arm[1].x, 1);
  EXPECT_EQ(r.safety.population_total, 3);
  const nlohmann::json j = r.ToJson();
  EXPECT_EQ(j["results"][0]["arm"], "A");
  EXPECT_EQ(j["excluded"][0]["id"], "S3");
}

TEST(StudyResponse, AdrsRows) {
  const study::Study s = Hand();
  const StudyResponse r = DeriveStudyResponse(s);
  const core::Table adrs = AdrsTable(s, r);
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "OVR", "42"), "AVALC"), "PR");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "OVR", "42"), "ADT"), "2024-02-12");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "OVR", "42"), "ADY"), "43");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "OVR", "42"), "AVISIT"), "WEEK 6");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "OVR", "126"), "AVALC"), "PD");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "SUMDIAM", "84"), "AVAL"), "35");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "NTRGRESP", "84"), "AVALC"), "NON-CR/NON-PD");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "CBOR"), "AVALC"), "PR");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "CBOR"), "DAY"), "42");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S2", "OVR", "42"), "AVALC"), "NE");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S2", "BOR"), "AVALC"), "SD");
  EXPECT_EQ(Cell(adrs, Row(adrs, "S1", "IOVR", "126"), "AVALC"), "iUPD");
  EXPECT_EQ(Rows(adrs, "PARAMCD", "OVR").size(), 5u);  // 3 + 2 visits
  EXPECT_TRUE(Rows(adrs, "USUBJID", "S3").empty());
}

TEST(StudyResponse, AdtteRows) {
  const study::Study s = Hand();
  const core::Table adtte = AdtteTable(s, DeriveStudyResponse(s));
  const std::size_t pfs1 = Row(adtte, "S1", "PFS");
  EXPECT_EQ(Cell(adtte, pfs1, "AVAL"), "126");
  EXPECT_EQ(Cell(adtte, pfs1, "CNSR"), "0");
  EXPECT_EQ(Cell(adtte, pfs1, "EVNTDESC"), "Disease progression (RECIST 1.1)");
  const std::size_t dor = Row(adtte, "S1", "DOR");
  EXPECT_EQ(Cell(adtte, dor, "AVAL"), "84");
  EXPECT_EQ(Cell(adtte, dor, "STARTDT"), "2024-02-12");
  EXPECT_EQ(Cell(adtte, Row(adtte, "S1", "TTR"), "AVAL"), "42");
  EXPECT_EQ(Cell(adtte, Row(adtte, "S1", "OS"), "AVAL"), "200");
  const std::size_t pfs2 = Row(adtte, "S2", "PFS");
  EXPECT_EQ(Cell(adtte, pfs2, "CNSR"), "1");
  EXPECT_EQ(Cell(adtte, pfs2, "AVAL"), "84");
  EXPECT_EQ(Cell(adtte, pfs2, "CNSDTDSC"), "Last adequate tumour assessment");
  EXPECT_EQ(Cell(adtte, Row(adtte, "S3", "PFS"), "AVAL"), "0");
  EXPECT_EQ(Cell(adtte, Row(adtte, "S3", "OS"), "AVAL"), "90");
  EXPECT_EQ(Cell(adtte, Row(adtte, "S3", "OS"), "CNSR"), "1");
}

TEST(StudyResponse, SitcTableAndAllTables) {
  const study::Study s = Hand();
  const StudyResponse r = DeriveStudyResponse(s);
  const core::Table sitc = SitcTable(s, r);
  ASSERT_EQ(sitc.rows(), 3u);
  EXPECT_EQ(Cell(sitc, 0, "SITC2020"), "indeterminate");
  EXPECT_EQ(Cell(sitc, 0, "SITC2020_REASON"), "progression_not_confirmed");
  EXPECT_EQ(Cell(sitc, 0, "SITC2023"), "primary_resistance");
  EXPECT_EQ(Cell(sitc, 2, "EXCLREAS"), "no tumour assessment");
  const auto tables = StudyResponseTables(s, r);
  ASSERT_EQ(tables.size(), 9u);
  EXPECT_EQ(tables[0].first, "adrs");
  EXPECT_EQ(tables.back().first, "exposure");
}

TEST(StudyResponse, BadStudiesNameThePatientVisitAndLesion) {
  study::Study s = Hand();
  s.measurements.push_back(
      {"S1", "T9", "WEEK 6", 42, LS::kMeasured, 12.0});  // not in the lesion table
  s.lesions.push_back({"S2", "T2", LesionRole::kTarget, false, "LUNG"});
  s.measurements.push_back({"S2", "T2", "WEEK 6", 42, LS::kMeasured, 12.0});  // missing at baseline
  try {
    DeriveStudyResponse(s);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    std::string all;
    for (const Diagnostic& d : e.diagnostics()) all += d.ToString() + "\n";
    EXPECT_NE(all.find("patient S1, visit day 42: lesion T9"), std::string::npos) << all;
    EXPECT_NE(all.find("S2"), std::string::npos) << all;
    EXPECT_NE(all.find("T2"), std::string::npos) << all;
    EXPECT_EQ(e.total_problems(), 2) << all;
  }
}

TEST(StudyResponse, TwoBaselineVisitsAreAnError) {
  study::Study s = Hand();
  for (auto& m : s.measurements) {
    if (m.subject_id == "S1" && m.day == 42) m.visit = "BASELINE";
  }
  EXPECT_THROW(DeriveStudyResponse(s), InputError);
}

}  // namespace
}  // namespace pioneer::clinical
