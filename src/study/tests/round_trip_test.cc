// Both layouts carry every record of a study: BuildStudy(ToSdtm(s)) == s and
// BuildStudy(ToPioneerLayout(s)) == s, directly and through CSV/TSV text.
#include <gtest/gtest.h>

#include <filesystem>

#include "pioneer/io/delimited.h"
#include "pioneer/io/read_table.h"
#include "pioneer/io/xpt.h"
#include "pioneer/study/layout.h"
#include "study_fixture.h"

namespace pioneer::study {
namespace {

Pseudonymiser TestPseudonymiser() {
  Pseudonymiser::Key key{};
  key.fill(3);
  return Pseudonymiser(key);
}

std::vector<core::Table> Tables(const std::vector<NamedTable>& named) {
  std::vector<core::Table> out;
  for (const NamedTable& t : named) out.push_back(t.table);
  return out;
}

// Render each table as a file would be written, then parse it back.
std::vector<core::Table> ThroughText(const std::vector<NamedTable>& named, char delimiter) {
  std::vector<core::Table> out;
  for (const NamedTable& t : named) {
    const std::string name = t.name + (delimiter == '\t' ? ".tsv" : ".csv");
    out.push_back(io::ParseDelimited(io::FormatDelimited(t.table, delimiter), name));
  }
  return out;
}

void ExpectSameStudy(const Study& expected, const Study& actual) {
  EXPECT_EQ(expected.name, actual.name);
  EXPECT_EQ(expected.arms, actual.arms);
  EXPECT_EQ(expected.subjects, actual.subjects);
  EXPECT_EQ(expected.exposures, actual.exposures);
  EXPECT_EQ(expected.lesions, actual.lesions);
  EXPECT_EQ(expected.measurements, actual.measurements);
  EXPECT_EQ(expected.responses, actual.responses);
  EXPECT_EQ(expected.adverse_events, actual.adverse_events);
  EXPECT_EQ(expected.samples, actual.samples);
  EXPECT_EQ(expected.assay_results, actual.assay_results);
  EXPECT_EQ(expected.dispositions, actual.dispositions);
  EXPECT_EQ(expected.animals, actual.animals);
  EXPECT_TRUE(expected == actual);
}

TEST(RoundTrip, SdtmGivesTheStudyBack) {
  const Study s = testing::HandMadeStudy();
  ExpectSameStudy(s, BuildStudy(Tables(ToSdtm(s)), TestPseudonymiser()));
}

TEST(RoundTrip, PioneerLayoutGivesTheStudyBack) {
  const Study s = testing::HandMadeStudy();
  ExpectSameStudy(s, BuildStudy(Tables(ToPioneerLayout(s)), TestPseudonymiser()));
}

TEST(RoundTrip, ThroughCsvAndTsvText) {
  const Study s = testing::HandMadeStudy();
  ExpectSameStudy(s, BuildStudy(ThroughText(ToSdtm(s), ','), TestPseudonymiser()));
  ExpectSameStudy(s, BuildStudy(ThroughText(ToPioneerLayout(s), '\t'), TestPseudonymiser()));
}

TEST(RoundTrip, ThroughSasTransportFiles) {
  const Study s = testing::HandMadeStudy();
  const auto dir = std::filesystem::path(PIONEER_BINARY_DIR) / "study_xpt_round_trip";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::vector<core::Table> tables;
  for (const NamedTable& t : ToSdtm(s)) {
    const auto path = dir / (t.name + ".xpt");
    io::WriteXpt(path, t.table, t.name);
    tables.push_back(io::ReadTableFile(path));
  }
  ExpectSameStudy(s, BuildStudy(tables, TestPseudonymiser()));
}

TEST(RoundTrip, EmptyStudyGivesNoTablesAndBuildsEmpty) {
  EXPECT_TRUE(ToSdtm(Study{}).empty());
  EXPECT_TRUE(ToPioneerLayout(Study{}).empty());
  EXPECT_TRUE(BuildStudy({}, TestPseudonymiser()) == Study{});
}

TEST(RoundTrip, SdtmWritesDaysAsDyAndDatesFromRfstdtc) {
  const auto tables = ToSdtm(testing::HandMadeStudy());
  const core::Table* tr = nullptr;
  for (const auto& t : tables) {
    if (t.name == "tr") tr = &t.table;
  }
  ASSERT_NE(tr, nullptr);
  // Row 0: subject A (RFSTDTC 2023-02-28), baseline day -7 -> DY -7, 2023-02-21.
  EXPECT_EQ(tr->cell(0, *tr->Find("TRDY")), "-7");
  EXPECT_EQ(tr->cell(0, *tr->Find("TRDTC")), "2023-02-21");
  // Row 3: day 41 -> DY 42 (no day 0 in SDTM), 2023-04-10.
  EXPECT_EQ(tr->cell(3, *tr->Find("TRDY")), "42");
  EXPECT_EQ(tr->cell(3, *tr->Find("TRDTC")), "2023-04-10");
  // Subject B has no RFSTDTC: DY only.
  EXPECT_EQ(tr->cell(9, *tr->Find("TRDY")), "1");
  EXPECT_EQ(tr->cell(9, *tr->Find("TRDTC")), "");
  EXPECT_EQ(tr->cell(4, *tr->Find("TRTESTCD")), "SAXIS");
  EXPECT_EQ(tr->cell(4, *tr->Find("TRSTRESC")), "TOO SMALL");
  EXPECT_EQ(tr->cell(5, *tr->Find("TRTESTCD")), "TUMSTATE");
}

}  // namespace
}  // namespace pioneer::study
