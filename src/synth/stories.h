#pragma once

// Children's stories for the synthetic authority: each child's history, from the first contact at
// the front door through referrals, assessments, section 47 enquiries, child protection and child
// in need plans, care, adoption and leaving care, with the workers who held the case. Each child
// is drawn from its own random source (the authority's seed and the child's number), so a child's
// story does not depend on the others and the authority is the same for the same seed. The rates
// follow England's published figures (../shared/domain/NATIONAL_FIGURES.md). Pure: the caller
// loads the histories with record::RecordLoader.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clocks/calendar.h"
#include "common/date.h"
#include "record/record_loader.h"
#include "synth/workforce.h"

namespace haven::synth {

struct StaffRef {
  int64_t id = 0;
  Date start;
  std::optional<Date> end;
  bool agency = false;
};

struct TeamStaff {
  int64_t team_id = 0;
  std::string code;
  TeamWork work = TeamWork::kCinCp;
  std::vector<StaffRef> workers;
  std::vector<StaffRef> managers;
};

// The created workforce, with ids.
struct Workforce {
  std::vector<TeamStaff> teams;
};

// A data-quality fault planted on purpose, for the manifest.
struct Fault {
  std::string la_child_id;
  std::string kind;    // e.g. missing_ethnicity, late_authorisation
  std::string record;  // the fact it is on: "person", "assessment a1", ...
  std::string field;
  std::string detail;
};

struct StoryContext {
  uint64_t seed = 1;
  Date from;   // the first day of the history
  Date today;  // the day the authority is generated; nothing is dated today or later
  int64_t service_area_id = 0;
  int la_code = 371;
  bool faults = false;
  const clocks::WorkingCalendar* calendar = nullptr;
  const Workforce* workforce = nullptr;
};

struct Story {
  record::ChildHistory history;
  std::vector<Fault> faults;
};

// How many children the authority has a record for at `scale` over `years` (with a year's run-in).
int64_t ChildrenFor(double scale, int years);

// The story of child number `serial` (1, 2, ...).
Story MakeStory(const StoryContext& ctx, int64_t serial);

// Headline figures of generated histories for one year, next to England's (for the summary).
struct YearFigures {
  Date start, end;  // the year [start, end]
  int64_t contacts = 0, referrals = 0, re_referrals = 0, referrals_police = 0, referrals_school = 0,
          referrals_nfa = 0;
  int64_t assessments = 0, assessments_in_45 = 0;
  int64_t s47 = 0, icpcs = 0, icpcs_in_15 = 0;
  int64_t cp_plans_ended = 0, cp_plans_2y = 0;
  int64_t cin_at_end = 0, cp_at_end = 0, cla_at_end = 0;
  int64_t cla_started = 0, cla_ceased = 0, adopted = 0, cla_3_placements = 0, cla_in_year = 0;
  int64_t missing_children = 0;
  int64_t leavers_19_21 = 0, leavers_in_touch = 0;
};

void Tally(const record::ChildHistory& h, const clocks::WorkingCalendar& cal, YearFigures& f);

}  // namespace haven::synth
