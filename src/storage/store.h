#pragma once

// The Store: Haven's one door to a database. It is deliberately narrow: a transaction runs a
// function against a Tx, which executes parameterised SQL. SQL is written once with `?`
// placeholders in the common subset of SQLite and PostgreSQL; each implementation adapts
// placeholders and maps its errors onto Status codes. Values are only ever bound, never spliced.
//
// Repositories in higher modules (access, org, record) hold the SQL for their own tables; the
// Store knows nothing about any table but the migrations bookkeeping.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace haven::storage {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter: NULL, integer, real or text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value Null() { return std::monostate{}; }
// An optional text as a parameter: NULL when empty.
inline Value OptionalText(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

// One result row. Cells are text as the database printed them, or absent for NULL.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return !cells_.at(i).has_value(); }
  // Text of cell i; empty for NULL.
  const std::string& Text(size_t i) const;
  std::optional<std::string> OptText(size_t i) const { return cells_.at(i); }
  // Integer of cell i; 0 for NULL. Throws std::logic_error on text that is not an integer (a bug).
  int64_t Int(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  double Real(size_t i) const;

 private:
  std::vector<std::optional<std::string>> cells_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
};

class Tx {
 public:
  virtual ~Tx() = default;
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  virtual Dialect dialect() const = 0;
};

// kRebuild is a write that rebuilds tables (a migration that changes a column): SQLite enforces no
// foreign keys during it (so a referenced table can be replaced) and checks them all before the
// commit; on PostgreSQL it is a plain write.
enum class TxMode { kRead, kWrite, kRebuild };

class Store {
 public:
  virtual ~Store() = default;
  virtual Dialect dialect() const = 0;
  // Runs `fn` in one transaction: committed if it returns OK, rolled back otherwise.
  // The function may run with a connection the Store reopened after a failure.
  virtual Status Transact(TxMode mode, const std::function<Status(Tx&)>& fn) = 0;
  // Checks that the database answers.
  virtual Status Ping() = 0;
  // Brings an identity column's sequence past the largest id in `table` (after a restore).
  virtual Status ResetSequence(Tx& tx, const std::string& table) = 0;
  // A short description without credentials, for logs ("sqlite data/haven.db").
  virtual std::string Describe() const = 0;
  // Around the loading of a new database in one go. A store opened for bulk loading may set aside
  // its non-unique indexes, to build each once at the end instead of row by row; EndBulkLoad puts
  // back whatever BeginBulkLoad set aside. Other stores do nothing.
  virtual Status BeginBulkLoad() { return Status::Ok(); }
  virtual Status EndBulkLoad() { return Status::Ok(); }
};

// Convenience wrappers for a single query in its own transaction.
Result<Rows> QueryOnce(Store& store, std::string_view sql, const Params& params = {});

}  // namespace haven::storage
