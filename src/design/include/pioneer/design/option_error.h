// File: pioneer/design/option_error.h
// The error every design Options::Validate() throws: it names the struct
// field (not a command-line flag), the value and the rule, so that a front
// end can translate the field into its own flag name (apps/cli maps
// SimonOptions.p0 to --p0) while library callers still get a clear message.
#pragma once

#include <string>

#include "pioneer/core/error.h"

namespace pioneer::design {

class InvalidOption : public Error {
 public:
  // e.g. InvalidOption("SimonOptions", "p0", "1.2", "must be in (0, 1)").
  InvalidOption(std::string options, std::string field, std::string value, std::string rule);
  const std::string& field() const { return field_; }
  const std::string& value() const { return value_; }
  const std::string& rule() const { return rule_; }

 private:
  std::string field_, value_, rule_;
};

// Throws InvalidOption unless `ok`; the value is printed with %g-like digits.
void Require(bool ok, const char* options, const char* field, double value, const char* rule);

}  // namespace pioneer::design
