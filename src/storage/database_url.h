#pragma once

// Parses the --database setting. Accepted forms:
//   sqlite:PATH  or  sqlite://PATH      an embedded SQLite file (created if missing)
//   postgres://... or postgresql://...  a PostgreSQL connection URI, passed to libpq as it is

#include <string>

#include "common/status.h"

namespace haven::storage {

enum class Backend { kSqlite, kPostgres };

struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  // The SQLite file path, or the full PostgreSQL URI.
  std::string target;
  // The URL with any password replaced by ***, safe to print.
  std::string redacted;
};

Result<DatabaseUrl> ParseDatabaseUrl(const std::string& url);

}  // namespace haven::storage
