#include "app/synthetic.h"

#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>

#include "synth/workforce.h"

namespace haven::app {
namespace {

const storage::Actor kSystem{std::nullopt, "demo"};
const char* const kReason = "synthetic authority";

struct Staffed {
  synth::Workforce workforce;
  int64_t created = 0;
  int64_t teams = 0;
  double agency_share = 0;
};

// Creates the planned teams (with their establishment from `from`), accounts and sickness, and
// returns them with their ids.
Result<Staffed> CreateWorkforce(Services& s, const synth::WorkforcePlan& plan, Date from,
                                Date today) {
  Staffed out;
  std::map<std::string, size_t> index;
  ASSIGN_OR_RETURN(auto areas, s.org.ListServiceAreas());
  std::map<std::string, int64_t> area_ids;
  for (const auto& a : areas) area_ids[a.code] = a.id;
  for (const auto& t : plan.teams) {
    int64_t id = 0;
    if (t.exists) {
      ASSIGN_OR_RETURN(auto team, s.org.FindTeamByCode(t.code));
      id = team.id;
    } else {
      ASSIGN_OR_RETURN(
          auto team,
          s.org.CreateTeam(kSystem, {0, t.code, t.name, area_ids.at(t.area), true}, kReason));
      id = team.id;
      ++out.teams;
    }
    index[t.code] = out.workforce.teams.size();
    out.workforce.teams.push_back({id, t.code, t.work, {}, {}});
    if (t.social_worker_posts > 0) {
      RETURN_IF_ERROR(s.workforce
                          .SetEstablishment(kSystem, id, from.ToString(),
                                            std::to_string(t.social_worker_posts), kReason)
                          .status());
    }
  }
  std::vector<int64_t> user_ids;
  int in_post = 0, agency_in_post = 0;
  for (const auto& p : plan.staff) {
    int64_t id = 0;
    if (p.exists) {
      ASSIGN_OR_RETURN(auto user, s.users.FindByUsername(p.username));
      id = user.id;
    } else {
      access::NewUser nu;
      nu.username = p.username;
      nu.display_name = p.display_name;
      nu.password = "";
      nu.can_sign_in = false;
      nu.roles = {p.role};
      nu.team_id = out.workforce.teams[index.at(p.team)].team_id;
      nu.employment = {p.type, 1.0, p.start.ToString(),
                       p.end ? std::optional<std::string>(p.end->ToString()) : std::nullopt};
      nu.status =
          p.end && *p.end < today ? access::UserStatus::kDisabled : access::UserStatus::kActive;
      ASSIGN_OR_RETURN(auto user, s.users.Create(kSystem, nu, kReason));
      id = user.id;
      ++out.created;
    }
    user_ids.push_back(id);
    synth::StaffRef ref{id, p.start, p.end, p.type == "agency"};
    auto& team = out.workforce.teams[index.at(p.team)];
    (p.role == "team_manager" ? team.managers : team.workers).push_back(ref);
    if (p.role == "social_worker" && p.start <= today && (!p.end || *p.end >= today)) {
      ++in_post;
      if (p.type == "agency") ++agency_in_post;
    }
  }
  out.agency_share = in_post ? static_cast<double>(agency_in_post) / in_post : 0;
  for (const auto& spell : plan.sickness) {
    RETURN_IF_ERROR(s.workforce
                        .RecordSickness(kSystem, user_ids.at(spell.tenure), spell.start.ToString(),
                                        spell.end ? spell.end->ToString() : "", kReason)
                        .status());
  }
  return out;
}

}  // namespace

Result<SyntheticSummary> CreateSyntheticAuthority(Services& s, const Clock& clock,
                                                  const SyntheticOptions& o,
                                                  const Progress& progress) {
  if (!(o.scale >= 0 && o.scale <= 20)) {
    return InvalidArgument("scale must be from 0 to 20", "scale");
  }
  if (o.years < 1 || o.years > 15) return InvalidArgument("years must be from 1 to 15", "years");
  SyntheticSummary out;
  ASSIGN_OR_RETURN(out.demo, CreateDemoAuthority(s, o.password));
  if (o.scale == 0) return out;

  const Date today = *Date::Parse(FormatTimestamp(clock.Now()).substr(0, 10));
  const Date from = today.AddMonths(-12 * o.years);
  synth::Rng rng(o.seed);
  const Date demo_start = Date::FromYmd(2024, 4, 1) < today ? Date::FromYmd(2024, 4, 1) : from;
  const std::vector<synth::DemoPost> demo_posts = {
      {"frontdoor", "FRONT-DOOR", "front_door_worker", "permanent", demo_start},
      {"social.worker", "CIN-CP-1", "social_worker", "permanent", demo_start},
      {"team.manager", "CIN-CP-1", "team_manager", "permanent", demo_start},
      {"agency.worker", "CIN-CP-2", "social_worker", "agency", demo_start},
  };
  synth::WorkforcePlan plan = synth::PlanWorkforce(rng, o.scale, from, today, demo_posts);
  synth::Rng sickness_rng(o.seed ^ 0x5c1c);
  synth::PlanSickness(sickness_rng, from, today, plan);
  ASSIGN_OR_RETURN(Staffed staffed, CreateWorkforce(s, plan, from, today));
  out.staff = staffed.created;
  out.teams = staffed.teams;
  out.agency_share = staffed.agency_share;

  ASSIGN_OR_RETURN(auto admin, s.users.FindByUsername("admin"));
  access::Principal who;
  who.user_id = admin.id;
  who.username = admin.username;
  who.display_name = admin.display_name;
  who.roles = admin.roles;
  const storage::Actor actor{admin.id, "demo"};
  ASSIGN_OR_RETURN(auto area, [&]() -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto areas, s.org.ListServiceAreas());
    for (const auto& a : areas) {
      if (a.code == "CF") return a.id;
    }
    return NotFound("no CF service area");
  }());

  synth::StoryContext ctx;
  ctx.seed = o.seed;
  ctx.from = from;
  ctx.today = today;
  ctx.service_area_id = area;
  ctx.faults = o.faults;
  ctx.calendar = &s.calendar;
  ctx.workforce = &staffed.workforce;
  out.year.start = today.AddDays(-365);
  out.year.end = today.AddDays(-1);

  // The children go into a new database: a bulk-loading store builds its indexes once at the end,
  // whether or not the load succeeds.
  RETURN_IF_ERROR(s.store.BeginBulkLoad());
  struct Rebuild {
    storage::Store& store;
    bool done = false;
    Status End() {
      done = true;
      return store.EndBulkLoad();
    }
    ~Rebuild() {
      if (!done) (void)store.EndBulkLoad();
    }
  } rebuild{s.store};

  const int64_t total = synth::ChildrenFor(o.scale, o.years);
  // Each batch is drawn on a second thread while the one before is being loaded.
  struct Batch {
    std::vector<record::ChildHistory> children;
    std::vector<synth::Fault> faults;
    synth::YearFigures year;
  };
  auto draw = [&ctx, &s, total, &o](int64_t first) {
    Batch b;
    b.year.start = ctx.today.AddDays(-365);
    b.year.end = ctx.today.AddDays(-1);
    const int64_t last = std::min<int64_t>(total, first + static_cast<int64_t>(o.batch) - 1);
    for (int64_t serial = first; serial <= last; ++serial) {
      synth::Story story = synth::MakeStory(ctx, serial);
      synth::Tally(story.history, s.calendar, b.year);
      for (auto& f : story.faults) b.faults.push_back(std::move(f));
      b.children.push_back(std::move(story.history));
    }
    return b;
  };
  record::LoadCounts counts;
  std::future<Batch> next = std::async(std::launch::async, draw, int64_t{1});
  for (int64_t first = 1; first <= total; first += static_cast<int64_t>(o.batch)) {
    Batch b = next.get();
    if (first + static_cast<int64_t>(o.batch) <= total) {
      next = std::async(std::launch::async, draw, first + static_cast<int64_t>(o.batch));
    }
    auto loaded = s.loader.Load(who, actor, b.children, kReason, &counts);
    if (!loaded.ok()) {
      if (next.valid()) next.wait();
      return Status(loaded.status().code(),
                    "children " + std::to_string(first) + " onwards: " + loaded.status().message(),
                    loaded.status().field());
    }
    out.children += static_cast<int64_t>(b.children.size());
    for (auto& f : b.faults) out.faults.push_back(std::move(f));
    auto& y = out.year;
    const auto& z = b.year;
    for (auto [a, c] : {std::pair{&y.contacts, z.contacts},
                        {&y.referrals, z.referrals},
                        {&y.re_referrals, z.re_referrals},
                        {&y.referrals_police, z.referrals_police},
                        {&y.referrals_school, z.referrals_school},
                        {&y.referrals_nfa, z.referrals_nfa},
                        {&y.assessments, z.assessments},
                        {&y.assessments_in_45, z.assessments_in_45},
                        {&y.s47, z.s47},
                        {&y.icpcs, z.icpcs},
                        {&y.icpcs_in_15, z.icpcs_in_15},
                        {&y.cp_plans_ended, z.cp_plans_ended},
                        {&y.cp_plans_2y, z.cp_plans_2y},
                        {&y.cin_at_end, z.cin_at_end},
                        {&y.cp_at_end, z.cp_at_end},
                        {&y.cla_at_end, z.cla_at_end},
                        {&y.cla_started, z.cla_started},
                        {&y.cla_ceased, z.cla_ceased},
                        {&y.adopted, z.adopted},
                        {&y.cla_3_placements, z.cla_3_placements},
                        {&y.cla_in_year, z.cla_in_year},
                        {&y.missing_children, z.missing_children},
                        {&y.leavers_19_21, z.leavers_19_21},
                        {&y.leavers_in_touch, z.leavers_in_touch}}) {
      *a += c;
    }
    if (progress) progress(out.children, total);
  }
  out.rows = counts.rows;
  out.warnings = counts.warnings;
  RETURN_IF_ERROR(rebuild.End());
  return out;
}

namespace {
std::string Percent(int64_t part, int64_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}
}  // namespace

std::string FormatSummary(const SyntheticSummary& s) {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line,
                "demo: %d organisations, %d service areas, %lld teams, %lld staff accounts, "
                "%lld children\n",
                s.demo.organisations, s.demo.service_areas,
                static_cast<long long>(s.demo.teams) + static_cast<long long>(s.teams),
                static_cast<long long>(s.demo.users) + static_cast<long long>(s.staff),
                static_cast<long long>(s.children));
  out += line;
  if (s.children == 0) return out;
  out += "rows written:\n";
  for (const auto& [table, n] : s.rows) {
    std::snprintf(line, sizeof line, "  %-28s %10lld\n", table.c_str(), static_cast<long long>(n));
    out += line;
  }
  std::snprintf(line, sizeof line, "  %-28s %10lld\n", "(warnings accepted)",
                static_cast<long long>(s.warnings));
  out += line;
  const auto& y = s.year;
  std::snprintf(line, sizeof line, "the year %s to %s, next to England (NATIONAL_FIGURES.md):\n",
                y.start.ToString().c_str(), y.end.ToString().c_str());
  out += line;
  auto row = [&](const char* what, const std::string& here, const char* england) {
    std::snprintf(line, sizeof line, "  %-44s %12s   %s\n", what, here.c_str(), england);
    out += line;
  };
  auto n = [](int64_t v) { return std::to_string(v); };
  row("contacts", n(y.contacts), "15,000-20,000 for a borough this size");
  row("referrals", n(y.referrals), "about 4,000");
  row("re-referrals within 12 months", Percent(y.re_referrals, y.referrals), "22.6%");
  row("referrals from the police", Percent(y.referrals_police, y.referrals), "28%");
  row("referrals from schools", Percent(y.referrals_school, y.referrals), "21%");
  row("referrals with no further action", Percent(y.referrals_nfa, y.referrals), "6.5%");
  row("assessments completed", n(y.assessments), "");
  row("  within 45 working days of referral", Percent(y.assessments_in_45, y.assessments), "85.7%");
  row("section 47 enquiries", n(y.s47), "about 1,500 (England 230,590 / 633,000 referrals)");
  row("initial conferences", n(y.icpcs), "");
  row("  within 15 working days of the S47 start", Percent(y.icpcs_in_15, y.icpcs), "81.4%");
  row("CP plans ended", n(y.cp_plans_ended), "");
  row("  after 2 years or more", Percent(y.cp_plans_2y, y.cp_plans_ended), "4.4%");
  row("children in need at the year end", n(y.cin_at_end), "about 3,000");
  row("on a CP plan at the year end", n(y.cp_at_end), "300-400");
  row("looked after at the year end", n(y.cla_at_end), "about 550");
  row("started to be looked after", n(y.cla_started), "");
  row("ceased to be looked after", n(y.cla_ceased), "");
  row("  adopted", n(y.adopted), "");
  row("looked after with 3 or more placements", Percent(y.cla_3_placements, y.cla_in_year),
      "about 10%");
  row("looked-after children missing in the year", n(y.missing_children), "");
  row("care leavers 19-21 in touch", Percent(y.leavers_in_touch, y.leavers_19_21), "about 90%");
  row("agency social workers in post today",
      Percent(static_cast<int64_t>(s.agency_share * 1000), 1000), "17.8% (2023), 13.0% (2025)");
  if (!s.faults.empty()) {
    std::snprintf(line, sizeof line, "%zu data-quality faults planted (see the manifest)\n",
                  s.faults.size());
    out += line;
  }
  return out;
}

std::string FaultManifest(const SyntheticSummary& s, const SyntheticOptions& o) {
  nlohmann::json j;
  j["seed"] = o.seed;
  j["scale"] = o.scale;
  j["faults"] = nlohmann::json::array();
  for (const auto& f : s.faults) {
    j["faults"].push_back({{"la_child_id", f.la_child_id},
                           {"kind", f.kind},
                           {"record", f.record},
                           {"field", f.field},
                           {"detail", f.detail}});
  }
  return j.dump(2) + "\n";
}

}  // namespace haven::app
