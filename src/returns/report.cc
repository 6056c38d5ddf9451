#include "returns/report.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/xlsx.h"
#include "returns/csv.h"

namespace haven::returns {

std::string YearLabel(int year) {
  const int next = year % 100;
  return std::to_string(year - 1) + "-" + (next < 10 ? "0" : "") + std::to_string(next);
}

namespace {
// How much of the findings' JSON is written to the stream at a time.
constexpr size_t kJsonBuffer = size_t{1} << 18;

// True when `s` is printable ASCII with no quote or backslash: its JSON is itself in quotes.
bool PlainJson(std::string_view s) {
  bool plain = true;
  for (unsigned char c : s) plain = plain && c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
  return plain;
}

// A JSON string, escaped. Plain ASCII (nearly every cell) is written directly; anything else
// goes through nlohmann, which also replaces invalid UTF-8.
void JsonString(std::string& out, std::string_view s) {
  if (!PlainJson(s)) {
    out += nlohmann::json(std::string(s))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}
}  // namespace

void WriteFindingsJson(std::ostream& stream, const Validation& v, const ReportContext& c) {
  // Written a finding at a time: a return can have a hundred thousand findings, and the whole
  // text at once would cost more memory than the return.
  std::map<std::string_view, size_t> per_rule;
  // Findings come in rule order, so a rule's count is added once per run of its findings.
  for (size_t i = 0, j = 0; i < v.findings.size(); i = j) {
    while (j < v.findings.size() && v.findings[j].rule == v.findings[i].rule) ++j;
    per_rule[v.findings[i].rule] += j - i;
  }
  std::string out = "{\"return\":";
  JsonString(out, c.kind);
  out += ",\"year\":" + std::to_string(c.year) + ",\"collection\":";
  JsonString(out, YearLabel(c.year));
  out += ",\"summary\":{\"rules_run\":" + std::to_string(v.rules_run) +
         ",\"children\":" + std::to_string(c.children) + ",\"errors\":" + std::to_string(v.errors) +
         ",\"queries\":" + std::to_string(v.queries) + ",\"by_rule\":{";
  bool first = true;
  for (const auto& [rule, n] : per_rule) {
    if (!first) out += ",";
    first = false;
    JsonString(out, rule);
    out += ":" + std::to_string(n);
  }
  out += "}},\"findings\":[";
  // Each finding is copied into a flat buffer with memcpy, which goes to the stream in large
  // pieces: with a hundred thousand findings of about 200 bytes, appending each piece to a string
  // cost more than the rest of writing them.
  std::string buffer(std::max<size_t>(kJsonBuffer, out.size()), '\0');
  std::memcpy(buffer.data(), out.data(), out.size());
  size_t used = out.size();
  auto room = [&](size_t n) -> char* {
    if (used + n > buffer.size()) {
      stream.write(buffer.data(), static_cast<std::streamsize>(used));
      used = 0;
      if (n > buffer.size()) buffer.resize(n);
    }
    return buffer.data() + used;
  };
  auto put = [](char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  };
  first = true;
  // A run of findings of one rule in one table shares all but its row and child, so the text
  // around those two is made once per run: `head` up to the row number, `middle` from the row
  // to the child, `tail` after the child.
  const Finding* run = nullptr;
  std::string head, middle, tail, child;
  auto same_run = [](const Finding& a, const Finding& b) {
    return a.rule.data() == b.rule.data() && a.rule.size() == b.rule.size() &&
           a.message.data() == b.message.data() && a.message.size() == b.message.size() &&
           a.severity == b.severity && &a.Fields() == &b.Fields() && a.table == b.table &&
           a.table.empty() == b.table.empty();
  };
  for (const auto& f : v.findings) {
    if (run == nullptr || !same_run(*run, f)) {
      run = &f;
      head = "{\"rule\":";
      JsonString(head, f.rule);
      head += ",\"severity\":\"";
      head += SeverityName(f.severity);
      head += "\",\"table\":";
      if (f.table.empty()) {
        head += "null,\"row\":null";
      } else {
        JsonString(head, f.table);
        head += ",\"row\":";
      }
      middle = ",\"fields\":[";
      for (size_t i = 0; i < f.Fields().size(); ++i) {
        if (i) middle += ",";
        JsonString(middle, f.Fields()[i]);
      }
      middle += "],\"child\":";
      tail = ",\"message\":";
      JsonString(tail, f.message);
      tail += "}";
    }
    // A child id is nearly always plain, and then written straight into the buffer.
    const bool plain_child = !f.child.empty() && PlainJson(f.child);
    child.clear();
    if (f.child.empty()) {
      child = "null";
    } else if (!plain_child) {
      JsonString(child, f.child);
    }
    constexpr size_t kDigits = 24;
    const size_t child_size = plain_child ? f.child.size() + 2 : child.size();
    char* p = room(2 + head.size() + kDigits + middle.size() + child_size + tail.size());
    p = put(p, first ? std::string_view("\n") : std::string_view(",\n"));
    first = false;
    p = put(p, head);
    if (!f.table.empty()) p = std::to_chars(p, p + kDigits, f.row + 1).ptr;
    p = put(p, middle);
    if (plain_child) {
      *p++ = '"';
      p = put(p, f.child);
      *p++ = '"';
    } else {
      p = put(p, child);
    }
    p = put(p, tail);
    used = static_cast<size_t>(p - buffer.data());
  }
  const std::string_view end = "\n]}\n";
  used = static_cast<size_t>(put(room(end.size()), end) - buffer.data());
  stream.write(buffer.data(), static_cast<std::streamsize>(used));
}

std::string FindingsJson(const Validation& v, const ReportContext& c) {
  std::ostringstream out;
  WriteFindingsJson(out, v, c);
  return out.str();
}

void WriteFindingsCsv(std::ostream& stream, const Validation& v) {
  std::string out = "rule,severity,table,row,child,fields,message\n";
  for (const auto& f : v.findings) {
    if (out.size() > (1 << 16)) {
      stream << out;
      out.clear();
    }
    std::string fields;
    for (const auto& x : f.Fields()) fields += (fields.empty() ? "" : ";") + x;
    out += CsvField(std::string(f.rule)) + "," + std::string(SeverityName(f.severity)) + "," +
           CsvField(f.table) + "," + (f.table.empty() ? "" : std::to_string(f.row + 1)) + "," +
           CsvField(f.child) + "," + CsvField(fields) + "," + CsvField(std::string(f.message)) +
           "\n";
  }
  stream << out;
}

std::string FindingsCsv(const Validation& v) {
  std::ostringstream out;
  WriteFindingsCsv(out, v);
  return out.str();
}

std::string FindingsXlsx(const Validation& v, const ReportContext& c) {
  struct PerRule {
    Severity severity;
    std::string message;
    size_t count = 0;
    std::set<std::string> children;
  };
  std::map<std::string_view, PerRule> rules;
  XlsxSheet findings{
      "Findings", {{"Rule", "Severity", "Table", "Row", "Child", "Fields", "Message"}}, {3}};
  for (const auto& f : v.findings) {
    auto& r = rules[f.rule];
    r.severity = f.severity;
    r.message = std::string(f.message);
    ++r.count;
    if (!f.child.empty()) r.children.insert(f.child);
    std::string fields;
    for (const auto& x : f.Fields()) fields += (fields.empty() ? "" : ", ") + x;
    findings.rows.push_back({std::string(f.rule), std::string(SeverityName(f.severity)), f.table,
                             f.table.empty() ? "" : std::to_string(f.row + 1), f.child, fields,
                             std::string(f.message)});
  }
  std::vector<std::pair<std::string_view, PerRule>> ordered(rules.begin(), rules.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    if (a.second.severity != b.second.severity) return a.second.severity == Severity::kError;
    return a.second.count > b.second.count;
  });
  XlsxSheet summary{"Summary", {{"Rule", "Severity", "Findings", "Children", "Message"}}, {2, 3}};
  for (const auto& [code, r] : ordered) {
    summary.rows.push_back({std::string(code), std::string(SeverityName(r.severity)),
                            std::to_string(r.count), std::to_string(r.children.size()), r.message});
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
