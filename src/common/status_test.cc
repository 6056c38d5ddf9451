#include "common/status.h"

#include <gtest/gtest.h>

namespace haven {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument("odd", "n");
  return n / 2;
}

Result<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int h, Half(n));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int n) {
  RETURN_IF_ERROR(Half(n).status());
  return Status::Ok();
}

TEST(StatusTest, CarriesCodeMessageAndField) {
  Status s = InvalidArgument("username must be 3 to 64 characters", "username");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "username");
  EXPECT_EQ(s.ToString(),
            "invalid_argument: username must be 3 to 64 characters (field: username)");
}

TEST(StatusTest, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);  // 6 -> 3, then 3 is odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "n");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).code(), StatusCode::kInvalidArgument);
}

TEST(StatusTest, CodeNamesAreStable) {
  EXPECT_EQ(StatusCodeName(StatusCode::kNotFound), "not_found");
  EXPECT_EQ(StatusCodeName(StatusCode::kPermissionDenied), "permission_denied");
  EXPECT_EQ(StatusCodeName(StatusCode::kUnavailable), "unavailable");
}

}  // namespace
}  // namespace haven
