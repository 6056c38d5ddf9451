#pragma once

// Staff accounts: creation, change, disabling and unlocking. Every change is a new version of the
// user row, with its actor and reason; accounts are never deleted.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/password.h"
#include "access/roles.h"
#include "common/clock.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::access {

enum class UserStatus { kActive, kDisabled, kLocked };
std::string_view UserStatusName(UserStatus s);
std::optional<UserStatus> ParseUserStatus(std::string_view s);

// A worker's employment, for caseloads and workforce figures.
struct Employment {
  std::optional<std::string> type;  // permanent or agency
  std::optional<double> fte;        // full-time equivalent, above 0 and at most 1
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;
};

// Checks an employment record; errors name the field.
Status ValidateEmployment(const Employment& e);

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::optional<std::string> email;
  std::set<Role> roles;
  std::optional<int64_t> team_id;
  UserStatus status = UserStatus::kActive;
  Employment employment{};
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::optional<std::string> email;
  std::string password;
  std::vector<std::string> roles;
  std::optional<int64_t> team_id;
  Employment employment{};
  // False for an account that only names a worker in the record (a synthetic or migrated
  // authority's past staff): no password is set and signing in is refused.
  bool can_sign_in = true;
  // A worker who has left is recorded disabled.
  UserStatus status = UserStatus::kActive;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::optional<std::string>> email;
  std::optional<std::vector<std::string>> roles;
  std::optional<std::optional<int64_t>> team_id;
  std::optional<UserStatus> status;
  std::optional<std::string> password;
  std::optional<Employment> employment;  // replaces the whole employment record
};

// Usernames: 3 to 64 characters of a-z, 0-9, '.', '_' and '-'.
Status ValidateUsername(const std::string& username, const std::string& field = "username");

class UserService {
 public:
  UserService(storage::Store& store, const Clock& clock, const PasswordHasher& hasher)
      : store_(store), clock_(clock), hasher_(hasher) {}

  Result<User> Create(const storage::Actor& actor, const NewUser& u, const std::string& reason);
  Result<User> Get(int64_t id);
  Result<User> FindByUsername(const std::string& username);
  Result<std::vector<User>> List();
  // Applies the changes that are set. Setting the status to active also clears failed sign-ins.
  Result<User> Update(const storage::Actor& actor, int64_t id, const UserPatch& patch,
                      const std::string& reason);

 private:
  storage::Store& store_;
  const Clock& clock_;
  const PasswordHasher& hasher_;
};

}  // namespace haven::access
