#include "returns/rule_kit.h"

#include <charconv>

namespace haven::returns {

bool CodeList::Has(std::string_view value) const {
  if (codes_ != nullptr) {
    for (const auto& c : *codes_) {
      if (SameText(value, c)) return true;
    }
    return false;
  }
  for (const std::string_view c : written_) {
    if (SameText(value, c)) return true;
  }
  return false;
}

bool OneOf(std::string_view value, CodeList codes) { return codes.Has(value); }

namespace {
// Calls `bad` for each row whose cell fails `ok`; absent cells follow `absent`.
template <typename Ok>
Check EachCell(std::string table, std::string field, Absent absent, Ok ok) {
  return [table = std::move(table), field = std::move(field), absent, ok](const Return& r,
                                                                          Flags& flags) {
    const Table& t = r.Get(table);
    if (!t.Has(field)) return;
    const Table::ColumnView col = t.Column(field);
    for (size_t i = 0; i < col.size(); ++i) {
      const CellView cell = col[i];
      if (!cell) {
        if (absent == Absent::kFlagged) flags.Row(table, i);
      } else if (!ok(*cell)) {
        flags.Row(table, i);
      }
    }
  };
}
}  // namespace

Check CodeIn(std::string table, std::string field, Codes codes, Absent absent) {
  return EachCell(std::move(table), std::move(field), absent,
                  [codes = std::move(codes)](std::string_view v) { return OneOf(v, codes); });
}

Check IsDate(std::string table, std::string field, Absent absent) {
  return EachCell(std::move(table), std::move(field), absent,
                  [](std::string_view v) { return ParseReturnDate(v).has_value(); });
}

Check IntegerIn(std::string table, std::string field, int lo, int hi, Absent absent) {
  return EachCell(std::move(table), std::move(field), absent, [lo, hi](std::string_view v) {
    int n = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    return ec == std::errc() && p == v.data() + v.size() && n >= lo && n <= hi;
  });
}

Check AllOrNone(std::string table, std::vector<std::string> fields) {
  return [table = std::move(table), fields = std::move(fields)](const Return& r, Flags& flags) {
    const Table& t = r.Get(table);
    for (size_t i = 0; i < t.size(); ++i) {
      size_t filled = 0;
      for (const auto& f : fields) filled += Blank(t.At(f, i)) ? 0 : 1;
      if (filled != 0 && filled != fields.size()) flags.Row(table, i);
    }
  };
}

const RowsByKey& RowsByChild(const Table& t) { return t.IndexBy("CHILD"); }

Rule MakeRule(std::string code, std::vector<std::string> fields, std::string message, Check check,
              int first_year, int last_year, Severity severity) {
  Rule r;
  r.code = std::move(code);
  r.fields = std::move(fields);
  r.message = std::move(message);
  r.check = std::move(check);
  r.first_year = first_year;
  r.last_year = last_year;
  r.severity = severity;
  return r;
}

}  // namespace haven::returns
