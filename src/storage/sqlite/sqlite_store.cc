#include "storage/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace haven::storage {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return AlreadyExists(msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return FailedPrecondition(msg);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:  // another writer held the lock past the busy timeout
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return Unavailable(msg);
    default:
      return Internal(msg);
  }
}

struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    cache_.clear();
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }

  // A prepared statement for `sql`, reset and ready to bind, cached for reuse.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      sqlite3_reset(it->second.get());
      sqlite3_clear_bindings(it->second.get());
      return it->second.get();
    }
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing SQL");
    if (raw == nullptr) return InvalidArgument("empty SQL statement");
    auto [pos, _] = cache_.emplace(std::string(sql), StmtPtr(raw));
    return pos->second.get();
  }

 private:
  sqlite3* db_;
  // Looked up by the SQL's view, so finding a prepared statement copies no text.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, StmtPtr, SqlHash, std::equal_to<>> cache_;
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}
  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * st, BindAll(sql, params));
    Rows out;
    const int n = sqlite3_column_count(st);
    out.columns.reserve(n);
    for (int i = 0; i < n; ++i) out.columns.emplace_back(sqlite3_column_name(st, i));
    for (;;) {
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = SqliteError(c_.db(), rc, "running query");
        sqlite3_reset(st);
        return s;
      }
      std::vector<std::optional<std::string>> cells;
      cells.reserve(n);
      for (int i = 0; i < n; ++i) {
        if (sqlite3_column_type(st, i) == SQLITE_NULL) {
          cells.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
          cells.emplace_back(std::string(text, sqlite3_column_bytes(st, i)));
        }
      }
      out.rows.emplace_back(std::move(cells));
    }
    sqlite3_reset(st);
    return out;
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * st, BindAll(sql, params));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      Status s = SqliteError(c_.db(), rc, "running statement");
      sqlite3_reset(st);
      return s;
    }
    sqlite3_reset(st);
    return static_cast<int64_t>(sqlite3_changes64(c_.db()));
  }

 private:
  Result<sqlite3_stmt*> BindAll(std::string_view sql, const Params& params) {
    ASSIGN_OR_RETURN(sqlite3_stmt * st, c_.Prepare(sql));
    if (sqlite3_bind_parameter_count(st) != static_cast<int>(params.size())) {
      return Internal("SQL expects " + std::to_string(sqlite3_bind_parameter_count(st)) +
                      " parameters, got " + std::to_string(params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(st, idx);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(st, idx, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(st, idx, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        // The parameters outlive the statement's run, and Prepare clears the bindings before reuse.
        rc = sqlite3_bind_text(st, idx, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return SqliteError(c_.db(), rc, "binding parameter");
    }
    return st;
  }

  Connection& c_;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(SqliteOptions o) : options_(std::move(o)) {}

  Status Init() {
    for (int i = 0; i < options_.pool_size; ++i) {
      ASSIGN_OR_RETURN(auto conn, OpenConnection());
      idle_.push_back(std::move(conn));
    }
    return Status::Ok();
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string Describe() const override { return "sqlite " + options_.path; }

  Status Transact(TxMode mode, const std::function<Status(Tx&)>& fn) override {
    std::unique_ptr<Connection> conn;
    RETURN_IF_ERROR(Acquire(&conn));
    // Returns the connection to the pool however the function ends, exceptions included (Run has
    // rolled back by then).
    struct Lease {
      SqliteStore* store;
      std::unique_ptr<Connection>* conn;
      ~Lease() { store->Release(std::move(*conn)); }
    } lease{this, &conn};
    return Run(*conn, mode, fn);
  }

  Status Ping() override {
    return Transact(TxMode::kRead, [](Tx& tx) { return tx.Query("SELECT 1").status(); });
  }

  Status BeginBulkLoad() override {
    if (!options_.bulk_load) return Status::Ok();
    return Transact(TxMode::kWrite, [this](Tx& tx) -> Status {
      ASSIGN_OR_RETURN(Rows indexes,
                       tx.Query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                                "sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"));
      std::vector<std::string> set_aside;
      for (const Row& ix : indexes.rows) {
        RETURN_IF_ERROR(tx.Exec("DROP INDEX \"" + ix.Text(0) + "\"").status());
        set_aside.push_back(ix.Text(1));
      }
      const std::lock_guard lock(mu_);
      for (auto& sql : set_aside) set_aside_.push_back(std::move(sql));
      return Status::Ok();
    });
  }

  Status EndBulkLoad() override {
    std::vector<std::string> rebuild;
    {
      const std::lock_guard lock(mu_);
      rebuild.swap(set_aside_);
    }
    if (rebuild.empty()) return Status::Ok();
    return Transact(TxMode::kWrite, [&rebuild](Tx& tx) -> Status {
      for (const auto& sql : rebuild) RETURN_IF_ERROR(tx.Exec(sql).status());
      return Status::Ok();
    });
  }

  Status ResetSequence(Tx&, const std::string&) override {
    // AUTOINCREMENT keeps sqlite_sequence up to date on explicit inserts.
    return Status::Ok();
  }

 private:
  Result<std::unique_ptr<Connection>> OpenConnection() {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(options_.path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      Status s = Unavailable("cannot open SQLite database '" + options_.path +
                             "': " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
      sqlite3_close_v2(db);
      return s;
    }
    auto conn = std::make_unique<Connection>(db);
    sqlite3_busy_timeout(db, options_.busy_timeout_ms);
    // A 32 MiB page cache and memory-mapped reads per connection: search reads tens of thousands
    // of index rows, and the default 2 MB cache spent much of its time re-reading pages.
    const bool bulk = options_.bulk_load;
    for (const char* pragma :
         {bulk ? "PRAGMA journal_mode=MEMORY" : "PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
          bulk ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-32768",
          bulk ? "PRAGMA mmap_size=0" : "PRAGMA mmap_size=268435456"}) {
      char* err = nullptr;
      if (sqlite3_exec(db, pragma, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        return Unavailable("cannot set up SQLite database '" + options_.path + "': " + msg);
      }
    }
    return conn;
  }

  // Runs a transaction-control statement through the connection's statement cache, so BEGIN and
  // COMMIT are not parsed again on every transaction.
  static Status RawExec(Connection& c, const char* sql) {
    auto st = c.Prepare(sql);
    if (!st.ok()) return st.status();
    const int rc = sqlite3_step(*st);
    sqlite3_reset(*st);
    return rc == SQLITE_DONE ? Status::Ok() : SqliteError(c.db(), rc, sql);
  }

  static Status Run(Connection& c, TxMode mode, const std::function<Status(Tx&)>& fn) {
    if (mode != TxMode::kRebuild) return RunOnce(c, mode, fn);
    // Foreign keys can only be switched off outside a transaction; they are checked whole before
    // the rebuild commits, and on again whatever happened.
    RETURN_IF_ERROR(RawExec(c, "PRAGMA foreign_keys=OFF"));
    // On again however the rebuild ends, an exception included.
    struct KeysBackOn {
      Connection& c;
      ~KeysBackOn() { RawExec(c, "PRAGMA foreign_keys=ON").ok(); }
    } back_on{c};
    Status s = RunOnce(c, mode, [&fn](Tx& tx) -> Status {
      RETURN_IF_ERROR(fn(tx));
      ASSIGN_OR_RETURN(storage::Rows broken, tx.Query("PRAGMA foreign_key_check"));
      if (!broken.rows.empty()) {
        return Internal("the rebuild leaves " + std::to_string(broken.rows.size()) +
                        " rows whose foreign keys point nowhere (first in " +
                        broken.rows[0].Text(0) + ")");
      }
      return Status::Ok();
    });
    return s;
  }

  static Status RunOnce(Connection& c, TxMode mode, const std::function<Status(Tx&)>& fn) {
    RETURN_IF_ERROR(RawExec(c, mode == TxMode::kRead ? "BEGIN" : "BEGIN IMMEDIATE"));
    SqliteTx tx(c);
    Status s;
    try {
      s = fn(tx);
    } catch (...) {
      RawExec(c, "ROLLBACK").ok();
      throw;
    }
    if (!s.ok()) {
      RawExec(c, "ROLLBACK").ok();
      return s;
    }
    Status commit = RawExec(c, "COMMIT");
    if (!commit.ok()) RawExec(c, "ROLLBACK").ok();
    return commit;
  }

  // Waits for a free connection, at most the busy timeout.
  Status Acquire(std::unique_ptr<Connection>* out) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                      [&] { return !idle_.empty(); })) {
      return Unavailable("no SQLite connection became free in time; the server is overloaded");
    }
    *out = std::move(idle_.back());
    idle_.pop_back();
    return Status::Ok();
  }

  void Release(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

  SqliteOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  std::vector<std::string> set_aside_;             // GUARDED_BY(mu_): indexes to build again
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  if (options.pool_size < 1) return InvalidArgument("SQLite pool size must be at least 1");
  const std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Unavailable("cannot create folder '" + parent.string() +
                         "' for the SQLite database: " + ec.message());
    }
  }
  auto store = std::make_unique<SqliteStore>(options);
  RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace haven::storage
