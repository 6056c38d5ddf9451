#include "record/people_service.h"

#include "record/internal/person_rows.h"

namespace haven::record {
namespace {

using domain::Person;
using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

Status MapConflict(const Status& s) {
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("another person already has this LA child id", "la_child_id");
  }
  return s;
}

std::string Today(const Clock& clock) { return FormatTimestamp(clock.Now()).substr(0, 10); }

}  // namespace

Result<Person> PeopleService::Create(const access::Principal& who, const storage::Actor& actor,
                                     const Person& input, const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  Person p = input;
  RETURN_IF_ERROR(domain::NormalisePerson(p));
  RETURN_IF_ERROR(domain::ValidatePerson(p, Today(clock_)));
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  const TimePoint now = clock_.Now();
  Person out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows area,
                     tx.Query("SELECT id FROM service_areas WHERE id = ?", {p.service_area_id}));
    if (area.empty()) {
      return InvalidArgument("no service area with id " + std::to_string(p.service_area_id),
                             "service_area_id");
    }
    ASSIGN_OR_RETURN(const int64_t id, internal::InsertPerson(tx, actor, p, reason, now));
    ASSIGN_OR_RETURN(out, internal::LoadPerson(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) return MapConflict(s);
  return out;
}

Result<Person> PeopleService::Get(const access::Principal& who, const storage::Actor& actor,
                                  int64_t id, const std::string& purpose) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  RETURN_IF_ERROR(access_.Check(who, actor, id));
  Person out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, internal::LoadPerson(tx, id));
    return storage::LogAccess(tx, actor, {"people", id, "read", purpose}, clock_.Now());
  });
  if (!s.ok()) return s;
  return out;
}

Result<Person> PeopleService::Update(const access::Principal& who, const storage::Actor& actor,
                                     int64_t id, int64_t expected_version,
                                     const PersonChange& change, const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kWritePerson));
  RETURN_IF_ERROR(access_.Check(who, actor, id));
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  const TimePoint now = clock_.Now();
  Person out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Person p, internal::LoadPerson(tx, id));
    if (p.version != expected_version) {
      return FailedPrecondition("the record was changed by someone else (now version " +
                                    std::to_string(p.version) + "); reload it and try again",
                                "version");
    }
    const int64_t service_area = p.service_area_id;
    RETURN_IF_ERROR(change(p));
    if (p.service_area_id != service_area) {
      return InvalidArgument("a person moves between service areas by transfer, not by editing",
                             "service_area_id");
    }
    RETURN_IF_ERROR(domain::NormalisePerson(p));
    RETURN_IF_ERROR(domain::ValidatePerson(p, Today(clock_)));
    storage::Params params = internal::PersonValues(p);
    params.push_back(FormatTimestamp(now));
    params.push_back(id);
    RETURN_IF_ERROR(tx.Exec("UPDATE people SET service_area_id = ?, kind = ?, given_name = ?, "
                            "family_name = ?, date_of_birth = ?, sex = ?, gender = ?, "
                            "ethnicity = ?, disabilities = ?, la_child_id = ?, upn = ?, "
                            "former_upn = ?, upn_unknown = ?, nhs_number = ?, "
                            "version = version + 1, updated_at = ? WHERE id = ?",
                            params)
                        .status());
    RETURN_IF_ERROR(storage::WriteVersion(tx, actor, {"people", id, "update", reason}, now));
    RETURN_IF_ERROR(internal::RefreshSearchKeys(tx, id));
    ASSIGN_OR_RETURN(out, internal::LoadPerson(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) return MapConflict(s);
  return out;
}

Result<std::vector<storage::Version>> PeopleService::History(const access::Principal& who,
                                                             const storage::Actor& actor,
                                                             int64_t id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadRecordHistory));
  RETURN_IF_ERROR(access_.Check(who, actor, id));
  std::vector<storage::Version> out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(internal::LoadPerson(tx, id).status());
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
  RETURN_IF_ERROR(access_.Check(who, actor, id));
  std::vector<storage::AccessEntry> out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(internal::LoadPerson(tx, id).status());
    ASSIGN_OR_RETURN(out, storage::ListAccess(tx, "people", id));
    return storage::LogAccess(tx, actor, {"people", id, "access_log", ""}, clock_.Now());
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Person>> PeopleService::RecentlyViewed(const access::Principal& who, int limit) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  std::vector<Person> out;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto ids, storage::RecentlyRead(tx, who.user_id, "people", limit));
    for (int64_t id : ids) {
      ASSIGN_OR_RETURN(auto refusal, access_.Refusal(tx, who, id));
      if (refusal) continue;
      Result<Person> p = internal::LoadPerson(tx, id);
      if (p.ok()) out.push_back(std::move(p).value());
    }
    return Status::Ok();
  }));
  return out;
}

Result<Person> PeopleService::Identify(const access::Principal& who, int64_t id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerson));
  Person full;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(full, internal::LoadPerson(tx, id));
    return Status::Ok();
  }));
  Person out;
  out.id = full.id;
  out.kind = full.kind;
  out.given_name = full.given_name;
  out.family_name = full.family_name;
  out.date_of_birth = full.date_of_birth;
  out.sex = full.sex;
  out.la_child_id = full.la_child_id;
  out.merged_into = full.merged_into;
  out.restricted = full.restricted;
  return out;
}

}  // namespace haven::record
