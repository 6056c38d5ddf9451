#pragma once

// Made-up identities for the synthetic authority: names with a plausible mix for a northern
// English borough, addresses on invented streets in real Doncaster postcode districts, and
// identifiers in the right formats (UPNs with their check letter, NHS numbers from the range the
// NHS keeps for testing, with their check digit). No real person's details are used. Pure
// functions of a random source.

#include <cstdint>
#include <random>
#include <string>

#include "domain/person_details.h"

namespace haven::synth {

using Rng = std::mt19937_64;

// A uniformly chosen whole number in [lo, hi].
int64_t Uniform(Rng& rng, int64_t lo, int64_t hi);
// True with probability p.
bool Chance(Rng& rng, double p);

struct Name {
  std::string given;
  std::string family;
};

// A child's name for sex "M" or "F", drawn for the ethnicity code (WBRI, APKN, ...).
std::string GivenName(Rng& rng, const std::string& sex, const std::string& ethnicity);
std::string FamilyName(Rng& rng, const std::string& ethnicity);
// An ethnicity code with the borough's mix (mostly White British).
std::string Ethnicity(Rng& rng);

// An address in the borough; the postcode is well formed and in a DN district.
domain::Address HomeAddress(Rng& rng);
// A postcode only (for placements).
std::string Postcode(Rng& rng);

// A full UPN for the child numbered `serial` at a school in authority `la_code` (e.g. 371),
// with its check letter.
std::string Upn(int la_code, int64_t serial, int school_year);
// A valid NHS number in the 999 test range for the child numbered `serial`.
std::string NhsNumber(int64_t serial);

}  // namespace haven::synth
