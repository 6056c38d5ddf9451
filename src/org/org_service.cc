#include "org/org_service.h"

#include "storage/versioned.h"

namespace haven::org {
namespace {

using storage::Params;
using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

Organisation OrganisationFrom(const Row& r) {
  return {r.Int(0), r.Text(1), r.Text(2), ParseKind(r.Text(3)).value_or(OrganisationKind::kCouncil),
          r.Int(4) != 0};
}

Status RequireReason(const std::string& reason) {
  if (reason.empty()) return InvalidArgument("a reason for the change is required", "reason");
  return Status::Ok();
}

}  // namespace

Result<Organisation> OrgService::CreateOrganisation(const storage::Actor& actor,
                                                    const Organisation& o,
                                                    const std::string& reason) {
  RETURN_IF_ERROR(ValidateCode(o.code, "code"));
  RETURN_IF_ERROR(ValidateName(o.name, "name"));
  RETURN_IF_ERROR(RequireReason(reason));
  Organisation out = o;
  const TimePoint now = clock_.Now();
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out.id,
                     storage::InsertVersioned(tx, actor, "organisations",
                                              {{"code", o.code},
                                               {"name", o.name},
                                               {"kind", std::string(KindName(o.kind))},
                                               {"active", int64_t{1}}},
                                              reason, now));
    return Status::Ok();
  });
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("an organisation with code '" + o.code + "' already exists", "code");
  }
  if (!s.ok()) return s;
  out.active = true;
  return out;
}

Result<std::vector<Organisation>> OrgService::ListOrganisations() {
  ASSIGN_OR_RETURN(Rows rows, storage::QueryOnce(store_,
                                                 "SELECT id, code, name, kind, active FROM "
                                                 "organisations ORDER BY name"));
  std::vector<Organisation> out;
  for (const Row& r : rows.rows) out.push_back(OrganisationFrom(r));
  return out;
}

Result<ServiceArea> OrgService::CreateServiceArea(const storage::Actor& actor,
                                                  const NewServiceArea& a,
                                                  const std::string& reason) {
  RETURN_IF_ERROR(ValidateCode(a.code, "code"));
  RETURN_IF_ERROR(ValidateName(a.name, "name"));
  RETURN_IF_ERROR(ValidateDate(a.effective_from, "effective_from"));
  RETURN_IF_ERROR(RequireReason(reason));
  ServiceArea out{0, a.code, a.name, a.parent_id, true};
  const TimePoint now = clock_.Now();
  const std::string stamp = FormatTimestamp(now);
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows org,
                     tx.Query("SELECT id FROM organisations WHERE id = ?", {a.organisation_id}));
    if (org.empty())
      return NotFound("no organisation with id " + std::to_string(a.organisation_id));
    if (a.parent_id) {
      ASSIGN_OR_RETURN(Rows parent,
                       tx.Query("SELECT id FROM service_areas WHERE id = ?", {*a.parent_id}));
      if (parent.empty()) {
        return InvalidArgument("no service area with id " + std::to_string(*a.parent_id),
                               "parent_id");
      }
    }
    ASSIGN_OR_RETURN(
        out.id, storage::InsertVersioned(
                    tx, actor, "service_areas",
                    {{"code", a.code},
                     {"name", a.name},
                     {"parent_id", a.parent_id ? storage::Value(*a.parent_id) : storage::Null()},
                     {"active", int64_t{1}}},
                    reason, now));
    return storage::InsertVersioned(tx, actor, "service_area_owners",
                                    {{"service_area_id", out.id},
                                     {"organisation_id", a.organisation_id},
                                     {"effective_from", a.effective_from}},
                                    reason, now)
        .status();
  });
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("a service area with code '" + a.code + "' already exists", "code");
  }
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<ServiceArea>> OrgService::ListServiceAreas() {
  ASSIGN_OR_RETURN(Rows rows, storage::QueryOnce(store_,
                                                 "SELECT id, code, name, parent_id, active FROM "
                                                 "service_areas ORDER BY id"));
  std::vector<ServiceArea> out;
  for (const Row& r : rows.rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptInt(3), r.Int(4) != 0});
  }
  return out;
}

Result<Team> OrgService::CreateTeam(const storage::Actor& actor, const Team& t,
                                    const std::string& reason) {
  RETURN_IF_ERROR(ValidateCode(t.code, "code"));
  RETURN_IF_ERROR(ValidateName(t.name, "name"));
  RETURN_IF_ERROR(RequireReason(reason));
  Team out = t;
  const TimePoint now = clock_.Now();
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows area,
                     tx.Query("SELECT id FROM service_areas WHERE id = ?", {t.service_area_id}));
    if (area.empty()) {
      return InvalidArgument("no service area with id " + std::to_string(t.service_area_id),
                             "service_area_id");
    }
    ASSIGN_OR_RETURN(
        out.id,
        storage::InsertVersioned(tx, actor, "teams",
                                 {{"code", t.code},
                                  {"name", t.name},
                                  {"service_area_id", t.service_area_id},
                                  {"active", int64_t{1}}},
                                 reason, now));
    return Status::Ok();
  });
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("a team with code '" + t.code + "' already exists", "code");
  }
  if (!s.ok()) return s;
  out.active = true;
  return out;
}

Result<std::vector<Team>> OrgService::ListTeams() {
  ASSIGN_OR_RETURN(Rows rows, storage::QueryOnce(store_,
                                                 "SELECT id, code, name, service_area_id, "
                                                 "active FROM teams ORDER BY name"));
  std::vector<Team> out;
  for (const Row& r : rows.rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4) != 0});
  return out;
}

Result<Team> OrgService::FindTeamByCode(const std::string& code) {
  ASSIGN_OR_RETURN(Rows rows, storage::QueryOnce(store_,
                                                 "SELECT id, code, name, service_area_id, active "
                                                 "FROM teams WHERE code = ?",
                                                 {code}));
  if (rows.empty()) return NotFound("no team with code '" + code + "'");
  const Row& r = rows.rows[0];
  return Team{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4) != 0};
}

Result<Organisation> OrgService::OwnerOn(int64_t service_area_id, const std::string& date) {
  RETURN_IF_ERROR(ValidateDate(date, "date"));
  ASSIGN_OR_RETURN(
      Rows rows,
      storage::QueryOnce(store_,
                         "SELECT o.id, o.code, o.name, o.kind, o.active FROM service_area_owners s "
                         "JOIN organisations o ON o.id = s.organisation_id "
                         "WHERE s.service_area_id = ? AND s.effective_from <= ? "
                         "AND (s.effective_to IS NULL OR s.effective_to > ?) "
                         "ORDER BY s.effective_from DESC LIMIT 1",
                         {service_area_id, date, date}));
  if (rows.empty()) {
    return NotFound("no organisation runs service area " + std::to_string(service_area_id) +
                    " on " + date);
  }
  return OrganisationFrom(rows.rows[0]);
}

}  // namespace haven::org
