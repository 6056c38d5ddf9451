#pragma once

// The front door: recording contacts, deciding them within 1 working day with a threshold reason,
// feeding back to the referrer, and the queue of contacts awaiting a decision with their clocks.

#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "clocks/calendar.h"
#include "clocks/timescales.h"
#include "common/clock.h"
#include "domain/contact.h"
#include "domain/person.h"
#include "record/record_access.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::record {

struct ContactView {
  domain::Contact contact;
  clocks::Clock decision_clock;  // due 1 working day after the contact came in
};

// What the worker sees on opening a contact: the contact, the child, and the child's history at
// the front door.
// One episode of involvement with the child, open or past, as the front door sees it.
struct Involvement {
  std::string kind;  // referral, cp_plan, cin_plan, early_help
  int64_t id = 0;
  std::string start_date;
  std::optional<std::string> end_date;  // none while open
  std::optional<std::string> team;      // the team holding a referral
};

struct ContactRecord {
  ContactView contact;
  domain::Person person;
  std::vector<ContactView> previous_contacts;  // newest first
  std::vector<Involvement> involvement;        // newest first
};

class ContactService {
 public:
  ContactService(storage::Store& store, const Clock& clock, const clocks::WorkingCalendar& calendar,
                 const clocks::Timescales& timescales, RecordAccess& access)
      : store_(store), clock_(clock), calendar_(calendar), timescales_(timescales),
        access_(access) {}

  Result<ContactView> Record(const access::Principal& who, const storage::Actor& actor,
                             domain::Contact c);
  Result<ContactView> Decide(const access::Principal& who, const storage::Actor& actor,
                             int64_t contact_id, int64_t expected_version,
                             const std::string& decision, const std::string& threshold_reason);
  Result<ContactView> RecordFeedback(const access::Principal& who, const storage::Actor& actor,
                                     int64_t contact_id, int64_t expected_version,
                                     const std::string& feedback);
  // Opens a contact (a logged read of the child's record).
  Result<ContactRecord> Get(const access::Principal& who, const storage::Actor& actor,
                            int64_t contact_id);
  // Contacts awaiting a decision, oldest first.
  Result<std::vector<ContactView>> Queue(const access::Principal& who);

 private:
  ContactView ViewOf(domain::Contact c) const;

  storage::Store& store_;
  const Clock& clock_;
  const clocks::WorkingCalendar& calendar_;
  const clocks::Timescales& timescales_;
  RecordAccess& access_;
};

}  // namespace haven::record
