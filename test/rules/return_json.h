#pragma once

// Builds a Return from the JSON shape the rule vectors and Haven's own rule cases share:
// {"tables": {"Episodes": {"columns": [...], "rows": [{col: value|null} or [value|null, ...]]}},
//  "metadata": {"collection_start": "dd/mm/yyyy", ...}}.

#include <nlohmann/json.hpp>
#include <optional>

#include "returns/table.h"

namespace haven::returns {

// A table from {"columns": [...], "rows": [...]}.
inline Table TableFromJson(const nlohmann::json& t) {
  std::vector<std::string> cols;
  for (const auto& c : t.at("columns")) cols.push_back(c.get<std::string>());
  Table table(cols);
  for (const auto& row : t.at("rows")) {
    std::vector<Cell> cells;
    for (size_t i = 0; i < cols.size(); ++i) {
      nlohmann::json v;
      if (row.is_array()) {
        if (i < row.size()) v = row[i];
      } else if (row.contains(cols[i])) {
        v = row.at(cols[i]);
      }
      if (v.is_null()) {
        cells.emplace_back();
      } else if (v.is_string()) {
        cells.emplace_back(v.get<std::string>());
      } else {
        cells.emplace_back(v.dump());
      }
    }
    table.AddRow(std::move(cells));
  }
  return table;
}

// A metadata date: dd/mm/yyyy, or with one-digit day or month (the vectors write "31/3/2000").
inline std::optional<Date> MetadataDate(const std::string& s) {
  if (auto d = ParseReturnDate(s)) return d;
  const auto a = s.find('/'), b = s.rfind('/');
  if (a == std::string::npos || b == a) return std::nullopt;
  std::string day = s.substr(0, a), month = s.substr(a + 1, b - a - 1);
  if (day.size() == 1) day = "0" + day;
  if (month.size() == 1) month = "0" + month;
  return ParseReturnDate(day + "/" + month + "/" + s.substr(b + 1));
}

// Metadata that is a table (the vectors give Ofsted's provider list as "provider_info") becomes a
// table of the return under its own name.
inline Return ReturnFromJson(const nlohmann::json& input, int year) {
  Return r;
  SetCollectionYear(r, year);
  for (const auto& [name, t] : input.at("tables").items()) r.tables[name] = TableFromJson(t);
  if (input.contains("metadata")) {
    for (const auto& [k, v] : input.at("metadata").items()) {
      if (v.is_object() && v.contains("columns") && v.contains("rows")) {
        r.tables[k] = TableFromJson(v);
        continue;
      }
      if (!v.is_string()) continue;
      const std::string s = v.get<std::string>();
      if (k == "collection_start") {
        if (auto d = MetadataDate(s)) r.start = *d;
      } else if (k == "collection_end") {
        if (auto d = MetadataDate(s)) r.end = *d;
      } else {
        r.metadata[k] = s;
      }
    }
  }
  return r;
}

// "lac2022_23" or "cin2022_23" is the collection year ending in 2023.
inline int YearOfName(const std::string& name) {
  return 2000 + std::stoi(name.substr(name.size() - 2));
}

}  // namespace haven::returns
