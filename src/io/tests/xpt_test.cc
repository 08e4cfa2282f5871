// SAS transport: round trips through ReadStat's writer and reader (V5 and V8),
// and the errors of unreadable files.
#include "pioneer/io/xpt.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/io/read_table.h"

namespace pioneer::io {
namespace {

namespace fs = std::filesystem;

class XptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(PIONEER_BINARY_DIR) / "xpt_test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  fs::path dir_;
};

core::Table Sample() {
  return ParseDelimited(
      "STUDYID,USUBJID,SITEID,AGE,TRSTRESN,TRSTRESC\n"
      "S1,P-001,01,63,32.5,32.5\n"
      "S1,P-002,02,,0.30000000000000004,TOO SMALL\n"
      "S1,P-003,10,-7,1e-07,\n",
      "tr.csv");
}

void ExpectSameCells(const core::Table& expected, const core::Table& actual) {
  ASSERT_EQ(expected.names(), actual.names());
  ASSERT_EQ(expected.rows(), actual.rows());
  for (std::size_t c = 0; c < expected.cols(); ++c) {
    EXPECT_EQ(expected.column(c), actual.column(c)) << expected.names()[c];
  }
}

TEST_F(XptTest, Version5RoundTripKeepsEveryCell) {
  const core::Table table = Sample();
  WriteXpt(dir_ / "tr.xpt", table, "TR", {.version = 5});
  const core::Table back = ReadXpt(dir_ / "tr.xpt");
  ExpectSameCells(table, back);
  EXPECT_EQ(back.source(), (dir_ / "tr.xpt").string());
  EXPECT_EQ(back.line(0), 1);  // observation number
  EXPECT_EQ(back.line(2), 3);
}

TEST_F(XptTest, Version8KeepsLongNamesAndValues) {
  core::Table table("subjects.csv", {"subject_id", "pdl1_tps_pct", "histology"});
  table.AddRow({"PID-0123456789abcdef", "55.5", std::string(300, 'x')}, 2);
  table.AddRow({"PID-0123456789abcdee", "", "squamous"}, 3);
  WriteXpt(dir_ / "subjects.xpt", table, "subjects");  // chooses version 8
  ExpectSameCells(table, ReadXpt(dir_ / "subjects.xpt"));
  EXPECT_THROW(WriteXpt(dir_ / "v5.xpt", table, "subjects", {.version = 5}), UsageError);
}

TEST_F(XptTest, TextThatOnlyLooksNumericStaysText) {
  core::Table table("x.csv", {"A", "B", "C"});
  table.AddRow({"01", "3.0", "NA"}, 2);
  table.AddRow({"2", "4", "."}, 3);
  WriteXpt(dir_ / "x.xpt", table, "X");
  ExpectSameCells(table, ReadXpt(dir_ / "x.xpt"));
}

TEST_F(XptTest, NumbersAreWrittenInTheirShortestRoundTripForm) {
  core::Table table("n.csv", {"V"});
  for (const char* v : {"0.1", "123456789012345", "-2.5e-70", "1e+70", "0", "0.30000000000000004",
                        "2.220446049250313e-16"}) {
    table.AddRow({v}, 2);
  }
  WriteXpt(dir_ / "n.xpt", table, "N");
  ExpectSameCells(table, ReadXpt(dir_ / "n.xpt"));
  // Beyond the IBM double range the column is kept as text, not clipped.
  table.AddRow({"1e+300"}, 2);
  WriteXpt(dir_ / "big.xpt", table, "N");
  ExpectSameCells(table, ReadXpt(dir_ / "big.xpt"));
}

// A V5 file built byte by byte from SAS TS-140 by an independent writer
// (tests/reference/make_xpt_fixture.py), not by ReadStat.
TEST(Xpt, ReadsAFileWrittenByAnIndependentTs140Writer) {
  const core::Table t = ReadXpt("tests/fixtures/io/dm_ts140.xpt");
  EXPECT_EQ(t.names(),
            (std::vector<std::string>{"STUDYID", "USUBJID", "AGE", "SEX", "RFSTDTC", "WEIGHT"}));
  ASSERT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.column(1), (std::vector<std::string>{"PIO-01-0001", "PIO-01-0002", "PIO-02-0003"}));
  EXPECT_EQ(t.column(2), (std::vector<std::string>{"63", "0.1", "-41"}));
  EXPECT_EQ(t.column(3), (std::vector<std::string>{"M", "F", ""}));
  EXPECT_EQ(t.column(4), (std::vector<std::string>{"2023-01-10", "2023-01-20", ""}));
  EXPECT_EQ(t.column(5), (std::vector<std::string>{"72.5", "", "1e-07"}));
  EXPECT_EQ(t.line(2), 3);
}

TEST_F(XptTest, TruncatedFileIsAnInputErrorNamingTheFile) {
  WriteXpt(dir_ / "full.xpt", Sample(), "TR");
  const std::string bytes = core::ReadFile(dir_ / "full.xpt");
  const fs::path cut = dir_ / "cut.xpt";
  core::WriteFileAtomically(cut, std::string_view(bytes).substr(0, 500));
  try {
    ReadXpt(cut);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    EXPECT_EQ(e.diagnostics().at(0).file, cut.string());
    // 500 bytes: not a whole number of 80-byte records (strict_reader_test.cc).
    EXPECT_EQ(std::string(e.what()).rfind(cut.string() + ": damaged or truncated SAS transport "
                                                         "(XPT) file: ",
                                          0),
              0u)
        << e.what();
  }
}

TEST_F(XptTest, EmptyFileAndNonXptFileAndMissingFile) {
  core::WriteFileAtomically(dir_ / "empty.xpt", "");
  try {
    ReadXpt(dir_ / "empty.xpt");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), (dir_ / "empty.xpt").string() +
                                         ": file is empty: expected a SAS transport (XPT) file");
    EXPECT_EQ(ExitCodeFor(e), 2);
  }
  core::WriteFileAtomically(dir_ / "dm.xpt", "USUBJID,AGE\nP1,60\n");
  EXPECT_THROW(ReadXpt(dir_ / "dm.xpt"), InputError);
  try {
    ReadXpt(dir_ / "absent.xpt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_EQ(ExitCodeFor(e), 2);
  }
}

TEST_F(XptTest, ReadTableFileChoosesTheReaderByExtension) {
  WriteXpt(dir_ / "TR.XPT", Sample(), "TR");
  ExpectSameCells(Sample(), ReadTableFile(dir_ / "TR.XPT"));
  WriteDelimited(dir_ / "tr.tsv", Sample(), '\t');
  ExpectSameCells(Sample(), ReadTableFile(dir_ / "tr.tsv"));
  WriteDelimited(dir_ / "tr.csv", Sample(), ',');
  EXPECT_EQ(ReadTableFile(dir_ / "tr.csv").line(0), 2);  // text line, below the header
}

}  // namespace
}  // namespace pioneer::io
