#include "web/internal/figures.h"

namespace haven::web::internal {

namespace {
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string MonthLabel(Date d) {
  return std::string(kMonths[d.month() - 1]) + " " + std::to_string(d.year());
}

std::string MonthKey(Date d) { return d.ToString().substr(0, 7); }

// The filter as a query string ("team=3&..."), to carry across links.
std::string FilterQuery(const reporting::MiFilter& f) {
  std::string q;
  auto add = [&](const char* name, const std::optional<int64_t>& id) {
    if (id) q += std::string(q.empty() ? "" : "&") + name + "=" + std::to_string(*id);
  };
  add("team", f.team_id);
  add("service_area", f.service_area_id);
  add("organisation", f.organisation_id);
  return q;
}

std::string Shown(const reporting::Measure& m, const reporting::Figure& f) {
  return f.has_value ? reporting::FormatValue(m, f.value) : "No figure";
}

std::string England(const reporting::Measure& m) {
  return m.england ? reporting::FormatValue(m, *m.england) : "";
}

ChartSpec ChartOf(const reporting::Measure& m, const reporting::Overview& o,
                  const std::vector<reporting::Figure>& series, bool small) {
  ChartSpec c;
  c.title = m.title + ", by month";
  for (size_t i = 0; i < series.size(); ++i) {
    c.labels.push_back(MonthLabel(o.months[i]));
    c.values.push_back(series[i].has_value ? std::optional<double>(series[i].value) : std::nullopt);
  }
  c.description = "From " + Shown(m, series.front()) + " in " + MonthLabel(o.months.front()) +
                  " to " + Shown(m, series.back()) + " in " + MonthLabel(o.months.back()) + ".";
  if (m.england) {
    c.benchmark = *m.england;
    c.benchmark_label = "England " + England(m);
    c.description += " England: " + England(m) + ".";
  }
  c.unit = m.unit == reporting::Unit::kPercent ? "%" : "";
  c.small = small;
  return c;
}

}  // namespace haven::web::internal
