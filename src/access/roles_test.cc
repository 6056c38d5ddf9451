#include "access/roles.h"

#include <gtest/gtest.h>

namespace haven::access {
namespace {

Principal With(std::set<Role> roles) {
  Principal p;
  p.user_id = 1;
  p.roles = std::move(roles);
  return p;
}

TEST(RolesTest, EveryRoleHasAStableNameThatParsesBack) {
  EXPECT_EQ(AllRoles().size(), 9u);
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_FALSE(ParseRole("superuser").has_value());
}

TEST(RolesTest, JoinAndSplitRoundTrip) {
  const std::set<Role> roles = {Role::kTeamManager, Role::kSocialWorker};
  EXPECT_EQ(JoinRoles(roles), "social_worker,team_manager");
  EXPECT_EQ(SplitRoles("social_worker,team_manager"), roles);
}

TEST(RolesTest, ParseRolesNamesTheFieldAndTheKnownRoles) {
  auto r = ParseRoles({"social_worker", "wizard"}, "roles");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "roles");
  EXPECT_NE(r.status().message().find("team_manager"), std::string::npos);
  EXPECT_FALSE(ParseRoles({}, "roles").ok());
}

TEST(PolicyTest, PractitionersReadRecordsAdministratorsDoNot) {
  EXPECT_TRUE(Authorize(With({Role::kSocialWorker}), Permission::kReadPerson).ok());
  EXPECT_TRUE(Authorize(With({Role::kFrontDoorWorker}), Permission::kWritePerson).ok());
  EXPECT_EQ(Authorize(With({Role::kAdministrator}), Permission::kReadPerson).code(),
            StatusCode::kPermissionDenied);
  EXPECT_FALSE(Authorize(With({Role::kCommissioner}), Permission::kReadPerson).ok());
  EXPECT_FALSE(Authorize(With({Role::kPartnerAgency}), Permission::kReadPerson).ok());
  EXPECT_FALSE(Authorize(With({Role::kReviewingOfficer}), Permission::kWritePerson).ok());
}

TEST(PolicyTest, OnlyAdministratorsManageUsers) {
  for (Role r : AllRoles()) {
    EXPECT_EQ(Authorize(With({r}), Permission::kManageUsers).ok(), r == Role::kAdministrator)
        << RoleName(r);
    EXPECT_TRUE(Authorize(With({r}), Permission::kReadOwnAccount).ok()) << RoleName(r);
  }
  EXPECT_FALSE(Authorize(With({}), Permission::kReadOwnAccount).ok());
}

TEST(PolicyTest, AnyRoleGrantingIsEnough) {
  EXPECT_TRUE(
      Authorize(With({Role::kCommissioner, Role::kAdministrator}), Permission::kManageUsers).ok());
}

TEST(PolicyTest, TeamManagersManageTheirOwnTeamsWorkforceOnly) {
  Principal manager = With({Role::kTeamManager});
  manager.team_id = 4;
  EXPECT_TRUE(AuthorizeWorkforce(manager, 4).ok());
  EXPECT_EQ(AuthorizeWorkforce(manager, 5).code(), StatusCode::kPermissionDenied);
  Principal no_team = With({Role::kTeamManager});
  EXPECT_FALSE(AuthorizeWorkforce(no_team, 4).ok());
  EXPECT_TRUE(AuthorizeWorkforce(With({Role::kDirector}), 5).ok());
  EXPECT_TRUE(AuthorizeWorkforce(With({Role::kAdministrator}), 5).ok());
  for (Role r : {Role::kSocialWorker, Role::kPerformanceOfficer, Role::kCommissioner}) {
    Principal p = With({r});
    p.team_id = 4;
    EXPECT_EQ(AuthorizeWorkforce(p, 4).code(), StatusCode::kPermissionDenied) << RoleName(r);
  }
}

}  // namespace
}  // namespace haven::access
