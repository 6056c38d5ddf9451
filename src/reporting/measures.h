#pragma once

// The KPI library: every measure defined once, with the definition users are shown, whose
// definition it is (the DfE's, or the statutory or local standard where the two differ, each
// labelled), England's figure where the DfE publishes one, and the code that finds each child's
// (or each worker's) part in it.
//
// A measure is a sum of contributions. Each child contributes, for a month, to the numerator, the
// denominator, or a value (a duration, for medians and means), attributed to the team that held
// the case on that date. A figure for a month adds up the contributions of its window: the twelve
// months to its end for measures of the year, the month itself for counts at the month's end,
// thirty-six months for adoption's three-year averages. Because a figure is a sum, one new event
// changes only one child's contributions, and the list behind every figure is the children who
// contributed to it. Pure: no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clocks/calendar.h"
#include "clocks/timescales.h"
#include "common/date.h"
#include "common/status.h"
#include "reporting/facts.h"

namespace haven::reporting {

enum class Unit {
  kPercent,  // numerator / denominator, as a percentage
  kPer10k,   // numerator per 10,000 children in the authority
  kCount,    // numerator
  kRatio,    // numerator / denominator (caseload: cases per FTE)
  kMedian,   // median of the values (working days)
  kMean,     // mean of the values (days)
  kMoney,    // numerator in pence, shown in pounds
};

enum class Window {
  kYear,        // the twelve months to the month's end
  kMonth,       // the month itself (counts at the month's end, spend in the month)
  kThreeYears,  // the thirty-six months to the month's end
};

// Who a contribution is of: a child, a member of staff, or a team (its funded posts against the
// staff in them, for vacancies).
enum class Subject { kChild, kStaff, kTeam };

struct Measure {
  std::string id;
  std::string area;   // "Front door and referrals", ...
  std::string title;  // "Assessments completed within 45 working days"
  std::string definition;
  std::string basis;  // "DfE", "Working Together (statutory)", "Local"
  Unit unit = Unit::kPercent;
  Window window = Window::kYear;
  Subject subject = Subject::kChild;
  bool higher_is_better = true;
  std::optional<double> england;  // in the measure's unit
  std::string england_note;       // "England 2025", with how a rate was derived
  std::string numerator;          // what the list's "counted" column means
  std::string denominator;        // what the list as a whole is
  // The staff behind the figure are named only to those who manage their team (sickness is
  // their health); everyone else sees them counted, not named.
  bool staff_named_to_managers_only = false;
};

const std::vector<Measure>& Measures();
// The index of a measure in Measures(), or -1.
int MeasureIndex(const std::string& id);

// The months measures are computed for: `months` calendar months ending with the month that holds
// `last`, which ends on `last` itself (the month so far). Measures of the year read eleven months
// before the first month shown, and three-year measures thirty-five; `shown` is how many months at
// the end are figures to show.
struct Frame {
  Date first;  // the first day of month 0
  int months = 0;
  int shown = 0;
  std::vector<Date> month_end;        // the last day of each month
  std::vector<Date> year_before;      // twelve months before each month's end
  std::vector<int16_t> month_of_day;  // the month of each day from `first`

  static Frame Ending(Date last, int shown);
  int MonthOf(Date d) const;  // -1 when outside
  int FirstShown() const { return months - shown; }
};

// The timescales the measures of timeliness read, taken from the authority's (so a local standard
// changed there changes the measure too).
struct Standards {
  clocks::Timescale cp_visit, first_rcpc, rcpc, first_cla_review, second_cla_review, cla_review,
      first_cla_visit, cla_visit_first_year, cla_visit_long_term, pep, pep_review, return_interview;
  static Result<Standards> From(const clocks::Timescales& timescales);
};

// What the measures need besides the facts.
struct Settings {
  const clocks::WorkingDayTable* days = nullptr;
  Standards standards;
};

// One part of a figure.
struct Contribution {
  uint16_t measure = 0;
  uint16_t month = 0;
  int32_t team_id = 0;  // the team that held the case (0: none)
  int32_t numerator = 0;
  int32_t denominator = 0;
  int32_t value = 0;  // for medians and means
  bool has_value = false;
  int32_t date = 0;  // the event's date (days since 1970), for the list
};

// A value in the measure's unit, as people read it: "85.7%", "527.3", "15.2", "£2,800", "33".
std::string FormatValue(const Measure& m, double value);
std::string_view UnitName(Unit u);

// Appends the child's contributions to every child measure over the frame.
void ContributeChild(const ChildFacts& child, const Frame& frame, const Settings& settings,
                     std::vector<Contribution>& out);
// Appends a member of staff's contributions to the workforce measures.
void ContributeStaff(const StaffFacts& staff, const Frame& frame, const Settings& settings,
                     std::vector<Contribution>& out);
// Each team's contributions to vacancies: its establishment at each month's end against the
// permanent social workers then in post. Teams without an establishment have none.
std::map<int64_t, std::vector<Contribution>> ContributeTeams(
    const std::vector<EstablishmentFact>& establishment, const std::vector<StaffFacts>& staff,
    const Frame& frame);

}  // namespace haven::reporting
