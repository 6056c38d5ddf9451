#pragma once

// Findings written out for people and programs: JSON (each finding with its rule code, severity,
// table, row, fields, child id and message, plus a summary per rule) and CSV, one finding a line.
// Rows are numbered from 1, the first row under a file's header. Pure.

#include <ostream>
#include <string>

#include "returns/rules.h"

namespace haven::returns {

struct ReportContext {
  std::string kind;  // "903" or "cin"
  int year = 0;
  size_t children = 0;
  size_t rules_known = 0;  // rules the DfE lists for the year
};

std::string FindingsJson(const Validation& v, const ReportContext& c);
std::string FindingsCsv(const Validation& v);
// The same, written to `out` as they are made (a large return's findings are never held twice).
void WriteFindingsJson(std::ostream& out, const Validation& v, const ReportContext& c);
void WriteFindingsCsv(std::ostream& out, const Validation& v);
// A workbook for a performance officer: a Summary sheet (one line per rule with findings, errors
// first, with counts) and a Findings sheet (one line per finding).
std::string FindingsXlsx(const Validation& v, const ReportContext& c);

// "2025-26" for 2026.
std::string YearLabel(int year);

}  // namespace haven::returns
