#pragma once

// Charts drawn on the server as SVG, so they need no script, pass the page's Content-Security-
// Policy, and print (the board pack is printed to PDF). A line over months, with a benchmark (for
// example England's figure) as a dashed line; the caller puts a table of the same figures beside
// it for those who cannot see the chart.

#include <optional>
#include <string>
#include <vector>

#include "web/html.h"

namespace haven::web {

struct ChartSpec {
  std::string title;                          // read out as the chart's name
  std::string description;                    // read out after it ("Rising from 20 to 25 ...")
  std::vector<std::string> labels;            // one per point, e.g. "Jan 2026"
  std::vector<std::optional<double>> values;  // nullopt where there is no figure
  std::optional<double> benchmark;
  std::string benchmark_label;  // "England 85.7%"
  std::string unit;             // "%" after axis figures, or ""
  bool small = false;           // a sparkline: no axes or labels
};

Html LineChart(const ChartSpec& c);

}  // namespace haven::web
