#pragma once

// Who may open which child's record (record-level access, on top of the role permissions in
// access/roles). The rules:
// - a restricted record opens only to the users named on it, whatever their role;
// - directors, performance officers and reviewing officers read across the authority;
// - a social worker reads the children allocated to them and to their team;
// - a team manager reads the children of their team;
// - front-door workers read children with a contact in the last 30 days;
// - a person never open to any team (a new contact, a parent) is readable by every role that
//   reads records.
// "Their team" is the team of a current allocation or an open referral; a closed case stays with
// the team that last held it. Every refusal is written to the access log as "refused".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

class RecordAccess {
 public:
  RecordAccess(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // OK, NotFound, or PermissionDenied (after logging the refusal in its own transaction, so the
  // log survives the failed request).
  Status Check(const access::Principal& who, const storage::Actor& actor, int64_t person_id);
  // The same decision inside a caller's transaction, without logging: the refusal reason, or
  // nullopt when allowed.
  Result<std::optional<std::string>> Refusal(storage::Tx& tx, const access::Principal& who,
                                             int64_t person_id) const;

  // Restricts a record to the named users (a manager's decision, versioned), or lifts it when
  // `users` is empty. The manager restricting it is always named.
  Status Restrict(const access::Principal& who, const storage::Actor& actor, int64_t person_id,
                  std::vector<int64_t> users, const std::string& reason);

 private:
  storage::Store& store_;
  const Clock& clock_;
};

}  // namespace haven::record
