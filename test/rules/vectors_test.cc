// Conformance: replays the DfE validators' own rule tests (../shared/returns/vectors_*.jsonl,
// those marked upstream_test_passed and faithful) through Haven's engine. For every rule Haven
// has for the vector's year, the rows it flags must be exactly the rows the vector expects. The
// vectors Haven has no rule for yet are counted and printed, not passed over in silence.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "returns/rules.h"
#include "rules/return_json.h"

namespace haven::returns {
namespace {

std::string SharedPath(const std::string& rel) {
  return std::string(HAVEN_SOURCE_DIR) + "/../shared/" + rel;
}

struct Tally {
  int agreed = 0;
  int no_rule = 0;
  std::set<std::string> missing_rules;
};

TEST(VectorsTest, HavenAgreesWithEveryDfeVectorForTheRulesItHas) {
  std::ifstream in(SharedPath("returns/vectors_903.jsonl"));
  ASSERT_TRUE(in) << "../shared/returns/vectors_903.jsonl is missing";
  Tally tally;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto v = nlohmann::json::parse(line);
    if (!v.value("upstream_test_passed", false) || !v.value("faithful", false)) continue;
    const std::string code = v.at("rule").get<std::string>();
    const int year = YearOfName(v.at("year").get<std::string>());
    const Rule* rule = nullptr;
    for (const Rule* r : RulesFor(Ssda903Rules(), year)) {
      if (r->code == code) rule = r;
    }
    if (rule == nullptr) {
      ++tally.no_rule;
      tally.missing_rules.insert(code);
      continue;
    }
    const Return r = ReturnFromJson(v.at("input"), year);
    const Validation got = Validate(r, {rule});
    std::map<std::string, std::set<size_t>> flagged;
    for (const auto& f : got.findings) flagged[f.table].insert(f.row);
    std::map<std::string, std::set<size_t>> expected;
    for (const auto& [table, rows] : v.at("expected").items()) {
      for (const auto& row : rows) expected[table].insert(row.get<size_t>());
      if (expected[table].empty()) expected.erase(table);
    }
    EXPECT_EQ(flagged, expected) << "rule " << code << " (" << v.at("year").get<std::string>()
                                 << "), vector on line " << number << " of vectors_903.jsonl";
    if (flagged == expected) ++tally.agreed;
  }
  std::string missing;
  for (const auto& m : tally.missing_rules) missing += " " + m;
  std::printf("903 vectors: %d agreed, %d for rules Haven does not have yet (%zu rules):%s\n",
              tally.agreed, tally.no_rule, tally.missing_rules.size(), missing.c_str());
  EXPECT_GT(tally.agreed, 0);
}

}  // namespace
}  // namespace haven::returns
