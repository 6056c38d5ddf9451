#include "domain/person_details.h"

#include <gtest/gtest.h>

namespace haven::domain {
namespace {

TEST(PersonDetailsTest, AddressesNeedAPostcodeAndAMoveInDate) {
  Address a;
  a.person_id = 1;
  a.line1 = "12 Station Road";
  a.postcode = "dn1 3dp";
  a.start_date = "2020-01-01";
  ASSERT_TRUE(NormaliseAddress(a).ok());
  EXPECT_EQ(a.postcode, "DN1 3DP");
  a.postcode = "DN1";
  EXPECT_EQ(NormaliseAddress(a).field(), "postcode");
  a.postcode = "DN1 3DP";
  a.start_date.reset();
  EXPECT_EQ(NormaliseAddress(a).field(), "start_date");
}

TEST(PersonDetailsTest, PeriodsCannotEndBeforeTheyStart) {
  Alert a;
  a.kind = "risk_to_staff";
  a.detail = "Dog at the property; visit in pairs";
  a.start_date = "2024-05-01";
  a.end_date = "2024-04-30";
  EXPECT_EQ(NormaliseAlert(a).field(), "end_date");
  a.end_date = "2024-05-01";
  EXPECT_TRUE(NormaliseAlert(a).ok());
  EXPECT_TRUE(IsCurrent(a, "2024-05-01"));
  EXPECT_FALSE(IsCurrent(a, "2024-05-02"));
  EXPECT_FALSE(IsCurrent(a, "2024-04-30"));
}

TEST(PersonDetailsTest, KindsAreCheckedAndRelationshipsHaveAnInverse) {
  Alert a;
  a.kind = "gossip";
  a.detail = "x";
  a.start_date = "2024-01-01";
  EXPECT_EQ(NormaliseAlert(a).field(), "kind");
  Relationship r;
  r.person_id = 5;
  r.related_person_id = 5;
  r.kind = "parent";
  EXPECT_EQ(NormaliseRelationship(r).field(), "related_person_id");
  for (const auto& k : RelationshipKinds()) {
    EXPECT_EQ(InverseRelationship(InverseRelationship(k)), k) << k;
  }
  EXPECT_EQ(InverseRelationship("parent"), "child");
  OtherName n;
  n.kind = "nickname";
  n.given_name = "Jo";
  n.family_name = "Smith";
  EXPECT_EQ(NormaliseOtherName(n).field(), "kind");
}

}  // namespace
}  // namespace haven::domain
