#include "exports/ssda903_export.h"

#include <algorithm>
#include <map>
#include <set>

#include "domain/care.h"
#include "domain/steps_by_kind.h"
#include "record/internal/step_rows.h"
#include "returns/ssda903/layout.h"

namespace haven::exports {

namespace {

using returns::Cell;
using returns::Table;

std::string Dmy(Date d) {
  const std::string iso = d.ToString();  // YYYY-MM-DD
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}
Cell DmyCell(const std::optional<Date>& d) { return d ? Cell(Dmy(*d)) : Cell(); }
Cell Text(const std::string& s) { return s.empty() ? Cell() : Cell(s); }
Cell Opt(const std::optional<std::string>& s) { return s && !s->empty() ? Cell(*s) : Cell(); }
Cell Flag(bool b) { return Cell(b ? "1" : "0"); }

std::optional<Date> DateOf(const domain::StepRecord& s, const std::string& field) {
  const auto v = s.Get(field);
  return v ? Date::Parse(*v) : std::nullopt;
}

// The day an episode ended, or a day far in the future while it is open.
const Date kOpen = Date::FromYmd(9999, 12, 31);
Date Ended(const domain::Episode& e) {
  if (!e.dec) return kOpen;
  return Date::Parse(*e.dec).value_or(kOpen);
}

Date Birthday(Date dob, int years) { return dob.AddMonths(12 * years); }

// Whole years of age on `day`.
int AgeOn(Date dob, Date day) {
  int age = day.year() - dob.year();
  if (Birthday(dob, age) > day) --age;
  return age;
}

// A span of days [start, end]; an open one runs on.
struct Span {
  Date start;
  std::optional<Date> end;
  bool Touches(Date from, Date to) const { return start <= to && (!end || *end >= from); }
};

// The steps of one child by kind.
class Steps : public domain::StepsByKind {
 public:
  using StepsByKind::StepsByKind;
  // Steps of `kind` whose `field` date falls in [from, to], oldest first.
  std::vector<const domain::StepRecord*> Dated(const std::string& kind, const std::string& field,
                                               Date from, Date to) const {
    std::vector<const domain::StepRecord*> out;
    for (const auto* s : Of(kind)) {
      const auto d = DateOf(*s, field);
      if (d && *d >= from && *d <= to) out.push_back(s);
    }
    std::stable_sort(out.begin(), out.end(),
                     [&](const auto* a, const auto* b) { return a->Get(field) < b->Get(field); });
    return out;
  }
  bool Any(const std::string& kind, const std::string& field, Date from, Date to) const {
    return !Dated(kind, field, from, to).empty();
  }
};

// The child's periods of care, from their episodes (oldest first, each naming its period).
std::vector<Span> CareSpans(const std::vector<domain::Episode>& eps) {
  std::vector<Span> care;
  int64_t period = -1;
  for (const auto& e : eps) {
    const auto decom = Date::Parse(e.decom);
    if (!decom) continue;
    const Date dec = Ended(e);
    std::optional<Date> end;
    if (dec != kOpen) end = dec;
    if (care.empty() || e.period_id != period) {
      care.push_back({*decom, end});
      period = e.period_id;
    } else {
      care.back().end = end;
    }
  }
  return care;
}

class Builder {
 public:
  explicit Builder(int year) : year_(year) {
    returns::SetCollectionYear(r_, year);
    for (const auto& layout : returns::Ssda903Layout(year)) {
      r_.tables[layout.table] = Table(layout.columns);
    }
  }

  Status Add(const CareChild& c) {
    auto derived = domain::DeriveEpisodes(c.steps);
    if (!derived.ok()) {
      return InvalidArgument("child " + c.child_id + ": " + derived.status().message(),
                             derived.status().field());
    }
    const Steps steps(c.steps);
    std::vector<const domain::Episode*> in_year;
    for (const auto& e : *derived) {
      const auto decom = Date::Parse(e.decom);
      if (decom && *decom <= r_.end && Ended(e) >= r_.start) in_year.push_back(&e);
    }
    const bool leaver = CareLeaver(c, *derived, steps);
    if (in_year.empty() && !leaver) return Status::Ok();
    Header(c, in_year);
    if (in_year.empty()) return Status::Ok();
    Episodes(c, in_year);
    const Cell dob = DmyCell(c.dob);
    for (const auto* s : steps.Dated("cla_review", "review_date", r_.start, r_.end)) {
      Row("Reviews", {Text(c.child_id), dob, DmyCell(DateOf(*s, "review_date")),
                      Opt(s->Get("participation"))});
    }
    for (const auto* s : steps.Of("missing_episode")) {
      const auto start = DateOf(*s, "start_date");
      if (!start || !Span{*start, DateOf(*s, "end_date")}.Touches(r_.start, r_.end)) continue;
      Row("Missing", {Text(c.child_id), dob, Opt(s->Get("missing_kind")), DmyCell(start),
                      DmyCell(DateOf(*s, "end_date"))});
    }
    Uasc(c, steps);
    if (LookedAfterAllYear(*derived)) Outcomes(c, steps);
    Adoption(c, steps, in_year);
    PreviousPermanence(c, steps, in_year);
    SocialWorkers(c, *derived);
    if (r_.Has("DoLo")) {
      for (const auto* s : steps.Of("dolo")) {
        const auto start = DateOf(*s, "start_date");
        if (!start || !Span{*start, DateOf(*s, "end_date")}.Touches(r_.start, r_.end)) continue;
        Row("DoLo", {Text(c.child_id), dob, DmyCell(start), DmyCell(DateOf(*s, "end_date"))});
      }
    }
    return Status::Ok();
  }

  returns::Return Take() { return std::move(r_); }

 private:
  void Row(const std::string& table, std::vector<Cell> cells) {
    r_.tables[table].AddRow(std::move(cells));
  }

  void Header(const CareChild& c, const std::vector<const domain::Episode*>& in_year) {
    std::string sex = c.sex;
    if (year_ <= 2024) sex = sex == "M" ? "1" : (sex == "F" ? "2" : "");
    Cell mother, first_child;
    const bool short_breaks_only = std::all_of(in_year.begin(), in_year.end(), [](const auto* e) {
      return e->ls == "V3" || e->ls == "V4";
    });
    if (c.sex == "F" && !in_year.empty() && !short_breaks_only) {
      mother = Flag(c.first_child_dob.has_value());
      first_child = DmyCell(c.first_child_dob);
    }
    Row("Header", {Text(c.child_id), Text(sex), DmyCell(c.dob), Text(c.ethnicity), Text(c.upn),
                   mother, first_child});
  }

  void Episodes(const CareChild& c, const std::vector<const domain::Episode*>& in_year) {
    for (const auto* e : in_year) {
      const Date dec = Ended(*e);
      const bool ended = dec <= r_.end;
      Row("Episodes",
          {Text(c.child_id), DmyCell(Date::Parse(e->decom)), Text(e->rne), Text(e->ls),
           Text(e->cin), Text(e->place), Text(e->place_provider), ended ? Cell(Dmy(dec)) : Cell(),
           ended ? Opt(e->rec) : Cell(), ended ? Opt(e->reason_place_change) : Cell(),
           Opt(e->home_post), Opt(e->pl_post), Opt(e->urn)});
    }
  }

  // In care from the first day of the year to the last (leaving on the last day counts), other
  // than on short breaks.
  bool LookedAfterAllYear(const std::vector<domain::Episode>& eps) const {
    for (const auto& e : eps) {
      const auto decom = Date::Parse(e.decom);
      const bool during = decom && *decom <= r_.end && Ended(e) >= r_.start;
      if (during && (e.ls == "V3" || e.ls == "V4")) return false;
    }
    for (const Span& span : CareSpans(eps)) {
      if (span.start <= r_.start && (!span.end || *span.end >= r_.end)) return true;
    }
    return false;
  }

  void Outcomes(const CareChild& c, const Steps& steps) {
    if (!c.dob) return;
    const int age = AgeOn(*c.dob, r_.end);
    const Date from = r_.start, to = r_.end;
    // The SDQ is for children aged 4 to 17 in some part of the year: the latest score (or the
    // reason there is none); without a record, SDQ1 for a child who turned 4 or 17 in the year
    // (too young or too old for part of it), else SDQ4 (another reason).
    Cell sdq_score, sdq_reason;
    const Date four = Birthday(*c.dob, 4), seventeen = Birthday(*c.dob, 17);
    if (four <= to && seventeen >= from) {
      const auto sdqs = steps.Dated("sdq", "sdq_date", from, to);
      if (!sdqs.empty()) {
        sdq_score = Opt(sdqs.back()->Get("score"));
        sdq_reason = Opt(sdqs.back()->Get("no_score_reason"));
      } else {
        sdq_reason = Cell(four >= from || seventeen <= to ? "SDQ1" : "SDQ4");
      }
    }
    auto check = [&](const char* kind) {
      for (const auto* s : steps.Dated("health_check", "check_date", from, to)) {
        if (s->Get("check_kind") == kind) return true;
      }
      return false;
    };
    const auto misuse = steps.Dated("substance_misuse", "identified_date", from, to);
    auto any_flag = [&](const char* field) {
      return std::any_of(misuse.begin(), misuse.end(),
                         [&](const auto* s) { return s->Get(field) == "1"; });
    };
    Row("OC2",
        {Text(c.child_id), DmyCell(c.dob), sdq_score, sdq_reason,
         age >= 10 ? Flag(steps.Any("conviction", "conviction_date", from, to)) : Cell(),
         age < 5 ? Flag(check("health_review") || check("initial_health_assessment")) : Cell(),
         Flag(check("immunisations")), Flag(check("dental_check")),
         Flag(check("health_review") || check("initial_health_assessment")), Flag(!misuse.empty()),
         misuse.empty() ? Cell() : Flag(any_flag("intervention_received")),
         misuse.empty() ? Cell() : Flag(any_flag("intervention_offered"))});
  }

  void Uasc(const CareChild& c, const Steps& steps) {
    if (!c.dob) return;
    const Date eighteen = Birthday(*c.dob, 18);
    for (const auto* s : steps.Of("uasc_status")) {
      const auto start = DateOf(*s, "start_date");
      auto end = DateOf(*s, "end_date");
      if (!start || *start > r_.end) continue;
      // The status lasts until the 18th birthday unless it had ended sooner by the year's end.
      const Date ceased = end && *end < eighteen && *end <= r_.end ? *end : eighteen;
      if (ceased < r_.start.AddMonths(-12)) continue;
      std::string sex = c.sex;
      if (year_ <= 2024) sex = sex == "M" ? "1" : (sex == "F" ? "2" : "");
      Row("UASC", {Text(c.child_id), Text(sex), DmyCell(c.dob), DmyCell(ceased)});
      return;
    }
  }

  void Adoption(const CareChild& c, const Steps& steps,
                const std::vector<const domain::Episode*>& in_year) {
    const Cell dob = DmyCell(c.dob);
    bool adopted = false;
    for (const auto* e : in_year) {
      adopted |= Ended(*e) <= r_.end && (e->rec == "E11" || e->rec == "E12");
    }
    for (const auto* s : steps.Of("adoption_plan")) {
      const auto decision = DateOf(*s, "decision_date");
      if (!decision || *decision > r_.end) continue;
      // The plan ceases when the decision is reversed; an adoption is not a reversal.
      std::optional<Date> ceased = DateOf(*s, "reversed_date");
      const std::string reason = s->Get("reversed_reason").value_or("RD4");
      const auto order = DateOf(*s, "adoption_order_date");
      if ((ceased && *ceased < r_.start) || (order && *order < r_.start)) continue;
      if (ceased && *ceased > r_.end) ceased.reset();
      Row("PlacedAdoption", {Text(c.child_id), dob, DmyCell(decision), DmyCell(ceased),
                             ceased ? Text(reason) : Cell()});
      if (adopted && DateOf(*s, "adoption_order_date")) {
        Row("AD1", {Text(c.child_id), dob, DmyCell(decision), DmyCell(DateOf(*s, "match_date")),
                    Flag(s->Get("adopted_by_foster_carers") == "1"), Opt(s->Get("adopters")),
                    Opt(s->Get("adopters_sex")), Opt(s->Get("adopters_legal_status"))});
      }
    }
  }

  void PreviousPermanence(const CareChild& c, const Steps& steps,
                          const std::vector<const domain::Episode*>& in_year) {
    const bool started = std::any_of(in_year.begin(), in_year.end(), [&](const auto* e) {
      const auto decom = Date::Parse(e->decom);
      return e->rne == "S" && decom && *decom >= r_.start;
    });
    if (!started) return;
    const auto& orders = steps.Of("previous_permanence");
    if (orders.empty()) {
      Row("PrevPerm", {Text(c.child_id), DmyCell(c.dob), Cell("Z1"), Cell(), Cell()});
      return;
    }
    const auto* o = orders.back();
    Row("PrevPerm", {Text(c.child_id), DmyCell(c.dob), Opt(o->Get("order_kind")),
                     Opt(o->Get("authority")), DmyCell(DateOf(*o, "order_date"))});
  }

  // The worker spells while the child was in care: a spell that runs past the end of care (or is
  // still open) is reported open, as the DfE asks, unless a later one follows it.
  void SocialWorkers(const CareChild& c, const std::vector<domain::Episode>& eps) {
    if (!r_.Has("SWEpisodes")) return;
    const std::vector<Span> care = CareSpans(eps);
    // One worker's unbroken time with the child is one spell, across changes of team.
    std::vector<WorkerSpell> runs;
    for (const auto& w : c.workers) {
      if (!runs.empty() && runs.back().worker_id == w.worker_id && runs.back().end == w.start) {
        runs.back().end = w.end;
        continue;
      }
      runs.push_back(w);
    }
    struct Out {
      const WorkerSpell* spell;
      Date start;
      std::optional<Date> end;
    };
    std::vector<Out> out;
    for (const auto& span : care) {
      for (const auto& w : runs) {
        const Date start = std::max(w.start, span.start);
        std::optional<Date> end = w.end;
        if (span.end && (!end || *end >= *span.end)) end.reset();  // open at the end of care
        if (start > r_.end) continue;
        if (span.end && start >= *span.end) continue;
        if (w.end && *w.end <= span.start) continue;
        out.push_back({&w, start, end});
      }
    }
    const Date earliest = r_.start.AddMonths(-12);
    for (size_t i = 0; i < out.size(); ++i) {
      std::optional<Date> end = out[i].end;
      // An open spell followed by another (a later period of care) ends where that care ended.
      if (!end && i + 1 < out.size()) {
        for (const auto& span : care) {
          if (span.start <= out[i].start && span.end && *span.end >= out[i].start) end = span.end;
        }
      }
      if (end && *end < earliest) continue;
      if (end && *end > r_.end) end.reset();
      Row("SWEpisodes",
          {Text(c.child_id), DmyCell(c.dob), Cell("SW" + std::to_string(out[i].spell->worker_id)),
           DmyCell(out[i].start), DmyCell(end), Opt(out[i].spell->change_reason)});
    }
  }

  // A relevant or former relevant child whose 17th to 21st birthday falls in the year after
  // their care ended: the OC3 row, with the leaver contact nearest that birthday (from three
  // months before it to one month after).
  bool CareLeaver(const CareChild& c, const std::vector<domain::Episode>& eps, const Steps& steps) {
    if (!c.dob || steps.Of("care_leaver").empty()) return false;
    // When care ended; for a care leaver whose care is not in the record (migrated from another
    // system), when they were first recorded as one.
    Date left = kOpen;
    if (!eps.empty()) {
      const domain::Episode& last = eps.back();
      if (last.rec == "E11" || last.rec == "E12") return false;
      left = Ended(last);
    } else {
      for (const auto* s : steps.Of("care_leaver")) {
        if (const auto d = DateOf(*s, "start_date"); d && *d < left) left = *d;
      }
    }
    if (left == kOpen) return false;
    std::optional<Date> birthday;
    for (int age = 17; age <= 21; ++age) {
      const Date b = Birthday(*c.dob, age);
      if (b >= r_.start && b <= r_.end) birthday = b;
    }
    // Care must have ended before the birthday; a migrated care leaver's status may begin on it.
    if (!birthday || (eps.empty() ? left > *birthday : left >= *birthday)) return false;
    const domain::StepRecord* nearest = nullptr;
    int best = 0;
    for (const auto* s : steps.Dated("leaver_contact", "contact_date", birthday->AddMonths(-3),
                                     birthday->AddMonths(1))) {
      const int gap = std::abs(DaysBetween(*DateOf(*s, "contact_date"), *birthday));
      if (nearest == nullptr || gap <= best) {
        nearest = s;
        best = gap;
      }
    }
    // Not in touch: activity and accommodation are not known.
    Cell touch("NO"), activity("0"), accommodation("0");
    if (nearest != nullptr && nearest->Get("in_touch") != "NO") {
      touch = Opt(nearest->Get("in_touch"));
      activity = Opt(nearest->Get("activity"));
      accommodation = Opt(nearest->Get("accommodation"));
    }
    Row("OC3", {Text(c.child_id), DmyCell(c.dob), touch, activity, accommodation});
    return true;
  }

  int year_;
  returns::Return r_;
};

using storage::Row;
using storage::Rows;

// The step kinds the return reads.
const char* const kKinds[] = {
    "care_period",   "legal_status",        "placement",   "uasc_status",
    "cla_review",    "health_check",        "sdq",         "substance_misuse",
    "conviction",    "missing_episode",     "care_leaver", "leaver_contact",
    "adoption_plan", "previous_permanence", "dolo"};

}  // namespace

Result<returns::Return> Ssda903FromRecord(const std::vector<CareChild>& children, int year) {
  Builder b(year);
  for (const auto& c : children) RETURN_IF_ERROR(b.Add(c));
  return b.Take();
}

Result<returns::Return> BuildSsda903(storage::Store& store, int year,
                                     std::map<std::string, int64_t>* person_of) {
  const std::string from = Date::FromYmd(year - 1, 4, 1).ToString();
  const std::string to = Date::FromYmd(year, 3, 31).ToString();
  // Children in care on some day of the year, and care leavers (who may be in OC3).
  const std::string who =
      "person_id IN (SELECT person_id FROM care_periods WHERE start_date <= ? AND "
      "(end_date IS NULL OR end_date >= ?) UNION SELECT person_id FROM care_leavers)";
  std::vector<CareChild> children;
  RETURN_IF_ERROR(store.Transact(storage::TxMode::kRead, [&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(
        Rows people,
        tx.Query("SELECT id, la_child_id, date_of_birth, sex, ethnicity, upn, upn_unknown "
                 "FROM people WHERE merged_into IS NULL AND id IN (SELECT person_id FROM "
                 "care_periods WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?) "
                 "UNION SELECT person_id FROM care_leavers) ORDER BY id",
                 {to, from}));
    std::map<int64_t, size_t> index;
    for (const Row& r : people.rows) {
      CareChild c;
      c.person_id = r.Int(0);
      c.child_id = r.OptText(1).value_or("HVN" + std::to_string(c.person_id));
      if (const auto dob = r.OptText(2)) c.dob = Date::Parse(dob->substr(0, 10));
      c.sex = r.Text(3);
      c.ethnicity = r.OptText(4).value_or("");
      c.upn = r.OptText(5).value_or(r.OptText(6).value_or(""));
      index[c.person_id] = children.size();
      children.push_back(std::move(c));
    }
    for (const char* kind : kKinds) {
      const domain::StepSpec* spec = domain::FindStep(kind);
      if (spec == nullptr) return Internal(std::string("no step kind ") + kind);
      ASSIGN_OR_RETURN(Rows rows, tx.Query(record::internal::SelectSql(*spec) + " WHERE " + who +
                                               " ORDER BY person_id, id",
                                           {to, from}));
      for (const Row& r : rows.rows) {
        auto rec = record::internal::RecordFrom(*spec, r);
        auto it = index.find(rec.person_id);
        if (it != index.end()) children[it->second].steps.push_back(std::move(rec));
      }
    }
    // A girl is a mother when the record holds her child; MC_DOB is the eldest child's birth.
    ASSIGN_OR_RETURN(
        Rows mothers,
        tx.Query("SELECT r.person_id, MIN(c.date_of_birth) FROM person_relationships r "
                 "JOIN people c ON c.id = r.related_person_id WHERE r.kind = 'child' AND "
                 "r." +
                     who + " GROUP BY r.person_id",
                 {to, from}));
    for (const Row& r : mothers.rows) {
      auto it = index.find(r.Int(0));
      const auto dob = r.OptText(1);
      if (it != index.end() && dob)
        children[it->second].first_child_dob = Date::Parse(dob->substr(0, 10));
    }
    ASSIGN_OR_RETURN(
        Rows allocations,
        tx.Query("SELECT person_id, worker_id, start_date, end_date, change_reason FROM "
                 "allocations WHERE worker_id IS NOT NULL AND " +
                     who + " ORDER BY person_id, start_date, id",
                 {to, from}));
    for (const Row& r : allocations.rows) {
      auto it = index.find(r.Int(0));
      const auto start = Date::Parse(r.Text(2).substr(0, 10));
      if (it == index.end() || !start) continue;
      WorkerSpell w;
      w.worker_id = r.Int(1);
      w.start = *start;
      if (const auto end = r.OptText(3)) w.end = Date::Parse(end->substr(0, 10));
      w.change_reason = r.OptText(4);
      children[it->second].workers.push_back(w);
    }
    return Status::Ok();
  }));
  std::sort(children.begin(), children.end(),
            [](const CareChild& a, const CareChild& b) { return a.child_id < b.child_id; });
  if (person_of != nullptr) {
    for (const auto& c : children) (*person_of)[c.child_id] = c.person_id;
  }
  return Ssda903FromRecord(children, year);
}

}  // namespace haven::exports
