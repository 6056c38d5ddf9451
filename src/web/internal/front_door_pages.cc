// The front door: the queue of contacts awaiting a decision, recording a contact with the child's
// history beside it, and the decision with its threshold reason.

#include <algorithm>
#include <charconv>

#include "domain/contact.h"
#include "web/internal/pages.h"

namespace haven::web::internal {
namespace {

using http::Method;
using http::Response;

std::string DecisionLabel(const std::string& d) {
  if (d == "no_further_action") return "No further action";
  if (d == "advice") return "Advice and information";
  if (d == "early_help") return "Early help";
  if (d == "referral") return "Referral to children's social care";
  if (d == "strategy_discussion") return "Strategy discussion (section 47 concerns)";
  return d;
}

Html ClockBadge(const clocks::Clock& c) {
  switch (c.state) {
    case clocks::ClockState::kOverdue:
      return Badge("Decision overdue", "red");
    case clocks::ClockState::kDue:
      return Badge("Decide by " + LongDate(c.due.ToString()), "yellow");
    case clocks::ClockState::kMet:
      return Badge("Decided in time", "green");
    case clocks::ClockState::kMetLate:
      return Badge("Decided late", "orange");
  }
  return {};
}

Result<Response> Queue(const Ctx& ctx, Visit& v) {
  ASSIGN_OR_RETURN(auto queue, ctx.s.contacts.Queue(v.p));
  TableSpec t{.caption = std::to_string(queue.size()) + " contacts awaiting a decision",
              .headers = {"Received", "Source", "Referrer", "Decision due", ""},
              .rows = {},
              .sortable = true,
              .empty = "No contacts are waiting for a decision."};
  for (const auto& c : queue) {
    t.rows.push_back({Text(LongDateTime(c.contact.received_at)),
                      Text(CodeLabel("referral_source", c.contact.source)),
                      Text(c.contact.referrer_name), ClockBadge(c.decision_clock),
                      A("/front-door/contacts/" + Id(c.contact.id), "Open contact")});
  }
  PageSpec spec;
  spec.title = "Front door";
  spec.nav = "front-door";
  spec.body = Heading(1, "Front door") +
              Para(
                  "To record a new contact, find the child first, then choose \"Record a "
                  "contact\" on their record.") +
              Raw("<p class=\"govuk-body\">") + A("/search", "Find a child") + Raw("</p>") +
              Table(t);
  if (v.req.QueryParam("referred")) {
    spec.banner = Banner("Success",
                         Raw("<p class=\"govuk-notification-banner__heading\">The referral is "
                             "recorded and is in the team's queue to allocate.</p>"),
                         true);
  } else if (v.req.QueryParam("decided")) {
    spec.banner = Banner("Success",
                         Raw("<p class=\"govuk-notification-banner__heading\">The decision is "
                             "recorded.</p>"),
                         true);
  }
  return Render(ctx, &v, spec);
}

// The child's history beside a contact: the chronology's latest entries.
Result<Html> HistoryBeside(const Ctx& ctx, const Visit& v, int64_t person_id) {
  ASSIGN_OR_RETURN(auto entries, ctx.s.casework.Chronology(v.p, v.actor(), person_id, {}));
  std::vector<TimelineItem> items;
  for (auto it = entries.rbegin(); it != entries.rend() && items.size() < 10; ++it) {
    items.push_back({it->title, "", it->date, Para(it->summary), std::nullopt});
  }
  return Heading(2, "History", "m") +
         (entries.empty() ? Para("Haven holds nothing earlier about this child.")
                          : Timeline(items)) +
         Raw("<p class=\"govuk-body\">") +
         A("/children/" + Id(person_id) + "/chronology", "Full chronology") + Raw("</p>");
}

Result<Response> NewContact(const Ctx& ctx, Visit& v) {
  ASSIGN_OR_RETURN(int64_t person_id, PathId(v.req, "id"));
  ASSIGN_OR_RETURN(auto person, ctx.s.people.Identify(v.p, person_id));
  Result<Html> history = HistoryBeside(ctx, v, person_id);
  if (!history.ok() && history.status().code() != StatusCode::kPermissionDenied) {
    return history.status();
  }
  if (!history.ok()) {
    // A front-door worker opens a child's record once a contact about them is in.
    history = Heading(2, "History", "m") +
              Para(
                  "The child's history shows beside the decision, once the contact is "
                  "recorded.");
  }
  const std::string action = "/children/" + Id(person_id) + "/contacts/new";
  const std::string step = v.form.Get("step");
  const bool posted = v.req.method == Method::kPost;
  std::vector<FieldError> errors;
  domain::Contact c;
  c.person_id = person_id;
  if (posted && step != "edit") {
    auto date = DateFrom(v.form, "received", "Date received");
    std::string time = v.form.Get("received_time");
    if (!date.ok()) {
      errors.push_back({date.status().field(), date.status().message()});
    } else if (!*date) {
      errors.push_back({"received-day", "Enter the date the contact was received"});
    }
    if (time.size() == 4 && time[1] == ':') time = "0" + time;
    if (time.size() != 5 || time[2] != ':') {
      errors.push_back({"received_time",
                        "Enter the time received as hours and minutes, for "
                        "example 09:30"});
    }
    if (errors.empty()) c.received_at = **date + "T" + time;
    c.source = v.form.Get("source");
    c.referrer_name = v.form.Get("referrer_name");
    if (!v.form.Get("referrer_agency").empty()) c.referrer_agency = v.form.Get("referrer_agency");
    c.concerns = v.form.Get("concerns");
    if (errors.empty()) {
      const std::string now = FormatTimestamp(ctx.s.clock.Now()).substr(0, 16);
      Status s = domain::ValidateNewContact(c, now);
      if (!s.ok()) {
        std::string field = s.field() == "received_at" ? "received-day" : s.field();
        errors.push_back({field, s.message()});
      }
    }
    if (errors.empty() && step == "save") {
      Result<record::ContactView> saved = ctx.s.contacts.Record(v.p, v.actor(), c);
      if (saved.ok()) return Redirect("/front-door/contacts/" + Id(saved->contact.id));
      if (saved.status().code() != StatusCode::kInvalidArgument) return saved.status();
      errors = ErrorsOf(saved.status());
    }
  }
  PageSpec spec;
  spec.title = "Record a contact";
  spec.nav = "front-door";
  spec.errors = errors;
  spec.back = "/children/" + Id(person_id);
  Html main;
  if (posted && step == "check" && errors.empty()) {
    spec.title = "Check the contact";
    Html hidden;
    for (const auto& [k, val] : v.form.pairs()) {
      if (k != "csrf_token" && k != "step") hidden += Hidden(k, val);
    }
    main = Heading(1, "Check the contact") +
           SummaryList({{"Received", Text(LongDateTime(c.received_at)), std::nullopt},
                        {"Source", Text(CodeLabel("referral_source", c.source)), std::nullopt},
                        {"Referrer", Text(c.referrer_name), std::nullopt},
                        {"Agency", Text(c.referrer_agency.value_or("Not given")), std::nullopt},
                        {"Concerns", Text(c.concerns), std::nullopt}}) +
           Form(action, v.p.csrf_token,
                hidden + Raw("<div class=\"govuk-button-group\">") +
                    Button("Save contact", "step", "save") +
                    Button("Change your answers", "step", "edit", true) + Raw("</div>"));
  } else {
    const auto d = DatePartsOf(v.form, "received", std::nullopt);
    InputSpec source{.name = "source",
                     .label = "Who made the contact",
                     .value = v.form.Get("source"),
                     .error = ErrorFor(errors, "source")};
    main = Heading(1, "Record a contact") +
           Form(action, v.p.csrf_token,
                DateInput({.name = "received",
                           .label = "Date received",
                           .error = ErrorFor(errors, "received")},
                          d.day, d.month, d.year) +
                    Input({.name = "received_time",
                           .label = "Time received",
                           .value = v.form.Get("received_time"),
                           .hint = "For example, 09:30",
                           .width = "govuk-input--width-5",
                           .error = ErrorFor(errors, "received_time")}) +
                    Select(source, CodeOptions("referral_source"), true) +
                    Input({.name = "referrer_name",
                           .label = "Referrer's name",
                           .value = v.form.Get("referrer_name"),
                           .error = ErrorFor(errors, "referrer_name")}) +
                    Input({.name = "referrer_agency",
                           .label = "Referrer's agency (optional)",
                           .value = v.form.Get("referrer_agency"),
                           .error = ErrorFor(errors, "referrer_agency")}) +
                    Textarea({.name = "concerns",
                              .label = "Concerns",
                              .value = v.form.Get("concerns"),
                              .hint = "What the referrer told you, in their words where you can",
                              .error = ErrorFor(errors, "concerns")},
                             6) +
                    Button("Continue", "step", "check"));
  }
  spec.body = Raw("<span class=\"govuk-caption-l\">") + Text(PersonName(person)) +
              Raw("</span><div class=\"govuk-grid-row\"><div "
                  "class=\"govuk-grid-column-two-thirds\">") +
              main + Raw("</div><div class=\"govuk-grid-column-one-third\">") + *history +
              Raw("</div></div>");
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

Result<Response> ContactPage(const Ctx& ctx, Visit& v) {
  ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
  ASSIGN_OR_RETURN(record::ContactRecord rec, ctx.s.contacts.Get(v.p, v.actor(), id));
  std::vector<FieldError> errors;
  const domain::Contact& c = rec.contact.contact;
  if (v.req.method == Method::kPost) {
    const std::string decision = v.form.Get("decision");
    const std::string reason = v.form.Get("threshold_reason");
    if (decision.empty()) errors.push_back({"decision", "Choose a decision"});
    if (reason.empty()) {
      errors.push_back({"threshold_reason", "Give the threshold reason for the decision"});
    }
    const int64_t version = FormVersion(v.form);
    if (errors.empty()) {
      Result<record::ContactView> done =
          ctx.s.contacts.Decide(v.p, v.actor(), id, version, decision, reason);
      if (done.ok()) {
        if (decision == "referral" || decision == "strategy_discussion") {
          return Redirect("/children/" + Id(c.person_id) + "/new/referrals");
        }
        return Redirect("/front-door?decided=1");
      }
      if (!FormCanFix(done.status())) return done.status();
      errors = ErrorsOf(done.status());
    }
  }
  std::vector<SummaryRow> rows = {
      {"Child", A("/children/" + Id(c.person_id), PersonName(rec.person)), std::nullopt},
      {"Date of birth",
       Text(rec.person.date_of_birth ? LongDate(*rec.person.date_of_birth) : "Not recorded"),
       std::nullopt},
      {"Received", Text(LongDateTime(c.received_at)), std::nullopt},
      {"Source", Text(CodeLabel("referral_source", c.source)), std::nullopt},
      {"Referrer", Text(c.referrer_name + (c.referrer_agency ? ", " + *c.referrer_agency : "")),
       std::nullopt},
      {"Concerns", Text(c.concerns), std::nullopt},
      {"Decision clock", ClockBadge(rec.contact.decision_clock), std::nullopt},
  };
  Html decision;
  if (c.decision) {
    rows.push_back({"Decision", Text(DecisionLabel(*c.decision)), std::nullopt});
    rows.push_back({"Threshold reason", Text(c.threshold_reason.value_or("")), std::nullopt});
  } else {
    std::vector<Option> options;
    for (const auto& d : domain::ContactDecisions()) options.push_back({d, DecisionLabel(d)});
    decision = Heading(2, "Decision", "m") +
               Form("/front-door/contacts/" + Id(id), v.p.csrf_token,
                    Radios({.name = "decision",
                            .label = "What happens next",
                            .value = v.form.Get("decision"),
                            .error = ErrorFor(errors, "decision")},
                           options) +
                        Textarea({.name = "threshold_reason",
                                  .label = "Threshold reason",
                                  .value = v.form.Get("threshold_reason"),
                                  .hint = "Why the needs meet this level, with reference to the "
                                          "threshold document",
                                  .error = ErrorFor(errors, "threshold_reason")}) +
                        Hidden("version", Id(c.version)) + Button("Record the decision"));
  }
  TableSpec involvement{.caption = "Involvement",
                        .headers = {"What", "From", "To"},
                        .rows = {},
                        .sortable = false,
                        .empty = "No earlier involvement."};
  for (const auto& i : rec.involvement) {
    const std::string what = i.kind == "referral"     ? "Referral"
                             : i.kind == "cp_plan"    ? "Child protection plan"
                             : i.kind == "cin_plan"   ? "Child in need plan"
                             : i.kind == "early_help" ? "Early help"
                                                      : i.kind;
    involvement.rows.push_back({Text(what + (i.team ? " (" + *i.team + ")" : "")),
                                Text(LongDate(i.start_date)),
                                Text(i.end_date ? LongDate(*i.end_date) : "Open")});
  }
  TableSpec previous{.caption = "Previous contacts",
                     .headers = {"Received", "Source", "Decision"},
                     .rows = {},
                     .sortable = false,
                     .empty = "No previous contacts."};
  for (const auto& p : rec.previous_contacts) {
    previous.rows.push_back(
        {Text(LongDateTime(p.contact.received_at)),
         Text(CodeLabel("referral_source", p.contact.source)),
         Text(p.contact.decision ? DecisionLabel(*p.contact.decision) : "Awaiting decision")});
  }
  PageSpec spec;
  spec.title = "Contact";
  spec.nav = "front-door";
  spec.errors = errors;
  spec.back = "/front-door";
  spec.body = Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
              Heading(1, "Contact") + SummaryList(rows) + decision +
              Raw("</div><div class=\"govuk-grid-column-one-third\">") + Table(involvement) +
              Table(previous) + Raw("</div></div>");
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

}  // namespace

void AddFrontDoorPages(http::Router& r, Ctx ctx) {
  r.Add(Method::kGet, "/front-door", Signed(ctx, [ctx](Visit& v) { return Queue(ctx, v); }));
  auto new_contact = Signed(ctx, [ctx](Visit& v) { return NewContact(ctx, v); });
  r.Add(Method::kGet, "/children/{id}/contacts/new", new_contact);
  r.Add(Method::kPost, "/children/{id}/contacts/new", new_contact);
  auto contact = Signed(ctx, [ctx](Visit& v) { return ContactPage(ctx, v); });
  r.Add(Method::kGet, "/front-door/contacts/{id}", contact);
  r.Add(Method::kPost, "/front-door/contacts/{id}", contact);
}

}  // namespace haven::web::internal
