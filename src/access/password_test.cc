#include "access/password.h"

#include <gtest/gtest.h>

namespace haven::access {
namespace {

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  PasswordHasher hasher(HashStrength::kMinimum);
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery"));
  EXPECT_FALSE(hasher.Verify(*hash, "correct horse battery!"));
  EXPECT_FALSE(hasher.Verify("plain text", "plain text"));
}

TEST(PasswordTest, SaltsEachHash) {
  PasswordHasher hasher(HashStrength::kMinimum);
  EXPECT_NE(*hasher.Hash("same password here"), *hasher.Hash("same password here"));
}

TEST(PasswordTest, InteractiveStrengthUsesInteractiveCost) {
  PasswordHasher hasher(HashStrength::kInteractive);
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_NE(hash->find("m=65536"), std::string::npos) << *hash;  // 64 MiB
}

TEST(PasswordTest, Rules) {
  EXPECT_TRUE(CheckPasswordRules("twelve chars").ok());
  EXPECT_EQ(CheckPasswordRules("short").field(), "password");
  EXPECT_FALSE(CheckPasswordRules(std::string(12, 'a')).ok());
  EXPECT_FALSE(CheckPasswordRules(std::string(300, 'x') + "y").ok());
}

}  // namespace
}  // namespace haven::access
