// The data-quality views: GET /api/v1/data-quality/cin?year=YYYY and /api/v1/data-quality/903;
// Ofsted's Annex A workbook: GET /api/v1/annex-a?date=YYYY-MM-DD.
#include <charconv>

#include "api/api.h"
#include "api/handler_support.h"
#include "api/json_io.h"

namespace haven::api {

namespace {

using access::Principal;
using http::Method;
using http::Request;
using http::Response;

// The year named in the query, or the collection year that ended most recently.
Result<int> YearParam(const Request& req, const Clock& clock) {
  if (auto y = req.QueryParam("year")) {
    int year = 0;
    const auto [p, ec] = std::from_chars(y->data(), y->data() + y->size(), year);
    if (ec != std::errc() || p != y->data() + y->size()) {
      return InvalidArgument("year must be a collection year such as 2026 (for 2025-26)", "year");
    }
    return year;
  }
  const std::string today = FormatTimestamp(clock.Now());
  const int y = std::stoi(today.substr(0, 4));
  return std::stoi(today.substr(5, 2)) >= 4 ? y : y - 1;
}

}  // namespace

namespace {

Json DataQualityJson(const exports::DataQuality& dq) {
  Json rules = Json::array();
  for (const auto& rule : dq.rules) {
    Json children = Json::array();
    for (const auto& c : rule.children) {
      children.push_back({{"person_id", c.person_id},
                          {"la_child_id", c.la_child_id},
                          {"table", c.table},
                          {"row", c.row},
                          {"fields", c.fields}});
    }
    rules.push_back({{"rule", rule.rule},
                     {"severity", std::string(returns::SeverityName(rule.severity))},
                     {"message", rule.message},
                     {"count", rule.count},
                     {"withheld", rule.withheld},
                     {"children", children}});
  }
  return {{"return", dq.kind},
          {"year", dq.year},
          {"collection", std::to_string(dq.year - 1) + "-" + std::to_string(dq.year % 100)},
          {"children", dq.children},
          {"errors", dq.errors},
          {"queries", dq.queries},
          {"rules", rules}};
}

}  // namespace

http::Response AnnexAResponse(const exports::AnnexADownload& d) {
  http::Response out;
  out.SetHeader("Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  out.SetHeader("Content-Disposition", "attachment; filename=\"" + d.filename + "\"");
  out.SetHeader("X-Annex-A-Withheld", std::to_string(d.withheld));
  out.body = d.workbook;
  return out;
}

void RegisterReturnsApi(http::Router& r, const ApiServices& s) {
  using View = Result<exports::DataQuality> (exports::DataQualityService::*)(
      const Principal&, const storage::Actor&, int);
  auto route = [&r, &s](const char* path, View view) {
    r.Add(Method::kGet, path,
          Authed(s, [&s, view](Request& req, const Principal& p) -> Result<Response> {
            if (s.data_quality == nullptr) {
              return Unavailable("the data-quality view is not set up");
            }
            ASSIGN_OR_RETURN(int year, YearParam(req, s.clock));
            ASSIGN_OR_RETURN(auto dq, (s.data_quality->*view)(p, ActorOf(p, req), year));
            return JsonOk(200, DataQualityJson(dq));
          }));
  };
  route("/api/v1/data-quality/cin", &exports::DataQualityService::Cin);
  route("/api/v1/data-quality/903", &exports::DataQualityService::Ssda903);
  r.Add(Method::kGet, "/api/v1/annex-a",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          if (s.annex_a == nullptr) return Unavailable("the Annex A download is not set up");
          ASSIGN_OR_RETURN(auto download, s.annex_a->Download(p, ActorOf(p, req),
                                                              req.QueryParam("date").value_or("")));
          return AnnexAResponse(download);
        }));
}

}  // namespace haven::api
