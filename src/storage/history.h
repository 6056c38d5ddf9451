#pragma once

// Versions and the access log: the audit trail every module writes through.
//
// WriteVersion copies a row, as it now stands, into record_versions inside the caller's
// transaction, so a change and its version commit or roll back together. The copy is read back
// from the table itself, so it cannot disagree with what was stored. Secret columns (password
// hashes) are left out of the copy.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace haven::storage {

// Who is acting and why, carried from the edge (HTTP request or CLI) into every write.
struct Actor {
  // The signed-in user, or nullopt for the system itself (migrations, the CLI's bootstrap).
  std::optional<int64_t> user_id;
  std::string request_id;
};

struct Change {
  std::string table;  // the record's table, also its entity name
  int64_t record_id = 0;
  std::string operation;  // create, update, disable, enable, lock, ...
  std::string reason;
};

// Copies the row `change.table`/`change.record_id` into record_versions as its next version.
// The table must have a `version` column, which the caller has already set to the new number.
Status WriteVersion(Tx& tx, const Actor& actor, const Change& change, TimePoint at);

// The same, from the row as it now stands (`rows` holds it, e.g. from RETURNING *), saving the
// read.
Status WriteVersionOf(Tx& tx, const Actor& actor, const Change& change, const Rows& rows,
                      TimePoint at);

struct Version {
  int64_t version = 0;
  std::string operation;
  std::optional<int64_t> actor_id;
  std::string at;
  std::string reason;
  std::string data;  // JSON object of the row's columns
};

Result<std::vector<Version>> ListVersions(Tx& tx, const std::string& table, int64_t record_id);

struct AccessEvent {
  std::string entity;
  int64_t record_id = 0;
  std::string action;  // read, history, ...
  std::string purpose;
};

// Records that `actor` (who must be a user) looked at a record.
Status LogAccess(Tx& tx, const Actor& actor, const AccessEvent& event, TimePoint at);

struct AccessEntry {
  int64_t id = 0;
  std::string at;
  int64_t actor_id = 0;
  std::string entity;
  int64_t record_id = 0;
  std::string action;
  std::string purpose;
  std::string request_id;
};

Result<std::vector<AccessEntry>> ListAccess(Tx& tx, const std::string& entity, int64_t record_id);

// The records of `entity` that `actor_id` read most recently, newest first, each once.
Result<std::vector<int64_t>> RecentlyRead(Tx& tx, int64_t actor_id, const std::string& entity,
                                          int limit);

}  // namespace haven::storage
