// Raw subject ids embedded in other identifiers and text (issue 14): found
// where they would re-identify a pseudonymised subject, refused by import
// with the cell named, or replaced by the subject's pseudonym on request.
#include "../embedded_ids.h"

#include <gtest/gtest.h>

#include "pioneer/io/delimited.h"

namespace pioneer::study {
namespace {

Pseudonymiser TestPseudonymiser() {
  Pseudonymiser::Key key{};
  key.fill(9);
  return Pseudonymiser(key);
}

const char kDm[] =
    "STUDYID,DOMAIN,USUBJID,SUBJID,ARMCD,ARM,RFSTDTC\n"
    "S1,DM,PIO-05-0001,0001,A,Arm A,2023-01-10\n"
    "S1,DM,PIO-05-0002,0002,A,Arm A,2023-01-20\n"
    "S1,DM,P3,P3,A,Arm A,2023-01-20\n";

internal::EmbeddedIdGuard Guard(EmbeddedSubjectIds policy = EmbeddedSubjectIds::kRefuse) {
  return internal::EmbeddedIdGuard({io::ParseDelimited(kDm, "dm.csv")}, TestPseudonymiser(),
                                   policy);
}

TEST(EmbeddedIds, FindsLongIdsAnywhereAndShortOnesAsWholeTokens) {
  const auto guard = Guard();
  EXPECT_EQ(guard.Find("PIO-05-0001-BX0"), "PIO-05-0001");
  EXPECT_EQ(guard.Find("xPIO-05-0002y"), "PIO-05-0002");
  EXPECT_EQ(guard.Find("0001-BL"), "0001");  // SUBJID, a whole token
  EXPECT_FALSE(guard.Find("BX000001"));      // "0001" inside a longer token
  EXPECT_FALSE(guard.Find("WEEK 12"));
  EXPECT_FALSE(guard.Find("P3-T01"));  // ids under 4 characters are not scanned
  EXPECT_FALSE(guard.Find(""));
}

TEST(EmbeddedIds, PrefersTheLongestIdAtAPlace) {
  const auto guard = internal::EmbeddedIdGuard(
      {io::ParseDelimited("USUBJID\nPIO-05-0001\nPIO-05-00011\n", "dm.csv")}, TestPseudonymiser(),
      EmbeddedSubjectIds::kReplaceByPseudonym);
  const Pseudonymiser p = TestPseudonymiser();
  EXPECT_EQ(guard.Find("PIO-05-00011-BX"), "PIO-05-00011");
  EXPECT_EQ(guard.Replace("PIO-05-00011-BX PIO-05-0001"),
            p.Pseudonym("PIO-05-00011") + "-BX " + p.Pseudonym("PIO-05-0001"));
}

TEST(EmbeddedIds, ReplacesEveryEmbeddedIdByThePseudonymOfItsSubject) {
  const auto guard = Guard(EmbeddedSubjectIds::kReplaceByPseudonym);
  const Pseudonymiser p = TestPseudonymiser();
  EXPECT_EQ(guard.Replace("PIO-05-0001-T01"), p.Pseudonym("PIO-05-0001") + "-T01");
  EXPECT_EQ(guard.Replace("0002/BL and PIO-05-0001"),
            p.Pseudonym("PIO-05-0002") + "/BL and " + p.Pseudonym("PIO-05-0001"));
  EXPECT_EQ(guard.Replace("T01"), "T01");
}

std::vector<core::Table> Tables(const std::string& samples) {
  return {io::ParseDelimited(kDm, "dm.csv"), io::ParseDelimited(samples, "samples.csv")};
}

TEST(EmbeddedIds, ImportRefusesAnIdEmbeddingARawSubjectIdAtItsCell) {
  try {
    BuildStudy(Tables("sample_id,subject_id,kind,day\nPIO-05-0001-BX0,PIO-05-0001,biopsy,-3\n"),
               TestPseudonymiser());
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].ToString().rfind(
                  "samples.csv:2:1: sample_id: embeds a raw subject id", 0),
              0u)
        << e.diagnostics()[0].ToString();
  }
}

TEST(EmbeddedIds, ImportPseudonymisesSampleIdsAndMapsEmbeddedIdsOnRequest) {
  const Pseudonymiser p = TestPseudonymiser();
  const Study plain =
      BuildStudy(Tables("sample_id,subject_id,kind,day\nBX000001,PIO-05-0001,biopsy,-3\n"), p);
  ASSERT_EQ(plain.samples.size(), 1u);
  EXPECT_EQ(plain.samples[0].sample_id, p.SamplePseudonym("BX000001"));

  const Study mapped =
      BuildStudy(Tables("sample_id,subject_id,kind,timepoint,day\n"
                        "PIO-05-0001-BX0,PIO-05-0001,biopsy,PIO-05-0001 screening,-3\n"),
                 p, {}, {.embedded_subject_ids = EmbeddedSubjectIds::kReplaceByPseudonym});
  ASSERT_EQ(mapped.samples.size(), 1u);
  EXPECT_EQ(mapped.samples[0].sample_id, p.SamplePseudonym(p.Pseudonym("PIO-05-0001") + "-BX0"));
  EXPECT_EQ(mapped.samples[0].timepoint, p.Pseudonym("PIO-05-0001") + " screening");
}

}  // namespace
}  // namespace pioneer::study
