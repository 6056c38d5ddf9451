#pragma once

// Ofsted's Annex A specification, read from ../shared/specs/annex_a at test time, and the check
// that lists meet it: the exact headers of each list in order, every date dd/mm/YYYY, every
// number a whole number, every category cell one of the listed codes, and no blank where Ofsted
// requires a value.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "exports/annex_a.h"

namespace haven::test {

struct AnnexASpecColumn {
  std::string header;
  std::string type;  // string, category, date, numeric
  bool may_be_blank = false;
  std::set<std::string> codes;  // for a category; True/False read as Yes/No
};
using AnnexASpec = std::vector<std::vector<AnnexASpecColumn>>;  // list 1 at [0]

// A code as annex_a_columns_and_codes.txt prints it: 'text', "text", True or False. The schema's
// YAML writes yes/no codes as Yes and No, which the printer read as booleans.
inline std::string CodeOf(const std::string& rest) {
  if (rest.starts_with("True")) return "Yes";
  if (rest.starts_with("False")) return "No";
  const char quote = rest[0];
  const size_t end = rest.find(std::string(1, quote) + " (variants");
  return rest.substr(1, end - 1);
}

inline AnnexASpec ReadAnnexASpec() {
  std::ifstream in(std::string(HAVEN_SOURCE_DIR) +
                   "/../shared/specs/annex_a/annex_a_columns_and_codes.txt");
  EXPECT_TRUE(in) << "../shared/specs/annex_a is missing";
  AnnexASpec spec;
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("== list_")) {
      spec.emplace_back();
    } else if (line.starts_with("      code=")) {
      spec.back().back().codes.insert(CodeOf(line.substr(11)));
    } else if (line.starts_with("  ") && !spec.empty()) {
      std::vector<std::string> parts;
      size_t from = 2;
      for (size_t bar; (bar = line.find(" | ", from)) != std::string::npos; from = bar + 3) {
        parts.push_back(line.substr(from, bar - from));
      }
      parts.push_back(line.substr(from));
      AnnexASpecColumn c;
      c.header = parts.at(0);
      c.type = parts.at(1);
      c.may_be_blank = parts.at(2) == "canbeblank=True";
      spec.back().push_back(c);
    }
  }
  return spec;
}

inline bool IsDmy(const std::string& s) {
  if (s.size() != 10 || s[2] != '/' || s[5] != '/') return false;
  return Date::Parse(s.substr(6, 4) + "-" + s.substr(3, 2) + "-" + s.substr(0, 2)).has_value();
}

// Every list against the specification: headers exactly, every cell of its type, codes from the
// lists, and nothing blank that Ofsted requires.
inline void ExpectMeetsAnnexASpec(const std::vector<exports::AnnexAList>& lists) {
  const AnnexASpec spec = ReadAnnexASpec();
  ASSERT_EQ(spec.size(), 11u);
  ASSERT_EQ(lists.size(), 11u);
  for (size_t l = 0; l < lists.size(); ++l) {
    const auto& list = lists[l];
    EXPECT_EQ(list.sheet.rfind("List " + std::to_string(l + 1) + " - ", 0), 0u) << list.sheet;
    std::vector<std::string> want;
    for (const auto& c : spec[l]) want.push_back(c.header);
    ASSERT_EQ(list.headers, want) << list.sheet;
    for (const auto& row : list.rows) {
      ASSERT_EQ(row.size(), want.size()) << list.sheet;
      for (size_t i = 0; i < row.size(); ++i) {
        const AnnexASpecColumn& c = spec[l][i];
        const std::string& cell = row[i];
        const std::string where = list.sheet + " / " + c.header + ": '" + cell + "'";
        if (cell.empty()) {
          EXPECT_TRUE(c.may_be_blank) << where << " must not be blank";
          continue;
        }
        if (c.type == "date") {
          EXPECT_TRUE(IsDmy(cell)) << where;
        }
        if (c.type == "numeric") {
          EXPECT_EQ(cell.find_first_not_of("0123456789"), std::string::npos) << where;
        }
        if (c.type == "category" && !c.codes.empty()) {
          EXPECT_TRUE(c.codes.count(cell)) << where;
        }
      }
    }
  }
}

}  // namespace haven::test
