#pragma once

// Logical backup and restore: every table, row by row, as JSON lines. The same file restores into
// SQLite or PostgreSQL, so a backup is also how an authority moves between the two. A restore goes
// only into a database that has the same schema version and holds no data, and runs in one
// transaction: it goes in whole or not at all.
//
// Format: a header line {"haven_backup":1,"schema_version":N,"created_at":"..."}, then one line
// per row {"t":"table","r":{"column":"text or null",...}}, then {"end":true,"rows":N}.

#include <functional>
#include <istream>
#include <ostream>

#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace haven::storage {

struct BackupStats {
  int64_t rows = 0;
  int tables = 0;
};

// Called after each table with its name and the rows written or read so far.
using BackupProgress = std::function<void(const std::string& table, int64_t rows)>;

Result<BackupStats> WriteBackup(Store& store, std::ostream& out, const Clock& clock,
                                const BackupProgress& progress = {});
Result<BackupStats> RestoreBackup(Store& store, std::istream& in,
                                  const BackupProgress& progress = {});

}  // namespace haven::storage
