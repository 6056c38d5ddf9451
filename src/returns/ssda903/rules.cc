#include "returns/rules.h"

#include "returns/ssda903/parts.h"

namespace haven::returns {

const std::vector<Rule>& Ssda903Rules() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> all;
    ssda903::AddFieldRules(all);
    ssda903::AddRulesA(all);
    ssda903::AddRulesB(all);
    ssda903::AddRulesC(all);
    ssda903::AddRulesD(all);
    ssda903::AddRulesE(all);
    ssda903::AddRulesF(all);
    return all;
  }();
  return rules;
}

}  // namespace haven::returns
