#include "record/people_service.h"

namespace haven::record {
namespace {

using domain::Person;
using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

constexpr const char* kColumns =
    "id, service_area_id, kind, given_name, family_name, date_of_birth, sex, version, created_at, "
    "updated_at";

Person PersonFrom(const Row& r) {
  Person p;
  p.id = r.Int(0);
  p.service_area_id = r.Int(1);
  p.kind = domain::ParsePersonKind(r.Text(2)).value_or(domain::PersonKind::kChild);
  p.given_name = r.Text(3);
  p.family_name = r.Text(4);
  p.date_of_birth = r.OptText(5);
  p.sex = r.Text(6);
  p.version = r.Int(7);
  p.created_at = r.Text(8);
  p.updated_at = r.Text(9);
  return p;
}

Result<Person> Load(Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(Rows rows,
                   tx.Query(std::string("SELECT ") + kColumns + " FROM people WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("no person with id " + std::to_string(id));
  return PersonFrom(rows.rows[0]);
}

std::string Today(const Clock& clock) { return FormatTimestamp(clock.Now()).substr(0, 10); }

}  // namespace

Result<Person> PeopleService::Create(const access::Principal& who, const storage::Actor& actor,
                                     const Person& p, const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  RETURN_IF_ERROR(domain::ValidatePerson(p, Today(clock_)));
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  const TimePoint now = clock_.Now();
  const std::string stamp = FormatTimestamp(now);
  Person out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows area,
                     tx.Query("SELECT id FROM service_areas WHERE id = ?", {p.service_area_id}));
    if (area.empty()) {
      return InvalidArgument("no service area with id " + std::to_string(p.service_area_id),
                             "service_area_id");
    }
    ASSIGN_OR_RETURN(
        Rows rows,
        tx.Query(
            "INSERT INTO people (service_area_id, kind, given_name, family_name, "
            "date_of_birth, sex, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, "
            "?, ?) RETURNING id",
            {p.service_area_id, std::string(domain::PersonKindName(p.kind)), p.given_name,
             p.family_name, storage::OptionalText(p.date_of_birth), p.sex, stamp, stamp}));
    const int64_t id = rows.rows.at(0).Int(0);
    RETURN_IF_ERROR(storage::WriteVersion(tx, actor, {"people", id, "create", reason}, now));
    ASSIGN_OR_RETURN(out, Load(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<Person> PeopleService::Get(const access::Principal& who, const storage::Actor& actor,
                                  int64_t id, const std::string& purpose) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  Person out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, Load(tx, id));
    return storage::LogAccess(tx, actor, {"people", id, "read", purpose}, clock_.Now());
  });
  if (!s.ok()) return s;
  return out;
}

Result<Person> PeopleService::Update(const access::Principal& who, const storage::Actor& actor,
                                     int64_t id, int64_t expected_version, const PersonPatch& patch,
                                     const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  const TimePoint now = clock_.Now();
  Person out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Person p, Load(tx, id));
    if (p.version != expected_version) {
      return FailedPrecondition("the record was changed by someone else (now version " +
                                    std::to_string(p.version) + "); reload it and try again",
                                "version");
    }
    if (patch.given_name) p.given_name = *patch.given_name;
    if (patch.family_name) p.family_name = *patch.family_name;
    if (patch.date_of_birth) p.date_of_birth = *patch.date_of_birth;
    if (patch.sex) p.sex = *patch.sex;
    RETURN_IF_ERROR(domain::ValidatePerson(p, Today(clock_)));
    RETURN_IF_ERROR(tx.Exec("UPDATE people SET given_name = ?, family_name = ?, date_of_birth = ?, "
                            "sex = ?, version = version + 1, updated_at = ? WHERE id = ?",
                            {p.given_name, p.family_name, storage::OptionalText(p.date_of_birth),
                             p.sex, FormatTimestamp(now), id})
                        .status());
    RETURN_IF_ERROR(storage::WriteVersion(tx, actor, {"people", id, "update", reason}, now));
    ASSIGN_OR_RETURN(out, Load(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<storage::Version>> PeopleService::History(const access::Principal& who,
                                                             const storage::Actor& actor,
                                                             int64_t id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadRecordHistory));
  std::vector<storage::Version> out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(Load(tx, id).status());
    ASSIGN_OR_RETURN(out, storage::ListVersions(tx, "people", id));
    return storage::LogAccess(tx, actor, {"people", id, "history", ""}, clock_.Now());
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<storage::AccessEntry>> PeopleService::AccessLog(const access::Principal& who,
                                                                   const storage::Actor& actor,
                                                                   int64_t id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadRecordHistory));
  std::vector<storage::AccessEntry> out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(Load(tx, id).status());
    ASSIGN_OR_RETURN(out, storage::ListAccess(tx, "people", id));
    return storage::LogAccess(tx, actor, {"people", id, "access_log", ""}, clock_.Now());
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace haven::record
