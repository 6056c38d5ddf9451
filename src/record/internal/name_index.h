#pragma once

// Everyone's names, dates of birth and name keys in memory, for person search (ADR 016): a search
// tallies up to tens of thousands of key entries and scores up to 2000 candidates, which read from
// the database cost several milliseconds a search. The index holds what the tables hold (people,
// person_names and person_search_keys), read in full on the first search and then kept current
// person by person from the version log (PersonChanges): a person is read again whenever a
// version of their row, one of their other names or a merge naming them is written. The search
// keys have no versions of their own, but are only ever written with one of those.
//
// What the index says decides who is a candidate and how well they match; the rows shown are
// read from the database, which has the last word on who may be seen.
//
// Thread-safe: searches read together, a catch-up that finds a change writes alone.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "record/internal/person_changes.h"
#include "storage/store.h"

namespace haven::record::internal {

// A name as the words of its given and family names (domain::NameTokens), each word an index
// into the index's list of words: people share words, so a search scores each word once.
using IndexedName = std::vector<uint32_t>;

struct IndexedPerson {
  bool present = false;  // false for an id with no person
  bool merged = false;
  bool restricted = false;
  IndexedName name;
  std::optional<std::string> date_of_birth;
  std::vector<IndexedName> other_names;
  std::vector<std::string> keys;  // the person's rows in person_search_keys
};

class NameIndex {
 public:
  // Reads the index (on the first call, or after more changes than are worth reading one by one)
  // or the people whose records changed since the last look.
  Status CatchUp(storage::Store& store, TimePoint now);

  // A view of the index that holds it still while it lives.
  class Reader {
   public:
    // The people with `key` among their search keys, by id.
    const std::vector<int64_t>* WithKey(const std::string& key) const;
    const IndexedPerson* Find(int64_t person_id) const;
    const std::string& Word(uint32_t word) const { return index_.words_[word]; }
    size_t words() const { return index_.words_.size(); }

   private:
    friend class NameIndex;
    Reader(const NameIndex& index) : index_(index), lock_(index.mu_) {}
    const NameIndex& index_;
    std::shared_lock<std::shared_mutex> lock_;
  };
  Reader Read() const { return Reader(*this); }
  size_t size() const;

 private:
  Status ReadAll(storage::Tx& tx);
  Status ReadPerson(storage::Tx& tx, int64_t person_id);
  void Remove(int64_t person_id);  // holding mu_ exclusively
  void Add(int64_t person_id, IndexedPerson person);
  IndexedPerson* Slot(int64_t person_id);                   // growing people_ to hold the id
  IndexedName NameOf(const storage::Row& r, size_t given);  // holding mu_ exclusively

  mutable std::shared_mutex mu_;
  PersonChanges changes_{{"people", "person_names", "person_merges"}};  // GUARDED_BY(mu_)
  // By id: ids are handed out in order, so a vector holds them with few gaps and is quicker to
  // look in than a hash map for the thousands of candidates of a search.
  std::vector<IndexedPerson> people_;                             // GUARDED_BY(mu_)
  size_t count_ = 0;                                              // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::vector<int64_t>> by_key_;  // GUARDED_BY(mu_)
  // Every word of a name seen, kept while the index lives (a name's words change rarely).
  std::vector<std::string> words_;                      // GUARDED_BY(mu_)
  std::unordered_map<std::string, uint32_t> word_ids_;  // GUARDED_BY(mu_)
};

}  // namespace haven::record::internal
