// The child's record: the summary, the chronology, a tab per part of the record, and one form for
// every step, driven by the step's description (domain::StepSpec), with "check your answers"
// before anything is saved and a manager's authorisation where the step needs one.

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "domain/casework.h"
#include "web/internal/pages.h"

namespace haven::web::internal {
namespace {

using domain::FieldSpec;
using domain::FieldType;
using domain::StepRecord;
using domain::StepSpec;
using http::Method;
using http::Response;

struct TabDef {
  const char* slug;
  const char* title;
  std::vector<std::string> kinds;  // the steps shown and recorded on the tab
};

const std::vector<TabDef>& Tabs() {
  static const std::vector<TabDef> kTabs = {
      {"summary", "Summary", {}},
      {"chronology", "Chronology", {}},
      {"contacts", "Contacts and referrals", {"referral", "early_help"}},
      {"assessments", "Assessments", {"assessment"}},
      {"protection",
       "Section 47s and conferences",
       {"strategy_discussion", "s47", "icpc", "cp_plan", "cp_review", "core_group", "cp_visit"}},
      {"plans", "Child in need plans", {"cin_plan", "cin_review", "cin_visit"}},
      {"care",
       "Care and placements",
       {"care_period", "legal_status", "placement", "uasc_status", "dolo"}},
      {"reviews", "Reviews and visits", {"cla_review", "cla_visit"}},
      {"health",
       "Health and education",
       {"health_check", "sdq", "pep", "substance_misuse", "conviction"}},
      {"missing", "Missing episodes", {"missing_episode"}},
      {"leaving-care",
       "Leaving care",
       {"care_leaver", "pathway_plan_review", "leaver_contact", "staying_put"}},
      {"adoption", "Adoption", {"adoption_plan", "previous_permanence"}},
      {"notes", "Notes", {"case_note"}},
  };
  return kTabs;
}

const TabDef* FindTab(const std::string& slug) {
  for (const auto& t : Tabs()) {
    if (slug == t.slug) return &t;
  }
  return nullptr;
}

const TabDef& TabOfKind(const std::string& kind) {
  if (kind == "start_care") return *FindTab("care");
  for (const auto& t : Tabs()) {
    if (std::find(t.kinds.begin(), t.kinds.end(), kind) != t.kinds.end()) return t;
  }
  return Tabs().front();
}

std::string ChildPath(int64_t id) { return "/children/" + Id(id); }

// Names of users by id, looked up once per page.
class UserNames {
 public:
  explicit UserNames(const Ctx& ctx) : ctx_(ctx) {}
  std::string Of(std::optional<int64_t> id) {
    if (!id) return "";
    auto it = names_.find(*id);
    if (it != names_.end()) return it->second;
    Result<access::User> u = ctx_.s.users.Get(*id);
    return names_[*id] = u.ok() ? u->display_name : "user " + Id(*id);
  }

 private:
  const Ctx& ctx_;
  std::map<int64_t, std::string> names_;
};

std::string StepDate(const StepSpec& spec, const StepRecord& r) {
  return r.Get(spec.date_field).value_or("");
}

std::string StepLabel(const StepRecord& r) {
  const StepSpec* spec = domain::FindStep(r.kind);
  if (!spec) return r.kind;
  const std::string date = StepDate(*spec, r);
  return spec->title + (date.empty() ? "" : ", " + LongDate(date));
}

// A stored value as the user reads it.
std::string Display(const FieldSpec& f, const std::optional<std::string>& v,
                    const std::vector<StepRecord>& steps) {
  if (!v || v->empty()) return "Not recorded";
  switch (f.type) {
    case FieldType::kDate:
      return LongDate(*v);
    case FieldType::kFlag:
      return *v == "1" ? "Yes" : "No";
    case FieldType::kCode:
      return CodeLabel(f.list, *v);
    case FieldType::kCodes: {
      std::string out;
      size_t start = 0;
      while (start <= v->size()) {
        const size_t comma = v->find(',', start);
        const std::string code = v->substr(start, comma - start);
        out += (out.empty() ? "" : "; ") + CodeLabel(f.list, code);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return out;
    }
    case FieldType::kMoney:
      return "£" + *v;
    case FieldType::kRef:
      for (const auto& s : steps) {
        if (s.kind == f.list && Id(s.id) == *v) return StepLabel(s);
      }
      return f.list == "team" ? "Team " + *v : "Record " + *v;
    default:
      return *v;
  }
}

// ---- the record's frame ------------------------------------------------------------------------

struct ChildFrame {
  record::PersonRecord person;
  record::CaseView casework;
};

Result<ChildFrame> LoadChild(const Ctx& ctx, const Visit& v, int64_t id) {
  ChildFrame f;
  ASSIGN_OR_RETURN(f.person, ctx.s.details.GetRecord(v.p, v.actor(), id, "record"));
  ASSIGN_OR_RETURN(f.casework, ctx.s.casework.Case(v.p, v.actor(), id));
  return f;
}

Html ChildHeader(const ChildFrame& f, const std::string& current_tab) {
  const domain::Person& p = f.person.person;
  Html out = Raw("<span class=\"govuk-caption-l\">") +
             Text(p.la_child_id ? "LA child id " + *p.la_child_id : "No LA child id") +
             Raw("</span>") + Heading(1, PersonName(p));
  std::string line;
  if (p.date_of_birth) line += "Born " + LongDate(*p.date_of_birth);
  line += (line.empty() ? "" : " · ") + std::string(p.sex == "M"   ? "Male"
                                                    : p.sex == "F" ? "Female"
                                                                   : "Sex not known");
  out += Para(line);
  for (const auto& a : f.person.current_alerts) out += Warning(a.kind + ": " + a.detail);
  std::vector<NavItem> items;
  for (const auto& t : Tabs()) {
    const std::string href =
        ChildPath(p.id) + (std::string(t.slug) == "summary" ? "" : "/" + std::string(t.slug));
    items.push_back({href, t.title, current_tab == t.slug});
  }
  return out + SubNavigation("Parts of the record", items);
}

Html ClocksTable(const domain::ChildClocks& clocks, size_t limit) {
  TableSpec t{.caption = "Next statutory dates",
              .headers = {"What is due", "Due", "Status"},
              .rows = {},
              .sortable = false,
              .empty = "No statutory dates are open."};
  for (const auto& a : clocks.actions) {
    if (t.rows.size() >= limit) break;
    const auto st = a.clock.state;
    if (st != clocks::ClockState::kDue && st != clocks::ClockState::kOverdue) continue;
    const bool overdue = st == clocks::ClockState::kOverdue;
    t.rows.push_back({Text(a.step), Text(LongDate(a.clock.due.ToString())),
                      overdue ? Badge("Overdue", "red") : Badge("Due", "yellow")});
  }
  return Table(t);
}

const StepRecord* LatestOpen(const std::vector<StepRecord>& steps, const std::string& kind,
                             const std::string& end_field) {
  const StepRecord* out = nullptr;
  for (const auto& s : steps) {
    if (s.kind == kind && !s.Get(end_field)) out = &s;
  }
  return out;
}

Result<Response> Summary(const Ctx& ctx, Visit& v, int64_t id) {
  ASSIGN_OR_RETURN(ChildFrame f, LoadChild(ctx, v, id));
  ASSIGN_OR_RETURN(auto allocations, ctx.s.allocations.History(v.p, v.actor(), id));
  UserNames names(ctx);
  const auto& steps = f.casework.steps;
  const domain::Person& p = f.person.person;

  std::vector<SummaryRow> rows;
  const StepRecord* period = LatestOpen(steps, "care_period", "end_date");
  std::string legal = "Not looked after";
  if (period) {
    const StepRecord* ls = nullptr;
    for (const auto& s : steps) {
      if (s.kind == "legal_status" && s.Ref("care_period_id") == period->id) ls = &s;
    }
    legal = "Looked after since " + LongDate(period->Get("start_date").value_or("")) +
            (ls ? ": " + CodeLabel("legal_status", ls->Get("legal_status").value_or("")) : "");
  }
  rows.push_back({"Legal status", Text(legal), std::nullopt});
  std::string plan = "None";
  if (const StepRecord* cp = LatestOpen(steps, "cp_plan", "end_date")) {
    plan =
        "Child protection plan since " + LongDate(cp->Get("start_date").value_or("")) + " (" +
        CodeLabel("abuse_category",
                  cp->Get("latest_category").value_or(cp->Get("initial_category").value_or(""))) +
        ")";
  } else if (const StepRecord* cin = LatestOpen(steps, "cin_plan", "end_date")) {
    plan = "Child in need plan since " + LongDate(cin->Get("start_date").value_or(""));
  } else if (const StepRecord* eh = LatestOpen(steps, "early_help", "end_date")) {
    plan = "Early help since " + LongDate(eh->Get("start_date").value_or(""));
  }
  rows.push_back({"Current plan", Text(plan), std::nullopt});
  const record::Allocation* current = nullptr;
  for (const auto& a : allocations) {
    if (!a.end_date) current = &a;
  }
  std::string team_name = "Not allocated";
  if (current) {
    team_name = "Team " + Id(current->team_id);
    if (auto teams = ctx.s.org.ListTeams(); teams.ok()) {
      for (const auto& t : *teams) {
        if (t.id == current->team_id) team_name = t.name;
      }
    }
  }
  rows.push_back(
      {"Allocated worker",
       Text(current && current->worker_id ? names.Of(current->worker_id) : "No allocated worker"),
       std::nullopt});
  rows.push_back({"Team", Text(team_name), std::nullopt});
  if (const StepRecord* ref = LatestOpen(steps, "referral", "closure_date")) {
    rows.push_back(
        {"Open referral", Text(LongDate(ref->Get("referral_date").value_or(""))), std::nullopt});
  }

  std::vector<SummaryRow> details = {
      {"Date of birth", Text(p.date_of_birth ? LongDate(*p.date_of_birth) : "Not recorded"),
       std::nullopt},
      {"Ethnicity", Text(p.ethnicity ? CodeLabel("ethnicity", *p.ethnicity) : "Not recorded"),
       std::nullopt},
      {"NHS number", Text(p.nhs_number.value_or("Not recorded")), std::nullopt},
      {"UPN",
       Text(p.upn.value_or(p.upn_unknown ? "None (" + *p.upn_unknown + ")" : "Not recorded")),
       std::nullopt},
  };
  if (!f.person.addresses.empty()) {
    const auto& a = f.person.addresses.back();
    details.push_back({"Address", Text(a.line1 + ", " + a.postcode), std::nullopt});
  }
  for (const auto& n : f.person.names) {
    details.push_back(
        {"Other name (" + n.kind + ")", Text(n.given_name + " " + n.family_name), std::nullopt});
  }

  PageSpec spec;
  spec.title = PersonName(p);
  spec.nav = "search";
  Html actions = Raw("<div class=\"govuk-button-group\">") +
                 A(ChildPath(id) + "/contacts/new", "Record a contact",
                   "govuk-button govuk-button--secondary") +
                 A(ChildPath(id) + "/chronology", "Chronology", "govuk-link") + Raw("</div>");
  spec.body = ChildHeader(f, "summary") + actions +
              Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">") +
              Heading(2, "Now", "m") + SummaryList(rows) + Heading(2, "Details", "m") +
              SummaryList(details) + Raw("</div><div class=\"govuk-grid-column-one-half\">") +
              ClocksTable(f.casework.clocks, 8);
  if (!f.casework.clocks.drift.empty()) {
    spec.body += Heading(2, "Drift", "m");
    for (const auto& d : f.casework.clocks.drift) spec.body += Warning(d);
  }
  spec.body += Raw("</div></div>");
  return Render(ctx, &v, spec);
}

// ---- chronology --------------------------------------------------------------------------------

Result<Response> Chronology(const Ctx& ctx, Visit& v, int64_t id) {
  ASSIGN_OR_RETURN(ChildFrame f, LoadChild(ctx, v, id));
  record::ChronologyFilter filter;
  std::vector<FieldError> errors;
  // The filter is a GET form of kinds and dates: nothing personal goes in the URL.
  std::vector<std::string> kinds;
  {
    std::string_view q = v.req.query;
    while (!q.empty()) {
      const size_t amp = q.find('&');
      std::string_view part = q.substr(0, amp);
      q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
      if (part.rfind("kind=", 0) == 0) {
        if (auto k = http::UrlDecode(part.substr(5)); k && !k->empty()) kinds.push_back(*k);
      }
    }
  }
  filter.kinds = kinds;
  FormData dates;
  for (const char* n : {"from-day", "from-month", "from-year", "to-day", "to-month", "to-year"}) {
    if (auto val = v.req.QueryParam(n)) dates.Set(n, *val);
  }
  auto from = DateFrom(dates, "from", "From date");
  auto to = DateFrom(dates, "to", "To date");
  if (!from.ok()) errors.push_back({from.status().field(), from.status().message()});
  if (!to.ok()) errors.push_back({to.status().field(), to.status().message()});
  if (from.ok()) filter.from = *from;
  if (to.ok()) filter.to = *to;
  std::vector<record::ChronologyEntry> entries;
  if (errors.empty()) {
    ASSIGN_OR_RETURN(entries, ctx.s.casework.Chronology(v.p, v.actor(), id, filter));
  }
  std::reverse(entries.begin(), entries.end());  // newest first
  std::vector<TimelineItem> items;
  for (const auto& e : entries) {
    items.push_back({e.title, "", e.date, Para(e.summary), std::nullopt});
  }
  std::vector<Option> kind_options = {{"contact", "Contacts"}, {"allocation", "Allocations"}};
  for (const auto& s : domain::Steps()) {
    bool seen = false;
    for (const auto& o : kind_options) seen = seen || o.value == s.kind;
    if (!seen) kind_options.push_back({s.kind, s.title});
  }
  const auto fd = DatePartsOf(dates, "from", std::nullopt);
  const auto td = DatePartsOf(dates, "to", std::nullopt);
  Html filter_form =
      Raw("<form method=\"get\" action=\"" + ChildPath(id) + "/chronology\" novalidate>") +
      Raw("<div class=\"moj-filter\"><div class=\"moj-filter__header\"><div "
          "class=\"moj-filter__header-title\"><h2 class=\"govuk-heading-m\">Filter</h2></div>"
          "</div><div class=\"moj-filter__content\"><div class=\"moj-filter__options\">") +
      DateInput({.name = "from", .label = "From", .error = ErrorFor(errors, "from")}, fd.day,
                fd.month, fd.year) +
      DateInput({.name = "to", .label = "To", .error = ErrorFor(errors, "to")}, td.day, td.month,
                td.year) +
      Checkboxes({.name = "kind", .label = "Show only"}, kind_options, kinds) +
      Button("Apply filter") + Raw("</div></div></div></form>");
  PageSpec spec;
  spec.title = "Chronology: " + PersonName(f.person.person);
  spec.nav = "search";
  spec.errors = errors;
  spec.body = ChildHeader(f, "chronology") +
              Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">") +
              filter_form + Raw("</div><div class=\"govuk-grid-column-two-thirds\">") +
              Heading(2, std::to_string(entries.size()) + " entries", "m") + Timeline(items) +
              Raw("</div></div>");
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

// ---- a tab of steps ------------------------------------------------------------------------

Html StepCard(const Visit& v, UserNames& names, const StepSpec& spec, const StepRecord& r,
              const std::vector<StepRecord>& steps) {
  std::vector<SummaryRow> rows;
  for (const auto& f : spec.fields) {
    if (f.type == FieldType::kFlag && !r.Get(f.name)) continue;
    rows.push_back({f.label, Text(Display(f, r.Get(f.name), steps)), std::nullopt});
  }
  rows.push_back({"Recorded by", Text(names.Of(r.recorded_by)), std::nullopt});
  Html status;
  if (spec.needs_authorisation) {
    status = r.authorised_by ? Badge("Authorised by " + names.Of(r.authorised_by) + " on " +
                                         LongDate(r.authorised_at.value_or("")),
                                     "green")
                             : Badge("Awaiting authorisation", "yellow");
    rows.push_back({"Authorisation", status, std::nullopt});
  }
  const std::string base = ChildPath(r.person_id) + "/steps/" + spec.path + "/" + Id(r.id);
  Html actions = A(base + "/change", "Change");
  Html inner = SummaryList(rows);
  if (spec.needs_authorisation && !r.authorised_by && v.Can(access::Permission::kAuthorise)) {
    inner += Form(base + "/authorise", v.p.csrf_token,
                  Hidden("version", Id(r.version)) + Button("Authorise", "", "", true));
  }
  return SummaryCard(StepLabel(r), actions, inner);
}

Result<Response> TabPage(const Ctx& ctx, Visit& v, int64_t id, const TabDef& tab) {
  ASSIGN_OR_RETURN(ChildFrame f, LoadChild(ctx, v, id));
  UserNames names(ctx);
  Html body = ChildHeader(f, tab.slug);
  Html record_links = Raw("<ul class=\"govuk-list\">");
  for (const auto& kind : tab.kinds) {
    const StepSpec* spec = domain::FindStep(kind);
    if (!spec) continue;
    record_links += Raw("<li>") +
                    A(
                        ChildPath(id) + "/new/" + spec->path,
                        "Record a " +
                            [&] {
                              std::string t = spec->title;
                              if (!t.empty() && t[0] >= 'A' && t[0] <= 'Z' &&
                                  !(t.size() > 1 && t[1] >= 'A' && t[1] <= 'Z')) {
                                t[0] = static_cast<char>(t[0] - 'A' + 'a');
                              }
                              return t;
                            }()) +
                    Raw("</li>");
  }
  if (std::string(tab.slug) == "care" && !LatestOpen(f.casework.steps, "care_period", "end_date")) {
    record_links +=
        Raw("<li>") + A(ChildPath(id) + "/start-care", "Bring the child into care") + Raw("</li>");
  }
  body += Heading(2, tab.title, "m") + record_links + Raw("</ul>");
  if (std::string(tab.slug) == "contacts") {
    record::ChronologyFilter cf;
    cf.kinds = {"contact"};
    ASSIGN_OR_RETURN(auto contacts, ctx.s.casework.Chronology(v.p, v.actor(), id, cf));
    TableSpec t{.caption = "Contacts",
                .headers = {"Date", "Contact"},
                .rows = {},
                .sortable = false,
                .empty = "No contacts are recorded."};
    for (auto it = contacts.rbegin(); it != contacts.rend(); ++it) {
      t.rows.push_back({Text(LongDate(it->date)), Text(it->title + ": " + it->summary)});
    }
    body += Table(t);
  }
  size_t any = 0;
  for (const auto& kind : tab.kinds) {
    const StepSpec* spec = domain::FindStep(kind);
    if (!spec) continue;
    std::vector<const StepRecord*> of_kind;
    for (const auto& s : f.casework.steps) {
      if (s.kind == kind) of_kind.push_back(&s);
    }
    if (of_kind.empty()) continue;
    any += of_kind.size();
    size_t shown = 0;
    body += Heading(3, spec->title + " (" + std::to_string(of_kind.size()) + ")", "s");
    // Newest first: the latest in full, older ones a line each.
    constexpr size_t kCards = 3;
    TableSpec older{.caption = "",
                    .headers = {"Date", "Authorisation", ""},
                    .rows = {},
                    .sortable = false,
                    .empty = ""};
    for (auto it = of_kind.rbegin(); it != of_kind.rend(); ++it, ++shown) {
      const StepRecord& r = **it;
      if (shown < kCards) {
        body += StepCard(v, names, *spec, r, f.casework.steps);
        continue;
      }
      older.rows.push_back(
          {Text(LongDate(StepDate(*spec, r))),
           Text(!spec->needs_authorisation ? "Not needed"
                : r.authorised_by          ? "Authorised"
                                           : "Awaiting authorisation"),
           A(ChildPath(r.person_id) + "/steps/" + spec->path + "/" + Id(r.id) + "/change",
             "View or change")});
    }
    if (!older.rows.empty()) {
      body += Raw("<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                  "<span class=\"govuk-details__summary-text\">") +
              Text(std::to_string(older.rows.size()) + " earlier") +
              Raw("</span></summary><div class=\"govuk-details__text\">") + Table(older) +
              Raw("</div></details>");
    }
  }
  if (any == 0) body += Para("Nothing is recorded here yet.");
  PageSpec spec;
  spec.title = std::string(tab.title) + ": " + PersonName(f.person.person);
  spec.nav = "search";
  spec.body = body;
  if (auto saved = v.req.QueryParam("saved")) {
    if (const StepSpec* s = domain::FindStep(*saved)) {
      spec.banner = Banner("Success",
                           Raw("<p class=\"govuk-notification-banner__heading\">") +
                               Text(s->title + " saved.") + Raw("</p>"),
                           true);
    }
  }
  return Render(ctx, &v, spec);
}

// ---- step forms --------------------------------------------------------------------------------

// What a step form needs besides the spec: the child's steps (for references), contacts and
// teams, and the step being changed.
struct FormContext {
  int64_t person_id = 0;
  std::string child_name;
  std::vector<StepRecord> steps;
  std::vector<record::ChronologyEntry> contacts;
  std::vector<org::Team> teams;
  const StepRecord* existing = nullptr;  // when changing
};

// A field that names the step (its identity), which a change may not touch.
bool IsFixed(const StepSpec& spec, const std::string& field) {
  return std::find(spec.fixed.begin(), spec.fixed.end(), field) != spec.fixed.end();
}

std::vector<Option> RefOptions(const FieldSpec& f, const FormContext& fc) {
  std::vector<Option> out;
  if (f.list == "team") {
    for (const auto& t : fc.teams) out.push_back({Id(t.id), t.name});
  } else if (f.list == "contact") {
    for (auto it = fc.contacts.rbegin(); it != fc.contacts.rend(); ++it) {
      out.push_back({Id(it->record_id), "Contact, " + LongDate(it->date)});
    }
  } else {
    for (auto it = fc.steps.rbegin(); it != fc.steps.rend(); ++it) {
      if (it->kind == f.list) out.push_back({Id(it->id), StepLabel(*it)});
    }
  }
  return out;
}

bool LongText(const FieldSpec& f) {
  for (const char* w : {"body", "detail", "participants", "outcome", "reason", "address"}) {
    if (f.name.find(w) != std::string::npos) return true;
  }
  return false;
}

// The input of one field; `posted` says whether to show the form's values or the record's.
Html FieldInput(const FieldSpec& f, const FormData& form, bool posted, const FormContext& fc,
                const std::vector<FieldError>& errors) {
  std::optional<std::string> stored = fc.existing ? fc.existing->Get(f.name) : std::nullopt;
  InputSpec in{.name = f.name, .label = f.label + (f.required ? "" : " (optional)")};
  in.error = ErrorFor(errors, f.name);
  in.value = posted ? form.Get(f.name) : stored.value_or("");
  switch (f.type) {
    case FieldType::kDate: {
      const auto parts = DatePartsOf(form, f.name, stored);
      return DateInput(in, parts.day, parts.month, parts.year);
    }
    case FieldType::kFlag:
      return Radios(in, {{"1", "Yes"}, {"0", "No"}}, true);
    case FieldType::kCode: {
      auto options = CodeOptions(f.list);
      if (options.size() <= 6) return Radios(in, options);
      return Select(in, options, true);
    }
    case FieldType::kCodes: {
      std::vector<std::string> checked = posted ? form.All(f.name) : std::vector<std::string>{};
      if (!posted && stored) {
        size_t start = 0;
        while (start <= stored->size()) {
          const size_t comma = stored->find(',', start);
          checked.push_back(stored->substr(start, comma - start));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
      return Checkboxes(in, CodeOptions(f.list), checked);
    }
    case FieldType::kRef: {
      auto options = RefOptions(f, fc);
      // A new step most often belongs to the latest record it can refer to.
      if (!posted && !fc.existing && in.value.empty() && !options.empty()) {
        in.value = options.front().value;
      }
      return Select(in, options, true);
    }
    case FieldType::kMoney:
      in.width = "govuk-input--width-10";
      in.inputmode = "decimal";
      in.hint = "Pounds a week, for example 650.00";
      return Input(in);
    case FieldType::kCount:
      in.width = "govuk-input--width-4";
      in.inputmode = "numeric";
      return Input(in);
    case FieldType::kPostcode:
      in.width = "govuk-input--width-10";
      in.autocomplete = "off";
      return Input(in);
    case FieldType::kText:
      if (LongText(f)) return Textarea(in);
      return Input(in);
  }
  return Input(in);
}

// The form's values, typed; date errors are collected rather than stopping at the first.
domain::Values ValuesFrom(const StepSpec& spec, const FormData& form,
                          std::vector<FieldError>& errors) {
  domain::Values values;
  for (const auto& f : spec.fields) {
    if (f.derived) continue;
    if (f.type == FieldType::kDate) {
      auto d = DateFrom(form, f.name, f.label);
      if (!d.ok()) {
        errors.push_back({d.status().field(), d.status().message()});
        continue;
      }
      values[f.name] = *d;
    } else if (f.type == FieldType::kCodes) {
      auto all = form.All(f.name);
      std::sort(all.begin(), all.end());
      std::string joined;
      for (const auto& c : all) joined += (joined.empty() ? "" : ",") + c;
      values[f.name] = joined.empty() ? std::nullopt : std::optional<std::string>(joined);
    } else {
      const std::string val = form.Get(f.name);
      values[f.name] = val.empty() ? std::nullopt : std::optional<std::string>(val);
    }
  }
  return values;
}

// The input id a service's field error points to.
std::vector<FieldError> StepErrors(const StepSpec& spec, const Status& s) {
  std::string field = s.field();
  if (const FieldSpec* f = domain::FindField(spec, field); f && f->type == FieldType::kDate) {
    field += "-day";
  }
  return {{field, s.message()}};
}

Result<FormContext> LoadFormContext(const Ctx& ctx, const Visit& v, int64_t person_id,
                                    const StepSpec& spec) {
  FormContext fc;
  fc.person_id = person_id;
  ASSIGN_OR_RETURN(auto person, ctx.s.people.Get(v.p, v.actor(), person_id, "record"));
  fc.child_name = PersonName(person);
  ASSIGN_OR_RETURN(auto cv, ctx.s.casework.Case(v.p, v.actor(), person_id));
  fc.steps = std::move(cv.steps);
  bool wants_contacts = false;
  bool wants_teams = false;
  for (const auto& f : spec.fields) {
    wants_contacts = wants_contacts || (f.type == FieldType::kRef && f.list == "contact");
    wants_teams = wants_teams || (f.type == FieldType::kRef && f.list == "team");
  }
  if (wants_contacts) {
    record::ChronologyFilter cf;
    cf.kinds = {"contact"};
    ASSIGN_OR_RETURN(fc.contacts, ctx.s.casework.Chronology(v.p, v.actor(), person_id, cf));
  }
  if (wants_teams) {
    ASSIGN_OR_RETURN(fc.teams, ctx.s.org.ListTeams());
  }
  return fc;
}

Html ReferralSelect(const FormContext& fc, const std::string& chosen,
                    const std::vector<FieldError>& errors) {
  std::vector<Option> options;
  for (auto it = fc.steps.rbegin(); it != fc.steps.rend(); ++it) {
    if (it->kind != "referral") continue;
    options.push_back(
        {Id(it->id), StepLabel(*it) + (it->Get("closure_date") ? " (closed)" : " (open)")});
  }
  std::string value = chosen;
  if (value.empty() && !options.empty()) value = options.front().value;
  InputSpec in{.name = "referral_id",
               .label = "Referral (CIN episode) this belongs to",
               .value = value,
               .error = ErrorFor(errors, "referral_id")};
  return Select(in, options, options.empty());
}

// The form, filled from what was posted (or the record being changed).
Response StepFormPage(const Ctx& ctx, const Visit& v, const StepSpec& spec, const FormContext& fc,
                      const std::string& action, bool posted,
                      const std::vector<FieldError>& errors) {
  Html fields;
  if (spec.under_referral && !fc.existing) {
    fields += ReferralSelect(
        fc, posted ? v.form.Get("referral_id") : v.req.QueryParam("referral").value_or(""), errors);
  }
  for (const auto& f : spec.fields) {
    if (f.derived) continue;
    if (fc.existing && IsFixed(spec, f.name)) continue;
    fields += FieldInput(f, v.form, posted, fc, errors);
  }
  if (fc.existing) fields += Hidden("version", Id(fc.existing->version));
  PageSpec page;
  page.title = (fc.existing ? "Change: " : "Record: ") + spec.title;
  page.nav = "search";
  page.errors = errors;
  page.back = ChildPath(fc.person_id) + "/" + TabOfKind(spec.kind).slug;
  page.body = Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
              Raw("<span class=\"govuk-caption-l\">") + Text(fc.child_name) + Raw("</span>") +
              Heading(1, fc.existing ? page.title : spec.title) +
              Form(action, v.p.csrf_token, fields + Button("Continue", "step", "check")) +
              Raw("</div></div>");
  return Render(ctx, &v, page, errors.empty() ? 200 : 400);
}

// "Check your answers": every answer, the form's values carried in hidden fields, then save.
Response CheckAnswersPage(const Ctx& ctx, const Visit& v, const StepSpec& spec,
                          const FormContext& fc, const std::string& action,
                          const domain::Values& values) {
  std::vector<SummaryRow> rows;
  if (spec.under_referral && !fc.existing) {
    std::string label = "Not chosen";
    for (const auto& s : fc.steps) {
      if (Id(s.id) == v.form.Get("referral_id")) label = StepLabel(s);
    }
    rows.push_back({"Referral", Text(label), std::nullopt});
  }
  for (const auto& f : spec.fields) {
    auto it = values.find(f.name);
    if (it == values.end()) continue;
    if (fc.existing && IsFixed(spec, f.name)) continue;
    std::string shown;
    if (f.type == FieldType::kRef && it->second) {
      shown = "Not recorded";
      for (const auto& o : RefOptions(f, fc)) {
        if (o.value == *it->second) shown = o.text;
      }
    } else {
      shown = Display(f, it->second, fc.steps);
    }
    rows.push_back({f.label, Text(shown), std::nullopt});
  }
  Html hidden;
  for (const auto& [k, val] : v.form.pairs()) {
    if (k == "csrf_token" || k == "step") continue;
    hidden += Hidden(k, val);
  }
  PageSpec page;
  page.title = "Check your answers: " + spec.title;
  page.nav = "search";
  page.body =
      Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
      Raw("<span class=\"govuk-caption-l\">") + Text(fc.child_name) + Raw("</span>") +
      Heading(1, "Check your answers") + Heading(2, spec.title, "m") + SummaryList(rows) +
      (spec.needs_authorisation ? Inset(Text("A manager must authorise this " + spec.title +
                                             " before it counts as done."))
                                : Html{}) +
      Form(action, v.p.csrf_token,
           hidden + Raw("<div class=\"govuk-button-group\">") + Button("Save", "step", "save") +
               Button("Change your answers", "step", "edit", true) + Raw("</div>")) +
      Raw("</div></div>");
  return Render(ctx, &v, page);
}

Response Saved(const Ctx& ctx, const Visit& v, const StepSpec& spec, int64_t person_id,
               const record::StepResult& result) {
  // The front door's part ends with the referral, which goes to the team's unallocated queue;
  // the record is the team's from then on.
  if (spec.kind == "referral" && v.Has(access::Role::kFrontDoorWorker) &&
      !v.Has(access::Role::kTeamManager)) {
    return Redirect("/front-door?referred=1");
  }
  if (result.warnings.empty()) {
    return Redirect(ChildPath(person_id) + "/" + TabOfKind(spec.kind).slug + "?saved=" + spec.kind);
  }
  // Questionable facts were accepted: say so on a confirmation page rather than losing them in
  // a redirect.
  PageSpec page;
  page.title = spec.title + " saved";
  page.nav = "search";
  Html list = Raw("<ul class=\"govuk-list govuk-list--bullet\">");
  for (const auto& w : result.warnings) list += Tag("li", "", Text(w));
  page.body = Raw("<div class=\"govuk-panel govuk-panel--confirmation\"><h1 "
                  "class=\"govuk-panel__title\">") +
              Text(spec.title + " saved") + Raw("</h1></div>") + Heading(2, "Check these", "m") +
              list + Raw("</ul><p class=\"govuk-body\">") +
              A(ChildPath(person_id) + "/" + TabOfKind(spec.kind).slug, "Back to the record") +
              Raw("</p>");
  return Render(ctx, &v, page);
}

const StepSpec* SpecByPath(const std::string& path) { return domain::FindStepByPath(path); }

Result<Response> NewStep(const Ctx& ctx, Visit& v, int64_t person_id, const StepSpec& spec) {
  ASSIGN_OR_RETURN(FormContext fc, LoadFormContext(ctx, v, person_id, spec));
  const std::string action = ChildPath(person_id) + "/new/" + spec.path;
  if (v.req.method == Method::kGet) return StepFormPage(ctx, v, spec, fc, action, false, {});
  const std::string step = v.form.Get("step");
  if (step == "edit") return StepFormPage(ctx, v, spec, fc, action, true, {});
  std::vector<FieldError> errors;
  domain::Values values = ValuesFrom(spec, v.form, errors);
  std::optional<int64_t> referral_id;
  if (spec.under_referral) {
    int64_t rid = 0;
    const std::string text = v.form.Get("referral_id");
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), rid);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size()) {
      errors.push_back({"referral_id", "Choose the referral this belongs to"});
    } else {
      referral_id = rid;
    }
  }
  if (errors.empty()) {
    domain::Values checked = values;
    Status s = domain::CheckFieldValues(spec, checked, true);
    if (!s.ok()) errors = StepErrors(spec, s);
  }
  if (!errors.empty()) return StepFormPage(ctx, v, spec, fc, action, true, errors);
  if (step != "save") return CheckAnswersPage(ctx, v, spec, fc, action, values);
  Result<record::StepResult> saved = ctx.s.casework.Add(
      v.p, v.actor(), spec.kind, spec.under_referral ? std::nullopt : std::optional(person_id),
      referral_id, values);
  if (!saved.ok()) {
    // A reference to a record that is not the child's (NotFound) is an answer to correct too.
    if (!FormCanFix(saved.status()) && saved.status().code() != StatusCode::kNotFound) {
      return saved.status();
    }
    return StepFormPage(ctx, v, spec, fc, action, true, StepErrors(spec, saved.status()));
  }
  return Saved(ctx, v, spec, person_id, *saved);
}

Result<Response> ChangeStep(const Ctx& ctx, Visit& v, int64_t person_id, const StepSpec& spec,
                            int64_t step_id) {
  ASSIGN_OR_RETURN(StepRecord existing, ctx.s.casework.Get(v.p, v.actor(), spec.kind, step_id));
  if (existing.person_id != person_id) return NotFound("There is no such record for this child.");
  ASSIGN_OR_RETURN(FormContext fc, LoadFormContext(ctx, v, person_id, spec));
  fc.existing = &existing;
  const std::string action =
      ChildPath(person_id) + "/steps/" + spec.path + "/" + Id(step_id) + "/change";
  if (v.req.method == Method::kGet) return StepFormPage(ctx, v, spec, fc, action, false, {});
  const std::string step = v.form.Get("step");
  if (step == "edit") return StepFormPage(ctx, v, spec, fc, action, true, {});
  std::vector<FieldError> errors;
  domain::Values values = ValuesFrom(spec, v.form, errors);
  // Only what changed is sent; identity fields are never offered.
  domain::Values changes;
  for (const auto& [k, val] : values) {
    if (IsFixed(spec, k)) continue;
    if (existing.Get(k) != val) changes[k] = val;
  }
  if (errors.empty()) {
    domain::Values checked = changes;
    Status s = domain::CheckFieldValues(spec, checked, false);
    if (!s.ok()) errors = StepErrors(spec, s);
  }
  if (errors.empty() && changes.empty()) {
    errors.push_back({"", "Nothing has changed. Change an answer, or go back to the record."});
  }
  if (!errors.empty()) return StepFormPage(ctx, v, spec, fc, action, true, errors);
  if (step != "save") return CheckAnswersPage(ctx, v, spec, fc, action, values);
  const int64_t version = FormVersion(v.form);
  Result<record::StepResult> saved =
      ctx.s.casework.Change(v.p, v.actor(), spec.kind, step_id, version, changes);
  if (!saved.ok()) {
    if (!FormCanFix(saved.status())) return saved.status();
    return StepFormPage(ctx, v, spec, fc, action, true, StepErrors(spec, saved.status()));
  }
  return Saved(ctx, v, spec, person_id, *saved);
}

Result<Response> AuthoriseStep(const Ctx& ctx, Visit& v, int64_t person_id, const StepSpec& spec,
                               int64_t step_id) {
  ASSIGN_OR_RETURN(StepRecord existing, ctx.s.casework.Get(v.p, v.actor(), spec.kind, step_id));
  if (existing.person_id != person_id) return NotFound("There is no such record for this child.");
  const int64_t version = FormVersion(v.form);
  RETURN_IF_ERROR(ctx.s.casework.Authorise(v.p, v.actor(), spec.kind, step_id, version).status());
  return Redirect(ChildPath(person_id) + "/" + TabOfKind(spec.kind).slug + "?saved=" + spec.kind);
}

// ---- coming into care ---------------------------------------------------------------------------

// The period of care, its first legal status and its first placement, as one form: the three
// steps' own fields under prefixes, so that one description drives the inputs, the checks and
// "check your answers".
const StepSpec& StartCareSpec() {
  static const StepSpec kSpec = [] {
    StepSpec out;
    out.kind = "start_care";
    out.path = "start-care";
    out.title = "Coming into care";
    const std::vector<std::pair<std::string, std::vector<std::string>>> parts = {
        {"care_period", {"start_date", "category_of_need", "home_postcode"}},
        {"legal_status", {"legal_status"}},
        {"placement",
         {"placement_type", "provider", "carer_kind", "carer_name", "urn", "address", "postcode",
          "intended_duration", "weekly_cost_social_care", "payer"}}};
    for (const auto& [kind, names] : parts) {
      const StepSpec* spec = domain::FindStep(kind);
      for (const auto& name : names) {
        const FieldSpec* f = spec ? domain::FindField(*spec, name) : nullptr;
        if (!f) continue;
        FieldSpec copy = *f;
        copy.name = kind + "-" + name;
        if (kind == "care_period" && name == "start_date") copy.label = "Date care began";
        out.fields.push_back(copy);
      }
    }
    return out;
  }();
  return kSpec;
}

domain::Values PartOf(const domain::Values& all, const std::string& kind) {
  domain::Values out;
  const std::string prefix = kind + "-";
  for (const auto& [k, v] : all) {
    if (k.rfind(prefix, 0) == 0) out[k.substr(prefix.size())] = v;
  }
  return out;
}

Result<Response> StartCare(const Ctx& ctx, Visit& v, int64_t person_id) {
  const StepSpec& spec = StartCareSpec();
  ASSIGN_OR_RETURN(FormContext fc, LoadFormContext(ctx, v, person_id, spec));
  const std::string action = ChildPath(person_id) + "/start-care";
  if (v.req.method == Method::kGet) return StepFormPage(ctx, v, spec, fc, action, false, {});
  const std::string step = v.form.Get("step");
  if (step == "edit") return StepFormPage(ctx, v, spec, fc, action, true, {});
  std::vector<FieldError> errors;
  domain::Values values = ValuesFrom(spec, v.form, errors);
  if (errors.empty()) {
    domain::Values checked = values;
    Status s = domain::CheckFieldValues(spec, checked, true);
    if (!s.ok()) errors = StepErrors(spec, s);
  }
  if (!errors.empty()) return StepFormPage(ctx, v, spec, fc, action, true, errors);
  if (step != "save") return CheckAnswersPage(ctx, v, spec, fc, action, values);
  auto started =
      ctx.s.casework.StartCare(v.p, v.actor(), person_id, PartOf(values, "care_period"),
                               PartOf(values, "legal_status"), PartOf(values, "placement"));
  if (!started.ok()) {
    if (!FormCanFix(started.status())) return started.status();
    // The service names the step's own field; the form's input carries the step's prefix.
    const Status& named = started.status();
    std::string field = named.field();
    for (const char* kind : {"care_period", "legal_status", "placement"}) {
      if (domain::FindField(spec, std::string(kind) + "-" + field)) {
        field = std::string(kind) + "-" + field;
        break;
      }
    }
    return StepFormPage(ctx, v, spec, fc, action, true,
                        StepErrors(spec, InvalidArgument(named.message(), field)));
  }
  return Redirect(ChildPath(person_id) + "/care?saved=care_period");
}

}  // namespace

void AddChildPages(http::Router& r, Ctx ctx) {
  auto start_care = Signed(ctx, [ctx](Visit& v) -> Result<Response> {
    ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
    return StartCare(ctx, v, id);
  });
  r.Add(Method::kGet, "/children/{id}/start-care", start_care);
  r.Add(Method::kPost, "/children/{id}/start-care", start_care);
  r.Add(Method::kGet, "/children/{id}", Signed(ctx, [ctx](Visit& v) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
          return Summary(ctx, v, id);
        }));
  r.Add(Method::kGet, "/children/{id}/{tab}", Signed(ctx, [ctx](Visit& v) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
          const std::string slug = v.req.params.at("tab");
          if (slug == "chronology") return Chronology(ctx, v, id);
          const TabDef* tab = FindTab(slug);
          if (!tab || slug == "summary") return NotFound("There is no such part of the record.");
          return TabPage(ctx, v, id, *tab);
        }));
  auto new_step = Signed(ctx, [ctx](Visit& v) -> Result<Response> {
    ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
    const StepSpec* spec = SpecByPath(v.req.params.at("kind"));
    if (!spec) return NotFound("There is no such form.");
    return NewStep(ctx, v, id, *spec);
  });
  r.Add(Method::kGet, "/children/{id}/new/{kind}", new_step);
  r.Add(Method::kPost, "/children/{id}/new/{kind}", new_step);
  auto change_step = Signed(ctx, [ctx](Visit& v) -> Result<Response> {
    ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
    ASSIGN_OR_RETURN(int64_t step, PathId(v.req, "step"));
    const StepSpec* spec = SpecByPath(v.req.params.at("kind"));
    if (!spec) return NotFound("There is no such form.");
    return ChangeStep(ctx, v, id, *spec, step);
  });
  r.Add(Method::kGet, "/children/{id}/steps/{kind}/{step}/change", change_step);
  r.Add(Method::kPost, "/children/{id}/steps/{kind}/{step}/change", change_step);
  r.Add(Method::kPost, "/children/{id}/steps/{kind}/{step}/authorise",
        Signed(ctx, [ctx](Visit& v) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, PathId(v.req, "id"));
          ASSIGN_OR_RETURN(int64_t step, PathId(v.req, "step"));
          const StepSpec* spec = SpecByPath(v.req.params.at("kind"));
          if (!spec) return NotFound("There is no such form.");
          return AuthoriseStep(ctx, v, id, *spec, step);
        }));
}

}  // namespace haven::web::internal
