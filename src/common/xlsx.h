#pragma once

// A minimal Excel workbook (.xlsx, Office Open XML): sheets of text and numbers, the first row in
// bold as a header, written as an uncompressed zip. Enough for reports people open in Excel or
// LibreOffice; no formulas or formatting beyond the header.

#include <string>
#include <vector>

namespace haven {

struct XlsxSheet {
  std::string name;  // up to 31 characters, none of []:*?/\ (others are replaced)
  std::vector<std::vector<std::string>> rows;  // the first is the header
  // The columns (from 0) whose whole-number cells are written as numbers; every other cell is
  // text, so codes and ids such as "101" or "007" stay as they are.
  std::vector<size_t> numeric_columns;
};

std::string WriteXlsx(const std::vector<XlsxSheet>& sheets);

}  // namespace haven
