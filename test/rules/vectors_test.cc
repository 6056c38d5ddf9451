// Conformance: replays the DfE validators' own rule tests (../shared/returns/vectors_*.jsonl,
// those marked upstream_test_passed and faithful) through Haven's engine. For every rule Haven
// has for the vector's year, the rows it flags must be exactly the rows the vector expects (for
// the CIN census, the table rows of its locations, and the whole return where it says so). The
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

using Flagged = std::map<std::string, std::set<size_t>>;

// 903 vectors give {table: [rows]}; CIN vectors give {"locations": [[table, field, row]],
// "return_level": bool}, and a whole-return finding is the table "".
// A row as the vectors give it: a position, sometimes written as a float (2.0) or a string ("4").
size_t RowOf(const nlohmann::json& row) {
  if (row.is_number_unsigned() || row.is_number_integer()) return row.get<size_t>();
  if (row.is_number_float()) return static_cast<size_t>(row.get<double>());
  return static_cast<size_t>(std::stoul(row.get<std::string>()));
}

// Vectors Haven does not replay, each with its reason in docs/returns/disagreements.md.
const std::set<std::pair<std::string, int>>& Disagreements() {
  static const std::set<std::pair<std::string, int>> kSkip = {
      {"vectors_903.jsonl", 96},   // 205D: expects pandas label "1022", not a row position
      {"vectors_903.jsonl", 315},  // SW01STG1: Episodes rows listed under SWEpisodes
      {"vectors_903.jsonl", 375},  // 706: last year's DoLo rows listed under this year's
      {"vectors_cin.jsonl", 42},   // 8540: expects nothing, where the DfE rule flags two children
      {"vectors_cin.jsonl", 104},  // 8935: groups open plans by a number that restarts
  };
  return kSkip;
}

Flagged Expected(const nlohmann::json& e) {
  Flagged out;
  if (e.contains("locations")) {
    for (const auto& loc : e.at("locations")) {
      out[loc.at(0).get<std::string>()].insert(RowOf(loc.at(2)));
    }
    if (e.value("return_level", false)) out[""].insert(0);
    return out;
  }
  for (const auto& [table, rows] : e.items()) {
    for (const auto& row : rows) out[table].insert(RowOf(row));
    if (out[table].empty()) out.erase(table);
  }
  return out;
}

void Replay(const std::string& file, const std::vector<Rule>& all) {
  std::ifstream in(std::string(HAVEN_SOURCE_DIR) + "/../shared/returns/" + file);
  ASSERT_TRUE(in) << "../shared/returns/" << file << " is missing";
  int agreed = 0, no_rule = 0, skipped = 0, number = 0;
  std::set<std::string> missing;
  std::string line;
  while (std::getline(in, line)) {
    ++number;
    const auto v = nlohmann::json::parse(line);
    if (!v.value("upstream_test_passed", false) || !v.value("faithful", false)) continue;
    if (Disagreements().count({file, number})) {
      ++skipped;
      continue;
    }
    const std::string code = v.at("rule").get<std::string>();
    const int year = YearOfName(v.at("year").get<std::string>());
    const Rule* rule = nullptr;
    for (const Rule* r : RulesFor(all, year)) {
      if (r->code == code) rule = r;
    }
    if (rule == nullptr) {
      ++no_rule;
      missing.insert(code);
      continue;
    }
    const Validation got = Validate(ReturnFromJson(v.at("input"), year), {rule});
    Flagged flagged;
    for (const auto& f : got.findings) flagged[f.table].insert(f.table.empty() ? 0 : f.row);
    const Flagged expected = Expected(v.at("expected"));
    EXPECT_EQ(flagged, expected) << "rule " << code << " (" << v.at("year").get<std::string>()
                                 << "), vector on line " << number << " of " << file;
    if (flagged == expected) ++agreed;
  }
  std::string list;
  for (const auto& m : missing) list += " " + m;
  std::printf(
      "%s: %d agreed, %d skipped (docs/returns/disagreements.md), %d for rules Haven does not "
      "have yet (%zu rules):%s\n",
      file.c_str(), agreed, skipped, no_rule, missing.size(), list.c_str());
}

TEST(VectorsTest, HavenAgreesWithEveryDfe903VectorForTheRulesItHas) {
  Replay("vectors_903.jsonl", Ssda903Rules());
}

TEST(VectorsTest, HavenAgreesWithEveryDfeCinVectorForTheRulesItHas) {
  Replay("vectors_cin.jsonl", CinRules());
}

}  // namespace
}  // namespace haven::returns
