#include "record/internal/person_changes.h"

#include <algorithm>

namespace haven::record::internal {

Result<PeopleChanged> PersonChanges::Next(storage::Store& store, TimePoint now) {
  PeopleChanged out;
  // The changes are gathered, not reset, should the store run this again on a reopened
  // connection: the feed has moved past whatever an earlier run found.
  const Status s = store.Transact(storage::TxMode::kRead, [&](storage::Tx& tx) -> Status {
    if (!started_) {
      out.everyone = true;
      return feed_.Start(tx, now);
    }
    auto changes = feed_.Next(tx, limit_, now);
    if (!changes.ok() && changes.status().code() == StatusCode::kResourceExhausted) {
      out.everyone = true;
      return feed_.Start(tx, now);
    }
    RETURN_IF_ERROR(changes.status());
    for (const storage::VersionSeen& v : *changes) {
      if (!entities_.empty() &&
          std::find(entities_.begin(), entities_.end(), v.entity) == entities_.end()) {
        continue;
      }
      for (const int64_t id : storage::PeopleOf(v)) out.people.push_back(id);
    }
    return Status::Ok();
  });
  if (!s.ok()) {
    // The feed may have moved past changes no one was told of: the next look starts afresh.
    started_ = false;
    ++epoch_;
    return s;
  }
  started_ = true;
  if (out.everyone || !out.people.empty()) ++epoch_;
  out.epoch = epoch_;
  return out;
}

}  // namespace haven::record::internal
