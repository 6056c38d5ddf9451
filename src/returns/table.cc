#include "returns/table.h"

#include <charconv>
#include <cstring>
#include <utility>

namespace haven::returns {

namespace {
const Cell kBlank;
const std::vector<Cell> kNoColumn;
const Table kEmpty;
}  // namespace

Table::Table(const std::vector<std::string>& columns) {
  for (const auto& c : columns) AddColumn(c);
}

const std::vector<Cell>* Table::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    const std::string& n = names_[i];
    if (n.size() == name.size() && std::memcmp(n.data(), name.data(), n.size()) == 0) {
      return &cols_[i];
    }
  }
  return nullptr;
}

std::vector<Cell>* Table::Find(std::string_view name) {
  return const_cast<std::vector<Cell>*>(std::as_const(*this).Find(name));
}

const std::map<std::string, std::vector<size_t>>& Table::IndexBy(std::string_view column) const {
  // An empty table (the shared one Return::Get gives for a missing table among them) is never
  // written to, so threads may share it.
  static const std::map<std::string, std::vector<size_t>> kNone;
  if (rows_ == 0) return kNone;
  auto it = indexes_.find(column);
  if (it != indexes_.end()) return it->second;
  std::map<std::string, std::vector<size_t>> index;
  if (const auto* col = Find(column)) {
    for (size_t i = 0; i < col->size(); ++i) index[std::string(Trimmed((*col)[i]))].push_back(i);
  }
  return indexes_.emplace(std::string(column), std::move(index)).first->second;
}

bool Table::Has(std::string_view column) const { return Find(column) != nullptr; }

const Cell& Table::At(std::string_view column, size_t row) const {
  const auto* col = Find(column);
  if (col == nullptr || row >= col->size()) return kBlank;
  return (*col)[row];
}

const std::vector<Cell>* Table::Column(std::string_view column) const {
  const auto* col = Find(column);
  return col == nullptr ? &kNoColumn : col;
}

void Table::AddRow(std::vector<Cell> cells) {
  indexes_.clear();
  cells.resize(names_.size());
  for (size_t i = 0; i < names_.size(); ++i) cols_[i].push_back(std::move(cells[i]));
  ++rows_;
}

void Table::AddColumn(const std::string& name) {
  indexes_.clear();
  if (Has(name)) return;
  names_.push_back(name);
  cols_.emplace_back(rows_);
}

void Table::Set(std::string_view column, size_t row, Cell value) {
  indexes_.clear();
  auto* col = Find(column);
  if (col == nullptr || row >= rows_) return;
  (*col)[row] = std::move(value);
}

const Table& Return::Get(std::string_view name) const {
  auto it = tables.find(name);
  return it == tables.end() ? kEmpty : it->second;
}

void SetCollectionYear(Return& r, int year) {
  r.year = year;
  r.start = Date::FromYmd(year - 1, 4, 1);
  r.end = Date::FromYmd(year, 3, 31);
}

std::optional<Date> ParseReturnDate(std::string_view t) {
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  if (t.size() != 10 || t[2] != '/' || t[5] != '/') return std::nullopt;
  auto num = [&](size_t at, size_t len, int* out) {
    const char* b = t.data() + at;
    auto [p, ec] = std::from_chars(b, b + len, *out);
    return ec == std::errc() && p == b + len;
  };
  int d = 0, m = 0, y = 0;
  if (!num(0, 2, &d) || !num(3, 2, &m) || !num(6, 4, &y)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || y < 1800) return std::nullopt;
  const Date date = Date::FromYmd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  // FromYmd rolls over (31/02 becomes 03/03); a date that does not round-trip is not a date.
  if (date.year() != y || static_cast<int>(date.month()) != m || static_cast<int>(date.day()) != d)
    return std::nullopt;
  return date;
}

std::optional<Date> CellDate(const Cell& cell) {
  if (!cell) return std::nullopt;
  return ParseReturnDate(std::string_view(*cell));
}

std::string_view Trimmed(const Cell& cell) {
  if (!cell) return {};
  std::string_view t(*cell);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
  return t;
}

bool Blank(const Cell& cell) { return Trimmed(cell).empty(); }

}  // namespace haven::returns
