#pragma once

// The PostgreSQL Store, over libpq: a small pool of connections, opened on first use and reopened
// after the server drops them, so a restart of PostgreSQL costs the requests in flight a clear
// `unavailable` error and nothing more. All values are sent as bound text parameters.

#include <memory>
#include <string>

#include "storage/store.h"

namespace haven::storage {

struct PostgresOptions {
  // A libpq connection URI (postgres://user@host:port/db?...).
  std::string uri;
  int pool_size = 4;
  // Seconds libpq waits for a connection.
  int connect_timeout_seconds = 5;
  // Seconds a transaction waits for a free connection before giving up as Unavailable.
  int acquire_timeout_seconds = 10;
  // When true, Open does not connect; the first transaction does.
  bool lazy = false;
};

Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options);

// Rewrites `?` placeholders (outside quoted text) into PostgreSQL's $1, $2, ...
std::string PostgresPlaceholders(std::string_view sql);

}  // namespace haven::storage
