#include "access/roles.h"

#include <algorithm>
#include <map>

namespace haven::access {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::set<Permission> permissions;
};

// The policy. Administrators run the system but do not read children's records; commissioners and
// partner agencies see no record directly (they get figures and feedback in later features).
const std::vector<RoleInfo>& Policy() {
  using P = Permission;
  static const std::vector<RoleInfo> kPolicy = {
      {Role::kFrontDoorWorker,
       "front_door_worker",
       {P::kReadOwnAccount, P::kReadPerson, P::kWritePerson}},
      {Role::kSocialWorker, "social_worker", {P::kReadOwnAccount, P::kReadPerson, P::kWritePerson}},
      {Role::kTeamManager,
       "team_manager",
       {P::kReadOwnAccount, P::kReadPerson, P::kWritePerson, P::kReadRecordHistory, P::kAuthorise,
        P::kAllocate, P::kMergePeople, P::kRestrictRecord, P::kReadPerformance,
        P::kManageWorkforce}},
      {Role::kReviewingOfficer,
       "reviewing_officer",
       {P::kReadOwnAccount, P::kReadPerson, P::kReadAllRecords, P::kReadPerformance}},
      {Role::kPerformanceOfficer,
       "performance_officer",
       {P::kReadOwnAccount, P::kReadPerson, P::kReadAllRecords, P::kReadPerformance}},
      {Role::kDirector,
       "director",
       {P::kReadOwnAccount, P::kReadPerson, P::kReadRecordHistory, P::kReadAllRecords,
        P::kReadPerformance, P::kManageWorkforce}},
      {Role::kCommissioner,
       "commissioner",
       {P::kReadOwnAccount, P::kReadPerformance, P::kManageContracts}},
      {Role::kPartnerAgency, "partner_agency", {P::kReadOwnAccount}},
      {Role::kAdministrator,
       "administrator",
       {P::kReadOwnAccount, P::kManageUsers, P::kManageOrganisation, P::kLoadRecords,
        P::kManageWorkforce}},
  };
  return kPolicy;
}

const RoleInfo& Info(Role role) {
  for (const auto& info : Policy()) {
    if (info.role == role) return info;
  }
  return Policy().front();
}

}  // namespace

std::string_view RoleName(Role role) { return Info(role).name; }

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& info : Policy()) {
    if (info.name == name) return info.role;
  }
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> out;
    for (const auto& info : Policy()) out.push_back(info.role);
    return out;
  }();
  return kAll;
}

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kReadOwnAccount:
      return "read own account";
    case Permission::kReadPerson:
      return "read a person's record";
    case Permission::kWritePerson:
      return "change a person's record";
    case Permission::kReadRecordHistory:
      return "read a record's history and access log";
    case Permission::kManageUsers:
      return "manage users";
    case Permission::kManageOrganisation:
      return "manage organisations and teams";
    case Permission::kReadAllRecords:
      return "read records across the authority";
    case Permission::kAuthorise:
      return "authorise assessments, plans and closures";
    case Permission::kAllocate:
      return "allocate children";
    case Permission::kMergePeople:
      return "merge records";
    case Permission::kLoadRecords:
      return "load whole records from another system";
    case Permission::kRestrictRecord:
      return "restrict records";
    case Permission::kReadPerformance:
      return "read performance figures";
    case Permission::kManageContracts:
      return "set contracts and their targets";
    case Permission::kManageWorkforce:
      return "record teams' establishment and staff sickness";
  }
  return "unknown";
}

std::string JoinRoles(const std::set<Role>& roles) {
  std::vector<std::string> names;
  for (Role r : roles) names.emplace_back(RoleName(r));
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ',';
    out += n;
  }
  return out;
}

Result<std::set<Role>> ParseRoles(const std::vector<std::string>& names, const std::string& field) {
  std::set<Role> out;
  for (const auto& n : names) {
    auto r = ParseRole(n);
    if (!r) {
      std::string known;
      for (Role k : AllRoles()) known += (known.empty() ? "" : ", ") + std::string(RoleName(k));
      return InvalidArgument("unknown role '" + n + "'; roles are " + known, field);
    }
    out.insert(*r);
  }
  if (out.empty()) return InvalidArgument("at least one role is required", field);
  return out;
}

std::set<Role> SplitRoles(const std::string& joined) {
  std::set<Role> out;
  size_t start = 0;
  while (start <= joined.size()) {
    const size_t comma = joined.find(',', start);
    const std::string part =
        joined.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (auto r = ParseRole(part)) out.insert(*r);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool RoleHas(Role role, Permission p) { return Info(role).permissions.count(p) > 0; }

Status Authorize(const Principal& who, Permission p) {
  for (Role r : who.roles) {
    if (RoleHas(r, p)) return Status::Ok();
  }
  return PermissionDenied("your role does not allow you to " + std::string(PermissionName(p)));
}

Status AuthorizeWorkforce(const Principal& who, int64_t team_id) {
  RETURN_IF_ERROR(Authorize(who, Permission::kManageWorkforce));
  if (who.roles.count(Role::kAdministrator) || who.roles.count(Role::kDirector)) {
    return Status::Ok();
  }
  if (who.team_id && *who.team_id == team_id) return Status::Ok();
  return PermissionDenied("a team manager may record the workforce of their own team only");
}

}  // namespace haven::access
