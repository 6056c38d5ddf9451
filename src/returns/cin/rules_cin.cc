// CIN census rules.
#include "returns/cin/parts.h"
#include "returns/rule_kit.h"

namespace haven::returns::cin {

void AddCinRules(std::vector<Rule>& rules) { (void)rules; }

}  // namespace haven::returns::cin
