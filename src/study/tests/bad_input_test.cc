// Every validation rule of BuildStudy, each with the exact message a user
// sees: file:line:column: COLUMN: message: "raw cell". Line 1 is the header.
#include <gtest/gtest.h>

#include "pioneer/io/delimited.h"
#include "pioneer/study/layout.h"

namespace pioneer::study {
namespace {

struct File {
  std::string name;
  std::string text;
};

Pseudonymiser TestPseudonymiser() {
  Pseudonymiser::Key key{};
  key.fill(9);
  return Pseudonymiser(key);
}

Study Build(const std::vector<File>& files, const Study& existing = {}) {
  std::vector<core::Table> tables;
  for (const File& f : files) tables.push_back(io::ParseDelimited(f.text, f.name));
  return BuildStudy(tables, TestPseudonymiser(), existing);
}

// The messages of the InputError BuildStudy throws (fails if it does not).
std::vector<std::string> Problems(const std::vector<File>& files, const Study& existing = {}) {
  try {
    Build(files, existing);
  } catch (const InputError& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    EXPECT_EQ(e.total_problems(), static_cast<std::int64_t>(e.diagnostics().size()));
    std::vector<std::string> out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.ToString());
    return out;
  }
  ADD_FAILURE() << "no InputError";
  return {};
}

using Messages = std::vector<std::string>;

const File kDm{"dm.csv",
               "STUDYID,DOMAIN,USUBJID,ARMCD,ARM,AGE,SEX,RFSTDTC\n"
               "S1,DM,P1,A,Arm A,60,M,2023-01-10\n"
               "S1,DM,P2,B,Arm B,70,F,2023-01-20\n"};
const File kTu{"tu.csv",
               "USUBJID,TULNKID,TUSTRESC,TULOC\n"
               "P1,T01,TARGET,LUNG\n"
               "P1,NT01,NON-TARGET,LIVER\n"};

TEST(BadInput, WrongTypesAndBadDates) {
  EXPECT_EQ(Problems({{"dm.csv",
                       "USUBJID,AGE,SEX,RFSTDTC\n"
                       "P1,sixty,M,2023-01-10\n"
                       "P2,70,X,2023-02-30\n"}}),
            (Messages{"dm.csv:2:2: AGE: expected a number: \"sixty\"",
                      "dm.csv:3:3: SEX: expected one of U, M, F: \"X\"",
                      "dm.csv:3:4: RFSTDTC: expected an ISO 8601 date (YYYY-MM-DD): "
                      "\"2023-02-30\""}));
}

TEST(BadInput, DuplicateSubject) {
  EXPECT_EQ(Problems({{"dm.csv", "USUBJID,SEX\nP1,M\nP1,F\n"}}),
            (Messages{"dm.csv:3:1: USUBJID: duplicate subject: \"P1\""}));
}

TEST(BadInput, UnknownArm) {
  // A DM row may name an arm by ARMCD alone only when the arm is known.
  EXPECT_EQ(Problems({{"dm.csv", "USUBJID,ARMCD,ARM\nP1,A,Arm A\nP2,A,\nP3,D,\n"}}),
            (Messages{"dm.csv:4:2: ARMCD: unknown arm: give its description in ARM or in the "
                      "arms table: \"D\""}));
  EXPECT_EQ(Problems({kDm, {"subjects.csv", "subject_id,arm\nP3,C\nP4,A\n"}}),
            (Messages{"subjects.csv:2:2: arm: unknown arm (not in DM ARMCD/ARM, the arms table "
                      "or the study): \"C\""}));
}

TEST(BadInput, RecordsOfAnUnknownSubject) {
  EXPECT_EQ(
      Problems(
          {kDm,
           {"tu.csv", "USUBJID,TULNKID,TUSTRESC\nP9,T01,TARGET\n"},
           {"tr.csv", "USUBJID,TRLNKID,TRTESTCD,TRSTRESN,TRSTRESU,TRDY\nP9,T01,LDIAM,10,mm,-2\n"},
           {"ae.csv", "USUBJID,AEDECOD,AESTDY\nP9,Rash,5\n"},
           {"exposures.csv", "subject_id,drug,start_day\nP9,durvalumab,0\n"}}),
      (Messages{"exposures.csv:2:1: subject_id: unknown subject (not in DM, the subjects table "
                "or the study): \"P9\"",
                "tu.csv:2:1: USUBJID: unknown subject (not in DM, the subjects table or the "
                "study): \"P9\"",
                "tr.csv:2:1: USUBJID: unknown subject (not in DM, the subjects table or the "
                "study): \"P9\"",
                "ae.csv:2:1: USUBJID: unknown subject (not in DM, the subjects table or the "
                "study): \"P9\""}));
}

TEST(BadInput, LesionMeasuredWithoutBaseline) {
  EXPECT_EQ(Problems({kDm,
                      kTu,
                      {"tr.csv",
                       "USUBJID,TRLNKID,TRTESTCD,TRSTRESC,TRSTRESN,TRSTRESU,TRDY\n"
                       "P1,T01,LDIAM,30,30,mm,43\n"
                       "P1,T01,LDIAM,25,25,mm,85\n"
                       "P1,NT01,TUMSTATE,PRESENT,,,-3\n"}}),
            (Messages{"tr.csv:2:2: TRLNKID: lesion T01 has no baseline measurement: its first "
                      "measurement is on study day 42, a target or non-target lesion must be "
                      "measured at baseline (day <= 0): \"T01\""}));
}

TEST(BadInput, LesionUnitsAndNegativeDiameters) {
  EXPECT_EQ(Problems({kDm,
                      kTu,
                      {"tr.csv",
                       "USUBJID,TRLNKID,TRTESTCD,TRSTRESN,TRSTRESU,TRDY\n"
                       "P1,T01,LDIAM,3,cm,-1\n"
                       "P1,T01,LDIAM,30,,1\n"
                       "P1,T01,LDIAM,-4,mm,2\n"
                       "P1,T02,LDIAM,4,mm,2\n"}}),
            (Messages{"tr.csv:2:5: TRSTRESU: lesion diameters must be in mm: \"cm\"",
                      "tr.csv:3:5: TRSTRESU: a lesion diameter needs its unit (mm)",
                      "tr.csv:4:4: TRSTRESN: a diameter cannot be negative: \"-4\"",
                      "tr.csv:5:2: TRLNKID: unknown lesion (not in TU, the lesions table or the "
                      "study): \"T02\""}));
}

TEST(BadInput, NegativeVolumeCtcaeGradeAndAnimals) {
  EXPECT_EQ(Problems({kDm,
                      {"ae.csv", "USUBJID,AEDECOD,AETOXGR,AESTDY\nP1,Rash,6,\nP1,Colitis,0,3\n"},
                      {"animals.tsv",
                       "study\tarm\tanimal\tday\tvolume_mm3\n"
                       "M1\tA\tm1\t0\t50\n"
                       "M1\tB\tm1\t3\t60\n"
                       "M1\tA\tm1\t0\t55\n"
                       "M1\tA\tm2\t0\t-1\n"}}),
            (Messages{"ae.csv:2:3: AETOXGR: a CTCAE grade must be 1 to 5: \"6\"",
                      "ae.csv:2:4: AESTDY: a date (AESTDTC) or a study day (AESTDY) is required",
                      "ae.csv:3:3: AETOXGR: a CTCAE grade must be 1 to 5: \"0\"",
                      "animals.tsv:3:2: arm: animal m1 of study M1 is already in arm 'A': \"B\"",
                      "animals.tsv:4:4: day: animal m1 of study M1 is already measured on day 0: "
                      "\"0\"",
                      "animals.tsv:5:5: volume_mm3: a volume cannot be negative: \"-1\""}));
}

TEST(BadInput, DatesAndStudyDays) {
  EXPECT_EQ(Problems({kDm,
                      {"ds.csv",
                       "USUBJID,DSDECOD,DSSTDTC,DSSTDY\n"
                       "P1,DEATH,2023-01-20,11\n"  // agrees: 10 days after RFSTDTC
                       "P1,COMPLETED,2023-01-20,10\n"
                       "P2,COMPLETED,,0\n"
                       "P2,COMPLETED,2023-1-20,\n"}}),
            (Messages{"ds.csv:3:4: DSSTDY: disagrees with DSSTDTC, which gives DSSTDY = 11: "
                      "\"10\"",
                      "ds.csv:4:4: DSSTDY: SDTM study days have no day 0 (day 1 is the reference "
                      "start date): \"0\"",
                      "ds.csv:5:3: DSSTDTC: expected an ISO 8601 date (YYYY-MM-DD): "
                      "\"2023-1-20\""}));
}

TEST(BadInput, DateWithoutReferenceStartAndConflictingDeath) {
  EXPECT_EQ(Problems({{"dm.csv", "USUBJID,RFSTDTC\nP1,\nP2,2023-01-01\n"},
                      {"subjects.csv", "subject_id,death_day\nP2,30\n"},
                      {"ds.csv",
                       "USUBJID,DSDECOD,DSSTDTC,DSSTDY\n"
                       "P1,COMPLETED,2023-01-20,\n"
                       "P2,DEATH,,40\n"}}),
            (Messages{"ds.csv:2:3: DSSTDTC: a date needs the subject's RFSTDTC (DM) to give a "
                      "study day: \"2023-01-20\"",
                      "ds.csv:3:2: DSDECOD: DEATH on study day 39 differs from the death day 30 "
                      "given for this subject: \"DEATH\""}));
}

TEST(BadInput, DmAndSubjectsTableMustAgree) {
  EXPECT_EQ(Problems({kDm, {"subjects.csv", "subject_id,sex,age_years,ecog\nP1,female,60,7\n"}}),
            (Messages{"subjects.csv:2:2: sex: differs from the value already given for this "
                      "subject: \"female\"",
                      "subjects.csv:2:4: ecog: must lie between 0 and 5: \"7\""}));
}

TEST(BadInput, UnrecognisedTableAndMissingColumn) {
  EXPECT_EQ(Problems({{"vitals.csv", "USUBJID\nP1\n"}, {"ae.csv", "USUBJID\nP1\n"}}),
            (Messages{"vitals.csv: unrecognised table: name the file after an SDTM domain or a "
                      "pioneer table (study arms dm subjects ex exposures tu lesions tr "
                      "measurements rs responses ae adverse_events samples lb assay_results ds "
                      "dispositions animals)",
                      "ae.csv:1: required column 'AEDECOD' is missing"}));
}

TEST(BadInput, ResponsesMustUseTheirCriteriasTerms) {
  EXPECT_EQ(Problems({kDm,
                      {"rs.csv",
                       "USUBJID,RSTESTCD,RSCAT,RSSTRESC,RSDY\n"
                       "P1,OVRLRESP,RECIST 1.1,iPR,43\n"
                       "P1,OVRLRESP,RECIST 2,PR,43\n"
                       "P1,BESTRSP,RECIST 1.1,whatever,43\n"}}),
            (Messages{"rs.csv:2:4: RSSTRESC: expected a RECIST 1.1 response: one of CR, PR, SD, "
                      "NON-CR/NON-PD, PD, NE: \"iPR\"",
                      "rs.csv:3:3: RSCAT: expected one of RECIST 1.1, iRECIST: \"RECIST 2\""}));
}

TEST(BadInput, SubjectAlreadyStored) {
  const Study stored = Build({kDm});
  EXPECT_EQ(Problems({{"dm.csv", "USUBJID\nP2\n"}}, stored),
            (Messages{"dm.csv:2:1: USUBJID: subject already in the study: \"P2\""}));
  // Records of stored subjects resolve against the store.
  const Study more = Build({{"ae.csv", "USUBJID,AEDECOD,AESTDTC\nP2,Rash,2023-01-25\n"}}, stored);
  ASSERT_EQ(more.adverse_events.size(), 1u);
  EXPECT_EQ(more.adverse_events[0].onset_day, 5);
}

TEST(Privacy, TheRawSubjectIdentifierNeverReachesTheStudy) {
  const Study s = Build({kDm,
                         kTu,
                         {"tr.csv",
                          "USUBJID,TRLNKID,TRTESTCD,TRSTRESN,TRSTRESU,TRDTC\n"
                          "P1,T01,LDIAM,30,mm,2023-01-09\n"},
                         {"lb.csv",
                          "USUBJID,LBTESTCD,LBSTRESN,LBSTRESU,LBSPEC,LBDY\n"
                          "P2,ALB,3.9,g/dL,SERUM,1\n"},
                         {"ds.csv", "USUBJID,DSDECOD,DSSTDY\nP2,LOST TO FOLLOW-UP,100\n"}});
  ASSERT_EQ(s.subjects.size(), 2u);
  EXPECT_EQ(s.subjects[1].last_contact_day, 99);
  // Every text the study holds, as its export would write it.
  for (const NamedTable& t : ToPioneerLayout(s)) {
    for (std::size_t c = 0; c < t.table.cols(); ++c) {
      for (const std::string& cell : t.table.column(c)) {
        EXPECT_EQ(cell.find("P1"), std::string::npos) << t.name << ": " << cell;
        EXPECT_EQ(cell.find("P2"), std::string::npos) << t.name << ": " << cell;
      }
    }
  }
  EXPECT_EQ(s.subjects[0].id, TestPseudonymiser().Pseudonym("P1"));
  EXPECT_EQ(s.measurements[0].day, -1);
}

}  // namespace
}  // namespace pioneer::study

namespace pioneer::study {
namespace {

// Cross-file rules of docs/DATA_FORMATS.md (issue 14): one STUDYID per
// import in every SDTM domain, not only DM; DOMAIN names the table's domain
// on every row; columns differing only in case are one column read twice.
TEST(BadInput, StudyIdMustAgreeInEveryDomain) {
  EXPECT_EQ(Problems({kDm,
                      {"ae.csv",
                       "STUDYID,DOMAIN,USUBJID,AEDECOD,AESTDY\n"
                       "S1,AE,P1,Fatigue,3\n"
                       "S2,AE,P2,Rash,5\n"}}),
            (Messages{"ae.csv:3:1: STUDYID: differs from the study given before ('S1'): one "
                      "study per import: \"S2\""}));
  Study stored;
  stored.name = "S0";
  EXPECT_EQ(
      Problems({{"tu.csv", "STUDYID,USUBJID,TULNKID,TUSTRESC\nS1,P1,T01,TARGET\n"}}, stored),
      (Messages{
          "tu.csv:2:1: STUDYID: differs from the study's name 'S0': \"S1\"",
          "tu.csv:2:2: USUBJID: unknown subject (not in DM, the subjects table or the study): "
          "\"P1\""}));
}

TEST(BadInput, DomainMustBeTheSameOnEveryRow) {
  EXPECT_EQ(Problems({kDm,
                      {"ae.csv",
                       "DOMAIN,USUBJID,AEDECOD,AESTDY\n"
                       "AE,P1,Fatigue,3\n"
                       "CM,P2,Rash,5\n"}}),
            (Messages{"ae.csv:3:1: DOMAIN: expected AE on every row of this table: \"CM\""}));
}

TEST(BadInput, ColumnsThatDifferOnlyInCase) {
  EXPECT_EQ(Problems({{"dm.csv", "USUBJID,AGE,age\nP1,60,61\n"}}),
            (Messages{"dm.csv:1:3: column \"age\" repeats column 2 (\"AGE\"): names are matched "
                      "regardless of case"}));
}

}  // namespace
}  // namespace pioneer::study
