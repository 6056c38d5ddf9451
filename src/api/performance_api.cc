// Management information: GET /api/v1/performance (every measure, each month shown, for a team,
// service area or organisation), /api/v1/performance/measures/{id}/children (the list behind a
// figure) and /api/v1/performance/export?format=csv|xlsx. The contract scorecard: GET and POST
// /api/v1/contracts, GET /api/v1/contracts/{id}, POST /api/v1/contracts/{id}/targets (a
// measure's target and tolerance) and GET /api/v1/contracts/{id}/scorecard (each month graded).
#include <charconv>

#include "api/api.h"
#include "api/handler_support.h"
#include "api/json_io.h"
#include "common/xlsx.h"
#include "returns/csv.h"

namespace haven::api {

namespace {

using access::Principal;
using http::Method;
using http::Request;
using http::Response;

Result<std::optional<int64_t>> OptionalId(const Request& req, const char* name) {
  auto v = req.QueryParam(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  int64_t id = 0;
  const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
  if (ec != std::errc() || p != v->data() + v->size() || id <= 0) {
    return InvalidArgument(std::string(name) + " must be the id of one, a whole number", name);
  }
  return std::optional<int64_t>(id);
}

}  // namespace

Result<reporting::MiFilter> PerformanceFilter(const Request& req) {
  reporting::MiFilter f;
  ASSIGN_OR_RETURN(f.team_id, OptionalId(req, "team"));
  ASSIGN_OR_RETURN(f.service_area_id, OptionalId(req, "service_area"));
  ASSIGN_OR_RETURN(f.organisation_id, OptionalId(req, "organisation"));
  return f;
}

namespace {

Json FigureJson(const reporting::Measure& m, const reporting::Figure& f) {
  Json j = {{"numerator", f.numerator}, {"denominator", f.denominator}};
  if (f.has_value) {
    j["value"] = f.value;
    j["shown"] = reporting::FormatValue(m, f.value);
  } else {
    j["value"] = nullptr;
  }
  if (f.values > 0) j["of"] = f.values;
  return j;
}

const char* SubjectKind(reporting::Subject s) {
  switch (s) {
    case reporting::Subject::kChild:
      return "child";
    case reporting::Subject::kStaff:
      return "worker";
    case reporting::Subject::kTeam:
      break;
  }
  return "team";
}

Json MeasureJson(const reporting::Measure& m) {
  Json j = {{"id", m.id},
            {"area", m.area},
            {"title", m.title},
            {"definition", m.definition},
            {"basis", m.basis},
            {"unit", std::string(reporting::UnitName(m.unit))},
            {"higher_is_better", m.higher_is_better},
            {"counted", m.numerator},
            {"of", m.denominator}};
  if (m.england) j["england"] = {{"value", *m.england}, {"note", m.england_note}};
  return j;
}

Json ContractJson(const reporting::Contract& c) {
  Json targets = Json::array();
  for (const auto& t : c.targets) {
    targets.push_back({{"measure", t.measure},
                       {"target", t.target},
                       {"tolerance", t.tolerance},
                       {"version", t.version}});
  }
  return {{"id", c.id},
          {"name", c.name},
          {"provider_id", c.provider_id},
          {"provider", c.provider},
          {"commissioner_id", c.commissioner_id},
          {"commissioner", c.commissioner},
          {"start_date", c.start.ToString()},
          {"end_date", c.end ? Json(c.end->ToString()) : Json(nullptr)},
          {"targets", targets}};
}

Json ScorecardJson(const reporting::Scorecard& card) {
  Json months = Json::array();
  for (Date d : card.months) months.push_back(d.ToString());
  Json lines = Json::array();
  for (const auto& line : card.lines) {
    Json series = Json::array();
    for (size_t i = 0; i < line.figures.size(); ++i) {
      Json f = FigureJson(*line.measure, line.figures[i]);
      f["grade"] = std::string(reporting::RagName(line.grades.at(i)));
      series.push_back(f);
    }
    lines.push_back({{"measure", MeasureJson(*line.measure)},
                     {"target", line.target.target},
                     {"tolerance", line.target.tolerance},
                     {"series", series}});
  }
  return {{"contract", ContractJson(card.contract)}, {"months", months}, {"lines", lines}};
}

// The contract routes need the scorecard service; without it they answer 503.
http::Handler ContractRoute(const ApiServices& s, AuthedFn fn) {
  return Authed(s, [&s, fn](Request& req, const Principal& p) -> Result<Response> {
    if (s.scorecards == nullptr) return Unavailable("contract scorecards are not set up");
    return fn(req, p);
  });
}

}  // namespace

void RegisterContractApi(http::Router& r, const ApiServices& s) {
  r.Add(Method::kGet, "/api/v1/contracts",
        ContractRoute(s, [&s](Request&, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(auto contracts, s.scorecards->List(p));
          Json items = Json::array();
          for (const auto& c : contracts) items.push_back(ContractJson(c));
          return JsonOk(200, {{"items", items}});
        }));
  r.Add(Method::kPost, "/api/v1/contracts",
        JsonBody(ContractRoute(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(
              body, {"name", "provider_id", "commissioner_id", "start_date", "reason"}));
          reporting::NewContract c;
          ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
          ASSIGN_OR_RETURN(auto provider, IntField(body, "provider_id", true));
          ASSIGN_OR_RETURN(auto commissioner, IntField(body, "commissioner_id", true));
          ASSIGN_OR_RETURN(auto start, StringField(body, "start_date", true));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "contract set"));
          c.name = *name;
          c.provider_id = *provider;
          c.commissioner_id = *commissioner;
          c.start_date = *start;
          ASSIGN_OR_RETURN(int64_t id, s.scorecards->Create(p, ActorOf(p, req), c, reason));
          ASSIGN_OR_RETURN(auto made, s.scorecards->Get(p, id));
          return JsonOk(201, ContractJson(made));
        })));
  r.Add(Method::kGet, "/api/v1/contracts/{id}",
        ContractRoute(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto c, s.scorecards->Get(p, id));
          return JsonOk(200, ContractJson(c));
        }));
  r.Add(Method::kPost, "/api/v1/contracts/{id}/targets",
        JsonBody(ContractRoute(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(
              OnlyFields(body, {"measure", "target", "tolerance", "version", "reason"}));
          ASSIGN_OR_RETURN(auto measure, StringField(body, "measure", true));
          ASSIGN_OR_RETURN(std::string target, NumberText(body, "target"));
          std::string tolerance = "0";
          if (body.contains("tolerance")) {
            ASSIGN_OR_RETURN(tolerance, NumberText(body, "tolerance"));
          }
          ASSIGN_OR_RETURN(auto version, IntField(body, "version", false));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "target set"));
          RETURN_IF_ERROR(s.scorecards->SetTarget(p, ActorOf(p, req), id, *measure, target,
                                                  tolerance, version, reason));
          ASSIGN_OR_RETURN(auto c, s.scorecards->Get(p, id));
          return JsonOk(200, ContractJson(c));
        })));
  r.Add(Method::kGet, "/api/v1/contracts/{id}/scorecard",
        ContractRoute(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto card, s.scorecards->Card(p, id));
          return JsonOk(200, ScorecardJson(card));
        }));
}

void RegisterPerformanceApi(http::Router& r, const ApiServices& s) {
  r.Add(Method::kGet, "/api/v1/performance/measures",
        Authed(s, [](Request&, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, access::Permission::kReadPerformance));
          Json items = Json::array();
          for (const auto& m : reporting::Measures()) items.push_back(MeasureJson(m));
          return JsonOk(200, {{"items", items}});
        }));
  r.Add(Method::kGet, "/api/v1/performance",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          if (s.mi == nullptr) return Unavailable("management information is not set up");
          ASSIGN_OR_RETURN(auto filter, PerformanceFilter(req));
          ASSIGN_OR_RETURN(auto o, s.mi->Figures(p, filter));
          Json months = Json::array();
          for (Date d : o.months) months.push_back(d.ToString());
          Json measures = Json::array();
          for (const auto& line : o.lines) {
            Json series = Json::array();
            for (const auto& f : line.series) series.push_back(FigureJson(*line.measure, f));
            Json m = MeasureJson(*line.measure);
            m["now"] = FigureJson(*line.measure, line.now);
            m["series"] = series;
            measures.push_back(m);
          }
          return JsonOk(200, {{"scope", o.scope},
                              {"population", o.population},
                              {"months", months},
                              {"measures", measures}});
        }));
  r.Add(Method::kGet, "/api/v1/performance/measures/{id}/children",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          if (s.mi == nullptr) return Unavailable("management information is not set up");
          ASSIGN_OR_RETURN(auto filter, PerformanceFilter(req));
          ASSIGN_OR_RETURN(auto list, s.mi->Behind(p, ActorOf(p, req), req.params["id"],
                                                   req.QueryParam("month").value_or(""), filter));
          Json rows = Json::array();
          for (const auto& row : list.rows) {
            Json j = {{"kind", SubjectKind(row.subject)},
                      {"id", row.id},
                      {"name", row.name},
                      {"team", row.team},
                      {"date", row.date.ToString()},
                      {"counted", row.counted}};
            if (!row.la_child_id.empty()) j["la_child_id"] = row.la_child_id;
            if (row.value) j["value"] = *row.value;
            if (!row.detail.empty()) j["detail"] = row.detail;
            rows.push_back(j);
          }
          return JsonOk(200, {{"measure", MeasureJson(*list.measure)},
                              {"month_end", list.month_end.ToString()},
                              {"scope", list.scope},
                              {"figure", FigureJson(*list.measure, list.figure)},
                              {"withheld", list.withheld},
                              {"rows", rows}});
        }));
  r.Add(Method::kGet, "/api/v1/performance/export",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          if (s.mi == nullptr) return Unavailable("management information is not set up");
          const std::string format = req.QueryParam("format").value_or("csv");
          if (format != "csv" && format != "xlsx") {
            return InvalidArgument("format must be csv or xlsx", "format");
          }
          ASSIGN_OR_RETURN(auto filter, PerformanceFilter(req));
          ASSIGN_OR_RETURN(auto o, s.mi->Figures(p, filter));
          return PerformanceDownload(o, format);
        }));
}

Response PerformanceDownload(const reporting::Overview& o, const std::string& format) {
  const auto rows = reporting::OverviewRows(o);
  Response out;
  if (format == "xlsx") {
    out.body = WriteXlsx({{"Figures", rows, {}}});
    out.SetHeader("Content-Type",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  } else {
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        out.body += (i ? "," : "") + returns::CsvField(row[i]);
      }
      out.body += "\r\n";
    }
    out.SetHeader("Content-Type", "text/csv; charset=utf-8");
  }
  out.SetHeader("Content-Disposition", "attachment; filename=\"haven-performance." + format + "\"");
  return out;
}

}  // namespace haven::api
