#include "domain/identifiers.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

namespace haven::domain {
namespace {

TEST(UpnTest, AcceptsValidAndTemporaryUpns) {
  EXPECT_TRUE(ValidateUpn("A950000178301").ok());
  EXPECT_TRUE(ValidateUpn("H243278544154").ok());
  // A temporary UPN ends in a letter, which counts in the check by its place in the alphabet.
  const std::string body = "12345678901A";
  const std::string temporary = std::string(1, *UpnCheckLetter("?" + body)) + body;
  EXPECT_TRUE(ValidateUpn(temporary).ok()) << temporary;
}

TEST(UpnTest, RefusesWithTheReason) {
  auto wrong = ValidateUpn("R247962919251");
  EXPECT_EQ(wrong.field(), "upn");
  EXPECT_NE(wrong.message().find("check letter"), std::string::npos);
  EXPECT_NE(wrong.message().find("'Q'"), std::string::npos) << wrong.message();
  EXPECT_NE(ValidateUpn("R325").message().find("13 characters"), std::string::npos);
  EXPECT_FALSE(ValidateUpn("ASFFAGSVSV123").ok());
  EXPECT_FALSE(ValidateUpn("I950000178301").ok());  // I is never a check letter
  EXPECT_FALSE(ValidateUpn("A95000017830O").ok());  // nor O a final letter
  EXPECT_EQ(ValidateUpn("x", "former_upn").field(), "former_upn");
}

// Agrees with the DfE validator's own cases for rule 1510 (wrong check letter), read from
// ../shared: every 13-character UPN the rule flags must fail here, and every other must pass.
TEST(UpnTest, AgreesWithTheDfeRule1510Vectors) {
  std::ifstream in(std::string(HAVEN_SOURCE_DIR) + "/../shared/returns/vectors_cin.jsonl");
  ASSERT_TRUE(in) << "../shared/returns/vectors_cin.jsonl is missing";
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    auto v = nlohmann::json::parse(line, nullptr, false);
    if (!v.is_object() || v.value("rule", "") != "1510" || !v.value("upstream_test_passed", false) ||
        !v.value("faithful", false)) {
      continue;
    }
    std::set<int> flagged;
    for (const auto& loc : v["expected"]["locations"]) flagged.insert(loc[2].get<int>());
    const auto& rows = v["input"]["tables"]["ChildIdentifiers"]["rows"];
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
      if (!rows[i]["UPN"].is_string()) continue;
      const std::string upn = rows[i]["UPN"];
      if (upn.size() != 13 || !UpnCheckLetter(upn)) continue;  // other rules judge the shape
      EXPECT_EQ(ValidateUpn(upn).ok(), flagged.count(i) == 0) << upn;
      ++checked;
    }
  }
  EXPECT_GE(checked, 4);
}

TEST(NhsNumberTest, Modulus11) {
  EXPECT_TRUE(ValidateNhsNumber("9434765919").ok());
  EXPECT_TRUE(ValidateNhsNumber("943 476 5919").ok());
  EXPECT_EQ(*NormaliseNhsNumber("943 476 5919"), "9434765919");
  EXPECT_TRUE(ValidateNhsNumber("4010232137").ok());
  auto wrong = ValidateNhsNumber("9434765918");
  EXPECT_EQ(wrong.field(), "nhs_number");
  EXPECT_NE(wrong.message().find("check digit"), std::string::npos);
  EXPECT_FALSE(ValidateNhsNumber("943476591").ok());
  EXPECT_FALSE(ValidateNhsNumber("94347659190").ok());
  EXPECT_FALSE(ValidateNhsNumber("943-476-5919").ok());
  // A check value of 10 is never valid: 0000000060 sums to 12 (6*2), 11 - 1 = 10.
  EXPECT_FALSE(ValidateNhsNumber("0000000060").ok());
}

TEST(PostcodeTest, NormalisesValidShapes) {
  EXPECT_EQ(*NormalisePostcode("dn1 3dp"), "DN1 3DP");
  EXPECT_EQ(*NormalisePostcode("SW1A2AA"), "SW1A 2AA");
  EXPECT_EQ(*NormalisePostcode("m1  1ae"), "M1 1AE");
  EXPECT_EQ(*NormalisePostcode("B33 8TH"), "B33 8TH");
  EXPECT_EQ(*NormalisePostcode("W1A 1HQ"), "W1A 1HQ");
  EXPECT_EQ(*NormalisePostcode("CR2 6XH"), "CR2 6XH");
}

TEST(PostcodeTest, RefusesOtherText) {
  for (const char* bad : {"", "DN1", "DN1 3D", "12345", "DN1 3DPX", "1DN 3DP", "DNN 3DP", "DN1-3DP"}) {
    auto r = NormalisePostcode(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().field(), "postcode");
    }
  }
}

}  // namespace
}  // namespace haven::domain
