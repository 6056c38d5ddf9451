#pragma once

// A child's statutory clocks, derived from the steps recorded on their record: the contact
// decision, the assessment, the ICPC after a strategy discussion, the first core group, review
// conferences and CP visits. Every timescale comes from clocks::Timescales (data), so a local
// standard changed there changes every clock here. Also drift: an open plan whose review or visit
// is overdue. Pure: the caller loads the records.

#include <string>
#include <vector>

#include "clocks/calendar.h"
#include "clocks/timescales.h"
#include "common/date.h"
#include "domain/casework.h"

namespace haven::domain {

struct DueAction {
  std::string timescale_id;
  std::string step;       // what is due, from the timescale
  std::string kind;       // the record the clock belongs to: "contact", "referral", "cp_plan", ...
  int64_t record_id = 0;
  int64_t person_id = 0;
  clocks::Clock clock;
};

struct ChildClocks {
  std::vector<DueAction> actions;  // sorted by due date
  std::vector<std::string> drift;  // one sentence per drifting plan
};

// `steps` are all of one child's casework records; contacts come as kind "contact" with values
// received_date and decided_date. Clocks of closed referrals and ended plans are kept only when
// they were met, so history shows timeliness and nothing closed is reported as overdue.
// `date_of_birth` sets the health review interval (6 months under 5, 12 from 5).
ChildClocks DeriveClocks(const std::vector<StepRecord>& steps, Date today,
                         const clocks::Timescales& timescales,
                         const clocks::WorkingCalendar& calendar,
                         std::optional<Date> date_of_birth = std::nullopt);

// True for a clock still to be met (due or overdue).
bool IsOutstanding(const DueAction& a);

}  // namespace haven::domain
