#pragma once

// Writing contacts, shared by the front door (one contact, then its decision) and the record
// loader (a child's whole history): the checks are the caller's; these write the row and its
// version.

#include <cstdint>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "domain/contact.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record::internal {

// The new contact's row (version 1); returns its id.
Result<int64_t> InsertContact(storage::Tx& tx, const storage::Actor& actor,
                              const domain::Contact& c, TimePoint at);
// The decision, as a new version of the contact at `expected_version`, decided at `at` by `by`.
Status WriteDecision(storage::Tx& tx, const storage::Actor& actor, int64_t contact_id,
                     int64_t expected_version, const std::string& decision,
                     const std::string& threshold_reason, int64_t by, TimePoint at);

}  // namespace haven::record::internal
