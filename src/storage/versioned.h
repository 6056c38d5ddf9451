#pragma once

// Writing record rows the one way Haven writes them: every insert starts at version 1, every update
// bumps the version, and each write is followed, in the same transaction, by its copy in
// record_versions (see history.h). Column names come from code, never from input.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::storage {

using Columns = std::vector<std::pair<std::string, Value>>;

// INSERT with version 1 and created_at = updated_at = `at`, then the "create" version.
Result<int64_t> InsertVersioned(Tx& tx, const Actor& actor, const std::string& table,
                                const Columns& columns, const std::string& reason, TimePoint at);

// UPDATE of the given columns where the row is at `expected_version` (FailedPrecondition naming
// "version" if it is not, NotFound if there is no row), bumping the version, then the version copy
// with `operation`.
Status UpdateVersioned(Tx& tx, const Actor& actor, const std::string& table, int64_t id,
                       int64_t expected_version, const Columns& columns,
                       const std::string& operation, const std::string& reason, TimePoint at);

}  // namespace haven::storage
