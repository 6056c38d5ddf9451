#include "org/workforce_service.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "common/validate.h"
#include "storage/versioned.h"

namespace haven::org {
namespace {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

constexpr double kMostPosts = 500;

Result<Date> DateIn(const std::string& text, const std::string& field, const std::string& what) {
  auto d = Date::Parse(text);
  if (text.size() != 10 || !d) {
    return InvalidArgument(what + " must be a real date, such as 2026-04-01", field);
  }
  if (d->year() < 1990) return InvalidArgument(what + " must be in 1990 or later", field);
  return *d;
}

std::optional<Date> DateAt(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return Date::Parse(std::string_view(r.Text(i)).substr(0, 10));
}

Status RequireReason(const std::string& reason) {
  if (reason.empty()) return InvalidArgument("say why", "reason");
  return ValidateText(reason, "reason", 500);
}

// The spells of `user_id` other than `except` that share a day with [start, end].
Status CheckOverlap(Tx& tx, int64_t user_id, int64_t except, Date start, std::optional<Date> end,
                    const std::string& field) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, start_date, end_date FROM sickness_absences "
                                       "WHERE user_id = ? AND active = 1 AND id <> ?",
                                       {user_id, except}));
  for (const Row& r : rows.rows) {
    const auto other_start = DateAt(r, 1);
    const auto other_end = DateAt(r, 2);
    if (!other_start) continue;
    const bool before = end && *end < *other_start;
    const bool after = other_end && start > *other_end;
    if (before || after) continue;
    return InvalidArgument("this overlaps sickness from " + other_start->ToString() +
                               (other_end ? " to " + other_end->ToString() : ", still open") +
                               " already recorded",
                           field);
  }
  return Status::Ok();
}

// The employment of `user_id` must cover [start, end].
Status CheckEmployed(Tx& tx, int64_t user_id, Date start, std::optional<Date> end) {
  ASSIGN_OR_RETURN(Rows u,
                   tx.Query("SELECT start_date, end_date FROM users WHERE id = ?", {user_id}));
  if (u.empty()) return InvalidArgument("choose a member of staff", "user_id");
  const auto from = DateAt(u.rows[0], 0);
  const auto to = DateAt(u.rows[0], 1);
  if (!from) {
    return InvalidArgument("this account has no employment start date; record it first", "user_id");
  }
  if (start < *from) {
    return InvalidArgument("the first day is before they started, on " + from->ToString(),
                           "start_date");
  }
  if (to && (start > *to || (end && *end > *to))) {
    return InvalidArgument("the spell runs after their last day in post, " + to->ToString(),
                           end ? "end_date" : "start_date");
  }
  return Status::Ok();
}

}  // namespace

Date WorkforceService::Today() const {
  return *Date::Parse(FormatTimestamp(clock_.Now()).substr(0, 10));
}

Result<Establishment> WorkforceService::SetEstablishment(const storage::Actor& actor,
                                                         int64_t team_id,
                                                         const std::string& effective_from,
                                                         const std::string& fte,
                                                         const std::string& reason,
                                                         std::optional<int64_t> version) {
  ASSIGN_OR_RETURN(const Date from, DateIn(effective_from, "effective_from", "the date"));
  if (from > Today().AddMonths(12)) {
    return InvalidArgument("the date must be no more than a year ahead", "effective_from");
  }
  // Digits with at most one decimal point: strtod alone would take " 7", "0x1A" or "1e2".
  const bool plain = !fte.empty() && fte.size() <= 12 &&
                     fte.find_first_not_of("0123456789.") == std::string::npos &&
                     std::count(fte.begin(), fte.end(), '.') <= 1 && fte.front() != '.' &&
                     fte.back() != '.';
  char* end = nullptr;
  const double posts = plain ? std::strtod(fte.c_str(), &end) : -1;
  if (!plain || end != fte.c_str() + fte.size() || !std::isfinite(posts) || posts < 0 ||
      posts > kMostPosts) {
    return InvalidArgument(
        "the establishment must be a number of full-time posts from 0 to 500, such as 7 or 6.5",
        "social_worker_fte");
  }
  if (std::abs(posts * 100 - std::round(posts * 100)) > 1e-6) {
    return InvalidArgument("give the establishment to at most two decimal places",
                           "social_worker_fte");
  }
  RETURN_IF_ERROR(RequireReason(reason));
  Establishment out{0, team_id, from, posts, 1};
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows team, tx.Query("SELECT active FROM teams WHERE id = ?", {team_id}));
    if (team.empty()) return InvalidArgument("choose a team", "team_id");
    if (team.rows[0].Int(0) == 0) {
      return InvalidArgument("the team is closed: its establishment cannot change", "team_id");
    }
    ASSIGN_OR_RETURN(Rows same, tx.Query("SELECT id, version FROM team_establishment WHERE "
                                         "team_id = ? AND effective_from = ? AND active = 1",
                                         {team_id, from.ToString()}));
    if (!same.empty()) {
      // A correction of that date's establishment: against the version the caller saw, when
      // they give it, so two people correcting it at once do not overwrite each other.
      const int64_t seen = version.value_or(same.rows[0].Int(1));
      out.id = same.rows[0].Int(0);
      out.version = seen + 1;
      return storage::UpdateVersioned(tx, actor, "team_establishment", out.id, seen,
                                      {{"social_worker_fte", posts}}, "update", reason,
                                      clock_.Now());
    }
    ASSIGN_OR_RETURN(out.id, storage::InsertVersioned(tx, actor, "team_establishment",
                                                      {{"team_id", team_id},
                                                       {"effective_from", from.ToString()},
                                                       {"social_worker_fte", posts}},
                                                      reason, clock_.Now()));
    return Status::Ok();
  }));
  return out;
}

Status WorkforceService::WithdrawEstablishment(const storage::Actor& actor, int64_t id,
                                               int64_t version, const std::string& reason) {
  RETURN_IF_ERROR(RequireReason(reason));
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    return storage::UpdateVersioned(tx, actor, "team_establishment", id, version,
                                    {{"active", int64_t{0}}}, "withdraw", reason, clock_.Now());
  });
}

Result<SicknessSpell> WorkforceService::RecordSickness(const storage::Actor& actor, int64_t user_id,
                                                       const std::string& start_date,
                                                       const std::string& end_date,
                                                       const std::string& reason) {
  ASSIGN_OR_RETURN(const Date start, DateIn(start_date, "start_date", "the first day"));
  std::optional<Date> last;
  if (!end_date.empty()) {
    ASSIGN_OR_RETURN(last, DateIn(end_date, "end_date", "the last day"));
    if (*last < start) {
      return InvalidArgument("the last day must be on or after the first day", "end_date");
    }
  }
  if (start > Today()) return InvalidArgument("the first day cannot be after today", "start_date");
  RETURN_IF_ERROR(RequireReason(reason));
  SicknessSpell out;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(CheckEmployed(tx, user_id, start, last));
    RETURN_IF_ERROR(CheckOverlap(tx, user_id, 0, start, last, "start_date"));
    ASSIGN_OR_RETURN(out.id,
                     storage::InsertVersioned(
                         tx, actor, "sickness_absences",
                         {{"user_id", user_id},
                          {"start_date", start.ToString()},
                          {"end_date", last ? storage::Value(last->ToString()) : storage::Null()}},
                         reason, clock_.Now()));
    return Status::Ok();
  }));
  out.user_id = user_id;
  out.start = start;
  out.end = last;
  out.version = 1;
  const Date to = last ? std::min(*last, Today()) : Today();
  out.working_days = std::max(0, calendar_.WorkingDaysBetween(start.AddDays(-1), to));
  return out;
}

Status WorkforceService::EndSickness(const storage::Actor& actor, int64_t id, int64_t version,
                                     const std::string& end_date, const std::string& reason) {
  ASSIGN_OR_RETURN(const Date last, DateIn(end_date, "end_date", "the last day"));
  RETURN_IF_ERROR(RequireReason(reason));
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows spell, tx.Query("SELECT user_id, start_date FROM sickness_absences "
                                          "WHERE id = ? AND active = 1",
                                          {id}));
    if (spell.empty()) return NotFound("no sickness absence with id " + std::to_string(id));
    const int64_t user_id = spell.rows[0].Int(0);
    const Date start = *DateAt(spell.rows[0], 1);
    if (last < start) {
      return InvalidArgument("the last day must be on or after the first day, " + start.ToString(),
                             "end_date");
    }
    RETURN_IF_ERROR(CheckEmployed(tx, user_id, start, last));
    RETURN_IF_ERROR(CheckOverlap(tx, user_id, id, start, last, "end_date"));
    return storage::UpdateVersioned(tx, actor, "sickness_absences", id, version,
                                    {{"end_date", last.ToString()}}, "update", reason,
                                    clock_.Now());
  });
}

Status WorkforceService::WithdrawSickness(const storage::Actor& actor, int64_t id, int64_t version,
                                          const std::string& reason) {
  RETURN_IF_ERROR(RequireReason(reason));
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    return storage::UpdateVersioned(tx, actor, "sickness_absences", id, version,
                                    {{"active", int64_t{0}}}, "withdraw", reason, clock_.Now());
  });
}

Result<TeamWorkforce> WorkforceService::Team(int64_t team_id, const storage::Actor* sickness_for) {
  const Date today = Today();
  TeamWorkforce out;
  const TxMode mode = sickness_for ? TxMode::kWrite : TxMode::kRead;
  RETURN_IF_ERROR(store_.Transact(mode, [&](Tx& tx) -> Status {
    out = TeamWorkforce{};
    out.team_id = team_id;
    ASSIGN_OR_RETURN(Rows team, tx.Query("SELECT name FROM teams WHERE id = ?", {team_id}));
    if (team.empty()) return NotFound("no team with id " + std::to_string(team_id));
    out.team_name = team.rows[0].Text(0);
    ASSIGN_OR_RETURN(Rows posts,
                     tx.Query("SELECT id, effective_from, social_worker_fte, version FROM "
                              "team_establishment WHERE team_id = ? AND active = 1 ORDER BY "
                              "effective_from DESC",
                              {team_id}));
    for (const Row& r : posts.rows) {
      out.history.push_back({r.Int(0), team_id, *DateAt(r, 1), r.Real(2), r.Int(3)});
      if (!out.establishment && out.history.back().effective_from <= today) {
        out.establishment = r.Real(2);
      }
    }
    ASSIGN_OR_RETURN(Rows staff,
                     tx.Query("SELECT id, display_name, roles, employment_type, fte, start_date, "
                              "end_date FROM users WHERE team_id = ? AND start_date IS NOT NULL "
                              "ORDER BY display_name, id",
                              {team_id}));
    for (const Row& r : staff.rows) {
      StaffMember m;
      m.user_id = r.Int(0);
      m.display_name = r.Text(1);
      m.social_worker = r.Text(2).find("social_worker") != std::string::npos;
      m.agency = r.Text(3) == "agency";
      m.fte = r.IsNull(4) ? 1.0 : r.Real(4);
      m.start = DateAt(r, 5);
      m.end = DateAt(r, 6);
      m.in_post = m.start && *m.start <= today && (!m.end || *m.end >= today);
      if (m.in_post && m.social_worker) (m.agency ? out.agency_fte : out.permanent_fte) += m.fte;
      out.staff.push_back(std::move(m));
    }
    std::stable_partition(out.staff.begin(), out.staff.end(),
                          [](const StaffMember& m) { return m.in_post; });
    if (sickness_for == nullptr) return Status::Ok();
    ASSIGN_OR_RETURN(Rows sick,
                     tx.Query("SELECT s.id, s.user_id, u.display_name, s.start_date, s.end_date, "
                              "s.version FROM sickness_absences s JOIN users u ON u.id = "
                              "s.user_id WHERE u.team_id = ? AND s.active = 1 AND (s.end_date IS "
                              "NULL OR s.end_date >= ?) ORDER BY s.start_date DESC, s.id DESC",
                              {team_id, today.AddMonths(-12).ToString()}));
    // Whose sickness the reader saw is logged, as a read of a child's record is.
    std::set<int64_t> named;
    for (const Row& r : sick.rows) {
      out.sickness.push_back(SpellFrom(r, today));
      if (named.insert(out.sickness.back().user_id).second) {
        RETURN_IF_ERROR(storage::LogAccess(
            tx, *sickness_for,
            {"users", out.sickness.back().user_id, "read", "workforce: sickness"},
            clock_.Now()));
      }
    }
    return Status::Ok();
  }));
  if (out.establishment) out.vacancies = std::max(0.0, *out.establishment - out.permanent_fte);
  return out;
}

SicknessSpell WorkforceService::SpellFrom(const Row& r, Date today) const {
  SicknessSpell s{r.Int(0), r.Int(1), r.Text(2), *DateAt(r, 3), DateAt(r, 4), 0, r.Int(5)};
  const Date to = s.end ? std::min(*s.end, today) : today;
  s.working_days = std::max(0, calendar_.WorkingDaysBetween(s.start.AddDays(-1), to));
  return s;
}

Result<SicknessSpell> WorkforceService::Spell(int64_t id) {
  ASSIGN_OR_RETURN(Rows r, storage::QueryOnce(store_,
                                              "SELECT s.id, s.user_id, u.display_name, "
                                              "s.start_date, s.end_date, s.version FROM "
                                              "sickness_absences s JOIN users u ON u.id = "
                                              "s.user_id WHERE s.id = ? AND s.active = 1",
                                              {id}));
  if (r.empty()) return NotFound("no sickness absence with id " + std::to_string(id));
  return SpellFrom(r.rows[0], Today());
}

Result<int64_t> WorkforceService::TeamOfUser(int64_t user_id) {
  ASSIGN_OR_RETURN(Rows r,
                   storage::QueryOnce(store_, "SELECT team_id FROM users WHERE id = ?", {user_id}));
  if (r.empty() || r.rows[0].IsNull(0)) {
    return NotFound("no member of staff with id " + std::to_string(user_id) + " in a team");
  }
  return r.rows[0].Int(0);
}

Result<int64_t> WorkforceService::TeamOfSpell(int64_t spell_id) {
  ASSIGN_OR_RETURN(Rows r, storage::QueryOnce(store_,
                                              "SELECT u.team_id FROM sickness_absences s JOIN "
                                              "users u ON u.id = s.user_id WHERE s.id = ?",
                                              {spell_id}));
  if (r.empty() || r.rows[0].IsNull(0)) {
    return NotFound("no sickness absence with id " + std::to_string(spell_id));
  }
  return r.rows[0].Int(0);
}

Result<int64_t> WorkforceService::TeamOfEstablishment(int64_t id) {
  ASSIGN_OR_RETURN(
      Rows r,
      storage::QueryOnce(store_, "SELECT team_id FROM team_establishment WHERE id = ?", {id}));
  if (r.empty()) return NotFound("no establishment with id " + std::to_string(id));
  return r.rows[0].Int(0);
}

}  // namespace haven::org
