#include "pioneer/core/date.h"

#include <fmt/format.h>

#include <charconv>

namespace pioneer::core {

// Howard Hinnant's days_from_civil / civil_from_days algorithms
// (http://howardhinnant.github.io/date_algorithms.html), exact for all years.
Date FromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{static_cast<std::int32_t>(era * 146097 + static_cast<int>(doe) - 719468)};
}

namespace {
struct Civil {
  int year;
  unsigned month;
  unsigned day;
};

Civil ToCivil(Date date) {
  const int z = date.days_since_epoch + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int year = static_cast<int>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

bool ParseDigits(std::string_view text, int& value) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(text.data(), text.data() + text.size(), value);
  return true;
}
}  // namespace

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() > 10) {
    if (text[10] != 'T') return std::nullopt;  // date-time: keep the date part
    text = text.substr(0, 10);
  }
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ParseDigits(text.substr(0, 4), year) || !ParseDigits(text.substr(5, 2), month) ||
      !ParseDigits(text.substr(8, 2), day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const Date date = FromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const Civil back = ToCivil(date);
  if (back.month != static_cast<unsigned>(month)) return std::nullopt;  // e.g. 2021-02-30
  return date;
}

std::string FormatIsoDate(Date date) {
  const Civil c = ToCivil(date);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
}

Date AddDays(Date date, std::int32_t days) { return Date{date.days_since_epoch + days}; }

}  // namespace pioneer::core
