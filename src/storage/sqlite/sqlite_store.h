#pragma once

// The embedded SQLite Store: one database file in WAL mode, foreign keys on, a busy timeout, and
// a small pool of connections so readers never wait for each other. Write transactions begin
// IMMEDIATE so two writers queue on the busy timeout rather than deadlocking on an upgrade.

#include <memory>
#include <string>

#include "storage/store.h"

namespace haven::storage {

struct SqliteOptions {
  std::string path;
  int pool_size = 4;
  int busy_timeout_ms = 5000;
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace haven::storage
