#include "pioneer/report/document.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "page_assets.h"
#include "pioneer/report/assets.h"
#include "pioneer/report/html.h"

namespace pioneer::report {
namespace {

// Renders blocks in document order; numbers charts so that their ids are
// stable (chart-1, chart-2, ...), never random.
class Renderer {
 public:
  std::string Block(const report::Block& block) {
    return std::visit([this](const auto& b) { return Render(b); }, block);
  }
  const std::string& chart_data() const { return chart_data_; }

 private:
  std::string Render(const Paragraph& p) { return fmt::format("<p>{}</p>\n", EscapeHtml(p.text)); }
  std::string Render(const Note& n) {
    return fmt::format("<p class=\"note\">{}</p>\n", EscapeHtml(n.text));
  }
  std::string Render(const HtmlTable& table);
  std::string Render(const Chart& chart);

  int charts_ = 0;
  std::string chart_data_;
};

const char* RowClass(RowStyle style) {
  switch (style) {
    case RowStyle::kGroup:
      return " class=\"group\"";
    case RowStyle::kLevel:
      return " class=\"level\"";
    case RowStyle::kNormal:
      break;
  }
  return "";
}

std::string Renderer::Render(const HtmlTable& table) {
  std::string html = "<div class=\"table-wrap\"><table>\n";
  if (!table.caption.empty())
    html += fmt::format("<caption>{}</caption>\n", EscapeHtml(table.caption));
  html += "<thead><tr>";
  for (const std::string& h : table.header)
    html += fmt::format("<th scope=\"col\">{}</th>", EscapeHtml(h));
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const RowStyle style = r < table.row_styles.size() ? table.row_styles[r] : RowStyle::kNormal;
    html += fmt::format("<tr{}>", RowClass(style));
    const auto& row = table.rows[r];
    if (style == RowStyle::kGroup && std::all_of(row.begin() + (row.empty() ? 0 : 1), row.end(),
                                                 [](const std::string& c) { return c.empty(); })) {
      // A heading row spans the table, so a long heading does not squeeze the first column.
      html += fmt::format("<th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>\n",
                          std::max<std::size_t>(table.header.size(), 1),
                          row.empty() ? "" : EscapeHtml(row[0]));
      continue;
    }
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const char* tag = c == 0 ? "th scope=\"row\"" : "td";
      html += fmt::format("<{}>{}</{}>", tag, EscapeHtml(table.rows[r][c]), c == 0 ? "th" : "td");
    }
    html += "</tr>\n";
  }
  html += "</tbody></table>\n";
  for (const std::string& note : table.footnotes) {
    html += fmt::format("<p class=\"footnote\">{}</p>\n", EscapeHtml(note));
  }
  return html + "</div>\n";
}

std::string Renderer::Render(const Chart& chart) {
  const std::string id = fmt::format("chart-{}", ++charts_);
  chart_data_ += fmt::format("<script type=\"application/json\" id=\"{}-spec\">{}</script>\n", id,
                             ScriptSafeJson(chart.spec));
  return fmt::format(
      "<figure class=\"chart\">\n<div class=\"chart-body\" id=\"{0}\" data-chart=\"{0}-spec\" "
      "role=\"img\" aria-label=\"{1}\"></div>\n<figcaption>{1}</figcaption>\n</figure>\n",
      id, EscapeHtml(chart.caption));
}

// Section anchors from headings, made unique in document order.
std::vector<std::string> SectionIds(const std::vector<Section>& sections) {
  std::map<std::string, int> seen;
  std::vector<std::string> ids;
  for (const Section& s : sections) {
    std::string id = Slug(s.heading);
    const int n = ++seen[id];
    ids.push_back(n == 1 ? id : fmt::format("{}-{}", id, n));
  }
  return ids;
}

std::string Scripts(const std::string& chart_data) {
  std::string html;
  for (const JsBundle& bundle : JsBundles()) {
    html += fmt::format("<script data-bundle=\"{} {}\">{}</script>\n", bundle.name, bundle.version,
                        ScriptSafeCode(bundle.code));
  }
  html += chart_data;
  html += fmt::format("<script>{}</script>\n", ScriptSafeCode(RenderChartsScript()));
  return html;
}

}  // namespace

HtmlTable HtmlTable::FromTable(const core::Table& table, std::string caption) {
  HtmlTable html;
  html.caption = std::move(caption);
  html.header = table.names();
  for (std::size_t r = 0; r < table.rows(); ++r) {
    std::vector<std::string> row;
    for (std::size_t c = 0; c < table.cols(); ++c) row.push_back(table.cell(r, c));
    html.rows.push_back(std::move(row));
  }
  return html;
}

Section& Section::AddParagraph(std::string text) {
  blocks.emplace_back(Paragraph{std::move(text)});
  return *this;
}

Section& Section::AddNote(std::string text) {
  blocks.emplace_back(Note{std::move(text)});
  return *this;
}

Section& Section::AddTable(HtmlTable table) {
  blocks.emplace_back(std::move(table));
  return *this;
}

Section& Section::AddChart(nlohmann::json spec, std::string caption) {
  blocks.emplace_back(Chart{std::move(spec), std::move(caption)});
  return *this;
}

void Document::AddFact(std::string label, std::string value) {
  facts_.push_back({std::move(label), std::move(value)});
}

Section& Document::AddSection(std::string heading, std::string lead) {
  sections_.push_back({.heading = std::move(heading), .lead = std::move(lead), .blocks = {}});
  return sections_.back();
}

std::string Document::Head() const {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"pioneer\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body data-render-status=\"pending\">\n<script>{}</script>\n",
      EscapeHtml(title_), PageCss(), ScriptSafeCode(ErrorCaptureScript()));
}

std::string Document::Masthead() const {
  std::string html = "<header class=\"masthead\"><div class=\"wrap\">\n";
  html += fmt::format("<h1>{}</h1>\n", EscapeHtml(title_));
  if (!subtitle_.empty())
    html += fmt::format("<p class=\"subtitle\">{}</p>\n", EscapeHtml(subtitle_));
  if (!facts_.empty()) {
    html += "<dl class=\"facts\">";
    for (const Fact& f : facts_) {
      html += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", EscapeHtml(f.label),
                          EscapeHtml(f.value));
    }
    html += "</dl>\n";
  }
  return html + "</div></header>\n";
}

std::string Document::Render() const {
  std::string html = Head() + Masthead() + "<main class=\"wrap\">\n";
  const std::vector<std::string> ids = SectionIds(sections_);
  if (sections_.size() > 1) {
    html += "<nav class=\"toc\" aria-label=\"Contents\"><ol>";
    for (std::size_t i = 0; i < sections_.size(); ++i) {
      html +=
          fmt::format("<li><a href=\"#{}\">{}</a></li>", ids[i], EscapeHtml(sections_[i].heading));
    }
    html += "</ol></nav>\n";
  }
  Renderer renderer;
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    const Section& s = sections_[i];
    html += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", ids[i], EscapeHtml(s.heading));
    if (!s.lead.empty()) html += fmt::format("<p class=\"lead\">{}</p>\n", EscapeHtml(s.lead));
    for (const Block& block : s.blocks) html += renderer.Block(block);
    html += "</section>\n";
  }
  html += "</main>\n";
  if (!footer_.empty()) {
    html += fmt::format("<footer><div class=\"wrap\">{}</div></footer>\n", EscapeHtml(footer_));
  }
  return html + Scripts(renderer.chart_data()) + "</body>\n</html>\n";
}

}  // namespace pioneer::report
