#include "pioneer/report/html.h"

#include <cctype>

namespace pioneer::report {
namespace {
void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}
}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ScriptSafeJson(const nlohmann::json& value) {
  // Invalid UTF-8 is replaced rather than thrown: a report must not fail on
  // one odd byte in a free-text field.
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  ReplaceAll(text, "<", "\\u003c");
  ReplaceAll(text, ">", "\\u003e");
  ReplaceAll(text, "&", "\\u0026");
  ReplaceAll(text, "\xE2\x80\xA8", "\\u2028");
  ReplaceAll(text, "\xE2\x80\xA9", "\\u2029");
  return text;
}

std::string ScriptSafeCode(std::string_view code) {
  std::string text(code);
  // HTML ends a script element at "</script" in any letter case.
  for (std::size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 1)) {
    std::string tail = text.substr(at + 2, 6);
    for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tail == "script") text.insert(at + 1, "\\");
  }
  ReplaceAll(text, "<!--", "<\\!--");
  return text;
}

std::string Slug(std::string_view text) {
  std::string slug;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "section" : slug;
}

}  // namespace pioneer::report
