#pragma once

// One table of a return as an importer reads it: each row's cells as text, its dates in the
// return's own form as YYYY-MM-DD, and errors that name the source ("census.xml Assessments row
// 3, AssessmentActualStartDate: ...") and the field.

#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "domain/person.h"
#include "returns/table.h"

namespace haven::imports::internal {

enum class DateForm {
  kDayMonthYear,  // dd/mm/yyyy, as the SSDA903 writes dates
  kIso,           // yyyy-mm-dd, as the CIN census does
};

class RowReader {
 public:
  // `source` names the table in errors: a file ("episodes.csv") or a file and table.
  RowReader(const returns::Table& t, std::string source, DateForm form)
      : t_(t), source_(std::move(source)), form_(form) {}

  const returns::Table& table() const { return t_; }
  std::string Key(size_t row) const { return source_ + " row " + std::to_string(row + 1); }
  Status Error(size_t row, const std::string& field, const std::string& why) const {
    return InvalidArgument(Key(row) + ", " + field + ": " + why, field);
  }
  // The cell trimmed; empty when blank.
  std::string Text(const char* field, size_t row) const {
    return std::string(returns::Trimmed(t_.At(field, row)));
  }
  // An optional date as YYYY-MM-DD; an error when given but not a date in the table's form.
  Result<std::optional<std::string>> DateAt(const char* field, size_t row) const {
    const std::string v = Text(field, row);
    if (v.empty()) return std::optional<std::string>();
    const auto d = form_ == DateForm::kIso ? Date::Parse(v) : returns::ParseReturnDate(v);
    if (!d) {
      return Error(row, field,
                   "'" + v + "' is not a " +
                       (form_ == DateForm::kIso ? "yyyy-mm-dd" : "dd/mm/yyyy") + " date");
    }
    return std::optional<std::string>(d->ToString());
  }
  Result<std::string> RequiredDate(const char* field, size_t row) const {
    ASSIGN_OR_RETURN(auto d, DateAt(field, row));
    if (!d) return Error(row, field, "the date is required");
    return *d;
  }

 private:
  const returns::Table& t_;
  std::string source_;
  DateForm form_;
};

// Checks a child as the record will (all but the date-dependent checks, which the loader makes),
// naming the row and the return's own column for the person's field (`columns`: field ->
// column). Normalises the child's identifiers.
inline Status CheckChild(domain::Person& p, const RowReader& rows, size_t row,
                         const std::map<std::string, std::string>& columns) {
  Status s = domain::NormalisePerson(p);
  if (s.ok()) s = domain::ValidatePerson(p, "9999-12-31");
  if (s.ok()) return s;
  auto it = columns.find(s.field());
  return rows.Error(row, it == columns.end() ? s.field() : it->second, s.message());
}

}  // namespace haven::imports::internal
