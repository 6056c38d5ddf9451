#pragma once

// An SSDA903 return from its CSV files: each file's table is known by its columns, so the files
// may have any names. Last year's files, when given, become the "_last" tables the rules that
// compare years read. Pure: the caller reads the files.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "returns/table.h"

namespace haven::returns {

struct NamedText {
  std::string name;  // the file's name, for errors
  std::string text;
};

// Each table's file is kept in the metadata as "file:<table>" (for errors that name the file).
// Refuses a file whose columns match no 903 table, two files for one table, and a file that is
// not well-formed CSV, naming the file (and line).
Result<Return> Read903(const std::vector<NamedText>& files, const std::vector<NamedText>& previous,
                       int year);

// A return in the DfE's expanded XML (EXPSSDA903: a CHILD for each child with its HEADER and
// EPISODEs), as the tables the CSV files give (the episode's PL is PLACE; reviews, missing
// episodes, placements for adoption and previous permanence are rows of their tables; OC2, OC3,
// AD1 and UASC rows for the children that have them). The Header keeps the XML's UASC item and
// the metadata says file_format xml. Cells are trimmed and upper-cased as in a CSV file. Errors
// name the file, and the line where the XML is not well formed.
Result<Return> Read903Xml(std::string_view text, const std::string& file, int year);

// The return whichever form it comes in: one .xml file is read as the XML, anything else as CSV
// files (the same for last year's).
Result<Return> Read903Files(const std::vector<NamedText>& files,
                            const std::vector<NamedText>& previous, int year);

// The number of distinct children in the return's current tables.
size_t CountChildren(const Return& r);

}  // namespace haven::returns
