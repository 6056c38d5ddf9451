#include "common/random.h"

#include <gtest/gtest.h>

#include <set>

namespace haven {
namespace {

TEST(RandomTest, TokensAreUrlSafeAndDistinct) {
  SecureRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = RandomToken(random, 32);
    EXPECT_EQ(t.size(), 43u);  // 32 bytes in unpadded base64
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(RandomTest, Sha256MatchesKnownDigest) {
  // FIPS 180-2 test vector for "abc".
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(std::string("\x00\xff", 2)), "00ff");
}

TEST(RandomTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("same", "same"));
  EXPECT_FALSE(ConstantTimeEquals("same", "sane"));
  EXPECT_FALSE(ConstantTimeEquals("same", "same-but-longer"));
}

}  // namespace
}  // namespace haven
