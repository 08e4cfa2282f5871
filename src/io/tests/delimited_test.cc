#include "pioneer/io/delimited.h"

#include <gtest/gtest.h>

namespace pioneer::io {
namespace {

std::string ErrorOf(std::string_view text, const std::string& source = "t.csv") {
  try {
    ParseDelimited(text, source);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Delimited, ParsesQuotesCrlfAndBom) {
  const auto t = ParseDelimited(
      "\xEF\xBB\xBFid,note\r\nP1,\"a, \"\"b\"\"\"\r\nP2,\"two\nlines\"\r\nP3,\r\n", "t.csv");
  ASSERT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.names()[0], "id");
  EXPECT_EQ(t.cell(0, 1), "a, \"b\"");
  EXPECT_EQ(t.cell(1, 1), "two\nlines");
  EXPECT_EQ(t.line(2), 5);  // the quoted newline moves P3 to line 5
  EXPECT_EQ(t.cell(2, 1), "");
}

TEST(Delimited, ChoosesTabForTsv) {
  const auto t = ParseDelimited("a\tb\n1\t2\n", "x.tsv");
  EXPECT_EQ(t.cols(), 2u);
  EXPECT_EQ(t.cell(0, 1), "2");
}

TEST(Delimited, ReportsEveryWrongFieldCount) {
  const std::string message = ErrorOf("a,b,c\n1,2,3\n1,2\n1,2,3,4\n");
  EXPECT_NE(message.find("t.csv:3:3: expected 3 fields as in the header, found 2: \"1,2\""),
            std::string::npos);
  EXPECT_NE(message.find("t.csv:4:4: expected 3 fields as in the header, found 4"),
            std::string::npos);
}

TEST(Delimited, ReportsUnterminatedQuote) {
  EXPECT_NE(ErrorOf("a,b\n1,\"open\n").find("t.csv:2: unterminated quoted field"),
            std::string::npos);
}

TEST(Delimited, EmptyFileIsAnError) {
  EXPECT_EQ(ErrorOf("", "empty.csv"), "empty.csv: file is empty: expected a header line");
  EXPECT_EQ(ErrorOf("\n\n", "empty.csv"), "empty.csv: file is empty: expected a header line");
}

TEST(Delimited, SkipsBlankLinesAndHeaderOnlyIsEmptyTable) {
  EXPECT_EQ(ParseDelimited("a,b\n\n1,2\n\n", "t.csv").rows(), 1u);
  EXPECT_EQ(ParseDelimited("a,b\n", "t.csv").rows(), 0u);
}

TEST(Delimited, RoundTrips) {
  const auto t = ParseDelimited("id,v\nP1,\"x,y\"\nP2,\"q\"\"q\"\nP3,plain\n", "t.csv");
  const auto again = ParseDelimited(FormatDelimited(t, ','), "t.csv");
  ASSERT_EQ(again.rows(), t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c = 0; c < t.cols(); ++c) EXPECT_EQ(again.cell(r, c), t.cell(r, c));
  }
  const auto tsv = ParseDelimited(FormatDelimited(t, '\t'), "t.tsv");
  EXPECT_EQ(tsv.cell(0, 1), "x,y");
}

TEST(Delimited, ReadsTheRealLungData) {
  const auto t = ReadDelimited(std::string(PIONEER_SHARED_DATA) + "/survival/lung.csv");
  EXPECT_EQ(t.rows(), 228u);
  EXPECT_EQ(t.cols(), 10u);
  EXPECT_EQ(t.names()[1], "time");
}

}  // namespace
}  // namespace pioneer::io
