#pragma once

// Allocation and caseloads: which worker and team hold a child (with history), each team's queue
// of children waiting for a worker, each worker's caseload (a count, and weighted by case type),
// and the work due this week or overdue for a worker or a team, from the children's statutory
// clocks (CaseworkService) and plans drifting from their standards.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "domain/child_clocks.h"
#include "record/casework_service.h"
#include "record/record_access.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

namespace internal {
class ClocksCache;
}

struct Allocation {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t team_id = 0;
  std::optional<int64_t> worker_id;
  std::string start_date;
  std::optional<std::string> end_date;
  std::optional<std::string> reason;
  std::optional<std::string> change_reason;  // why the worker changed (SW_REASON codes)
  int64_t version = 0;
};

// One social worker episode (the SSDA903 SWEpisodes table): a worker's time holding the child,
// and why the worker changed to this one (SW_REASON; FCONTA for the first, by the DfE's rules).
struct SocialWorkerEpisode {
  int64_t worker_id = 0;
  std::string worker_username;
  std::string start_date;
  std::optional<std::string> end_date;
  std::optional<std::string> reason;
};

struct QueuedChild {
  int64_t person_id = 0;
  std::string name;
  int64_t referral_id = 0;
  std::string referral_date;
  int working_days_waiting = 0;
};

struct Caseload {
  int64_t worker_id = 0;
  std::string display_name;
  std::optional<std::string> employment_type;
  std::optional<double> fte;
  int children = 0;
  double weighted = 0;  // children weighted by case type (domain::CaseWeight)
};

struct WorkItem {
  int64_t person_id = 0;
  std::string name;
  domain::DueAction action;
};

struct CaseloadChild {
  int64_t person_id = 0;
  std::string name;
  std::string case_type;                // domain::CaseType
  std::optional<std::string> next_due;  // the earliest open statutory date, YYYY-MM-DD
};
struct WorkDue {
  std::string week_ending;              // the Sunday that ends this week
  std::vector<CaseloadChild> caseload;  // the children whose work this is
  std::vector<WorkItem> overdue;        // oldest first
  std::vector<WorkItem> due_this_week;
  std::vector<std::string> drift;  // "Name: sentence"
};

class AllocationService {
 public:
  AllocationService(storage::Store& store, const Clock& clock, RecordAccess& access,
                    CaseworkService& casework, const clocks::WorkingCalendar& calendar);
  ~AllocationService();

  // Allocates the child to a team, and to a worker in it when `worker_id` is given, from
  // `start_date`; the current allocation ends that day.
  Result<Allocation> Allocate(const access::Principal& who, const storage::Actor& actor,
                              int64_t person_id, int64_t team_id, std::optional<int64_t> worker_id,
                              const std::string& start_date, const std::string& reason,
                              const std::optional<std::string>& change_reason = std::nullopt);
  // The child's social worker episodes, oldest first.
  Result<std::vector<SocialWorkerEpisode>> SocialWorkerEpisodes(const access::Principal& who,
                                                                const storage::Actor& actor,
                                                                int64_t person_id);
  Result<std::vector<Allocation>> History(const access::Principal& who, const storage::Actor& actor,
                                          int64_t person_id);
  // Children with an open referral in the team and no worker, longest waiting first.
  Result<std::vector<QueuedChild>> Unallocated(const access::Principal& who, int64_t team_id);
  Result<std::vector<Caseload>> Caseloads(const access::Principal& who, int64_t team_id);
  // Work for one worker (worker_id) or a whole team (team_id). Each child's clocks are derived
  // once a day and kept until their record changes (internal::ClocksCache), so every write is
  // seen on the next call, whoever made it.
  Result<WorkDue> Work(const access::Principal& who, std::optional<int64_t> worker_id,
                       std::optional<int64_t> team_id);

 private:
  Status CanSeeTeam(const access::Principal& who, int64_t team_id) const;

  storage::Store& store_;
  const Clock& clock_;
  RecordAccess& access_;
  CaseworkService& casework_;
  const clocks::WorkingCalendar& calendar_;
  std::unique_ptr<internal::ClocksCache> clocks_cache_;
};

}  // namespace haven::record
