#pragma once

// The SSDA903 return (children looked after) derived from the record, and nothing else.
//
// Ssda903FromRecord is the derivation, pure: every child looked after on some day of the
// collection year is in the Header, with the episodes derived from their periods of care, legal
// statuses and placements (domain::DeriveEpisodes; an episode that ends after 31 March is
// reported open); reviews, missing episodes and placement for adoption in the year; the
// twelve-month outcomes (OC2) of those looked after all year; adoptions (AD1) of those adopted
// in the year; previous permanence of those who started care in the year; the social worker
// episodes from the allocations (clipped to care; the reason is why the worker changed into the
// episode); UASC status with the date it ceased (the 18th birthday while it lasts); and the care
// leavers (OC3) whose 17th to 21st birthday falls in the year after their care ended, with the
// leaver contact nearest that birthday. Deprivation of liberty orders from 2026-27.
//
// BuildSsda903 reads those facts from the store for the children who were in care in the year or
// are care leavers, in one read transaction, and calls Ssda903FromRecord.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/status.h"
#include "domain/casework.h"
#include "returns/table.h"
#include "storage/store.h"

namespace haven::exports {

// One run of an allocation to a named worker, as recorded.
struct WorkerSpell {
  int64_t worker_id = 0;
  Date start;
  std::optional<Date> end;
  std::optional<std::string> change_reason;  // SW_REASON: why the worker changed to this one
};

// What the return needs of one child.
struct CareChild {
  int64_t person_id = 0;
  std::string child_id;  // the authority's id for the child (LAchildID), or Haven's HVN<id>
  std::optional<Date> dob;
  std::string sex;  // M, F or U
  std::string ethnicity;
  std::string upn;  // the UPN, or the reason there is none (UN1-UN10)
  // The date of birth of her first child, when the record shows she is a mother.
  std::optional<Date> first_child_dob;
  // Care, health, leaving care and adoption steps (other kinds are ignored).
  std::vector<domain::StepRecord> steps;
  std::vector<WorkerSpell> workers;  // oldest first
};

// The 903 tables for collection year `year` (2026 is 2025-26), with the columns of that year. An
// error names the child whose care history cannot make episodes.
Result<returns::Return> Ssda903FromRecord(const std::vector<CareChild>& children, int year);

// `person_of`, if given, receives each reported child's person id by their CHILD id.
Result<returns::Return> BuildSsda903(storage::Store& store, int year,
                                     std::map<std::string, int64_t>* person_of = nullptr);

}  // namespace haven::exports
