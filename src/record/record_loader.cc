#include "record/record_loader.h"

#include <deque>

#include "common/date.h"
#include "common/validate.h"
#include "domain/care.h"
#include "domain/codes.h"
#include "record/internal/contact_rows.h"
#include "record/internal/person_rows.h"
#include "record/internal/step_rows.h"
#include "storage/versioned.h"

namespace haven::record {
namespace {

using domain::FieldType;
using domain::StepRecord;
using domain::StepSpec;
using storage::Rows;
using storage::Tx;

// "YYYY-MM-DD" (noon), "YYYY-MM-DDTHH:MM" or a full timestamp as a time; nullopt if not a time.
std::optional<TimePoint> TimeOf(const std::string& text) {
  TimePoint t;
  if (ParseTimestamp(text, &t)) return t;
  auto d = Date::Parse(text.substr(0, 10));
  if (!d) return std::nullopt;
  int hour = 12, minute = 0;
  if (text.size() == 16 && text[10] == 'T' && text[13] == ':') {
    hour = std::stoi(text.substr(11, 2));
    minute = std::stoi(text.substr(14, 2));
  } else if (text.size() != 10) {
    return std::nullopt;
  }
  return TimePoint(std::chrono::sys_days(std::chrono::days(d->days()))) + std::chrono::hours(hour) +
         std::chrono::minutes(minute);
}

struct Worker {
  std::optional<int64_t> team_id;
  bool can_authorise = false;
  std::optional<std::string> start_date, end_date;
};

// What the facts are checked against, read once per batch.
struct Reference {
  std::set<int64_t> service_areas;
  std::set<int64_t> active_teams;
  std::map<int64_t, Worker> users;
  std::string today;   // YYYY-MM-DD
  std::string minute;  // YYYY-MM-DDTHH:MM
};

Result<Reference> ReadReference(Tx& tx, TimePoint now) {
  Reference ref;
  ASSIGN_OR_RETURN(Rows areas, tx.Query("SELECT id FROM service_areas"));
  for (const auto& r : areas.rows) ref.service_areas.insert(r.Int(0));
  ASSIGN_OR_RETURN(Rows teams, tx.Query("SELECT id FROM teams WHERE active = 1"));
  for (const auto& r : teams.rows) ref.active_teams.insert(r.Int(0));
  ASSIGN_OR_RETURN(Rows users,
                   tx.Query("SELECT id, team_id, roles, start_date, end_date FROM users"));
  for (const auto& r : users.rows) {
    Worker w;
    w.team_id = r.OptInt(1);
    for (access::Role role : access::SplitRoles(r.Text(2))) {
      if (access::RoleHas(role, access::Permission::kAuthorise)) w.can_authorise = true;
    }
    w.start_date = r.OptText(3);
    w.end_date = r.OptText(4);
    ref.users[r.Int(0)] = w;
  }
  const std::string stamp = FormatTimestamp(now);
  ref.today = stamp.substr(0, 10);
  ref.minute = stamp.substr(0, 16);
  return ref;
}

// The user must exist and, if `date` is given, be employed on it.
Status CheckUser(const Reference& ref, int64_t id, const std::optional<std::string>& date,
                 const std::string& field) {
  auto it = ref.users.find(id);
  if (it == ref.users.end()) {
    return InvalidArgument("no user with id " + std::to_string(id), field);
  }
  const Worker& w = it->second;
  if (date && ((w.start_date && *date < *w.start_date) || (w.end_date && *date > *w.end_date))) {
    return InvalidArgument("user " + std::to_string(id) + " was not employed on " + *date, field);
  }
  return Status::Ok();
}

Status Located(const Status& s, const std::string& where) {
  if (s.ok()) return s;
  return Status(s.code(), where + ": " + s.message(), s.field());
}

// Loads one child inside the batch's transaction.
class ChildLoad {
 public:
  ChildLoad(Tx& tx, const access::Principal& who, const storage::Actor& actor, const Reference& ref,
            const std::string& reason, LoadCounts& counts)
      : tx_(tx), who_(who), actor_(actor), ref_(ref), reason_(reason), counts_(counts) {}

  Result<LoadedChild> Run(const ChildHistory& h) {
    LoadedChild out;
    ASSIGN_OR_RETURN(out.person_id, WritePerson(h));
    person_id_ = out.person_id;
    for (const auto& a : h.addresses) {
      RETURN_IF_ERROR(Located(WriteAddress(a), "address"));
    }
    for (const auto& c : h.contacts) {
      RETURN_IF_ERROR(Located(WriteContact(c, out), "contact " + c.key));
    }
    for (const auto& s : h.steps) {
      RETURN_IF_ERROR(Located(WriteStep(s, out), s.kind + " " + s.key));
    }
    RETURN_IF_ERROR(CheckDependants());
    RETURN_IF_ERROR(CheckCare());
    for (size_t i = 0; i < h.allocations.size(); ++i) {
      RETURN_IF_ERROR(
          Located(WriteAllocation(h.allocations, i), "allocation " + std::to_string(i + 1)));
    }
    return out;
  }

 private:
  Result<int64_t> WritePerson(const ChildHistory& h) {
    domain::Person p = h.person;
    RETURN_IF_ERROR(domain::NormalisePerson(p));
    RETURN_IF_ERROR(domain::ValidatePerson(p, ref_.today));
    if (!ref_.service_areas.count(p.service_area_id)) {
      return InvalidArgument("no service area with id " + std::to_string(p.service_area_id),
                             "service_area_id");
    }
    dob_ = p.date_of_birth;
    unborn_ = p.kind == domain::PersonKind::kUnborn;
    ASSIGN_OR_RETURN(TimePoint at, At(h.recorded_at, ref_.today, "recorded_at"));
    auto id = internal::InsertPerson(tx_, actor_, p, reason_, at);
    if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("another person already has this LA child id", "la_child_id");
    }
    ++counts_.rows["people"];
    return id;
  }

  Result<TimePoint> At(const std::optional<std::string>& given, const std::string& fallback,
                       const std::string& field) const {
    const std::string text = given.value_or(fallback);
    auto t = TimeOf(text);
    if (!t) return InvalidArgument("not a date or time: '" + text + "'", field);
    if (FormatTimestamp(*t).substr(0, 16) > ref_.minute) {
      // A bare date is read as noon; today's, before noon, means now.
      if (text == ref_.today) return *TimeOf(ref_.minute);
      return InvalidArgument("recorded in the future", field);
    }
    return *t;
  }

  Status WriteAddress(domain::Address a) {
    a.person_id = person_id_;
    RETURN_IF_ERROR(domain::NormaliseAddress(a));
    ASSIGN_OR_RETURN(TimePoint at,
                     At(std::nullopt, a.start_date.value_or(ref_.today), "start_date"));
    ++counts_.rows["person_addresses"];
    return storage::InsertVersioned(tx_, actor_, "person_addresses",
                                    {{"person_id", person_id_},
                                     {"line1", a.line1},
                                     {"line2", storage::OptionalText(a.line2)},
                                     {"town", storage::OptionalText(a.town)},
                                     {"postcode", a.postcode},
                                     {"start_date", storage::OptionalText(a.start_date)},
                                     {"end_date", storage::OptionalText(a.end_date)}},
                                    reason_, at)
        .status();
  }

  Status WriteContact(const LoadContact& lc, LoadedChild& out) {
    domain::Contact c = lc.contact;
    c.person_id = person_id_;
    RETURN_IF_ERROR(domain::ValidateNewContact(c, ref_.minute));
    if (!keys_.insert(lc.key).second || lc.key.empty()) {
      return InvalidArgument("each contact and step needs its own key", "key");
    }
    ASSIGN_OR_RETURN(TimePoint at, At(c.received_at, "", "received_at"));
    ASSIGN_OR_RETURN(const int64_t id, internal::InsertContact(tx_, actor_, c, at));
    ++counts_.rows["contacts"];
    if (c.decision) {
      RETURN_IF_ERROR(domain::ValidateDecision(*c.decision, c.threshold_reason.value_or("")));
      ASSIGN_OR_RETURN(TimePoint decided, At(c.decided_at, "", "decided_at"));
      if (decided < at) return InvalidArgument("decided before the contact came in", "decided_at");
      const int64_t by = c.decided_by.value_or(who_.user_id);
      RETURN_IF_ERROR(CheckUser(ref_, by, FormatTimestamp(decided).substr(0, 10), "decided_by"));
      RETURN_IF_ERROR(internal::WriteDecision(tx_, actor_, id, 1, *c.decision, *c.threshold_reason,
                                              by, decided));
    }
    out.ids[lc.key] = id;
    contacts_[lc.key] = id;
    return Status::Ok();
  }

  Status WriteStep(const LoadStep& s, LoadedChild& out) {
    const StepSpec* spec = domain::FindStep(s.kind);
    if (spec == nullptr)
      return InvalidArgument("no kind of casework called '" + s.kind + "'", "kind");
    if (s.key.empty() || !keys_.insert(s.key).second) {
      return InvalidArgument("each contact and step needs its own key", "key");
    }
    StepRecord rec;
    rec.kind = spec->kind;
    rec.person_id = person_id_;
    rec.values = s.values;
    domain::StepContext ctx;
    ctx.today = ref_.today;
    ctx.date_of_birth = dob_;
    ctx.unborn = unborn_;
    if (spec->under_referral) {
      auto it = steps_.find(s.referral_key);
      if (it == steps_.end() || it->second->kind != "referral") {
        return InvalidArgument("no earlier referral with key '" + s.referral_key + "'",
                               "referral_id");
      }
      ctx.referral = it->second;
      rec.referral_id = it->second->id;
    }
    for (const auto& [field, key] : s.refs) {
      const domain::FieldSpec* f = domain::FindField(*spec, field);
      if (f == nullptr || f->type != FieldType::kRef || f->list == "team") {
        return InvalidArgument("not a reference to another step: " + field, field);
      }
      if (f->list == "contact") {
        auto c = contacts_.find(key);
        if (c == contacts_.end()) {
          return InvalidArgument("no earlier contact with key '" + key + "'", field);
        }
        rec.values[field] = std::to_string(c->second);
        continue;
      }
      auto it = steps_.find(key);
      if (it == steps_.end() || it->second->kind != f->list ||
          (spec->under_referral && it->second->referral_id != rec.referral_id)) {
        return InvalidArgument(f->label + ": no earlier " + domain::FindStep(f->list)->title +
                                   " with key '" + key + "'" +
                                   (spec->under_referral ? " in this referral" : ""),
                               field);
      }
      rec.values[field] = std::to_string(it->second->id);
      ctx.refs[field] = it->second;
    }
    if (spec->kind == "referral") {
      if (auto c = s.refs.find("contact_id"); c != s.refs.end()) {
        if (!used_contacts_.insert(c->second).second) {
          return FailedPrecondition("contact " + c->second + " already led to a referral",
                                    "contact_id");
        }
      }
    }
    if (spec->kind == "care_period" || spec->kind == "legal_status" || spec->kind == "placement") {
      has_care_ = true;
    }
    const int64_t recorded_by = s.recorded_by != 0 ? s.recorded_by : who_.user_id;
    const auto date = rec.Get(spec->date_field);
    // A time defaulted from the step's own date is refused by that date's name.
    ASSIGN_OR_RETURN(TimePoint at, At(s.recorded_at, date.value_or(ref_.today),
                                      s.recorded_at ? "recorded_at" : spec->date_field));
    // As a worker's input: the given fields are checked, then the derived ones filled in.
    RETURN_IF_ERROR(domain::CheckFieldValues(*spec, rec.values, true));
    internal::ApplyStepDefaults(*spec, rec, FormatTimestamp(at));
    if (spec->kind == "referral") {
      // Derived, never given: whether an earlier referral came within the 12 months before.
      rec.values["re_referral"] =
          domain::IsReReferral(rec.Get("referral_date").value_or(""), referral_dates_) ? "1" : "0";
    }
    for (const auto& f : spec->fields) {
      if (f.type != FieldType::kRef || f.list != "team") continue;
      if (auto team = rec.Ref(f.name); team && !ref_.active_teams.count(*team)) {
        return InvalidArgument("no active team with id " + std::to_string(*team), f.name);
      }
    }
    ASSIGN_OR_RETURN(auto warnings, domain::CheckStep(*spec, rec.values, ctx));
    RETURN_IF_ERROR(CheckUser(ref_, recorded_by, std::nullopt, "recorded_by"));
    std::optional<TimePoint> authorised_time;
    if (s.authorised_at) {
      RETURN_IF_ERROR(domain::CheckAuthorisable(*spec, rec.values));
      ASSIGN_OR_RETURN(TimePoint authorised, At(s.authorised_at, "", "authorised_at"));
      authorised_time = authorised;
      if (authorised < at)
        return InvalidArgument("authorised before it was recorded", "authorised_at");
      const int64_t by = s.authorised_by.value_or(who_.user_id);
      RETURN_IF_ERROR(CheckUser(ref_, by, s.authorised_at->substr(0, 10), "authorised_by"));
      if (!ref_.users.at(by).can_authorise) {
        return InvalidArgument("user " + std::to_string(by) + " may not authorise",
                               "authorised_by");
      }
    }
    ASSIGN_OR_RETURN(rec.id,
                     storage::InsertVersioned(tx_, actor_, spec->table,
                                              internal::StepColumns(*spec, rec, recorded_by),
                                              spec->title + " recorded", at));
    ++counts_.rows[spec->table];
    rec.version = 1;
    if (s.authorised_at) {
      const int64_t by = s.authorised_by.value_or(who_.user_id);
      const TimePoint authorised = *authorised_time;
      RETURN_IF_ERROR(storage::UpdateVersioned(
          tx_, actor_, spec->table, rec.id, 1,
          {{"authorised_by", by}, {"authorised_at", FormatTimestamp(authorised)}}, "authorise",
          spec->title + " authorised", authorised));
      rec.authorised_by = by;
      rec.authorised_at = FormatTimestamp(authorised);
      rec.version = 2;
    }
    if (spec->kind == "referral") referral_dates_.push_back(*rec.Get("referral_date"));
    for (auto& w : warnings) out.warnings.push_back(s.kind + " " + s.key + ": " + w);
    counts_.warnings += static_cast<int64_t>(warnings.size());
    out.ids[s.key] = rec.id;
    records_.push_back(std::move(rec));
    steps_[s.key] = &records_.back();
    contexts_.push_back(std::move(ctx));
    return Status::Ok();
  }

  // Every record must still hold what hangs from it (a referral closes after its plans end, a
  // plan contains its visits), as when a worker changes a record that has dependants.
  Status CheckDependants() {
    // Index what hangs from each record once, so a long history is checked in linear time.
    // Ids are per table, so a parent is named by its kind and id.
    std::map<std::pair<std::string, int64_t>, std::vector<const StepRecord*>> dependants;
    for (const StepRecord& d : records_) {
      const StepSpec& dspec = *domain::FindStep(d.kind);
      std::set<std::pair<std::string, int64_t>> parents;
      if (dspec.under_referral && d.referral_id) parents.emplace("referral", *d.referral_id);
      for (const auto& f : dspec.fields) {
        if (f.type != FieldType::kRef || f.list == "team" || f.list == "contact") continue;
        if (auto id = d.Ref(f.name)) parents.emplace(f.list, *id);
      }
      for (const auto& p : parents) dependants[p].push_back(&d);
    }
    for (size_t i = 0; i < records_.size(); ++i) {
      const StepRecord& parent = records_[i];
      auto it = dependants.find({parent.kind, parent.id});
      if (it == dependants.end()) continue;
      domain::StepContext ctx = contexts_[i];  // its referral and references, as when written
      ctx.dependants = it->second;
      RETURN_IF_ERROR(
          Located(domain::CheckStep(*domain::FindStep(parent.kind), parent.values, ctx).status(),
                  parent.kind + " " + std::to_string(parent.id)));
    }
    return Status::Ok();
  }

  Status CheckCare() const {
    if (!has_care_) return Status::Ok();
    std::vector<StepRecord> all(records_.begin(), records_.end());
    StepRecord person;
    person.kind = "person";
    person.id = person_id_;
    person.person_id = person_id_;
    person.values["date_of_birth"] = dob_;
    all.push_back(std::move(person));
    return Located(domain::DeriveEpisodes(all).status(), "care history");
  }

  Status WriteAllocation(const std::vector<LoadAllocation>& all, size_t i) {
    const LoadAllocation& a = all[i];
    RETURN_IF_ERROR(ValidateDate(a.start_date, "start_date"));
    if (a.start_date > ref_.today)
      return InvalidArgument("start_date is in the future", "start_date");
    if (a.end_date) {
      RETURN_IF_ERROR(ValidateDate(*a.end_date, "end_date"));
      if (*a.end_date < a.start_date) {
        return InvalidArgument("the allocation ends before it starts", "end_date");
      }
    }
    if (i > 0 && (!all[i - 1].end_date || *all[i - 1].end_date > a.start_date)) {
      return InvalidArgument("the allocation before is still open on " + a.start_date,
                             "start_date");
    }
    if (!ref_.active_teams.count(a.team_id)) {
      return InvalidArgument("no active team with id " + std::to_string(a.team_id), "team_id");
    }
    if (a.change_reason) {
      RETURN_IF_ERROR(domain::CheckCode("sw_change_reason", *a.change_reason, "change_reason"));
    }
    if (a.worker_id) {
      RETURN_IF_ERROR(CheckUser(ref_, *a.worker_id, a.start_date, "worker_id"));
      const Worker& w = ref_.users.at(*a.worker_id);
      if (w.team_id != a.team_id)
        return InvalidArgument("the worker is not in that team", "worker_id");
      if (w.end_date && (!a.end_date || *a.end_date > *w.end_date)) {
        return InvalidArgument("the worker left on " + *w.end_date + ", while still allocated",
                               "end_date");
      }
    }
    ASSIGN_OR_RETURN(TimePoint at, At(std::nullopt, a.start_date, "start_date"));
    ++counts_.rows["allocations"];
    return storage::InsertVersioned(
               tx_, actor_, "allocations",
               {{"person_id", person_id_},
                {"team_id", a.team_id},
                {"worker_id", a.worker_id ? storage::Value(*a.worker_id) : storage::Null()},
                {"start_date", a.start_date},
                {"end_date", storage::OptionalText(a.end_date)},
                {"reason", a.reason.empty() ? storage::Null() : storage::Value(a.reason)},
                {"change_reason", storage::OptionalText(a.change_reason)}},
               "allocated", at)
        .status();
  }

  Tx& tx_;
  const access::Principal& who_;
  const storage::Actor& actor_;
  const Reference& ref_;
  const std::string& reason_;
  LoadCounts& counts_;
  int64_t person_id_ = 0;
  std::optional<std::string> dob_;
  bool unborn_ = false;
  bool has_care_ = false;
  std::set<std::string> keys_;
  std::map<std::string, int64_t> contacts_;
  std::set<std::string> used_contacts_;
  std::vector<std::string> referral_dates_;
  std::deque<StepRecord> records_;             // stable addresses for the contexts
  std::vector<domain::StepContext> contexts_;  // each record's context when it was written
  std::map<std::string, const StepRecord*> steps_;
};

}  // namespace

Result<std::vector<LoadedChild>> RecordLoader::Load(const access::Principal& who,
                                                    const storage::Actor& actor,
                                                    const std::vector<ChildHistory>& children,
                                                    const std::string& reason, LoadCounts* counts) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kLoadRecords));
  RETURN_IF_ERROR(ValidateText(reason, "reason", 1000));
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  std::vector<LoadedChild> out;
  LoadCounts local;
  const TimePoint now = clock_.Now();
  Status s = store_.Transact(storage::TxMode::kWrite, [&](Tx& tx) -> Status {
    out.clear();
    local = LoadCounts{};
    ASSIGN_OR_RETURN(Reference ref, ReadReference(tx, now));
    for (size_t i = 0; i < children.size(); ++i) {
      ChildLoad load(tx, who, actor, ref, reason, local);
      auto child = load.Run(children[i]);
      if (!child.ok()) {
        const auto& id = children[i].person.la_child_id;
        return Located(child.status(),
                       "child " + std::to_string(i + 1) + (id ? " (" + *id + ")" : std::string()));
      }
      out.push_back(std::move(*child));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (counts != nullptr) {
    for (const auto& [table, n] : local.rows) counts->rows[table] += n;
    counts->warnings += local.warnings;
  }
  return out;
}

}  // namespace haven::record
