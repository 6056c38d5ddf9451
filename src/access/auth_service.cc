#include "access/auth_service.h"

#include <algorithm>
#include <cctype>

#include "storage/history.h"

namespace haven::access {
namespace {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

constexpr size_t kTokenBytes = 32;
// last_seen_at is written at most this often, so a busy user does not write on every request.
constexpr std::chrono::seconds kTouchInterval{60};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

TimePoint ParseOr(const std::string& text, TimePoint fallback) {
  TimePoint t;
  return ParseTimestamp(text, &t) ? t : fallback;
}

Principal PrincipalFrom(const Row& r, Principal::Via via) {
  Principal p;
  p.user_id = r.Int(0);
  p.username = r.Text(1);
  p.display_name = r.Text(2);
  p.roles = SplitRoles(r.Text(3));
  p.team_id = r.OptInt(4);
  p.via = via;
  p.credential_id = r.Int(6);
  return p;
}

}  // namespace

Status AuthService::Event(Tx& tx, const std::optional<int64_t>& user_id, const std::string& event,
                          const std::string& request_id) {
  return tx
      .Exec("INSERT INTO security_events (at, user_id, event, request_id) VALUES (?, ?, ?, ?)",
            {FormatTimestamp(clock_.Now()), user_id ? storage::Value(*user_id) : storage::Null(),
             event, request_id.empty() ? storage::Null() : storage::Value(request_id)})
      .status();
}

Status AuthService::RecordFailure(const std::string& subject, const std::optional<int64_t>& user_id,
                                  const std::string& request_id) {
  const TimePoint now = clock_.Now();
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    // One statement, so concurrent failures all count (both databases support this upsert).
    ASSIGN_OR_RETURN(Rows rows,
                     tx.Query("INSERT INTO sign_in_failures (subject, failures, last_failure_at) "
                              "VALUES (?, 1, ?) ON CONFLICT (subject) DO UPDATE SET "
                              "failures = sign_in_failures.failures + 1, "
                              "last_failure_at = excluded.last_failure_at RETURNING failures",
                              {subject, FormatTimestamp(now)}));
    const int64_t failures = rows.rows.at(0).Int(0);
    RETURN_IF_ERROR(Event(tx, user_id, "sign_in_failed", request_id));
    if (user_id && failures >= options_.lock_after) {
      ASSIGN_OR_RETURN(int64_t changed,
                       tx.Exec("UPDATE users SET status = 'locked', version = version + 1, "
                               "updated_at = ? WHERE id = ? AND status = 'active'",
                               {FormatTimestamp(now), *user_id}));
      if (changed > 0) {
        RETURN_IF_ERROR(storage::WriteVersion(
            tx, storage::Actor{std::nullopt, request_id},
            {"users", *user_id, "lock",
             "locked after " + std::to_string(failures) + " failed sign-ins in a row"},
            now));
        RETURN_IF_ERROR(Event(tx, user_id, "account_locked", request_id));
      }
    }
    return Status::Ok();
  });
}

Result<SignedIn> AuthService::SignIn(const std::string& username, const std::string& password,
                                     const std::string& request_id,
                                     const std::optional<std::string>& previous_token) {
  if (username.empty()) return InvalidArgument("enter your username", "username");
  if (password.empty()) return InvalidArgument("enter your password", "password");
  if (username.size() > 256 || password.size() > 1024) {
    return Unauthenticated("the username or password is not correct");
  }
  const std::string subject = Lower(username);
  const TimePoint now = clock_.Now();

  // The throttle: after throttle_after failures in a row, wait before the next try.
  ASSIGN_OR_RETURN(Rows throttle,
                   storage::QueryOnce(store_,
                                      "SELECT failures, last_failure_at FROM sign_in_failures "
                                      "WHERE subject = ?",
                                      {subject}));
  if (!throttle.empty()) {
    const int64_t failures = throttle.rows[0].Int(0);
    if (failures >= options_.throttle_after) {
      const int64_t steps = std::min<int64_t>(failures - options_.throttle_after, 20);
      const auto delay = std::min(std::chrono::seconds(int64_t{1} << steps), options_.max_delay);
      const TimePoint last = ParseOr(throttle.rows[0].Text(1), now);
      if (now < last + delay) {
        const auto wait = std::chrono::ceil<std::chrono::seconds>(last + delay - now).count();
        return ResourceExhausted("too many failed sign-ins: try again in " + std::to_string(wait) +
                                 " seconds");
      }
    }
  }

  ASSIGN_OR_RETURN(
      Rows found,
      storage::QueryOnce(store_, "SELECT id, password_hash, status FROM users WHERE username = ?",
                         {subject}));
  if (found.empty()) {
    hasher_.VerifyDummy(password);
    RETURN_IF_ERROR(RecordFailure(subject, std::nullopt, request_id));
    return Unauthenticated("the username or password is not correct");
  }
  const int64_t user_id = found.rows[0].Int(0);
  const std::string status = found.rows[0].Text(2);
  // The password is checked first, so that only someone who knows it learns the account is
  // locked or disabled; everyone else gets the same answer, in the same time, as for a typo.
  if (!hasher_.Verify(found.rows[0].Text(1), password)) {
    RETURN_IF_ERROR(RecordFailure(subject, user_id, request_id));
    return Unauthenticated("the username or password is not correct");
  }
  if (status == "locked") {
    return PermissionDenied(
        "this account is locked after repeated failed sign-ins: ask an administrator to unlock it");
  }
  if (status != "active") return PermissionDenied("this account is disabled");

  SignedIn out;
  out.token = RandomToken(random_, kTokenBytes);
  out.csrf_token = RandomToken(random_, kTokenBytes);
  out.expires_at = FormatTimestamp(now + options_.max_age);
  const std::string stamp = FormatTimestamp(now);
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(
        tx.Exec("UPDATE sign_in_failures SET failures = 0 WHERE subject = ?", {subject}).status());
    if (previous_token) {
      RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND "
                              "ended_at IS NULL",
                              {stamp, Sha256Hex(*previous_token)})
                          .status());
    }
    RETURN_IF_ERROR(
        tx.Exec("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                {Sha256Hex(out.token), user_id, out.csrf_token, stamp, stamp, out.expires_at})
            .status());
    return Event(tx, user_id, "sign_in", request_id);
  });
  if (!s.ok()) return s;
  UserService users(store_, clock_, hasher_);
  ASSIGN_OR_RETURN(out.user, users.Get(user_id));
  return out;
}

Status AuthService::SignOut(const Principal& who, const std::string& request_id) {
  if (who.via != Principal::Via::kSession) {
    return FailedPrecondition("sign-out ends a browser session; revoke an API token instead");
  }
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                            {FormatTimestamp(clock_.Now()), who.credential_id})
                        .status());
    return Event(tx, who.user_id, "sign_out", request_id);
  });
}

Result<Principal> AuthService::AuthenticateSession(const std::string& token) {
  const TimePoint now = clock_.Now();
  ASSIGN_OR_RETURN(
      Rows rows,
      storage::QueryOnce(store_,
                         "SELECT u.id, u.username, u.display_name, u.roles, u.team_id, u.status, "
                         "s.id, s.csrf_token, s.last_seen_at, s.expires_at FROM sessions s "
                         "JOIN users u ON u.id = s.user_id "
                         "WHERE s.token_hash = ? AND s.ended_at IS NULL",
                         {Sha256Hex(token)}));
  if (rows.empty()) return Unauthenticated("sign in to continue");
  const Row& r = rows.rows[0];
  if (r.Text(5) != "active") return Unauthenticated("this account is no longer active");
  const TimePoint last_seen = ParseOr(r.Text(8), TimePoint{});
  const TimePoint expires = ParseOr(r.Text(9), TimePoint{});
  if (now >= expires || now - last_seen > options_.idle) {
    return Unauthenticated("your session has expired: sign in again");
  }
  Principal p = PrincipalFrom(r, Principal::Via::kSession);
  p.csrf_token = r.Text(7);
  if (now - last_seen >= kTouchInterval) {
    RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) {
      return tx
          .Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?",
                {FormatTimestamp(now), p.credential_id})
          .status();
    }));
  }
  return p;
}

Result<Principal> AuthService::AuthenticateApiToken(const std::string& token) {
  if (token.rfind(kApiTokenPrefix, 0) != 0) return Unauthenticated("the API token is not valid");
  const TimePoint now = clock_.Now();
  ASSIGN_OR_RETURN(
      Rows rows,
      storage::QueryOnce(store_,
                         "SELECT u.id, u.username, u.display_name, u.roles, u.team_id, u.status, "
                         "t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
                         "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                         {Sha256Hex(token)}));
  if (rows.empty()) return Unauthenticated("the API token is not valid");
  const Row& r = rows.rows[0];
  if (r.Text(5) != "active") return Unauthenticated("this account is no longer active");
  Principal p = PrincipalFrom(r, Principal::Via::kApiToken);
  if (r.IsNull(7) || now - ParseOr(r.Text(7), TimePoint{}) >= kTouchInterval) {
    RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) {
      return tx
          .Exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
                {FormatTimestamp(now), p.credential_id})
          .status();
    }));
  }
  return p;
}

Result<std::pair<ApiToken, std::string>> AuthService::CreateApiToken(
    const Principal& who, const std::string& name, const std::string& request_id) {
  RETURN_IF_ERROR(Authorize(who, Permission::kReadOwnAccount));
  if (name.empty() || name.size() > 100) {
    return InvalidArgument("name must be 1 to 100 characters", "name");
  }
  const std::string token = std::string(kApiTokenPrefix) + RandomToken(random_, kTokenBytes);
  ApiToken out;
  out.name = name;
  out.created_at = FormatTimestamp(clock_.Now());
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows rows, tx.Query("INSERT INTO api_tokens (token_hash, user_id, name, "
                                         "created_at) VALUES (?, ?, ?, ?) RETURNING id",
                                         {Sha256Hex(token), who.user_id, name, out.created_at}));
    out.id = rows.rows.at(0).Int(0);
    return Event(tx, who.user_id, "api_token_created", request_id);
  });
  if (!s.ok()) return s;
  return std::make_pair(out, token);
}

Result<std::vector<ApiToken>> AuthService::ListApiTokens(const Principal& who) {
  RETURN_IF_ERROR(Authorize(who, Permission::kReadOwnAccount));
  ASSIGN_OR_RETURN(Rows rows, storage::QueryOnce(store_,
                                                 "SELECT id, name, created_at, last_used_at, "
                                                 "revoked_at FROM api_tokens WHERE user_id = ? "
                                                 "ORDER BY id",
                                                 {who.user_id}));
  std::vector<ApiToken> out;
  for (const Row& r : rows.rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptText(3), r.OptText(4)});
  }
  return out;
}

Status AuthService::RevokeApiToken(const Principal& who, int64_t token_id,
                                   const std::string& request_id) {
  RETURN_IF_ERROR(Authorize(who, Permission::kReadOwnAccount));
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND "
                                        "user_id = ? AND revoked_at IS NULL",
                                        {FormatTimestamp(clock_.Now()), token_id, who.user_id}));
    if (n == 0) return NotFound("you have no live API token with id " + std::to_string(token_id));
    return Event(tx, who.user_id, "api_token_revoked", request_id);
  });
}

}  // namespace haven::access
