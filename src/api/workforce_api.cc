// The workforce behind the vacancy and sickness measures: GET /api/v1/teams/{id}/workforce, a
// team's establishment (POST /api/v1/teams/{id}/establishment, withdrawn by POST
// /api/v1/establishment/{id}/withdraw), and staff sickness (POST /api/v1/users/{id}/sickness, then
// /api/v1/sickness/{id}/end or /withdraw). Administrators and directors manage every team's, a
// team manager their own team's.
#include <functional>

#include "api/api.h"
#include "api/handler_support.h"
#include "api/json_io.h"

namespace haven::api {

namespace {

using access::Principal;
using http::Method;
using http::Request;
using http::Response;

Json ToJson(const org::Establishment& e) {
  return {{"id", e.id},
          {"team_id", e.team_id},
          {"effective_from", e.effective_from.ToString()},
          {"social_worker_fte", e.social_worker_fte},
          {"version", e.version}};
}

Json ToJson(const org::SicknessSpell& s) {
  Json j = {{"id", s.id},
            {"user_id", s.user_id},
            {"start_date", s.start.ToString()},
            {"end_date", s.end ? Json(s.end->ToString()) : Json(nullptr)},
            {"working_days", s.working_days},
            {"version", s.version}};
  if (!s.display_name.empty()) j["name"] = s.display_name;
  return j;
}

Json ToJson(const org::TeamWorkforce& w) {
  auto optional = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  Json staff = Json::array();
  for (const auto& m : w.staff) {
    staff.push_back({{"user_id", m.user_id},
                     {"name", m.display_name},
                     {"social_worker", m.social_worker},
                     {"employment_type", m.agency ? "agency" : "permanent"},
                     {"fte", m.fte},
                     {"start_date", m.start ? Json(m.start->ToString()) : Json(nullptr)},
                     {"end_date", m.end ? Json(m.end->ToString()) : Json(nullptr)},
                     {"in_post", m.in_post}});
  }
  Json history = Json::array();
  for (const auto& e : w.history) history.push_back(ToJson(e));
  Json sickness = Json::array();
  for (const auto& s : w.sickness) sickness.push_back(ToJson(s));
  return {{"team_id", w.team_id},
          {"team", w.team_name},
          {"establishment", optional(w.establishment)},
          {"permanent_fte", w.permanent_fte},
          {"agency_fte", w.agency_fte},
          {"vacancies", optional(w.vacancies)},
          {"history", history},
          {"staff", staff},
          {"sickness", sickness}};
}

Result<int64_t> Version(const Json& body) {
  ASSIGN_OR_RETURN(auto v, IntField(body, "version", true));
  return *v;
}

// Which team the record in the path belongs to (the team itself, a member of staff's, ...).
using TeamOf = std::function<Result<int64_t>(org::WorkforceService&, int64_t id)>;
// What a route does once the caller may manage that team: with the path's id and the body.
using WorkforceFn = std::function<Result<Response>(org::WorkforceService&, int64_t id,
                                                   const Json& body, const storage::Actor& actor)>;

// The steps every workforce route shares: the service is there, the caller may manage a
// workforce (before anything about the record is looked up), the record's team is one they
// manage, and a posted body is a JSON object of only `fields`.
http::Handler Route(const ApiServices& s, TeamOf team_of, std::vector<std::string> fields,
                    WorkforceFn fn) {
  const bool post = !fields.empty();
  auto inner = Authed(
      s, [&s, team_of, fields, fn, post](Request& req, const Principal& p) -> Result<Response> {
        if (s.workforce == nullptr) return Unavailable("the workforce is not set up");
        RETURN_IF_ERROR(access::Authorize(p, access::Permission::kManageWorkforce));
        ASSIGN_OR_RETURN(int64_t id, IdParam(req));
        ASSIGN_OR_RETURN(int64_t team, team_of(*s.workforce, id));
        RETURN_IF_ERROR(access::AuthorizeWorkforce(p, team));
        Json body = Json::object();
        if (post) {
          ASSIGN_OR_RETURN(body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, fields));
        }
        return fn(*s.workforce, id, body, ActorOf(p, req));
      });
  return post ? JsonBody(inner) : inner;
}

Result<int64_t> TheTeam(org::WorkforceService&, int64_t id) { return id; }
Result<int64_t> UsersTeam(org::WorkforceService& w, int64_t id) { return w.TeamOfUser(id); }
Result<int64_t> SpellsTeam(org::WorkforceService& w, int64_t id) { return w.TeamOfSpell(id); }
Result<int64_t> EstablishmentsTeam(org::WorkforceService& w, int64_t id) {
  return w.TeamOfEstablishment(id);
}

const Response kNoContent{204, {}, ""};

}  // namespace

void RegisterWorkforceApi(http::Router& r, const ApiServices& s) {
  using org::WorkforceService;
  r.Add(Method::kGet, "/api/v1/teams/{id}/workforce",
        Route(s, TheTeam, {},
              [](WorkforceService& w, int64_t team, const Json&,
                 const storage::Actor& actor) -> Result<Response> {
                ASSIGN_OR_RETURN(auto view, w.Team(team, &actor));
                return JsonOk(200, ToJson(view));
              }));
  r.Add(Method::kPost, "/api/v1/teams/{id}/establishment",
        Route(s, TheTeam, {"effective_from", "social_worker_fte", "version", "reason"},
              [](WorkforceService& w, int64_t team, const Json& body,
                 const storage::Actor& actor) -> Result<Response> {
                ASSIGN_OR_RETURN(auto from, StringField(body, "effective_from", true));
                ASSIGN_OR_RETURN(std::string fte, NumberText(body, "social_worker_fte"));
                ASSIGN_OR_RETURN(auto version, IntField(body, "version", false));
                ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "establishment set"));
                ASSIGN_OR_RETURN(auto e,
                                 w.SetEstablishment(actor, team, *from, fte, reason, version));
                return JsonOk(201, ToJson(e));
              }));
  r.Add(Method::kPost, "/api/v1/establishment/{id}/withdraw",
        Route(s, EstablishmentsTeam, {"version", "reason"},
              [](WorkforceService& w, int64_t id, const Json& body,
                 const storage::Actor& actor) -> Result<Response> {
                ASSIGN_OR_RETURN(int64_t version, Version(body));
                ASSIGN_OR_RETURN(auto reason, StringField(body, "reason", true));
                RETURN_IF_ERROR(w.WithdrawEstablishment(actor, id, version, *reason));
                return kNoContent;
              }));
  r.Add(Method::kPost, "/api/v1/users/{id}/sickness",
        Route(s, UsersTeam, {"start_date", "end_date", "reason"},
              [](WorkforceService& w, int64_t user, const Json& body,
                 const storage::Actor& actor) -> Result<Response> {
                ASSIGN_OR_RETURN(auto start, StringField(body, "start_date", true));
                ASSIGN_OR_RETURN(auto end, StringField(body, "end_date", false));
                ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "sickness recorded"));
                ASSIGN_OR_RETURN(auto spell,
                                 w.RecordSickness(actor, user, *start, end.value_or(""), reason));
                return JsonOk(201, ToJson(spell));
              }));
  r.Add(Method::kPost, "/api/v1/sickness/{id}/end",
        Route(s, SpellsTeam, {"end_date", "version", "reason"},
              [](WorkforceService& w, int64_t id, const Json& body,
                 const storage::Actor& actor) -> Result<Response> {
                ASSIGN_OR_RETURN(auto end, StringField(body, "end_date", true));
                ASSIGN_OR_RETURN(int64_t version, Version(body));
                ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "return to work recorded"));
                RETURN_IF_ERROR(w.EndSickness(actor, id, version, *end, reason));
                return kNoContent;
              }));
  r.Add(Method::kPost, "/api/v1/sickness/{id}/withdraw",
        Route(s, SpellsTeam, {"version", "reason"},
              [](WorkforceService& w, int64_t id, const Json& body,
                 const storage::Actor& actor) -> Result<Response> {
                ASSIGN_OR_RETURN(int64_t version, Version(body));
                ASSIGN_OR_RETURN(auto reason, StringField(body, "reason", true));
                RETURN_IF_ERROR(w.WithdrawSickness(actor, id, version, *reason));
                return kNoContent;
              }));
}

}  // namespace haven::api
