#pragma once

// A statutory return as the DfE's rules see it: named tables of text cells, stored column by
// column, plus the collection's metadata. The same shape holds Haven's own export and a file from
// another system, so every rule runs the same way on both. Pure: no I/O.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/date.h"

namespace haven::returns {

// A cell as given to a table: text, or nothing (blank in a CSV, absent in XML).
using Cell = std::optional<std::string>;
// A cell as read from a table: a view of its text, or nothing. It stays good while the table is
// not changed. A Cell converts to one (a view of the Cell's own text).
using CellView = std::optional<std::string_view>;

// True when `a` and `b` hold the same text. Written out: the rules compare codes of a few bytes,
// for which a call to memcmp costs more than the comparison.
inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Hashes text a word at a time: the rules key many maps by child ids, which are short, so a hash
// is one or two multiplications rather than a pass over each byte. Hashes strings and string views
// alike, so a view can be looked up directly. (Not noexcept, so the containers keep each hash.)
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    uint64_t h = uint64_t{s.size()} * 0x9E3779B97F4A7C15ull;
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w = 0;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    uint64_t tail = 0;
    if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};
struct KeyEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return SameText(a, b); }
};
// Maps and sets keyed by text (child ids, codes). Unordered: the rules look keys up far more often
// than they walk them, and nothing they flag depends on the order of a walk (a rule's findings are
// put in table and row order).
template <typename V>
using KeyMap = std::unordered_map<std::string, V, KeyHash, KeyEqual>;
using KeySet = std::unordered_set<std::string, KeyHash, KeyEqual>;
// Rows by a column's value.
using RowsByKey = KeyMap<std::vector<size_t>>;

// A table's cells are kept as the text of every cell one after another, with each column a list
// of where its cells' text lies: a return of a million cells is then a few large blocks rather
// than a string each, which is quicker to read in, to walk and to let go (ADR 017).
class Table {
 public:
  static constexpr uint32_t kNull = static_cast<uint32_t>(-1);
  // Where a cell's text lies in the table's text; kNull as the size for a blank cell.
  struct Span {
    uint32_t offset = 0;
    uint32_t size = kNull;
  };

  // A column's cells, good while the table is not changed.
  class ColumnView {
   public:
    ColumnView() = default;
    size_t size() const { return size_; }
    CellView operator[](size_t row) const { return CellOf(text_, spans_[row]); }

   private:
    friend class Table;
    ColumnView(const char* text, const Span* spans, size_t size)
        : text_(text), spans_(spans), size_(size) {}
    const char* text_ = nullptr;
    const Span* spans_ = nullptr;
    size_t size_ = 0;
  };

  Table() = default;
  explicit Table(const std::vector<std::string>& columns);

  const std::vector<std::string>& columns() const { return names_; }
  size_t size() const { return rows_; }
  bool Has(std::string_view column) const;
  // The cell, or a blank one when the table has no such column.
  CellView At(std::string_view column, size_t row) const {
    const size_t c = FindIndex(column);
    if (c == kNotFound || row >= rows_) return std::nullopt;
    return CellOf(text_.data(), cols_[c][row]);
  }
  // The whole column (empty when absent, which reads as all blank).
  ColumnView Column(std::string_view column) const;
  // The cell read as a dd/mm/yyyy date (as CellDate reads it), or nullopt. The rules read the
  // same dates many times, so a column's dates are parsed once, on first use, and kept until the
  // table changes.
  std::optional<Date> DateAt(std::string_view column, size_t row) const {
    const size_t c = FindIndex(column);
    if (c == kNotFound || row >= rows_) return std::nullopt;
    const DateColumn* dates = indexes_.dates[c].load(std::memory_order_acquire);
    return (dates != nullptr ? *dates : ParseDates(c))[row];
  }

  // The rows of each value of `column` (trimmed; blank cells under ""), in row order. Built on
  // first use and kept until the table changes, so the many rules that group a table by child
  // group it once.
  const RowsByKey& IndexBy(std::string_view column) const;

  // Appends a row of cells in the order of columns(); a short row is padded with blanks. The
  // cells' text is copied, so views may point anywhere but into this table.
  void AddRow(const std::vector<Cell>& cells);
  void AddRowOfViews(const std::vector<CellView>& cells);
  // For a reader that cleans a row's text itself: appends `text` to the table's text, without
  // adding a cell, and says where it starts; then AddRowOfSpans adds the row's cells as pieces
  // of it. The text of a table is limited to 4 GB (a return is a few megabytes), beyond which
  // this throws std::length_error.
  size_t AppendText(std::string_view text);
  void AddRowOfSpans(const std::vector<Span>& cells);
  // Makes room for `rows` rows in every column and `text` bytes of cell text.
  void Reserve(size_t rows, size_t text = 0);
  // Adds a column (blank in every existing row) unless it is there already.
  void AddColumn(const std::string& name);
  void Set(std::string_view column, size_t row, CellView value);

 private:
  static CellView CellOf(const char* text, Span span) {
    if (span.size == kNull) return std::nullopt;
    return std::string_view(text + span.offset, span.size);
  }
  // Appends `cell`'s text to text_ (as AppendText) and says where it lies.
  Span Keep(CellView cell);
  // Clears the indexes and dates before a change.
  void Changing();

  // A column name's length and first seven bytes in one word: equal words mean equal names up to
  // seven bytes long. Inline, so a name written in a rule is worked out when it is compiled.
  static constexpr uint64_t NameKey(std::string_view s) {
    const size_t n = s.size() < 7 ? s.size() : 7;
    uint64_t key = uint64_t{s.size() < 255 ? s.size() : 255} << 56;
    for (size_t i = 0; i < n; ++i) key |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
    return key;
  }
  static constexpr size_t kNotFound = static_cast<size_t>(-1);
  // The number of the column called `name`, or kNotFound. Rules look columns up by name for every
  // cell, so this is a scan of a few words, one per column; for a longer name whose word matches,
  // only the bytes after the seventh are left to compare.
  size_t FindIndex(std::string_view name) const {
    const uint64_t key = NameKey(name);
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != key) continue;
      if (name.size() <= 7) return i;
      const std::string& n = names_[i];
      if (n.size() == name.size() &&
          std::memcmp(n.data() + 7, name.data() + 7, n.size() - 7) == 0) {
        return i;
      }
    }
    return kNotFound;
  }

  std::vector<std::string> names_;
  std::vector<uint64_t> keys_;           // NameKey of each name
  std::vector<std::vector<Span>> cols_;  // in the order of names_
  std::string text_;                     // the cells' text, one after another
  size_t rows_ = 0;
  using DateColumn = std::vector<std::optional<Date>>;
  // Column `c`'s dates for DateAt, parsed now unless another thread has just done it.
  const DateColumn& ParseDates(size_t c) const;

  // IndexBy's indexes by column, and DateAt's dates by column number; cleared by every change.
  // Rules running on several threads may ask for one at once, so they are made under the lock
  // (dates are read without it, through an atomic pointer per column); a copy copies the
  // indexes, not the lock or the dates.
  struct Indexes {
    Indexes() = default;
    Indexes(const Indexes& other);
    Indexes& operator=(const Indexes& other);
    // Drops the indexes and dates and makes room for the dates of `columns` columns.
    void Clear(size_t columns);
    // True when there is nothing to clear (read only while the table changes).
    bool Empty() const { return by_column.empty() && parsed_dates.empty(); }

    mutable std::mutex mu;
    std::map<std::string, RowsByKey, std::less<>> by_column;
    size_t columns = 0;
    std::unique_ptr<std::atomic<const DateColumn*>[]> dates;  // one per column, null until parsed
    std::vector<std::unique_ptr<const DateColumn>> parsed_dates;  // what `dates` points at
  };
  mutable Indexes indexes_;
};

// Values the rules work out from a return and share (each child's rows in date order, the
// children looked after all year, ...), each worked out once per validation rather than once per
// rule. Validate empties it before and after running the rules, so a value never outlives the
// tables it came from. Safe to use from several threads: a value is made once, and other callers
// wait for it. A key names one value of one type; a value's make() may get other values, but
// never (even indirectly) its own.
class Memo {
 public:
  Memo() = default;
  Memo(const Memo&) {}  // a copy starts empty
  Memo& operator=(const Memo&) {
    Clear();
    return *this;
  }

  // The value for `key`, made by `make()` on first use.
  template <typename T, typename Make>
  const T& Get(std::string_view key, Make make) const {
    Entry& e = EntryFor(key, typeid(T));
    std::lock_guard lock(e.mu);  // a second caller waits while the first makes the value
    if (!e.value) e.value = std::make_shared<const T>(make());
    return *static_cast<const T*>(e.value.get());
  }
  void Clear() const;

 private:
  struct Entry {
    explicit Entry(const std::type_info& t) : type(t) {}
    const std::type_info& type;
    std::mutex mu;
    std::shared_ptr<const void> value;  // null until made
  };
  Entry& EntryFor(std::string_view key, const std::type_info& type) const;

  mutable std::mutex mu_;
  mutable std::map<std::string, std::unique_ptr<Entry>, std::less<>> entries_;
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
  // What the rules share while they run (see Memo).
  Memo memo;

  // The table, or an empty one.
  const Table& Get(std::string_view name) const;
  bool Has(std::string_view name) const { return tables.find(name) != tables.end(); }
};

// Sets year, start and end for the collection year ending 31 March `year`.
void SetCollectionYear(Return& r, int year);

// A date in the return's dd/mm/yyyy form, strictly: two-digit day and month, four-digit year.
std::optional<Date> ParseReturnDate(std::string_view text);
std::optional<Date> CellDate(CellView cell);

// Text with surrounding spaces removed, as the rules compare codes.
inline std::string_view Trimmed(CellView cell) {
  if (!cell) return {};
  std::string_view t = *cell;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r'))
    t.remove_suffix(1);
  return t;
}
// True when the cell is blank: absent or only spaces.
inline bool Blank(CellView cell) { return Trimmed(cell).empty(); }

}  // namespace haven::returns
