#pragma once

// Which people's records changed since the last look, for the record's readers that keep derived
// data in memory (ADR 016). Built on the version log (storage::ChangeFeed), so it sees every
// writer: this server, an import, another server on the same database.
//
// Each look that finds a change moves the epoch on, so a cache can tell whether a look has found
// changes since the one before its read (ClocksCache).
//
// Not thread-safe: the owner holds its own lock around Next.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "storage/change_feed.h"
#include "storage/store.h"

namespace haven::record::internal {

struct PeopleChanged {
  uint64_t epoch = 0;
  bool everyone = false;  // the first look, or more changes than are worth reading one by one
  std::vector<int64_t> people;
};

class PersonChanges {
 public:
  // Watches the versions of `entities` (tables), or of every table when none are named.
  explicit PersonChanges(std::vector<std::string> entities = {}, size_t limit = 20000)
      : entities_(std::move(entities)), limit_(limit) {}

  // Reads the versions written since the last look, in a read transaction of its own (so the
  // caller's later reads see at least as much as this look did).
  Result<PeopleChanged> Next(storage::Store& store, TimePoint now);

 private:
  std::vector<std::string> entities_;
  size_t limit_;
  bool started_ = false;
  uint64_t epoch_ = 0;
  storage::ChangeFeed feed_;
};

}  // namespace haven::record::internal
