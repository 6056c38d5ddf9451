#pragma once

// The record loader: whole children's histories written at once, for the synthetic authority and
// for records migrated from another system. Each fact passes the same checks as a worker's input
// (the person, each contact and decision, each step with domain::CheckStep in its context, manager
// authorisation with domain::CheckAuthorisable, the care history with domain::DeriveEpisodes,
// allocations against the worker's employment), and each row is versioned as of the time it was
// recorded. A batch goes in whole or not at all: the first refusal names the child, the fact and
// the field, and nothing of the batch is stored.
//
// Steps refer to one another by the keys the caller gives them (a CP plan names its conference's
// key), so a history is described before any id exists.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "domain/casework.h"
#include "domain/contact.h"
#include "domain/person.h"
#include "domain/person_details.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

struct LoadContact {
  std::string key;
  domain::Contact contact;  // person_id is ignored; decided_at/decided_by are the decision
};

struct LoadStep {
  std::string kind;
  std::string key;                           // unique within the child
  std::string referral_key;                  // for steps under a referral
  std::map<std::string, std::string> refs;   // kRef field -> key of an earlier step or contact
  domain::Values values;                     // everything else, as a worker would submit it
  std::optional<std::string> recorded_at;    // timestamp; default noon on the step's date
  int64_t recorded_by = 0;                   // a user id; 0 for the loading user
  std::optional<std::string> authorised_at;  // a manager's authorisation, if given
  std::optional<int64_t> authorised_by;
};

struct LoadAllocation {
  int64_t team_id = 0;
  std::optional<int64_t> worker_id;
  std::string start_date;
  std::optional<std::string> end_date;
  std::string reason;
  std::optional<std::string> change_reason;  // sw_change_reason code
};

struct ChildHistory {
  domain::Person person;
  std::vector<domain::Address> addresses;  // person_id is ignored
  std::vector<LoadContact> contacts;
  std::vector<LoadStep> steps;  // in the order they happened; a step's refs come before it
  std::vector<LoadAllocation> allocations;  // oldest first, not overlapping
  std::optional<std::string> recorded_at;   // when the person was first recorded
};

struct LoadedChild {
  int64_t person_id = 0;
  std::map<std::string, int64_t> ids;  // key -> id, for contacts and steps
  std::vector<std::string> warnings;   // questionable facts, accepted ("assessment a1: ...")
};

struct LoadCounts {
  std::map<std::string, int64_t> rows;  // table -> rows written
  int64_t warnings = 0;
};

class RecordLoader {
 public:
  RecordLoader(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Loads the children in one transaction; needs the kLoadRecords permission (an administrator's).
  // Authorisations name a user who may authorise. `counts`, if given, is added to.
  Result<std::vector<LoadedChild>> Load(const access::Principal& who, const storage::Actor& actor,
                                        const std::vector<ChildHistory>& children,
                                        const std::string& reason, LoadCounts* counts = nullptr);

 private:
  storage::Store& store_;
  const Clock& clock_;
};

}  // namespace haven::record
