#pragma once

// A calendar date without time or zone, as social care records use them (date of birth, referral
// date, plan start). Stored as days since 1970-01-01; written YYYY-MM-DD.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace haven {

class Date {
 public:
  constexpr Date() = default;
  static Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
  // nullopt unless `text` is YYYY-MM-DD and a real date.
  static std::optional<Date> Parse(std::string_view text);
  static Date FromYmd(int year, unsigned month, unsigned day);

  int32_t days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  // 1 = Monday ... 7 = Sunday (ISO).
  unsigned IsoWeekday() const;
  bool IsWeekend() const { return IsoWeekday() >= 6; }

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // Adds calendar months; a day past the end of the month becomes its last day (31 Jan + 1 month
  // is 28 or 29 Feb).
  Date AddMonths(int n) const;
  std::string ToString() const;

  // clang-tidy 14 misreads the defaulted comparison as comparing with 0.
  friend auto operator<=>(const Date&, const Date&) = default;  // NOLINT(modernize-use-nullptr)

 private:
  explicit constexpr Date(int32_t d) : days_(d) {}
  int32_t days_ = 0;
};

// Whole days from a to b (negative if b is earlier).
inline int32_t DaysBetween(Date a, Date b) { return b.days() - a.days(); }

}  // namespace haven
