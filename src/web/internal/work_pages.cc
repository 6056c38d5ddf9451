// My work and person search.

#include "web/internal/pages.h"

namespace haven::web::internal {
namespace {

using http::Method;
using http::Response;

Html ChildLink(int64_t person_id, const std::string& name) {
  return A("/children/" + Id(person_id), name);
}

std::string DueText(const clocks::Clock& c) {
  if (c.state == clocks::ClockState::kOverdue) {
    const int late = -c.working_days_left;
    return std::to_string(late) + " working day" + (late == 1 ? "" : "s") + " overdue";
  }
  const int left = c.working_days_left;
  return left == 0 ? "Due today"
                   : std::to_string(left) + " working day" + (left == 1 ? "" : "s") + " left";
}

Html WorkTable(const std::string& caption, const std::vector<record::WorkItem>& items,
               const std::string& empty) {
  TableSpec t{.caption = caption,
              .headers = {"Child", "What is due", "Due", "Status"},
              .rows = {},
              .sortable = true,
              .empty = empty};
  for (const auto& i : items) {
    const bool overdue = i.action.clock.state == clocks::ClockState::kOverdue;
    t.rows.push_back({ChildLink(i.person_id, i.name), Text(i.action.step),
                      Text(LongDate(i.action.clock.due.ToString())),
                      Badge(DueText(i.action.clock), overdue ? "red" : "yellow")});
  }
  return Table(t);
}

std::string CaseTypeName(const std::string& t) {
  if (t == "cp") return "Child protection";
  if (t == "cin") return "Child in need";
  if (t == "assessment") return "Assessment";
  if (t == "early_help") return "Early help";
  if (t == "cla") return "Looked after";
  return "Other";
}

Result<Response> MyWork(const Ctx& ctx, Visit& v) {
  PageSpec spec;
  spec.title = "My work";
  spec.nav = "work";
  Html body = Raw("<span class=\"govuk-caption-l\">") + Text(v.p.display_name) + Raw("</span>") +
              Heading(1, "My work");
  record::WorkDue work;
  if (v.Can(access::Permission::kReadPerson)) {
    ASSIGN_OR_RETURN(work, ctx.s.allocations.Work(v.p, v.p.user_id, std::nullopt));
  }
  body += Raw("<div class=\"govuk-grid-row\">");
  const std::vector<std::pair<std::string, size_t>> counts = {
      {"Overdue", work.overdue.size()},
      {"Due this week", work.due_this_week.size()},
      {"Children in my caseload", work.caseload.size()}};
  for (const auto& [label, n] : counts) {
    body +=
        Raw("<div class=\"govuk-grid-column-one-third\"><p class=\"govuk-body\">"
            "<span class=\"haven-count\">" +
            std::to_string(n) + "</span>" + Escape(label) + "</p></div>");
  }
  body += Raw("</div>");
  if (!work.drift.empty()) {
    Html list = Raw("<ul class=\"govuk-list govuk-list--bullet\">");
    for (const auto& d : work.drift) list += Tag("li", "", Text(d));
    body += Heading(2, "Alerts", "m") + Warning("Plans that are drifting") + list + Raw("</ul>");
  }
  body += WorkTable("Overdue", work.overdue, "Nothing is overdue.");
  body += WorkTable("Due this week (to " + LongDate(work.week_ending) + ")", work.due_this_week,
                    "Nothing else is due this week.");
  ASSIGN_OR_RETURN(auto recent, ctx.s.people.RecentlyViewed(v.p, 8));
  body += Heading(2, "Children recently viewed", "m");
  if (recent.empty()) {
    body += Para("You have not opened a child's record yet.");
  } else {
    Html list = Raw("<ul class=\"govuk-list\">");
    for (const auto& p : recent) {
      list += Raw("<li>") + ChildLink(p.id, PersonName(p)) +
              Text(p.date_of_birth ? ", born " + LongDate(*p.date_of_birth) : "") + Raw("</li>");
    }
    body += list + Raw("</ul>");
  }
  TableSpec caseload{.caption = "My caseload",
                     .headers = {"Child", "Case", "Next statutory date"},
                     .rows = {},
                     .sortable = true,
                     .empty = "No children are allocated to you."};
  for (const auto& c : work.caseload) {
    caseload.rows.push_back({ChildLink(c.person_id, c.name), Text(CaseTypeName(c.case_type)),
                             Text(c.next_due ? LongDate(*c.next_due) : "None open")});
  }
  body += Table(caseload);
  spec.body = body;
  return Render(ctx, &v, spec);
}

// ---- search ----------------------------------------------------------------------------------

Html SearchForm(const Visit& v, const std::vector<FieldError>& errors) {
  const auto dob = DatePartsOf(v.form, "date_of_birth", std::nullopt);
  InputSpec name{.name = "name",
                 .label = "Name",
                 .value = v.form.Get("name"),
                 .hint =
                     "Spelling need not be exact: Haven finds names that sound alike and "
                     "known other names.",
                 .autocomplete = "off",
                 .error = ErrorFor(errors, "name")};
  InputSpec date{.name = "date_of_birth",
                 .label = "Date of birth (if known)",
                 .error = ErrorFor(errors, "date_of_birth")};
  InputSpec id{.name = "identifier",
               .label = "LA child id, NHS number or UPN (if known)",
               .value = v.form.Get("identifier"),
               .width = "govuk-input--width-20",
               .autocomplete = "off",
               .error = ErrorFor(errors, "identifier")};
  InputSpec postcode{.name = "postcode",
                     .label = "Postcode (if known)",
                     .value = v.form.Get("postcode"),
                     .width = "govuk-input--width-10",
                     .autocomplete = "off",
                     .error = ErrorFor(errors, "postcode")};
  Html approx = Checkboxes({.name = "approximate_date", .label = "Date of birth"},
                           {{"1", "The date may be a year out, or have the day and month swapped"}},
                           v.form.All("approximate_date"));
  return Form("/search", v.p.csrf_token,
              Input(name) + DateInput(date, dob.day, dob.month, dob.year) + approx + Input(id) +
                  Input(postcode) + Button("Search"));
}

Result<Response> Search(const Ctx& ctx, Visit& v) {
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kReadPerson));
  PageSpec spec;
  spec.title = "Search for a person";
  spec.nav = "search";
  Html results;
  if (v.req.method == Method::kPost) {
    record::SearchQuery q;
    q.name = v.form.Get("name");
    Result<std::optional<std::string>> dob = DateFrom(v.form, "date_of_birth", "Date of birth");
    if (!dob.ok()) {
      spec.errors = ErrorsOf(dob.status());
    } else {
      q.date_of_birth = *dob;
      q.approximate_date = !v.form.All("approximate_date").empty();
      if (!v.form.Get("identifier").empty()) q.identifier = v.form.Get("identifier");
      if (!v.form.Get("postcode").empty()) q.postcode = v.form.Get("postcode");
      if (q.name.empty() && !q.date_of_birth && !q.identifier && !q.postcode) {
        spec.errors = {{"name", "Enter a name, a date of birth, an identifier or a postcode"}};
      }
    }
    if (spec.errors.empty()) {
      Result<std::vector<record::SearchHit>> hits = ctx.s.search.Search(v.p, q);
      if (!hits.ok()) {
        if (hits.status().code() != StatusCode::kInvalidArgument) return hits.status();
        spec.errors = ErrorsOf(hits.status());
      } else {
        TableSpec t{.caption = std::to_string(hits->size()) + " " +
                               (hits->size() == 1 ? "person" : "people") + " found",
                    .headers = {"Name", "Date of birth", "Sex", "LA child id", "NHS number",
                                "Matched on", "Alerts", ""},
                    .rows = {},
                    .sortable = false,
                    .empty = "No one matches. Check the spelling or search on fewer details."};
        for (const auto& h : *hits) {
          Html alerts;
          for (const auto& a : h.current_alerts) alerts += Badge(a.kind, "red") + Text(" ");
          std::string matched;
          for (const auto& m : h.matched_on) {
            matched += (matched.empty() ? "" : ", ") + m;
          }
          t.rows.push_back(
              {ChildLink(h.person.id, PersonName(h.person)),
               Text(h.person.date_of_birth ? LongDate(*h.person.date_of_birth) : ""),
               Text(h.person.sex), Text(h.person.la_child_id.value_or("")),
               Text(h.person.nhs_number.value_or("")), Text(matched), alerts,
               A("/children/" + Id(h.person.id) + "/contacts/new", "Record a contact")});
        }
        if (hits->empty()) t.caption.clear();
        results = Table(t);
      }
    }
  }
  spec.body = Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
              Heading(1, "Search for a person") + SearchForm(v, spec.errors) + Raw("</div></div>") +
              results;
  return Render(ctx, &v, spec, spec.errors.empty() ? 200 : 400);
}

}  // namespace

void AddWorkPages(http::Router& r, Ctx ctx) {
  r.Add(Method::kGet, "/", Signed(ctx, [ctx](Visit& v) { return MyWork(ctx, v); }));
  r.Add(Method::kGet, "/search", Signed(ctx, [ctx](Visit& v) { return Search(ctx, v); }));
  r.Add(Method::kPost, "/search", Signed(ctx, [ctx](Visit& v) { return Search(ctx, v); }));
}

}  // namespace haven::web::internal
