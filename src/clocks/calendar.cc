#include "clocks/calendar.h"

#include <algorithm>

namespace haven::clocks {

WorkingCalendar::WorkingCalendar(const std::vector<Holiday>& holidays) {
  for (const Holiday& h : holidays) {
    holidays_[h.date] = h.name;
    last_year_ = std::max(last_year_, h.date.year());
  }
}

WorkingCalendar WorkingCalendar::EnglandAndWales() {
  return WorkingCalendar(EnglandAndWalesBankHolidays());
}

Status WorkingCalendar::AddHoliday(const Holiday& holiday) {
  if (holiday.date.IsWeekend()) {
    return InvalidArgument(holiday.date.ToString() + " is a weekend day, not a bank holiday",
                           "date");
  }
  if (holiday.name.empty()) return InvalidArgument("a holiday needs a name", "name");
  if (holidays_.count(holiday.date)) {
    return AlreadyExists(
        holiday.date.ToString() + " is already a holiday (" + holidays_.at(holiday.date) + ")",
        "date");
  }
  holidays_[holiday.date] = holiday.name;
  last_year_ = std::max(last_year_, holiday.date.year());
  return Status::Ok();
}

bool WorkingCalendar::IsWorkingDay(Date d) const {
  return !d.IsWeekend() && holidays_.find(d) == holidays_.end();
}

std::optional<std::string> WorkingCalendar::HolidayName(Date d) const {
  auto it = holidays_.find(d);
  if (it == holidays_.end()) return std::nullopt;
  return it->second;
}

Date WorkingCalendar::AddWorkingDays(Date from, int n) const {
  Date d = from;
  const int step = n >= 0 ? 1 : -1;
  for (int left = n >= 0 ? n : -n; left > 0;) {
    d = d.AddDays(step);
    if (IsWorkingDay(d)) --left;
  }
  return d;
}

int WorkingCalendar::WorkingDaysBetween(Date from, Date to) const {
  const bool forward = to >= from;
  const Date lo = forward ? from : to;
  const Date hi = forward ? to : from;
  int count = 0;
  for (Date d = lo.AddDays(1); d <= hi; d = d.AddDays(1)) {
    if (IsWorkingDay(d)) ++count;
  }
  return forward ? count : -count;
}

Date WorkingCalendar::NextWorkingDayOnOrAfter(Date d) const {
  while (!IsWorkingDay(d)) d = d.AddDays(1);
  return d;
}

WorkingDayTable::WorkingDayTable(const WorkingCalendar& calendar, int first_year, int last_year)
    : calendar_(calendar), first_(Date::FromYmd(first_year, 1, 1).days()) {
  const int32_t days = Date::FromYmd(last_year + 1, 1, 1).days() - first_;
  count_.resize(days);
  day_of_.push_back(0);
  int32_t working = 0;
  for (int32_t i = 1; i < days; ++i) {
    if (calendar.IsWorkingDay(Date::FromDays(first_ + i))) {
      ++working;
      day_of_.push_back(i);
    }
    count_[i] = working;
  }
}

int WorkingDayTable::Between(Date from, Date to) const {
  if (!Inside(from) || !Inside(to)) return calendar_.WorkingDaysBetween(from, to);
  return count_[to.days() - first_] - count_[from.days() - first_];
}

Date WorkingDayTable::Add(Date from, int n) const {
  if (n < 0 || !Inside(from)) return calendar_.AddWorkingDays(from, n);
  const size_t k = static_cast<size_t>(count_[from.days() - first_]) + static_cast<size_t>(n);
  if (n == 0) return from;
  if (k >= day_of_.size()) return calendar_.AddWorkingDays(from, n);
  return Date::FromDays(first_ + day_of_[k]);
}

}  // namespace haven::clocks
