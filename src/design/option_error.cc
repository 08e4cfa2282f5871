#include "pioneer/design/option_error.h"

#include <fmt/format.h>

namespace pioneer::design {

InvalidOption::InvalidOption(std::string options, std::string field, std::string value,
                             std::string rule)
    : Error(ErrorCode::kInvalidArgument,
            fmt::format("{}.{} = {}: {}", options, field, value, rule)),
      field_(std::move(field)),
      value_(std::move(value)),
      rule_(std::move(rule)) {}

void Require(bool ok, const char* options, const char* field, double value, const char* rule) {
  if (!ok) throw InvalidOption(options, field, fmt::format("{}", value), rule);
}

}  // namespace pioneer::design
