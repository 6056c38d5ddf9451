#pragma once

// The SSDA903 rule set is assembled from parts, each adding its rules to the list.

#include <vector>

#include "returns/rules.h"

namespace haven::returns::ssda903 {

// One field's value on its own: codes, dates, numbers, fields coded together.
void AddFieldRules(std::vector<Rule>& rules);
// Rules 1000-1016 and 104-199.
void AddRulesA(std::vector<Rule>& rules);
// Rules 202-234 and 3001.
void AddRulesB(std::vector<Rule>& rules);
// Rules 301-399.
void AddRulesC(std::vector<Rule>& rules);
// Rules 406-531.
void AddRulesD(std::vector<Rule>& rules);
// Rules 542-635 and 700-710.
void AddRulesE(std::vector<Rule>& rules);
// Rules EPI, INT, NoE and the social worker rules.
void AddRulesF(std::vector<Rule>& rules);

}  // namespace haven::returns::ssda903
