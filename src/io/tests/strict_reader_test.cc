// Strict readers (issue 14): the shared delimited reader refuses duplicate
// column names, invalid UTF-8 and NUL bytes at file:line:column; the XPT
// reader checks a file against its own headers, so a truncated or damaged
// file is an InputError instead of silently losing observations. The damaged
// files are made at test time from a good one written by WriteXpt.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/io/xpt.h"

namespace pioneer::io {
namespace {

namespace fs = std::filesystem;

template <typename F>
std::string Problems(F f) {
  try {
    f();
  } catch (const InputError& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(StrictDelimited, DuplicateColumnNamesAreAnError) {
  EXPECT_EQ(Problems([] { ParseDelimited("id,time,status,time\n1,12,1,310\n", "km.csv"); }),
            "km.csv:1:4: duplicate column name 'time' (also column 2): rename one of them: "
            "\"time\"");
  // Unnamed columns cannot be asked for, so they are not ambiguous.
  EXPECT_EQ(ParseDelimited(",a,\n1,2,3\n", "x.csv").cols(), 3u);
}

TEST(StrictDelimited, InvalidUtf8AndNulAreLocated) {
  EXPECT_EQ(Problems([] { ParseDelimited("ID,AEDECOD\nP1,Fatigue\nP2,Na\xffsea\n", "ae.csv"); }),
            "ae.csv:3:2: invalid UTF-8 (byte \\xff): save the file as UTF-8: \"P2,Na\\xffsea\"");
  const std::string nul("ID\tX\nP1\t1\0\n", 11);
  EXPECT_EQ(Problems([&] { ParseDelimited(nul, "x.tsv"); }),
            "x.tsv:2:2: NUL byte: the file is not text: \"P1\t1\\x00\"");
  EXPECT_EQ(ParseDelimited("ID,NAME\nP1,J\xc3\xb6rg\n", "ok.csv").cell(0, 1), "J\xc3\xb6rg");
}

class StrictXpt : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(PIONEER_BINARY_DIR) / "strict_xpt_test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    core::Table dm("dm.csv", {"USUBJID", "AGE", "SEX"});
    // 44-byte observations: 3 fill one 80-byte record and part of a second.
    dm.AddRow({"PIONEER01-SUBJECT-00000000000000001", "63", "F"}, 2);
    dm.AddRow({"PIONEER01-SUBJECT-00000000000000002", "70", "M"}, 3);
    dm.AddRow({"PIONEER01-SUBJECT-00000000000000003", "55", "F"}, 4);
    WriteXpt(dir_ / "good.xpt", dm, "DM", {.version = 5});
    good_ = core::ReadFile(dir_ / "good.xpt");
  }
  // Writes `bytes` as a new file and returns the error reading it gives.
  std::string ReadBroken(const std::string& bytes) {
    const fs::path path = dir_ / "broken.xpt";
    core::WriteFileAtomically(path, bytes);
    return Problems([&] { ReadXpt(path); });
  }
  std::string Prefix() const {
    return (dir_ / "broken.xpt").string() + ": damaged or truncated SAS transport (XPT) file: ";
  }
  // Byte offset of variable `v`'s NAMESTR record (TS-140: 8 header records).
  static std::size_t Namestr(std::size_t v) { return 8 * 80 + v * 140; }

  fs::path dir_;
  std::string good_;
};

TEST_F(StrictXpt, TheGoodFileReadsAllItsObservations) {
  EXPECT_EQ(ReadXpt(dir_ / "good.xpt").rows(), 3u);
}

TEST_F(StrictXpt, AFileCutShortIsRefused) {
  // 150 bytes short: no longer whole 80-byte records (ReadStat read 1 of 3).
  EXPECT_EQ(ReadBroken(good_.substr(0, good_.size() - 150)),
            Prefix() + fmt::format("its size ({} bytes) is not a whole number of 80-byte records",
                                   good_.size() - 150));
  // A whole record short: the third observation and part of the second go.
  const std::string cut = good_.substr(0, good_.size() - 80);
  EXPECT_NE(ReadBroken(cut).find("the file ends inside an observation"), std::string::npos)
      << ReadBroken(cut);
}

TEST_F(StrictXpt, ACorruptedVariableLengthIsRefused) {
  std::string bad = good_;
  bad[Namestr(0) + 4] = '\x7f';  // USUBJID text length 35 -> 32547
  EXPECT_EQ(ReadBroken(bad).rfind(Prefix() + "variable 1 ('USUBJID') has text length", 0), 0u)
      << ReadBroken(bad);
  bad = good_;
  bad[Namestr(1) + 5] = 4;  // AGE: a 4-byte number ReadStat would read as 8
  EXPECT_EQ(ReadBroken(bad), Prefix() +
                                 "variable 2 ('AGE') is numeric with length 4; only "
                                 "8-byte numbers are read");
  bad = good_;
  bad[Namestr(2) + 87] = 9;  // SEX said to start at byte 9 of the observation
  EXPECT_EQ(ReadBroken(bad), Prefix() +
                                 "variable 3 ('SEX') starts at byte 9 of the observation, "
                                 "expected 43");
}

TEST_F(StrictXpt, DamagedHeadersAreRefused) {
  std::string bad = good_;
  bad[7 * 80 + 57] = '4';  // NAMESTR header: 4 variables instead of 3
  EXPECT_NE(ReadBroken(bad).find(Prefix()), std::string::npos);
  bad = good_;
  bad.replace(3 * 80 + 20, 6, "MEMBEX");
  EXPECT_EQ(ReadBroken(bad), Prefix() + "record 4 should be the MEMBER header record");
  bad = good_;
  bad.replace(0, 80, std::string(80, ' '));
  EXPECT_EQ(ReadBroken(bad), Prefix() + "the first record is not a LIBRARY header record");
}

TEST_F(StrictXpt, TrailingDataBeyondThePaddingIsRefused) {
  // Observations are padded with blanks to a whole record; anything else
  // after the last observation is a damaged file, not data to drop.
  std::string bad = good_;
  bad.back() = 'X';
  EXPECT_NE(ReadBroken(bad).find(Prefix()), std::string::npos) << ReadBroken(bad);
  EXPECT_NE(ReadBroken(good_ + std::string(80, ' ')).find("blank bytes at the end"),
            std::string::npos);
}

}  // namespace
}  // namespace pioneer::io
