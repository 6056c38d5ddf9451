#pragma once

// The working-day calendar: a working day is neither a Saturday, a Sunday nor a holiday in the
// calendar's list (for England and Wales, the bank holidays, which include Christmas Day, Boxing
// Day and Good Friday). Statutory timescales such as "within 45 working days" count on it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clocks/bank_holidays.h"
#include "common/date.h"
#include "common/status.h"

namespace haven::clocks {

class WorkingCalendar {
 public:
  explicit WorkingCalendar(const std::vector<Holiday>& holidays);
  // The England and Wales calendar from the built-in table.
  static WorkingCalendar EnglandAndWales();

  // Adds a holiday (a future year's, or a one-off such as a state funeral). Refuses a weekend
  // date, which cannot be a bank holiday, and a date already listed.
  Status AddHoliday(const Holiday& holiday);

  bool IsWorkingDay(Date d) const;
  std::optional<std::string> HolidayName(Date d) const;
  // The nth working day after `from` (n >= 1); `from` itself does not count. n = 0 returns `from`.
  Date AddWorkingDays(Date from, int n) const;
  // Working days in (from, to]: how many working days after `from` it took to reach `to`.
  // Negative when `to` is before `from`.
  int WorkingDaysBetween(Date from, Date to) const;
  // `d` if it is a working day, else the next one.
  Date NextWorkingDayOnOrAfter(Date d) const;
  // The last year the holiday list covers; dates after it count only weekends as non-working.
  int LastYearCovered() const { return last_year_; }

 private:
  std::map<Date, std::string> holidays_;
  int last_year_ = 0;
};

// A calendar's working days laid out over a range of years, for bulk work (management information
// over years of records): the same answers as the calendar's, in constant time. Dates outside the
// range are passed to the calendar.
class WorkingDayTable {
 public:
  WorkingDayTable(const WorkingCalendar& calendar, int first_year, int last_year);
  int Between(Date from, Date to) const;
  Date Add(Date from, int n) const;

 private:
  bool Inside(Date d) const {
    return d.days() >= first_ && d.days() - first_ < static_cast<int32_t>(count_.size());
  }

  const WorkingCalendar& calendar_;
  int32_t first_ = 0;
  std::vector<int32_t> count_;   // working days in (first day, first day + i]
  std::vector<int32_t> day_of_;  // the offset of the day that makes working day k
};

}  // namespace haven::clocks
