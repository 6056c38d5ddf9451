#pragma once

// The synthetic authority's workforce: the teams a borough of a given size needs, and who held each
// post over the years (permanent staff who stay for years, agency staff who come and go, short
// vacancies between them). A pure plan from a random source; the caller creates the accounts.

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "synth/identity.h"

namespace haven::synth {

// What a team does, which decides which children it holds.
enum class TeamWork { kFrontDoor, kAssessment, kCinCp, kLookedAfter, kLeavingCare };

struct TeamPlan {
  std::string code;  // "CIN-CP-3"
  std::string name;
  std::string area;  // service area code
  TeamWork work = TeamWork::kCinCp;
  bool exists = false;          // made by the demo structure already
  int social_worker_posts = 0;  // the team's establishment (FTE) throughout
};

struct Tenure {
  std::string username;
  std::string display_name;
  std::string team;  // team code
  std::string role;  // social_worker, team_manager, front_door_worker
  std::string type;  // permanent or agency
  Date start;
  std::optional<Date> end;  // last day in post; none for today's staff
  bool exists = false;      // a demo account that is already there (holds the post from its start)
};

// A spell of sickness absence of one post holder: first and last day (none: still off today).
struct SicknessPlan {
  size_t tenure = 0;  // index into WorkforcePlan::staff
  Date start;
  std::optional<Date> end;
};

struct WorkforcePlan {
  std::vector<TeamPlan> teams;
  std::vector<Tenure> staff;
  std::vector<SicknessPlan> sickness;
};

// One demo account that holds a post in a team from `start` to today.
struct DemoPost {
  std::string username;
  std::string team;
  std::string role;
  std::string type;
  Date start;
};

// Teams and staff for `scale` (1 = a borough of Doncaster's size) from `from` to `today`.
// Each demo post ends one generated post's history: the generated holders leave before it starts.
WorkforcePlan PlanWorkforce(Rng& rng, double scale, Date from, Date today,
                            const std::vector<DemoPost>& demo_posts);

// Sickness absence for the permanent social workers generated in `plan` (not the demo accounts),
// from a year before `from` to `today`: about 1.2 spells a year, most of a few days, one in five
// of two to eight weeks, which loses about 3.5% of working days as England does. Spells of one
// person never overlap; a spell running into today is still open. Its own random source, so the
// rest of the plan is the same with or without it.
void PlanSickness(Rng& rng, Date from, Date today, WorkforcePlan& plan);

}  // namespace haven::synth
