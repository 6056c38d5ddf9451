#include "record/search_service.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "common/date.h"
#include "common/validate.h"
#include "domain/identifiers.h"
#include "domain/name_match.h"
#include "record/internal/name_index.h"
#include "record/internal/person_rows.h"

namespace haven::record {

SearchService::SearchService(storage::Store& store, const Clock& clock)
    : store_(store), clock_(clock), index_(std::make_unique<internal::NameIndex>()) {}

SearchService::~SearchService() = default;

Status SearchService::Prepare() { return index_->CatchUp(store_, clock_.Now()); }

namespace {

using storage::Params;
using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

constexpr size_t kMaxCandidates = 2000;

// Ids per IN list. A list is padded up to a power of two by repeating its last id, so each query
// has a handful of distinct texts: the SQLite store keeps every distinct statement prepared on
// each connection, and would otherwise collect one per list length. With the caller's id bound
// after the list, a statement binds at most 257 values.
constexpr size_t kChunk = 256;

// People the caller may find: never a record merged into another, and a restricted record only
// by the users named on it. Binds the caller's user id.
constexpr const char* kVisible =
    " AND merged_into IS NULL AND (restricted = 0 OR EXISTS (SELECT 1 FROM record_restrictions r "
    "WHERE r.person_id = people.id AND r.user_id = ? AND r.active = 1))";

// "(?, ?, ?)" for n values.
std::string Marks(size_t n) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out + ")";
}

// Runs `head` + "(?, ...)" + `tail` over `ids` in chunks, binding each chunk's ids and then
// `after`, and passes every row to `visit`.
Status ForEachRowOf(Tx& tx, const std::vector<int64_t>& ids, const std::string& head,
                    const std::string& tail, const Params& after,
                    const std::function<void(const Row&)>& visit) {
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - start);
    size_t padded = 8;
    while (padded < n) padded *= 2;
    Params params;
    params.reserve(padded + after.size());
    for (size_t i = 0; i < padded; ++i) params.emplace_back(ids[start + std::min(i, n - 1)]);
    params.insert(params.end(), after.begin(), after.end());
    ASSIGN_OR_RETURN(Rows rows, tx.Query(head + Marks(padded) + tail, params));
    for (const Row& r : rows.rows) visit(r);
  }
  return Status::Ok();
}

// How the dates agree: 1 the same, 0.5 approximately (within a year, or day and month swapped),
// 0 otherwise.
double DateScore(const std::string& query, const std::optional<std::string>& dob,
                 bool approximate) {
  if (!dob) return 0;
  if (*dob == query) return 1;
  if (!approximate) return 0;
  const auto q = Date::Parse(query);
  const auto d = Date::Parse(*dob);
  if (!q || !d) return 0;
  if (std::abs(DaysBetween(*q, *d)) <= 366) return 0.5;
  if (q->year() == d->year() && q->month() == d->day() && q->day() == d->month()) return 0.5;
  return 0;
}

Status CheckQuery(const SearchQuery& q) {
  RETURN_IF_ERROR(ValidateText(q.name, "name", 200));
  if (q.date_of_birth) RETURN_IF_ERROR(ValidateDate(*q.date_of_birth, "date_of_birth"));
  if (q.identifier) RETURN_IF_ERROR(ValidateText(*q.identifier, "identifier", 40));
  if (q.limit < 1 || q.limit > 100) return InvalidArgument("limit must be 1 to 100", "limit");
  if (domain::NameTokens(q.name).empty() && !q.date_of_birth && !q.identifier && !q.postcode) {
    return InvalidArgument("search by name, date of birth, identifier or postcode", "name");
  }
  return Status::Ok();
}

// What scoring needs of a candidate; the full row is read for the hits alone.
struct Candidate {
  // Given and family name: as words in the index, or else folded (domain::FoldName) in the
  // search's own list, for a person read from the database.
  const internal::IndexedName* words = nullptr;
  std::string_view name;
  std::optional<std::string> date_of_birth;
  double alias = 0;  // the best score of the person's other names
};

// What a candidate matched on, as bits until the candidate is among those shown.
enum Matched : unsigned {
  kIdentifier = 1,
  kName = 2,
  kOtherName = 4,
  kDateOfBirth = 8,
  kDateOfBirthApproximate = 16,
  kPostcode = 32,
};

std::vector<std::string> MatchedOn(unsigned matched) {
  std::vector<std::string> out;
  for (const auto& [bit, name] : {std::pair{kIdentifier, "identifier"},
                                  {kName, "name"},
                                  {kOtherName, "other_name"},
                                  {kDateOfBirth, "date_of_birth"},
                                  {kDateOfBirthApproximate, "date_of_birth_approximate"},
                                  {kPostcode, "postcode"}}) {
    if (matched & bit) out.emplace_back(name);
  }
  return out;
}

struct Scored {
  int64_t id = 0;
  double score = 0;
  unsigned matched = 0;  // Matched bits
};

}  // namespace

Result<std::vector<SearchHit>> SearchService::Search(const access::Principal& who,
                                                     const SearchQuery& input) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  RETURN_IF_ERROR(CheckQuery(input));
  SearchQuery q = input;
  if (q.postcode) {
    ASSIGN_OR_RETURN(q.postcode, domain::NormalisePostcode(*q.postcode, "postcode"));
  }
  const auto query_tokens = domain::NameTokens(q.name);
  const domain::NameQuery name_query(query_tokens);
  const std::string today = FormatTimestamp(clock_.Now()).substr(0, 10);
  const Params caller = {who.user_id};
  std::vector<SearchHit> hits;
  // Before the read, so the index holds at least what this read could see of names.
  RETURN_IF_ERROR(index_->CatchUp(store_, clock_.Now()));
  // Held from before the read: a catch-up holds the index while it waits for a connection.
  const internal::NameIndex::Reader index = index_->Read();

  Status s = store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    hits.clear();  // the store may run this again on a reopened connection
    // Candidates, the precise ways first so that a common name cannot crowd them out of the cap.
    // A person found another way is marked as matching the identifier or postcode even when the
    // cap is reached.
    std::set<int64_t> candidates;  // found the precise ways, or by date of birth alone
    std::set<int64_t> by_identifier, by_postcode;
    std::vector<int64_t> by_name;  // found by name, none of them in `candidates`
    auto add_ids = [&](const std::string& sql, const Params& params,
                       std::set<int64_t>* also) -> Status {
      ASSIGN_OR_RETURN(Rows rows, tx.Query(sql, params));
      for (const Row& r : rows.rows) {
        const int64_t id = r.Int(0);
        if (candidates.count(id) == 0) {
          if (candidates.size() >= kMaxCandidates) continue;
          candidates.insert(id);
        }
        if (also) also->insert(id);
      }
      return Status::Ok();
    };
    if (q.identifier) {
      std::string id = *q.identifier;
      std::string upper;
      for (char c : id) {
        if (c != ' ')
          upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      }
      // Each OR term has an index, so neither database reads the whole table. Former UPNs are
      // stored only once they pass the UPN check, so only a valid UPN is looked up among them.
      std::string sql =
          "SELECT id FROM people WHERE upn = ? OR nhs_number = ? OR la_child_id = ? OR "
          "la_child_id = ?";
      Params params = {upper, upper, id, upper};
      if (domain::ValidateUpn(upper).ok()) {
        sql += " OR former_upn = ?";
        params.emplace_back(upper);
      }
      RETURN_IF_ERROR(add_ids(sql, params, &by_identifier));
    }
    if (q.postcode) {
      RETURN_IF_ERROR(
          add_ids("SELECT DISTINCT person_id FROM person_addresses WHERE postcode = ? "
                  "ORDER BY person_id LIMIT ?",
                  {*q.postcode, static_cast<int64_t>(kMaxCandidates)}, &by_postcode));
    }
    // Name candidates: everyone sharing an index key with the query. Over a large record a
    // common name has far more than the cap, so the cap keeps those sharing keys with the most
    // of the query's words, then with the most keys, then the oldest records; taking the first
    // rows the index returned would keep whoever sorts first and could leave out the exact
    // match. The tally is kept here rather than in SQL: grouping tens of thousands of rows costs
    // more than sending them, in SQLite's temporary b-trees and in PostgreSQL alike.
    const auto keys = domain::SearchKeys(q.name);
    if (!keys.empty()) {
      // Each key's people come sorted by id, so the tally is a merge of sorted lists: no hashing
      // and no allocation per person.
      struct Tally {
        int64_t id = 0;
        uint64_t words = 0;  // bit i: the query's i-th word (up to 64)
        int keys = 0;
      };
      std::vector<Tally> tally, merged;
      for (const auto& key : keys) {
        uint64_t words = 0;
        for (size_t i = 0; i < query_tokens.size(); ++i) {
          const auto word_keys = domain::SearchKeys(query_tokens[i]);
          if (std::find(word_keys.begin(), word_keys.end(), key) != word_keys.end()) {
            words |= uint64_t{1} << std::min<size_t>(i, 63);
          }
        }
        const std::vector<int64_t>* with_key = index.WithKey(key);
        if (with_key == nullptr) continue;
        merged.clear();
        merged.reserve(tally.size() + with_key->size());
        auto t = tally.begin();
        for (const int64_t id : *with_key) {
          for (; t != tally.end() && t->id < id; ++t) merged.push_back(*t);
          if (!merged.empty() && merged.back().id == id) {
            ++merged.back().keys;  // the key twice for one person: each row counts, as in SQL
          } else if (t != tally.end() && t->id == id) {
            merged.push_back({id, t->words | words, t->keys + 1});
            ++t;
          } else {
            merged.push_back({id, words, 1});
          }
        }
        merged.insert(merged.end(), t, tally.end());
        tally.swap(merged);
      }
      // The closest that fit under the cap beside those found the precise ways.
      struct Ranked {
        int words, keys;
        int64_t id;
      };
      std::vector<Ranked> ranked_ids;
      ranked_ids.reserve(tally.size());
      for (const Tally& t : tally) {
        if (candidates.count(t.id) == 0) {
          ranked_ids.push_back({std::popcount(t.words), t.keys, t.id});
        }
      }
      const auto closer = [](const Ranked& a, const Ranked& b) {
        if (a.words != b.words) return a.words > b.words;
        if (a.keys != b.keys) return a.keys > b.keys;
        return a.id < b.id;
      };
      const size_t wanted = std::min(ranked_ids.size(), kMaxCandidates - candidates.size());
      // The order is total (ids differ), so the closest `wanted` are the same however found.
      std::nth_element(ranked_ids.begin(), ranked_ids.begin() + static_cast<ptrdiff_t>(wanted),
                       ranked_ids.end(), closer);
      by_name.reserve(wanted);
      for (size_t i = 0; i < wanted; ++i) by_name.push_back(ranked_ids[i].id);
    }
    if (q.date_of_birth && keys.empty()) {
      // Without a name, an approximate date scores 0.5, below the threshold, so only the exact
      // date can be shown: looking for it alone keeps the cap for people who can appear.
      const bool range = q.approximate_date && !query_tokens.empty();
      const Date d = *Date::Parse(*q.date_of_birth);
      const std::string lo = range ? d.AddDays(-366).ToString() : *q.date_of_birth;
      const std::string hi = range ? d.AddDays(366).ToString() : *q.date_of_birth;
      RETURN_IF_ERROR(add_ids("SELECT id FROM people WHERE date_of_birth BETWEEN ? AND ? LIMIT ?",
                              {lo, hi, static_cast<int64_t>(kMaxCandidates)}, nullptr));
    }

    // The candidates the caller may see, from the index: never a merged record, and a restricted
    // one only if the caller is named on it (asked of the database, for the few there are). A
    // candidate the index does not hold yet (written since its last look) is read from the
    // database, with their other names when the query has a name. (One query joining the two
    // costs more on PostgreSQL, which plans it as a scan of every other name.)
    // Each word's score against each of the query's words, worked out once: candidates share
    // words (a common family name, a popular given name).
    std::vector<double> word_scores(query_tokens.size() * index.words(), -1);
    auto score_of = [&](const internal::IndexedName& name) {
      if (query_tokens.empty() || name.empty()) return 0.0;
      double total = 0;
      for (size_t qi = 0; qi < query_tokens.size(); ++qi) {
        double best = 0;
        for (const uint32_t w : name) {
          double& s = word_scores[qi * index.words() + w];
          if (s < 0) s = domain::WordScore(name_query, qi, index.Word(w));
          best = std::max(best, s);
        }
        total += best;
      }
      return total / static_cast<double>(query_tokens.size());
    };
    std::vector<std::pair<int64_t, Candidate>> loaded;
    loaded.reserve(candidates.size() + by_name.size());
    std::vector<int64_t> restricted, unindexed;
    auto load = [&](int64_t id) {
      const internal::IndexedPerson* p = index.Find(id);
      if (p == nullptr) {
        unindexed.push_back(id);
        return;
      }
      if (p->merged) return;
      if (p->restricted) restricted.push_back(id);
      Candidate& c = loaded.emplace_back(id, Candidate{}).second;
      c.words = &p->name;
      c.date_of_birth = p->date_of_birth;
      for (const auto& other : p->other_names) c.alias = std::max(c.alias, score_of(other));
    };
    for (const int64_t id : candidates) load(id);
    for (const int64_t id : by_name) load(id);
    if (!restricted.empty()) {
      std::set<int64_t> closed(restricted.begin(), restricted.end());
      RETURN_IF_ERROR(ForEachRowOf(
          tx, restricted,
          "SELECT person_id FROM record_restrictions WHERE active = 1 AND person_id IN ",
          " AND user_id = ?", caller, [&](const Row& r) { closed.erase(r.Int(0)); }));
      std::erase_if(loaded, [&](const auto& entry) { return closed.count(entry.first) > 0; });
    }
    std::map<int64_t, Candidate> read_now;
    std::deque<std::string> read_names;  // a deque keeps each name where it is as it grows
    std::sort(unindexed.begin(), unindexed.end());
    RETURN_IF_ERROR(ForEachRowOf(
        tx, unindexed, "SELECT id, given_name, family_name, date_of_birth FROM people WHERE id IN ",
        kVisible, caller, [&](const Row& r) {
          Candidate& c = read_now[r.Int(0)];
          c.name = read_names.emplace_back(domain::FoldName(r.Text(1) + " " + r.Text(2)));
          c.date_of_birth = r.OptText(3);
        }));
    if (!query_tokens.empty() && !read_now.empty()) {
      std::vector<int64_t> ids;
      for (const auto& [id, c] : read_now) ids.push_back(id);
      RETURN_IF_ERROR(ForEachRowOf(
          tx, ids,
          "SELECT person_id, given_name, family_name FROM person_names WHERE person_id IN ", "", {},
          [&](const Row& r) {
            auto it = read_now.find(r.Int(0));
            if (it == read_now.end()) return;
            const double alias = domain::NameScore(name_query, r.Text(1) + " " + r.Text(2));
            it->second.alias = std::max(it->second.alias, alias);
          }));
    }
    for (auto& entry : read_now) loaded.emplace_back(entry);

    std::vector<Scored> ranked;
    for (const auto& [id, c] : loaded) {
      Scored hit;
      hit.id = id;
      double score = 0, weight = 0;
      if (!query_tokens.empty()) {
        const double main =
            c.words ? score_of(*c.words) : domain::FoldedNameScore(name_query, c.name);
        score += 0.7 * std::max(main, c.alias);
        weight += 0.7;
        if (main >= 0.8) hit.matched |= kName;
        if (c.alias >= 0.8 && c.alias > main) hit.matched |= kOtherName;
      }
      if (q.date_of_birth) {
        const double d = DateScore(*q.date_of_birth, c.date_of_birth, q.approximate_date);
        score += 0.3 * d;
        weight += 0.3;
        if (d == 1) hit.matched |= kDateOfBirth;
        if (d == 0.5) hit.matched |= kDateOfBirthApproximate;
      }
      double total = weight > 0 ? score / weight : 0;
      if (by_postcode.count(id)) {
        total = weight > 0 ? std::min(1.0, total + 0.1) : 0.6;
        hit.matched |= kPostcode;
      }
      if (by_identifier.count(id)) {
        total = 1.0;
        hit.matched |= kIdentifier;
      }
      if (total < 0.55) continue;  // too unlike the query to show
      hit.score = total;
      ranked.push_back(hit);
    }
    // The order is total (ids differ), so the first `limit` are the same however found.
    const auto better = [](const Scored& a, const Scored& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.id < b.id;
    };
    const size_t shown = std::min(ranked.size(), static_cast<size_t>(q.limit));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(shown), ranked.end(),
                      better);
    ranked.resize(shown);
    if (ranked.empty()) return Status::Ok();

    // The full rows of the hits. The filter is applied again: on PostgreSQL each statement sees
    // the latest commits, so a record merged or restricted since the first read is left out.
    std::vector<int64_t> hit_ids;
    for (const auto& h : ranked) hit_ids.push_back(h.id);
    std::map<int64_t, domain::Person> people;
    RETURN_IF_ERROR(ForEachRowOf(
        tx, hit_ids,
        std::string("SELECT ") + internal::kPersonColumns + " FROM people WHERE id IN ", kVisible,
        caller, [&](const Row& r) {
          domain::Person p = internal::PersonFrom(r);
          people[p.id] = std::move(p);
        }));
    // Alerts are shown wherever a person appears, search results included. Few people have any,
    // so one query finds who does and only theirs are read.
    std::set<int64_t> alerted;
    RETURN_IF_ERROR(ForEachRowOf(tx, hit_ids,
                                 "SELECT DISTINCT person_id FROM person_alerts WHERE person_id IN ",
                                 "", {}, [&](const Row& r) { alerted.insert(r.Int(0)); }));
    for (auto& scored : ranked) {
      auto p = people.find(scored.id);
      if (p == people.end()) continue;
      SearchHit hit;
      hit.person = std::move(p->second);
      hit.score = scored.score;
      hit.matched_on = MatchedOn(scored.matched);
      if (alerted.count(scored.id)) {
        ASSIGN_OR_RETURN(auto alerts, internal::LoadAlerts(tx, scored.id));
        for (auto& a : alerts) {
          if (domain::IsCurrent(a, today)) hit.current_alerts.push_back(std::move(a));
        }
      }
      hits.push_back(std::move(hit));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return hits;
}

}  // namespace haven::record
