#pragma once

// Building blocks for the DfE rules: the checks many rules share (a field must hold one of a set
// of codes, a field must be a date), and the grouping of rows by child. Pure.

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "returns/rules.h"

namespace haven::returns {

// How a rule treats a cell that is absent (null). An empty string is a value, and wrong, as the
// DfE tools treat it; Haven's CSV reader turns empty cells into nulls.
enum class Absent { kAllowed, kFlagged };

using Codes = std::vector<std::string>;

// Flags rows of `table` whose `field` is not exactly one of `codes` (case matters).
Check CodeIn(std::string table, std::string field, Codes codes, Absent absent);
// Flags rows whose `field` is not a dd/mm/yyyy date.
Check IsDate(std::string table, std::string field, Absent absent);
// Flags rows whose `field` is not a whole number from `lo` to `hi`.
Check IntegerIn(std::string table, std::string field, int lo, int hi, Absent absent);
// Flags rows where some of `fields` are filled in and others are not.
Check AllOrNone(std::string table, std::vector<std::string> fields);

// The rows of `t` for each child id (by the CHILD column), each in the order given.
const RowsByKey& RowsByChild(const Table& t);

// The codes a value is looked up in: a code list, or codes written in place ({"V3", "V4"}),
// neither of them copied (a list written in place used to be made into a Codes for every row).
// Only for a parameter: it refers to what it was made from.
class CodeList {
 public:
  CodeList(const Codes& codes) : codes_(&codes) {}  // NOLINT(google-explicit-constructor)
  CodeList(std::initializer_list<std::string_view> codes) : written_(codes) {}

  bool Has(std::string_view value) const;

 private:
  const Codes* codes_ = nullptr;
  std::initializer_list<std::string_view> written_;
};

// True when `value` is exactly one of `codes`.
bool OneOf(std::string_view value, CodeList codes);

// Builds a rule; `fields` are what its findings point at.
Rule MakeRule(std::string code, std::vector<std::string> fields, std::string message, Check check,
              int first_year = 0, int last_year = 9999, Severity severity = Severity::kError);

}  // namespace haven::returns
