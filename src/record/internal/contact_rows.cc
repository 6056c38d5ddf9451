#include "record/internal/contact_rows.h"

#include "storage/versioned.h"

namespace haven::record::internal {

Result<int64_t> InsertContact(storage::Tx& tx, const storage::Actor& actor,
                              const domain::Contact& c, TimePoint at) {
  return storage::InsertVersioned(tx, actor, "contacts",
                                  {{"person_id", c.person_id},
                                   {"received_at", c.received_at},
                                   {"source", c.source},
                                   {"referrer_name", c.referrer_name},
                                   {"referrer_agency", storage::OptionalText(c.referrer_agency)},
                                   {"concerns", c.concerns}},
                                  "contact recorded", at);
}

Status WriteDecision(storage::Tx& tx, const storage::Actor& actor, int64_t contact_id,
                     int64_t expected_version, const std::string& decision,
                     const std::string& threshold_reason, int64_t by, TimePoint at) {
  return storage::UpdateVersioned(tx, actor, "contacts", contact_id, expected_version,
                                  {{"decision", decision},
                                   {"threshold_reason", threshold_reason},
                                   {"decided_at", FormatTimestamp(at)},
                                   {"decided_by", by}},
                                  "decide", "decision: " + decision, at);
}

}  // namespace haven::record::internal
