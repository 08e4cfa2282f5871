// File: pioneer/report/document.h
// The report as a document model (title, key facts, sections of paragraphs,
// tables and Vega-Lite charts) rendered to ONE self-contained HTML file: CSS
// and the Vega/Vega-Lite/vega-embed bundles are inlined, so it opens offline.
// Rendering is deterministic (no clock, no random ids): the same document
// gives the same bytes.
//
// The page records its own health for headless checks: <body> gets
// data-render-status="ok" once every chart has rendered ("error" if one
// failed), and data-errors (a JSON array) if any script error, unhandled
// promise rejection or console.error happened.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "pioneer/core/table.h"

namespace pioneer::report {

enum class RowStyle {
  kNormal,
  kGroup,  // a heading row for the rows below (e.g. "Sex, n (%)"), in bold
  kLevel,  // an indented category under a group row (e.g. "Female")
};

struct HtmlTable {
  std::string caption;  // e.g. "Table 1. Baseline characteristics by arm"
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as header
  std::vector<RowStyle> row_styles;            // one per row, or empty: all kNormal
  std::vector<std::string> footnotes;

  static HtmlTable FromTable(const core::Table& table, std::string caption = {});
};

struct Paragraph {
  std::string text;  // plain text; escaped when rendered
};

// A callout for something the reader must not miss (a limitation, a sample).
struct Note {
  std::string text;
};

struct Chart {
  nlohmann::json spec;  // Vega-Lite, data inline (no URLs: the report is offline)
  std::string caption;  // shown under the chart; also its accessible label
};

using Block = std::variant<Paragraph, Note, HtmlTable, Chart>;

struct Section {
  std::string heading;
  std::string lead;  // optional one-line summary under the heading
  std::vector<Block> blocks;

  // Out of line on purpose: constructing the variant (which holds JSON) in
  // every caller trips GCC 12's -Wmaybe-uninitialized false positive.
  Section& AddParagraph(std::string text);
  Section& AddNote(std::string text);
  Section& AddTable(HtmlTable table);
  Section& AddChart(nlohmann::json spec, std::string caption);
};

struct Fact {
  std::string label;  // e.g. "Subjects"
  std::string value;  // e.g. "300"
};

class Document {
 public:
  explicit Document(std::string title) : title_(std::move(title)) {}

  void set_subtitle(std::string subtitle) { subtitle_ = std::move(subtitle); }
  void set_footer(std::string footer) { footer_ = std::move(footer); }
  void AddFact(std::string label, std::string value);
  // The returned reference is valid until the next AddSection.
  Section& AddSection(std::string heading, std::string lead = {});

  const std::string& title() const { return title_; }
  const std::vector<Section>& sections() const { return sections_; }

  std::string Render() const;

 private:
  std::string Head() const;
  std::string Masthead() const;

  std::string title_;
  std::string subtitle_;
  std::string footer_;
  std::vector<Fact> facts_;
  std::vector<Section> sections_;
};

}  // namespace pioneer::report
