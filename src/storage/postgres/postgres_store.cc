#include "storage/postgres/postgres_store.h"

#include <libpq-fe.h>

#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "storage/database_url.h"

namespace haven::storage {

std::string PostgresPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool in_quote = false;
  for (char c : sql) {
    if (c == '\'') in_quote = !in_quote;
    if (c == '?' && !in_quote) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;
// A connection and the statements prepared on it (SQL text -> statement name): PostgreSQL parses
// and plans a prepared statement once, instead of on every call.
struct Conn {
  explicit Conn(PGconn* c) : pg(c) {}
  ~Conn() { PQfinish(pg); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  PGconn* pg;
  std::unordered_map<std::string, std::string> prepared;
  int64_t named = 0;  // statements ever prepared here: names are never reused
};
using ConnPtr = std::unique_ptr<Conn>;

// Schema changes make prepared statements over the changed tables fail ("cached plan must not
// change result type"), so they run unprepared and the connection forgets what it prepared.
bool IsSchemaChange(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size() && (sql[i] == ' ' || sql[i] == '\n' || sql[i] == '\t')) ++i;
  auto starts = [&](std::string_view word) {
    if (sql.size() - i < word.size()) return false;
    for (size_t k = 0; k < word.size(); ++k) {
      if (std::toupper(static_cast<unsigned char>(sql[i + k])) != word[k]) return false;
    }
    return true;
  };
  return starts("CREATE") || starts("ALTER") || starts("DROP") || starts("TRUNCATE") ||
         starts("COMMENT") || starts("DO");
}

std::string FirstLine(const char* text) {
  std::string s = text ? text : "";
  const size_t nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

class PgTx final : public Tx {
 public:
  explicit PgTx(Conn& conn) : conn_(conn), c_(conn.pg) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(ResultPtr res, Run(sql, params));
    Rows out;
    const int cols = PQnfields(res.get());
    const int rows = PQntuples(res.get());
    out.columns.reserve(cols);
    for (int i = 0; i < cols; ++i) out.columns.emplace_back(PQfname(res.get(), i));
    out.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      std::vector<std::optional<std::string>> cells;
      cells.reserve(cols);
      for (int i = 0; i < cols; ++i) {
        if (PQgetisnull(res.get(), r, i)) {
          cells.emplace_back(std::nullopt);
        } else {
          cells.emplace_back(
              std::string(PQgetvalue(res.get(), r, i), PQgetlength(res.get(), r, i)));
        }
      }
      out.rows.emplace_back(std::move(cells));
    }
    return out;
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(ResultPtr res, Run(sql, params));
    const char* n = PQcmdTuples(res.get());
    return static_cast<int64_t>(n && *n ? std::stoll(n) : 0);
  }

 private:
  Result<ResultPtr> Run(std::string_view sql, const Params& params) {
    const std::string text = PostgresPlaceholders(sql);
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) continue;
      if (const auto* n = std::get_if<int64_t>(&v)) {
        storage[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *d);  // round-trips exactly
        storage[i] = buf;
      } else {
        storage[i] = std::get<std::string>(v);
      }
      values[i] = storage[i].c_str();
    }
    ResultPtr res;
    if (IsSchemaChange(sql)) {
      res.reset(PQexecParams(c_, text.c_str(), static_cast<int>(params.size()), nullptr,
                             values.data(), nullptr, nullptr, 0));
      if (!conn_.prepared.empty()) {
        const ResultPtr dropped(PQexec(c_, "DEALLOCATE ALL"));  // harmless if the change failed
        conn_.prepared.clear();
      }
    } else {
      const std::string key(sql);
      auto it = conn_.prepared.find(key);
      if (it == conn_.prepared.end()) {
        const std::string name = "h" + std::to_string(++conn_.named);
        ResultPtr prep(
            PQprepare(c_, name.c_str(), text.c_str(), static_cast<int>(params.size()), nullptr));
        if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
          return ErrorFor(c_, prep.get());
        }
        it = conn_.prepared.emplace(key, name).first;
      }
      res.reset(PQexecPrepared(c_, it->second.c_str(), static_cast<int>(params.size()),
                               values.data(), nullptr, nullptr, 0));
    }
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
    const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    if (state != nullptr && std::string(state) == "0A000") {
      // A table changed under a prepared statement (another process migrated): this transaction
      // fails, and the next one prepares afresh under new names.
      conn_.prepared.clear();
    }
    return ErrorFor(c_, res.get());
  }

 public:
  static Status ErrorFor(PGconn* c, const PGresult* res) {
    if (PQstatus(c) != CONNECTION_OK) {
      return Unavailable("PostgreSQL connection lost: " + FirstLine(PQerrorMessage(c)));
    }
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    const std::string msg = FirstLine(res ? PQresultErrorMessage(res) : PQerrorMessage(c));
    if (code == "23505") return AlreadyExists(msg);
    if (code == "23503" || code == "23502" || code == "23514") return FailedPrecondition(msg);
    if (code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0 || code == "53300") {
      return Unavailable("PostgreSQL unavailable: " + msg);
    }
    if (code == "40001" || code == "40P01") return Unavailable("PostgreSQL conflict: " + msg);
    return Internal("PostgreSQL error " + code + ": " + msg);
  }

 private:
  Conn& conn_;
  PGconn* c_;
};

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(PostgresOptions o) : options_(std::move(o)) {
    auto parsed = ParseDatabaseUrl(options_.uri);
    redacted_ = parsed.ok() ? parsed->redacted : "postgres";
    idle_.resize(options_.pool_size);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string Describe() const override { return "postgres " + redacted_; }

  Status Connect() {
    ConnPtr c;
    RETURN_IF_ERROR(Acquire(&c));
    Status s = EnsureConnected(c);
    Release(std::move(c));
    return s;
  }

  Status Transact(TxMode mode, const std::function<Status(Tx&)>& fn) override {
    ConnPtr c;
    RETURN_IF_ERROR(Acquire(&c));
    // Returns the connection to the pool however the function ends, exceptions included; a
    // connection left broken is reopened by the next EnsureConnected.
    struct Lease {
      PostgresStore* store;
      ConnPtr* conn;
      ~Lease() { store->Release(std::move(*conn)); }
    } lease{this, &c};
    RETURN_IF_ERROR(EnsureConnected(c));
    return Run(*c, mode, fn);
  }

  Status Ping() override {
    return Transact(TxMode::kRead, [](Tx& tx) { return tx.Query("SELECT 1").status(); });
  }

  Status ResetSequence(Tx& tx, const std::string& table) override {
    return tx
        .Query("SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM " +
                   table + "), 0) + 1, false)",
               {table})
        .status();
  }

 private:
  Status EnsureConnected(ConnPtr& c) {
    if (c && PQstatus(c->pg) == CONNECTION_OK) return Status::Ok();
    c.reset();
    const std::string timeout = std::to_string(options_.connect_timeout_seconds);
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {options_.uri.c_str(), timeout.c_str(), "haven", nullptr};
    PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (raw == nullptr) return Unavailable("cannot connect to PostgreSQL: out of memory");
    auto conn = std::make_unique<Conn>(raw);
    if (PQstatus(raw) != CONNECTION_OK) {
      return Unavailable("cannot connect to PostgreSQL at " + redacted_ + ": " +
                         FirstLine(PQerrorMessage(raw)));
    }
    ResultPtr r(PQexec(raw, "SET client_min_messages = warning"));
    c = std::move(conn);
    return Status::Ok();
  }

  static Status Simple(PGconn* c, const char* sql) {
    ResultPtr r(PQexec(c, sql));
    if (r && PQresultStatus(r.get()) == PGRES_COMMAND_OK) return Status::Ok();
    return PgTx::ErrorFor(c, r.get());
  }

  static Status Run(Conn& conn, TxMode mode, const std::function<Status(Tx&)>& fn) {
    PGconn* c = conn.pg;
    RETURN_IF_ERROR(Simple(c, mode == TxMode::kRead ? "BEGIN READ ONLY" : "BEGIN"));
    PgTx tx(conn);
    Status s;
    try {
      s = fn(tx);
    } catch (...) {
      Simple(c, "ROLLBACK").ok();
      throw;
    }
    if (!s.ok()) {
      if (PQstatus(c) == CONNECTION_OK) Simple(c, "ROLLBACK").ok();
      return s;
    }
    return Simple(c, "COMMIT");
  }

  // Waits for a free connection, at most the acquire timeout.
  Status Acquire(ConnPtr* out) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(options_.acquire_timeout_seconds),
                      [&] { return !idle_.empty(); })) {
      return Unavailable("no PostgreSQL connection became free in time; the server is overloaded");
    }
    *out = std::move(idle_.back());
    idle_.pop_back();
    return Status::Ok();
  }

  void Release(ConnPtr c) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

  PostgresOptions options_;
  std::string redacted_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ConnPtr> idle_;  // GUARDED_BY(mu_); null slots connect on first use
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options) {
  if (options.pool_size < 1) return InvalidArgument("PostgreSQL pool size must be at least 1");
  auto store = std::make_unique<PostgresStore>(options);
  if (!options.lazy) RETURN_IF_ERROR(store->Connect());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace haven::storage
