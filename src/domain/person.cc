#include "domain/person.h"

#include "common/validate.h"

namespace haven::domain {

std::string_view PersonKindName(PersonKind k) {
  switch (k) {
    case PersonKind::kChild:
      return "child";
    case PersonKind::kAdult:
      return "adult";
    case PersonKind::kUnborn:
      return "unborn";
  }
  return "child";
}

std::optional<PersonKind> ParsePersonKind(std::string_view s) {
  if (s == "child") return PersonKind::kChild;
  if (s == "adult") return PersonKind::kAdult;
  if (s == "unborn") return PersonKind::kUnborn;
  return std::nullopt;
}

Status ValidatePerson(const Person& p, const std::string& today) {
  RETURN_IF_ERROR(ValidateName(p.given_name, "given_name"));
  RETURN_IF_ERROR(ValidateName(p.family_name, "family_name"));
  if (p.sex != "M" && p.sex != "F" && p.sex != "U") {
    return InvalidArgument("sex must be M, F or U (not known)", "sex");
  }
  if (p.kind == PersonKind::kUnborn && !p.date_of_birth) {
    return InvalidArgument("an unborn child needs an expected date of birth", "date_of_birth");
  }
  if (p.date_of_birth) {
    RETURN_IF_ERROR(ValidateDate(*p.date_of_birth, "date_of_birth"));
    if (p.kind != PersonKind::kUnborn && *p.date_of_birth > today) {
      return InvalidArgument("date of birth is in the future; record an unborn child instead",
                             "date_of_birth");
    }
    if (p.kind == PersonKind::kUnborn && *p.date_of_birth < today) {
      return InvalidArgument("the expected date of birth of an unborn child has passed",
                             "date_of_birth");
    }
  }
  return Status::Ok();
}

}  // namespace haven::domain
