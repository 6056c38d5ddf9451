#include "storage/change_feed.h"

namespace haven::storage {

Status ChangeFeed::Start(Tx& tx, TimePoint) {
  ASSIGN_OR_RETURN(Rows last, tx.Query("SELECT MAX(id) FROM record_versions"));
  last_ = last.rows[0].IsNull(0) ? 0 : last.rows[0].Int(0);
  missing_.clear();
  return Status::Ok();
}

Result<std::vector<VersionSeen>> ChangeFeed::Next(Tx& tx, size_t limit, TimePoint now) {
  for (auto it = missing_.begin(); it != missing_.end();) {
    it = now - it->second > patience_ ? missing_.erase(it) : std::next(it);
  }
  std::string sql = "SELECT id, entity, record_id, data FROM record_versions WHERE id > ?";
  Params params = {last_};
  // The ids skipped over, looked for again (the oldest first, a bounded number at a time).
  size_t asked = 0;
  for (auto it = missing_.begin(); it != missing_.end() && asked < 64; ++it, ++asked) {
    sql += asked == 0 ? " OR id IN (?" : ", ?";
    params.emplace_back(it->first);
  }
  if (asked > 0) sql += ")";
  ASSIGN_OR_RETURN(Rows rows, tx.Query(sql, params));
  std::vector<VersionSeen> out;
  int64_t expected = last_ + 1;
  for (const Row& r : rows.rows) {
    const int64_t id = r.Int(0);
    if (id <= last_) {
      if (missing_.erase(id) == 0) continue;
    } else {
      for (; expected < id; ++expected) missing_.emplace(expected, now);
      expected = id + 1;
      last_ = id;
    }
    out.push_back({id, r.Text(1), r.Int(2), r.Text(3)});
  }
  if (rows.size() > limit)
    return ResourceExhausted("more than " + std::to_string(limit) + " changes");
  return out;
}

}  // namespace haven::storage
