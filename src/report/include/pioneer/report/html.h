// File: pioneer/report/html.h
// Escaping for the two contexts a report writes untrusted text into: HTML
// text/attributes, and JSON or JavaScript inside a <script> element (where
// "</script>" or "<!--" in a string would end or corrupt the element).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace pioneer::report {

// & < > " ' as character references; valid in text and quoted attributes.
std::string EscapeHtml(std::string_view text);

// JSON text safe inside <script type="application/json">: < > & and the
// line separators U+2028/U+2029 become \uXXXX escapes (they can only occur
// inside JSON strings, where the escape means the same character).
std::string ScriptSafeJson(const nlohmann::json& value);

// JavaScript source safe to inline in <script>: "</script" -> "<\/script"
// and "<!--" -> "<\!--" (equivalent inside strings and regular expressions,
// the only places a bundle can hold them).
std::string ScriptSafeCode(std::string_view code);

// A readable, stable HTML id from a heading ("Table 1: baseline" ->
// "table-1-baseline").
std::string Slug(std::string_view text);

}  // namespace pioneer::report
