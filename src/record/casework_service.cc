#include "record/casework_service.h"

#include <algorithm>
#include <array>

#include "common/date.h"
#include "domain/care.h"
#include "domain/codes.h"
#include "record/internal/person_rows.h"
#include "record/internal/step_rows.h"
#include "storage/versioned.h"

namespace haven::record {
namespace {

using domain::FieldType;
using domain::StepRecord;
using domain::StepSpec;
using domain::Values;
using internal::Bind;
using internal::RecordFrom;
using internal::SelectSql;
using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

std::string CodeLabel(const std::string& list, const std::optional<std::string>& code) {
  if (!code) return "";
  for (const auto& c : domain::Codes(list).codes) {
    if (c.code == *code) return c.label;
  }
  return *code;
}

// A line that says what the step found or decided, for the chronology.
std::string Summary(const StepSpec& spec, const StepRecord& r) {
  if (spec.kind == "case_note") {
    return CodeLabel("note_type", r.Get("note_type")) + ": " + r.Get("subject").value_or("");
  }
  if (spec.kind == "referral") {
    std::string s = "from " + CodeLabel("referral_source", r.Get("source"));
    if (r.Get("primary_need")) s += "; need: " + CodeLabel("primary_need", r.Get("primary_need"));
    if (r.Get("re_referral") == "1") s += "; re-referral";
    return s;
  }
  if (spec.kind == "cp_plan")
    return "category: " + CodeLabel("abuse_category", r.Get("latest_category"));
  if (spec.kind == "cp_visit") {
    return r.Get("seen_alone") == "1" ? "seen alone" : r.Get("seen") == "1" ? "seen" : "not seen";
  }
  const domain::FieldSpec* outcome = domain::FindField(spec, "outcome");
  if (outcome && r.Get("outcome")) {
    return outcome->type == FieldType::kCode ? CodeLabel(outcome->list, r.Get("outcome"))
                                             : *r.Get("outcome");
  }
  return "";
}

std::optional<int64_t> ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoll(text);
}

Result<StepSpec const*> SpecOf(const std::string& kind) {
  const StepSpec* spec = domain::FindStep(kind);
  if (spec == nullptr) return NotFound("no kind of casework called '" + kind + "'");
  return spec;
}

}  // namespace

Date CaseworkService::Today() const {
  return *Date::Parse(FormatTimestamp(clock_.Now()).substr(0, 10));
}

Result<StepRecord> CaseworkService::Load(Tx& tx, const StepSpec& spec, int64_t id) const {
  ASSIGN_OR_RETURN(Rows rows, tx.Query(SelectSql(spec) + " WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("no " + spec.title + " with id " + std::to_string(id));
  return RecordFrom(spec, rows.rows[0]);
}

Result<std::vector<StepRecord>> CaseworkService::LoadSteps(Tx& tx, int64_t person_id) const {
  ASSIGN_OR_RETURN(auto by_person, LoadStepsOfMany(tx, {person_id}));
  return std::move(by_person[person_id]);
}

Result<std::map<int64_t, std::vector<StepRecord>>> CaseworkService::LoadStepsOfMany(
    Tx& tx, const std::vector<int64_t>& person_ids) const {
  std::map<int64_t, std::vector<StepRecord>> out;
  for (int64_t id : person_ids) out[id];
  // Children are read in groups with one query per table, not one per table and child: a
  // caseload of 20 takes 37 queries, not 740. The group sizes are few and fixed (missing places
  // hold 0, which is no one's id) so each statement is prepared once, and its text is built once.
  constexpr size_t kSizes[] = {1, 8, 32};
  static const std::vector<std::array<std::string, 3>> kStepSql = [&] {
    std::vector<std::array<std::string, 3>> sql;
    for (const StepSpec& spec : domain::Steps()) {
      auto& of_spec = sql.emplace_back();
      for (size_t k = 0; k < 3; ++k) {
        std::string in = "(";
        for (size_t i = 0; i < kSizes[k]; ++i) in += i == 0 ? "?" : ", ?";
        of_spec[k] = SelectSql(spec) + " WHERE person_id IN " + in + ") ORDER BY person_id, " +
                     spec.date_field + ", id";
      }
    }
    return sql;
  }();
  for (size_t start = 0; start < person_ids.size();) {
    const size_t left = person_ids.size() - start;
    const size_t k = left == 1 ? 0 : left <= 8 ? 1 : 2;
    const size_t size = kSizes[k];
    std::vector<storage::Value> ids;
    ids.reserve(size);
    std::string in = "(";
    for (size_t i = 0; i < size; ++i) {
      ids.emplace_back(start + i < person_ids.size() ? person_ids[start + i] : int64_t{0});
      in += i == 0 ? "?" : ", ?";
    }
    in += ")";
    start += std::min(size, left);
    const auto& steps = domain::Steps();
    for (size_t j = 0; j < steps.size(); ++j) {
      const StepSpec& spec = steps[j];
      ASSIGN_OR_RETURN(Rows rows, tx.Query(kStepSql[j][k], ids));
      for (const Row& r : rows.rows) {
        StepRecord rec = RecordFrom(spec, r);
        out[rec.person_id].push_back(std::move(rec));
      }
    }
    // The child's date of birth, which some clocks depend on, as a record of kind "person".
    ASSIGN_OR_RETURN(Rows born,
                     tx.Query("SELECT id, date_of_birth FROM people WHERE id IN " + in, ids));
    for (const Row& r : born.rows) {
      StepRecord p;
      p.kind = "person";
      p.id = r.Int(0);
      p.person_id = r.Int(0);
      p.values["date_of_birth"] = r.OptText(1);
      out[p.person_id].push_back(std::move(p));
    }
    ASSIGN_OR_RETURN(Rows contacts,
                     tx.Query("SELECT id, person_id, received_at, decided_at, source, decision, "
                              "version, created_at FROM contacts WHERE person_id IN " +
                                  in + " ORDER BY person_id, received_at, id",
                              ids));
    for (const Row& r : contacts.rows) {
      StepRecord c;
      c.kind = "contact";
      c.id = r.Int(0);
      c.person_id = r.Int(1);
      c.values["received_date"] = r.Text(2).substr(0, 10);
      if (!r.IsNull(3)) c.values["decided_date"] = r.Text(3).substr(0, 10);
      c.values["source"] = r.OptText(4);
      c.values["decision"] = r.OptText(5);
      c.version = r.Int(6);
      c.created_at = r.Text(7);
      out[c.person_id].push_back(std::move(c));
    }
  }
  return out;
}

domain::ChildClocks CaseworkService::ClocksOf(const std::vector<StepRecord>& steps) const {
  return domain::DeriveClocks(steps, Today(), timescales_, calendar_);
}

Result<domain::StepContext> CaseworkService::ContextFor(Tx& tx, const StepSpec& spec,
                                                        const StepRecord& record,
                                                        std::deque<StepRecord>& holder) const {
  domain::StepContext ctx;
  ctx.today = Today().ToString();
  ASSIGN_OR_RETURN(domain::Person person, internal::LoadPerson(tx, record.person_id));
  ctx.date_of_birth = person.date_of_birth;
  ctx.unborn = person.kind == domain::PersonKind::kUnborn;
  if (spec.under_referral) {
    ASSIGN_OR_RETURN(StepRecord referral,
                     Load(tx, *domain::FindStep("referral"), record.referral_id.value_or(0)));
    if (referral.person_id != record.person_id) {
      return InvalidArgument("the referral is about another person", "referral_id");
    }
    holder.push_back(std::move(referral));
    ctx.referral = &holder.back();
  }
  for (const auto& f : spec.fields) {
    if (f.type != FieldType::kRef || f.derived) continue;
    auto id = record.Ref(f.name);
    if (!id) continue;
    if (f.list == "team") {
      ASSIGN_OR_RETURN(Rows team, tx.Query("SELECT active FROM teams WHERE id = ?", {*id}));
      if (team.empty() || team.rows[0].Int(0) != 1) {
        return InvalidArgument("no active team with id " + std::to_string(*id), f.name);
      }
      continue;
    }
    if (f.list == "contact") {
      ASSIGN_OR_RETURN(Rows c, tx.Query("SELECT person_id FROM contacts WHERE id = ?", {*id}));
      if (c.empty() || c.rows[0].Int(0) != record.person_id) {
        return InvalidArgument("no contact with id " + std::to_string(*id) + " about this person",
                               f.name);
      }
      continue;
    }
    auto parent = Load(tx, *domain::FindStep(f.list), *id);
    if (!parent.ok() || parent->person_id != record.person_id ||
        (spec.under_referral && parent->referral_id != record.referral_id)) {
      return InvalidArgument(f.label + ": no " + domain::FindStep(f.list)->title + " with id " +
                                 std::to_string(*id) + " in this referral",
                             f.name);
    }
    holder.push_back(std::move(*parent));
    ctx.refs[f.name] = &holder.back();
  }
  // What hangs from this record, when it already exists: for a referral, every step in it; for
  // any other step, the steps whose references point at it.
  if (record.id != 0) {
    for (const StepSpec& other : domain::Steps()) {
      std::vector<std::string> columns;
      if (spec.kind == "referral") {
        if (other.under_referral) columns.emplace_back("referral_id");
      } else {
        for (const auto& f : other.fields) {
          if (f.type == FieldType::kRef && f.list == spec.kind) columns.push_back(f.name);
        }
      }
      for (const auto& column : columns) {
        ASSIGN_OR_RETURN(Rows rows,
                         tx.Query(SelectSql(other) + " WHERE " + column + " = ?", {record.id}));
        for (const Row& r : rows.rows) {
          holder.push_back(RecordFrom(other, r));
          ctx.dependants.push_back(&holder.back());
        }
      }
    }
  }
  return ctx;
}

Result<StepResult> CaseworkService::Add(const access::Principal& who, const storage::Actor& actor,
                                        const std::string& kind, std::optional<int64_t> person_id,
                                        std::optional<int64_t> referral_id, Values values) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  ASSIGN_OR_RETURN(const StepSpec* spec, SpecOf(kind));
  // Which child: from the referral for steps under one, else as given.
  if (spec->under_referral) {
    if (!referral_id) return InvalidArgument("name the referral this belongs to", "referral_id");
    ASSIGN_OR_RETURN(Rows r, storage::QueryOnce(store_,
                                                "SELECT person_id FROM referrals "
                                                "WHERE id = ?",
                                                {*referral_id}));
    if (r.empty()) {
      return InvalidArgument("no referral with id " + std::to_string(*referral_id), "referral_id");
    }
    person_id = r.rows[0].Int(0);
  } else if (!person_id) {
    return InvalidArgument("name the person this is about", "person_id");
  }
  // A referral made from a contact takes its date and source from the contact, so they are
  // entered once; and it goes to the caller's team unless another is named.
  if (spec->kind == "referral") {
    auto contact = values.find("contact_id");
    std::optional<int64_t> contact_id;
    if (contact != values.end() && contact->second) contact_id = ParseId(*contact->second);
    if (contact_id && !values.count("referral_date")) {
      ASSIGN_OR_RETURN(Rows c, storage::QueryOnce(store_,
                                                  "SELECT received_at, source FROM "
                                                  "contacts WHERE id = ? AND person_id = ?",
                                                  {*contact_id, *person_id}));
      if (!c.empty()) {
        values["referral_date"] = c.rows[0].Text(0).substr(0, 10);
        if (!values.count("source")) values["source"] = c.rows[0].Text(1);
      }
    }
    if (!values.count("team_id") && who.team_id) values["team_id"] = std::to_string(*who.team_id);
  }
  if (spec->kind == "care_period") {
    return FailedPrecondition(
        "a child comes into care with a legal status and a placement: send "
        "them with the period of care (StartCare)");
  }
  RETURN_IF_ERROR(domain::CheckFieldValues(*spec, values, true));
  RETURN_IF_ERROR(access_.Check(who, actor, *person_id));

  StepResult out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    StepRecord rec;
    rec.kind = spec->kind;
    rec.person_id = *person_id;
    if (spec->under_referral) rec.referral_id = referral_id;
    rec.values = values;
    if (spec->kind == "referral") {
      ASSIGN_OR_RETURN(Rows earlier, tx.Query("SELECT referral_date FROM referrals WHERE "
                                              "person_id = ?",
                                              {*person_id}));
      std::vector<std::string> dates;
      for (const Row& r : earlier.rows) dates.push_back(r.Text(0));
      rec.values["re_referral"] = domain::IsReReferral(*values["referral_date"], dates) ? "1" : "0";
      if (auto c = rec.Ref("contact_id")) {
        ASSIGN_OR_RETURN(Rows used,
                         tx.Query("SELECT id FROM referrals WHERE contact_id = ?", {*c}));
        if (!used.empty()) {
          return FailedPrecondition(
              "contact " + std::to_string(*c) + " already led to referral " + used.rows[0].Text(0),
              "contact_id");
        }
      }
    }
    ASSIGN_OR_RETURN(out, InsertStep(tx, who, actor, *spec, std::move(rec)));
    if (domain::ShapesEpisodes(spec->kind)) RETURN_IF_ERROR(CheckEpisodes(tx, *person_id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<StepResult> CaseworkService::InsertStep(Tx& tx, const access::Principal& who,
                                               const storage::Actor& actor, const StepSpec& spec,
                                               StepRecord rec) {
  StepResult out;
  internal::ApplyStepDefaults(spec, rec, FormatTimestamp(clock_.Now()));
  std::deque<StepRecord> holder;
  ASSIGN_OR_RETURN(domain::StepContext ctx, ContextFor(tx, spec, rec, holder));
  ASSIGN_OR_RETURN(out.warnings, domain::CheckStep(spec, rec.values, ctx));
  const storage::Columns cols = internal::StepColumns(spec, rec, who.user_id);
  ASSIGN_OR_RETURN(int64_t id, storage::InsertVersioned(tx, actor, spec.table, cols,
                                                        spec.title + " recorded", clock_.Now()));
  ASSIGN_OR_RETURN(out.record, Load(tx, spec, id));
  return out;
}

Status CaseworkService::CheckEpisodes(Tx& tx, int64_t person_id) const {
  ASSIGN_OR_RETURN(auto steps, LoadSteps(tx, person_id));
  return domain::DeriveEpisodes(steps).status();
}

Result<std::vector<StepResult>> CaseworkService::StartCare(const access::Principal& who,
                                                           const storage::Actor& actor,
                                                           int64_t person_id, Values period,
                                                           Values legal_status, Values placement) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  const StepSpec& period_spec = *domain::FindStep("care_period");
  const StepSpec& status_spec = *domain::FindStep("legal_status");
  const StepSpec& placement_spec = *domain::FindStep("placement");
  RETURN_IF_ERROR(domain::CheckFieldValues(period_spec, period, true));
  // The legal status and the first placement begin the day care begins, in this period.
  for (Values* v : {&legal_status, &placement}) {
    if (v->count("care_period_id") || v->count("start_date")) {
      return InvalidArgument(
          "the legal status and first placement take the period's start date "
          "and id",
          v == &legal_status ? "legal_status" : "placement");
    }
    (*v)["care_period_id"] = "0";
    (*v)["start_date"] = period["start_date"];
  }
  RETURN_IF_ERROR(domain::CheckFieldValues(status_spec, legal_status, true));
  RETURN_IF_ERROR(domain::CheckFieldValues(placement_spec, placement, true));
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  std::vector<StepResult> out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    StepRecord rec;
    rec.kind = period_spec.kind;
    rec.person_id = person_id;
    rec.values = period;
    ASSIGN_OR_RETURN(StepResult p, InsertStep(tx, who, actor, period_spec, rec));
    const std::string period_id = std::to_string(p.record.id);
    out.push_back(std::move(p));
    for (auto [spec, values] :
         {std::pair{&status_spec, legal_status}, {&placement_spec, placement}}) {
      rec.kind = spec->kind;
      rec.values = values;
      rec.values["care_period_id"] = period_id;
      ASSIGN_OR_RETURN(StepResult r, InsertStep(tx, who, actor, *spec, rec));
      out.push_back(std::move(r));
    }
    return CheckEpisodes(tx, person_id);
  });
  if (!s.ok()) return s;
  return out;
}

Result<StepResult> CaseworkService::Change(const access::Principal& who,
                                           const storage::Actor& actor, const std::string& kind,
                                           int64_t id, int64_t expected_version, Values changes) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  ASSIGN_OR_RETURN(const StepSpec* spec, SpecOf(kind));
  if (changes.empty()) return InvalidArgument("nothing to change");
  for (const auto& name : spec->fixed) {
    if (changes.count(name) != 0) {
      return InvalidArgument(domain::FindField(*spec, name)->label +
                                 " cannot be changed; record a new " + spec->title + " instead",
                             name);
    }
  }
  RETURN_IF_ERROR(domain::CheckFieldValues(*spec, changes, false));
  return Amend(who, actor, *spec, id, [&](Tx& tx, StepRecord& rec, StepResult& out) -> Status {
    storage::Columns cols;
    for (const auto& [name, value] : changes) {
      if (rec.values[name] == value) continue;
      rec.values[name] = value;
      cols.emplace_back(name, Bind(*domain::FindField(*spec, name), value));
    }
    if (cols.empty()) {
      out.warnings.push_back("nothing changed");
      return Status::Ok();
    }
    std::deque<StepRecord> holder;
    ASSIGN_OR_RETURN(domain::StepContext ctx, ContextFor(tx, *spec, rec, holder));
    ASSIGN_OR_RETURN(out.warnings, domain::CheckStep(*spec, rec.values, ctx));
    if (rec.authorised_at) {
      cols.emplace_back("authorised_by", storage::Null());
      cols.emplace_back("authorised_at", storage::Null());
      out.warnings.push_back("changed after it was authorised: it needs authorising again");
    }
    RETURN_IF_ERROR(storage::UpdateVersioned(tx, actor, spec->table, id, expected_version, cols,
                                             "update", spec->title + " changed", clock_.Now()));
    if (domain::ShapesEpisodes(spec->kind)) RETURN_IF_ERROR(CheckEpisodes(tx, rec.person_id));
    return Status::Ok();
  });
}

Result<StepResult> CaseworkService::Authorise(const access::Principal& who,
                                              const storage::Actor& actor, const std::string& kind,
                                              int64_t id, int64_t expected_version) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kAuthorise));
  ASSIGN_OR_RETURN(const StepSpec* spec, SpecOf(kind));
  return Amend(who, actor, *spec, id, [&](Tx& tx, StepRecord& rec, StepResult&) -> Status {
    RETURN_IF_ERROR(domain::CheckAuthorisable(*spec, rec.values));
    if (rec.authorised_at) {
      return FailedPrecondition("this " + spec->title + " was already authorised on " +
                                rec.authorised_at->substr(0, 10));
    }
    return storage::UpdateVersioned(
        tx, actor, spec->table, id, expected_version,
        {{"authorised_by", who.user_id}, {"authorised_at", FormatTimestamp(clock_.Now())}},
        "authorise", spec->title + " authorised", clock_.Now());
  });
}

Result<int64_t> CaseworkService::PersonOf(const StepSpec& spec, int64_t id) const {
  int64_t person = 0;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(StepRecord rec, Load(tx, spec, id));
    person = rec.person_id;
    return Status::Ok();
  }));
  return person;
}

Result<StepResult> CaseworkService::Amend(const access::Principal& who, const storage::Actor& actor,
                                          const StepSpec& spec, int64_t id, const AmendFn& write) {
  ASSIGN_OR_RETURN(int64_t person, PersonOf(spec, id));
  RETURN_IF_ERROR(access_.Check(who, actor, person));
  StepResult out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(StepRecord rec, Load(tx, spec, id));
    RETURN_IF_ERROR(write(tx, rec, out));
    ASSIGN_OR_RETURN(out.record, Load(tx, spec, id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<StepRecord> CaseworkService::Get(const access::Principal& who, const storage::Actor& actor,
                                        const std::string& kind, int64_t id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  ASSIGN_OR_RETURN(const StepSpec* spec, SpecOf(kind));
  ASSIGN_OR_RETURN(int64_t person, PersonOf(*spec, id));
  RETURN_IF_ERROR(access_.Check(who, actor, person));
  StepRecord rec;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(rec, Load(tx, *spec, id));
    return storage::LogAccess(tx, actor, {"people", person, "read", spec->kind}, clock_.Now());
  }));
  return rec;
}

Result<CaseView> CaseworkService::Case(const access::Principal& who, const storage::Actor& actor,
                                       int64_t person_id) {
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  CaseView view;
  view.person_id = person_id;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(view.steps, LoadSteps(tx, person_id));
    return storage::LogAccess(tx, actor, {"people", person_id, "read", "casework"}, clock_.Now());
  }));
  view.clocks = ClocksOf(view.steps);
  std::erase_if(view.steps,
                [](const StepRecord& s) { return s.kind == "contact" || s.kind == "person"; });
  return view;
}

Result<CareView> CaseworkService::Care(const access::Principal& who, const storage::Actor& actor,
                                       int64_t person_id) {
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  std::vector<StepRecord> steps;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(steps, LoadSteps(tx, person_id));
    return storage::LogAccess(tx, actor, {"people", person_id, "read", "care"}, clock_.Now());
  }));
  CareView view;
  ASSIGN_OR_RETURN(view.episodes, domain::DeriveEpisodes(steps));
  const auto ends = domain::PlacementEnds(steps);
  for (auto& s : steps) {
    if (s.kind == "care_period") {
      if (!s.Get("end_date")) view.looked_after = true;
      view.periods.push_back(s);
    } else if (s.kind == "placement") {
      const auto end = ends.count(s.id) ? ends.at(s.id) : std::nullopt;
      view.placements.push_back({s, end});
    }
  }
  return view;
}

Result<std::vector<ChronologyEntry>> CaseworkService::Chronology(const access::Principal& who,
                                                                 const storage::Actor& actor,
                                                                 int64_t person_id,
                                                                 const ChronologyFilter& filter) {
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  std::vector<StepRecord> steps;
  Rows allocations;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(steps, LoadSteps(tx, person_id));
    ASSIGN_OR_RETURN(allocations,
                     tx.Query("SELECT a.id, a.start_date, a.end_date, t.name, u.display_name "
                              "FROM allocations a JOIN teams t ON t.id = a.team_id "
                              "LEFT JOIN users u ON u.id = a.worker_id WHERE a.person_id = ?",
                              {person_id}));
    return storage::LogAccess(tx, actor, {"people", person_id, "read", "chronology"}, clock_.Now());
  }));
  std::vector<ChronologyEntry> out;
  for (const StepRecord& r : steps) {
    if (r.kind == "contact") {
      out.push_back({*r.Get("received_date"), "contact", r.id, "Contact",
                     "from " + CodeLabel("referral_source", r.Get("source")) +
                         (r.Get("decision") ? "; decision: " + *r.Get("decision") : "")});
      continue;
    }
    if (r.kind == "person") continue;
    const StepSpec& spec = *domain::FindStep(r.kind);
    if (auto d = r.Get(spec.date_field))
      out.push_back({*d, r.kind, r.id, spec.title, Summary(spec, r)});
    if (!spec.end_field.empty()) {
      if (auto e = r.Get(spec.end_field)) {
        std::string summary =
            r.kind == "referral" ? CodeLabel("closure_reason", r.Get("closure_reason")) : "";
        out.push_back({*e, r.kind, r.id, spec.title + ": ended", summary});
      }
    }
  }
  for (const Row& a : allocations.rows) {
    const std::string who_to = a.IsNull(4) ? "the team" : a.Text(4);
    out.push_back(
        {a.Text(1), "allocation", a.Int(0), "Allocated", who_to + " (" + a.Text(3) + ")"});
  }
  std::erase_if(out, [&](const ChronologyEntry& e) {
    if (!filter.kinds.empty() &&
        std::find(filter.kinds.begin(), filter.kinds.end(), e.kind) == filter.kinds.end()) {
      return true;
    }
    return (filter.from && e.date < *filter.from) || (filter.to && e.date > *filter.to);
  });
  std::stable_sort(out.begin(), out.end(), [](const ChronologyEntry& a, const ChronologyEntry& b) {
    return a.date < b.date;
  });
  return out;
}

}  // namespace haven::record
