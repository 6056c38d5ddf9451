#pragma once

// Reads the facts the measures need straight from the record's tables, for every child or for a
// few (after an event), inside the caller's read transaction. Children merged into another record
// and adults are left out. Staff are the accounts with a start date; absences and establishments
// withdrawn are left out.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "reporting/facts.h"
#include "storage/store.h"

namespace haven::reporting::internal {

// `ids` nullptr reads every child; otherwise those children (absent ids are not in the result).
Result<std::unordered_map<int64_t, ChildFacts>> ReadChildren(storage::Tx& tx,
                                                             const std::vector<int64_t>* ids);
// Every member of staff with their sickness absence, and every team's establishment.
Result<Workforce> ReadWorkforce(storage::Tx& tx);

}  // namespace haven::reporting::internal
