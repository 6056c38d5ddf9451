#pragma once

// A person known to children's services: the core of the record. This first version holds the
// identity fields every later part of the record hangs from; identifiers, addresses,
// relationships and alerts follow. Pure types and rules: no I/O.

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"

namespace haven::domain {

enum class PersonKind { kChild, kAdult, kUnborn };
std::string_view PersonKindName(PersonKind k);
std::optional<PersonKind> ParsePersonKind(std::string_view s);

struct Person {
  int64_t id = 0;
  int64_t service_area_id = 0;
  PersonKind kind = PersonKind::kChild;
  std::string given_name;
  std::string family_name;
  std::optional<std::string> date_of_birth;  // YYYY-MM-DD; the expected date for an unborn child
  std::string sex = "U";                     // M, F or U (not known), as the CIN census codes it
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

// Checks a person's fields against each other and against `today` (YYYY-MM-DD): names present and
// of sensible length; a date of birth that exists, not in the future for a born person and not in
// the past for an unborn child; sex one of M, F, U. The error names the field.
Status ValidatePerson(const Person& p, const std::string& today);

}  // namespace haven::domain
