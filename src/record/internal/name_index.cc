#include "record/internal/name_index.h"

#include <algorithm>
#include <mutex>

#include "domain/name_match.h"

namespace haven::record::internal {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

namespace {

constexpr const char* kPeopleSql =
    "SELECT id, given_name, family_name, date_of_birth, merged_into, restricted FROM people";

IndexedPerson PersonFrom(const Row& r) {
  IndexedPerson p;
  p.present = true;
  p.date_of_birth = r.OptText(3);
  p.merged = !r.IsNull(4);
  p.restricted = r.Int(5) != 0;
  return p;
}

}  // namespace

const std::vector<int64_t>* NameIndex::Reader::WithKey(const std::string& key) const {
  auto it = index_.by_key_.find(key);
  return it == index_.by_key_.end() ? nullptr : &it->second;
}

const IndexedPerson* NameIndex::Reader::Find(int64_t person_id) const {
  if (person_id < 0 || static_cast<uint64_t>(person_id) >= index_.people_.size()) return nullptr;
  const IndexedPerson& p = index_.people_[static_cast<size_t>(person_id)];
  return p.present ? &p : nullptr;
}

size_t NameIndex::size() const {
  const std::shared_lock lock(mu_);
  return count_;
}

IndexedName NameIndex::NameOf(const Row& r, size_t given) {
  IndexedName out;
  for (std::string& word : domain::NameTokens(r.Text(given) + " " + r.Text(given + 1))) {
    auto [it, added] = word_ids_.try_emplace(word, static_cast<uint32_t>(words_.size()));
    if (added) words_.push_back(std::move(word));
    out.push_back(it->second);
  }
  return out;
}

IndexedPerson* NameIndex::Slot(int64_t person_id) {
  if (person_id < 0) return nullptr;
  const auto i = static_cast<size_t>(person_id);
  if (i >= people_.size()) people_.resize(std::max(i + 1, people_.size() + people_.size() / 4));
  return &people_[i];
}

Status NameIndex::CatchUp(storage::Store& store, TimePoint now) {
  const std::unique_lock lock(mu_);
  ASSIGN_OR_RETURN(PeopleChanged changed, changes_.Next(store, now));
  if (!changed.everyone && changed.people.empty()) return Status::Ok();
  // Read after the look, so at least everything it found is read.
  Status s = store.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    if (changed.everyone) return ReadAll(tx);
    for (const int64_t id : changed.people) RETURN_IF_ERROR(ReadPerson(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) {
    // Half read: start again from scratch on the next search.
    people_.clear();
    count_ = 0;
    words_.clear();
    word_ids_.clear();
    by_key_.clear();
    changes_ = PersonChanges({"people", "person_names", "person_merges"});
  }
  return s;
}

Status NameIndex::ReadAll(Tx& tx) {
  people_.clear();
  by_key_.clear();
  count_ = 0;
  words_.clear();
  word_ids_.clear();
  ASSIGN_OR_RETURN(Rows people, tx.Query(kPeopleSql));
  for (const Row& r : people.rows) {
    IndexedPerson* slot = Slot(r.Int(0));
    if (slot == nullptr) continue;
    *slot = PersonFrom(r);
    slot->name = NameOf(r, 1);
    ++count_;
  }
  // A gap's slot is not present, so neither names nor keys attach to it.
  auto present = [this](int64_t id) -> IndexedPerson* {
    if (id < 0 || static_cast<uint64_t>(id) >= people_.size()) return nullptr;
    IndexedPerson& p = people_[static_cast<size_t>(id)];
    return p.present ? &p : nullptr;
  };
  ASSIGN_OR_RETURN(Rows names,
                   tx.Query("SELECT person_id, given_name, family_name FROM person_names"));
  for (const Row& r : names.rows) {
    if (IndexedPerson* p = present(r.Int(0))) p->other_names.push_back(NameOf(r, 1));
  }
  ASSIGN_OR_RETURN(Rows keys, tx.Query("SELECT person_id, search_key FROM person_search_keys"));
  for (const Row& r : keys.rows) {
    IndexedPerson* p = present(r.Int(0));
    if (p == nullptr) continue;
    p->keys.push_back(r.Text(1));
    by_key_[r.Text(1)].push_back(r.Int(0));
  }
  for (auto& [key, ids] : by_key_) std::sort(ids.begin(), ids.end());
  return Status::Ok();
}

Status NameIndex::ReadPerson(Tx& tx, int64_t person_id) {
  ASSIGN_OR_RETURN(Rows row, tx.Query(std::string(kPeopleSql) + " WHERE id = ?", {person_id}));
  Remove(person_id);
  if (row.empty()) return Status::Ok();
  IndexedPerson p = PersonFrom(row.rows[0]);
  p.name = NameOf(row.rows[0], 1);
  ASSIGN_OR_RETURN(Rows names, tx.Query("SELECT given_name, family_name FROM person_names WHERE "
                                        "person_id = ? ORDER BY id",
                                        {person_id}));
  for (const Row& r : names.rows) p.other_names.push_back(NameOf(r, 0));
  ASSIGN_OR_RETURN(Rows keys, tx.Query("SELECT search_key FROM person_search_keys WHERE "
                                       "person_id = ?",
                                       {person_id}));
  for (const Row& r : keys.rows) p.keys.push_back(r.Text(0));
  Add(person_id, std::move(p));
  return Status::Ok();
}

void NameIndex::Remove(int64_t person_id) {
  if (person_id < 0 || static_cast<uint64_t>(person_id) >= people_.size()) return;
  IndexedPerson& p = people_[static_cast<size_t>(person_id)];
  if (!p.present) return;
  for (const std::string& key : p.keys) {
    auto ids = by_key_.find(key);
    if (ids == by_key_.end()) continue;
    auto at = std::lower_bound(ids->second.begin(), ids->second.end(), person_id);
    if (at != ids->second.end() && *at == person_id) ids->second.erase(at);
    if (ids->second.empty()) by_key_.erase(ids);
  }
  p = IndexedPerson{};
  --count_;
}

void NameIndex::Add(int64_t person_id, IndexedPerson person) {
  IndexedPerson* slot = Slot(person_id);
  if (slot == nullptr) return;
  for (const std::string& key : person.keys) {
    std::vector<int64_t>& ids = by_key_[key];
    ids.insert(std::lower_bound(ids.begin(), ids.end(), person_id), person_id);
  }
  *slot = std::move(person);
  ++count_;
}

}  // namespace haven::record::internal
