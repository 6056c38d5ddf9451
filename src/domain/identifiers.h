#pragma once

// Identifier checks: the unique pupil number (UPN) with its check letter, the NHS number with its
// modulus-11 check digit, and UK postcodes. Pure functions; each error names the field and says
// what is wrong.

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace haven::domain {

// The check letter a UPN's characters 2-13 call for (DfE method: weights 2 to 13, modulus 23,
// letters without I, O and S). nullopt if those characters are not 11 digits and a final digit or
// letter.
std::optional<char> UpnCheckLetter(std::string_view upn);

// A full or temporary UPN: 13 characters, a check letter, a 3-digit LA code, 8 more digits, and a
// final digit or (temporary UPN) letter; the check letter must match.
Status ValidateUpn(std::string_view upn, const std::string& field = "upn");

// A 10-digit NHS number whose last digit is the modulus-11 check digit. Spaces are allowed
// between groups ("943 476 5919").
Status ValidateNhsNumber(std::string_view nhs, const std::string& field = "nhs_number");
// The digits alone, if valid.
Result<std::string> NormaliseNhsNumber(std::string_view nhs, const std::string& field = "nhs_number");

// A UK postcode, in any case and spacing; returns it upper-cased with one space before the
// inward code ("dn1 3dp" -> "DN1 3DP").
Result<std::string> NormalisePostcode(std::string_view postcode,
                                      const std::string& field = "postcode");

}  // namespace haven::domain
