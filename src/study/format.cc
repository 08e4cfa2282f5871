#include "format.h"

#include <charconv>

namespace pioneer::study::internal {

std::string FormatNumber(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string FormatNumber(const std::optional<double>& value) {
  return value ? FormatNumber(*value) : std::string();
}

std::string FormatInt(const std::optional<std::int64_t>& value) {
  return value ? std::to_string(*value) : std::string();
}

std::int64_t SdtmDy(std::int32_t day) { return day >= 0 ? std::int64_t{day} + 1 : day; }

}  // namespace pioneer::study::internal
