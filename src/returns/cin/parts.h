#pragma once

// The CIN census rule set, assembled from parts.

#include <vector>

#include "returns/rules.h"

namespace haven::returns::cin {

void AddCinRules(std::vector<Rule>& rules);

}  // namespace haven::returns::cin
