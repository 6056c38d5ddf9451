#pragma once

// A statutory return as the DfE's rules see it: named tables of text cells, stored column by
// column, plus the collection's metadata. The same shape holds Haven's own export and a file from
// another system, so every rule runs the same way on both. Pure: no I/O.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"

namespace haven::returns {

// A cell: text, or nothing (blank in a CSV, absent in XML).
using Cell = std::optional<std::string>;

class Table {
 public:
  Table() = default;
  explicit Table(const std::vector<std::string>& columns);

  const std::vector<std::string>& columns() const { return names_; }
  size_t size() const { return rows_; }
  bool Has(std::string_view column) const;
  // The cell, or a blank one when the table has no such column.
  const Cell& At(std::string_view column, size_t row) const;
  // The whole column (empty when absent, which reads as all blank).
  const std::vector<Cell>* Column(std::string_view column) const;

  // The rows of each value of `column` (trimmed; blank cells under ""), in row order. Built on
  // first use and kept until the table changes, so the many rules that group a table by child
  // group it once.
  const std::map<std::string, std::vector<size_t>>& IndexBy(std::string_view column) const;

  // Appends a row of cells in the order of columns(); a short row is padded with blanks.
  void AddRow(std::vector<Cell> cells);
  // Adds a column (blank in every existing row) unless it is there already.
  void AddColumn(const std::string& name);
  void Set(std::string_view column, size_t row, Cell value);

 private:
  // The column called `name`, or null. Rules look columns up by name for every cell, so this is
  // a scan of a few short names (length first), not a tree.
  const std::vector<Cell>* Find(std::string_view name) const;
  std::vector<Cell>* Find(std::string_view name);

  std::vector<std::string> names_;
  std::vector<std::vector<Cell>> cols_;  // in the order of names_
  size_t rows_ = 0;
  // IndexBy's indexes by column; cleared by every change. A table with rows is read by one thread
  // at a time (each validation has its own return).
  mutable std::map<std::string, std::map<std::string, std::vector<size_t>>, std::less<>> indexes_;
};

struct Return {
  // By the DfE's table names: "Header", "Episodes", ...; last year's as "Episodes_last".
  std::map<std::string, Table, std::less<>> tables;
  // The collection year, named by the year it ends in (2026 is 2025-26).
  int year = 0;
  // The collection's first and last days (1 April and 31 March unless set otherwise).
  Date start;
  Date end;
  // Other metadata a rule may use (for example "localAuthority").
  std::map<std::string, std::string, std::less<>> metadata;

  // The table, or an empty one.
  const Table& Get(std::string_view name) const;
  bool Has(std::string_view name) const { return tables.find(name) != tables.end(); }
};

// Sets year, start and end for the collection year ending 31 March `year`.
void SetCollectionYear(Return& r, int year);

// A date in the return's dd/mm/yyyy form, strictly: two-digit day and month, four-digit year.
std::optional<Date> ParseReturnDate(std::string_view text);
std::optional<Date> CellDate(const Cell& cell);

// Text with surrounding spaces removed, as the rules compare codes.
std::string_view Trimmed(const Cell& cell);
// True when the cell is blank: absent or only spaces.
bool Blank(const Cell& cell);

}  // namespace haven::returns
