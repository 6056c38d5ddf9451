#pragma once

// What changed in the record since the last look. Every write leaves a version row
// (history.h), so the versions written since a reader last looked name every record that changed,
// whoever wrote it: a worker through this server, an import, another server on the same database.
// Readers that hold derived data in memory (management information) catch up from here.
//
// Version ids are handed out when a row is inserted, not when its transaction commits. On
// PostgreSQL a version can therefore become visible after one with a higher id; the ids skipped
// over are looked for again on each read until they turn up, or until they are older than
// `patience` (a transaction that rolled back leaves its ids unused for ever).

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace haven::storage {

struct VersionSeen {
  int64_t id = 0;
  std::string entity;  // the table
  int64_t record_id = 0;
  std::string data;  // the row as JSON
};

// The people a version concerns: a person's own row (entity "people"), a row that names a person
// (its person_id), and both records of a merge (kept_id and merged_id: undoing a merge moves rows
// back to the merged record, and their versions name only where they went). Empty for anything
// else (a user, a team).
std::vector<int64_t> PeopleOf(const VersionSeen& v);

class ChangeFeed {
 public:
  explicit ChangeFeed(std::chrono::seconds patience = std::chrono::seconds(120))
      : patience_(patience) {}

  // Starts from now: later reads return only versions written after this.
  Status Start(Tx& tx, TimePoint now);
  // The versions written since the last read, oldest first. More than `limit` of them is
  // ResourceExhausted: the caller should read everything again and Start afresh.
  Result<std::vector<VersionSeen>> Next(Tx& tx, size_t limit, TimePoint now);
  size_t waiting() const { return missing_.size(); }

 private:
  std::chrono::seconds patience_;
  int64_t last_ = 0;
  std::map<int64_t, TimePoint> missing_;  // ids skipped over, and when they were first missed
};

}  // namespace haven::storage
