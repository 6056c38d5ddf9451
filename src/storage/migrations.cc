#include "storage/migrations.h"

namespace haven::storage {
namespace {

constexpr const char* kBookkeeping =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL)";

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

Result<int> CurrentVersion(Tx& tx) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(rows.rows.at(0).Int(0));
}

}  // namespace

std::string ExpandDialect(const std::string& sql, Dialect dialect) {
  for (const auto& [prefix, only] :
       {std::pair{"{sqlite}", Dialect::kSqlite}, std::pair{"{postgres}", Dialect::kPostgres}}) {
    if (sql.rfind(prefix, 0) == 0) {
      return only == dialect ? ExpandDialect(sql.substr(std::string_view(prefix).size()), dialect)
                             : std::string();
    }
  }
  std::string out = sql;
  ReplaceAll(
      out, "{pk}",
      dialect == Dialect::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY");
  return out;
}

Result<int> Migrate(Store& store, const std::vector<Migration>& migrations, const Clock& clock) {
  RETURN_IF_ERROR(store.Transact(TxMode::kWrite, [](Tx& tx) {
    if (tx.dialect() == Dialect::kPostgres) {
      // Serialises concurrent `haven migrate` runs against one PostgreSQL database.
      RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock(7245)").status());
    }
    return tx.Exec(kBookkeeping).status();
  }));
  int applied = 0;
  for (const Migration& m : migrations) {
    const TxMode mode = m.rebuilds_tables ? TxMode::kRebuild : TxMode::kWrite;
    Status s = store.Transact(mode, [&](Tx& tx) -> Status {
      if (tx.dialect() == Dialect::kPostgres) {
        RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock(7245)").status());
      }
      ASSIGN_OR_RETURN(int current, CurrentVersion(tx));
      if (m.version <= current) return Status::Ok();
      if (m.version != current + 1) {
        return FailedPrecondition("migration " + std::to_string(m.version) +
                                  " cannot follow schema version " + std::to_string(current));
      }
      for (const std::string& sql : m.statements) {
        const std::string expanded = ExpandDialect(sql, tx.dialect());
        if (expanded.empty()) continue;  // for the other database
        Status st = tx.Exec(expanded).status();
        if (!st.ok()) {
          return Status(st.code(), "migration " + std::to_string(m.version) + " (" + m.name +
                                       ") failed: " + st.message());
        }
      }
      RETURN_IF_ERROR(tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) "
                              "VALUES (?, ?, ?)",
                              {int64_t{m.version}, m.name, FormatTimestamp(clock.Now())})
                          .status());
      ++applied;
      return Status::Ok();
    });
    RETURN_IF_ERROR(s);
  }
  return applied;
}

Result<int> SchemaVersion(Store& store) {
  int version = 0;
  Status s = store.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec(kBookkeeping).status());
    ASSIGN_OR_RETURN(version, CurrentVersion(tx));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return version;
}

}  // namespace haven::storage
