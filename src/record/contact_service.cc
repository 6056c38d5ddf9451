#include "record/contact_service.h"

#include "common/date.h"
#include "common/validate.h"
#include "record/internal/contact_rows.h"
#include "record/internal/person_rows.h"
#include "storage/versioned.h"

namespace haven::record {
namespace {

using domain::Contact;
using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

constexpr const char* kColumns =
    "id, person_id, received_at, source, referrer_name, referrer_agency, concerns, decision, "
    "threshold_reason, decided_at, decided_by, feedback_at, feedback, version";

Contact ContactFrom(const Row& r) {
  Contact c;
  c.id = r.Int(0);
  c.person_id = r.Int(1);
  c.received_at = r.Text(2);
  c.source = r.Text(3);
  c.referrer_name = r.Text(4);
  c.referrer_agency = r.OptText(5);
  c.concerns = r.Text(6);
  c.decision = r.OptText(7);
  c.threshold_reason = r.OptText(8);
  c.decided_at = r.OptText(9);
  c.decided_by = r.OptInt(10);
  c.feedback_at = r.OptText(11);
  c.feedback = r.OptText(12);
  c.version = r.Int(13);
  return c;
}

Result<Contact> LoadContact(Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(
      Rows rows, tx.Query(std::string("SELECT ") + kColumns + " FROM contacts WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("no contact with id " + std::to_string(id));
  return ContactFrom(rows.rows[0]);
}

// "2026-11-22T07:05" from a timestamp.
std::string Minute(TimePoint t) { return FormatTimestamp(t).substr(0, 16); }

}  // namespace

ContactView ContactService::ViewOf(Contact c) const {
  ContactView v;
  const Date received = *Date::Parse(c.received_at.substr(0, 10));
  std::optional<Date> decided;
  if (c.decided_at) decided = Date::Parse(c.decided_at->substr(0, 10));
  const Date today = *Date::Parse(FormatTimestamp(clock_.Now()).substr(0, 10));
  v.decision_clock =
      clocks::Evaluate(*timescales_.Find("contact_decision"), received, decided, today, calendar_);
  v.contact = std::move(c);
  return v;
}

Result<ContactView> ContactService::Record(const access::Principal& who,
                                           const storage::Actor& actor, Contact c) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  RETURN_IF_ERROR(domain::ValidateNewContact(c, Minute(clock_.Now())));
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(internal::LoadPerson(tx, c.person_id).status());
    ASSIGN_OR_RETURN(c.id, internal::InsertContact(tx, actor, c, clock_.Now()));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  c.version = 1;
  return ViewOf(std::move(c));
}

Result<ContactView> ContactService::Decide(const access::Principal& who,
                                           const storage::Actor& actor, int64_t contact_id,
                                           int64_t expected_version, const std::string& decision,
                                           const std::string& threshold_reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  RETURN_IF_ERROR(domain::ValidateDecision(decision, threshold_reason));
  Contact out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Contact c, LoadContact(tx, contact_id));
    if (c.decision) {
      return FailedPrecondition("this contact was already decided (" + *c.decision +
                                    "); record a new contact if something has changed",
                                "decision");
    }
    RETURN_IF_ERROR(internal::WriteDecision(tx, actor, contact_id, expected_version, decision,
                                            threshold_reason, who.user_id, clock_.Now()));
    ASSIGN_OR_RETURN(out, LoadContact(tx, contact_id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return ViewOf(std::move(out));
}

Result<ContactView> ContactService::RecordFeedback(const access::Principal& who,
                                                   const storage::Actor& actor, int64_t contact_id,
                                                   int64_t expected_version,
                                                   const std::string& feedback) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  if (feedback.empty()) return InvalidArgument("say what the referrer was told", "feedback");
  RETURN_IF_ERROR(ValidateText(feedback, "feedback", 4000));
  Contact out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Contact c, LoadContact(tx, contact_id));
    if (!c.decision) {
      return FailedPrecondition("decide the contact before feeding back to the referrer",
                                "feedback");
    }
    RETURN_IF_ERROR(storage::UpdateVersioned(
        tx, actor, "contacts", contact_id, expected_version,
        {{"feedback_at", FormatTimestamp(clock_.Now())}, {"feedback", feedback}}, "feedback",
        "feedback to the referrer", clock_.Now()));
    ASSIGN_OR_RETURN(out, LoadContact(tx, contact_id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return ViewOf(std::move(out));
}

Result<ContactRecord> ContactService::Get(const access::Principal& who, const storage::Actor& actor,
                                          int64_t contact_id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  int64_t person_id = 0;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Contact c, LoadContact(tx, contact_id));
    person_id = c.person_id;
    return Status::Ok();
  }));
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  ContactRecord out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Contact c, LoadContact(tx, contact_id));
    ASSIGN_OR_RETURN(out.person, internal::LoadPerson(tx, c.person_id));
    ASSIGN_OR_RETURN(Rows earlier, tx.Query(std::string("SELECT ") + kColumns +
                                                " FROM contacts WHERE person_id = ? AND id <> ? "
                                                "ORDER BY received_at DESC, id DESC",
                                            {c.person_id, contact_id}));
    for (const Row& r : earlier.rows) out.previous_contacts.push_back(ViewOf(ContactFrom(r)));
    ASSIGN_OR_RETURN(
        Rows involved,
        tx.Query("SELECT 'referral', r.id, r.referral_date, r.closure_date, t.name FROM referrals r "
                 "JOIN teams t ON t.id = r.team_id WHERE r.person_id = ? "
                 "UNION ALL SELECT 'cp_plan', id, start_date, end_date, NULL FROM cp_plans "
                 "WHERE person_id = ? UNION ALL SELECT 'cin_plan', id, start_date, end_date, NULL "
                 "FROM cin_plans WHERE person_id = ? UNION ALL SELECT 'early_help', id, "
                 "start_date, end_date, NULL FROM early_help WHERE person_id = ? "
                 "ORDER BY 3 DESC, 2 DESC",
                 {c.person_id, c.person_id, c.person_id, c.person_id}));
    for (const Row& r : involved.rows) {
      out.involvement.push_back({r.Text(0), r.Int(1), r.Text(2), r.OptText(3), r.OptText(4)});
    }
    out.contact = ViewOf(std::move(c));
    return storage::LogAccess(tx, actor, {"people", out.person.id, "contact", ""}, clock_.Now());
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<ContactView>> ContactService::Queue(const access::Principal& who) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  ASSIGN_OR_RETURN(Rows rows,
                   storage::QueryOnce(store_, std::string("SELECT ") + kColumns +
                                                  " FROM contacts WHERE decision IS NULL "
                                                  "ORDER BY received_at, id LIMIT 500"));
  std::vector<ContactView> out;
  for (const Row& r : rows.rows) out.push_back(ViewOf(ContactFrom(r)));
  return out;
}

}  // namespace haven::record
