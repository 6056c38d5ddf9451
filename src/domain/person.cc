#include "domain/person.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/validate.h"
#include "domain/codes.h"
#include "domain/identifiers.h"

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
  RETURN_IF_ERROR(CheckCode("sex", p.sex, "sex"));
  if (p.gender && p.gender->size() > 100) {
    return InvalidArgument("gender must be at most 100 characters", "gender");
  }
  if (p.ethnicity) RETURN_IF_ERROR(CheckCode("ethnicity", *p.ethnicity, "ethnicity"));
  std::set<std::string> seen;
  for (const auto& d : p.disabilities) {
    RETURN_IF_ERROR(CheckCode("disability", d, "disabilities"));
    if (!seen.insert(d).second)
      return InvalidArgument("disability " + d + " is listed twice", "disabilities");
  }
  if (seen.count("NONE") && seen.size() > 1) {
    return InvalidArgument("NONE cannot be recorded with other disabilities", "disabilities");
  }
  if (p.la_child_id && (p.la_child_id->empty() || p.la_child_id->size() > 40)) {
    return InvalidArgument("la_child_id must be 1 to 40 characters", "la_child_id");
  }
  if (p.upn) RETURN_IF_ERROR(ValidateUpn(*p.upn, "upn"));
  if (p.former_upn) RETURN_IF_ERROR(ValidateUpn(*p.former_upn, "former_upn"));
  if (p.upn && p.former_upn && *p.upn == *p.former_upn) {
    return InvalidArgument("the former UPN is the same as the UPN", "former_upn");
  }
  if (p.upn_unknown) {
    RETURN_IF_ERROR(CheckCode("upn_unknown", *p.upn_unknown, "upn_unknown"));
    if (p.upn)
      return InvalidArgument("give a UPN or a reason it is unknown, not both", "upn_unknown");
  }
  if (p.nhs_number) RETURN_IF_ERROR(ValidateNhsNumber(*p.nhs_number, "nhs_number"));
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

namespace {
void Upper(std::optional<std::string>& v) {
  if (!v) return;
  std::string out;
  for (char c : *v) {
    if (c != ' ') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  *v = out;
}
}  // namespace

Status NormalisePerson(Person& p) {
  Upper(p.upn);
  Upper(p.former_upn);
  Upper(p.upn_unknown);
  Upper(p.ethnicity);
  for (auto& d : p.disabilities) {
    std::transform(d.begin(), d.end(), d.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  std::sort(p.disabilities.begin(), p.disabilities.end());
  if (p.nhs_number) {
    ASSIGN_OR_RETURN(*p.nhs_number, NormaliseNhsNumber(*p.nhs_number, "nhs_number"));
  }
  return Status::Ok();
}

}  // namespace haven::domain
