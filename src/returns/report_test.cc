#include "returns/report.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace haven::returns {
namespace {

const std::string kLongMessage(300, 'm');

Validation ManyFindings(size_t n) {
  static const std::string kRule = "100";
  Validation v;
  const auto fields =
      std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"CHILD", "DOB"});
  for (size_t i = 0; i < n; ++i) {
    Finding f;
    f.rule = kRule;
    f.table = i % 2 == 0 ? "Episodes" : "Header";
    f.row = i;
    f.fields = fields;
    f.child = "C" + std::to_string(i);
    f.message = kLongMessage;
    v.findings.push_back(std::move(f));
  }
  v.errors = n;
  v.rules_run = 1;
  return v;
}

TEST(ReportTest, FindingsJsonLargerThanItsBufferIsWholeAndInOrder) {
  // About 400 bytes a finding: well past the writer's buffer, so it is written in pieces.
  const Validation v = ManyFindings(3000);
  std::ostringstream out;
  WriteFindingsJson(out, v, {"903", 2026, 3000, 1});
  const auto json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["summary"]["errors"], 3000);
  EXPECT_EQ(json["summary"]["by_rule"]["100"], 3000);
  const auto& findings = json["findings"];
  ASSERT_EQ(findings.size(), 3000u);
  for (size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(findings[i]["row"], i + 1) << "rows are numbered from 1";
    EXPECT_EQ(findings[i]["child"], "C" + std::to_string(i));
    EXPECT_EQ(findings[i]["table"], i % 2 == 0 ? "Episodes" : "Header");
    EXPECT_EQ(findings[i]["message"], kLongMessage);
  }
  EXPECT_EQ(FindingsJson(v, {"903", 2026, 3000, 1}), out.str());
}

TEST(ReportTest, FindingsJsonEscapesChildIdsAndWritesTheWholeReturnAsNulls) {
  static const std::string kRule = "INT01", kMessage = "a \"quoted\" message";
  Validation v;
  Finding odd;
  odd.rule = kRule;
  odd.table = "Header";
  odd.row = 4;
  odd.child = "A\"B\\C\xC3\xA9";
  odd.message = kMessage;
  v.findings.push_back(odd);
  Finding whole;
  whole.rule = kRule;
  whole.message = kMessage;
  v.findings.push_back(whole);
  Finding no_child = odd;
  no_child.child.clear();
  v.findings.push_back(no_child);
  v.errors = 3;
  std::ostringstream out;
  WriteFindingsJson(out, v, {"903", 2026, 1, 1});
  const auto json = nlohmann::json::parse(out.str());
  const auto& findings = json["findings"];
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0]["child"], "A\"B\\C\xC3\xA9");
  EXPECT_EQ(findings[0]["row"], 5);
  EXPECT_EQ(findings[0]["message"], kMessage);
  EXPECT_TRUE(findings[1]["table"].is_null());
  EXPECT_TRUE(findings[1]["row"].is_null());
  EXPECT_TRUE(findings[1]["child"].is_null());
  EXPECT_TRUE(findings[2]["child"].is_null());
  EXPECT_EQ(findings[2]["table"], "Header");
}

}  // namespace
}  // namespace haven::returns
