#pragma once

// A person known to children's services: the core of the record. This first version holds the
// identity fields every later part of the record hangs from; identifiers, addresses,
// relationships and alerts follow. Pure types and rules: no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  std::optional<std::string> gender;         // as the person describes it, free text
  std::optional<std::string> ethnicity;      // DfE ethnicity code, e.g. WBRI
  std::vector<std::string> disabilities;     // DfE disability codes; empty when not recorded
  // Identifiers.
  std::optional<std::string> la_child_id;  // the authority's own child id, unique
  std::optional<std::string> upn;          // unique pupil number, check letter validated
  std::optional<std::string> former_upn;
  std::optional<std::string> upn_unknown;  // UN1-UN7 when there is no UPN
  std::optional<std::string> nhs_number;   // 10 digits, modulus-11 checked
  // Set by Haven, never by a change to the person: the record this one was merged into, and
  // whether the record is restricted to named users.
  std::optional<int64_t> merged_into;
  bool restricted = false;
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

// Checks a person's fields against each other and against `today` (YYYY-MM-DD): names present and
// of sensible length; a date of birth that exists, not in the future for a born person and not in
// the past for an unborn child; sex, ethnicity and disabilities from the DfE code lists; UPN,
// former UPN and NHS number with valid check characters; a UPN-unknown reason only without a UPN.
// The error names the field. NormalisePerson should run first.
Status ValidatePerson(const Person& p, const std::string& today);

// Puts identifiers in their stored form (upper case; NHS number as 10 digits). Fails, naming the
// field, when one cannot be read at all.
Status NormalisePerson(Person& p);

}  // namespace haven::domain
