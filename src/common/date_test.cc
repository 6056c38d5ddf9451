#include "common/date.h"

#include <gtest/gtest.h>

namespace haven {
namespace {

TEST(DateTest, ParsesAndPrints) {
  auto d = Date::Parse("2024-02-29");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->month(), 2u);
  EXPECT_EQ(d->day(), 29u);
  EXPECT_EQ(d->ToString(), "2024-02-29");
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
}

TEST(DateTest, RefusesWhatIsNotADate) {
  for (const char* bad : {"2023-02-29", "2023-13-01", "2023-1-01", "01/02/2023", "2023-01-0x", ""}) {
    EXPECT_FALSE(Date::Parse(bad).has_value()) << bad;
  }
}

TEST(DateTest, Weekdays) {
  EXPECT_EQ(Date::Parse("2026-11-22")->IsoWeekday(), 7u);  // a Sunday
  EXPECT_EQ(Date::Parse("2026-11-23")->IsoWeekday(), 1u);
  EXPECT_TRUE(Date::Parse("2026-11-21")->IsWeekend());
  EXPECT_FALSE(Date::Parse("2026-11-20")->IsWeekend());
}

TEST(DateTest, MonthArithmeticClampsToTheEndOfTheMonth) {
  EXPECT_EQ(Date::Parse("2024-01-31")->AddMonths(1).ToString(), "2024-02-29");
  EXPECT_EQ(Date::Parse("2023-01-31")->AddMonths(1).ToString(), "2023-02-28");
  EXPECT_EQ(Date::Parse("2023-08-15")->AddMonths(6).ToString(), "2024-02-15");
  EXPECT_EQ(Date::Parse("2023-11-30")->AddMonths(3).ToString(), "2024-02-29");
  EXPECT_EQ(Date::Parse("2024-03-10")->AddMonths(-3).ToString(), "2023-12-10");
}

TEST(DateTest, OrderingAndDistance) {
  const Date a = *Date::Parse("2023-12-31");
  const Date b = *Date::Parse("2024-01-01");
  EXPECT_LT(a, b);
  EXPECT_EQ(DaysBetween(a, b), 1);
  EXPECT_EQ(a.AddDays(1), b);
}

}  // namespace
}  // namespace haven
