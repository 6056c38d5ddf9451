#pragma once

// What else the record holds about a person: other names (aliases, previous and preferred names),
// addresses over time, alerts (such as a risk to staff, shown wherever the person appears), and
// relationships to other people. Types and rules only; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace haven::domain {

// Fields shared by every detail: which person, when it held, and its version.
struct DetailBase {
  int64_t id = 0;
  int64_t person_id = 0;
  std::optional<std::string> start_date;  // YYYY-MM-DD
  std::optional<std::string> end_date;    // YYYY-MM-DD; absent while current
  int64_t version = 0;
};

struct OtherName : DetailBase {
  std::string kind;  // alias, previous, preferred, birth
  std::string given_name;
  std::string family_name;
};

struct Address : DetailBase {
  std::string line1;
  std::optional<std::string> line2;
  std::optional<std::string> town;
  std::string postcode;  // normalised, e.g. "DN1 3DP"
};

struct Alert : DetailBase {
  std::string kind;  // risk_to_staff, risk_to_others, communication, medical, other
  std::string detail;
};

struct Relationship : DetailBase {
  int64_t related_person_id = 0;
  // What the related person is to this person: parent, child, sibling, carer, cared_for,
  // household_member, partner, grandparent, grandchild, other_relative, other.
  std::string kind;
};

const std::vector<std::string>& OtherNameKinds();
const std::vector<std::string>& AlertKinds();
const std::vector<std::string>& RelationshipKinds();
// The relationship seen from the other side: parent <-> child, sibling <-> sibling, ...
std::string InverseRelationship(std::string_view kind);

// True if the detail holds on `date` (YYYY-MM-DD).
bool IsCurrent(const DetailBase& d, const std::string& date);

// Each checks and normalises, naming the field at fault.
Status CheckPeriod(const DetailBase& d);
Status NormaliseOtherName(OtherName& n);
Status NormaliseAddress(Address& a);
Status NormaliseAlert(Alert& a);
Status NormaliseRelationship(Relationship& r);

}  // namespace haven::domain
