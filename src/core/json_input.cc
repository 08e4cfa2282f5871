// JSON documents of users, parsed with nlohmann's SAX interface so that the
// byte offset of every error (including number overflow, which the DOM
// parser reports without one) becomes a line and column.
#include "pioneer/core/json_input.h"

#include <fmt/format.h>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/core/text.h"

namespace pioneer::core {
namespace {

using json = nlohmann::json;

// Builds the document like json::parse, but records the first error instead
// of throwing it.
class Recorder : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit Recorder(json& result) : json_sax_dom_parser(result, false) {}

  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& error) {
    position_ = position;
    message_ = PlainMessage(error);
    return false;
  }
  bool failed() const { return !message_.empty(); }
  std::size_t position() const { return position_; }
  const std::string& message() const { return message_; }

 private:
  std::size_t position_ = 0;
  std::string message_;
};

// nlohmann's parse errors already say "parse error at line L, column C: ";
// the diagnostic carries the position, so keep only what follows.
std::string WithoutPosition(std::string message) {
  if (message.starts_with("parse error")) {
    if (const auto colon = message.find(": "); colon != std::string::npos) {
      message = message.substr(colon + 2);
    }
  }
  return message;
}

}  // namespace

std::string PlainMessage(const std::exception& error) {
  std::string message = error.what();
  if (message.starts_with("[json.exception.")) {
    if (const auto end = message.find("] "); end != std::string::npos) message.erase(0, end + 2);
  }
  return message;
}

json ParseJson(std::string_view text, const std::string& source) {
  json result;
  Recorder recorder(result);
  const bool ok = json::sax_parse(text.begin(), text.end(), &recorder);
  if (!ok || recorder.failed()) {
    // The SAX position counts bytes read, so the bad character is the one before.
    const std::size_t at = recorder.position() > 0 ? recorder.position() - 1 : 0;
    const TextPosition p = PositionOf(text, at);
    throw InputError(Diagnostic{source, p.line, p.column,
                                "invalid JSON: " + WithoutPosition(recorder.message()), ""});
  }
  return result;
}

json ReadJson(const std::filesystem::path& path) {
  return ParseJson(ReadFile(path), path.string());
}

}  // namespace pioneer::core
