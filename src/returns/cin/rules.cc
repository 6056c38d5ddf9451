#include "returns/cin/parts.h"
#include "returns/rules.h"

namespace haven::returns {

const std::vector<Rule>& CinRules() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> all;
    cin::AddCinRules(all);
    return all;
  }();
  return rules;
}

}  // namespace haven::returns
