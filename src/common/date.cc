#include "common/date.h"

#include <chrono>
#include <cstdio>

namespace haven {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

year_month_day Ymd(int32_t days) { return year_month_day{sys_days{std::chrono::days{days}}}; }

}  // namespace

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      const char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const year_month_day ymd{std::chrono::year(parts[0]),
                           std::chrono::month(static_cast<unsigned>(parts[1])),
                           std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!ymd.ok()) return std::nullopt;
  return Date(sys_days(ymd).time_since_epoch().count());
}

Date Date::FromYmd(int year, unsigned month, unsigned day) {
  const year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                           std::chrono::day(day)};
  return Date(sys_days(ymd).time_since_epoch().count());
}

int Date::year() const { return static_cast<int>(Ymd(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(Ymd(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(Ymd(days_).day()); }

unsigned Date::IsoWeekday() const {
  return std::chrono::weekday{sys_days{std::chrono::days{days_}}}.iso_encoding();
}

Date Date::AddMonths(int n) const {
  const year_month_day ymd = Ymd(days_);
  std::chrono::year_month ym = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months(n);
  const auto last = std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}};
  const std::chrono::day d = std::min(ymd.day(), last.day());
  return Date(sys_days(year_month_day{ym.year(), ym.month(), d}).time_since_epoch().count());
}

std::string Date::ToString() const {
  const year_month_day ymd = Ymd(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace haven
