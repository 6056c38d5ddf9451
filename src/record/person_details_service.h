#pragma once

// A person's details (other names, addresses, alerts, relationships) and the whole record view.
// Adding or ending a detail needs permission to change the record and is versioned; reading the
// record is access-logged once per view.

#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "domain/person.h"
#include "record/record_access.h"
#include "domain/person_details.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

enum class DetailKind { kName, kAddress, kAlert, kRelationship };
// "names", "addresses", "alerts", "relationships": the path segment and the table suffix.
std::string_view DetailPath(DetailKind k);
std::optional<DetailKind> ParseDetailPath(std::string_view path);

// A relationship as seen from the person being viewed.
struct RelationshipView {
  domain::Relationship relationship;  // kind and related_person_id from this person's side
  std::string related_name;
};

struct PersonRecord {
  domain::Person person;
  std::vector<domain::OtherName> names;
  std::vector<domain::Address> addresses;
  std::vector<domain::Alert> alerts;          // all, current and past
  std::vector<domain::Alert> current_alerts;  // the ones to show today
  std::vector<RelationshipView> relationships;
};

class PersonDetailsService {
 public:
  PersonDetailsService(storage::Store& store, const Clock& clock, RecordAccess& access)
      : store_(store), clock_(clock), access_(access) {}

  Result<domain::OtherName> AddName(const access::Principal& who, const storage::Actor& actor,
                                    domain::OtherName n, const std::string& reason);
  Result<domain::Address> AddAddress(const access::Principal& who, const storage::Actor& actor,
                                     domain::Address a, const std::string& reason);
  Result<domain::Alert> AddAlert(const access::Principal& who, const storage::Actor& actor,
                                 domain::Alert a, const std::string& reason);
  Result<domain::Relationship> AddRelationship(const access::Principal& who,
                                               const storage::Actor& actor,
                                               domain::Relationship r, const std::string& reason);
  // Ends a detail of `person_id` on `end_date` (a new version; nothing is deleted).
  Status End(const access::Principal& who, const storage::Actor& actor, DetailKind kind,
             int64_t person_id, int64_t detail_id, int64_t expected_version,
             const std::string& end_date, const std::string& reason);

  // The person with all their details; logged as one read with `purpose`.
  Result<PersonRecord> GetRecord(const access::Principal& who, const storage::Actor& actor,
                                 int64_t person_id, const std::string& purpose);

 private:
  storage::Store& store_;
  const Clock& clock_;
  RecordAccess& access_;
};

}  // namespace haven::record
