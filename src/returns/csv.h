#pragma once

// Reading a return's CSV files into tables, the way the DfE's own tools read them: the first line
// names the columns; cells are trimmed and upper-cased, and an empty cell is blank (null). Quoted
// cells may hold commas, quotes ("") and line breaks. A byte-order mark is ignored. Pure.

#include <string>
#include <string_view>

#include "common/status.h"
#include "returns/table.h"

namespace haven::returns {

// `file` names the source in errors ("episodes.csv line 12: ...").
Result<Table> ParseCsv(std::string_view text, const std::string& file);

// A cell as CSV writes it: quoted (with quotes doubled) only when it holds a comma, a quote or a
// line break.
std::string CsvField(std::string_view s);
// The table as CSV: a header line of its columns, then one line per row, blank cells empty, each
// line ended by CRLF as the DfE's own tools write them.
std::string WriteCsv(const Table& t);

// The 903 table a CSV holds, known by its columns ("Episodes" for a file with DECOM), or an empty
// string when the columns match no 903 table.
std::string Ssda903TableFor(const Table& t);

}  // namespace haven::returns
