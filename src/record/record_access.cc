#include "record/record_access.h"

#include <set>

#include "common/date.h"
#include "storage/versioned.h"

namespace haven::record {

using storage::Rows;
using storage::Tx;
using storage::TxMode;

Result<std::optional<std::string>> RecordAccess::Refusal(Tx& tx, const access::Principal& who,
                                                         int64_t person_id) const {
  using access::Permission;
  using access::Role;
  ASSIGN_OR_RETURN(Rows person,
                   tx.Query("SELECT restricted FROM people WHERE id = ?", {person_id}));
  if (person.empty()) return NotFound("no person with id " + std::to_string(person_id));
  if (person.rows[0].Int(0) == 1) {
    ASSIGN_OR_RETURN(Rows named, tx.Query("SELECT 1 FROM record_restrictions WHERE person_id = ? "
                                          "AND user_id = ? AND active = 1",
                                          {person_id, who.user_id}));
    if (named.empty()) return std::optional<std::string>("the record is restricted");
    return std::optional<std::string>();
  }
  if (access::Authorize(who, Permission::kReadAllRecords).ok()) return std::optional<std::string>();

  // The teams the child is open to now, else the team that last held the case.
  ASSIGN_OR_RETURN(Rows open, tx.Query("SELECT team_id, worker_id FROM allocations "
                                       "WHERE person_id = ? AND end_date IS NULL "
                                       "UNION ALL SELECT team_id, NULL FROM referrals "
                                       "WHERE person_id = ? AND closure_date IS NULL",
                                       {person_id, person_id}));
  std::set<int64_t> teams;
  bool allocated_to_me = false;
  for (const auto& r : open.rows) {
    teams.insert(r.Int(0));
    if (r.OptInt(1) == who.user_id) allocated_to_me = true;
  }
  if (teams.empty()) {
    ASSIGN_OR_RETURN(Rows last, tx.Query("SELECT team_id, d FROM (SELECT team_id, start_date AS d "
                                         "FROM allocations WHERE person_id = ? UNION ALL "
                                         "SELECT team_id, referral_date AS d FROM referrals "
                                         "WHERE person_id = ?) AS held ORDER BY d DESC LIMIT 1",
                                         {person_id, person_id}));
    if (last.empty()) return std::optional<std::string>();  // never open to any team
    teams.insert(last.rows[0].Int(0));
  }
  const bool my_team = who.team_id && teams.count(*who.team_id) != 0;
  if (who.roles.count(Role::kSocialWorker) && (allocated_to_me || my_team)) {
    return std::optional<std::string>();
  }
  if (who.roles.count(Role::kTeamManager) && my_team) return std::optional<std::string>();
  if (who.roles.count(Role::kFrontDoorWorker)) {
    const std::string since =
        Date::Parse(FormatTimestamp(clock_.Now()).substr(0, 10))->AddDays(-30).ToString();
    ASSIGN_OR_RETURN(Rows recent, tx.Query("SELECT 1 FROM contacts WHERE person_id = ? AND "
                                           "(received_at >= ? OR decision IS NULL) LIMIT 1",
                                           {person_id, since}));
    if (!recent.empty()) return std::optional<std::string>();
  }
  return std::optional<std::string>("the child is not allocated to you or your team");
}

Status RecordAccess::Check(const access::Principal& who, const storage::Actor& actor,
                           int64_t person_id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  std::optional<std::string> refusal;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(refusal, Refusal(tx, who, person_id));
    return Status::Ok();
  }));
  if (!refusal) return Status::Ok();
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) {
    return storage::LogAccess(tx, actor, {"people", person_id, "refused", *refusal}, clock_.Now());
  }));
  return PermissionDenied("you cannot open this record: " + *refusal);
}

Status RecordAccess::Restrict(const access::Principal& who, const storage::Actor& actor,
                              int64_t person_id, std::vector<int64_t> users,
                              const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kRestrictRecord));
  if (reason.empty()) return InvalidArgument("give the reason for the restriction", "reason");
  RETURN_IF_ERROR(Check(who, actor, person_id));
  const bool restrict = !users.empty();
  if (restrict) users.push_back(who.user_id);
  const std::set<int64_t> named(users.begin(), users.end());
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    for (int64_t u : named) {
      ASSIGN_OR_RETURN(Rows found, tx.Query("SELECT 1 FROM users WHERE id = ?", {u}));
      if (found.empty()) return InvalidArgument("no user with id " + std::to_string(u), "users");
    }
    ASSIGN_OR_RETURN(Rows person,
                     tx.Query("SELECT version FROM people WHERE id = ?", {person_id}));
    RETURN_IF_ERROR(storage::UpdateVersioned(tx, actor, "people", person_id, person.rows[0].Int(0),
                                             {{"restricted", int64_t{restrict ? 1 : 0}}},
                                             restrict ? "restrict" : "unrestrict", reason,
                                             clock_.Now()));
    ASSIGN_OR_RETURN(Rows current, tx.Query("SELECT id, user_id, version FROM record_restrictions "
                                            "WHERE person_id = ? AND active = 1",
                                            {person_id}));
    std::set<int64_t> already;
    for (const auto& r : current.rows) {
      if (named.count(r.Int(1)) != 0) {
        already.insert(r.Int(1));
        continue;
      }
      RETURN_IF_ERROR(storage::UpdateVersioned(tx, actor, "record_restrictions", r.Int(0),
                                               r.Int(2), {{"active", int64_t{0}}}, "end", reason,
                                               clock_.Now()));
    }
    for (int64_t u : named) {
      if (already.count(u) != 0) continue;
      RETURN_IF_ERROR(storage::InsertVersioned(tx, actor, "record_restrictions",
                                               {{"person_id", person_id}, {"user_id", u}},
                                               reason, clock_.Now())
                          .status());
    }
    return Status::Ok();
  });
}

}  // namespace haven::record
