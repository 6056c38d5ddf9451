#include "domain/person.h"

#include <gtest/gtest.h>

namespace haven::domain {
namespace {

Person Child() {
  Person p;
  p.service_area_id = 1;
  p.given_name = "Amara";
  p.family_name = "Okafor-Smith";
  p.date_of_birth = "2015-06-01";
  p.sex = "F";
  return p;
}

TEST(PersonTest, AValidChildPasses) { EXPECT_TRUE(ValidatePerson(Child(), "2026-11-22").ok()); }

TEST(PersonTest, ErrorsNameTheField) {
  Person p = Child();
  p.given_name = "";
  EXPECT_EQ(ValidatePerson(p, "2026-11-22").field(), "given_name");
  p = Child();
  p.sex = "X";
  EXPECT_EQ(ValidatePerson(p, "2026-11-22").field(), "sex");
  p = Child();
  p.date_of_birth = "2015-13-01";
  EXPECT_EQ(ValidatePerson(p, "2026-11-22").field(), "date_of_birth");
}

TEST(PersonTest, BirthDatesMustFitTheKindOfPerson) {
  Person p = Child();
  p.date_of_birth = "2027-01-01";
  EXPECT_FALSE(ValidatePerson(p, "2026-11-22").ok());
  p.kind = PersonKind::kUnborn;
  EXPECT_TRUE(ValidatePerson(p, "2026-11-22").ok());
  p.date_of_birth = "2026-01-01";
  EXPECT_FALSE(ValidatePerson(p, "2026-11-22").ok());
  p.date_of_birth.reset();
  EXPECT_EQ(ValidatePerson(p, "2026-11-22").field(), "date_of_birth");
}

}  // namespace
}  // namespace haven::domain
