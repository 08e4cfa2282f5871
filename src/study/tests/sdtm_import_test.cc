// How SDTM variables become model records: study days from dates and --DY,
// lymph nodes, lesion states, skipped derived rows, LB samples, AE
// causality terms, and death / last contact derived from DS.
#include <gtest/gtest.h>

#include "pioneer/io/delimited.h"
#include "pioneer/study/layout.h"

namespace pioneer::study {
namespace {

Pseudonymiser TestPseudonymiser() {
  Pseudonymiser::Key key{};
  key.fill(4);
  return Pseudonymiser(key);
}

Study Build(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<core::Table> tables;
  for (const auto& [name, text] : files) tables.push_back(io::ParseDelimited(text, name));
  return BuildStudy(tables, TestPseudonymiser());
}

const std::pair<std::string, std::string> kDm{
    "DM.CSV",  // file names are matched case-insensitively
    "STUDYID,DOMAIN,USUBJID,SITEID,ARMCD,ARM,AGE,AGEU,SEX,RFSTDTC\n"
    "S1,DM,P1,01,A,Arm A,61,YEARS,F,2023-03-01\n"
    "S1,DM,P2,02,A,Arm A,,,,\n"};

TEST(SdtmImport, DemographicsAndArms) {
  const Study s = Build({kDm});
  EXPECT_EQ(s.name, "S1");
  ASSERT_EQ(s.arms.size(), 1u);
  EXPECT_EQ(s.arms[0], (Arm{"A", "Arm A"}));
  ASSERT_EQ(s.subjects.size(), 2u);
  EXPECT_EQ(s.subjects[0].site, "01");
  EXPECT_EQ(s.subjects[0].age_years, 61);
  EXPECT_EQ(s.subjects[0].sex, Sex::kFemale);
  EXPECT_EQ(s.subjects[0].reference_start, core::FromCivil(2023, 3, 1));
  EXPECT_EQ(s.subjects[1].sex, Sex::kUnknown);
  EXPECT_FALSE(s.subjects[1].age_years.has_value());
}

TEST(SdtmImport, TumourDomainsFromDatesAndStudyDays) {
  const Study s = Build({kDm,
                         {"tu.csv",
                          "USUBJID,TULNKID,TUTESTCD,TUSTRESC,TULOC\n"
                          "P1,T01,TUMIDENT,TARGET,LUNG\n"
                          "P1,T02,TUMIDENT,TARGET,Mediastinal lymph node\n"
                          "P1,NT01,TUMIDENT,NON-TARGET,LIVER\n"},
                         {"tr.csv",
                          "USUBJID,TRLNKID,TRTESTCD,TRSTRESC,TRSTRESN,TRSTRESU,VISIT,TRDTC,TRDY\n"
                          "P1,T01,LDIAM,41.5,41.5,mm,SCREENING,2023-02-27,-2\n"
                          "P1,T02,SAXIS,16,16,mm,SCREENING,2023-02-27,\n"
                          "P1,NT01,TUMSTATE,PRESENT,,,SCREENING,,-2\n"
                          ",,SUMDIAM,57.5,57.5,mm,SCREENING,,-2\n"  // derived: skipped
                          "P1,T01,LDIAM,TOO SMALL,5,mm,WEEK 6,2023-04-12,43\n"
                          "P1,NT01,TUMSTATE,ne,,,WEEK 6,2023-04-12,\n"}});
  ASSERT_EQ(s.lesions.size(), 3u);
  EXPECT_FALSE(s.lesions[0].lymph_node);
  EXPECT_TRUE(s.lesions[1].lymph_node);  // TULOC contains "LYMPH NODE"
  EXPECT_EQ(s.lesions[2].role, LesionRole::kNonTarget);
  ASSERT_EQ(s.measurements.size(), 5u);
  EXPECT_EQ(s.measurements[0].day, -2);  // 2023-02-27 is 2 days before RFSTDTC
  EXPECT_EQ(s.measurements[0].diameter_mm, 41.5);
  EXPECT_EQ(s.measurements[1].day, -2);
  EXPECT_EQ(s.measurements[2].status, LesionStatus::kPresent);
  EXPECT_EQ(s.measurements[3].status, LesionStatus::kTooSmall);
  EXPECT_EQ(s.measurements[3].diameter_mm, 5);
  EXPECT_EQ(s.measurements[3].day, 42);  // TRDY 43 -> day 42
  EXPECT_EQ(s.measurements[4].status, LesionStatus::kNotEvaluated);
}

TEST(SdtmImport, ResponsesSafetySamplesAndDisposition) {
  const Study s =
      Build({kDm,
             {"rs.csv",
              "USUBJID,RSTESTCD,RSCAT,RSSTRESC,RSDY\n"
              "P1,OVRLRESP,iRECIST,iUPD,43\nP1,BESTRSP,RECIST 1.1,PR,\n"},
             {"ae.csv",
              "USUBJID,AEDECOD,AETOXGR,AESTDY,AESER,AEREL\n"
              "P1,Colitis,3,10,Y,POSSIBLY RELATED\nP2,Nausea,1,-3,n,UNLIKELY RELATED\n"},
             {"lb.csv",
              "USUBJID,LBTESTCD,LBSTRESN,LBSTRESU,LBSPEC,VISIT,LBDY\n"
              "P1,ALB,3.8,g/dL,SERUM,BASELINE,1\nP1,NLR,4.25,,PLASMA,BASELINE,1\n"
              "P2,TMB,11,mut/Mb,TUMOR TISSUE,,-20\n"},
             {"ds.csv",
              "USUBJID,DSDECOD,DSSTDY\n"
              "P1,PROGRESSIVE DISEASE,90\nP1,DEATH,201\nP2,COMPLETED,150\nP2,LAST CONTACT,170\n"}});
  ASSERT_EQ(s.responses.size(), 1u);
  EXPECT_EQ(s.responses[0].criteria, "iRECIST");
  EXPECT_EQ(s.responses[0].day, 42);
  ASSERT_EQ(s.adverse_events.size(), 2u);
  EXPECT_TRUE(s.adverse_events[0].serious && s.adverse_events[0].related);
  EXPECT_FALSE(s.adverse_events[1].serious || s.adverse_events[1].related);
  EXPECT_EQ(s.adverse_events[1].onset_day, -3);
  // Two LB rows of one subject, kind and day are one sample.
  ASSERT_EQ(s.samples.size(), 2u);
  EXPECT_EQ(s.samples[0].sample_id,
            TestPseudonymiser().SamplePseudonym(s.subjects[0].id + "-BLOOD-D0"));
  EXPECT_EQ(s.samples[1].kind, SampleKind::kBiopsy);
  EXPECT_EQ(s.assay_results.size(), 3u);
  EXPECT_EQ(s.assay_results[1].value, 4.25);
  EXPECT_EQ(s.dispositions.size(), 4u);
  EXPECT_EQ(s.subjects[0].death_day, 200);
  EXPECT_FALSE(s.subjects[0].last_contact_day.has_value());
  EXPECT_EQ(s.subjects[1].last_contact_day, 169);
}

TEST(SdtmImport, SubjectsTableSupplementsDm) {
  const Study s = Build({kDm,
                         {"subjects.csv",
                          "subject_id,sex,histology,ecog,smoking,pdl1_tps_pct,last_contact_day\n"
                          "P1,female,squamous,1,current,55,300\nP2,male,,,,,\nP3,,,,,,\n"}});
  ASSERT_EQ(s.subjects.size(), 3u);
  EXPECT_EQ(s.subjects[0].histology, "squamous");
  EXPECT_EQ(s.subjects[0].ecog, 1);
  EXPECT_EQ(s.subjects[0].smoking, Smoking::kCurrent);
  EXPECT_EQ(s.subjects[0].pdl1_tps_pct, 55);
  EXPECT_EQ(s.subjects[0].last_contact_day, 300);
  EXPECT_EQ(s.subjects[1].sex, Sex::kMale);  // DM left it unknown
  EXPECT_EQ(s.subjects[2].arm, "");          // a subject of the subjects table only
}

}  // namespace
}  // namespace pioneer::study
