#pragma once

// Finding a person: by name (typos, spelling variants, hyphenated and multiple names, aliases),
// date of birth (exact or approximate), identifier (UPN, former UPN, NHS number, LA child id) or
// postcode, ranked. Also used to warn of likely duplicates when a person is created.
//
// A record merged into another never appears; a restricted record appears only to the users
// named on it (an active row in record_restrictions). A search weighs at most 2000 candidates:
// those found by identifier or postcode, then those sharing name keys with the most of the
// query's words. Candidates' names and keys come from an index in memory kept current from the
// version log (internal::NameIndex, ADR 016), so a change to a name is found by the next search;
// the people returned, and their alerts, are read from the database.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "domain/person.h"
#include "domain/person_details.h"
#include "storage/store.h"

namespace haven::record {

namespace internal {
class NameIndex;
}

struct SearchQuery {
  std::string name;
  std::optional<std::string> date_of_birth;  // YYYY-MM-DD
  bool approximate_date = false;             // also within a year, or with day and month swapped
  std::optional<std::string> identifier;
  std::optional<std::string> postcode;
  int limit = 20;
};

struct SearchHit {
  domain::Person person;
  double score = 0;                     // 0 to 1
  std::vector<std::string> matched_on;  // "identifier", "name", "alias", "date_of_birth", ...
  std::vector<domain::Alert> current_alerts;
};

class SearchService {
 public:
  SearchService(storage::Store& store, const Clock& clock);
  ~SearchService();
  Result<std::vector<SearchHit>> Search(const access::Principal& who, const SearchQuery& q);
  // Reads the name index now rather than on the first search, which would otherwise wait for it
  // (haven serve calls this before it listens).
  Status Prepare();

 private:
  storage::Store& store_;
  const Clock& clock_;
  std::unique_ptr<internal::NameIndex> index_;
};

}  // namespace haven::record
