#include "access/user_service.h"

#include "common/validate.h"
#include "storage/history.h"

namespace haven::access {
namespace {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;
using storage::Value;

constexpr const char* kUserColumns =
    "id, username, display_name, email, roles, team_id, status, version, created_at, updated_at, "
    "employment_type, fte, start_date, end_date";

User UserFrom(const Row& r) {
  User u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  u.email = r.OptText(3);
  u.roles = SplitRoles(r.Text(4));
  u.team_id = r.OptInt(5);
  u.employment.type = r.OptText(10);
  if (!r.IsNull(11)) u.employment.fte = r.Real(11);
  u.employment.start_date = r.OptText(12);
  u.employment.end_date = r.OptText(13);
  u.status = ParseUserStatus(r.Text(6)).value_or(UserStatus::kDisabled);
  u.version = r.Int(7);
  u.created_at = r.Text(8);
  u.updated_at = r.Text(9);
  return u;
}

Result<User> LoadUser(Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("no user with id " + std::to_string(id));
  return UserFrom(rows.rows[0]);
}

Status ValidateEmail(const std::optional<std::string>& email) {
  if (!email) return Status::Ok();
  const auto at = email->find('@');
  if (email->size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email->size() ||
      email->find(' ') != std::string::npos) {
    return InvalidArgument("email must be an email address such as name@example.org", "email");
  }
  return Status::Ok();
}

Status WriteEmployment(Tx& tx, int64_t id, const Employment& e) {
  return tx
      .Exec(
          "UPDATE users SET employment_type = ?, fte = ?, start_date = ?, end_date = ? "
          "WHERE id = ?",
          {storage::OptionalText(e.type), e.fte ? Value(*e.fte) : storage::Null(),
           storage::OptionalText(e.start_date), storage::OptionalText(e.end_date), id})
      .status();
}

Status CheckTeam(Tx& tx, const std::optional<int64_t>& team_id) {
  if (!team_id) return Status::Ok();
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id FROM teams WHERE id = ?", {*team_id}));
  if (rows.empty())
    return InvalidArgument("no team with id " + std::to_string(*team_id), "team_id");
  return Status::Ok();
}

}  // namespace

std::string_view UserStatusName(UserStatus s) {
  switch (s) {
    case UserStatus::kActive:
      return "active";
    case UserStatus::kDisabled:
      return "disabled";
    case UserStatus::kLocked:
      return "locked";
  }
  return "disabled";
}

std::optional<UserStatus> ParseUserStatus(std::string_view s) {
  if (s == "active") return UserStatus::kActive;
  if (s == "disabled") return UserStatus::kDisabled;
  if (s == "locked") return UserStatus::kLocked;
  return std::nullopt;
}

Status ValidateUsername(const std::string& username, const std::string& field) {
  if (username.size() < 3 || username.size() > 64) {
    return InvalidArgument("username must be 3 to 64 characters", field);
  }
  for (char c : username) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return InvalidArgument("username may hold only lower-case letters, digits, '.', '_' and '-'",
                             field);
    }
  }
  return Status::Ok();
}

Status ValidateEmployment(const Employment& e) {
  if (e.type && *e.type != "permanent" && *e.type != "agency") {
    return InvalidArgument("employment_type must be permanent or agency", "employment_type");
  }
  if (e.fte && !(*e.fte > 0 && *e.fte <= 1.0)) {
    return InvalidArgument("fte must be above 0 and at most 1 (full time)", "fte");
  }
  if (e.start_date) RETURN_IF_ERROR(ValidateDate(*e.start_date, "start_date"));
  if (e.end_date) RETURN_IF_ERROR(ValidateDate(*e.end_date, "end_date"));
  if (e.start_date && e.end_date && *e.end_date < *e.start_date) {
    return InvalidArgument("end_date is before start_date", "end_date");
  }
  return Status::Ok();
}

Result<User> UserService::Create(const storage::Actor& actor, const NewUser& u,
                                 const std::string& reason) {
  RETURN_IF_ERROR(ValidateUsername(u.username));
  RETURN_IF_ERROR(ValidateName(u.display_name, "display_name"));
  RETURN_IF_ERROR(ValidateEmail(u.email));
  if (u.can_sign_in) {
    RETURN_IF_ERROR(CheckPasswordRules(u.password));
  } else if (!u.password.empty()) {
    return InvalidArgument("an account that cannot sign in has no password", "password");
  }
  RETURN_IF_ERROR(ValidateEmployment(u.employment));
  ASSIGN_OR_RETURN(std::set<Role> roles, ParseRoles(u.roles, "roles"));
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  // "!" is no argon2id hash, so no password ever verifies against it.
  std::string hash = "!";
  if (u.can_sign_in) {
    ASSIGN_OR_RETURN(hash, hasher_.Hash(u.password));
  }
  const TimePoint now = clock_.Now();
  const std::string stamp = FormatTimestamp(now);
  User out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(CheckTeam(tx, u.team_id));
    ASSIGN_OR_RETURN(
        Rows rows,
        tx.Query("INSERT INTO users (username, display_name, email, password_hash, roles, team_id, "
                 "status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, "
                 "?, ?) RETURNING id",
                 {u.username, u.display_name, storage::OptionalText(u.email), hash,
                  JoinRoles(roles), u.team_id ? Value(*u.team_id) : storage::Null(),
                  std::string(UserStatusName(u.status)), stamp, stamp}));
    const int64_t id = rows.rows.at(0).Int(0);
    RETURN_IF_ERROR(WriteEmployment(tx, id, u.employment));
    RETURN_IF_ERROR(storage::WriteVersion(tx, actor, {"users", id, "create", reason}, now));
    ASSIGN_OR_RETURN(out, LoadUser(tx, id));
    return Status::Ok();
  });
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("the username '" + u.username + "' is taken", "username");
  }
  if (!s.ok()) return s;
  return out;
}

Result<User> UserService::Get(int64_t id) {
  User out;
  Status s = store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, LoadUser(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<User> UserService::FindByUsername(const std::string& username) {
  ASSIGN_OR_RETURN(Rows rows, storage::QueryOnce(store_,
                                                 std::string("SELECT ") + kUserColumns +
                                                     " FROM users WHERE username = ?",
                                                 {username}));
  if (rows.empty()) return NotFound("no user called '" + username + "'");
  return UserFrom(rows.rows[0]);
}

Result<std::vector<User>> UserService::List() {
  ASSIGN_OR_RETURN(Rows rows, storage::QueryOnce(store_, std::string("SELECT ") + kUserColumns +
                                                             " FROM users ORDER BY username"));
  std::vector<User> out;
  for (const Row& r : rows.rows) out.push_back(UserFrom(r));
  return out;
}

Result<User> UserService::Update(const storage::Actor& actor, int64_t id, const UserPatch& patch,
                                 const std::string& reason) {
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  if (patch.display_name) RETURN_IF_ERROR(ValidateName(*patch.display_name, "display_name"));
  if (patch.email) RETURN_IF_ERROR(ValidateEmail(*patch.email));
  if (patch.employment) RETURN_IF_ERROR(ValidateEmployment(*patch.employment));
  std::optional<std::set<Role>> roles;
  if (patch.roles) {
    ASSIGN_OR_RETURN(roles, ParseRoles(*patch.roles, "roles"));
  }
  std::optional<std::string> hash;
  if (patch.password) {
    RETURN_IF_ERROR(CheckPasswordRules(*patch.password));
    ASSIGN_OR_RETURN(hash, hasher_.Hash(*patch.password));
  }
  const TimePoint now = clock_.Now();
  User out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(User before, LoadUser(tx, id));
    if (patch.team_id) RETURN_IF_ERROR(CheckTeam(tx, *patch.team_id));
    User after = before;
    if (patch.display_name) after.display_name = *patch.display_name;
    if (patch.email) after.email = *patch.email;
    if (roles) after.roles = *roles;
    if (patch.team_id) after.team_id = *patch.team_id;
    if (patch.status) after.status = *patch.status;
    RETURN_IF_ERROR(
        tx.Exec("UPDATE users SET display_name = ?, email = ?, roles = ?, team_id = ?, status = ?, "
                "password_hash = COALESCE(?, password_hash), version = version + 1, "
                "updated_at = ? WHERE id = ?",
                {after.display_name, storage::OptionalText(after.email), JoinRoles(after.roles),
                 after.team_id ? Value(*after.team_id) : storage::Null(),
                 std::string(UserStatusName(after.status)), storage::OptionalText(hash),
                 FormatTimestamp(now), id})
            .status());
    if (patch.employment) RETURN_IF_ERROR(WriteEmployment(tx, id, *patch.employment));
    std::string op = "update";
    if (after.status != before.status) {
      op = after.status == UserStatus::kActive
               ? "enable"
               : (after.status == UserStatus::kDisabled ? "disable" : "lock");
    } else if (hash) {
      op = "password_reset";
    }
    if (after.status == UserStatus::kActive && before.status != UserStatus::kActive) {
      RETURN_IF_ERROR(
          tx.Exec("UPDATE sign_in_failures SET failures = 0 WHERE subject = ?", {before.username})
              .status());
    }
    if (after.status != UserStatus::kActive || hash) {
      // A disabled account, or one whose password was reset, keeps no live session or API token:
      // whoever held them may not be the account's owner.
      const std::string stamp = FormatTimestamp(now);
      RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at "
                              "IS NULL",
                              {stamp, id})
                          .status());
      RETURN_IF_ERROR(tx.Exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND "
                              "revoked_at IS NULL",
                              {stamp, id})
                          .status());
    }
    RETURN_IF_ERROR(storage::WriteVersion(tx, actor, {"users", id, op, reason}, now));
    ASSIGN_OR_RETURN(out, LoadUser(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace haven::access
