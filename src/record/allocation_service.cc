#include "record/allocation_service.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/date.h"
#include "common/validate.h"
#include "domain/codes.h"
#include "record/internal/clocks_cache.h"
#include "storage/versioned.h"

namespace haven::record {
namespace {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

constexpr const char* kColumns =
    "id, person_id, team_id, worker_id, start_date, end_date, reason, change_reason, version";

Allocation AllocationFrom(const Row& r) {
  return {r.Int(0),     r.Int(1),     r.Int(2),     r.OptInt(3), r.Text(4),
          r.OptText(5), r.OptText(6), r.OptText(7), r.Int(8)};
}

std::string NameOf(const Row& r, size_t given) { return r.Text(given) + " " + r.Text(given + 1); }

}  // namespace

AllocationService::AllocationService(storage::Store& store, const Clock& clock,
                                     RecordAccess& access, CaseworkService& casework,
                                     const clocks::WorkingCalendar& calendar)
    : store_(store),
      clock_(clock),
      access_(access),
      casework_(casework),
      calendar_(calendar),
      clocks_cache_(std::make_unique<internal::ClocksCache>()) {}

AllocationService::~AllocationService() = default;

Status AllocationService::CanSeeTeam(const access::Principal& who, int64_t team_id) const {
  if (access::Authorize(who, access::Permission::kReadAllRecords).ok()) return Status::Ok();
  if (who.team_id == team_id && (who.roles.count(access::Role::kTeamManager) ||
                                 who.roles.count(access::Role::kSocialWorker))) {
    return Status::Ok();
  }
  return PermissionDenied("you can see only your own team's work");
}

Result<Allocation> AllocationService::Allocate(const access::Principal& who,
                                               const storage::Actor& actor, int64_t person_id,
                                               int64_t team_id, std::optional<int64_t> worker_id,
                                               const std::string& start_date,
                                               const std::string& reason,
                                               const std::optional<std::string>& change_reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kAllocate));
  if (change_reason) {
    RETURN_IF_ERROR(domain::CheckCode("sw_change_reason", *change_reason, "change_reason"));
  }
  RETURN_IF_ERROR(ValidateDate(start_date, "start_date"));
  RETURN_IF_ERROR(ValidateText(reason, "reason", 2000));
  if (start_date > casework_.Today().ToString()) {
    return InvalidArgument("start_date is in the future", "start_date");
  }
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  Allocation out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows team, tx.Query("SELECT active FROM teams WHERE id = ?", {team_id}));
    if (team.empty() || team.rows[0].Int(0) != 1) {
      return InvalidArgument("no active team with id " + std::to_string(team_id), "team_id");
    }
    if (worker_id) {
      ASSIGN_OR_RETURN(Rows w, tx.Query("SELECT team_id, status, end_date FROM users WHERE id = ?",
                                        {*worker_id}));
      if (w.empty()) {
        return InvalidArgument("no worker with id " + std::to_string(*worker_id), "worker_id");
      }
      if (w.rows[0].Text(1) != "active" ||
          (!w.rows[0].IsNull(2) && w.rows[0].Text(2) < start_date)) {
        return InvalidArgument("the worker is not active", "worker_id");
      }
      if (w.rows[0].OptInt(0) != team_id) {
        return InvalidArgument("the worker is not in that team", "worker_id");
      }
    }
    ASSIGN_OR_RETURN(Rows current,
                     tx.Query(std::string("SELECT ") + kColumns +
                                  " FROM allocations WHERE person_id = ? AND end_date IS NULL",
                              {person_id}));
    for (const Row& r : current.rows) {
      Allocation a = AllocationFrom(r);
      if (a.start_date > start_date) {
        return InvalidArgument(
            "the current allocation began on " + a.start_date + ", after this start date",
            "start_date");
      }
      RETURN_IF_ERROR(storage::UpdateVersioned(tx, actor, "allocations", a.id, a.version,
                                               {{"end_date", start_date}}, "end", "reallocated",
                                               clock_.Now()));
    }
    ASSIGN_OR_RETURN(int64_t id,
                     storage::InsertVersioned(
                         tx, actor, "allocations",
                         {{"person_id", person_id},
                          {"team_id", team_id},
                          {"worker_id", worker_id ? storage::Value(*worker_id) : storage::Null()},
                          {"start_date", start_date},
                          {"reason", reason.empty() ? storage::Null() : storage::Value(reason)},
                          {"change_reason", storage::OptionalText(change_reason)}},
                         "allocated", clock_.Now()));
    ASSIGN_OR_RETURN(
        Rows row,
        tx.Query(std::string("SELECT ") + kColumns + " FROM allocations WHERE id = ?", {id}));
    out = AllocationFrom(row.rows[0]);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Allocation>> AllocationService::History(const access::Principal& who,
                                                           const storage::Actor& actor,
                                                           int64_t person_id) {
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  Rows rows;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(rows, tx.Query(std::string("SELECT ") + kColumns +
                                        " FROM allocations WHERE person_id = ? "
                                        "ORDER BY start_date, id",
                                    {person_id}));
    return storage::LogAccess(tx, actor, {"people", person_id, "read", "allocations"},
                              clock_.Now());
  }));
  std::vector<Allocation> out;
  for (const Row& r : rows.rows) out.push_back(AllocationFrom(r));
  return out;
}

Result<std::vector<SocialWorkerEpisode>> AllocationService::SocialWorkerEpisodes(
    const access::Principal& who, const storage::Actor& actor, int64_t person_id) {
  ASSIGN_OR_RETURN(auto history, History(who, actor, person_id));
  ASSIGN_OR_RETURN(Rows names, storage::QueryOnce(store_,
                                                  "SELECT DISTINCT u.id, u.username FROM users u "
                                                  "JOIN allocations a ON a.worker_id = u.id "
                                                  "WHERE a.person_id = ?",
                                                  {person_id}));
  std::map<int64_t, std::string> username;
  for (const Row& r : names.rows) username[r.Int(0)] = r.Text(1);
  // An episode runs while one worker holds the child, across changes of team; it ends when the
  // next worker (or no worker) takes over. Its reason is the one given for the change that began
  // it, as the SSDA903 return has it.
  std::vector<SocialWorkerEpisode> out;
  for (const Allocation& a : history) {
    const bool same = !out.empty() && a.worker_id && out.back().worker_id == *a.worker_id &&
                      out.back().end_date == a.start_date;
    if (same) {
      out.back().end_date = a.end_date;
      continue;
    }
    if (!a.worker_id) continue;
    out.push_back(
        {*a.worker_id, username[*a.worker_id], a.start_date, a.end_date, a.change_reason});
  }
  return out;
}

Result<std::vector<QueuedChild>> AllocationService::Unallocated(const access::Principal& who,
                                                                int64_t team_id) {
  RETURN_IF_ERROR(CanSeeTeam(who, team_id));
  ASSIGN_OR_RETURN(
      Rows rows,
      storage::QueryOnce(store_,
                         "SELECT p.id, p.given_name, p.family_name, r.id, r.referral_date "
                         "FROM referrals r JOIN people p ON p.id = r.person_id "
                         "WHERE r.team_id = ? AND r.closure_date IS NULL "
                         "AND p.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM allocations a "
                         "WHERE a.person_id = r.person_id AND a.end_date IS NULL "
                         "AND a.worker_id IS NOT NULL) ORDER BY r.referral_date, r.id",
                         {team_id}));
  const Date today = casework_.Today();
  std::vector<QueuedChild> out;
  for (const Row& r : rows.rows) {
    QueuedChild q;
    q.person_id = r.Int(0);
    q.name = NameOf(r, 1);
    q.referral_id = r.Int(3);
    q.referral_date = r.Text(4);
    q.working_days_waiting = calendar_.WorkingDaysBetween(*Date::Parse(q.referral_date), today);
    out.push_back(std::move(q));
  }
  return out;
}

Result<std::vector<Caseload>> AllocationService::Caseloads(const access::Principal& who,
                                                           int64_t team_id) {
  RETURN_IF_ERROR(CanSeeTeam(who, team_id));
  std::vector<Caseload> out;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows workers, tx.Query("SELECT id, display_name, employment_type, fte FROM "
                                            "users WHERE team_id = ? AND status = 'active' "
                                            "ORDER BY display_name",
                                            {team_id}));
    for (const Row& w : workers.rows) {
      Caseload c;
      c.worker_id = w.Int(0);
      c.display_name = w.Text(1);
      c.employment_type = w.OptText(2);
      if (!w.IsNull(3)) c.fte = w.Real(3);
      ASSIGN_OR_RETURN(Rows children, tx.Query("SELECT person_id FROM allocations WHERE "
                                               "worker_id = ? AND end_date IS NULL",
                                               {c.worker_id}));
      for (const Row& child : children.rows) {
        ASSIGN_OR_RETURN(auto steps, casework_.LoadSteps(tx, child.Int(0)));
        c.children += 1;
        c.weighted += domain::CaseWeight(domain::CaseType(steps));
      }
      out.push_back(std::move(c));
    }
    return Status::Ok();
  }));
  return out;
}

Result<WorkDue> AllocationService::Work(const access::Principal& who,
                                        std::optional<int64_t> worker_id,
                                        std::optional<int64_t> team_id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  if (worker_id.has_value() == team_id.has_value()) {
    return InvalidArgument("ask for one worker's work or one team's", "worker_id");
  }
  WorkDue out;
  const Date today = casework_.Today();
  const Date week_end = today.AddDays(7 - static_cast<int32_t>(today.IsoWeekday()));
  out.week_ending = week_end.ToString();
  // Before the read, so the read sees at least every change this look found.
  ASSIGN_OR_RETURN(const uint64_t ticket, clocks_cache_->CatchUp(store_, clock_.Now()));
  using Derived = std::shared_ptr<const internal::DerivedChild>;
  std::vector<std::pair<int64_t, Derived>> derived_now;  // to keep once the read is done
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    out.caseload.clear();  // the store may run this again on a reopened connection
    out.overdue.clear();
    out.due_this_week.clear();
    out.drift.clear();
    derived_now.clear();
    if (worker_id && *worker_id != who.user_id) {
      ASSIGN_OR_RETURN(Rows w, tx.Query("SELECT team_id FROM users WHERE id = ?", {*worker_id}));
      if (w.empty()) return NotFound("no worker with id " + std::to_string(*worker_id));
      if (!w.rows[0].OptInt(0)) return PermissionDenied("the worker is in no team");
      RETURN_IF_ERROR(CanSeeTeam(who, *w.rows[0].OptInt(0)));
      if (!who.roles.count(access::Role::kTeamManager) &&
          !access::Authorize(who, access::Permission::kReadAllRecords).ok()) {
        return PermissionDenied("you can see only your own work");
      }
    }
    if (team_id) RETURN_IF_ERROR(CanSeeTeam(who, *team_id));
    ASSIGN_OR_RETURN(
        Rows children,
        worker_id ? tx.Query("SELECT DISTINCT p.id, p.given_name, p.family_name FROM allocations a "
                             "JOIN people p ON p.id = a.person_id WHERE a.worker_id = ? "
                             "AND a.end_date IS NULL ORDER BY p.id",
                             {*worker_id})
                  : tx.Query("SELECT DISTINCT p.id, p.given_name, p.family_name FROM people p "
                             "WHERE p.id IN (SELECT person_id FROM allocations WHERE team_id = ? "
                             "AND end_date IS NULL UNION SELECT person_id FROM referrals WHERE "
                             "team_id = ? AND closure_date IS NULL) ORDER BY p.id",
                             {*team_id, *team_id}));
    // The children kept from earlier pages, and the steps of the others, read in groups.
    std::unordered_map<int64_t, Derived> derived;
    std::vector<int64_t> to_read;
    for (const Row& c : children.rows) {
      Derived d = clocks_cache_->Find(c.Int(0), today);
      if (d) {
        derived.emplace(c.Int(0), std::move(d));
      } else {
        to_read.push_back(c.Int(0));
      }
    }
    ASSIGN_OR_RETURN(auto steps_of, casework_.LoadStepsOfMany(tx, to_read));
    for (const int64_t id : to_read) {
      const auto& steps = steps_of[id];
      auto d = std::make_shared<const internal::DerivedChild>(
          internal::DerivedChild{today, domain::CaseType(steps), casework_.ClocksOf(steps)});
      derived_now.emplace_back(id, d);
      derived.emplace(id, std::move(d));
    }
    for (const Row& c : children.rows) {
      const internal::DerivedChild& d = *derived.at(c.Int(0));
      const domain::ChildClocks& clocks = d.clocks;
      const std::string name = NameOf(c, 1);
      CaseloadChild child{c.Int(0), name, d.case_type, std::nullopt};
      for (const auto& a : clocks.actions) {
        if ((a.clock.state == clocks::ClockState::kDue ||
             a.clock.state == clocks::ClockState::kOverdue) &&
            (!child.next_due || a.clock.due.ToString() < *child.next_due)) {
          child.next_due = a.clock.due.ToString();
        }
      }
      out.caseload.push_back(std::move(child));
      for (const auto& a : clocks.actions) {
        if (a.clock.state == clocks::ClockState::kOverdue) {
          out.overdue.push_back({c.Int(0), name, a});
        } else if (a.clock.state == clocks::ClockState::kDue && a.clock.due <= week_end) {
          out.due_this_week.push_back({c.Int(0), name, a});
        }
      }
      for (const auto& sentence : clocks.drift) out.drift.push_back(name + ": " + sentence);
    }
    return Status::Ok();
  }));
  for (auto& [id, d] : derived_now) clocks_cache_->Put(ticket, id, std::move(d));
  auto by_due = [](const WorkItem& a, const WorkItem& b) {
    return a.action.clock.due < b.action.clock.due;
  };
  std::stable_sort(out.overdue.begin(), out.overdue.end(), by_due);
  std::stable_sort(out.due_this_week.begin(), out.due_this_week.end(), by_due);
  return out;
}

}  // namespace haven::record
