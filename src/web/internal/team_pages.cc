// Team management (the unallocated queue, allocating a child, caseloads, the team's overdue
// work), data quality (the returns' validation findings with links to the children), and
// administration (users, teams and roles).

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "web/internal/pages.h"

namespace haven::web::internal {
namespace {

using http::Method;
using http::Response;

std::optional<int64_t> ParseId(const std::string& text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    return std::nullopt;
  }
  return v;
}

Html SuccessBanner(const std::string& text) {
  return Banner("Success",
                Raw("<p class=\"govuk-notification-banner__heading\">") + Text(text) + Raw("</p>"),
                true);
}

// The team the page is about: ?team=ID, else the user's own.
Result<org::Team> TeamOf(const Ctx& ctx, const Visit& v) {
  std::optional<int64_t> id = v.p.team_id;
  if (auto q = v.req.QueryParam("team")) id = ParseId(*q);
  if (!id) return FailedPrecondition("You are not in a team. Ask an administrator to add you.");
  ASSIGN_OR_RETURN(auto teams, ctx.s.org.ListTeams());
  for (const auto& t : teams) {
    if (t.id == *id) return t;
  }
  return NotFound("There is no such team.");
}

std::string Fixed1(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

Result<Response> TeamPage(const Ctx& ctx, Visit& v) {
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kAllocate));
  ASSIGN_OR_RETURN(org::Team team, TeamOf(ctx, v));
  ASSIGN_OR_RETURN(auto queue, ctx.s.allocations.Unallocated(v.p, team.id));
  ASSIGN_OR_RETURN(auto caseloads, ctx.s.allocations.Caseloads(v.p, team.id));
  ASSIGN_OR_RETURN(auto work, ctx.s.allocations.Work(v.p, std::nullopt, team.id));
  TableSpec unallocated{.caption = "Unallocated children (" + std::to_string(queue.size()) + ")",
                        .headers = {"Child", "Referral", "Waiting", ""},
                        .rows = {},
                        .sortable = true,
                        .empty = "Every child with an open referral has a worker."};
  for (const auto& q : queue) {
    unallocated.rows.push_back(
        {A("/children/" + Id(q.person_id), q.name), Text(LongDate(q.referral_date)),
         Badge(std::to_string(q.working_days_waiting) + " working days",
               q.working_days_waiting > 5 ? "red" : "yellow"),
         A("/team/allocate/" + Id(q.person_id) + "?team=" + Id(team.id), "Allocate")});
  }
  TableSpec loads{.caption = "Caseloads",
                  .headers = {"Worker", "Employment", "FTE", "Children", "Weighted"},
                  .rows = {},
                  .sortable = true,
                  .empty = "No workers in the team."};
  for (const auto& c : caseloads) {
    loads.rows.push_back({Text(c.display_name), Text(c.employment_type.value_or("")),
                          Text(c.fte ? Fixed1(*c.fte) : ""), Text(std::to_string(c.children)),
                          Text(Fixed1(c.weighted))});
  }
  TableSpec overdue{
      .caption = "The team's overdue work (" + std::to_string(work.overdue.size()) + ")",
      .headers = {"Child", "What is due", "Due"},
      .rows = {},
      .sortable = true,
      .empty = "Nothing is overdue."};
  for (const auto& i : work.overdue) {
    overdue.rows.push_back({A("/children/" + Id(i.person_id), i.name), Text(i.action.step),
                            Text(LongDate(i.action.clock.due.ToString()))});
  }
  PageSpec spec;
  spec.title = team.name;
  spec.nav = "team";
  if (v.req.QueryParam("allocated")) spec.banner = SuccessBanner("The child is allocated.");
  spec.body = Raw("<span class=\"govuk-caption-l\">Team</span>") + Heading(1, team.name) +
              Table(unallocated) + Table(loads) + Table(overdue);
  return Render(ctx, &v, spec);
}

Result<Response> AllocatePage(const Ctx& ctx, Visit& v) {
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kAllocate));
  auto person_id = ParseId(v.req.params.at("id"));
  if (!person_id) return NotFound("There is no such page.");
  ASSIGN_OR_RETURN(org::Team team, TeamOf(ctx, v));
  ASSIGN_OR_RETURN(auto person, ctx.s.people.Get(v.p, v.actor(), *person_id, "allocation"));
  ASSIGN_OR_RETURN(auto users, ctx.s.users.List());
  std::vector<Option> workers;
  for (const auto& u : users) {
    if (u.team_id == team.id && u.status == access::UserStatus::kActive &&
        (u.roles.count(access::Role::kSocialWorker) || u.roles.count(access::Role::kTeamManager))) {
      workers.push_back({Id(u.id), u.display_name});
    }
  }
  std::vector<FieldError> errors;
  const std::string action = "/team/allocate/" + Id(*person_id) + "?team=" + Id(team.id);
  if (v.req.method == Method::kPost) {
    auto worker = ParseId(v.form.Get("worker_id"));
    if (!worker) errors.push_back({"worker_id", "Choose the social worker"});
    auto start = DateFrom(v.form, "start_date", "Start date");
    if (!start.ok()) {
      errors.push_back({start.status().field(), start.status().message()});
    } else if (!*start) {
      errors.push_back({"start_date-day", "Enter the date the worker takes the child on"});
    }
    const std::string reason = v.form.Get("reason");
    if (reason.empty()) errors.push_back({"reason", "Give the reason for the allocation"});
    if (errors.empty()) {
      auto done =
          ctx.s.allocations.Allocate(v.p, v.actor(), *person_id, team.id, worker, **start, reason);
      if (done.ok()) return Redirect("/team?allocated=1&team=" + Id(team.id));
      if (!FormCanFix(done.status())) return done.status();
      errors = ErrorsOf(done.status());
      if (errors[0].field == "start_date") errors[0].field = "start_date-day";
    }
  }
  const std::string today = FormatTimestamp(ctx.s.clock.Now()).substr(0, 10);
  const auto d = DatePartsOf(v.form, "start_date", today);
  PageSpec spec;
  spec.title = "Allocate " + PersonName(person);
  spec.nav = "team";
  spec.errors = errors;
  spec.back = "/team?team=" + Id(team.id);
  spec.body = Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
              Raw("<span class=\"govuk-caption-l\">") + Text(team.name) + Raw("</span>") +
              Heading(1, "Allocate " + PersonName(person)) +
              Form(action, v.p.csrf_token,
                   Select({.name = "worker_id",
                           .label = "Social worker",
                           .value = v.form.Get("worker_id"),
                           .error = ErrorFor(errors, "worker_id")},
                          workers, true) +
                       DateInput({.name = "start_date",
                                  .label = "Start date",
                                  .error = ErrorFor(errors, "start_date")},
                                 d.day, d.month, d.year) +
                       Textarea({.name = "reason",
                                 .label = "Reason",
                                 .value = v.form.Get("reason"),
                                 .error = ErrorFor(errors, "reason")},
                                3) +
                       Button("Allocate")) +
              Raw("</div></div>");
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

// ---- data quality ------------------------------------------------------------------------------

Result<Response> DataQualityPage(const Ctx& ctx, Visit& v) {
  if (!ctx.s.data_quality) return Unavailable("data quality is not available");
  const std::string kind = v.req.QueryParam("return").value_or("cin");
  if (kind != "cin" && kind != "903") return NotFound("There is no such return.");
  // The collection year ends on 31 March: before April, the current year's; after, next year's.
  const std::string today = FormatTimestamp(ctx.s.clock.Now()).substr(0, 10);
  int year = std::stoi(today.substr(0, 4)) + (today.substr(5, 2) >= "04" ? 1 : 0);
  if (auto q = v.req.QueryParam("year")) {
    if (auto y = ParseId(*q); y && *y >= 2000 && *y <= 2100) year = static_cast<int>(*y);
  }
  auto run = [&](int y) {
    return kind == "cin" ? ctx.s.data_quality->Cin(v.p, v.actor(), y)
                         : ctx.s.data_quality->Ssda903(v.p, v.actor(), y);
  };
  Result<exports::DataQuality> found = run(year);
  Html note;
  // The DfE publishes a year's rules during the year; until Haven has them, the year before.
  if (!found.ok() && found.status().code() == StatusCode::kInvalidArgument &&
      !v.req.QueryParam("year")) {
    note = Inset(Text("Haven does not yet have the DfE's rules for " + std::to_string(year - 1) +
                      "-" + std::to_string(year % 100) + ", so this is the year before."));
    found = run(--year);
  }
  if (!found.ok()) return found.status();
  exports::DataQuality dq = std::move(found).value();
  Html rules;
  for (const auto& r : dq.rules) {
    Html children = Raw("<ul class=\"govuk-list\">");
    size_t shown = 0;
    for (const auto& c : r.children) {
      if (++shown > 50) break;
      children += Raw("<li>") +
                  A("/children/" + Id(c.person_id),
                    (c.la_child_id.empty() ? "Child " + Id(c.person_id) : c.la_child_id) + " (" +
                        c.table + ")") +
                  Raw("</li>");
    }
    children += Raw("</ul>");
    if (r.children.size() > 50) {
      children += Para("and " + std::to_string(r.children.size() - 50) + " more.");
    }
    if (r.withheld > 0) {
      children += Para(std::to_string(r.withheld) + " in records restricted from you.");
    }
    rules += Raw("<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                 "<span class=\"govuk-details__summary-text\">") +
             Text("Rule " + r.rule + ": " + std::to_string(r.count) + " ") +
             (r.severity == returns::Severity::kError ? Badge("Error", "red")
                                                      : Badge("Query", "yellow")) +
             Raw("</span></summary><div class=\"govuk-details__text\">") + Para(r.message) +
             children + Raw("</div></details>");
  }
  PageSpec spec;
  spec.title = "Data quality";
  spec.nav = "data-quality";
  const std::string other = kind == "cin" ? "903" : "cin";
  spec.body =
      Heading(1, "Data quality") +
      SubNavigation("Returns", {{"/data-quality?return=cin&year=" + std::to_string(year),
                                 "CIN census", kind == "cin"},
                                {"/data-quality?return=903&year=" + std::to_string(year),
                                 "SSDA903 (children looked after)", kind == "903"}}) +
      Heading(2,
              std::string(kind == "cin" ? "CIN census" : "SSDA903") + " " +
                  std::to_string(year - 1) + "-" + std::to_string(year % 100),
              "m") +
      note +
      SummaryList({{"Children in the return", Text(std::to_string(dq.children)), std::nullopt},
                   {"Errors", Text(std::to_string(dq.errors)), std::nullopt},
                   {"Queries", Text(std::to_string(dq.queries)), std::nullopt}}) +
      (dq.rules.empty() ? Para("No rule finds anything. The return is ready to send.") : rules) +
      Raw("<p class=\"govuk-body\">") +
      A("/annex-a", "Download Ofsted's Annex A lists for an inspection") + Raw("</p>");
  return Render(ctx, &v, spec);
}

// ---- administration ----------------------------------------------------------------------------

Result<Response> AdminPage(const Ctx& ctx, Visit& v) {
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kManageUsers));
  ASSIGN_OR_RETURN(auto users, ctx.s.users.List());
  ASSIGN_OR_RETURN(auto teams, ctx.s.org.ListTeams());
  auto team_name = [&](std::optional<int64_t> id) -> std::string {
    if (!id) return "";
    for (const auto& t : teams) {
      if (t.id == *id) return t.name;
    }
    return "";
  };
  TableSpec ut{.caption = "Users",
               .headers = {"Username", "Name", "Roles", "Team", "Status", ""},
               .rows = {},
               .sortable = true,
               .empty = "No users."};
  size_t past = 0;
  for (const auto& u : users) {
    // Past staff of a loaded authority name workers in the record but cannot sign in.
    if (u.status == access::UserStatus::kDisabled) {
      ++past;
      continue;
    }
    std::string roles;
    for (auto r : u.roles) roles += (roles.empty() ? "" : ", ") + std::string(RoleName(r));
    ut.rows.push_back({Text(u.username), Text(u.display_name), Text(roles),
                       Text(team_name(u.team_id)),
                       Badge(std::string(access::UserStatusName(u.status)),
                             u.status == access::UserStatus::kActive ? "green" : "red"),
                       A("/admin/users/" + Id(u.id), "Change")});
  }
  TableSpec tt{.caption = "Teams",
               .headers = {"Code", "Name", "Active"},
               .rows = {},
               .sortable = true,
               .empty = "No teams."};
  for (const auto& t : teams) {
    tt.rows.push_back({Text(t.code), Text(t.name), Text(t.active ? "Yes" : "No")});
  }
  PageSpec spec;
  spec.title = "Administration";
  spec.nav = "admin";
  if (v.req.QueryParam("added")) spec.banner = SuccessBanner("The user is added.");
  if (v.req.QueryParam("changed")) spec.banner = SuccessBanner("The user is changed.");
  spec.body = Heading(1, "Administration") + Raw("<p class=\"govuk-body\">") +
              A("/admin/users/new", "Add a user", "govuk-button") + Raw("</p>") + Table(ut) +
              Para(std::to_string(past) + " disabled accounts are not shown.") + Table(tt);
  return Render(ctx, &v, spec);
}

std::vector<Option> RoleOptions() {
  std::vector<Option> out;
  for (auto r : access::AllRoles()) {
    std::string name(RoleName(r));
    std::string label = name;
    std::replace(label.begin(), label.end(), '_', ' ');
    out.push_back({name, label});
  }
  return out;
}

std::vector<Option> TeamOptions(const std::vector<org::Team>& teams) {
  std::vector<Option> out;
  for (const auto& t : teams) out.push_back({Id(t.id), t.name});
  return out;
}

// Changing a user: name, roles, team, and whether they may sign in. Disabling an account is
// asked twice: the form says what it does, and a reason is required.
Result<Response> EditUserPage(const Ctx& ctx, Visit& v) {
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kManageUsers));
  ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
  ASSIGN_OR_RETURN(access::User user, ctx.s.users.Get(id));
  ASSIGN_OR_RETURN(auto teams, ctx.s.org.ListTeams());
  std::vector<FieldError> errors;
  const bool posted = v.req.method == Method::kPost;
  const std::string status =
      posted ? v.form.Get("status") : std::string(access::UserStatusName(user.status));
  if (posted) {
    access::UserPatch patch;
    patch.display_name = v.form.Get("display_name");
    patch.roles = v.form.All("roles");
    patch.team_id = ParseId(v.form.Get("team_id"));
    auto parsed = access::ParseUserStatus(status);
    const std::string reason = v.form.Get("reason");
    if (patch.display_name->empty()) errors.push_back({"display_name", "Enter the person's name"});
    if (patch.roles->empty()) errors.push_back({"roles", "Choose at least one role"});
    if (!parsed) errors.push_back({"status", "Choose whether the account can sign in"});
    if (reason.empty()) errors.push_back({"reason", "Give the reason for the change"});
    if (parsed && *parsed == access::UserStatus::kDisabled && id == v.p.user_id) {
      errors.push_back({"status", "You cannot disable your own account"});
    }
    if (errors.empty()) {
      patch.status = *parsed;
      auto done = ctx.s.users.Update(v.actor(), id, patch, reason);
      if (done.ok()) return Redirect("/admin?changed=1");
      if (!FormCanFix(done.status())) return done.status();
      errors = ErrorsOf(done.status());
    }
  }
  std::vector<std::string> roles;
  if (posted) {
    roles = v.form.All("roles");
  } else {
    for (auto r : user.roles) roles.emplace_back(RoleName(r));
  }
  const std::string team = posted ? v.form.Get("team_id") : (user.team_id ? Id(*user.team_id) : "");
  PageSpec spec;
  spec.title = "Change " + user.display_name;
  spec.nav = "admin";
  spec.errors = errors;
  spec.back = "/admin";
  spec.body =
      Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
      Raw("<span class=\"govuk-caption-l\">") + Text(user.username) + Raw("</span>") +
      Heading(1, "Change " + user.display_name) +
      Form("/admin/users/" + Id(id), v.p.csrf_token,
           Input({.name = "display_name",
                  .label = "Full name",
                  .value = posted ? v.form.Get("display_name") : user.display_name,
                  .error = ErrorFor(errors, "display_name")}) +
               Checkboxes({.name = "roles", .label = "Roles", .error = ErrorFor(errors, "roles")},
                          RoleOptions(), roles) +
               Select({.name = "team_id",
                       .label = "Team (optional)",
                       .value = team,
                       .error = ErrorFor(errors, "team_id")},
                      TeamOptions(teams), true) +
               Radios(
                   {.name = "status",
                    .label = "Account",
                    .value = status,
                    .hint = "A disabled account cannot sign in; its sessions end. Its name "
                            "stays on everything it recorded.",
                    .error = ErrorFor(errors, "status")},
                   {{"active", "Active: can sign in"}, {"disabled", "Disabled: cannot sign in"}}) +
               Textarea({.name = "reason",
                         .label = "Reason for the change",
                         .value = v.form.Get("reason"),
                         .error = ErrorFor(errors, "reason")},
                        2) +
               Button("Save changes")) +
      Raw("</div></div>");
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

Result<Response> NewUserPage(const Ctx& ctx, Visit& v) {
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kManageUsers));
  ASSIGN_OR_RETURN(auto teams, ctx.s.org.ListTeams());
  std::vector<FieldError> errors;
  if (v.req.method == Method::kPost) {
    access::NewUser u;
    u.username = v.form.Get("username");
    u.display_name = v.form.Get("display_name");
    if (!v.form.Get("email").empty()) u.email = v.form.Get("email");
    u.password = v.form.Find("password").value_or("");
    u.roles = v.form.All("roles");
    u.team_id = ParseId(v.form.Get("team_id"));
    if (u.username.empty()) errors.push_back({"username", "Enter a username"});
    if (u.display_name.empty()) errors.push_back({"display_name", "Enter the person's name"});
    if (u.roles.empty()) errors.push_back({"roles", "Choose at least one role"});
    if (u.password.empty()) errors.push_back({"password", "Enter a first password"});
    if (errors.empty()) {
      auto made = ctx.s.users.Create(v.actor(), u, "added in Haven's administration pages");
      if (made.ok()) return Redirect("/admin?added=1");
      if (made.status().code() != StatusCode::kInvalidArgument &&
          made.status().code() != StatusCode::kAlreadyExists) {
        return made.status();
      }
      errors = ErrorsOf(made.status());
    }
  }
  const std::vector<Option> role_options = RoleOptions();
  const std::vector<Option> team_options = TeamOptions(teams);
  PageSpec spec;
  spec.title = "Add a user";
  spec.nav = "admin";
  spec.errors = errors;
  spec.back = "/admin";
  spec.body =
      Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
      Heading(1, "Add a user") +
      Form("/admin/users/new", v.p.csrf_token,
           Input({.name = "username",
                  .label = "Username",
                  .value = v.form.Get("username"),
                  .width = "govuk-input--width-20",
                  .autocomplete = "off",
                  .error = ErrorFor(errors, "username")}) +
               Input({.name = "display_name",
                      .label = "Full name",
                      .value = v.form.Get("display_name"),
                      .error = ErrorFor(errors, "display_name")}) +
               Input({.name = "email",
                      .label = "Email (optional)",
                      .value = v.form.Get("email"),
                      .type = "email",
                      .autocomplete = "off",
                      .error = ErrorFor(errors, "email")}) +
               Checkboxes({.name = "roles", .label = "Roles", .error = ErrorFor(errors, "roles")},
                          role_options, v.form.All("roles")) +
               Select({.name = "team_id",
                       .label = "Team (optional)",
                       .value = v.form.Get("team_id"),
                       .error = ErrorFor(errors, "team_id")},
                      team_options, true) +
               Input({.name = "password",
                      .label = "First password",
                      .hint = "At least 12 characters. Give it to the person in person; they "
                              "should change it.",
                      .type = "password",
                      .autocomplete = "new-password",
                      .error = ErrorFor(errors, "password")}) +
               Button("Add user")) +
      Raw("</div></div>");
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

}  // namespace

void AddTeamPages(http::Router& r, Ctx ctx) {
  r.Add(Method::kGet, "/team", Signed(ctx, [ctx](Visit& v) { return TeamPage(ctx, v); }));
  auto allocate = Signed(ctx, [ctx](Visit& v) { return AllocatePage(ctx, v); });
  r.Add(Method::kGet, "/team/allocate/{id}", allocate);
  r.Add(Method::kPost, "/team/allocate/{id}", allocate);
  r.Add(Method::kGet, "/data-quality",
        Signed(ctx, [ctx](Visit& v) { return DataQualityPage(ctx, v); }));
  r.Add(Method::kGet, "/admin", Signed(ctx, [ctx](Visit& v) { return AdminPage(ctx, v); }));
  auto new_user = Signed(ctx, [ctx](Visit& v) { return NewUserPage(ctx, v); });
  r.Add(Method::kGet, "/admin/users/new", new_user);
  r.Add(Method::kPost, "/admin/users/new", new_user);
  // After the literal routes: the router takes the first pattern that matches.
  auto edit_user = Signed(ctx, [ctx](Visit& v) { return EditUserPage(ctx, v); });
  r.Add(Method::kGet, "/admin/users/{id}", edit_user);
  r.Add(Method::kPost, "/admin/users/{id}", edit_user);
}

}  // namespace haven::web::internal
