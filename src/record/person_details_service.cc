#include "record/person_details_service.h"

#include "record/internal/person_rows.h"
#include "storage/versioned.h"

namespace haven::record {
namespace {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

std::string Today(const Clock& clock) { return FormatTimestamp(clock.Now()).substr(0, 10); }

void ReadBase(const Row& r, domain::DetailBase& d) {
  // Every detail query selects id, person_id, start_date, end_date, version first.
  d.id = r.Int(0);
  d.person_id = r.Int(1);
  d.start_date = r.OptText(2);
  d.end_date = r.OptText(3);
  d.version = r.Int(4);
}

constexpr const char* kBase = "id, person_id, start_date, end_date, version";

storage::Columns BaseColumns(const domain::DetailBase& d) {
  return {{"person_id", d.person_id},
          {"start_date", storage::OptionalText(d.start_date)},
          {"end_date", storage::OptionalText(d.end_date)}};
}

storage::Columns With(storage::Columns base, storage::Columns more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

Result<std::vector<domain::OtherName>> LoadNames(Tx& tx, int64_t person_id) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query(std::string("SELECT ") + kBase +
                                           ", kind, given_name, family_name FROM person_names "
                                           "WHERE person_id = ? ORDER BY id",
                                       {person_id}));
  std::vector<domain::OtherName> out;
  for (const Row& r : rows.rows) {
    domain::OtherName n;
    ReadBase(r, n);
    n.kind = r.Text(5);
    n.given_name = r.Text(6);
    n.family_name = r.Text(7);
    out.push_back(std::move(n));
  }
  return out;
}

Result<std::vector<domain::Address>> LoadAddresses(Tx& tx, int64_t person_id) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query(std::string("SELECT ") + kBase +
                                           ", line1, line2, town, postcode FROM person_addresses "
                                           "WHERE person_id = ? ORDER BY start_date, id",
                                       {person_id}));
  std::vector<domain::Address> out;
  for (const Row& r : rows.rows) {
    domain::Address a;
    ReadBase(r, a);
    a.line1 = r.Text(5);
    a.line2 = r.OptText(6);
    a.town = r.OptText(7);
    a.postcode = r.Text(8);
    out.push_back(std::move(a));
  }
  return out;
}

// Both directions: rows this person owns, and rows naming them, turned round.
Result<std::vector<RelationshipView>> LoadRelationships(Tx& tx, int64_t person_id) {
  ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query("SELECT r.id, r.person_id, r.start_date, r.end_date, r.version, r.kind, "
               "r.related_person_id, o.given_name, o.family_name, 1 AS owned "
               "FROM person_relationships r "
               "JOIN people o ON o.id = r.related_person_id WHERE r.person_id = ? "
               "UNION ALL "
               "SELECT r.id, r.related_person_id, r.start_date, r.end_date, r.version, r.kind, "
               "r.person_id, o.given_name, o.family_name, 0 AS owned "
               "FROM person_relationships r "
               "JOIN people o ON o.id = r.person_id WHERE r.related_person_id = ? "
               "ORDER BY 1",
               {person_id, person_id}));
  std::vector<RelationshipView> out;
  for (const Row& r : rows.rows) {
    RelationshipView v;
    ReadBase(r, v.relationship);
    const bool owned = r.Int(9) == 1;
    v.relationship.person_id = person_id;
    v.relationship.related_person_id = r.Int(6);
    // A row written from the other person's side reads the other way round here.
    v.relationship.kind = owned ? r.Text(5) : domain::InverseRelationship(r.Text(5));
    v.related_name = r.Text(7) + " " + r.Text(8);
    out.push_back(std::move(v));
  }
  return out;
}

Status RequireReason(const std::string& reason) {
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  return Status::Ok();
}

}  // namespace

std::string_view DetailPath(DetailKind k) {
  switch (k) {
    case DetailKind::kName:
      return "names";
    case DetailKind::kAddress:
      return "addresses";
    case DetailKind::kAlert:
      return "alerts";
    case DetailKind::kRelationship:
      return "relationships";
  }
  return "names";
}

std::optional<DetailKind> ParseDetailPath(std::string_view path) {
  for (auto k :
       {DetailKind::kName, DetailKind::kAddress, DetailKind::kAlert, DetailKind::kRelationship}) {
    if (DetailPath(k) == path) return k;
  }
  return std::nullopt;
}

namespace {

// Checks, in order, that the caller may change records, that the detail is valid (normalising
// it), and that a reason is given.
template <typename T>
Status Admit(const access::Principal& who, T& detail, Status (*normalise)(T&),
             const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  RETURN_IF_ERROR(normalise(detail));
  return RequireReason(reason);
}

// Writes an admitted detail: the person exists, `check` (if any) passes, and the row, its first
// version and whatever `after` derives from it are written together.
template <typename T>
Result<T> AddDetail(storage::Store& store, const Clock& clock, const storage::Actor& actor,
                    T detail, const std::string& table, const storage::Columns& fields,
                    const std::string& reason,
                    const std::function<Status(Tx&, const T&)>& check = {},
                    const std::function<Status(Tx&, const T&)>& after = {}) {
  Status s = store.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(internal::LoadPerson(tx, detail.person_id).status());
    if (check) RETURN_IF_ERROR(check(tx, detail));
    ASSIGN_OR_RETURN(detail.id,
                     storage::InsertVersioned(tx, actor, table, With(BaseColumns(detail), fields),
                                              reason, clock.Now()));
    if (after) RETURN_IF_ERROR(after(tx, detail));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  detail.version = 1;
  return detail;
}

}  // namespace

Result<domain::OtherName> PersonDetailsService::AddName(const access::Principal& who,
                                                        const storage::Actor& actor,
                                                        domain::OtherName n,
                                                        const std::string& reason) {
  RETURN_IF_ERROR(Admit(who, n, domain::NormaliseOtherName, reason));
  RETURN_IF_ERROR(access_.Check(who, actor, n.person_id));
  // An alias is found by search as soon as it is recorded.
  auto index = [](Tx& tx, const domain::OtherName& name) -> Status {
    return internal::RefreshSearchKeys(tx, name.person_id);
  };
  return AddDetail<domain::OtherName>(
      store_, clock_, actor, n, "person_names",
      {{"kind", n.kind}, {"given_name", n.given_name}, {"family_name", n.family_name}}, reason, {},
      index);
}

Result<domain::Address> PersonDetailsService::AddAddress(const access::Principal& who,
                                                         const storage::Actor& actor,
                                                         domain::Address a,
                                                         const std::string& reason) {
  RETURN_IF_ERROR(Admit(who, a, domain::NormaliseAddress, reason));
  RETURN_IF_ERROR(access_.Check(who, actor, a.person_id));
  return AddDetail<domain::Address>(store_, clock_, actor, a, "person_addresses",
                                    {{"line1", a.line1},
                                     {"line2", storage::OptionalText(a.line2)},
                                     {"town", storage::OptionalText(a.town)},
                                     {"postcode", a.postcode}},
                                    reason);
}

Result<domain::Alert> PersonDetailsService::AddAlert(const access::Principal& who,
                                                     const storage::Actor& actor, domain::Alert a,
                                                     const std::string& reason) {
  RETURN_IF_ERROR(Admit(who, a, domain::NormaliseAlert, reason));
  RETURN_IF_ERROR(access_.Check(who, actor, a.person_id));
  return AddDetail<domain::Alert>(store_, clock_, actor, a, "person_alerts",
                                  {{"kind", a.kind}, {"detail", a.detail}}, reason);
}

Result<domain::Relationship> PersonDetailsService::AddRelationship(const access::Principal& who,
                                                                   const storage::Actor& actor,
                                                                   domain::Relationship r,
                                                                   const std::string& reason) {
  RETURN_IF_ERROR(Admit(who, r, domain::NormaliseRelationship, reason));
  RETURN_IF_ERROR(access_.Check(who, actor, r.person_id));
  // The other person must exist, and the pair may have only one current relationship, whichever
  // side recorded it.
  auto check = [](Tx& tx, const domain::Relationship& rel) -> Status {
    if (!internal::LoadPerson(tx, rel.related_person_id).ok()) {
      return InvalidArgument("no person with id " + std::to_string(rel.related_person_id),
                             "related_person_id");
    }
    ASSIGN_OR_RETURN(
        Rows dup,
        tx.Query("SELECT id FROM person_relationships WHERE end_date IS NULL AND "
                 "((person_id = ? AND related_person_id = ?) OR "
                 "(person_id = ? AND related_person_id = ?))",
                 {rel.person_id, rel.related_person_id, rel.related_person_id, rel.person_id}));
    if (!dup.empty()) {
      return AlreadyExists("these two people already have a current relationship; end it first",
                           "related_person_id");
    }
    return Status::Ok();
  };
  return AddDetail<domain::Relationship>(
      store_, clock_, actor, r, "person_relationships",
      {{"related_person_id", r.related_person_id}, {"kind", r.kind}}, reason, check);
}

Status PersonDetailsService::End(const access::Principal& who, const storage::Actor& actor,
                                 DetailKind kind, int64_t person_id, int64_t detail_id,
                                 int64_t expected_version, const std::string& end_date,
                                 const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  RETURN_IF_ERROR(RequireReason(reason));
  const std::string table = "person_" + std::string(DetailPath(kind));
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    // A relationship may be ended from either person's record.
    const std::string owner = kind == DetailKind::kRelationship
                                  ? "(person_id = ? OR related_person_id = ?)"
                                  : "(person_id = ? AND person_id = ?)";
    ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT start_date, end_date FROM " + table +
                                             " WHERE id = ? AND " + owner,
                                         {detail_id, person_id, person_id}));
    if (rows.empty()) {
      return NotFound("person " + std::to_string(person_id) + " has no such " +
                      std::string(DetailPath(kind)) + " entry " + std::to_string(detail_id));
    }
    domain::DetailBase period;
    period.start_date = rows.rows[0].OptText(0);
    period.end_date = end_date;
    if (rows.rows[0].OptText(1)) {
      return FailedPrecondition("this entry already ended on " + rows.rows[0].Text(1), "end_date");
    }
    RETURN_IF_ERROR(domain::CheckPeriod(period));
    return storage::UpdateVersioned(tx, actor, table, detail_id, expected_version,
                                    {{"end_date", end_date}}, "end", reason, clock_.Now());
  });
}

Result<PersonRecord> PersonDetailsService::GetRecord(const access::Principal& who,
                                                     const storage::Actor& actor, int64_t person_id,
                                                     const std::string& purpose) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  RETURN_IF_ERROR(access_.Check(who, actor, person_id));
  PersonRecord out;
  const std::string today = Today(clock_);
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out.person, internal::LoadPerson(tx, person_id));
    ASSIGN_OR_RETURN(out.names, LoadNames(tx, person_id));
    ASSIGN_OR_RETURN(out.addresses, LoadAddresses(tx, person_id));
    ASSIGN_OR_RETURN(out.alerts, internal::LoadAlerts(tx, person_id));
    ASSIGN_OR_RETURN(out.relationships, LoadRelationships(tx, person_id));
    for (const auto& a : out.alerts) {
      if (domain::IsCurrent(a, today)) out.current_alerts.push_back(a);
    }
    return storage::LogAccess(tx, actor, {"people", person_id, "read", purpose}, clock_.Now());
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace haven::record
