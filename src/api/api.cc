#include "api/api.h"

#include <charconv>

#include "access/roles.h"
#include "api/handler_support.h"
#include "api/json_io.h"
#include "common/random.h"
#include "http/errors.h"

namespace haven::api {
namespace {

using access::Principal;
using http::Method;
using http::Request;
using http::Response;

std::string SessionCookie(const std::string& value, int64_t max_age) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; Max-Age=" + std::to_string(max_age) + "; HttpOnly; Secure; SameSite=Strict";
}

// ---- health --------------------------------------------------------------------------------

void AddHealth(http::Router& r, const ApiServices& s) {
  r.Add(Method::kGet, "/healthz", [](Request&) {
    return JsonOk(200, {{"status", "ok"}, {"version", HAVEN_VERSION}});
  });
  r.Add(Method::kGet, "/readyz", [&s](Request& req) {
    Status ping = s.store.Ping();
    if (!ping.ok()) {
      if (s.on_server_error) s.on_server_error(req.request_id, ping);
      return http::ErrorJson(503, "unavailable", "the database is not answering");
    }
    return JsonOk(200, {{"status", "ready"}});
  });
}

// ---- session and self ------------------------------------------------------------------------

void AddSession(http::Router& r, const ApiServices& s) {
  r.Add(Method::kPost, "/api/v1/session", JsonBody(Wrap(s, [&s](Request& req) -> Result<Response> {
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"username", "password"}));
          ASSIGN_OR_RETURN(auto username, StringField(body, "username", true));
          ASSIGN_OR_RETURN(auto password, StringField(body, "password", true));
          ASSIGN_OR_RETURN(access::SignedIn in, s.auth.SignIn(*username, *password, req.request_id,
                                                              req.Cookie(kSessionCookie)));
          req.user_id = in.user.id;
          Response res = JsonOk(201, {{"user", ToJson(in.user)},
                                      {"csrf_token", in.csrf_token},
                                      {"expires_at", in.expires_at}});
          res.SetHeader("Set-Cookie", SessionCookie(in.token, s.session_max_age.count()));
          return res;
        })));
  r.Add(Method::kDelete, "/api/v1/session",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(s.auth.SignOut(p, req.request_id));
          Response res;
          res.status = 204;
          res.SetHeader("Set-Cookie", SessionCookie("", 0));
          return res;
        }));
  r.Add(Method::kGet, "/api/v1/me",
        Authed(s, [&s](Request&, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, access::Permission::kReadOwnAccount));
          ASSIGN_OR_RETURN(access::User u, s.users.Get(p.user_id));
          Json out = ToJson(u);
          out["signed_in_with"] = p.via == Principal::Via::kSession ? "session" : "api_token";
          return JsonOk(200, out);
        }));
  r.Add(Method::kGet, "/api/v1/tokens",
        Authed(s, [&s](Request&, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(auto tokens, s.auth.ListApiTokens(p));
          return Items(tokens);
        }));
  r.Add(Method::kPost, "/api/v1/tokens",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"name"}));
          ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
          ASSIGN_OR_RETURN(auto created, s.auth.CreateApiToken(p, *name, req.request_id));
          Json out = ToJson(created.first);
          out["token"] = created.second;
          return JsonOk(201, out);
        })));
  r.Add(Method::kDelete, "/api/v1/tokens/{id}",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          RETURN_IF_ERROR(s.auth.RevokeApiToken(p, id, req.request_id));
          Response res;
          res.status = 204;
          return res;
        }));
}

// ---- administration ------------------------------------------------------------------------

// {"employment": {"type", "fte", "start_date", "end_date"}}, each optional.
Result<std::optional<access::Employment>> EmploymentFrom(const Json& body) {
  if (!body.contains("employment") || body["employment"].is_null()) {
    return std::optional<access::Employment>();
  }
  const Json& e = body["employment"];
  if (!e.is_object()) return InvalidArgument("employment must be an object", "employment");
  RETURN_IF_ERROR(OnlyFields(e, {"type", "fte", "start_date", "end_date"}));
  access::Employment out;
  ASSIGN_OR_RETURN(out.type, StringField(e, "type", false));
  if (e.contains("fte") && !e["fte"].is_null()) {
    if (!e["fte"].is_number()) return InvalidArgument("fte must be a number", "fte");
    out.fte = e["fte"].get<double>();
  }
  ASSIGN_OR_RETURN(out.start_date, StringField(e, "start_date", false));
  ASSIGN_OR_RETURN(out.end_date, StringField(e, "end_date", false));
  return std::optional<access::Employment>(out);
}

Result<access::UserPatch> UserPatchFrom(const Json& body) {
  RETURN_IF_ERROR(OnlyFields(body, {"display_name", "email", "roles", "team_id", "status",
                                    "password", "employment", "reason"}));
  ASSIGN_OR_RETURN(auto employment, EmploymentFrom(body));
  access::UserPatch patch;
  ASSIGN_OR_RETURN(patch.display_name, StringField(body, "display_name", false));
  if (body.contains("email")) {
    ASSIGN_OR_RETURN(auto email, StringField(body, "email", false));
    patch.email = email;
  }
  ASSIGN_OR_RETURN(patch.roles, StringListField(body, "roles", false));
  if (body.contains("team_id")) {
    ASSIGN_OR_RETURN(auto team, IntField(body, "team_id", false));
    patch.team_id = team;
  }
  ASSIGN_OR_RETURN(auto status, StringField(body, "status", false));
  if (status) {
    auto parsed = access::ParseUserStatus(*status);
    if (!parsed) return InvalidArgument("status must be active, disabled or locked", "status");
    patch.status = parsed;
  }
  ASSIGN_OR_RETURN(patch.password, StringField(body, "password", false));
  patch.employment = employment;
  return patch;
}

void AddAdmin(http::Router& r, const ApiServices& s) {
  using access::Permission;
  r.Add(Method::kGet, "/api/v1/admin/users",
        Authed(s, [&s](Request&, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageUsers));
          ASSIGN_OR_RETURN(auto users, s.users.List());
          return Items(users);
        }));
  r.Add(Method::kPost, "/api/v1/admin/users",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageUsers));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"username", "display_name", "email", "password",
                                            "roles", "team_id", "employment", "reason"}));
          access::NewUser nu;
          ASSIGN_OR_RETURN(auto username, StringField(body, "username", true));
          ASSIGN_OR_RETURN(auto display, StringField(body, "display_name", true));
          ASSIGN_OR_RETURN(auto password, StringField(body, "password", true));
          ASSIGN_OR_RETURN(auto roles, StringListField(body, "roles", true));
          ASSIGN_OR_RETURN(nu.email, StringField(body, "email", false));
          ASSIGN_OR_RETURN(nu.team_id, IntField(body, "team_id", false));
          ASSIGN_OR_RETURN(auto employment, EmploymentFrom(body));
          if (employment) nu.employment = *employment;
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "new account"));
          nu.username = *username;
          nu.display_name = *display;
          nu.password = *password;
          nu.roles = *roles;
          ASSIGN_OR_RETURN(access::User u, s.users.Create(ActorOf(p, req), nu, reason));
          return JsonOk(201, ToJson(u));
        })));
  r.Add(Method::kGet, "/api/v1/admin/users/{id}",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageUsers));
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(access::User u, s.users.Get(id));
          return JsonOk(200, ToJson(u));
        }));
  r.Add(Method::kPatch, "/api/v1/admin/users/{id}",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageUsers));
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          ASSIGN_OR_RETURN(access::UserPatch patch, UserPatchFrom(body));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, ""));
          if (id == p.user_id && patch.status && *patch.status != access::UserStatus::kActive) {
            return FailedPrecondition("you cannot disable or lock your own account", "status");
          }
          ASSIGN_OR_RETURN(access::User u, s.users.Update(ActorOf(p, req), id, patch, reason));
          return JsonOk(200, ToJson(u));
        })));

  r.Add(Method::kGet, "/api/v1/admin/organisations",
        Authed(s, [&s](Request&, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageOrganisation));
          ASSIGN_OR_RETURN(auto list, s.org.ListOrganisations());
          return Items(list);
        }));
  r.Add(Method::kPost, "/api/v1/admin/organisations",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageOrganisation));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"code", "name", "kind", "reason"}));
          ASSIGN_OR_RETURN(auto code, StringField(body, "code", true));
          ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
          ASSIGN_OR_RETURN(auto kind, StringField(body, "kind", true));
          auto parsed = org::ParseKind(*kind);
          if (!parsed) {
            return InvalidArgument(
                "kind must be council, trust, commissioner, partner_agency or government", "kind");
          }
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "new organisation"));
          ASSIGN_OR_RETURN(auto o, s.org.CreateOrganisation(
                                       ActorOf(p, req), {0, *code, *name, *parsed, true}, reason));
          return JsonOk(201, ToJson(o));
        })));
  r.Add(Method::kGet, "/api/v1/admin/service-areas",
        Authed(s, [&s](Request&, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageOrganisation));
          ASSIGN_OR_RETURN(auto list, s.org.ListServiceAreas());
          return Items(list);
        }));
  r.Add(Method::kPost, "/api/v1/admin/service-areas",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageOrganisation));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(
              body, {"code", "name", "parent_id", "organisation_id", "effective_from", "reason"}));
          org::NewServiceArea a;
          ASSIGN_OR_RETURN(auto code, StringField(body, "code", true));
          ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
          ASSIGN_OR_RETURN(a.parent_id, IntField(body, "parent_id", false));
          ASSIGN_OR_RETURN(auto org_id, IntField(body, "organisation_id", true));
          ASSIGN_OR_RETURN(auto from, StringField(body, "effective_from", true));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "new service area"));
          a.code = *code;
          a.name = *name;
          a.organisation_id = *org_id;
          a.effective_from = *from;
          ASSIGN_OR_RETURN(auto area, s.org.CreateServiceArea(ActorOf(p, req), a, reason));
          return JsonOk(201, ToJson(area));
        })));
  r.Add(Method::kGet, "/api/v1/admin/teams",
        Authed(s, [&s](Request&, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageOrganisation));
          ASSIGN_OR_RETURN(auto list, s.org.ListTeams());
          return Items(list);
        }));
  r.Add(Method::kPost, "/api/v1/admin/teams",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          RETURN_IF_ERROR(access::Authorize(p, Permission::kManageOrganisation));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"code", "name", "service_area_id", "reason"}));
          ASSIGN_OR_RETURN(auto code, StringField(body, "code", true));
          ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
          ASSIGN_OR_RETURN(auto area, IntField(body, "service_area_id", true));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "new team"));
          ASSIGN_OR_RETURN(
              auto team, s.org.CreateTeam(ActorOf(p, req), {0, *code, *name, *area, true}, reason));
          return JsonOk(201, ToJson(team));
        })));
}

// ---- people --------------------------------------------------------------------------------

// Sets on `p` each person field present in `body`. Null clears an optional field.
Status ApplyPersonJson(const Json& body, domain::Person& p) {
  auto text = [&](const char* name, std::string& out) -> Status {
    if (!body.contains(name)) return Status::Ok();
    ASSIGN_OR_RETURN(auto v, StringField(body, name, true));
    out = *v;
    return Status::Ok();
  };
  auto optional = [&](const char* name, std::optional<std::string>& out) -> Status {
    if (!body.contains(name)) return Status::Ok();
    ASSIGN_OR_RETURN(out, StringField(body, name, false));
    return Status::Ok();
  };
  RETURN_IF_ERROR(text("given_name", p.given_name));
  RETURN_IF_ERROR(text("family_name", p.family_name));
  RETURN_IF_ERROR(text("sex", p.sex));
  if (body.contains("kind")) {
    ASSIGN_OR_RETURN(auto kind, StringField(body, "kind", true));
    auto k = domain::ParsePersonKind(*kind);
    if (!k) return InvalidArgument("kind must be child, adult or unborn", "kind");
    p.kind = *k;
  }
  for (const auto& [name, field] :
       std::initializer_list<std::pair<const char*, std::optional<std::string>*>>{
           {"date_of_birth", &p.date_of_birth},
           {"gender", &p.gender},
           {"ethnicity", &p.ethnicity},
           {"la_child_id", &p.la_child_id},
           {"upn", &p.upn},
           {"former_upn", &p.former_upn},
           {"upn_unknown", &p.upn_unknown},
           {"nhs_number", &p.nhs_number}}) {
    RETURN_IF_ERROR(optional(name, *field));
  }
  if (body.contains("disabilities")) {
    ASSIGN_OR_RETURN(auto list, StringListField(body, "disabilities", false));
    p.disabilities = list.value_or(std::vector<std::string>{});
  }
  return Status::Ok();
}

const std::vector<std::string>& PersonFields() {
  static const std::vector<std::string> kFields = {
      "kind",       "given_name",  "family_name",  "date_of_birth", "sex",
      "gender",     "ethnicity",   "disabilities", "la_child_id",   "upn",
      "former_upn", "upn_unknown", "nhs_number"};
  return kFields;
}

// Reads the fields every detail shares.
Status ApplyDetailBase(const Json& body, int64_t person_id, domain::DetailBase& d) {
  d.person_id = person_id;
  ASSIGN_OR_RETURN(d.start_date, StringField(body, "start_date", false));
  ASSIGN_OR_RETURN(d.end_date, StringField(body, "end_date", false));
  return Status::Ok();
}

Result<std::string> RequiredText(const Json& body, const char* name) {
  ASSIGN_OR_RETURN(auto v, StringField(body, name, true));
  return *v;
}

void AddPersonDetails(http::Router& r, const ApiServices& s) {
  using record::DetailKind;
  const std::string base = "/api/v1/people/{id}/";
  r.Add(Method::kPost, base + "names",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(
              body, {"kind", "given_name", "family_name", "start_date", "end_date", "reason"}));
          domain::OtherName n;
          RETURN_IF_ERROR(ApplyDetailBase(body, id, n));
          ASSIGN_OR_RETURN(n.kind, RequiredText(body, "kind"));
          ASSIGN_OR_RETURN(n.given_name, RequiredText(body, "given_name"));
          ASSIGN_OR_RETURN(n.family_name, RequiredText(body, "family_name"));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "other name recorded"));
          ASSIGN_OR_RETURN(auto out, s.details.AddName(p, ActorOf(p, req), n, reason));
          return JsonOk(201, ToJson(out));
        })));
  r.Add(Method::kPost, base + "addresses",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(
              body, {"line1", "line2", "town", "postcode", "start_date", "end_date", "reason"}));
          domain::Address a;
          RETURN_IF_ERROR(ApplyDetailBase(body, id, a));
          ASSIGN_OR_RETURN(a.line1, RequiredText(body, "line1"));
          ASSIGN_OR_RETURN(a.line2, StringField(body, "line2", false));
          ASSIGN_OR_RETURN(a.town, StringField(body, "town", false));
          ASSIGN_OR_RETURN(a.postcode, RequiredText(body, "postcode"));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "address recorded"));
          ASSIGN_OR_RETURN(auto out, s.details.AddAddress(p, ActorOf(p, req), a, reason));
          return JsonOk(201, ToJson(out));
        })));
  r.Add(Method::kPost, base + "alerts",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"kind", "detail", "start_date", "end_date", "reason"}));
          domain::Alert a;
          RETURN_IF_ERROR(ApplyDetailBase(body, id, a));
          ASSIGN_OR_RETURN(a.kind, RequiredText(body, "kind"));
          ASSIGN_OR_RETURN(a.detail, RequiredText(body, "detail"));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "alert recorded"));
          ASSIGN_OR_RETURN(auto out, s.details.AddAlert(p, ActorOf(p, req), a, reason));
          return JsonOk(201, ToJson(out));
        })));
  r.Add(Method::kPost, base + "relationships",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(
              OnlyFields(body, {"kind", "related_person_id", "start_date", "end_date", "reason"}));
          domain::Relationship rel;
          RETURN_IF_ERROR(ApplyDetailBase(body, id, rel));
          ASSIGN_OR_RETURN(rel.kind, RequiredText(body, "kind"));
          ASSIGN_OR_RETURN(auto other, IntField(body, "related_person_id", true));
          rel.related_person_id = *other;
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "relationship recorded"));
          ASSIGN_OR_RETURN(auto out, s.details.AddRelationship(p, ActorOf(p, req), rel, reason));
          return JsonOk(201, ToJson(record::RelationshipView{out, ""}));
        })));
  for (DetailKind kind :
       {DetailKind::kName, DetailKind::kAddress, DetailKind::kAlert, DetailKind::kRelationship}) {
    r.Add(Method::kPost, base + std::string(record::DetailPath(kind)) + "/{detail_id}/end",
          JsonBody(Authed(s, [&s, kind](Request& req, const Principal& p) -> Result<Response> {
            ASSIGN_OR_RETURN(int64_t id, IdParam(req));
            ASSIGN_OR_RETURN(int64_t detail_id, IdParam(req, "detail_id"));
            ASSIGN_OR_RETURN(Json body, ParseObject(req));
            RETURN_IF_ERROR(OnlyFields(body, {"end_date", "version", "reason"}));
            ASSIGN_OR_RETURN(std::string end_date, RequiredText(body, "end_date"));
            ASSIGN_OR_RETURN(auto version, IntField(body, "version", true));
            ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, ""));
            RETURN_IF_ERROR(
                s.details.End(p, ActorOf(p, req), kind, id, detail_id, *version, end_date, reason));
            Response res;
            res.status = 204;
            return res;
          })));
  }
}

Result<record::SearchQuery> SearchQueryFrom(const Json& body) {
  RETURN_IF_ERROR(OnlyFields(
      body, {"name", "date_of_birth", "approximate_date", "identifier", "postcode", "limit"}));
  record::SearchQuery q;
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", false));
  q.name = name.value_or("");
  ASSIGN_OR_RETURN(q.date_of_birth, StringField(body, "date_of_birth", false));
  ASSIGN_OR_RETURN(q.identifier, StringField(body, "identifier", false));
  ASSIGN_OR_RETURN(q.postcode, StringField(body, "postcode", false));
  if (body.contains("approximate_date")) {
    if (!body["approximate_date"].is_boolean()) {
      return InvalidArgument("approximate_date must be true or false", "approximate_date");
    }
    q.approximate_date = body["approximate_date"].get<bool>();
  }
  ASSIGN_OR_RETURN(auto limit, IntField(body, "limit", false));
  if (limit) {
    if (*limit < 1 || *limit > 100) return InvalidArgument("limit must be 1 to 100", "limit");
    q.limit = static_cast<int>(*limit);
  }
  return q;
}

// People so like a new one that the worker should check they are not the same person.
Json LikelyDuplicates(const ApiServices& s, const Principal& p, const domain::Person& created) {
  record::SearchQuery q;
  q.name = created.given_name + " " + created.family_name;
  q.date_of_birth = created.date_of_birth;
  q.approximate_date = true;
  q.limit = 5;
  Json out = Json::array();
  auto hits = s.search.Search(p, q);
  if (!hits.ok()) return out;  // a warning, never a reason to fail the create
  for (const auto& h : *hits) {
    if (h.person.id != created.id && h.score >= 0.85) out.push_back(ToJson(h));
  }
  return out;
}

void AddPeople(http::Router& r, const ApiServices& s) {
  // POST, so that names and dates of birth never appear in a URL or an access log.
  r.Add(Method::kPost, "/api/v1/people/search",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          ASSIGN_OR_RETURN(record::SearchQuery q, SearchQueryFrom(body));
          ASSIGN_OR_RETURN(auto hits, s.search.Search(p, q));
          return Items(hits);
        })));
  r.Add(Method::kPost, "/api/v1/people",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          std::vector<std::string> allowed = PersonFields();
          allowed.insert(allowed.end(), {"service_area_id", "reason"});
          RETURN_IF_ERROR(OnlyFields(body, allowed));
          domain::Person person;
          ASSIGN_OR_RETURN(auto area, IntField(body, "service_area_id", true));
          ASSIGN_OR_RETURN(auto given, StringField(body, "given_name", true));
          ASSIGN_OR_RETURN(auto family, StringField(body, "family_name", true));
          person.service_area_id = *area;
          RETURN_IF_ERROR(ApplyPersonJson(body, person));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, "new person"));
          ASSIGN_OR_RETURN(auto created, s.people.Create(p, ActorOf(p, req), person, reason));
          Json out = ToJson(created);
          out["possible_duplicates"] = LikelyDuplicates(s, p, created);
          return JsonOk(201, out);
        })));
  r.Add(Method::kPatch, "/api/v1/people/{id}",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          std::vector<std::string> allowed = PersonFields();
          allowed.insert(allowed.end(), {"version", "reason"});
          RETURN_IF_ERROR(OnlyFields(body, allowed));
          ASSIGN_OR_RETURN(auto version, IntField(body, "version", true));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, ""));
          ASSIGN_OR_RETURN(auto updated, s.people.Update(
                                             p, ActorOf(p, req), id, *version,
                                             [&body](domain::Person& person) {
                                               return ApplyPersonJson(body, person);
                                             },
                                             reason));
          return JsonOk(200, ToJson(updated));
        })));
  r.Add(Method::kGet, "/api/v1/people/{id}",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto record,
                           s.details.GetRecord(p, ActorOf(p, req), id,
                                               req.Header("x-haven-purpose").value_or("")));
          return JsonOk(200, ToJson(record));
        }));
  AddPersonDetails(r, s);
  r.Add(Method::kGet, "/api/v1/people/{id}/history",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto versions, s.people.History(p, ActorOf(p, req), id));
          return Items(versions);
        }));
  r.Add(Method::kGet, "/api/v1/people/{id}/access-log",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto entries, s.people.AccessLog(p, ActorOf(p, req), id));
          return Items(entries);
        }));
}

// ---- the front door --------------------------------------------------------------------------

void AddContacts(http::Router& r, const ApiServices& s) {
  r.Add(Method::kPost, "/api/v1/contacts",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"person_id", "received_at", "source", "referrer_name",
                                            "referrer_agency", "concerns"}));
          domain::Contact c;
          ASSIGN_OR_RETURN(auto person, IntField(body, "person_id", true));
          c.person_id = *person;
          ASSIGN_OR_RETURN(c.received_at, RequiredText(body, "received_at"));
          ASSIGN_OR_RETURN(c.source, RequiredText(body, "source"));
          ASSIGN_OR_RETURN(c.referrer_name, RequiredText(body, "referrer_name"));
          ASSIGN_OR_RETURN(c.referrer_agency, StringField(body, "referrer_agency", false));
          ASSIGN_OR_RETURN(c.concerns, RequiredText(body, "concerns"));
          ASSIGN_OR_RETURN(auto view, s.contacts.Record(p, ActorOf(p, req), c));
          return JsonOk(201, ToJson(view));
        })));
  r.Add(Method::kGet, "/api/v1/contacts/queue",
        Authed(s, [&s](Request&, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(auto queue, s.contacts.Queue(p));
          return Items(queue);
        }));
  r.Add(Method::kGet, "/api/v1/contacts/{id}",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto record, s.contacts.Get(p, ActorOf(p, req), id));
          return JsonOk(200, ToJson(record));
        }));
  r.Add(Method::kPost, "/api/v1/contacts/{id}/decision",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"decision", "threshold_reason", "version"}));
          ASSIGN_OR_RETURN(std::string decision, RequiredText(body, "decision"));
          ASSIGN_OR_RETURN(std::string reason, RequiredText(body, "threshold_reason"));
          ASSIGN_OR_RETURN(auto version, IntField(body, "version", true));
          ASSIGN_OR_RETURN(auto view,
                           s.contacts.Decide(p, ActorOf(p, req), id, *version, decision, reason));
          return JsonOk(200, ToJson(view));
        })));
  r.Add(Method::kPost, "/api/v1/contacts/{id}/feedback",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"feedback", "version"}));
          ASSIGN_OR_RETURN(std::string feedback, RequiredText(body, "feedback"));
          ASSIGN_OR_RETURN(auto version, IntField(body, "version", true));
          ASSIGN_OR_RETURN(auto view,
                           s.contacts.RecordFeedback(p, ActorOf(p, req), id, *version, feedback));
          return JsonOk(200, ToJson(view));
        })));
}

}  // namespace

void RegisterApi(http::Router& router, const ApiServices& services) {
  AddHealth(router, services);
  AddSession(router, services);
  AddAdmin(router, services);
  AddPeople(router, services);
  AddContacts(router, services);
  RegisterCaseworkApi(router, services);
  RegisterPerformanceApi(router, services);
  RegisterWorkforceApi(router, services);
  RegisterContractApi(router, services);
  RegisterReturnsApi(router, services);
}

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const std::vector<std::pair<std::string, std::string>> kHeaders = {
      {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
      {"Strict-Transport-Security", "max-age=31536000"},
  };
  return kHeaders;
}

http::Handler WithSecurityHeaders(http::Handler inner) {
  return [inner = std::move(inner)](Request& req) -> Response {
    Response res = inner(req);
    // The pages set their own Content-Security-Policy, and the web assets their own caching;
    // everything else gets the API's.
    for (const auto& [name, value] : SecurityHeaders()) {
      if (!res.Header(name)) res.SetHeader(name, value);
    }
    return res;
  };
}

}  // namespace haven::api
