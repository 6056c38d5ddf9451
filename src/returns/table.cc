#include "returns/table.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace haven::returns {

namespace {
const Table kEmpty;
}  // namespace

Table::Table(const std::vector<std::string>& columns) {
  for (const auto& c : columns) AddColumn(c);
}

Table::Indexes::Indexes(const Indexes& other) { *this = other; }

Table::Indexes& Table::Indexes::operator=(const Indexes& other) {
  if (this == &other) return *this;
  std::scoped_lock lock(mu, other.mu);
  by_column = other.by_column;
  columns = other.columns;
  dates = std::make_unique<std::atomic<const DateColumn*>[]>(columns);
  parsed_dates.clear();
  return *this;
}

void Table::Indexes::Clear(size_t n) {
  std::lock_guard lock(mu);
  by_column.clear();
  columns = n;
  dates = std::make_unique<std::atomic<const DateColumn*>[]>(n);
  parsed_dates.clear();
}

const Table::DateColumn& Table::ParseDates(size_t c) const {
  // Parsed without the lock, as IndexBy builds; if two threads parse the same column, the first
  // kept wins (a column's dates never move once kept).
  auto parsed = std::make_unique<DateColumn>(rows_);
  for (size_t i = 0; i < rows_; ++i) (*parsed)[i] = CellDate(CellOf(text_.data(), cols_[c][i]));
  std::lock_guard lock(indexes_.mu);
  if (const DateColumn* kept = indexes_.dates[c].load(std::memory_order_acquire)) return *kept;
  indexes_.dates[c].store(parsed.get(), std::memory_order_release);
  indexes_.parsed_dates.push_back(std::move(parsed));
  return *indexes_.parsed_dates.back();
}

const RowsByKey& Table::IndexBy(std::string_view column) const {
  // An empty table (the shared one Return::Get gives for a missing table among them) is never
  // written to, so threads may share it.
  static const RowsByKey kNone;
  if (rows_ == 0) return kNone;
  {
    std::lock_guard lock(indexes_.mu);
    auto it = indexes_.by_column.find(column);
    if (it != indexes_.by_column.end()) return it->second;
  }
  // Built without the lock, so other indexes can be read meanwhile; if two threads build the same
  // one, the first kept wins (map entries never move, so references handed out stay good).
  RowsByKey index;
  const ColumnView col = Column(column);
  for (size_t i = 0; i < col.size(); ++i) index[std::string(Trimmed(col[i]))].push_back(i);
  std::lock_guard lock(indexes_.mu);
  return indexes_.by_column.emplace(std::string(column), std::move(index)).first->second;
}

bool Table::Has(std::string_view column) const { return FindIndex(column) != kNotFound; }

Table::ColumnView Table::Column(std::string_view column) const {
  const size_t c = FindIndex(column);
  if (c == kNotFound) return {};
  return ColumnView(text_.data(), cols_[c].data(), rows_);
}

size_t Table::AppendText(std::string_view text) {
  if (text.size() >= kNull - text_.size()) {
    throw std::length_error("a table's text is limited to 4 GB");
  }
  const size_t at = text_.size();
  text_.append(text);
  return at;
}

Table::Span Table::Keep(CellView cell) {
  if (!cell) return {};
  return {static_cast<uint32_t>(AppendText(*cell)), static_cast<uint32_t>(cell->size())};
}

void Table::AddRowOfSpans(const std::vector<Span>& cells) {
  Changing();
  const size_t given = std::min(cells.size(), names_.size());
  for (size_t i = 0; i < given; ++i) cols_[i].push_back(cells[i]);
  for (size_t i = given; i < names_.size(); ++i) cols_[i].emplace_back();
  ++rows_;
}

void Table::Changing() {
  // Nothing reads a table while it changes, so the indexes can be looked at without the lock.
  if (!indexes_.Empty()) indexes_.Clear(names_.size());
}

void Table::AddRow(const std::vector<Cell>& cells) {
  AddRowOfViews(std::vector<CellView>(cells.begin(), cells.end()));
}

void Table::AddRowOfViews(const std::vector<CellView>& cells) {
  Changing();
  const size_t given = std::min(cells.size(), names_.size());
  for (size_t i = 0; i < given; ++i) cols_[i].push_back(Keep(cells[i]));
  for (size_t i = given; i < names_.size(); ++i) cols_[i].emplace_back();
  ++rows_;
}

void Table::Reserve(size_t rows, size_t text) {
  for (auto& col : cols_) col.reserve(rows);
  text_.reserve(text);
}

void Table::AddColumn(const std::string& name) {
  if (!Has(name)) {
    names_.push_back(name);
    keys_.push_back(NameKey(name));
    cols_.emplace_back(rows_);
  }
  indexes_.Clear(names_.size());
}

void Table::Set(std::string_view column, size_t row, CellView value) {
  indexes_.Clear(names_.size());
  const size_t c = FindIndex(column);
  if (c == kNotFound || row >= rows_) return;
  // The old text stays in text_, unused; a table is set a cell at a time only when it is small.
  cols_[c][row] = Keep(value);
}

void Memo::Clear() const {
  std::lock_guard lock(mu_);
  entries_.clear();
}

Memo::Entry& Memo::EntryFor(std::string_view key, const std::type_info& type) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    it = entries_.emplace(std::string(key), std::make_unique<Entry>(type)).first;
  }
  // One key used for two types is a mistake in the rules.
  if (it->second->type != type)
    throw std::logic_error("Memo: '" + std::string(key) + "' has two types");
  return *it->second;
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
  if (t.size() != 10) {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.size() != 10) return std::nullopt;
  }
  // Every rule reads dates, so this is written out rather than parsed with from_chars and checked
  // by a round trip through the calendar.
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  if (p[2] != '/' || p[5] != '/') return std::nullopt;
  const unsigned d0 = p[0] - '0', d1 = p[1] - '0', m0 = p[3] - '0', m1 = p[4] - '0';
  const unsigned y0 = p[6] - '0', y1 = p[7] - '0', y2 = p[8] - '0', y3 = p[9] - '0';
  if (d0 > 9 || d1 > 9 || m0 > 9 || m1 > 9 || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9) {
    return std::nullopt;
  }
  const unsigned d = d0 * 10 + d1, m = m0 * 10 + m1;
  const unsigned y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  if (m < 1 || m > 12 || d < 1 || y < 1800) return std::nullopt;
  // Written without division (years run from 1800 to 9999): y / 100 is (y * 5243) >> 19 there.
  const unsigned century = (y * 5243) >> 19;
  const bool leap = (y & 3) == 0 && (y != century * 100 || (century & 3) == 0);
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  // 31/02 is not a date (the calendar would roll it over to 3 March).
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  // Days since 1970-01-01 in the proleptic Gregorian calendar, as std::chrono counts them, with
  // years starting in March so that a leap day ends its year.
  static constexpr unsigned kFromMarch[12] = {306, 337, 0,   31,  61,  92,
                                              122, 153, 184, 214, 245, 275};
  const unsigned ya = m <= 2 ? y - 1 : y;
  const unsigned ya_century = (ya * 5243) >> 19;
  const unsigned days =
      ya * 365 + (ya >> 2) - ya_century + (ya_century >> 2) + kFromMarch[m - 1] + d - 1;
  return Date::FromDays(static_cast<int32_t>(days) - 719468);
}

std::optional<Date> CellDate(CellView cell) {
  if (!cell) return std::nullopt;
  return ParseReturnDate(*cell);
}

}  // namespace haven::returns
