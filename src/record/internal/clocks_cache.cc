#include "record/internal/clocks_cache.h"

namespace haven::record::internal {

Result<uint64_t> ClocksCache::CatchUp(storage::Store& store, TimePoint now) {
  const std::lock_guard look(look_mu_);
  Result<PeopleChanged> seen = changes_.Next(store, now);
  const std::lock_guard lock(mu_);
  if (!seen.ok()) {
    epoch_ = 0;  // what a read now derives is not kept
    return seen.status();
  }
  PeopleChanged& changed = *seen;
  epoch_ = changed.epoch;
  if (changed.everyone) {
    children_.clear();
    used_.clear();
  }
  for (const int64_t id : changed.people) Forget(id);
  return changed.epoch;
}

std::shared_ptr<const DerivedChild> ClocksCache::Find(int64_t person_id, Date day) {
  const std::lock_guard lock(mu_);
  auto it = children_.find(person_id);
  if (it == children_.end() || it->second.child->day != day) return nullptr;
  used_.splice(used_.begin(), used_, it->second.used);
  return it->second.child;
}

void ClocksCache::Put(uint64_t ticket, int64_t person_id,
                      std::shared_ptr<const DerivedChild> child) {
  const std::lock_guard lock(mu_);
  if (ticket != epoch_ || ticket == 0 || capacity_ == 0) return;
  Forget(person_id);
  while (children_.size() >= capacity_) {
    children_.erase(used_.back());
    used_.pop_back();
  }
  used_.push_front(person_id);
  children_.emplace(person_id, Entry{std::move(child), used_.begin()});
}

size_t ClocksCache::size() const {
  const std::lock_guard lock(mu_);
  return children_.size();
}

void ClocksCache::Forget(int64_t person_id) {
  auto it = children_.find(person_id);
  if (it == children_.end()) return;
  used_.erase(it->second.used);
  children_.erase(it);
}

}  // namespace haven::record::internal
