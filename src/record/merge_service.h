#pragma once

// Merging two records of the same person, and undoing it. A merge moves everything recorded on
// the duplicate (names, addresses, alerts, relationships, contacts, casework, allocations,
// restrictions) onto the record kept, marks the duplicate as merged into it (so search no longer
// finds it), and remembers exactly which rows moved. Undo moves those rows back. Both are a
// manager's decision, with a reason, and every moved row is versioned.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "record/record_access.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

struct Merge {
  int64_t id = 0;
  int64_t kept_id = 0;
  int64_t merged_id = 0;
  int moved_rows = 0;
  std::string reason;
  std::string merged_at;
  std::optional<std::string> undone_at;
  int64_t version = 0;
};

class MergeService {
 public:
  MergeService(storage::Store& store, const Clock& clock, RecordAccess& access)
      : store_(store), clock_(clock), access_(access) {}

  Result<Merge> MergeInto(const access::Principal& who, const storage::Actor& actor,
                          int64_t kept_id, int64_t merged_id, const std::string& reason);
  Result<Merge> Undo(const access::Principal& who, const storage::Actor& actor, int64_t merge_id,
                     const std::string& reason);

 private:
  storage::Store& store_;
  const Clock& clock_;
  RecordAccess& access_;
};

}  // namespace haven::record
