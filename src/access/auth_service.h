#pragma once

// Sign-in, sessions, API tokens and the throttle on failed sign-ins.
//
// Session and API tokens are 32 random bytes; only their SHA-256 is stored, so a copy of the
// database yields no live credential. A session ends when idle for `idle` or after `max_age`,
// whichever comes first, and every sign-in issues a new token (ending the one presented, if any).
//
// Failed sign-ins are counted per username, whether or not the account exists. After
// `throttle_after` failures in a row each further attempt must wait, doubling up to `max_delay`;
// at `lock_after` failures an existing account is locked until an administrator unlocks it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/password.h"
#include "access/roles.h"
#include "access/user_service.h"
#include "common/clock.h"
#include "common/random.h"
#include "storage/store.h"

namespace haven::access {

struct AuthOptions {
  std::chrono::minutes idle{30};
  std::chrono::hours max_age{12};
  int throttle_after = 5;
  int lock_after = 10;
  std::chrono::seconds max_delay{300};
};

struct SignedIn {
  std::string token;  // the cookie value; shown once
  std::string csrf_token;
  std::string expires_at;
  User user;
};

struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> last_used_at;
  std::optional<std::string> revoked_at;
};

class AuthService {
 public:
  AuthService(storage::Store& store, const Clock& clock, Random& random,
              const PasswordHasher& hasher, AuthOptions options)
      : store_(store), clock_(clock), random_(random), hasher_(hasher), options_(options) {}

  // `previous_token`: the session cookie presented with the sign-in, ended if it is live.
  Result<SignedIn> SignIn(const std::string& username, const std::string& password,
                          const std::string& request_id,
                          const std::optional<std::string>& previous_token = std::nullopt);
  Status SignOut(const Principal& who, const std::string& request_id);

  Result<Principal> AuthenticateSession(const std::string& token);
  Result<Principal> AuthenticateApiToken(const std::string& token);

  // Creates a token for the caller; the plain token is in the result's second member, shown once.
  Result<std::pair<ApiToken, std::string>> CreateApiToken(const Principal& who,
                                                          const std::string& name,
                                                          const std::string& request_id);
  Result<std::vector<ApiToken>> ListApiTokens(const Principal& who);
  Status RevokeApiToken(const Principal& who, int64_t token_id, const std::string& request_id);

 private:
  Status RecordFailure(const std::string& subject, const std::optional<int64_t>& user_id,
                       const std::string& request_id);
  Status Event(storage::Tx& tx, const std::optional<int64_t>& user_id, const std::string& event,
               const std::string& request_id);

  storage::Store& store_;
  const Clock& clock_;
  Random& random_;
  const PasswordHasher& hasher_;
  AuthOptions options_;
};

// API tokens start with this prefix so they are easy to spot in a leaked file.
inline constexpr std::string_view kApiTokenPrefix = "hvn_";

}  // namespace haven::access
