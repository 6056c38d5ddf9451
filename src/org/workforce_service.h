#pragma once

// The workforce behind the vacancy and sickness measures: each team's establishment (its funded
// social worker posts, full-time equivalent, from a date) and each member of staff's spells of
// sickness absence (dates only, never the cause). Every write is versioned with its actor and
// reason; a row entered in error is withdrawn, not deleted. Who may write is checked by the
// caller (access::AuthorizeWorkforce), as for the rest of the organisation.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clocks/calendar.h"
#include "common/clock.h"
#include "common/date.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::org {

struct Establishment {
  int64_t id = 0;
  int64_t team_id = 0;
  Date effective_from;
  double social_worker_fte = 0;
  int64_t version = 0;
};

struct SicknessSpell {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string display_name;
  Date start;
  std::optional<Date> end;  // the last day absent; none while still off
  int working_days = 0;     // lost, to the end or to today
  int64_t version = 0;
};

struct StaffMember {
  int64_t user_id = 0;
  std::string display_name;
  bool social_worker = false;
  bool agency = false;
  double fte = 1.0;
  std::optional<Date> start;
  std::optional<Date> end;
  bool in_post = false;  // today
};

// A team's workforce today: its establishment and its history, the staff in post, and sickness in
// the last twelve months (and any spell still open).
struct TeamWorkforce {
  int64_t team_id = 0;
  std::string team_name;
  std::optional<double> establishment;  // funded social worker posts now (FTE)
  double permanent_fte = 0;             // permanent social workers in post now
  double agency_fte = 0;                // agency social workers in post now
  std::optional<double> vacancies;      // establishment less permanent, not below 0
  std::vector<Establishment> history;   // newest first
  std::vector<StaffMember> staff;       // in post today, then those who left, by name
  std::vector<SicknessSpell> sickness;  // newest first
};

class WorkforceService {
 public:
  WorkforceService(storage::Store& store, const Clock& clock,
                   const clocks::WorkingCalendar& calendar)
      : store_(store), clock_(clock), calendar_(calendar) {}

  // Sets the team's establishment from `effective_from` (YYYY-MM-DD); `fte` is text as entered
  // ("7", "6.5"). Setting it again for the same date changes that row; `version`, when given, is
  // the version of that row the caller saw (a stale one is a conflict).
  Result<Establishment> SetEstablishment(const storage::Actor& actor, int64_t team_id,
                                         const std::string& effective_from, const std::string& fte,
                                         const std::string& reason,
                                         std::optional<int64_t> version = std::nullopt);
  Status WithdrawEstablishment(const storage::Actor& actor, int64_t id, int64_t version,
                               const std::string& reason);

  // A spell of sickness from `start_date` to `end_date` (the last day absent; empty while still
  // off). It must fall within the person's employment, not start after today, and not overlap
  // another spell of theirs.
  Result<SicknessSpell> RecordSickness(const storage::Actor& actor, int64_t user_id,
                                       const std::string& start_date, const std::string& end_date,
                                       const std::string& reason);
  // Records the last day of an open (or wrongly ended) spell.
  Status EndSickness(const storage::Actor& actor, int64_t id, int64_t version,
                     const std::string& end_date, const std::string& reason);
  Status WithdrawSickness(const storage::Actor& actor, int64_t id, int64_t version,
                          const std::string& reason);

  // The team's workforce now. With `sickness_for`, the team's sickness in the last twelve months
  // too, each worker named in it logged as read by them; without it, no sickness.
  Result<TeamWorkforce> Team(int64_t team_id, const storage::Actor* sickness_for = nullptr);
  // One spell still standing (not withdrawn), with its working days lost to today.
  Result<SicknessSpell> Spell(int64_t id);
  // The team a member of staff or a spell belongs to (for the caller's check); NotFound if none.
  Result<int64_t> TeamOfUser(int64_t user_id);
  Result<int64_t> TeamOfSpell(int64_t spell_id);
  Result<int64_t> TeamOfEstablishment(int64_t id);

 private:
  Date Today() const;
  SicknessSpell SpellFrom(const storage::Row& r, Date today) const;

  storage::Store& store_;
  const Clock& clock_;
  const clocks::WorkingCalendar& calendar_;
};

}  // namespace haven::org
