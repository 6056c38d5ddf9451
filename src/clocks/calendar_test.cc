#include "clocks/calendar.h"

#include <gtest/gtest.h>

namespace haven::clocks {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

class CalendarTest : public ::testing::Test {
 protected:
  WorkingCalendar cal_ = WorkingCalendar::EnglandAndWales();
};

TEST_F(CalendarTest, WeekendsAndBankHolidaysAreNotWorkingDays) {
  EXPECT_TRUE(cal_.IsWorkingDay(D("2026-11-23")));   // a Monday
  EXPECT_FALSE(cal_.IsWorkingDay(D("2026-11-22")));  // a Sunday
  EXPECT_FALSE(cal_.IsWorkingDay(D("2026-12-25")));
  EXPECT_FALSE(cal_.IsWorkingDay(D("2026-12-28")));  // Boxing Day falls on a Saturday in 2026
  EXPECT_TRUE(cal_.IsWorkingDay(D("2026-12-29")));
}

TEST_F(CalendarTest, Christmas2022WhenTheDayFellOnASunday) {
  // 25 Dec 2022 was a Sunday: Boxing Day on Monday 26th, Christmas substitute on Tuesday 27th.
  EXPECT_FALSE(cal_.IsWorkingDay(D("2022-12-26")));
  EXPECT_FALSE(cal_.IsWorkingDay(D("2022-12-27")));
  EXPECT_EQ(cal_.AddWorkingDays(D("2022-12-23"), 1), D("2022-12-28"));
  // Fifteen working days from Monday 5 December 2022 lands after the Christmas break.
  EXPECT_EQ(cal_.AddWorkingDays(D("2022-12-05"), 15), D("2022-12-28"));
}

TEST_F(CalendarTest, Easter) {
  // Good Friday 29 March and Easter Monday 1 April 2024.
  EXPECT_EQ(cal_.AddWorkingDays(D("2024-03-28"), 1), D("2024-04-02"));
  // Good Friday 7 April and Easter Monday 10 April 2023.
  EXPECT_EQ(cal_.WorkingDaysBetween(D("2023-04-06"), D("2023-04-11")), 1);
  // 2000: Good Friday 21 April.
  EXPECT_FALSE(cal_.IsWorkingDay(D("2000-04-21")));
}

TEST_F(CalendarTest, TheExtraBankHolidaysOf2022And2023) {
  // Platinum Jubilee: the spring holiday moved to Thursday 2 June and Friday 3 June was added.
  EXPECT_FALSE(cal_.IsWorkingDay(D("2022-06-02")));
  EXPECT_FALSE(cal_.IsWorkingDay(D("2022-06-03")));
  EXPECT_TRUE(cal_.IsWorkingDay(D("2022-05-30")));  // the usual last Monday of May was worked
  EXPECT_EQ(cal_.AddWorkingDays(D("2022-06-01"), 1), D("2022-06-06"));
  // The state funeral of Queen Elizabeth II, Monday 19 September 2022.
  EXPECT_EQ(cal_.AddWorkingDays(D("2022-09-16"), 1), D("2022-09-20"));
  EXPECT_EQ(cal_.HolidayName(D("2022-09-19")), "State funeral of Queen Elizabeth II");
  // The coronation of King Charles III, Monday 8 May 2023, a week after the early May holiday.
  EXPECT_FALSE(cal_.IsWorkingDay(D("2023-05-01")));
  EXPECT_EQ(cal_.AddWorkingDays(D("2023-05-05"), 1), D("2023-05-09"));
  // VE Day 75: the early May holiday of 2020 moved to Friday 8 May.
  EXPECT_FALSE(cal_.IsWorkingDay(D("2020-05-08")));
  EXPECT_TRUE(cal_.IsWorkingDay(D("2020-05-04")));
}

TEST_F(CalendarTest, NewYearSubstitutes) {
  // 1 January 2022 was a Saturday; Monday 3 January was the holiday.
  EXPECT_FALSE(cal_.IsWorkingDay(D("2022-01-03")));
  // 1 January 2023 was a Sunday; Monday 2 January was the holiday.
  EXPECT_FALSE(cal_.IsWorkingDay(D("2023-01-02")));
}

TEST_F(CalendarTest, CountingIsConsistentBothWays) {
  for (const char* start : {"2022-12-20", "2023-04-03", "2024-12-24", "2025-08-20"}) {
    for (int n : {1, 5, 10, 15, 20, 45}) {
      const Date due = cal_.AddWorkingDays(D(start), n);
      EXPECT_TRUE(cal_.IsWorkingDay(due)) << start << " + " << n;
      EXPECT_EQ(cal_.WorkingDaysBetween(D(start), due), n) << start << " + " << n;
      EXPECT_EQ(cal_.WorkingDaysBetween(due, D(start)), -n);
    }
  }
  EXPECT_EQ(cal_.AddWorkingDays(D("2023-01-10"), 0), D("2023-01-10"));
  EXPECT_EQ(cal_.AddWorkingDays(D("2023-01-10"), -1), D("2023-01-09"));
}

TEST_F(CalendarTest, EveryYearFrom2000HasItsHolidays) {
  for (int y = 2000; y <= cal_.LastYearCovered(); ++y) {
    int count = 0;
    for (Date d = Date::FromYmd(y, 1, 1); d.year() == y; d = d.AddDays(1)) {
      if (!d.IsWeekend() && !cal_.IsWorkingDay(d)) ++count;
    }
    EXPECT_GE(count, 8) << y;  // eight a year, more in jubilee and coronation years
    EXPECT_LE(count, 10) << y;
  }
  EXPECT_GE(cal_.LastYearCovered(), 2027);
}

TEST_F(CalendarTest, FutureYearsCanBeAdded) {
  EXPECT_TRUE(cal_.AddHoliday({D("2028-01-03"), "New Year's Day (substitute)"}).ok());
  EXPECT_FALSE(cal_.IsWorkingDay(D("2028-01-03")));
  EXPECT_EQ(cal_.LastYearCovered(), 2028);
  EXPECT_EQ(cal_.AddHoliday({D("2028-01-01"), "a Saturday"}).field(), "date");
  EXPECT_EQ(cal_.AddHoliday({D("2028-01-03"), "twice"}).code(), StatusCode::kAlreadyExists);
}

TEST_F(CalendarTest, TheTableAgreesWithTheCalendarInsideAndOutsideItsRange) {
  const WorkingDayTable table(cal_, 2022, 2024);
  // Christmas 2022 (holidays on a weekday after a Sunday), Easter 2024 and the range's edges.
  for (const char* from : {"2021-12-30", "2022-01-01", "2022-12-23", "2022-12-24", "2024-03-28",
                           "2024-12-24", "2024-12-31", "2025-01-02"}) {
    for (int n : {0, 1, 2, 5, 15, 45}) {
      EXPECT_EQ(table.Add(D(from), n), cal_.AddWorkingDays(D(from), n)) << from << " + " << n;
    }
    for (const char* to : {"2022-01-04", "2022-12-28", "2024-04-02", "2025-01-06"}) {
      EXPECT_EQ(table.Between(D(from), D(to)), cal_.WorkingDaysBetween(D(from), D(to)))
          << from << " to " << to;
    }
  }
  EXPECT_EQ(table.Add(D("2022-12-23"), 1), D("2022-12-28"));
  EXPECT_EQ(table.Between(D("2022-12-23"), D("2022-12-28")), 1);
}

}  // namespace
}  // namespace haven::clocks
