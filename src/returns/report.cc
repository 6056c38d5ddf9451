#include "returns/report.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/xlsx.h"
#include <nlohmann/json.hpp>

namespace haven::returns {

std::string YearLabel(int year) {
  const int next = year % 100;
  return std::to_string(year - 1) + "-" + (next < 10 ? "0" : "") + std::to_string(next);
}

std::string FindingsJson(const Validation& v, const ReportContext& c) {
  nlohmann::json out;
  out["return"] = c.kind;
  out["year"] = c.year;
  out["collection"] = YearLabel(c.year);
  nlohmann::json summary;
  summary["rules_run"] = v.rules_run;
  summary["children"] = c.children;
  summary["errors"] = v.errors;
  summary["queries"] = v.queries;
  std::map<std::string, size_t> per_rule;
  for (const auto& f : v.findings) per_rule[f.rule] += 1;
  summary["by_rule"] = per_rule;
  out["summary"] = summary;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : v.findings) {
    nlohmann::json j;
    j["rule"] = f.rule;
    j["severity"] = std::string(SeverityName(f.severity));
    if (f.table.empty()) {
      j["table"] = nullptr;
      j["row"] = nullptr;
    } else {
      j["table"] = f.table;
      j["row"] = f.row + 1;
    }
    j["fields"] = f.fields;
    j["child"] = f.child.empty() ? nlohmann::json() : nlohmann::json(f.child);
    j["message"] = f.message;
    list.push_back(std::move(j));
  }
  out["findings"] = std::move(list);
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {
std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}
}  // namespace

std::string FindingsCsv(const Validation& v) {
  std::string out = "rule,severity,table,row,child,fields,message\n";
  for (const auto& f : v.findings) {
    std::string fields;
    for (const auto& x : f.fields) fields += (fields.empty() ? "" : ";") + x;
    out += CsvCell(f.rule) + "," + std::string(SeverityName(f.severity)) + "," +
           CsvCell(f.table) + "," + (f.table.empty() ? "" : std::to_string(f.row + 1)) + "," +
           CsvCell(f.child) + "," + CsvCell(fields) + "," + CsvCell(f.message) + "\n";
  }
  return out;
}

std::string FindingsXlsx(const Validation& v, const ReportContext& c) {
  struct PerRule {
    Severity severity;
    std::string message;
    size_t count = 0;
    std::set<std::string> children;
  };
  std::map<std::string, PerRule> rules;
  XlsxSheet findings{"Findings",
                     {{"Rule", "Severity", "Table", "Row", "Child", "Fields", "Message"}},
                     {3}};
  for (const auto& f : v.findings) {
    auto& r = rules[f.rule];
    r.severity = f.severity;
    r.message = f.message;
    ++r.count;
    if (!f.child.empty()) r.children.insert(f.child);
    std::string fields;
    for (const auto& x : f.fields) fields += (fields.empty() ? "" : ", ") + x;
    findings.rows.push_back({f.rule, std::string(SeverityName(f.severity)), f.table,
                             f.table.empty() ? "" : std::to_string(f.row + 1), f.child, fields,
                             f.message});
  }
  std::vector<std::pair<std::string, PerRule>> ordered(rules.begin(), rules.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    if (a.second.severity != b.second.severity) return a.second.severity == Severity::kError;
    return a.second.count > b.second.count;
  });
  XlsxSheet summary{"Summary", {{"Rule", "Severity", "Findings", "Children", "Message"}}, {2, 3}};
  for (const auto& [code, r] : ordered) {
    summary.rows.push_back({code, std::string(SeverityName(r.severity)), std::to_string(r.count),
                            std::to_string(r.children.size()), r.message});
  }
  XlsxSheet about{"About",
                  {{"Item", "Value"},
                   {"Return", c.kind == "cin" ? "CIN census" : "SSDA903"},
                   {"Collection year", YearLabel(c.year)},
                   {"Children", std::to_string(c.children)},
                   {"Rules run", std::to_string(v.rules_run)},
                   {"Errors", std::to_string(v.errors)},
                   {"Queries", std::to_string(v.queries)}},
                  {1}};
  return WriteXlsx({summary, findings, about});
}

}  // namespace haven::returns
