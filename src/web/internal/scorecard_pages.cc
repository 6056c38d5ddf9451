// The commissioner's contract scorecard: contracts (a commissioner may add one), each contract's
// measures with their targets and tolerances graded red, amber or green for each month, and the
// board pack (the scorecard, trends, workforce and placement spend) as a page to print and as PDF.
#include "web/internal/figures.h"
#include "web/internal/pages.h"
#include "web/pdf.h"

namespace haven::web::internal {

namespace {

using http::Method;
using http::Response;

std::vector<Option> OrganisationOptions(const Ctx& ctx) {
  std::vector<Option> out;
  if (auto orgs = ctx.s.mi->OrganisationChoices(); orgs.ok()) {
    for (const auto& o : *orgs) out.push_back({std::to_string(o.id), o.name});
  }
  return out;
}

int64_t IdOr0(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stoll(text);
}

Html RagTag(reporting::Rag r, const std::string& figure) {
  const char* colour = r == reporting::Rag::kGreen   ? "green"
                       : r == reporting::Rag::kAmber ? "yellow"
                       : r == reporting::Rag::kRed   ? "red"
                                                     : "grey";
  // The grade in words as well as colour.
  return Badge(std::string(reporting::RagName(r)) + (figure.empty() ? "" : ": " + figure), colour);
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v == static_cast<int64_t>(v) ? "%.0f" : "%.1f", v);
  return buf;
}

// The scorecard's table: each measure's target, then its grade in each of the last `months`.
Html ScoreTable(const reporting::Scorecard& card, size_t months) {
  const size_t first = card.months.size() > months ? card.months.size() - months : 0;
  TableSpec t{.caption = "Scorecard: " + card.contract.name,
              .headers = {"Measure", "Target", "Tolerance"},
              .rows = {},
              .sortable = false,
              .empty = "No measures chosen yet."};
  for (size_t i = first; i < card.months.size(); ++i)
    t.headers.push_back(MonthLabel(card.months[i]));
  for (const auto& line : card.lines) {
    std::vector<Html> row = {Text(line.measure->title), Text(Number(line.target.target)),
                             Text(Number(line.target.tolerance))};
    for (size_t i = first; i < card.months.size(); ++i) {
      row.push_back(RagTag(line.grades[i], Shown(*line.measure, line.figures[i])));
    }
    t.rows.push_back(std::move(row));
  }
  return Table(t);
}

Result<Response> ContractsPage(const Ctx& ctx, Visit& v) {
  if (ctx.s.scorecards == nullptr) return Unavailable("the scorecard is not set up");
  std::vector<FieldError> errors;
  const bool manage = v.Can(access::Permission::kManageContracts);
  if (v.req.method == Method::kPost) {
    RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kManageContracts));
    reporting::NewContract c;
    c.name = v.form.Get("name");
    c.provider_id = IdOr0(v.form.Get("provider_id"));
    c.commissioner_id = IdOr0(v.form.Get("commissioner_id"));
    auto start = DateFrom(v.form, "start_date", "The start date");
    if (!start.ok()) {
      errors = ErrorsOf(start.status());
    } else {
      c.start_date = start->value_or("");
      auto made = ctx.s.scorecards->Create(v.p, v.actor(), c, "contract set in Haven");
      if (made.ok()) return Redirect("/performance/scorecard/" + Id(*made));
      if (!FormCanFix(made.status())) return made.status();
      errors = ErrorsOf(made.status());
    }
  }
  ASSIGN_OR_RETURN(auto contracts, ctx.s.scorecards->List(v.p));
  TableSpec t{.caption = "Contracts",
              .headers = {"Contract", "Provider", "Commissioner", "From"},
              .rows = {},
              .sortable = false,
              .empty = "No contracts yet."};
  for (const auto& c : contracts) {
    t.rows.push_back({A("/performance/scorecard/" + Id(c.id), c.name), Text(c.provider),
                      Text(c.commissioner), Text(LongDate(c.start.ToString()))});
  }
  Html body = Heading(1, "Contract scorecard") +
              Para(
                  "Each contract holds the organisation running the services to targets on "
                  "chosen measures, graded each month for the services it ran that month.") +
              Table(t);
  if (manage) {
    const auto orgs = OrganisationOptions(ctx);
    body += Heading(2, "Add a contract", "m") +
            Form("/performance/scorecard", v.p.csrf_token,
                 Input({.name = "name",
                        .label = "Name",
                        .value = v.form.Get("name"),
                        .error = ErrorFor(errors, "name")}) +
                     Select({.name = "provider_id",
                             .label = "Provider (runs the services)",
                             .value = v.form.Get("provider_id"),
                             .error = ErrorFor(errors, "provider_id")},
                            orgs, true) +
                     Select({.name = "commissioner_id",
                             .label = "Commissioner",
                             .value = v.form.Get("commissioner_id"),
                             .error = ErrorFor(errors, "commissioner_id")},
                            orgs, true) +
                     DateInput({.name = "start_date",
                                .label = "Start date",
                                .value = v.form.Get("start_date-day") + "-" +
                                         v.form.Get("start_date-month") + "-" +
                                         v.form.Get("start_date-year"),
                                .error = ErrorFor(errors, "start_date")},
                               v.form.Get("start_date-day"), v.form.Get("start_date-month"),
                               v.form.Get("start_date-year")) +
                     Button("Add contract"));
  }
  PageSpec spec;
  spec.title = "Contract scorecard";
  spec.nav = "performance";
  spec.back = "/performance";
  spec.errors = errors;
  spec.body = body;
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

Result<Response> ScorecardPage(const Ctx& ctx, Visit& v) {
  if (ctx.s.scorecards == nullptr) return Unavailable("the scorecard is not set up");
  ASSIGN_OR_RETURN(const int64_t id, PathId(v.req, "id"));
  std::vector<FieldError> errors;
  if (v.req.method == Method::kPost) {
    Status set = ctx.s.scorecards->SetTarget(v.p, v.actor(), id, v.form.Get("measure"),
                                             v.form.Get("target"), v.form.Get("tolerance"));
    if (set.ok()) return Redirect("/performance/scorecard/" + Id(id));
    if (!FormCanFix(set)) return set;
    errors = ErrorsOf(set);
  }
  ASSIGN_OR_RETURN(reporting::Scorecard card, ctx.s.scorecards->Card(v.p, id));
  Html body =
      Caption("Contract scorecard") + Heading(1, card.contract.name) +
      SummaryList({{"Provider", Text(card.contract.provider), std::nullopt},
                   {"Commissioner", Text(card.contract.commissioner), std::nullopt},
                   {"From", Text(LongDate(card.contract.start.ToString())), std::nullopt}}) +
      ScoreTable(card, 6) +
      Para(
          "Green: the target met. Amber: short of it by no more than the tolerance. Red: "
          "further short. The figures are for the services the provider ran each month; the "
          "board pack shows twelve months.") +
      Tag("p", "govuk-body",
          Text("The board pack brings the scorecard, trends, workforce and placement spend "
               "together: ") +
              A("/performance/scorecard/" + Id(id) + "/board-pack", "open the board pack") +
              Text(" or ") +
              A("/performance/scorecard/" + Id(id) + "/board-pack.pdf", "download it as PDF") +
              Text("."));
  if (v.Can(access::Permission::kManageContracts)) {
    std::vector<Option> measures;
    for (const auto& m : reporting::Measures()) measures.push_back({m.id, m.area + ": " + m.title});
    body += Heading(2, "Set a measure's target", "m") +
            Form("/performance/scorecard/" + Id(id), v.p.csrf_token,
                 Select({.name = "measure",
                         .label = "Measure",
                         .value = v.form.Get("measure"),
                         .error = ErrorFor(errors, "measure")},
                        measures, true) +
                     Input({.name = "target",
                            .label = "Target",
                            .value = v.form.Get("target"),
                            .hint = "In the measure's unit: 85 for 85%, 15.5 for a caseload.",
                            .width = "govuk-input--width-5",
                            .inputmode = "decimal",
                            .error = ErrorFor(errors, "target")}) +
                     Input({.name = "tolerance",
                            .label = "Tolerance",
                            .value = v.form.Get("tolerance"),
                            .hint = "How far short of the target is amber rather than red.",
                            .width = "govuk-input--width-5",
                            .inputmode = "decimal",
                            .error = ErrorFor(errors, "tolerance")}) +
                     Button("Set target"));
  }
  PageSpec spec;
  spec.title = card.contract.name;
  spec.nav = "performance";
  spec.back = "/performance/scorecard";
  spec.errors = errors;
  spec.body = body;
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

// The board pack's content: the scorecard, each scored measure's trend, the workforce and the
// placement spend.
Html BoardPack(const reporting::Scorecard& card) {
  const reporting::Overview& o = card.overview;
  auto line_of = [&](const char* id) -> const reporting::FigureLine& {
    return o.lines[reporting::MeasureIndex(id)];
  };
  Html trends;
  for (const auto& line : card.lines) {
    ChartSpec chart = ChartOf(*line.measure, o, line.figures, false);
    trends += Heading(3, line.measure->title, "s") + LineChart(chart) +
              Para(line.measure->definition, "govuk-body-s");
  }
  Html workforce;
  TableSpec wt{.caption = "Workforce now",
               .headers = {"Measure", "Now", "A year ago", "England"},
               .rows = {},
               .sortable = false,
               .empty = "None"};
  for (const char* id :
       {"caseload", "agency_rate", "vacancy_rate", "turnover", "sickness_absence", "unallocated"}) {
    const auto& line = line_of(id);
    const auto& year_ago = line.series[line.series.size() >= 13 ? line.series.size() - 13 : 0];
    wt.rows.push_back({Text(line.measure->title), Text(Shown(*line.measure, line.now)),
                       Text(Shown(*line.measure, year_ago)), Text(England(*line.measure))});
  }
  workforce = Table(wt);
  for (const char* id : {"caseload", "agency_rate"}) {
    const auto& line = line_of(id);
    workforce += Heading(3, line.measure->title, "s") +
                 LineChart(ChartOf(*line.measure, o, line.series, false));
  }
  const auto& spend = line_of("placement_spend");
  double year = 0;
  for (size_t i = spend.series.size() >= 12 ? spend.series.size() - 12 : 0; i < spend.series.size();
       ++i) {
    year += spend.series[i].value;
  }
  Html placements = Para("Placement spend in the last twelve months: " +
                         reporting::FormatValue(*spend.measure, year) +
                         "; this month so far: " + Shown(*spend.measure, spend.now) + ".") +
                    LineChart(ChartOf(*spend.measure, o, spend.series, false));
  return Heading(1, "Board pack: " + card.contract.name) +
         Para(card.contract.provider + ", for " + card.contract.commissioner + ". Figures to " +
              LongDate(card.months.back().ToString()) + ".") +
         Heading(2, "Scorecard", "m") + ScoreTable(card, 12) + Heading(2, "Trends", "m") + trends +
         Heading(2, "Workforce", "m") + workforce + Heading(2, "Placement spend", "m") + placements;
}

Result<Response> BoardPackPage(const Ctx& ctx, Visit& v, bool pdf) {
  if (ctx.s.scorecards == nullptr) return Unavailable("the scorecard is not set up");
  ASSIGN_OR_RETURN(const int64_t id, PathId(v.req, "id"));
  ASSIGN_OR_RETURN(reporting::Scorecard card, ctx.s.scorecards->Card(v.p, id));
  if (!pdf) {
    PageSpec spec;
    spec.title = "Board pack: " + card.contract.name;
    spec.nav = "performance";
    spec.back = "/performance/scorecard/" + Id(id);
    spec.body = BoardPack(card);
    return Render(ctx, &v, spec);
  }
  // The same content on a plain page with the stylesheet beside it, printed by chromium.
  std::map<std::string, std::string> files;
  if (ctx.assets != nullptr) {
    if (auto css = ctx.assets->find("haven.css"); css != ctx.assets->end()) {
      files["haven.css"] = css->second.body;
    }
  }
  const std::string html =
      "<!DOCTYPE html><html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">"
      "<title>" +
      Escape("Board pack: " + card.contract.name) +
      "</title><link rel=\"stylesheet\" href=\"haven.css\"></head><body "
      "class=\"govuk-template__body\">"
      "<div class=\"govuk-width-container\"><main class=\"govuk-main-wrapper\">" +
      BoardPack(card).s + "</main></div></body></html>";
  ASSIGN_OR_RETURN(std::string bytes, PrintToPdf(html, files));
  Response out;
  out.body = std::move(bytes);
  out.SetHeader("Content-Type", "application/pdf");
  out.SetHeader("Content-Disposition", "attachment; filename=\"board-pack-" + Id(id) + ".pdf\"");
  return out;
}

}  // namespace

void AddScorecardPages(http::Router& r, Ctx ctx) {
  auto contracts = Signed(ctx, [ctx](Visit& v) { return ContractsPage(ctx, v); });
  r.Add(Method::kGet, "/performance/scorecard", contracts);
  r.Add(Method::kPost, "/performance/scorecard", contracts);
  auto card = Signed(ctx, [ctx](Visit& v) { return ScorecardPage(ctx, v); });
  r.Add(Method::kGet, "/performance/scorecard/{id}", card);
  r.Add(Method::kPost, "/performance/scorecard/{id}", card);
  r.Add(Method::kGet, "/performance/scorecard/{id}/board-pack",
        Signed(ctx, [ctx](Visit& v) { return BoardPackPage(ctx, v, false); }));
  r.Add(Method::kGet, "/performance/scorecard/{id}/board-pack.pdf",
        Signed(ctx, [ctx](Visit& v) { return BoardPackPage(ctx, v, true); }));
}

}  // namespace haven::web::internal
