#include "pioneer/core/error.h"

#include <fmt/format.h>

namespace pioneer {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  out += out.empty() ? message : ": " + message;
  if (!raw.empty()) out += fmt::format(": \"{}\"", raw);
  return out;
}

namespace {
std::string Summarise(const std::vector<Diagnostic>& diagnostics, std::int64_t total) {
  std::string text;
  for (const Diagnostic& d : diagnostics) text += d.ToString() + "\n";
  const auto shown = static_cast<std::int64_t>(diagnostics.size());
  if (total > shown) text += fmt::format("... and {} more problems\n", total - shown);
  if (!text.empty()) text.pop_back();
  return text;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics, std::int64_t total_problems)
    : Error(ErrorCode::kDataLoss, Summarise(diagnostics, total_problems)),
      diagnostics_(std::move(diagnostics)),
      total_problems_(total_problems) {}

InputError::InputError(Diagnostic diagnostic)
    : InputError(std::vector<Diagnostic>{std::move(diagnostic)}, 1) {}

int ExitCodeFor(const std::exception& error) {
  const auto* e = dynamic_cast<const Error*>(&error);
  if (e == nullptr) return 1;
  switch (e->code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kDataLoss:
    case ErrorCode::kNotFound:
      return 2;
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kInternal:
      return 1;
  }
  return 1;
}

void DiagnosticCollector::Add(Diagnostic diagnostic) {
  ++total_;
  if (kept_.size() < limit_) kept_.push_back(std::move(diagnostic));
}

void DiagnosticCollector::Add(std::string file, std::int64_t line, std::int64_t column,
                              std::string message, std::string raw) {
  Add(Diagnostic{std::move(file), line, column, std::move(message), std::move(raw)});
}

void DiagnosticCollector::ThrowIfAny() const {
  if (total_ > 0) throw InputError(kept_, total_);
}

}  // namespace pioneer
