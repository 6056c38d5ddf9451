#pragma once

// The statutory timescales Haven tracks (../shared/domain/TIMESCALES.md), as data: each rule says
// which step is due, counted from which event, by how much, in which unit, and on what authority.
// Local standards (CP visit frequency and the like) are the same rules with the amount changed by
// the authority's configuration. Nothing else in Haven hard-codes a timescale.

#include <optional>
#include <string>
#include <vector>

#include "clocks/calendar.h"
#include "common/date.h"
#include "common/status.h"

namespace haven::clocks {

enum class Unit { kWorkingDays, kDays, kWeeks, kMonths };

struct Timescale {
  std::string id;      // stable key, e.g. "assessment"
  std::string step;    // what is due
  std::string from;    // the event the clock starts at
  Unit unit = Unit::kWorkingDays;
  int amount = 0;
  std::string source;  // the statute or guidance
  bool local = false;  // a local standard the authority may change
};

std::string_view UnitName(Unit u);

// The national defaults.
const std::vector<Timescale>& DefaultTimescales();

class Timescales {
 public:
  explicit Timescales(std::vector<Timescale> rules = DefaultTimescales());
  Result<Timescale> Find(const std::string& id) const;
  // Changes a local standard's amount (for example CP visits every 15 working days). National
  // timescales cannot be changed: they are the law.
  Status SetLocalStandard(const std::string& id, int amount);
  const std::vector<Timescale>& rules() const { return rules_; }

 private:
  std::vector<Timescale> rules_;
};

// The date a step is due, counted from `start`.
Date DueDate(const Timescale& rule, Date start, const WorkingCalendar& calendar);

enum class ClockState {
  kDue,       // not done, due date not passed
  kOverdue,   // not done, due date passed
  kMet,       // done on or before the due date
  kMetLate,   // done after the due date
};

std::string_view ClockStateName(ClockState s);

struct Clock {
  std::string timescale_id;
  Date started;
  Date due;
  std::optional<Date> completed;
  ClockState state = ClockState::kDue;
  // Working days left until due (negative when overdue); for done clocks, working days early
  // (positive) or late (negative).
  int working_days_left = 0;
};

// Evaluates a clock on `today`.
Clock Evaluate(const Timescale& rule, Date started, std::optional<Date> completed, Date today,
               const WorkingCalendar& calendar);

}  // namespace haven::clocks
