#include "pioneer/report/document.h"

#include <gtest/gtest.h>

#include "pioneer/report/assets.h"

namespace pioneer::report {
namespace {

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

Document Sample() {
  Document doc("Cohort <A> & B");
  doc.set_subtitle("Study \"X\"");
  doc.AddFact("Subjects", "12");
  Section& s = doc.AddSection("Baseline", "Who was enrolled.");
  s.AddParagraph("1 < 2");
  s.AddTable(HtmlTable{.caption = "Table 1",
                       .header = {"Characteristic", "Arm <1>"},
                       .rows = {{"Sex, n (%)", ""}, {"Female", "3 (25.0%)"}},
                       .row_styles = {RowStyle::kGroup, RowStyle::kLevel},
                       .footnotes = {"IQR: interquartile range"}});
  doc.AddSection("Follow-up").AddChart({{"mark", "bar"}, {"title", "</script><b>"}}, "Swimmer");
  return doc;
}

TEST(Document, InlinesTheThreeBundlesSoItWorksOffline) {
  const std::string html = Sample().Render();
  ASSERT_EQ(JsBundles().size(), 3u);
  for (const JsBundle& bundle : JsBundles()) {
    EXPECT_GT(bundle.code.size(), 10000u) << bundle.name;
    EXPECT_EQ(bundle.sha256.size(), 64u);
    // The bundle holds no "</script" (checked below), so it is inlined byte for byte.
    EXPECT_NE(html.find(std::string(bundle.code)), std::string::npos) << bundle.name;
  }
  EXPECT_EQ(JsBundles()[0].name, "vega");
  EXPECT_EQ(JsBundles()[2].name, "vega-embed");
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(Document, EscapesTextEverywhere) {
  const std::string html = Sample().Render();
  EXPECT_NE(html.find("<title>Cohort &lt;A&gt; &amp; B</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>Cohort &lt;A&gt; &amp; B</h1>"), std::string::npos);
  EXPECT_NE(html.find("Study &quot;X&quot;"), std::string::npos);
  EXPECT_NE(html.find("<p>1 &lt; 2</p>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\">Arm &lt;1&gt;</th>"), std::string::npos);
}

TEST(Document, EmbedsChartSpecsSafely) {
  const std::string html = Sample().Render();
  // Exactly one closing tag per script element: the spec's "</script>" is escaped.
  EXPECT_EQ(Count(html, "<script"), Count(html, "</script>"));
  const std::string open = "<script type=\"application/json\" id=\"chart-1-spec\">";
  const std::size_t at = html.find(open);
  ASSERT_NE(at, std::string::npos);
  const std::size_t begin = at + open.size();
  const std::string json = html.substr(begin, html.find("</script>", begin) - begin);
  EXPECT_EQ(nlohmann::json::parse(json)["title"], "</script><b>");
  EXPECT_NE(html.find("data-chart=\"chart-1-spec\""), std::string::npos);
}

TEST(Document, RendersTableRowStylesAndStatusHooks) {
  const std::string html = Sample().Render();
  EXPECT_NE(
      html.find("<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"2\">Sex, n (%)</th></tr>"),
      std::string::npos);
  EXPECT_NE(html.find("<tr class=\"level\"><th scope=\"row\">Female</th><td>3 (25.0%)</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<body data-render-status=\"pending\">"), std::string::npos);
  EXPECT_NE(html.find("renderStatus = 'ok'"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#baseline\">Baseline</a>"), std::string::npos);
}

TEST(Document, RenderingIsDeterministic) { EXPECT_EQ(Sample().Render(), Sample().Render()); }

TEST(Document, DuplicateHeadingsGetUniqueAnchors) {
  Document doc("t");
  doc.AddSection("Safety");
  doc.AddSection("Safety");
  const std::string html = doc.Render();
  EXPECT_NE(html.find("<section id=\"safety\">"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"safety-2\">"), std::string::npos);
}

TEST(HtmlTable, FromCoreTableKeepsHeaderAndCells) {
  core::Table table("t.tsv", {"arm", "n"});
  table.AddRow({"A", "10"}, 2);
  const HtmlTable html = HtmlTable::FromTable(table, "Counts");
  EXPECT_EQ(html.header, (std::vector<std::string>{"arm", "n"}));
  ASSERT_EQ(html.rows.size(), 1u);
  EXPECT_EQ(html.rows[0], (std::vector<std::string>{"A", "10"}));
  EXPECT_EQ(html.caption, "Counts");
}

}  // namespace
}  // namespace pioneer::report
