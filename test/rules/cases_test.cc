// Haven's own rule tests: data-driven cases in test/rules/cases/*.jsonl, one JSON object per line:
//   {"rule": "101", "year": 2026, "tables": {...}, "metadata": {...},
//    "flagged": {"Header": [2]}, "why": "a sex code from before 2024-25"}
// Files named cin_*.jsonl hold CIN census cases; the others SSDA903. "flagged" lists every row
// the rule must flag ({} when it must flag nothing; "": [0] for the whole return). Every rule
// Haven has must have at least one case that flags and one that does not. The rule years are
// also checked against the DfE catalogue in ../shared/returns.
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
  bool cin = false;
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
      const std::string name = f.filename().string();
      out.push_back({name.rfind("cin_", 0) == 0, name, n, nlohmann::json::parse(text)});
    }
  }
  return out;
}

const Rule* Find(bool cin, const std::string& code, int year) {
  for (const Rule* r : RulesFor(cin ? CinRules() : Ssda903Rules(), year)) {
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
    const Rule* rule = Find(c.cin, code, year);
    ASSERT_NE(rule, nullptr) << where << ": no rule " << code << " in " << year;
    const Return r = ReturnFromJson(c.json, year);
    const Validation v = Validate(r, {rule});
    std::map<std::string, std::set<size_t>> got;
    for (const auto& f : v.findings) got[f.table].insert(f.table.empty() ? 0 : f.row);
    std::map<std::string, std::set<size_t>> want;
    for (const auto& [table, rows] : c.json.at("flagged").items()) {
      for (const auto& row : rows) want[table].insert(row.get<size_t>());
      if (want[table].empty()) want.erase(table);
    }
    EXPECT_EQ(got, want) << where << ": rule " << code << ": " << c.json.value("why", "");
  }
}

TEST(RuleCasesTest, EveryRuleHasACaseThatFlagsAndOneThatDoesNot) {
  // (cin, code) -> (flagging cases, clean cases)
  std::map<std::pair<bool, std::string>, std::pair<int, int>> seen;
  for (const auto& c : LoadCases()) {
    bool flags = false;
    for (const auto& [table, rows] : c.json.at("flagged").items()) flags |= !rows.empty();
    auto& s = seen[{c.cin, c.json.at("rule").get<std::string>()}];
    (flags ? s.first : s.second) += 1;
  }
  for (const bool cin : {false, true}) {
    std::set<std::string> codes;
    for (const Rule& r : cin ? CinRules() : Ssda903Rules()) codes.insert(r.code);
    const char* set = cin ? "CIN rule " : "903 rule ";
    for (const auto& code : codes) {
      const auto counts = seen[std::make_pair(cin, code)];
      EXPECT_GE(counts.first, 1) << set << code << " has no case that it flags";
      EXPECT_GE(counts.second, 1) << set << code << " has no case that it passes";
    }
  }
}

// Each rule Haven has applies in exactly the years the DfE's catalogue lists it, and no year has
// two definitions of one rule.
void CheckYears(const nlohmann::json& catalogue, const std::vector<Rule>& all,
                const char* set) {
  std::set<std::string> haven;
  for (const Rule& r : all) haven.insert(r.code);
  for (const auto& [name, rules] : catalogue.items()) {
    const int year = YearOfName(name);
    std::set<std::string> dfe;
    for (const auto& r : rules) dfe.insert(r.at("code").get<std::string>());
    std::map<std::string, int> defs;
    for (const Rule& r : all) defs[r.code] += r.AppliesIn(year) ? 1 : 0;
    for (const auto& code : haven) {
      EXPECT_EQ(defs[code], dfe.count(code) ? 1 : 0)
          << set << " rule " << code << " in " << name << ": Haven has " << defs[code]
          << " definitions";
    }
    size_t have = 0;
    for (const auto& code : dfe) have += haven.count(code);
    std::printf("%s %s: the DfE lists %zu rules; Haven has %zu of them\n", set, name.c_str(),
                dfe.size(), have);
  }
}

TEST(RuleCasesTest, RuleYearsFollowTheDfeCatalogue) {
  std::ifstream in(std::string(HAVEN_SOURCE_DIR) + "/../shared/returns/catalogue_all_years.json");
  ASSERT_TRUE(in) << "../shared/returns/catalogue_all_years.json is missing";
  const auto all = nlohmann::json::parse(in);
  CheckYears(all.at("903"), Ssda903Rules(), "903");
  CheckYears(all.at("cin"), CinRules(), "CIN");
}

}  // namespace
}  // namespace haven::returns
