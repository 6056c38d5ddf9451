#include "common/clock.h"

#include <gtest/gtest.h>

namespace haven {
namespace {

using namespace std::chrono;

TEST(ClockTest, TimestampsAreFixedWidthUtcAndRoundTrip) {
  const TimePoint t = TimePoint(sys_days(year(2026) / 11 / 22).time_since_epoch() + hours(7) +
                                minutes(5) + seconds(47) + milliseconds(123));
  EXPECT_EQ(FormatTimestamp(t), "2026-11-22T07:05:47.123Z");
  TimePoint back;
  ASSERT_TRUE(ParseTimestamp("2026-11-22T07:05:47.123Z", &back));
  EXPECT_EQ(back, t);
}

TEST(ClockTest, RejectsMalformedTimestamps) {
  TimePoint t;
  EXPECT_FALSE(ParseTimestamp("2026-11-22 07:05:47", &t));
  EXPECT_FALSE(ParseTimestamp("2026-02-30T07:05:47.123Z", &t));
  EXPECT_FALSE(ParseTimestamp("2026-11-22T25:05:47.123Z", &t));
  EXPECT_FALSE(ParseTimestamp("", &t));
}

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(TimePoint(milliseconds(1000)));
  EXPECT_EQ(clock.Now().time_since_epoch().count(), 1000);
  clock.Advance(minutes(1));
  EXPECT_EQ(clock.Now().time_since_epoch().count(), 61000);
}

TEST(ClockTest, TextOrderIsTimeOrder) {
  const TimePoint a = TimePoint(sys_days(year(2026) / 1 / 9).time_since_epoch());
  const TimePoint b = a + milliseconds(1);
  const TimePoint c = TimePoint(sys_days(year(2026) / 1 / 10).time_since_epoch());
  EXPECT_LT(FormatTimestamp(a), FormatTimestamp(b));
  EXPECT_LT(FormatTimestamp(b), FormatTimestamp(c));
}

}  // namespace
}  // namespace haven
