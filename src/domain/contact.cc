#include "domain/contact.h"

#include <algorithm>

#include "common/date.h"
#include "common/validate.h"
#include "domain/codes.h"

namespace haven::domain {

const std::vector<std::string>& ContactDecisions() {
  static const std::vector<std::string> kDecisions = {"no_further_action", "advice", "early_help",
                                                      "referral", "strategy_discussion"};
  return kDecisions;
}

Status ValidateNewContact(const Contact& c, const std::string& now) {
  const bool shape = c.received_at.size() == 16 && c.received_at[10] == 'T' &&
                     c.received_at[13] == ':' && Date::Parse(c.received_at.substr(0, 10)) &&
                     c.received_at.substr(11, 2) <= "23" && c.received_at.substr(14, 2) <= "59" &&
                     std::all_of(c.received_at.begin() + 11, c.received_at.end(),
                                 [](char ch) { return ch == ':' || (ch >= '0' && ch <= '9'); });
  if (!shape) {
    return InvalidArgument("received_at must be a date and time written YYYY-MM-DDTHH:MM",
                           "received_at");
  }
  if (c.received_at > now) return InvalidArgument("received_at is in the future", "received_at");
  RETURN_IF_ERROR(CheckCode("referral_source", c.source, "source"));
  RETURN_IF_ERROR(ValidateName(c.referrer_name, "referrer_name"));
  if (c.referrer_agency) RETURN_IF_ERROR(ValidateName(*c.referrer_agency, "referrer_agency"));
  if (c.concerns.empty()) return InvalidArgument("record the concerns raised", "concerns");
  return ValidateText(c.concerns, "concerns", 20000);
}

Status ValidateDecision(const std::string& decision, const std::string& threshold_reason) {
  const auto& all = ContactDecisions();
  if (std::find(all.begin(), all.end(), decision) == all.end()) {
    return InvalidArgument(
        "decision must be no_further_action, advice, early_help, referral or strategy_discussion",
        "decision");
  }
  if (threshold_reason.empty()) {
    return InvalidArgument("give the threshold reason for the decision", "threshold_reason");
  }
  return ValidateText(threshold_reason, "threshold_reason", 4000);
}

}  // namespace haven::domain
