#pragma once

// People: creating, reading and correcting a person's record. Every call checks the caller's
// permission through access::Authorize, every read is written to the access log, and every change
// is a new version with its actor and reason, in the same transaction as the change.

#include <functional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "domain/person.h"
#include "record/record_access.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

// Changes a person in place; returns an error (naming the field) to refuse the change.
using PersonChange = std::function<Status(domain::Person&)>;

class PeopleService {
 public:
  PeopleService(storage::Store& store, const Clock& clock, RecordAccess& access)
      : store_(store), clock_(clock), access_(access) {}

  Result<domain::Person> Create(const access::Principal& who, const storage::Actor& actor,
                                const domain::Person& p, const std::string& reason);
  // Reads a person and logs the read with its purpose.
  Result<domain::Person> Get(const access::Principal& who, const storage::Actor& actor, int64_t id,
                             const std::string& purpose);
  Result<domain::Person> Update(const access::Principal& who, const storage::Actor& actor,
                                int64_t id, int64_t expected_version, const PersonChange& change,
                                const std::string& reason);
  Result<std::vector<storage::Version>> History(const access::Principal& who,
                                                const storage::Actor& actor, int64_t id);
  Result<std::vector<storage::AccessEntry>> AccessLog(const access::Principal& who,
                                                      const storage::Actor& actor, int64_t id);
  // Who a person is, as a search result shows it (names, date of birth, sex, LA child id), for
  // anyone who may search: a front-door worker recording a contact sees this much before the
  // contact opens the record to them.
  Result<domain::Person> Identify(const access::Principal& who, int64_t id);
  // The people whose records the caller opened most recently, newest first, leaving out any the
  // caller may no longer open. Names and dates of birth only, as a search result shows them.
  Result<std::vector<domain::Person>> RecentlyViewed(const access::Principal& who, int limit);

 private:
  storage::Store& store_;
  const Clock& clock_;
  RecordAccess& access_;
};

}  // namespace haven::record
