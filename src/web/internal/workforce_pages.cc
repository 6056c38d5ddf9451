// The workforce behind the vacancy and sickness measures: each team's establishment against its
// staff, and sickness absence. Administrators and directors see every team, a team manager their
// own. Setting the establishment, recording sickness and a return are forms on the team's page;
// withdrawing a spell entered in error asks for confirmation and a reason first.
#include <cstdio>

#include "web/internal/pages.h"

namespace haven::web::internal {

namespace {

using http::Method;
using http::Response;

std::string Fte(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Sentence(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

// The service's refusal as form errors, with a date's field pointing at its day box.
std::vector<FieldError> FormErrors(const Status& status, const std::vector<std::string>& dates) {
  std::vector<FieldError> out = {{status.field(), Sentence(status.message())}};
  for (auto& e : out) {
    for (const auto& d : dates) {
      if (e.field == d) e.field = d + "-day";
    }
  }
  return out;
}

// A date from the form's three boxes as YYYY-MM-DD ("" when left blank), or the form's errors.
Result<std::string> FormDate(const FormData& form, const std::string& name,
                             const std::string& label) {
  ASSIGN_OR_RETURN(auto date, DateFrom(form, name, label));
  return date.value_or("");
}

Html DateBoxes(const Visit& v, const std::vector<FieldError>& errors, const std::string& name,
               const std::string& label, const std::string& hint) {
  const auto parts = DatePartsOf(v.form, name, std::nullopt);
  return DateInput(
      {.name = name, .label = label, .hint = hint, .error = ErrorFor(errors, name + "-day")},
      parts.day, parts.month, parts.year);
}

// A team's workforce with its sickness, which is logged as read by the visitor.
Result<org::TeamWorkforce> WorkforceOf(const Ctx& ctx, const Visit& v, int64_t team) {
  const storage::Actor reader = v.actor();
  return ctx.s.workforce->Team(team, &reader);
}

Result<Response> Overview(const Ctx& ctx, Visit& v) {
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kManageWorkforce));
  const bool every_team = v.Has(access::Role::kAdministrator) || v.Has(access::Role::kDirector);
  if (!every_team) {
    if (!v.p.team_id) return PermissionDenied("you are not in a team");
    return Redirect("/workforce/teams/" + Id(*v.p.team_id));
  }
  ASSIGN_OR_RETURN(auto teams, ctx.s.org.ListTeams());
  TableSpec t{.caption = "Teams",
              .headers = {"Team", "Establishment (FTE)", "Permanent (FTE)", "Agency (FTE)",
                          "Vacancies (FTE)"},
              .rows = {},
              .sortable = true,
              .empty = "No teams yet."};
  for (const auto& team : teams) {
    if (!team.active) continue;
    ASSIGN_OR_RETURN(auto w, ctx.s.workforce->Team(team.id));
    t.rows.push_back({A("/workforce/teams/" + Id(team.id), team.name),
                      Text(w.establishment ? Fte(*w.establishment) : "Not recorded"),
                      Text(Fte(w.permanent_fte)), Text(Fte(w.agency_fte)),
                      Text(w.vacancies ? Fte(*w.vacancies) : "")});
  }
  PageSpec spec;
  spec.title = "Workforce";
  spec.nav = "workforce";
  spec.body = Heading(1, "Workforce") +
              Para(
                  "Each team's funded social worker posts against the social workers in post "
                  "today. A post an agency worker covers counts as vacant, as the DfE counts it. "
                  "The vacancy and sickness figures are under Performance.") +
              Table(t);
  return Render(ctx, &v, spec);
}

Response TeamPage(const Ctx& ctx, Visit& v, const org::TeamWorkforce& w,
                  const std::vector<FieldError>& errors, const std::string& banner) {
  const std::string base = "/workforce/teams/" + Id(w.team_id);
  Html summary = SummaryList(
      {{"Establishment now",
        Text(w.establishment ? Fte(*w.establishment) + " FTE social worker posts"
                             : "Not recorded: the team is left out of the vacancy rate"),
        std::nullopt},
       {"Permanent social workers in post", Text(Fte(w.permanent_fte) + " FTE"), std::nullopt},
       {"Agency social workers in post", Text(Fte(w.agency_fte) + " FTE"), std::nullopt},
       {"Vacancies", Text(w.vacancies ? Fte(*w.vacancies) + " FTE" : "Not known"), std::nullopt}});
  TableSpec history{.caption = "Establishment over time",
                    .headers = {"From", "Social worker posts (FTE)"},
                    .rows = {},
                    .sortable = false,
                    .empty = "No establishment recorded."};
  for (const auto& e : w.history) {
    history.rows.push_back(
        {Text(LongDate(e.effective_from.ToString())), Text(Fte(e.social_worker_fte))});
  }
  TableSpec staff{.caption = "Staff",
                  .headers = {"Name", "Role", "Employment", "FTE", "Started", "Left"},
                  .rows = {},
                  .sortable = true,
                  .empty = "No staff with an employment start date."};
  std::vector<Option> in_post;
  for (const auto& m : w.staff) {
    staff.rows.push_back({Text(m.display_name), Text(m.social_worker ? "Social worker" : "Other"),
                          Text(m.agency ? "Agency" : "Permanent"), Text(Fte(m.fte)),
                          Text(m.start ? LongDate(m.start->ToString()) : ""),
                          Text(m.end ? LongDate(m.end->ToString()) : "")});
    if (m.in_post) in_post.push_back({Id(m.user_id), m.display_name});
  }
  TableSpec sickness{.caption = "Sickness absence in the last twelve months",
                     .headers = {"Name", "First day", "Last day", "Working days lost", ""},
                     .rows = {},
                     .sortable = false,
                     .empty = "No sickness recorded."};
  for (const auto& s : w.sickness) {
    const std::string spell = "/workforce/sickness/" + Id(s.id);
    Html actions = A(spell + "/withdraw", "Withdraw", "govuk-link");
    if (!s.end) actions = A(spell + "/end", "Record return", "govuk-link") + Text(" · ") + actions;
    sickness.rows.push_back({Text(s.display_name), Text(LongDate(s.start.ToString())),
                             Text(s.end ? LongDate(s.end->ToString()) : "Still off"),
                             Text(std::to_string(s.working_days)), actions});
  }
  Html body =
      Caption("Workforce") + Heading(1, w.team_name) + summary + Table(history) +
      Heading(2, "Change the establishment", "m") +
      Form(base + "/establishment", v.p.csrf_token,
           DateBoxes(v, errors, "effective_from", "From",
                     "For example, 1 4 2026. The same date again corrects it.") +
               Input({.name = "social_worker_fte",
                      .label = "Funded social worker posts (FTE)",
                      .value = v.form.Get("social_worker_fte"),
                      .hint = "For example, 7 or 6.5",
                      .width = "govuk-input--width-5",
                      .inputmode = "decimal",
                      .error = ErrorFor(errors, "social_worker_fte")}) +
               Button("Set establishment")) +
      Table(staff) + Table(sickness) + Heading(2, "Record sickness", "m") +
      Para("Only the days are recorded, never the cause.") +
      Form(base + "/sickness", v.p.csrf_token,
           Select({.name = "user_id",
                   .label = "Member of staff",
                   .value = v.form.Get("user_id"),
                   .error = ErrorFor(errors, "user_id")},
                  in_post, true) +
               DateBoxes(v, errors, "start_date", "First day off", "For example, 2 3 2026") +
               DateBoxes(v, errors, "end_date", "Last day off (optional)",
                         "Leave blank if they are still off") +
               Button("Record sickness"));
  PageSpec spec;
  spec.title = w.team_name + ": workforce";
  spec.nav = "workforce";
  spec.back = "/workforce";
  spec.errors = errors;
  if (!banner.empty()) spec.banner = Banner(banner, {}, true);
  spec.body = body;
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

Result<Response> Team(const Ctx& ctx, Visit& v, const std::string& form) {
  ASSIGN_OR_RETURN(const int64_t team, PathId(v.req, "id"));
  RETURN_IF_ERROR(access::AuthorizeWorkforce(v.p, team));
  ASSIGN_OR_RETURN(auto w, WorkforceOf(ctx, v, team));
  const std::string done = v.req.QueryParam("done").value_or("");
  const std::string banner = done == "establishment" ? "Establishment set"
                             : done == "sickness"    ? "Sickness recorded"
                             : done == "return"      ? "Return recorded"
                             : done == "withdrawn"   ? "Sickness withdrawn"
                                                     : "";
  if (v.req.method == Method::kGet) return TeamPage(ctx, v, w, {}, banner);
  Status result;
  if (form == "establishment") {
    auto from = FormDate(v.form, "effective_from", "From");
    if (!from.ok()) return TeamPage(ctx, v, w, ErrorsOf(from.status()), "");
    if (from->empty()) {
      return TeamPage(ctx, v, w, {{"effective_from-day", "Enter the date it is funded from"}}, "");
    }
    result = ctx.s.workforce
                 ->SetEstablishment(v.actor(), team, *from, v.form.Get("social_worker_fte"),
                                    "establishment set in Haven")
                 .status();
  } else {
    auto start = FormDate(v.form, "start_date", "First day off");
    if (!start.ok()) return TeamPage(ctx, v, w, ErrorsOf(start.status()), "");
    auto end = FormDate(v.form, "end_date", "Last day off");
    if (!end.ok()) return TeamPage(ctx, v, w, ErrorsOf(end.status()), "");
    if (start->empty())
      return TeamPage(ctx, v, w, {{"start_date-day", "Enter the first day off"}}, "");
    int64_t user = 0;
    for (const auto& m : w.staff) {
      if (m.in_post && Id(m.user_id) == v.form.Get("user_id")) user = m.user_id;
    }
    if (user == 0) {
      return TeamPage(ctx, v, w, {{"user_id", "Choose a member of staff in the team"}}, "");
    }
    result =
        ctx.s.workforce->RecordSickness(v.actor(), user, *start, *end, "sickness recorded in Haven")
            .status();
  }
  if (result.ok()) return Redirect("/workforce/teams/" + Id(team) + "?done=" + form);
  if (!FormCanFix(result)) return result;
  ASSIGN_OR_RETURN(w, WorkforceOf(ctx, v, team));
  return TeamPage(ctx, v, w, FormErrors(result, {"effective_from", "start_date", "end_date"}), "");
}

// The spell and its team's workforce, once the reader's right to the team is checked.
Result<std::pair<org::TeamWorkforce, org::SicknessSpell>> SpellOf(const Ctx& ctx, Visit& v) {
  ASSIGN_OR_RETURN(const int64_t id, PathId(v.req, "id"));
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kManageWorkforce));
  ASSIGN_OR_RETURN(const int64_t team, ctx.s.workforce->TeamOfSpell(id));
  RETURN_IF_ERROR(access::AuthorizeWorkforce(v.p, team));
  ASSIGN_OR_RETURN(auto w, WorkforceOf(ctx, v, team));
  ASSIGN_OR_RETURN(auto s, ctx.s.workforce->Spell(id));
  return std::pair{w, s};
}

Result<Response> EndSpell(const Ctx& ctx, Visit& v) {
  ASSIGN_OR_RETURN(auto found, SpellOf(ctx, v));
  const auto& [w, s] = found;
  std::vector<FieldError> errors;
  if (v.req.method == Method::kPost) {
    auto end = FormDate(v.form, "end_date", "Last day off");
    if (!end.ok()) {
      errors = ErrorsOf(end.status());
    } else if (end->empty()) {
      errors = {{"end_date-day", "Enter the last day off"}};
    } else {
      Status done = ctx.s.workforce->EndSickness(v.actor(), s.id, FormVersion(v.form), *end,
                                                 "return recorded in Haven");
      if (done.ok()) return Redirect("/workforce/teams/" + Id(w.team_id) + "?done=return");
      if (!FormCanFix(done)) return done;
      errors = FormErrors(done, {"end_date"});
    }
  }
  PageSpec spec;
  spec.title = "Record a return: " + s.display_name;
  spec.nav = "workforce";
  spec.back = "/workforce/teams/" + Id(w.team_id);
  spec.errors = errors;
  spec.body = Caption(w.team_name) + Heading(1, "Record " + s.display_name + "'s return") +
              Para("Off sick since " + LongDate(s.start.ToString()) + ".") +
              Form("/workforce/sickness/" + Id(s.id) + "/end", v.p.csrf_token,
                   Hidden("version", std::to_string(s.version)) +
                       DateBoxes(v, errors, "end_date", "Last day off",
                                 "The last day they were absent, for example 6 3 2026") +
                       Button("Record return"));
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

Result<Response> WithdrawSpell(const Ctx& ctx, Visit& v) {
  ASSIGN_OR_RETURN(auto found, SpellOf(ctx, v));
  const auto& [w, s] = found;
  std::vector<FieldError> errors;
  if (v.req.method == Method::kPost) {
    Status done = ctx.s.workforce->WithdrawSickness(v.actor(), s.id, FormVersion(v.form),
                                                    v.form.Get("reason"));
    if (done.ok()) return Redirect("/workforce/teams/" + Id(w.team_id) + "?done=withdrawn");
    if (!FormCanFix(done)) return done;
    errors = FormErrors(done, {});
    if (errors[0].field == "reason") errors[0].message = "Say why the spell is withdrawn";
  }
  PageSpec spec;
  spec.title = "Withdraw sickness: " + s.display_name;
  spec.nav = "workforce";
  spec.back = "/workforce/teams/" + Id(w.team_id);
  spec.errors = errors;
  spec.body =
      Caption(w.team_name) + Heading(1, "Are you sure you want to withdraw this sickness?") +
      SummaryList(
          {{"Member of staff", Text(s.display_name), std::nullopt},
           {"First day", Text(LongDate(s.start.ToString())), std::nullopt},
           {"Last day", Text(s.end ? LongDate(s.end->ToString()) : "Still off"), std::nullopt},
           {"Working days lost", Text(std::to_string(s.working_days)), std::nullopt}}) +
      Warning("Withdraw a spell only if it was entered in error. It stays in the history.") +
      Form("/workforce/sickness/" + Id(s.id) + "/withdraw", v.p.csrf_token,
           Hidden("version", std::to_string(s.version)) +
               Textarea({.name = "reason",
                         .label = "Why is it withdrawn?",
                         .value = v.form.Get("reason"),
                         .error = ErrorFor(errors, "reason")},
                        3) +
               Button("Withdraw sickness"));
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

}  // namespace

void AddWorkforcePages(http::Router& r, Ctx ctx) {
  auto guard = [ctx](auto fn) {
    return Signed(ctx, [ctx, fn](Visit& v) -> Result<Response> {
      if (ctx.s.workforce == nullptr) return Unavailable("the workforce is not set up");
      return fn(v);
    });
  };
  r.Add(Method::kGet, "/workforce", guard([ctx](Visit& v) { return Overview(ctx, v); }));
  r.Add(Method::kGet, "/workforce/teams/{id}", guard([ctx](Visit& v) { return Team(ctx, v, ""); }));
  r.Add(Method::kPost, "/workforce/teams/{id}/establishment",
        guard([ctx](Visit& v) { return Team(ctx, v, "establishment"); }));
  r.Add(Method::kPost, "/workforce/teams/{id}/sickness",
        guard([ctx](Visit& v) { return Team(ctx, v, "sickness"); }));
  for (Method m : {Method::kGet, Method::kPost}) {
    r.Add(m, "/workforce/sickness/{id}/end", guard([ctx](Visit& v) { return EndSpell(ctx, v); }));
    r.Add(m, "/workforce/sickness/{id}/withdraw",
          guard([ctx](Visit& v) { return WithdrawSpell(ctx, v); }));
  }
}

}  // namespace haven::web::internal
