#include "storage/change_feed.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace haven::storage {
namespace {

// Versions hold each column as the database printed it: an id is text, or a number in older ones.
void AddId(const nlohmann::json& data, const char* column, std::vector<int64_t>* out) {
  const auto it = data.find(column);
  if (it == data.end()) return;
  if (it->is_number_integer()) {
    out->push_back(it->get<int64_t>());
  } else if (it->is_string()) {
    int64_t n = 0;
    const std::string& text = it->get_ref<const std::string&>();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) out->push_back(n);
  }
}

}  // namespace

std::vector<int64_t> PeopleOf(const VersionSeen& v) {
  std::vector<int64_t> out;
  if (v.entity == "people") {
    out.push_back(v.record_id);
    return out;
  }
  const bool merge = v.entity == "person_merges";
  if (!merge && v.data.find("\"person_id\"") == std::string::npos) return out;
  const auto data = nlohmann::json::parse(v.data, nullptr, false);
  if (!data.is_object()) return out;
  if (merge) {
    AddId(data, "kept_id", &out);
    AddId(data, "merged_id", &out);
  } else {
    AddId(data, "person_id", &out);
  }
  return out;
}

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
