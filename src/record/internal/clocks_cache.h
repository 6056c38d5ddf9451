#pragma once

// Each child's statutory clocks and case type as derived on a day, kept in memory for the work
// views (AllocationService::Work), which would otherwise read and derive every step of every
// child of a caseload on every page (ADR 016). A child is forgotten as soon as a look at the
// version log (PersonChanges) finds a change to their record, and an entry derived on another day
// is not used, since clocks run out without any event.
//
// Thread-safe. At most `capacity` children are kept; the least recently used go first.

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "common/date.h"
#include "domain/child_clocks.h"
#include "record/internal/person_changes.h"
#include "storage/store.h"

namespace haven::record::internal {

struct DerivedChild {
  Date day;               // the day the clocks were derived on
  std::string case_type;  // domain::CaseType
  domain::ChildClocks clocks;
};

class ClocksCache {
 public:
  explicit ClocksCache(size_t capacity = 50000) : capacity_(capacity) {}

  // Forgets the children whose records changed since the last look. Call before reading the
  // children, outside the read: returns the ticket to Put what that read derives with.
  Result<uint64_t> CatchUp(storage::Store& store, TimePoint now);
  // The child as derived on `day`, if kept.
  std::shared_ptr<const DerivedChild> Find(int64_t person_id, Date day);
  // Keeps what a read after CatchUp derived, unless a later look found changes (which may have
  // come after the read): then it is left for the next page to read again.
  void Put(uint64_t ticket, int64_t person_id, std::shared_ptr<const DerivedChild> child);
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const DerivedChild> child;
    std::list<int64_t>::iterator used;  // the child's place in used_
  };
  void Forget(int64_t person_id);  // holding mu_

  const size_t capacity_;
  // Looks are taken one at a time under look_mu_, which is never held while waiting for mu_ or
  // with mu_ held while waiting for a database connection: a page reading children holds a
  // connection while it asks for mu_.
  std::mutex look_mu_;
  PersonChanges changes_;  // GUARDED_BY(look_mu_)
  mutable std::mutex mu_;
  uint64_t epoch_ = 0;                           // GUARDED_BY(mu_): the latest look's
  std::unordered_map<int64_t, Entry> children_;  // GUARDED_BY(mu_)
  std::list<int64_t> used_;                      // GUARDED_BY(mu_): most recently used first
};

}  // namespace haven::record::internal
