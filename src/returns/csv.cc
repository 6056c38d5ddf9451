#include "returns/csv.h"

#include <algorithm>

namespace haven::returns {

namespace {

// As std::isspace and std::toupper in the "C" locale, without a call per character.
bool Space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// `s` without surrounding spaces, in capitals when `upper`; changed in place, as every cell of a
// return passes through here.
std::string Clean(std::string s, bool upper) {
  size_t e = s.size();
  while (e > 0 && Space(s[e - 1])) --e;
  s.resize(e);
  size_t b = 0;
  while (b < s.size() && Space(s[b])) ++b;
  if (b > 0) s.erase(0, b);
  if (upper) {
    for (char& c : s) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return s;
}

}  // namespace

Result<Table> ParseCsv(std::string_view text, const std::string& file) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // Rows go into the table as they are read, so a file is never held twice.
  Table t;
  bool have_header = false;
  std::vector<std::string> record;
  std::string cell;
  bool in_quotes = false, any = false;
  size_t line = 1, start_line = 1;
  Status bad = Status::Ok();
  auto end_cell = [&] {
    record.push_back(std::move(cell));
    cell.clear();
  };
  auto end_record = [&]() -> bool {
    end_cell();
    any = false;
    // A line with nothing on it is skipped, not read as a row of blanks.
    if (record.size() == 1 && record[0].empty()) {
      record.clear();
      return true;
    }
    if (!have_header) {
      std::vector<std::string> columns;
      for (auto& h : record) columns.push_back(Clean(std::move(h), true));
      for (size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].empty()) {
          bad = InvalidArgument(file + " line 1: column " + std::to_string(i + 1) + " has no name");
          return false;
        }
        if (std::count(columns.begin(), columns.end(), columns[i]) > 1) {
          bad = InvalidArgument(file + " line 1: column " + columns[i] + " appears twice");
          return false;
        }
      }
      t = Table(columns);
      // Room for a row per line, so columns are not regrown (and left up to twice their size).
      t.Reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
      have_header = true;
      record.clear();
      return true;
    }
    if (record.size() > t.columns().size()) {
      bad = InvalidArgument(file + " line " + std::to_string(start_line) + ": " +
                            std::to_string(record.size()) + " cells but the header names " +
                            std::to_string(t.columns().size()) + " columns");
      return false;
    }
    std::vector<Cell> cells;
    cells.reserve(t.columns().size());
    for (auto& v : record) {
      std::string s = Clean(std::move(v), true);
      if (s.empty()) {
        cells.emplace_back();
      } else {
        cells.emplace_back(std::move(s));
      }
    }
    t.AddRow(std::move(cells));
    record.clear();
    return true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (!any) {
      start_line = line;
      any = true;
    }
    if (!in_quotes) {
      // The plain characters of a cell are taken in one go.
      size_t j = i;
      while (j < text.size() && text[j] != ',' && text[j] != '\n' && text[j] != '"' &&
             text[j] != '\r') {
        ++j;
      }
      cell.append(text.data() + i, j - i);
      i = j;
      if (i == text.size()) break;
    }
    const char c = text[i];
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
      in_quotes = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n') {
      if (!end_record()) return bad;
      ++line;
    } else if (c != '\r') {
      cell.push_back(c);
    }
  }
  if (in_quotes) {
    return InvalidArgument(file + " line " + std::to_string(start_line) +
                           ": a quoted cell is not closed");
  }
  if (any && !end_record()) return bad;
  if (!have_header) return InvalidArgument(file + ": the file is empty, with no header line");
  return t;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

std::string WriteCsv(const Table& t) {
  std::string out;
  const auto& columns = t.columns();
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) out += ',';
    out += CsvField(columns[c]);
  }
  out += "\r\n";
  std::vector<const std::vector<Cell>*> cols;
  for (const auto& name : columns) cols.push_back(t.Column(name));
  for (size_t i = 0; i < t.size(); ++i) {
    for (size_t c = 0; c < cols.size(); ++c) {
      if (c > 0) out += ',';
      const Cell& cell = (*cols[c])[i];
      if (cell) out += CsvField(*cell);
    }
    out += "\r\n";
  }
  return out;
}

std::string Ssda903TableFor(const Table& t) {
  // The column that only one table has, tried from the most specific.
  static const std::pair<const char*, const char*> kMarks[] = {
      {"DECOM", "Episodes"},
      {"REVIEW", "Reviews"},
      {"DUC", "UASC"},
      {"SDQ_SCORE", "OC2"},
      {"IN_TOUCH", "OC3"},
      {"DATE_INT", "AD1"},
      {"DATE_PLACED", "PlacedAdoption"},
      {"PREV_PERM", "PrevPerm"},
      {"MIS_START", "Missing"},
      {"SW_ID", "SWEpisodes"},
      {"DOLO_START", "DoLo"},
      {"ETHNIC", "Header"},
  };
  for (const auto& [column, table] : kMarks) {
    if (t.Has(column)) return table;
  }
  return {};
}

}  // namespace haven::returns
