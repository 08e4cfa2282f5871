#include "pioneer/core/date.h"

#include <gtest/gtest.h>

namespace pioneer::core {
namespace {

TEST(Date, RoundTripsAcrossCenturiesAndLeapYears) {
  for (const char* text : {"1970-01-01", "2000-02-29", "1900-03-01", "2024-12-31", "1899-12-31"}) {
    const auto date = ParseIsoDate(text);
    ASSERT_TRUE(date) << text;
    EXPECT_EQ(FormatIsoDate(*date), text);
  }
  EXPECT_EQ(ParseIsoDate("1970-01-02")->days_since_epoch, 1);
  EXPECT_EQ(*ParseIsoDate("2021-03-01") - *ParseIsoDate("2021-02-01"), 28);
}

TEST(Date, AcceptsDateTimesAndRejectsPartialOrInvalidDates) {
  EXPECT_EQ(ParseIsoDate("2021-05-06T10:30"), ParseIsoDate("2021-05-06"));
  EXPECT_FALSE(ParseIsoDate("2021-05"));
  EXPECT_FALSE(ParseIsoDate("1900-02-29"));
  EXPECT_FALSE(ParseIsoDate("2021-13-01"));
  EXPECT_FALSE(ParseIsoDate("06/05/2021"));
  EXPECT_FALSE(ParseIsoDate("2021-05-06 10:30"));
}

}  // namespace
}  // namespace pioneer::core
