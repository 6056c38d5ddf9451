// Haven's own rule tests: data-driven cases in test/rules/cases/*.jsonl, one JSON object per line:
//   {"rule": "101", "year": 2026, "tables": {...}, "metadata": {...},
//    "flagged": {"Header": [2]}, "why": "a sex code from before 2024-25"}
// "flagged" lists every row the rule must flag ({} when it must flag nothing). Every rule Haven
// has must have at least one case that flags and one that does not. The rule years are also
// checked against the DfE catalogue in ../shared/returns.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "returns/rules.h"
#include "rules/return_json.h"

namespace haven::returns {
namespace {

struct Case {
  std::string file;
  int line = 0;
  nlohmann::json json;
};

std::vector<Case> LoadCases() {
  std::vector<Case> out;
  const std::filesystem::path dir = std::filesystem::path(HAVEN_SOURCE_DIR) / "test/rules/cases";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string text;
    int n = 0;
    while (std::getline(in, text)) {
      ++n;
      if (text.empty() || text[0] == '#') continue;
      out.push_back({f.filename().string(), n, nlohmann::json::parse(text)});
    }
  }
  return out;
}

const Rule* Find(const std::string& code, int year) {
  for (const Rule* r : RulesFor(Ssda903Rules(), year)) {
    if (r->code == code) return r;
  }
  return nullptr;
}

TEST(RuleCasesTest, EveryCaseFlagsExactlyTheRowsItNames) {
  const auto cases = LoadCases();
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    const std::string where = c.file + ":" + std::to_string(c.line);
    const std::string code = c.json.at("rule").get<std::string>();
    const int year = c.json.at("year").get<int>();
    const Rule* rule = Find(code, year);
    ASSERT_NE(rule, nullptr) << where << ": no rule " << code << " in " << year;
    const Return r = ReturnFromJson(c.json, year);
    const Validation v = Validate(r, {rule});
    std::map<std::string, std::set<size_t>> got;
    for (const auto& f : v.findings) got[f.table].insert(f.row);
    std::map<std::string, std::set<size_t>> want;
    for (const auto& [table, rows] : c.json.at("flagged").items()) {
      for (const auto& row : rows) want[table].insert(row.get<size_t>());
      if (want[table].empty()) want.erase(table);
    }
    EXPECT_EQ(got, want) << where << ": rule " << code << ": " << c.json.value("why", "");
  }
}

TEST(RuleCasesTest, EveryRuleHasACaseThatFlagsAndOneThatDoesNot) {
  std::map<std::string, std::pair<int, int>> seen;  // code -> (flagging, clean)
  for (const auto& c : LoadCases()) {
    bool flags = false;
    for (const auto& [table, rows] : c.json.at("flagged").items()) flags |= !rows.empty();
    auto& s = seen[c.json.at("rule").get<std::string>()];
    (flags ? s.first : s.second) += 1;
  }
  std::set<std::string> codes;
  for (const Rule& r : Ssda903Rules()) codes.insert(r.code);
  for (const auto& code : codes) {
    EXPECT_GE(seen[code].first, 1) << "rule " << code << " has no case that it flags";
    EXPECT_GE(seen[code].second, 1) << "rule " << code << " has no case that it passes";
  }
}

// Each rule Haven has applies in exactly the years the DfE's catalogue lists it, and no year has
// two definitions of one rule.
TEST(RuleCasesTest, RuleYearsFollowTheDfeCatalogue) {
  std::ifstream in(std::string(HAVEN_SOURCE_DIR) + "/../shared/returns/catalogue_all_years.json");
  ASSERT_TRUE(in) << "../shared/returns/catalogue_all_years.json is missing";
  const auto all = nlohmann::json::parse(in);
  std::set<std::string> haven;
  for (const Rule& r : Ssda903Rules()) haven.insert(r.code);
  for (const auto& [name, rules] : all.at("903").items()) {
    const int year = YearOfName(name);
    std::set<std::string> dfe;
    for (const auto& r : rules) dfe.insert(r.at("code").get<std::string>());
    std::map<std::string, int> defs;
    for (const Rule& r : Ssda903Rules()) defs[r.code] += r.AppliesIn(year) ? 1 : 0;
    for (const auto& code : haven) {
      EXPECT_EQ(defs[code], dfe.count(code) ? 1 : 0)
          << "rule " << code << " in " << name << ": Haven has " << defs[code] << " definitions";
    }
    size_t have = 0;
    for (const auto& code : dfe) have += haven.count(code);
    std::printf("903 %s: the DfE lists %zu rules; Haven has %zu of them\n", name.c_str(),
                dfe.size(), have);
  }
  EXPECT_GT(haven.size(), 0u);
}

}  // namespace
}  // namespace haven::returns
