#include "domain/person_details.h"

#include <algorithm>

#include "common/validate.h"
#include "domain/identifiers.h"

namespace haven::domain {
namespace {

Status OneOf(const std::string& value, const std::vector<std::string>& allowed,
             const std::string& field) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return Status::Ok();
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return InvalidArgument(field + " must be one of: " + list, field);
}

}  // namespace

const std::vector<std::string>& OtherNameKinds() {
  static const std::vector<std::string> kKinds = {"alias", "previous", "preferred", "birth"};
  return kKinds;
}

const std::vector<std::string>& AlertKinds() {
  static const std::vector<std::string> kKinds = {"risk_to_staff", "risk_to_others",
                                                   "communication", "medical", "other"};
  return kKinds;
}

const std::vector<std::string>& RelationshipKinds() {
  static const std::vector<std::string> kKinds = {
      "parent",      "child",      "sibling",        "carer", "cared_for", "household_member",
      "partner",     "grandparent", "grandchild",    "other_relative", "other"};
  return kKinds;
}

std::string InverseRelationship(std::string_view kind) {
  if (kind == "parent") return "child";
  if (kind == "child") return "parent";
  if (kind == "carer") return "cared_for";
  if (kind == "cared_for") return "carer";
  if (kind == "grandparent") return "grandchild";
  if (kind == "grandchild") return "grandparent";
  return std::string(kind);  // sibling, household_member, partner, other_relative, other
}

bool IsCurrent(const DetailBase& d, const std::string& date) {
  if (d.start_date && *d.start_date > date) return false;
  return !d.end_date || *d.end_date >= date;
}

Status CheckPeriod(const DetailBase& d) {
  if (d.start_date) RETURN_IF_ERROR(ValidateDate(*d.start_date, "start_date"));
  if (d.end_date) RETURN_IF_ERROR(ValidateDate(*d.end_date, "end_date"));
  if (d.start_date && d.end_date && *d.end_date < *d.start_date) {
    return InvalidArgument("the end date is before the start date", "end_date");
  }
  return Status::Ok();
}

Status NormaliseOtherName(OtherName& n) {
  RETURN_IF_ERROR(OneOf(n.kind, OtherNameKinds(), "kind"));
  RETURN_IF_ERROR(ValidateName(n.given_name, "given_name"));
  RETURN_IF_ERROR(ValidateName(n.family_name, "family_name"));
  return CheckPeriod(n);
}

Status NormaliseAddress(Address& a) {
  RETURN_IF_ERROR(ValidateName(a.line1, "line1"));
  if (a.line2) RETURN_IF_ERROR(ValidateName(*a.line2, "line2"));
  if (a.town) RETURN_IF_ERROR(ValidateName(*a.town, "town"));
  ASSIGN_OR_RETURN(a.postcode, NormalisePostcode(a.postcode, "postcode"));
  if (!a.start_date) return InvalidArgument("an address needs the date the person moved in", "start_date");
  return CheckPeriod(a);
}

Status NormaliseAlert(Alert& a) {
  RETURN_IF_ERROR(OneOf(a.kind, AlertKinds(), "kind"));
  if (a.detail.empty() || a.detail.size() > 2000) {
    return InvalidArgument("detail must be 1 to 2000 characters: say what colleagues need to know",
                           "detail");
  }
  if (!a.start_date) return InvalidArgument("an alert needs the date it starts", "start_date");
  return CheckPeriod(a);
}

Status NormaliseRelationship(Relationship& r) {
  RETURN_IF_ERROR(OneOf(r.kind, RelationshipKinds(), "kind"));
  if (r.related_person_id <= 0) return InvalidArgument("related_person_id is required", "related_person_id");
  if (r.related_person_id == r.person_id) {
    return InvalidArgument("a person cannot be related to themselves", "related_person_id");
  }
  return CheckPeriod(r);
}

}  // namespace haven::domain
