#pragma once

// Reading a person's row: the column list and its mapping, shared by the record services.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "domain/person.h"
#include "domain/person_details.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record::internal {

// The people columns, in the order PersonFrom reads them.
extern const char* const kPersonColumns;

std::string JoinCodes(const std::vector<std::string>& codes);
std::vector<std::string> SplitCodes(const std::optional<std::string>& joined);

domain::Person PersonFrom(const storage::Row& r);
// NotFound if there is no such person.
Result<domain::Person> LoadPerson(storage::Tx& tx, int64_t id);

// All the person's alerts, current and past, oldest first.
Result<std::vector<domain::Alert>> LoadAlerts(storage::Tx& tx, int64_t person_id);

// The values of the people columns other than id, version and the timestamps, in the order
// InsertPerson and PeopleService::Update name them.
storage::Params PersonValues(const domain::Person& p);
// Writes a checked, normalised person with its first version and search keys; returns the id.
Result<int64_t> InsertPerson(storage::Tx& tx, const storage::Actor& actor, const domain::Person& p,
                             const std::string& reason, TimePoint at);

// Rebuilds the person's name search keys from their name and all their other names.
Status RefreshSearchKeys(storage::Tx& tx, int64_t person_id);

}  // namespace haven::record::internal
