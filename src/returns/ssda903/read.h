#pragma once

// An SSDA903 return from its CSV files: each file's table is known by its columns, so the files
// may have any names. Last year's files, when given, become the "_last" tables the rules that
// compare years read. Pure: the caller reads the files.

#include <string>
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

// The number of distinct children in the return's current tables.
size_t CountChildren(const Return& r);

}  // namespace haven::returns
