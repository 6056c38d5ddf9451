#pragma once

// Haven's schema, as the ordered list of migrations. New tables and columns are added by
// appending a migration; a released migration is never edited.

#include <string>
#include <vector>

#include "storage/migrations.h"

namespace haven::storage {

const std::vector<Migration>& HavenMigrations();

// Every table Haven owns, parents before children: the order a backup is written and restored in.
const std::vector<std::string>& HavenTables();

}  // namespace haven::storage
