#pragma once

// Versioned schema migrations that run the same way on SQLite and PostgreSQL. Each migration is a
// list of statements in the common SQL subset, with one token the dialects spell differently:
//   {pk}   an auto-numbered 64-bit primary key
// Each migration runs in its own transaction together with its row in schema_migrations, so a
// failed migration leaves the schema as it was.

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace haven::storage {

struct Migration {
  int version;
  std::string name;
  // A statement that begins "{sqlite}" or "{postgres}" runs on that database only.
  std::vector<std::string> statements;
  // Replaces tables (SQLite cannot change a column otherwise): see TxMode::kRebuild.
  bool rebuilds_tables = false;
};

// Expands dialect tokens in one statement.
std::string ExpandDialect(const std::string& sql, Dialect dialect);

// Applies, in order, the migrations newer than the database's version. Returns how many ran.
Result<int> Migrate(Store& store, const std::vector<Migration>& migrations, const Clock& clock);

// The highest migration applied, or 0 for an empty database.
Result<int> SchemaVersion(Store& store);

}  // namespace haven::storage
