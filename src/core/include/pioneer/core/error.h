// File: pioneer/core/error.h
// The one error model of pioneer: exceptions of a single hierarchy.
// Codes follow Abseil's status codes; front ends map them to exit codes
// (DESIGN.md: 0 ok, 1 analysis failed, 2 bad input or usage).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pioneer {

enum class ErrorCode {
  kInvalidArgument,     // bad usage or option value (exit 2)
  kDataLoss,            // malformed input data (exit 2)
  kNotFound,            // a named file, column or record does not exist (exit 2)
  kFailedPrecondition,  // the analysis cannot run on this input (exit 1)
  kInternal,            // a bug or an environment failure (exit 1)
};

// One problem in an input, located as precisely as the source allows.
// line and column are 1-based; 0 means "not applicable".
struct Diagnostic {
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string message;
  std::string raw;  // the offending raw value or line, when there is one

  // "file:line:column: message: "raw"" (parts that are unknown are omitted).
  std::string ToString() const;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// Bad usage: unknown command, missing or invalid option value.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ErrorCode::kInvalidArgument, message) {}
};

// Malformed input: carries every diagnostic collected (up to a limit) and the
// total number of problems found, so the user can fix a file in one pass.
class InputError : public Error {
 public:
  InputError(std::vector<Diagnostic> diagnostics, std::int64_t total_problems);
  explicit InputError(Diagnostic diagnostic);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::int64_t total_problems() const { return total_problems_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::int64_t total_problems_;
};

// Exit code for an exception escaping to a front end.
int ExitCodeFor(const std::exception& error);

// Collects input problems instead of stopping at the first one; keeps the
// first `limit` diagnostics and counts the rest.
class DiagnosticCollector {
 public:
  explicit DiagnosticCollector(std::size_t limit = 100) : limit_(limit) {}
  void Add(Diagnostic diagnostic);
  void Add(std::string file, std::int64_t line, std::int64_t column, std::string message,
           std::string raw = {});
  bool empty() const { return total_ == 0; }
  std::int64_t total() const { return total_; }
  const std::vector<Diagnostic>& diagnostics() const { return kept_; }
  // Throws InputError with everything collected, if anything was.
  void ThrowIfAny() const;

 private:
  std::size_t limit_;
  std::int64_t total_ = 0;
  std::vector<Diagnostic> kept_;
};

}  // namespace pioneer
