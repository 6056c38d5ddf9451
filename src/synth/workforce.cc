#include "synth/workforce.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace haven::synth {
namespace {

struct TeamKind {
  TeamWork work;
  const char* prefix;
  const char* name;
  const char* area;
  int teams_at_scale_1;        // including any the demo structure made
  int workers;                 // posts per team, besides its manager
  const char* first_existing;  // the demo structure's team of this kind, if any
};

constexpr TeamKind kKinds[] = {
    {TeamWork::kFrontDoor, "FRONT-DOOR", "Front door (MASH)", "CMARAS", 1, 10, "FRONT-DOOR"},
    {TeamWork::kAssessment, "ASSESS", "Assessment team", "CMARAS", 5, 7, "ASSESS-1"},
    {TeamWork::kCinCp, "CIN-CP", "Children in need and child protection team", "TFS", 16, 7,
     "CIN-CP-1"},
    {TeamWork::kLookedAfter, "CLA", "Children in care team", "CYPIC", 5, 7, "CLA-1"},
    {TeamWork::kLeavingCare, "LEAVING-CARE", "Leaving care (16+)", "CYPIC", 3, 7, "LEAVING-CARE"},
};

// Days in post: exponential with the mean, at least a month.
int TenureDays(Rng& rng, double mean_years) {
  std::exponential_distribution<double> d(1.0 / (mean_years * 365.0));
  return std::max(30, static_cast<int>(d(rng)));
}

}  // namespace

WorkforcePlan PlanWorkforce(Rng& rng, double scale, Date from, Date today,
                            const std::vector<DemoPost>& demo_posts) {
  WorkforcePlan plan;
  int serial = 0;
  auto person = [&](const std::string& team, const std::string& role, const std::string& type,
                    Date start, std::optional<Date> end) {
    Tenure t;
    const std::string sex = Chance(rng, 0.8) ? "F" : "M";
    const std::string eth = Ethnicity(rng);
    t.display_name = GivenName(rng, sex, eth) + " " + FamilyName(rng, eth);
    char name[32];
    std::snprintf(name, sizeof name, "staff-%05d", ++serial);
    t.username = name;
    t.team = team;
    t.role = role;
    t.type = type;
    t.start = start;
    t.end = end;
    plan.staff.push_back(std::move(t));
  };
  // Holders of one post from `from` until `until` (exclusive), or to today when none.
  auto fill_post = [&](const std::string& team, const std::string& role, bool managers,
                       std::optional<Date> until) {
    Date start = from.AddDays(-static_cast<int>(Uniform(rng, 0, 1500)));
    const Date stop = until.value_or(today.AddDays(1));
    while (start < stop) {
      const bool agency = !managers && Chance(rng, 0.55);
      const Date end = start.AddDays(TenureDays(rng, agency ? 1.0 : (managers ? 5.0 : 6.0)));
      if (end >= stop) {
        person(team, role, agency ? "agency" : "permanent", start,
               until ? std::optional<Date>(stop.AddDays(-1)) : std::nullopt);
        break;
      }
      person(team, role, agency ? "agency" : "permanent", start, end);
      // Managers are replaced at once (an acting manager); workers' posts stand empty a while.
      start = end.AddDays(managers ? 1 : static_cast<int>(Uniform(rng, 1, 90)));
    }
  };
  for (const TeamKind& k : kKinds) {
    const int n = std::max(1, static_cast<int>(std::lround(k.teams_at_scale_1 * scale)));
    for (int i = 1; i <= n; ++i) {
      TeamPlan t;
      t.work = k.work;
      t.area = k.area;
      if (k.work == TeamWork::kFrontDoor || k.work == TeamWork::kLeavingCare) {
        t.code = i == 1 ? k.prefix : std::string(k.prefix) + "-" + std::to_string(i);
        t.name = i == 1 ? k.name : std::string(k.name) + " " + std::to_string(i);
      } else {
        t.code = std::string(k.prefix) + "-" + std::to_string(i);
        t.name = std::string(k.name) + " " + std::to_string(i);
      }
      t.exists = t.code == k.first_existing || (k.work == TeamWork::kCinCp && t.code == "CIN-CP-2");
      // Front-door workers are not counted as social worker posts.
      t.social_worker_posts = k.work == TeamWork::kFrontDoor ? 0 : k.workers;
      plan.teams.push_back(t);
      const std::string worker_role =
          k.work == TeamWork::kFrontDoor ? "front_door_worker" : "social_worker";
      std::vector<const DemoPost*> here;
      for (const auto& d : demo_posts) {
        if (d.team == t.code) here.push_back(&d);
      }
      bool manager_taken = false;
      int posts_taken = 0;
      for (const DemoPost* d : here) {
        const bool manager = d->role == "team_manager";
        fill_post(t.code, d->role, manager, d->start);
        Tenure demo;
        demo.username = d->username;
        demo.team = t.code;
        demo.role = d->role;
        demo.type = d->type;
        demo.start = d->start;
        demo.exists = true;
        plan.staff.push_back(demo);
        if (manager) {
          manager_taken = true;
        } else {
          ++posts_taken;
        }
      }
      if (!manager_taken) fill_post(t.code, "team_manager", true, std::nullopt);
      for (int p = posts_taken; p < k.workers; ++p) {
        fill_post(t.code, worker_role, false, std::nullopt);
      }
    }
  }
  return plan;
}

void PlanSickness(Rng& rng, Date from, Date today, WorkforcePlan& plan) {
  std::exponential_distribution<double> gap(1.2 / 365.0);
  for (size_t i = 0; i < plan.staff.size(); ++i) {
    const Tenure& t = plan.staff[i];
    if (t.exists || t.role != "social_worker" || t.type != "permanent") continue;
    const Date last = t.end ? std::min(*t.end, today) : today;
    Date day = std::max(t.start, from.AddDays(-365));
    while (true) {
      day = day.AddDays(1 + static_cast<int>(gap(rng)));
      if (day > last) break;
      const int length = Chance(rng, 0.8) ? static_cast<int>(Uniform(rng, 1, 7))
                                          : static_cast<int>(Uniform(rng, 14, 56));
      const Date end = day.AddDays(length - 1);
      if (end >= today && !t.end) {
        plan.sickness.push_back({i, day, std::nullopt});  // still off
        break;
      }
      plan.sickness.push_back({i, day, std::min(end, last)});
      day = std::min(end, last);
    }
  }
}

}  // namespace haven::synth
