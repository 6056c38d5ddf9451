#pragma once

// Roles and permissions. What each role may do is one table in roles.cc; every check in Haven goes
// through Authorize, so the policy can be read, reviewed and tested in one place.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace haven::access {

enum class Role {
  kFrontDoorWorker,
  kSocialWorker,
  kTeamManager,
  kReviewingOfficer,
  kPerformanceOfficer,
  kDirector,
  kCommissioner,
  kPartnerAgency,
  kAdministrator,
};

enum class Permission {
  kReadOwnAccount,      // see and manage one's own account and API tokens
  kReadPerson,          // open a person's record
  kWritePerson,         // create or change a person's record
  kReadRecordHistory,   // see the versions and access log of a record
  kManageUsers,         // create, change, disable and unlock accounts
  kManageOrganisation,  // organisations, service areas, teams
  kReadAllRecords,      // open any unrestricted record, not only the team's
  kAuthorise,           // authorise assessments, plans and closures
  kAllocate,            // allocate children to workers and teams
  kMergePeople,         // merge two records of one person, and undo it
  kRestrictRecord,      // restrict a record to named users
  kLoadRecords,         // load whole histories at once (migration, the synthetic authority)
  kReadPerformance,     // management information: figures, dashboards, scorecards
  kManageContracts,     // contracts with the provider, and their KPI targets
  kManageWorkforce,     // teams' establishment and staff sickness (a team manager: their team)
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
const std::vector<Role>& AllRoles();
std::string_view PermissionName(Permission p);

// Roles as stored: sorted names joined by commas.
std::string JoinRoles(const std::set<Role>& roles);
// Parses a stored or submitted list; an unknown name is an error naming `field`.
Result<std::set<Role>> ParseRoles(const std::vector<std::string>& names, const std::string& field);
std::set<Role> SplitRoles(const std::string& joined);

bool RoleHas(Role role, Permission p);

// The signed-in caller of a request.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::set<Role> roles;
  std::optional<int64_t> team_id;
  enum class Via { kSession, kApiToken } via = Via::kSession;
  int64_t credential_id = 0;  // session or token id
  std::string csrf_token;     // sessions only
};

// OK if any of the principal's roles grants `p`; PermissionDenied naming the permission otherwise.
Status Authorize(const Principal& who, Permission p);

// Authorize for the workforce of `team_id`: administrators and directors manage every team's, a
// team manager only their own team's.
Status AuthorizeWorkforce(const Principal& who, int64_t team_id);

}  // namespace haven::access
