#pragma once

// Casework on a child's record: every step described in domain/casework.h (referrals and what
// follows them), recorded, corrected, authorised by a manager where the step needs it, and read
// back as the child's episodes, statutory clocks and chronology. One generic path serves every
// step, driven by its StepSpec; the rules that relate steps are domain::CheckStep. Each call
// checks the role permission and the record-level access (RecordAccess), each read is logged, and
// each change is versioned in the same transaction.

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "clocks/calendar.h"
#include "clocks/timescales.h"
#include "common/clock.h"
#include "domain/care.h"
#include "domain/casework.h"
#include "domain/child_clocks.h"
#include "record/record_access.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

struct StepResult {
  domain::StepRecord record;
  std::vector<std::string> warnings;  // questionable facts, accepted
};

struct ChronologyEntry {
  std::string date;  // YYYY-MM-DD
  std::string kind;  // step kind, "contact" or "allocation"
  int64_t record_id = 0;
  std::string title;
  std::string summary;
};

struct ChronologyFilter {
  std::vector<std::string> kinds;  // empty: all
  std::optional<std::string> from, to;
};

// Everything recorded about a child's casework, with the clocks derived from it.
struct CaseView {
  int64_t person_id = 0;
  std::vector<domain::StepRecord> steps;  // by kind, then date
  domain::ChildClocks clocks;
};

struct PlacementView {
  domain::StepRecord record;
  std::optional<std::string> end_date;  // derived: the next placement's start, or care's end
};

// A child's care history: the periods, the placements with their ends, and the SSDA903 episodes
// derived from them.
struct CareView {
  bool looked_after = false;  // a period of care is open
  std::vector<domain::StepRecord> periods;
  std::vector<PlacementView> placements;
  std::vector<domain::Episode> episodes;
};

class CaseworkService {
 public:
  CaseworkService(storage::Store& store, const Clock& clock, RecordAccess& access,
                  const clocks::WorkingCalendar& calendar, const clocks::Timescales& timescales)
      : store_(store),
        clock_(clock),
        access_(access),
        calendar_(calendar),
        timescales_(timescales) {}

  // Records a step. Steps under a referral name it (`referral_id`); others name the person.
  Result<StepResult> Add(const access::Principal& who, const storage::Actor& actor,
                         const std::string& kind, std::optional<int64_t> person_id,
                         std::optional<int64_t> referral_id, domain::Values values);
  // A child comes into care: the period of care, its first legal status and its first placement,
  // together (the legal status and placement take the period's start date).
  Result<std::vector<StepResult>> StartCare(const access::Principal& who,
                                            const storage::Actor& actor, int64_t person_id,
                                            domain::Values period, domain::Values legal_status,
                                            domain::Values placement);
  // Corrects or completes a step. A change to an authorised step withdraws the authorisation.
  Result<StepResult> Change(const access::Principal& who, const storage::Actor& actor,
                            const std::string& kind, int64_t id, int64_t expected_version,
                            domain::Values changes);
  // A manager's authorisation.
  Result<StepResult> Authorise(const access::Principal& who, const storage::Actor& actor,
                               const std::string& kind, int64_t id, int64_t expected_version);
  Result<domain::StepRecord> Get(const access::Principal& who, const storage::Actor& actor,
                                 const std::string& kind, int64_t id);

  Result<CaseView> Case(const access::Principal& who, const storage::Actor& actor,
                        int64_t person_id);
  Result<CareView> Care(const access::Principal& who, const storage::Actor& actor,
                        int64_t person_id);
  Result<std::vector<ChronologyEntry>> Chronology(const access::Principal& who,
                                                  const storage::Actor& actor, int64_t person_id,
                                                  const ChronologyFilter& filter);

  // For other services, inside their transaction and after their own checks: all of a child's
  // steps, contacts included (kind "contact") and their date of birth (kind "person"), and the
  // clocks derived from them.
  Result<std::vector<domain::StepRecord>> LoadSteps(storage::Tx& tx, int64_t person_id) const;
  // The same for several children at once, by child (for caseloads and team views).
  Result<std::map<int64_t, std::vector<domain::StepRecord>>> LoadStepsOfMany(
      storage::Tx& tx, const std::vector<int64_t>& person_ids) const;
  domain::ChildClocks ClocksOf(const std::vector<domain::StepRecord>& steps) const;
  Date Today() const;

 private:
  using AmendFn = std::function<Status(storage::Tx&, domain::StepRecord&, StepResult&)>;

  Result<domain::StepRecord> Load(storage::Tx& tx, const domain::StepSpec& spec, int64_t id) const;
  Result<int64_t> PersonOf(const domain::StepSpec& spec, int64_t id) const;
  // Writes a new step (defaults, rules, row and version) inside the caller's transaction.
  Result<StepResult> InsertStep(storage::Tx& tx, const access::Principal& who,
                                const storage::Actor& actor, const domain::StepSpec& spec,
                                domain::StepRecord rec);
  // The child's care history must still make consistent episodes.
  Status CheckEpisodes(storage::Tx& tx, int64_t person_id) const;
  // Loads the step, checks the caller may open its child's record, then runs `write` on it in a
  // write transaction and returns the step as it then stands.
  Result<StepResult> Amend(const access::Principal& who, const storage::Actor& actor,
                           const domain::StepSpec& spec, int64_t id, const AmendFn& write);
  Result<domain::StepContext> ContextFor(storage::Tx& tx, const domain::StepSpec& spec,
                                         const domain::StepRecord& record,
                                         std::deque<domain::StepRecord>& holder) const;

  storage::Store& store_;
  const Clock& clock_;
  RecordAccess& access_;
  const clocks::WorkingCalendar& calendar_;
  const clocks::Timescales& timescales_;
};

}  // namespace haven::record
