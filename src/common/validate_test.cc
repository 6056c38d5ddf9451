#include "common/validate.h"

#include <gtest/gtest.h>

namespace haven {
namespace {

TEST(ValidateTest, Dates) {
  EXPECT_TRUE(ValidateDate("2024-02-29", "d").ok());
  EXPECT_EQ(ValidateDate("2023-02-29", "d").field(), "d");
  EXPECT_FALSE(ValidateDate("2023-2-28", "d").ok());
  EXPECT_FALSE(ValidateDate("28/02/2023", "d").ok());
  EXPECT_FALSE(ValidateDate("2023-02-28x", "d").ok());
}

TEST(ValidateTest, CodesAndNames) {
  EXPECT_TRUE(ValidateCode("CIN-CP_1", "code").ok());
  EXPECT_FALSE(ValidateCode("", "code").ok());
  EXPECT_FALSE(ValidateCode("has space", "code").ok());
  EXPECT_TRUE(ValidateName("Children's Services", "name").ok());
  EXPECT_FALSE(ValidateName("tab\there", "name").ok());
  EXPECT_FALSE(ValidateName(std::string(201, 'a'), "name").ok());
}

}  // namespace
}  // namespace haven
