#include "pioneer/report/html.h"

#include <gtest/gtest.h>

namespace pioneer::report {
namespace {

TEST(EscapeHtml, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(EscapeHtml(R"(<b>"x" & 'y'</b>)"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
  EXPECT_EQ(EscapeHtml("PD-L1 \xE2\x89\xA5"
                       "50%"),
            "PD-L1 \xE2\x89\xA5"
            "50%");  // UTF-8 kept
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(ScriptSafeJson, CannotCloseTheScriptElement) {
  const nlohmann::json spec = {{"title", "</script><script>alert(1)</script>"},
                               {"note", "a & b <!-- c -->"}};
  const std::string text = ScriptSafeJson(spec);
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  // The escapes mean the same characters: the value parses back unchanged.
  EXPECT_EQ(nlohmann::json::parse(text), spec);
}

TEST(ScriptSafeJson, EscapesLineSeparators) {
  const nlohmann::json value =
      "a\xE2\x80\xA8"
      "b\xE2\x80\xA9";
  const std::string text = ScriptSafeJson(value);
  EXPECT_EQ(text, R"("a\u2028b\u2029")");
  EXPECT_EQ(nlohmann::json::parse(text), value);
}

TEST(ScriptSafeCode, BreaksClosingTagsInAnyCase) {
  EXPECT_EQ(ScriptSafeCode(R"(var s = "</script>"; var t = '</SCRIPT >';)"),
            R"(var s = "<\/script>"; var t = '<\/SCRIPT >';)");
  EXPECT_EQ(ScriptSafeCode("x = '<!--'"), R"(x = '<\!--')");
  EXPECT_EQ(ScriptSafeCode("a </b> c"), "a </b> c");
}

TEST(Slug, MakesReadableIds) {
  EXPECT_EQ(Slug("Table 1: Baseline characteristics"), "table-1-baseline-characteristics");
  EXPECT_EQ(Slug("  --  "), "section");
  EXPECT_EQ(Slug("Follow-up (swimmer)"), "follow-up-swimmer");
}

}  // namespace
}  // namespace pioneer::report
