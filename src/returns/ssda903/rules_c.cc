// SSDA903 rules 301-399.
#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

void AddRulesC(std::vector<Rule>& rules) { (void)rules; }

}  // namespace haven::returns::ssda903
