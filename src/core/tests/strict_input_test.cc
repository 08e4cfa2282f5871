// Strict readers (issue 14): numbers must be finite, text must be UTF-8
// without NUL bytes, and a user's JSON errors are InputErrors at
// file:line:column without the JSON library's own wording.
#include <gtest/gtest.h>

#include "pioneer/core/error.h"
#include "pioneer/core/json_input.h"
#include "pioneer/core/table.h"
#include "pioneer/core/text.h"

namespace pioneer::core {
namespace {

// The one diagnostic of the InputError `f` throws, as a user reads it.
template <typename F>
std::string OnlyProblem(F f) {
  try {
    f();
  } catch (const InputError& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    EXPECT_EQ(e.diagnostics().size(), 1u);
    const std::string text = e.what();
    EXPECT_EQ(text.find("json.exception"), std::string::npos) << text;
    return text;
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(StrictNumbers, InfinityNanAndOutOfRangeAreNotNumbers) {
  for (const char* text : {"inf", "Inf", "-Inf", "+inf", "INFINITY", "nan", "NaN", "-nan", "1e400",
                           "-1e400", "1e-400"}) {
    EXPECT_FALSE(ParseDouble(text)) << text;
  }
  EXPECT_EQ(ParseDouble("1.7976931348623157e308"), 1.7976931348623157e308);
  EXPECT_EQ(ParseDouble("-0.5"), -0.5);
  EXPECT_FALSE(ParseInt("inf"));
  EXPECT_FALSE(ParseInt("1e400"));
}

TEST(StrictNumbers, CellReaderNamesTheColumnAndWhy) {
  Table t("dm.csv", {"USUBJID", "AGE"});
  t.AddRow({"P1", "inf"}, 2);
  t.AddRow({"P2", "1e400"}, 3);
  t.AddRow({"P3", "sixty"}, 4);
  t.AddRow({"P4", "NA"}, 5);
  DiagnosticCollector problems;
  const CellReader reader(t, problems);
  for (std::size_t r = 0; r < t.rows(); ++r) EXPECT_FALSE(reader.Number(r, 1));
  ASSERT_EQ(problems.total(), 3);
  EXPECT_EQ(problems.diagnostics()[0].ToString(),
            "dm.csv:2:2: AGE: expected a finite number (Inf and NaN are not allowed): \"inf\"");
  EXPECT_EQ(problems.diagnostics()[1].ToString(),
            "dm.csv:3:2: AGE: number out of the range of a double (about 1.8e308): \"1e400\"");
  EXPECT_EQ(problems.diagnostics()[2].ToString(), "dm.csv:4:2: AGE: expected a number: \"sixty\"");
}

TEST(StrictText, FindsTheFirstBadByte) {
  EXPECT_FALSE(FindBadByte("plain ASCII\n"));
  EXPECT_FALSE(
      FindBadByte("Stra\xc3\x9f"
                  "e \xe2\x82\xac \xf0\x9f\x98\x80"));  // ß € 😀
  EXPECT_EQ(FindBadByte("ab\xff"), 2u);
  EXPECT_EQ(FindBadByte(std::string_view("a\0b", 3)), 1u);
  EXPECT_EQ(FindBadByte("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(FindBadByte("x\xed\xa0\x80"), 1u);     // UTF-16 surrogate
  EXPECT_EQ(FindBadByte("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FindBadByte("ok\xe2\x82"), 2u);        // cut short
}

TEST(StrictText, ReportsLineAndFieldWithTheByteEscaped) {
  EXPECT_EQ(OnlyProblem([] { CheckText("A,B\nx,Fatigu\xff\n", "ae.csv", ','); }),
            "ae.csv:2:2: invalid UTF-8 (byte \\xff): save the file as UTF-8: \"x,Fatigu\\xff\"");
  EXPECT_EQ(OnlyProblem([] { CheckText(std::string_view("A\tB\nx\ty\0z\n", 10), "a.tsv", '\t'); }),
            "a.tsv:2:2: NUL byte: the file is not text: \"x\ty\\x00z\"");
  EXPECT_EQ(
      OnlyProblem([] { CheckText("{\n  \"a\": \"\xfe\"\n}", "p.json"); }),
      "p.json:2:9: invalid UTF-8 (byte \\xfe): save the file as UTF-8: \"  \"a\": \"\\xfe\"\"");
}

TEST(StrictJson, SyntaxErrorsAndHugeNumbersAreLocated) {
  EXPECT_EQ(OnlyProblem([] { ParseJson("{\n  \"day\": 1e400\n}\n", "in.json"); }),
            "in.json:2:14: invalid JSON: number overflow parsing '1e400'");
  const std::string syntax = OnlyProblem([] { ParseJson("{\"a\": [1, 2,]}", "in.json"); });
  EXPECT_EQ(syntax.rfind("in.json:1:13: invalid JSON: syntax error", 0), 0u) << syntax;
  const std::string utf8 = OnlyProblem([] { ParseJson("{\"a\": \"\xff\"}", "in.json"); });
  EXPECT_EQ(utf8.rfind("in.json:1:", 0), 0u) << utf8;
  EXPECT_EQ(ParseJson("{\"a\": [1, 2.5]}", "ok.json")["a"][1], 2.5);
}

TEST(StrictJson, PlainMessageDropsTheLibraryPrefix) {
  try {
    (void)nlohmann::json("text").get<double>();
    FAIL() << "no type error";
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(PlainMessage(e), "type must be number, but is string");
  }
}

}  // namespace
}  // namespace pioneer::core
