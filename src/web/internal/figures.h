#pragma once

// How the performance pages, the scorecard and the board pack show figures: month labels, a
// figure in its measure's unit, England's figure, and a measure's chart over the months shown.

#include <string>
#include <vector>

#include "reporting/mi_service.h"
#include "web/chart.h"

namespace haven::web::internal {

std::string MonthLabel(Date d);  // "Jan 2026"
std::string MonthKey(Date d);    // "2026-01"
// The team, service area and organisation of a filter as a query string ("team=3&...").
std::string FilterQuery(const reporting::MiFilter& f);
std::string Shown(const reporting::Measure& m, const reporting::Figure& f);
std::string England(const reporting::Measure& m);
ChartSpec ChartOf(const reporting::Measure& m, const reporting::Overview& o,
                  const std::vector<reporting::Figure>& series, bool small);

}  // namespace haven::web::internal
