#pragma once

// The facts management information is computed from: for each child, the dated events of their
// record that any measure reads (contacts and their decisions, referrals, assessments, section 47
// enquiries, conferences, plans, periods of care with their legal statuses and placements,
// reviews, visits, health checks, missing episodes, leaving care and adoption, and who held the
// case when); for each member of staff, their post and sickness absence; for each team, its funded
// posts. Typed and compact, so every measure over a large county runs in memory in a fraction of a
// second. Pure data: the reporting service reads it from the store.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"

namespace haven::reporting {

struct ContactFact {
  Date received;
  std::optional<Date> decided;
  std::string decision;  // as recorded ("referral", "no_further_action", ...); "" while undecided
};

struct ReferralFact {
  Date date;
  std::optional<Date> closed;
  bool nfa = false;
  int64_t team_id = 0;
};

struct AssessmentFact {
  Date start;
  std::optional<Date> authorised;  // the manager's authorisation: the DfE's completion date
  std::optional<Date> referral;    // the date of the referral it belongs to
};

struct IcpcFact {
  Date date;
  std::optional<Date> s47_start;  // the enquiry it follows
  std::optional<Date> strategy;   // the strategy discussion that began the enquiry
};

struct CpPlanFact {
  Date start;
  std::optional<Date> end;
  int plans_before_records = 0;  // earlier plans known only from a migrated return
  std::vector<Date> reviews;     // review conferences, oldest first
  std::vector<Date> visits;      // oldest first
};

struct CarePeriodFact {
  Date start;
  std::optional<Date> end;
  std::string reason_ended;  // SSDA903 REC, "" while open
};

struct LegalStatusFact {
  Date start;
  std::string code;  // C1, C2, V2, V3, ...
};

struct PlacementFact {
  Date start;
  std::string type;         // SSDA903 PLACE
  bool same_carer = false;  // the same carers as the placement before (not a move)
  int64_t weekly_cost_pence = 0;
};

struct HealthCheckFact {
  Date date;
  std::string kind;  // initial_health_assessment, health_review, dental_check, immunisations
};

struct MissingFact {
  Date start;
  std::optional<Date> returned;
  bool missing = true;  // false: away from placement without authorisation
  std::optional<Date> interview_offered;
};

struct LeaverContactFact {
  Date date;
  std::string in_touch;  // YES, NO, DIED, REFU, NREQ, RHOM
  std::string activity;  // F1 ... G6, "" if not recorded
  std::string accommodation;
};

struct AdoptionFact {
  Date decision;
  std::optional<Date> placement_order;
  std::optional<Date> matched;
  std::optional<Date> placed;
  std::optional<Date> adopted;  // the adoption order
  bool by_foster_carers = false;
};

// Who held the case: a team, and a worker within it where one is named.
struct AllocationFact {
  int64_t team_id = 0;
  int64_t worker_id = 0;  // 0: allocated to the team, no worker
  Date start;
  std::optional<Date> end;
};

struct ChildFacts {
  int64_t person_id = 0;
  std::optional<Date> dob;
  std::vector<ContactFact> contacts;  // each list oldest first
  std::vector<ReferralFact> referrals;
  std::vector<AssessmentFact> assessments;
  std::vector<Date> s47_starts;
  std::vector<IcpcFact> icpcs;
  std::vector<CpPlanFact> cp_plans;
  std::vector<CarePeriodFact> care;
  std::vector<LegalStatusFact> legal_statuses;
  std::vector<PlacementFact> placements;
  std::vector<Date> cla_reviews;
  std::vector<Date> cla_visits;
  std::vector<Date> peps;
  std::vector<HealthCheckFact> health_checks;
  std::vector<MissingFact> missing;
  std::vector<LeaverContactFact> leaver_contacts;
  std::vector<AdoptionFact> adoptions;
  std::vector<AllocationFact> allocations;
};

// A spell of sickness absence: its first day and, once back, its last.
struct SicknessFact {
  Date start;
  std::optional<Date> end;
};

struct StaffFacts {
  int64_t user_id = 0;
  int64_t team_id = 0;
  bool social_worker = false;  // holds cases
  bool agency = false;
  int32_t fte_milli = 1000;  // full-time equivalent in thousandths
  std::optional<Date> start;
  std::optional<Date> end;  // last day in post
  std::vector<SicknessFact> sickness;
};

// A team's funded social worker posts (full-time equivalent) from a date until the next change.
struct EstablishmentFact {
  int64_t team_id = 0;
  Date from;
  int32_t fte_milli = 0;
};

// Every member of staff, and every team's establishment over time.
struct Workforce {
  std::vector<StaffFacts> staff;
  std::vector<EstablishmentFact> establishment;
};

// Sorts every list of a child's facts oldest first (the measures rely on it).
void SortFacts(ChildFacts& child);

}  // namespace haven::reporting
