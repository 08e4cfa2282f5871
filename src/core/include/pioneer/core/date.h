// File: pioneer/core/date.h
// Calendar dates as days since 1970-01-01 (proleptic Gregorian), parsed from
// ISO 8601 (SDTM --DTC: "YYYY-MM-DD", optionally followed by "Thh:mm[:ss]").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pioneer::core {

struct Date {
  std::int32_t days_since_epoch = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
  std::int32_t operator-(const Date& other) const {
    return days_since_epoch - other.days_since_epoch;
  }
};

Date FromCivil(int year, unsigned month, unsigned day);
// nullopt for anything that is not a complete, valid calendar date.
std::optional<Date> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(Date date);
Date AddDays(Date date, std::int32_t days);

}  // namespace pioneer::core
