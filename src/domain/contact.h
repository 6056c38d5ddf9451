#pragma once

// The front door: a contact is the first approach about a child. It records when it came, from
// whom (CIN referral source codes), and the concerns; then a decision with its threshold reason,
// due within 1 working day; then feedback to the referrer. Types and rules only; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace haven::domain {

struct Contact {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string received_at;  // YYYY-MM-DDTHH:MM, local time as the worker records it
  std::string source;       // referral source code, e.g. "6" police, "2A" school
  std::string referrer_name;
  std::optional<std::string> referrer_agency;
  std::string concerns;
  std::optional<std::string> decision;  // see ContactDecisions()
  std::optional<std::string> threshold_reason;
  std::optional<std::string> decided_at;  // timestamp
  std::optional<int64_t> decided_by;
  std::optional<std::string> feedback_at;  // timestamp
  std::optional<std::string> feedback;
  int64_t version = 0;
};

// no_further_action, advice, early_help, referral, strategy_discussion.
const std::vector<std::string>& ContactDecisions();

// Checks a new contact against `now` (YYYY-MM-DDTHH:MM): a real time not in the future, a known
// source code, a referrer, and concerns. Errors name the field.
Status ValidateNewContact(const Contact& c, const std::string& now);
// Checks a decision: a known decision and a threshold reason in words.
Status ValidateDecision(const std::string& decision, const std::string& threshold_reason);

}  // namespace haven::domain
