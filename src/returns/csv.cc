#include "returns/csv.h"

#include <algorithm>
#include <cstring>

namespace haven::returns {

namespace {

// As std::isspace and std::toupper in the "C" locale, without a call per character.
bool Space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Removes the spaces around `s` and, when `upper`, puts it in capitals; in place, as every cell of
// a return passes through here.
void Clean(std::string& s, bool upper) {
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
}

// The number of line breaks in `text`, found with memchr (many times quicker than a loop over
// each byte of a large file).
size_t Lines(std::string_view text) {
  size_t n = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (p == nullptr) break;
    ++n;
    ++p;
  }
  return n;
}

}  // namespace

// The rows of a file with no quotes (nearly every return file) after its header, which `t`
// has: each line is a row and each comma ends a cell. Reads as ParseCsv's general loop does,
// errors included: carriage returns are dropped, spaces around a cell removed, letters put in
// capitals, and a cell left empty is blank. Every cell of a return passes through here, so a
// row's cells are cleaned in one pass into a buffer, which goes into the table in one piece.
Status PlainRows(std::string_view text, size_t line, const std::string& file, Table& t) {
  std::string row_text;  // the row's cells, cleaned, one after another
  std::vector<Table::Span> cells;
  const size_t columns = t.columns().size();
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view row = text.substr(0, nl);
    text.remove_prefix(nl == text.size() ? nl : nl + 1);
    // A line with nothing on it is skipped, not read as a row of blanks.
    if (row.find_first_not_of('\r') == std::string_view::npos) {
      ++line;
      continue;
    }
    // Cleaning never lengthens a cell, so the row's cells fit in the room of the row.
    if (row_text.size() < row.size()) row_text.resize(row.size());
    char* const first = row_text.data();
    char* out = first;
    cells.clear();
    const char* p = row.data();
    const char* const end = p + row.size();
    while (true) {
      while (p != end && *p != ',' && Space(*p)) ++p;  // a carriage return is a space here too
      char* const start = out;
      for (; p != end && *p != ','; ++p) {
        const char c = *p;
        if (c == '\r') continue;
        *out++ = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      }
      while (out != start && Space(out[-1])) --out;
      if (out == start) {
        cells.emplace_back();
      } else {
        cells.push_back({static_cast<uint32_t>(start - first), static_cast<uint32_t>(out - start)});
      }
      if (p == end) break;
      ++p;
    }
    if (cells.size() > columns) {
      return InvalidArgument(file + " line " + std::to_string(line) + ": " +
                             std::to_string(cells.size()) + " cells but the header names " +
                             std::to_string(columns) + " columns");
    }
    const size_t at = t.AppendText(std::string_view(first, static_cast<size_t>(out - first)));
    for (Table::Span& cell : cells) {
      if (cell.size != Table::kNull) cell.offset += static_cast<uint32_t>(at);
    }
    t.AddRowOfSpans(cells);
    ++line;
  }
  return Status::Ok();
}

Result<Table> ParseCsv(std::string_view text, const std::string& file) {
  if (text.size() >= (size_t{1} << 32) - 1) {
    return InvalidArgument(file + ": larger than 4 GB, which no return is");
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // With no quotes in the file, the rows after the header are read by PlainRows.
  const bool plain = text.find('"') == std::string_view::npos;
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
      for (auto& h : record) {
        Clean(h, true);
        columns.push_back(std::move(h));
      }
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
      t.Reserve(Lines(text), text.size());
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
    std::vector<Cell> cells(record.size());
    for (size_t k = 0; k < record.size(); ++k) {
      Clean(record[k], true);
      if (!record[k].empty()) cells[k].emplace(std::move(record[k]));
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
      if (cell.empty()) {
        cell.assign(text.data() + i, j - i);
      } else {
        cell.append(text.data() + i, j - i);
      }
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
      if (plain && have_header) {
        RETURN_IF_ERROR(PlainRows(text.substr(i + 1), line, file, t));
        return t;
      }
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
  std::vector<Table::ColumnView> cols;
  for (const auto& name : columns) cols.push_back(t.Column(name));
  for (size_t i = 0; i < t.size(); ++i) {
    for (size_t c = 0; c < cols.size(); ++c) {
      if (c > 0) out += ',';
      const CellView cell = cols[c][i];
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
