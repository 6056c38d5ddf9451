#include "common/clock.h"

#include <cstdio>

namespace haven {

TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string FormatTimestamp(TimePoint t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  // Written digit by digit: this runs for every row written, and snprintf is slow.
  char buf[25] = "0000-00-00T00:00:00.000Z";
  auto put = [&buf](int at, int width, int value) {
    for (int i = at + width - 1; i >= at; --i, value /= 10)
      buf[i] = static_cast<char>('0' + value % 10);
  };
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {  // outside any date Haven keeps: the general form
    char wide[48];
    std::snprintf(wide, sizeof wide, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()),
                  static_cast<int>(hms.subseconds().count()));
    return wide;
  }
  put(0, 4, y);
  put(5, 2, static_cast<int>(static_cast<unsigned>(ymd.month())));
  put(8, 2, static_cast<int>(static_cast<unsigned>(ymd.day())));
  put(11, 2, static_cast<int>(hms.hours().count()));
  put(14, 2, static_cast<int>(hms.minutes().count()));
  put(17, 2, static_cast<int>(hms.seconds().count()));
  put(20, 3, static_cast<int>(hms.subseconds().count()));
  return std::string(buf, 24);
}

bool ParseTimestamp(const std::string& text, TimePoint* out) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  char z = 0;
  if (text.size() != 24 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &y, &mo, &d, &h, &mi, &s, &ms,
                  &z) != 8 ||
      z != 'Z') {
    return false;
  }
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                           day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return false;
  *out = TimePoint(sys_days(ymd).time_since_epoch() + hours(h) + minutes(mi) + seconds(s) +
                   milliseconds(ms));
  return true;
}

}  // namespace haven
