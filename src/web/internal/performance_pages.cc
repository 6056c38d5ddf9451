// Management information: the dashboard of every measure (each with its trend and England's
// figure), one measure's page (definition, chart, the figures by month and the list behind a
// month's figure), and the figures as CSV or xlsx. Filters by team, service area and organisation
// are a GET form of ids: nothing personal goes in the address.
#include <map>

#include "web/chart.h"
#include "web/internal/figures.h"
#include "web/internal/pages.h"

namespace haven::web::internal {

namespace {

using http::Method;
using http::Response;

Html FilterForm(const Ctx& ctx, const std::string& action, const reporting::MiFilter& f,
                const std::string& extra_hidden = "") {
  auto options = [](const Result<std::vector<reporting::Choice>>& choices) {
    std::vector<Option> out;
    if (!choices.ok()) return out;
    for (const auto& c : *choices) out.push_back({std::to_string(c.id), c.name});
    return out;
  };
  auto value = [](const std::optional<int64_t>& id) { return id ? std::to_string(*id) : ""; };
  Html inner =
      Select({.name = "organisation",
              .label = "Organisation running the service",
              .value = value(f.organisation_id)},
             options(ctx.s.mi->OrganisationChoices()), true) +
      Select({.name = "service_area", .label = "Service area", .value = value(f.service_area_id)},
             options(ctx.s.mi->AreaChoices()), true) +
      Select({.name = "team", .label = "Team", .value = value(f.team_id)},
             options(ctx.s.mi->TeamChoices()), true);
  if (!extra_hidden.empty()) inner += Hidden("month", extra_hidden);
  return Raw("<form method=\"get\" action=\"" + Escape(action) +
             "\" novalidate><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-full\">") +
         Raw("<div class=\"moj-filter-layout__content\">") + inner +
         Button("Show figures", "", "", true) + Raw("</div></div></div></form>");
}

// A refused filter shows the page's error summary; anything else is the error page.
Result<reporting::MiFilter> FilterOf(Visit& v) { return api::PerformanceFilter(v.req); }

Result<Response> Dashboard(const Ctx& ctx, Visit& v) {
  if (ctx.s.mi == nullptr) return Unavailable("management information is not set up");
  ASSIGN_OR_RETURN(reporting::MiFilter filter, FilterOf(v));
  ASSIGN_OR_RETURN(reporting::Overview o, ctx.s.mi->Figures(v.p, filter));
  const std::string query = FilterQuery(filter);
  Html body = Heading(1, "Performance") +
              Para("Live figures for " + o.scope + ", to " + LongDate(o.months.back().ToString()) +
                   ". Each figure opens the list of children behind it. Measures of the year are "
                   "for the twelve months to each month's end.");
  if (o.population == 0) {
    body += Warning(
        "Rates per 10,000 children need the authority's child population: set "
        "child_population.");
  }
  body += Para("Contracts and their targets: ") +
          A("/performance/scorecard", "the contract scorecard") +
          FilterForm(ctx, "/performance", filter) + Para("Download these figures: ") +
          A("/performance/export.csv" + (query.empty() ? "" : "?" + query), "CSV") + Text(" or ") +
          A("/performance/export.xlsx" + (query.empty() ? "" : "?" + query), "Excel (xlsx)");
  std::string area;
  TableSpec table;
  auto flush = [&]() {
    if (!area.empty()) body += Table(table);
  };
  for (const auto& line : o.lines) {
    const reporting::Measure& m = *line.measure;
    if (m.area != area) {
      flush();
      area = m.area;
      table = TableSpec{.caption = area,
                        .headers = {"Measure", "Now", "A year ago", "England", "Trend"},
                        .rows = {},
                        .sortable = false,
                        .empty = "None"};
    }
    const std::string href = "/performance/measures/" + m.id + (query.empty() ? "" : "?" + query);
    const auto& year_ago = line.series[line.series.size() >= 13 ? line.series.size() - 13 : 0];
    table.rows.push_back({A(href, m.title) + Raw("<br>") +
                              Tag("span", "govuk-body-s govuk-!-margin-bottom-0", Text(m.basis)),
                          Text(Shown(m, line.now)), Text(Shown(m, year_ago)), Text(England(m)),
                          LineChart(ChartOf(m, o, line.series, true))});
  }
  flush();
  PageSpec spec;
  spec.title = "Performance";
  spec.nav = "performance";
  spec.body = body;
  return Render(ctx, &v, spec);
}

Result<Response> MeasurePage(const Ctx& ctx, Visit& v) {
  if (ctx.s.mi == nullptr) return Unavailable("management information is not set up");
  const std::string id = v.req.params.at("id");
  if (reporting::MeasureIndex(id) < 0) return NotFound("There is no such measure.");
  ASSIGN_OR_RETURN(reporting::MiFilter filter, FilterOf(v));
  const std::string month = v.req.QueryParam("month").value_or("");
  ASSIGN_OR_RETURN(reporting::Overview o, ctx.s.mi->Figures(v.p, filter));
  ASSIGN_OR_RETURN(reporting::FigureList list, ctx.s.mi->Behind(v.p, v.actor(), id, month, filter));
  const reporting::FigureLine& line = o.lines[reporting::MeasureIndex(id)];
  const reporting::Measure& m = *line.measure;
  const std::string query = FilterQuery(filter);
  const std::string base =
      "/performance/measures/" + m.id + "?" + query + (query.empty() ? "" : "&");

  TableSpec by_month{.caption = "Figures by month",
                     .headers = {"Month", "Figure", "Counted", "Of", "Children"},
                     .rows = {},
                     .sortable = false,
                     .empty = "None"};
  for (size_t i = o.months.size(); i-- > 0;) {
    const auto& f = line.series[i];
    by_month.rows.push_back(
        {Text(MonthLabel(o.months[i])), Text(Shown(m, f)), Text(std::to_string(f.numerator)),
         Text(std::to_string(f.denominator)),
         A(base + "month=" + MonthKey(o.months[i]), "List for " + MonthLabel(o.months[i]))});
  }
  const bool money = m.unit == reporting::Unit::kMoney;
  TableSpec children{.caption = "Behind the figure for " + MonthLabel(list.month_end) + ": " +
                                Shown(m, list.figure),
                     .headers = {"Name", "LA child id", "Team", "Date", m.numerator, "Value"},
                     .rows = {},
                     .sortable = true,
                     .empty = "No one is behind this figure."};
  for (const auto& row : list.rows) {
    Html name =
        row.subject == reporting::Subject::kChild
            ? A("/children/" + Id(row.id), row.name.empty() ? "Child " + Id(row.id) : row.name)
            : Text(row.name + (row.subject == reporting::Subject::kTeam ? " (team)" : " (staff)"));
    std::string value = row.detail;
    if (row.value) value = std::to_string(*row.value);
    if (money) value = reporting::FormatValue(m, row.numerator / 100.0);
    children.rows.push_back({name, Text(row.la_child_id), Text(row.team),
                             Text(LongDate(row.date.ToString())), Text(row.counted ? "Yes" : "No"),
                             Text(value)});
  }
  Html withheld;
  if (list.withheld > 0) {
    const std::string n = std::to_string(list.withheld);
    withheld = Inset(Text(
        m.staff_named_to_managers_only
            ? n + " more staff are behind this figure. Their sickness is shown only to those who "
                  "manage their team."
            : n + " more children are behind this figure in records you may not open."));
  }
  Html about = SummaryList(
      {{"Definition", Text(m.definition), std::nullopt},
       {"Whose definition", Text(m.basis), std::nullopt},
       {"England",
        Text(m.england ? England(m) + " (" + m.england_note + ")" : "No national figure"),
        std::nullopt},
       {"For", Text(o.scope), std::nullopt}});
  PageSpec spec;
  spec.title = m.title;
  spec.nav = "performance";
  spec.back = "/performance" + (query.empty() ? "" : "?" + query);
  spec.body = Caption(m.area) + Heading(1, m.title) + about +
              LineChart(ChartOf(m, o, line.series, false)) +
              FilterForm(ctx, "/performance/measures/" + m.id, filter) + Table(by_month) +
              Heading(2, "Behind the figure for " + MonthLabel(list.month_end), "m") + withheld +
              Table(children);
  return Render(ctx, &v, spec);
}

Result<Response> Export(const Ctx& ctx, Visit& v, const std::string& format) {
  if (ctx.s.mi == nullptr) return Unavailable("management information is not set up");
  ASSIGN_OR_RETURN(reporting::MiFilter filter, FilterOf(v));
  ASSIGN_OR_RETURN(reporting::Overview o, ctx.s.mi->Figures(v.p, filter));
  return api::PerformanceDownload(o, format);
}

}  // namespace

void AddPerformancePages(http::Router& r, Ctx ctx) {
  r.Add(Method::kGet, "/performance", Signed(ctx, [ctx](Visit& v) { return Dashboard(ctx, v); }));
  r.Add(Method::kGet, "/performance/measures/{id}",
        Signed(ctx, [ctx](Visit& v) { return MeasurePage(ctx, v); }));
  r.Add(Method::kGet, "/performance/export.csv",
        Signed(ctx, [ctx](Visit& v) { return Export(ctx, v, "csv"); }));
  r.Add(Method::kGet, "/performance/export.xlsx",
        Signed(ctx, [ctx](Visit& v) { return Export(ctx, v, "xlsx"); }));
}

}  // namespace haven::web::internal
