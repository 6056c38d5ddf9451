#include "record/search_service.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

#include "common/date.h"
#include "common/validate.h"
#include "domain/identifiers.h"
#include "domain/name_match.h"
#include "record/internal/person_rows.h"

namespace haven::record {
namespace {

using storage::Params;
using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

constexpr size_t kMaxCandidates = 2000;

// "IN (?, ?, ?)" for n values.
std::string Marks(size_t n) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out + ")";
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
  const std::string today = FormatTimestamp(clock_.Now()).substr(0, 10);
  std::vector<SearchHit> hits;

  Status s = store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    std::set<int64_t> candidates;
    std::set<int64_t> by_identifier, by_postcode;
    auto add_ids = [&](const std::string& sql, const Params& params,
                       std::set<int64_t>* also) -> Status {
      ASSIGN_OR_RETURN(Rows rows, tx.Query(sql, params));
      for (const Row& r : rows.rows) {
        if (candidates.size() >= kMaxCandidates) break;
        candidates.insert(r.Int(0));
        if (also) also->insert(r.Int(0));
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
      RETURN_IF_ERROR(
          add_ids("SELECT id FROM people WHERE upn = ? OR former_upn = ? OR "
                  "nhs_number = ? OR la_child_id = ? OR la_child_id = ?",
                  {upper, upper, upper, id, upper}, &by_identifier));
    }
    const auto keys = domain::SearchKeys(q.name);
    if (!keys.empty()) {
      Params params(keys.begin(), keys.end());
      params.push_back(static_cast<int64_t>(kMaxCandidates));
      RETURN_IF_ERROR(
          add_ids("SELECT DISTINCT person_id FROM person_search_keys WHERE search_key IN " +
                      Marks(keys.size()) + " LIMIT ?",
                  params, nullptr));
    }
    if (q.date_of_birth && keys.empty()) {
      const Date d = *Date::Parse(*q.date_of_birth);
      const std::string lo = q.approximate_date ? d.AddDays(-366).ToString() : *q.date_of_birth;
      const std::string hi = q.approximate_date ? d.AddDays(366).ToString() : *q.date_of_birth;
      RETURN_IF_ERROR(add_ids("SELECT id FROM people WHERE date_of_birth BETWEEN ? AND ? LIMIT ?",
                              {lo, hi, static_cast<int64_t>(kMaxCandidates)}, nullptr));
    }
    if (q.postcode) {
      RETURN_IF_ERROR(add_ids("SELECT DISTINCT person_id FROM person_addresses WHERE postcode = ?",
                              {*q.postcode}, &by_postcode));
    }
    for (int64_t id : candidates) {
      ASSIGN_OR_RETURN(domain::Person p, internal::LoadPerson(tx, id));
      SearchHit hit;
      double score = 0, weight = 0;
      if (!query_tokens.empty()) {
        const double main =
            domain::NameScore(query_tokens, domain::NameTokens(p.given_name + " " + p.family_name));
        double alias = 0;
        ASSIGN_OR_RETURN(Rows others, tx.Query("SELECT given_name, family_name FROM person_names "
                                               "WHERE person_id = ?",
                                               {id}));
        for (const Row& r : others.rows) {
          alias = std::max(
              alias,
              domain::NameScore(query_tokens, domain::NameTokens(r.Text(0) + " " + r.Text(1))));
        }
        score += 0.7 * std::max(main, alias);
        weight += 0.7;
        if (main >= 0.8) hit.matched_on.push_back("name");
        if (alias >= 0.8 && alias > main) hit.matched_on.push_back("other_name");
      }
      if (q.date_of_birth) {
        const double d = DateScore(*q.date_of_birth, p.date_of_birth, q.approximate_date);
        score += 0.3 * d;
        weight += 0.3;
        if (d == 1) hit.matched_on.push_back("date_of_birth");
        if (d == 0.5) hit.matched_on.push_back("date_of_birth_approximate");
      }
      double total = weight > 0 ? score / weight : 0;
      if (by_postcode.count(id)) {
        total = weight > 0 ? std::min(1.0, total + 0.1) : 0.6;
        hit.matched_on.push_back("postcode");
      }
      if (by_identifier.count(id)) {
        total = 1.0;
        hit.matched_on.insert(hit.matched_on.begin(), "identifier");
      }
      if (total < 0.55) continue;  // too unlike the query to show
      hit.score = total;
      hit.person = std::move(p);
      hits.push_back(std::move(hit));
    }
    std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.person.id < b.person.id;
    });
    if (hits.size() > static_cast<size_t>(q.limit)) hits.resize(q.limit);
    // Alerts are shown wherever a person appears, search results included.
    for (auto& hit : hits) {
      ASSIGN_OR_RETURN(auto alerts, internal::LoadAlerts(tx, hit.person.id));
      for (auto& a : alerts) {
        if (domain::IsCurrent(a, today)) hit.current_alerts.push_back(std::move(a));
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return hits;
}

}  // namespace haven::record
