#include "returns/csv.h"

#include <algorithm>
#include <cctype>

namespace haven::returns {

namespace {

std::string Clean(std::string s, bool upper) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  s = s.substr(b, e - b);
  if (upper) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

}  // namespace

Result<Table> ParseCsv(std::string_view text, const std::string& file) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<size_t> lines;  // the line each record starts on
  std::vector<std::string> record;
  std::string cell;
  bool quoted = false, in_quotes = false, any = false;
  size_t line = 1, start_line = 1;
  auto end_cell = [&] {
    record.push_back(std::move(cell));
    cell.clear();
    quoted = false;
  };
  auto end_record = [&] {
    end_cell();
    // A line with nothing on it is skipped, not read as a row of blanks.
    if (!(record.size() == 1 && record[0].empty())) {
      records.push_back(std::move(record));
      lines.push_back(start_line);
    }
    record.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!any) {
      start_line = line;
      any = true;
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!cell.empty() && cell.find_first_not_of(" \t") != std::string::npos) {
        return InvalidArgument(file + " line " + std::to_string(line) +
                               ": a quote in the middle of an unquoted cell");
      }
      cell.clear();
      in_quotes = quoted = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n') {
      end_record();
      ++line;
    } else if (c != '\r') {
      cell.push_back(c);
    }
  }
  if (in_quotes) {
    return InvalidArgument(file + " line " + std::to_string(start_line) +
                           ": a quoted cell is not closed");
  }
  if (any) end_record();
  if (records.empty()) return InvalidArgument(file + ": the file is empty, with no header line");

  std::vector<std::string> columns;
  for (auto& h : records[0]) columns.push_back(Clean(h, true));
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].empty()) {
      return InvalidArgument(file + " line 1: column " + std::to_string(i + 1) + " has no name");
    }
    if (std::count(columns.begin(), columns.end(), columns[i]) > 1) {
      return InvalidArgument(file + " line 1: column " + columns[i] + " appears twice");
    }
  }
  Table t(columns);
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() > columns.size()) {
      return InvalidArgument(file + " line " + std::to_string(lines[r]) + ": " +
                             std::to_string(records[r].size()) + " cells but the header names " +
                             std::to_string(columns.size()) + " columns");
    }
    std::vector<Cell> cells;
    cells.reserve(columns.size());
    for (auto& v : records[r]) {
      std::string s = Clean(std::move(v), true);
      if (s.empty()) {
        cells.emplace_back();
      } else {
        cells.emplace_back(std::move(s));
      }
    }
    t.AddRow(std::move(cells));
  }
  return t;
}

std::string Ssda903TableFor(const Table& t) {
  // The column that only one table has, tried from the most specific.
  static const std::pair<const char*, const char*> kMarks[] = {
      {"DECOM", "Episodes"},        {"REVIEW", "Reviews"},
      {"DUC", "UASC"},              {"SDQ_SCORE", "OC2"},
      {"IN_TOUCH", "OC3"},          {"DATE_INT", "AD1"},
      {"DATE_PLACED", "PlacedAdoption"}, {"PREV_PERM", "PrevPerm"},
      {"MIS_START", "Missing"},     {"SW_ID", "SWEpisodes"},
      {"DOLO_START", "DoLo"},       {"ETHNIC", "Header"},
  };
  for (const auto& [column, table] : kMarks) {
    if (t.Has(column)) return table;
  }
  return {};
}

}  // namespace haven::returns
