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
  // For building a new database in one go (`haven demo`): the rollback journal kept in memory
  // and no syncing, which halves the writing. A transaction still rolls back whole; a crash
  // part-way leaves a database to delete and build again. The next ordinary open returns the
  // file to write-ahead logging. Pages are read without memory mapping, so peak memory is the
  // process's own. Between BeginBulkLoad and EndBulkLoad the non-unique indexes are set aside and
  // then built once (a seventh of `haven demo`'s time); unique ones stay (ADR 011).
  bool bulk_load = false;
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace haven::storage
