#include "returns/report.h"

#include <map>
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

}  // namespace haven::returns
