#include "api/openapi.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "access/roles.h"
#include "access/user_service.h"
#include "api/api.h"
#include "clocks/timescales.h"
#include "domain/casework.h"
#include "domain/codes.h"
#include "domain/contact.h"
#include "domain/person.h"
#include "org/org.h"

// The document has two halves. The casework steps are generated from domain::Steps(), as
// casework_api.cc registers them. Every other route is one row of Routes() below, naming its
// request and response schemas; the error responses, path parameters and security requirements of
// a row are derived from it (an {id} in the path can be 400 or 404, a body 400, 413 or 415, a
// signed-in route 401 or 403), so a row says only what is particular to it.

namespace haven::api {
namespace {

using Json = nlohmann::json;
// An object's properties in order. In a request body, a name ending in '!' is required.
using Props = std::vector<std::pair<std::string, Json>>;

// ---- schema shorthands ----------------------------------------------------------------------

Json Type(const char* type) { return Json::object({{"type", type}}); }
Json Str() { return Type("string"); }
Json Int() { return Type("integer"); }
Json Num() { return Type("number"); }
Json Bool() { return Type("boolean"); }
Json Date() { return Json::object({{"type", "string"}, {"format", "date"}}); }
Json Timestamp() { return Json::object({{"type", "string"}, {"format", "date-time"}}); }
Json Id() { return Json::object({{"type", "integer"}, {"minimum", 1}}); }
Json Arr(Json items) { return Json::object({{"type", "array"}, {"items", std::move(items)}}); }
Json Ref(const std::string& name) {
  return Json::object({{"$ref", "#/components/schemas/" + name}});
}
Json Described(Json s, const std::string& text) {
  s["description"] = text;
  return s;
}

Json Enum(const std::vector<std::string>& values) {
  return Json::object({{"type", "string"}, {"enum", values}});
}
template <typename E, typename NameFn>
Json EnumOf(std::initializer_list<E> values, NameFn name) {
  std::vector<std::string> out;
  for (E v : values) out.emplace_back(name(v));
  return Enum(out);
}
// "cp_plan" -> "CpPlan"
std::string Pascal(const std::string& snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

// One code of a national code list (domain/codes.cc). Each list is a schema of its own
// (AddCodeListSchemas), so that its codes are written once.
Json Code(const std::string& list) {
  domain::Codes(list);  // a list that does not exist is a bug: this throws
  return Ref(Pascal(list) + "Code");
}

void AddCodeListSchemas(Json& schemas) {
  for (const domain::CodeList& list : domain::CodeLists()) {
    std::vector<std::string> values;
    for (const auto& c : list.codes) values.push_back(c.code);
    schemas[Pascal(list.name) + "Code"] =
        Described(Enum(values), list.title + " (code list " + list.name + ")");
  }
}

// Also null. A plain type becomes a list of types; anything with an enum or a $ref is wrapped in
// anyOf, so that an enum stays exactly its code list.
Json Null(Json s) {
  if (s.contains("type") && !s.contains("enum")) {
    if (s["type"].is_string()) {
      s["type"] = Json::array({s["type"], "null"});
    } else {
      s["type"].push_back("null");
    }
    return s;
  }
  Json out = Json::object({{"anyOf", Json::array({s, Type("null")})}});
  if (s.contains("description")) out["description"] = s["description"];
  return out;
}

// A response object: every property is always present (null when not recorded).
Json Obj(const Props& props) {
  Json out = Json::object({{"type", "object"}, {"properties", Json::object()}});
  Json required = Json::array();
  for (const auto& [name, schema] : props) {
    out["properties"][name] = schema;
    required.push_back(name);
  }
  out["required"] = required;
  return out;
}
// A response that extends a named one.
Json Extends(const std::string& base, const Props& more) {
  return Json::object({{"allOf", Json::array({Ref(base), Obj(more)})}});
}
Json ItemsOf(Json item) { return Obj({{"items", Arr(std::move(item))}}); }

// A request body. Unknown members are refused (OnlyFields), hence additionalProperties false.
Json Body(const Props& props) {
  Json out = Json::object(
      {{"type", "object"}, {"properties", Json::object()}, {"additionalProperties", false}});
  Json required = Json::array();
  for (auto [name, schema] : props) {
    if (!name.empty() && name.back() == '!') {
      name.pop_back();
      required.push_back(name);
    }
    out["properties"][name] = schema;
  }
  if (!required.empty()) out["required"] = required;
  return out;
}
Props Join(Props a, const Props& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// ---- the shapes of json_io.cc and casework_api.cc -------------------------------------------

Json ClockStateEnum() {
  using S = clocks::ClockState;
  return EnumOf({S::kDue, S::kOverdue, S::kMet, S::kMetLate}, clocks::ClockStateName);
}

Json OrganisationKind() {
  using K = org::OrganisationKind;
  return EnumOf({K::kCouncil, K::kTrust, K::kCommissioner, K::kPartnerAgency, K::kGovernment},
                org::KindName);
}

Json RoleEnum() {
  std::vector<std::string> roles;
  for (access::Role r : access::AllRoles()) roles.emplace_back(access::RoleName(r));
  return Enum(roles);
}

Json EmploymentType() { return Null(Enum({"permanent", "agency"})); }

Props PersonProps() {
  using K = domain::PersonKind;
  return {{"kind", EnumOf({K::kChild, K::kAdult, K::kUnborn}, domain::PersonKindName)},
          {"given_name", Str()},
          {"family_name", Str()},
          {"date_of_birth", Null(Date())},
          {"sex", Code("sex")},
          {"gender", Null(Str())},
          {"ethnicity", Null(Code("ethnicity"))},
          {"disabilities", Arr(Code("disability"))},
          {"la_child_id", Null(Str())},
          {"upn", Null(Str())},
          {"former_upn", Null(Str())},
          {"upn_unknown", Null(Code("upn_unknown"))},
          {"nhs_number", Null(Str())}};
}

Props DetailProps(const Props& more) {
  return Join({{"id", Id()},
               {"person_id", Id()},
               {"start_date", Null(Date())},
               {"end_date", Null(Date())},
               {"version", Int()}},
              more);
}
// A detail's request body: its own fields, then the dates and reason every detail takes.
Json DetailBody(const Props& own) {
  return Body(
      Join(own, {{"start_date", Null(Date())}, {"end_date", Null(Date())}, {"reason", Str()}}));
}

void AddSharedSchemas(Json& s) {
  using access::UserStatus;
  s["Error"] = Obj({{"error", Obj({{"code", Described(Str(), "invalid_argument, not_found, ...")},
                                   {"message", Str()},
                                   {"field", Described(Null(Str()), "the input at fault")}})}});
  s["Health"] = Obj({{"status", Str()}, {"version", Str()}});
  s["Ready"] = Obj({{"status", Str()}});
  s["User"] =
      Obj({{"id", Id()},
           {"username", Str()},
           {"display_name", Str()},
           {"email", Null(Str())},
           {"roles", Arr(RoleEnum())},
           {"team_id", Null(Int())},
           {"status", EnumOf({UserStatus::kActive, UserStatus::kDisabled, UserStatus::kLocked},
                             access::UserStatusName)},
           {"employment", Obj({{"type", EmploymentType()},
                               {"fte", Null(Num())},
                               {"start_date", Null(Date())},
                               {"end_date", Null(Date())}})},
           {"version", Int()},
           {"created_at", Timestamp()},
           {"updated_at", Timestamp()}});
  s["Me"] = Extends("User", {{"signed_in_with", Enum({"session", "api_token"})}});
  s["Session"] = Obj({{"user", Ref("User")},
                      {"csrf_token", Described(Str(), "send as X-CSRF-Token on unsafe requests")},
                      {"expires_at", Timestamp()}});
  s["ApiToken"] = Obj({{"id", Id()},
                       {"name", Str()},
                       {"created_at", Timestamp()},
                       {"last_used_at", Null(Timestamp())},
                       {"revoked_at", Null(Timestamp())}});
  s["NewApiToken"] =
      Extends("ApiToken", {{"token", Described(Str(), "hvn_...: shown this once only")}});
  s["Organisation"] = Obj({{"id", Id()},
                           {"code", Str()},
                           {"name", Str()},
                           {"kind", OrganisationKind()},
                           {"active", Bool()}});
  s["ServiceArea"] = Obj({{"id", Id()},
                          {"code", Str()},
                          {"name", Str()},
                          {"parent_id", Null(Int())},
                          {"active", Bool()}});
  s["Team"] = Obj({{"id", Id()},
                   {"code", Str()},
                   {"name", Str()},
                   {"service_area_id", Int()},
                   {"active", Bool()}});
  s["Person"] = Obj(Join(Join({{"id", Id()}, {"service_area_id", Int()}}, PersonProps()),
                         {{"merged_into", Null(Int())},
                          {"restricted", Bool()},
                          {"version", Int()},
                          {"created_at", Timestamp()},
                          {"updated_at", Timestamp()}}));
  s["PersonCreated"] =
      Extends("Person",
              {{"possible_duplicates",
                Described(Arr(Ref("SearchHit")), "people so alike that the worker should check")}});
  s["PersonRecord"] = Extends("Person", {{"current_alerts", Arr(Ref("Alert"))},
                                         {"alerts", Arr(Ref("Alert"))},
                                         {"other_names", Arr(Ref("OtherName"))},
                                         {"addresses", Arr(Ref("Address"))},
                                         {"relationships", Arr(Ref("Relationship"))}});
  s["OtherName"] =
      Obj(DetailProps({{"kind", Str()}, {"given_name", Str()}, {"family_name", Str()}}));
  s["Address"] = Obj(DetailProps(
      {{"line1", Str()}, {"line2", Null(Str())}, {"town", Null(Str())}, {"postcode", Str()}}));
  s["Alert"] = Obj(DetailProps({{"kind", Str()}, {"detail", Str()}}));
  s["Relationship"] =
      Obj(DetailProps({{"kind", Str()}, {"related_person_id", Id()}, {"related_name", Str()}}));
  s["SearchHit"] = Obj({{"id", Id()},
                        {"kind", Str()},
                        {"given_name", Str()},
                        {"family_name", Str()},
                        {"date_of_birth", Null(Date())},
                        {"sex", Str()},
                        {"upn", Null(Str())},
                        {"nhs_number", Null(Str())},
                        {"score", Num()},
                        {"matched_on", Arr(Str())},
                        {"current_alerts", Arr(Ref("Alert"))}});
  s["Contact"] = Obj({{"id", Id()},
                      {"person_id", Id()},
                      {"received_at", Str()},
                      {"source", Code("referral_source")},
                      {"referrer_name", Str()},
                      {"referrer_agency", Null(Str())},
                      {"concerns", Str()},
                      {"decision", Null(Enum(domain::ContactDecisions()))},
                      {"threshold_reason", Null(Str())},
                      {"decided_at", Null(Timestamp())},
                      {"decided_by", Null(Int())},
                      {"feedback_at", Null(Timestamp())},
                      {"feedback", Null(Str())},
                      {"version", Int()},
                      {"decision_due", Date()},
                      {"decision_state", ClockStateEnum()},
                      {"working_days_left", Int()}});
  s["ContactRecord"] = Extends("Contact", {{"person", Ref("Person")},
                                           {"previous_contacts", Arr(Ref("Contact"))},
                                           {"involvement", Arr(Obj({{"kind", Str()},
                                                                    {"id", Id()},
                                                                    {"start_date", Date()},
                                                                    {"end_date", Null(Date())},
                                                                    {"open", Bool()},
                                                                    {"team", Null(Str())}}))}});
  s["Version"] = Obj({{"version", Int()},
                      {"operation", Str()},
                      {"actor_id", Null(Int())},
                      {"at", Timestamp()},
                      {"reason", Str()},
                      {"data", Described(Type("object"), "the record as it stood")}});
  s["AccessEntry"] = Obj({{"id", Id()},
                          {"at", Timestamp()},
                          {"actor_id", Int()},
                          {"action", Str()},
                          {"purpose", Null(Str())},
                          {"request_id", Str()}});
  s["Allocation"] = Obj({{"id", Id()},
                         {"person_id", Id()},
                         {"team_id", Id()},
                         {"worker_id", Null(Int())},
                         {"start_date", Date()},
                         {"end_date", Null(Date())},
                         {"reason", Null(Str())},
                         {"change_reason", Null(Code("sw_change_reason"))},
                         {"version", Int()}});
  s["Merge"] = Obj({{"id", Id()},
                    {"kept_id", Id()},
                    {"merged_id", Id()},
                    {"moved_rows", Int()},
                    {"reason", Str()},
                    {"merged_at", Timestamp()},
                    {"undone_at", Null(Timestamp())},
                    {"version", Int()}});
  s["Clock"] = Obj({{"timescale", Str()},
                    {"step", Str()},
                    {"kind", Str()},
                    {"record_id", Id()},
                    {"person_id", Id()},
                    {"started", Date()},
                    {"due", Date()},
                    {"completed", Null(Date())},
                    {"state", ClockStateEnum()},
                    {"working_days_left", Int()}});
  s["WorkDue"] = Obj({{"week_ending", Date()},
                      {"overdue", Arr(Extends("Clock", {{"name", Str()}}))},
                      {"due_this_week", Arr(Extends("Clock", {{"name", Str()}}))},
                      {"drift", Arr(Str())}});
  s["CaseView"] = Obj({{"person_id", Id()},
                       {"steps", Arr(Ref("Step"))},
                       {"clocks", Arr(Ref("Clock"))},
                       {"outstanding", Arr(Ref("Clock"))},
                       {"drift", Arr(Str())}});
  Props episode;
  for (const char* f : {"DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER"}) {
    episode.emplace_back(f, Str());
  }
  for (const char* f : {"DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}) {
    episode.emplace_back(f, Null(Str()));
  }
  for (const char* f : {"care_period_id", "legal_status_id", "placement_id"}) {
    episode.emplace_back(f, Id());
  }
  s["CareView"] = Obj({{"person_id", Id()},
                       {"looked_after", Bool()},
                       {"care_periods", Arr(Ref("CarePeriod"))},
                       {"placements", Arr(Extends("Placement", {{"end_date", Null(Date())}}))},
                       {"episodes", Described(Arr(Obj(episode)), "the SSDA903 episodes")}});
  s["Chronology"] = ItemsOf(Obj({{"date", Date()},
                                 {"kind", Str()},
                                 {"record_id", Id()},
                                 {"title", Str()},
                                 {"summary", Str()}}));
  s["CodeLists"] = Json::object(
      {{"type", "object"},
       {"additionalProperties",
        Obj({{"title", Str()}, {"codes", Arr(Obj({{"code", Str()}, {"label", Str()}}))}})}});
  using U = clocks::Unit;
  s["Timescales"] = ItemsOf(
      Obj({{"id", Str()},
           {"step", Str()},
           {"from", Str()},
           {"unit", EnumOf({U::kWorkingDays, U::kDays, U::kWeeks, U::kMonths}, clocks::UnitName)},
           {"amount", Int()},
           {"source", Str()},
           {"local", Bool()}}));
  s["EndDetail"] = Body({{"end_date!", Date()}, {"version!", Int()}, {"reason!", Str()}});
}

// ---- the routes that are not casework steps -------------------------------------------------

enum class Auth { kNone, kSignedIn };

struct Route {
  std::string method;  // lower case, as OpenAPI keys operations
  std::string path;
  std::string operation_id;
  std::string summary;
  Auth auth;
  Json body;                               // request schema; null for none
  int status;                              // on success
  Json response;                           // response schema; null for an empty response
  std::vector<int> errors{};               // besides those derived from the path, the body and auth
  Json parameters = Json::array();         // besides the path parameters
  std::string media = "application/json";  // of the success response
};

Json Employment() {
  return Null(Body(
      {{"type", EmploymentType()},
       {"fte", Null(Json::object({{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}}))},
       {"start_date", Null(Date())},
       {"end_date", Null(Date())}}));
}

Json Header(const char* name, const char* about, Json schema) {
  return Json::object(
      {{"name", name}, {"in", "header"}, {"description", about}, {"schema", std::move(schema)}});
}
Json Query(const char* name, const char* about, Json schema) {
  return Json::object(
      {{"name", name}, {"in", "query"}, {"description", about}, {"schema", std::move(schema)}});
}

std::vector<Route> Routes() {
  const Auth open = Auth::kNone;
  const Auth in = Auth::kSignedIn;
  const Json none;
  const std::vector<int> conflict = {409};
  const Json data_quality = Obj(
      {{"return", Str()},
       {"year", Int()},
       {"collection", Str()},
       {"children", Int()},
       {"errors", Int()},
       {"queries", Int()},
       {"rules", Json{{"type", "array"},
                      {"items", Obj({{"rule", Str()},
                                     {"severity", Str()},
                                     {"message", Str()},
                                     {"count", Int()},
                                     {"withheld", Int()},
                                     {"children", Json{{"type", "array"},
                                                       {"items", Obj({{"person_id", Id()},
                                                                      {"la_child_id", Str()},
                                                                      {"table", Str()},
                                                                      {"row", Int()}})}}}})}}}});
  const Json year_query =
      Json::array({Query("year", "collection year, by the year it ends (2026 is 2025-26)", Int())});
  // Management information (performance_api.cc).
  const Json figure = Obj({{"numerator", Int()},
                           {"denominator", Int()},
                           {"value", Null(Json{{"type", "number"}})},
                           {"shown", Str()}});
  const Json measure = Obj({{"id", Str()},
                            {"area", Str()},
                            {"title", Str()},
                            {"definition", Str()},
                            {"basis", Str()},
                            {"unit", Str()},
                            {"higher_is_better", Bool()}});
  Json filter_query = Json::array(
      {Query("team", "a team's id", Id()), Query("service_area", "a service area's id", Id()),
       Query("organisation", "the id of the organisation that ran the service", Id())});
  Json month_query = filter_query;
  month_query.push_back(
      Query("month", "YYYY-MM, one of the months shown; the latest if absent", Str()));
  Json export_query = filter_query;
  export_query.push_back(Query("format", "csv (the default) or xlsx", Str()));
  const Json establishment = Obj({{"id", Id()},
                                  {"team_id", Id()},
                                  {"effective_from", Date()},
                                  {"social_worker_fte", Json{{"type", "number"}}},
                                  {"version", Int()}});
  const Json sickness = Obj({{"id", Id()},
                             {"user_id", Id()},
                             {"start_date", Date()},
                             {"end_date", Null(Date())},
                             {"working_days", Int()},
                             {"version", Int()}});
  const Json contract = Obj({{"id", Id()},
                             {"name", Str()},
                             {"provider_id", Id()},
                             {"provider", Str()},
                             {"commissioner_id", Id()},
                             {"commissioner", Str()},
                             {"start_date", Date()},
                             {"end_date", Null(Date())},
                             {"targets", Arr(Obj({{"measure", Str()},
                                                  {"target", Json{{"type", "number"}}},
                                                  {"tolerance", Json{{"type", "number"}}},
                                                  {"version", Int()}}))}});
  Json graded = figure;
  graded["properties"]["grade"] = Described(Str(), "green, amber, red or no figure");
  const Props person = PersonProps();
  return {
      {"get", "/healthz", "health", "The process is up", open, none, 200, Ref("Health")},
      {"get", "/readyz", "ready", "The database answers", open, none, 200, Ref("Ready"), {503}},
      {"post",
       "/api/v1/session",
       "signIn",
       "Sign in: sets the haven_session cookie",
       open,
       Body({{"username!", Str()}, {"password!", Str()}}),
       201,
       Ref("Session"),
       {401, 403, 429}},
      {"delete", "/api/v1/session", "signOut", "Sign out", in, none, 204, none, conflict},
      {"get", "/api/v1/me", "getMe", "The caller's account", in, none, 200, Ref("Me")},
      {"get", "/api/v1/tokens", "listTokens", "The caller's API tokens (never the secret)", in,
       none, 200, ItemsOf(Ref("ApiToken"))},
      {"post", "/api/v1/tokens", "createToken", "Create an API token", in, Body({{"name!", Str()}}),
       201, Ref("NewApiToken")},
      {"delete", "/api/v1/tokens/{id}", "revokeToken", "Revoke an API token", in, none, 204, none},
      {"get", "/api/v1/admin/users", "listUsers", "All accounts", in, none, 200,
       ItemsOf(Ref("User"))},
      {"post", "/api/v1/admin/users", "createUser", "Create an account", in,
       Body({{"username!", Str()},
             {"display_name!", Str()},
             {"email", Null(Str())},
             {"password!", Str()},
             {"roles!", Arr(RoleEnum())},
             {"team_id", Null(Int())},
             {"employment", Employment()},
             {"reason", Str()}}),
       201, Ref("User"), conflict},
      {"get", "/api/v1/admin/users/{id}", "getUser", "One account", in, none, 200, Ref("User")},
      {"patch", "/api/v1/admin/users/{id}", "changeUser",
       "Change an account (status active unlocks it)", in,
       Body({{"display_name", Null(Str())},
             {"email", Null(Str())},
             {"roles", Null(Arr(RoleEnum()))},
             {"team_id", Null(Int())},
             {"status", Null(Enum({"active", "disabled", "locked"}))},
             {"password", Null(Str())},
             {"employment", Described(Employment(), "replaces the whole employment record")},
             {"reason!", Str()}}),
       200, Ref("User"), conflict},
      {"get", "/api/v1/admin/organisations", "listOrganisations", "All organisations", in, none,
       200, ItemsOf(Ref("Organisation"))},
      {"post", "/api/v1/admin/organisations", "createOrganisation", "Add an organisation", in,
       Body({{"code!", Str()}, {"name!", Str()}, {"kind!", OrganisationKind()}, {"reason", Str()}}),
       201, Ref("Organisation"), conflict},
      {"get", "/api/v1/admin/service-areas", "listServiceAreas", "All service areas", in, none, 200,
       ItemsOf(Ref("ServiceArea"))},
      {"post", "/api/v1/admin/service-areas", "createServiceArea", "Add a service area", in,
       Body({{"code!", Str()},
             {"name!", Str()},
             {"parent_id", Null(Int())},
             {"organisation_id!", Id()},
             {"effective_from!", Date()},
             {"reason", Str()}}),
       201, Ref("ServiceArea"), conflict},
      {"get", "/api/v1/admin/teams", "listTeams", "All teams", in, none, 200, ItemsOf(Ref("Team"))},
      {"post", "/api/v1/admin/teams", "createTeam", "Add a team", in,
       Body({{"code!", Str()}, {"name!", Str()}, {"service_area_id!", Id()}, {"reason", Str()}}),
       201, Ref("Team"), conflict},
      {"post", "/api/v1/people/search", "searchPeople",
       "Find people by name, date of birth, identifier or postcode (POST keeps names out of URLs)",
       in,
       Body({{"name", Null(Str())},
             {"date_of_birth", Null(Date())},
             {"approximate_date", Bool()},
             {"identifier", Null(Str())},
             {"postcode", Null(Str())},
             {"limit",
              Null(Json::object({{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}))}}),
       200, ItemsOf(Ref("SearchHit"))},
      {"post", "/api/v1/people", "createPerson", "Add a person", in,
       Body(Join({{"service_area_id!", Id()}, {"given_name!", Str()}, {"family_name!", Str()}},
                 Join(person, {{"reason", Str()}}))),
       201, Ref("PersonCreated"), conflict},
      {"patch", "/api/v1/people/{id}", "changePerson", "Change a person's details", in,
       Body(Join(person, {{"version!", Int()}, {"reason!", Str()}})), 200, Ref("Person"), conflict},
      {"get",
       "/api/v1/people/{id}",
       "getPerson",
       "A person's record (a logged read)",
       in,
       none,
       200,
       Ref("PersonRecord"),
       {},
       Json::array({Header("X-Haven-Purpose", "why the record is opened, for its access log",
                           Json::object({{"type", "string"}, {"maxLength", 200}}))})},
      {"post", "/api/v1/people/{id}/names", "addName", "Record another name", in,
       DetailBody({{"kind!", Str()}, {"given_name!", Str()}, {"family_name!", Str()}}), 201,
       Ref("OtherName"), conflict},
      {"post", "/api/v1/people/{id}/addresses", "addAddress", "Record an address", in,
       DetailBody({{"line1!", Str()},
                   {"line2", Null(Str())},
                   {"town", Null(Str())},
                   {"postcode!", Str()}}),
       201, Ref("Address"), conflict},
      {"post", "/api/v1/people/{id}/alerts", "addAlert", "Record an alert", in,
       DetailBody({{"kind!", Str()}, {"detail!", Str()}}), 201, Ref("Alert"), conflict},
      {"post", "/api/v1/people/{id}/relationships", "addRelationship", "Record a relationship", in,
       DetailBody({{"kind!", Str()}, {"related_person_id!", Id()}}), 201, Ref("Relationship"),
       conflict},
      {"post", "/api/v1/people/{id}/names/{detail_id}/end", "endName", "End another name", in,
       Ref("EndDetail"), 204, none, conflict},
      {"post", "/api/v1/people/{id}/addresses/{detail_id}/end", "endAddress", "End an address", in,
       Ref("EndDetail"), 204, none, conflict},
      {"post", "/api/v1/people/{id}/alerts/{detail_id}/end", "endAlert", "End an alert", in,
       Ref("EndDetail"), 204, none, conflict},
      {"post", "/api/v1/people/{id}/relationships/{detail_id}/end", "endRelationship",
       "End a relationship", in, Ref("EndDetail"), 204, none, conflict},
      {"get", "/api/v1/people/{id}/history", "getPersonHistory", "Every version of the record", in,
       none, 200, ItemsOf(Ref("Version"))},
      {"get", "/api/v1/people/{id}/access-log", "getPersonAccessLog", "Every read of the record",
       in, none, 200, ItemsOf(Ref("AccessEntry"))},
      {"post", "/api/v1/contacts", "createContact", "Record a contact at the front door", in,
       Body({{"person_id!", Id()},
             {"received_at!", Described(Str(), "YYYY-MM-DDTHH:MM")},
             {"source!", Code("referral_source")},
             {"referrer_name!", Str()},
             {"referrer_agency", Null(Str())},
             {"concerns!", Str()}}),
       201, Ref("Contact"), conflict},
      {"get",
       "/api/v1/data-quality/cin",
       "getCinDataQuality",
       "The CIN census as the record stands, through the DfE's rules: findings per rule with the "
       "children behind them (needs read-across; logged reads)",
       in,
       none,
       200,
       data_quality,
       {},
       year_query},
      {"get",
       "/api/v1/data-quality/903",
       "getSsda903DataQuality",
       "The SSDA903 return as the record stands, with last year's, through the DfE's rules: "
       "findings per rule with the children behind them (needs read-across; logged reads)",
       in,
       none,
       200,
       data_quality,
       {},
       year_query},
      {"get",
       "/api/v1/annex-a",
       "getAnnexA",
       "Ofsted's Annex A lists 1 to 11 for an inspection date, as an Excel workbook (needs "
       "read-across; every person in it is a logged read; X-Annex-A-Withheld counts those left "
       "out as restricted)",
       in,
       none,
       200,
       Json{{"type", "string"}, {"format", "binary"}},
       {400},
       Json::array({Query("date", "the inspection date, YYYY-MM-DD, not after today", Str())}),
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"get", "/api/v1/performance/measures", "listPerformanceMeasures",
       "Every measure's definition, whose definition it is, and England's figure (needs the "
       "permission to read performance)",
       in, none, 200, ItemsOf(measure)},
      {"get",
       "/api/v1/performance",
       "getPerformance",
       "Every measure's figure now and for each month shown, for the authority or a team, service "
       "area or organisation",
       in,
       none,
       200,
       Obj({{"scope", Str()},
            {"population", Int()},
            {"months", Json{{"type", "array"}, {"items", Date()}}},
            {"measures", Json{{"type", "array"}, {"items", measure}}}}),
       {400},
       filter_query},
      {"get",
       "/api/v1/performance/measures/{id}/children",
       "getPerformanceChildren",
       "The list behind a measure's figure for a month: the children (and staff) whose part made "
       "it; those the reader may not open are counted as withheld; every child named is a logged "
       "read",
       in,
       none,
       200,
       Obj({{"measure", measure},
            {"month_end", Date()},
            {"scope", Str()},
            {"figure", figure},
            {"withheld", Int()},
            {"rows", Json{{"type", "array"},
                          {"items", Obj({{"kind", Described(Str(), "child, worker or team")},
                                         {"id", Id()},
                                         {"name", Str()},
                                         {"team", Str()},
                                         {"date", Date()},
                                         {"counted", Bool()},
                                         {"detail", Str()}})}}}}),
       {400},
       month_query},
      {"get",
       "/api/v1/performance/export",
       "exportPerformance",
       "Every measure's figure for each month shown, as CSV or an Excel workbook",
       in,
       none,
       200,
       Json{{"type", "string"}, {"format", "binary"}},
       {400},
       export_query,
       "text/csv"},
      {"get", "/api/v1/contracts", "listContracts",
       "The commissioner's contracts with their targets (permission to read performance)", in,
       none, 200, ItemsOf(contract)},
      {"post", "/api/v1/contracts", "createContract",
       "Add a contract between the organisation that runs the services and its commissioner "
       "(commissioners)",
       in,
       Body({{"name!", Str()},
             {"provider_id!", Id()},
             {"commissioner_id!", Id()},
             {"start_date!", Date()},
             {"reason", Str()}}),
       201, contract},
      {"get", "/api/v1/contracts/{id}", "getContract", "A contract and its targets", in, none,
       200, contract},
      {"post", "/api/v1/contracts/{id}/targets", "setContractTarget",
       "Set a measure's target and tolerance on a contract (again for the same measure changes "
       "it)",
       in,
       Body({{"measure!", Str()},
             {"target!", Json{{"type", "number"}}},
             {"tolerance", Described(Json{{"type", "number"}}, "0 or more; 0 if absent")},
             {"version", Described(Int(), "when changing the measure's target: the version seen "
                                          "(a stale one is 409)")},
             {"reason", Str()}}),
       200, contract, conflict},
      {"get", "/api/v1/contracts/{id}/scorecard", "getScorecard",
       "Each month shown graded green, amber or red against each target, for the services the "
       "provider ran that month",
       in, none, 200,
       Obj({{"contract", contract},
            {"months", Arr(Date())},
            {"lines", Arr(Obj({{"measure", measure},
                               {"target", Json{{"type", "number"}}},
                               {"tolerance", Json{{"type", "number"}}},
                               {"series", Arr(graded)}}))}})},
      {"get", "/api/v1/teams/{id}/workforce", "getTeamWorkforce",
       "A team's establishment now and over time, its staff, and sickness in the last twelve "
       "months "
       "(administrators and directors: any team; a team manager: their own)",
       in, none, 200,
       Obj({{"team_id", Id()},
            {"team", Str()},
            {"establishment", Null(Json{{"type", "number"}})},
            {"permanent_fte", Json{{"type", "number"}}},
            {"agency_fte", Json{{"type", "number"}}},
            {"vacancies", Null(Json{{"type", "number"}})},
            {"history", Arr(establishment)},
            {"staff", Arr(Obj({{"user_id", Id()}, {"name", Str()}, {"in_post", Bool()}}))},
            {"sickness", Arr(sickness)}})},
      {"post", "/api/v1/teams/{id}/establishment", "setEstablishment",
       "Set the team's funded social worker posts (FTE) from a date; again for the same date "
       "changes it",
       in,
       Body({{"effective_from!", Date()},
             {"social_worker_fte!", Json{{"type", "number"}}},
             {"version", Described(Int(), "when correcting that date's establishment: the "
                                          "version seen (a stale one is 409)")},
             {"reason", Str()}}),
       201, establishment, conflict},
      {"post", "/api/v1/establishment/{id}/withdraw", "withdrawEstablishment",
       "Withdraw an establishment entered in error (kept in the history)", in,
       Body({{"version!", Int()}, {"reason!", Str()}}), 204, none, conflict},
      {"post", "/api/v1/users/{id}/sickness", "recordSickness",
       "Record a spell of sickness absence (dates only; no cause is recorded)", in,
       Body({{"start_date!", Date()},
             {"end_date", Described(Null(Date()), "the last day absent; null while still off")},
             {"reason", Str()}}),
       201, sickness, conflict},
      {"post", "/api/v1/sickness/{id}/end", "endSickness", "Record the last day of a spell", in,
       Body({{"end_date!", Date()}, {"version!", Int()}, {"reason", Str()}}), 204, none, conflict},
      {"post", "/api/v1/sickness/{id}/withdraw", "withdrawSickness",
       "Withdraw a spell entered in error (kept in the history)", in,
       Body({{"version!", Int()}, {"reason!", Str()}}), 204, none, conflict},
      {"get", "/api/v1/contacts/queue", "getContactQueue",
       "Contacts awaiting a decision, oldest first", in, none, 200, ItemsOf(Ref("Contact"))},
      {"get", "/api/v1/contacts/{id}", "getContact",
       "A contact, the child, and the child's history (a logged read)", in, none, 200,
       Ref("ContactRecord")},
      {"post", "/api/v1/contacts/{id}/decision", "decideContact", "Decide a contact (once only)",
       in,
       Body({{"decision!", Enum(domain::ContactDecisions())},
             {"threshold_reason!", Str()},
             {"version!", Int()}}),
       200, Ref("Contact"), conflict},
      {"post", "/api/v1/contacts/{id}/feedback", "recordContactFeedback",
       "What the referrer was told, after the decision", in,
       Body({{"feedback!", Str()}, {"version!", Int()}}), 200, Ref("Contact"), conflict},
      {"get", "/api/v1/people/{id}/care", "getCare",
       "Periods of care, placements and the SSDA903 episodes", in, none, 200, Ref("CareView")},
      {"get", "/api/v1/people/{id}/casework", "getCasework",
       "Every step and clock, what is outstanding, and drift", in, none, 200, Ref("CaseView")},
      {"get",
       "/api/v1/people/{id}/chronology",
       "getChronology",
       "Every event in date order",
       in,
       none,
       200,
       Ref("Chronology"),
       {},
       Json::array({Query("kind", "step kinds, contact or allocation, comma-separated", Str()),
                    Query("from", "the first date", Date()),
                    Query("to", "the last date", Date())})},
      {"post", "/api/v1/people/{id}/allocations", "allocate",
       "Allocate the child (ends the current allocation that day)", in,
       Body({{"team_id!", Id()},
             {"worker_id", Null(Id())},
             {"start_date!", Date()},
             {"reason", Null(Str())},
             {"change_reason", Null(Code("sw_change_reason"))}}),
       201, Ref("Allocation"), conflict},
      {"get", "/api/v1/people/{id}/allocations", "listAllocations", "Allocation history", in, none,
       200, ItemsOf(Ref("Allocation"))},
      {"get", "/api/v1/people/{id}/social-worker-episodes", "getSocialWorkerEpisodes",
       "Social worker episodes, for the SSDA903 return", in, none, 200,
       ItemsOf(Obj({{"SW_ID", Str()},
                    {"worker_id", Id()},
                    {"SW_DECOM", Date()},
                    {"SW_DEC", Null(Date())},
                    {"SW_REASON", Null(Str())}}))},
      {"get", "/api/v1/teams/{id}/unallocated", "listUnallocated",
       "Open referrals with no worker, longest waiting first", in, none, 200,
       ItemsOf(Obj({{"person_id", Id()},
                    {"name", Str()},
                    {"referral_id", Id()},
                    {"referral_date", Date()},
                    {"working_days_waiting", Int()}}))},
      {"get", "/api/v1/teams/{id}/caseloads", "listCaseloads", "Each worker's caseload", in, none,
       200,
       ItemsOf(Obj({{"worker_id", Id()},
                    {"display_name", Str()},
                    {"employment_type", Null(Str())},
                    {"fte", Null(Num())},
                    {"children", Int()},
                    {"weighted", Num()}}))},
      {"get", "/api/v1/teams/{id}/work", "getTeamWork", "The team's work overdue and due", in, none,
       200, Ref("WorkDue")},
      {"get", "/api/v1/workers/{id}/work", "getWorkerWork", "A worker's work overdue and due", in,
       none, 200, Ref("WorkDue")},
      {"get", "/api/v1/me/work", "getMyWork", "The caller's work overdue and due", in, none, 200,
       Ref("WorkDue")},
      {"post", "/api/v1/people/{id}/merge", "mergePeople",
       "Move everything on a duplicate record onto this one", in,
       Body({{"merged_id!", Id()}, {"reason!", Str()}}), 201, Ref("Merge"), conflict},
      {"post", "/api/v1/merges/{id}/undo", "undoMerge", "Move back exactly what a merge moved", in,
       Body({{"reason!", Str()}}), 200, Ref("Merge"), conflict},
      {"post", "/api/v1/people/{id}/restriction", "restrictPerson",
       "Restrict the record to named users ([] lifts it)", in,
       Body({{"users!", Arr(Id())}, {"reason!", Str()}}), 200,
       Obj({{"person_id", Id()}, {"restricted", Bool()}}), conflict},
      {"get", "/api/v1/code-lists", "listCodeLists", "The code lists, for forms", in, none, 200,
       Ref("CodeLists")},
      {"get", "/api/v1/timescales", "listTimescales", "The timescale rules", in, none, 200,
       Ref("Timescales")},
      {"get", "/api/v1/openapi.json", "getOpenApi", "This document", open, none, 200,
       Type("object")},
  };
}

// ---- casework steps, from domain::Steps() ---------------------------------------------------

// A field's value as ValuesFrom reads it (`input`) or StepJson writes it.
Json FieldSchema(const domain::FieldSpec& f, bool input) {
  using domain::FieldType;
  Json s;
  switch (f.type) {
    case FieldType::kDate:
      s = Date();
      break;
    case FieldType::kText:
      s = Json::object({{"type", "string"}, {"maxLength", 20000}});
      break;
    case FieldType::kCode:
      s = Code(f.list);
      break;
    case FieldType::kCodes:
      s = Arr(Code(f.list));
      break;
    case FieldType::kFlag:
      s = Bool();
      break;
    case FieldType::kRef:
      s = Described(Id(), "the id of a " + f.list);
      break;
    case FieldType::kMoney:
      s = input ? Json::object({{"type", Json::array({"string", "number"})}})
                : Json::object({{"type", "string"}, {"pattern", "^[0-9]+\\.[0-9]{2}$"}});
      s["description"] = "pounds, at most two decimals";
      break;
    case FieldType::kPostcode:
      s = Str();
      break;
    case FieldType::kCount:
      s = Json::object({{"type", "integer"}, {"minimum", 0}, {"maximum", 999}});
      break;
  }
  const std::string about = s.contains("description") ? s["description"].get<std::string>() : "";
  s["description"] = f.label + (about.empty() ? "" : ": " + about);
  return s;
}

// What a create (POST) or change (PATCH) takes: the fields Haven does not derive, and for a change
// not the fixed ones either (CaseworkService::Change refuses them). Null clears a field that is
// not required; a change requires only the version it read.
Json StepBody(const domain::StepSpec& spec, bool creating,
              const std::set<std::string>& leave_out = {}) {
  Props props;
  for (const auto& f : spec.fields) {
    if (f.derived || leave_out.count(f.name) != 0) continue;
    if (!creating && std::count(spec.fixed.begin(), spec.fixed.end(), f.name) != 0) continue;
    Json s = FieldSchema(f, true);
    props.emplace_back(f.name + (creating && f.required ? "!" : ""),
                       f.required ? s : Null(std::move(s)));
  }
  if (!creating) props.emplace_back("version!", Described(Int(), "the version you read"));
  return Body(props);
}

// The stored step as StepJson renders it.
Json StepRecordSchema(const domain::StepSpec& spec) {
  auto read_only = [](Json s) {
    s["readOnly"] = true;
    return s;
  };
  Props props = {{"kind", read_only(Json::object({{"const", spec.kind}}))},
                 {"id", read_only(Id())},
                 {"person_id", read_only(Id())}};
  if (spec.under_referral) props.emplace_back("referral_id", read_only(Null(Id())));
  for (const auto& f : spec.fields) {
    Json s = Null(FieldSchema(f, false));
    props.emplace_back(f.name, f.derived ? read_only(std::move(s)) : std::move(s));
  }
  props.emplace_back("recorded_by", read_only(Null(Int())));
  if (spec.needs_authorisation) {
    props.emplace_back("authorised_by", read_only(Null(Int())));
    props.emplace_back("authorised_at", read_only(Null(Timestamp())));
  }
  props.emplace_back("version", read_only(Int()));
  props.emplace_back("created_at", read_only(Timestamp()));
  Json out = Obj(props);
  out["title"] = spec.title;
  return out;
}

// ---- assembly -------------------------------------------------------------------------------

const char* ErrorName(int status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthenticated";
    case 403:
      return "PermissionDenied";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 413:
      return "PayloadTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 429:
      return "TooManyRequests";
    case 503:
      return "Unavailable";
    default:
      return "Internal";
  }
}

// As http/errors.cc maps the status codes, and the transport errors of server.cc.
Json ErrorResponses() {
  static const std::vector<std::pair<int, const char*>> kErrors = {
      {400, "a field is missing or wrong (field names it), or the body is not JSON (field: body)"},
      {401, "no session or API token, an expired session, or a wrong password"},
      {403,
       "the role may not do this, the record is not open to the caller, or the CSRF token "
       "is missing or wrong"},
      {404, "no such record"},
      {409, "a duplicate, a stale version, or a rule the current state forbids"},
      {413, "the body is over the server's max_body_bytes"},
      {415, "the body is not sent as application/json"},
      {429, "too many failed sign-ins: wait and try again"},
      {500, "a bug: the detail is in the server log under the response's X-Request-Id"},
      {503, "the database is not answering"},
  };
  Json out = Json::object();
  for (const auto& [status, text] : kErrors) {
    out[ErrorName(status)] = Json::object(
        {{"description", text},
         {"content",
          Json::object({{"application/json", Json::object({{"schema", Ref("Error")}})}})}});
  }
  return out;
}

// A token, or the session cookie; a cookie session also sends the CSRF token when it changes
// something (handler_support.cc).
Json SecurityFor(const std::string& method, Auth auth) {
  if (auth == Auth::kNone) return Json::array();
  Json cookie = Json::object({{"sessionCookie", Json::array()}});
  if (method != "get") cookie["csrfToken"] = Json::array();
  return Json::array({Json::object({{"bearerToken", Json::array()}}), cookie});
}

Json Operation(const Route& r) {
  const std::string& path = r.path;
  Json op = Json::object({{"operationId", r.operation_id}, {"summary", r.summary}});
  Json parameters = Json::array();
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open)) {
    const size_t close = path.find('}', open);
    parameters.push_back(Json::object({{"name", path.substr(open + 1, close - open - 1)},
                                       {"in", "path"},
                                       {"required", true},
                                       {"schema", Id()}}));
    open = close;
  }
  for (const auto& p : r.parameters) parameters.push_back(p);
  if (!parameters.empty()) op["parameters"] = parameters;

  std::set<int> errors(r.errors.begin(), r.errors.end());
  if (path.find('{') != std::string::npos) errors.insert({400, 404});
  if (!r.body.is_null()) {
    op["requestBody"] = Json::object(
        {{"required", true},
         {"content", Json::object({{"application/json", Json::object({{"schema", r.body}})}})}});
    errors.insert({400, 413, 415});
  }
  if (r.auth == Auth::kSignedIn) errors.insert({401, 403, 500});
  op["security"] = SecurityFor(r.method, r.auth);

  Json ok = Json::object({{"description", r.status == 201 ? "created" : "success"}});
  if (!r.response.is_null()) {
    ok["content"] = Json::object({{r.media, Json::object({{"schema", r.response}})}});
  }
  op["responses"][std::to_string(r.status)] = ok;
  for (int e : errors) {
    op["responses"][std::to_string(e)] =
        Json::object({{"$ref", std::string("#/components/responses/") + ErrorName(e)}});
  }
  return op;
}

// Adds each step's schemas (Name, NameNew, NameChange, NameResult) and routes.
void AddSteps(std::vector<Route>& routes, Json& schemas) {
  const Auth in = Auth::kSignedIn;
  Json every_step = Json::array();
  Json mapping = Json::object();
  for (const domain::StepSpec& spec : domain::Steps()) {
    const std::string name = Pascal(spec.kind);
    schemas[name] = StepRecordSchema(spec);
    schemas[name + "New"] = StepBody(spec, true);
    schemas[name + "Change"] = StepBody(spec, false);
    schemas[name + "Result"] = Extends(
        name, {{"warnings", Described(Arr(Str()), "questionable facts that were accepted")}});
    every_step.push_back(Ref(name));
    mapping[spec.kind] = "#/components/schemas/" + name;

    const std::string parent =
        spec.under_referral ? "/api/v1/referrals/{id}/" : "/api/v1/people/{id}/";
    const std::string one = "/api/v1/" + spec.path + "/{id}";
    if (spec.kind == "care_period") {
      // A child comes into care with one request (casework_api.cc AddCare): the period, its first
      // legal status and first placement, which take the period's start date and id.
      const domain::FieldSpec& status =
          *domain::FindField(*domain::FindStep("legal_status"), "legal_status");
      Json body = schemas[name + "New"];
      body["properties"]["legal_status"] = FieldSchema(status, true);
      body["properties"]["placement"] = Ref("PlacementFirst");
      body["required"].push_back("legal_status");
      body["required"].push_back("placement");
      schemas["CareStart"] = body;
      schemas["PlacementFirst"] =
          StepBody(*domain::FindStep("placement"), true, {"care_period_id", "start_date"});
      routes.push_back({"post",
                        parent + spec.path,
                        "startCare",
                        "A child comes into care: the period, its legal status and placement",
                        in,
                        Ref("CareStart"),
                        201,
                        Obj({{"care_period", Ref("CarePeriodResult")},
                             {"legal_status", Ref("LegalStatusResult")},
                             {"placement", Ref("PlacementResult")}}),
                        {409}});
    } else {
      routes.push_back({"post",
                        parent + spec.path,
                        "create" + name,
                        "Record a " + spec.title,
                        in,
                        Ref(name + "New"),
                        201,
                        Ref(name + "Result"),
                        {409}});
    }
    routes.push_back({"get", one, "get" + name, spec.title, in, nullptr, 200, Ref(name)});
    routes.push_back({"patch",
                      one,
                      "change" + name,
                      "Change a " + spec.title +
                          (spec.needs_authorisation ? " (withdraws its authorisation)" : ""),
                      in,
                      Ref(name + "Change"),
                      200,
                      Ref(name + "Result"),
                      {409}});
    if (spec.needs_authorisation) {
      routes.push_back({"post",
                        one + "/authorise",
                        "authorise" + name,
                        "A manager authorises a " + spec.title,
                        in,
                        Body({{"version!", Int()}}),
                        200,
                        Ref(name + "Result"),
                        {409}});
    }
  }
  schemas["Step"] = Json::object(
      {{"oneOf", every_step},
       {"discriminator", Json::object({{"propertyName", "kind"}, {"mapping", mapping}})}});
}

Json SecuritySchemes() {
  return Json::object(
      {{"bearerToken",
        Json::object({{"type", "http"},
                      {"scheme", "bearer"},
                      {"bearerFormat", "hvn_..."},
                      {"description",
                       "An API token from POST /api/v1/tokens: Authorization: Bearer hvn_..."}})},
       {"sessionCookie",
        Json::object({{"type", "apiKey"},
                      {"in", "cookie"},
                      {"name", kSessionCookie},
                      {"description", "The browser session POST /api/v1/session sets"}})},
       {"csrfToken",
        Json::object({{"type", "apiKey"},
                      {"in", "header"},
                      {"name", "X-CSRF-Token"},
                      {"description",
                       "The csrf_token given at sign-in: a cookie session sends it with every "
                       "request that changes something"}})}});
}

}  // namespace

nlohmann::json OpenApiDocument() {
  Json schemas = Json::object();
  AddCodeListSchemas(schemas);
  AddSharedSchemas(schemas);
  std::vector<Route> routes = Routes();
  AddSteps(routes, schemas);
  Json paths = Json::object();
  for (const Route& r : routes) paths[r.path][r.method] = Operation(r);
  return Json::object(
      {{"openapi", "3.1.0"},
       {"info", Json::object({{"title", "Haven API"},
                              {"version", HAVEN_VERSION},
                              {"description",
                               "Haven's JSON API. Every body is JSON and every error has one "
                               "shape, {\"error\": {\"code\", \"message\", \"field\"}}. Unknown "
                               "fields in a body are refused."}})},
       {"paths", paths},
       {"components", Json::object({{"schemas", schemas},
                                    {"responses", ErrorResponses()},
                                    {"securitySchemes", SecuritySchemes()}})}});
}

}  // namespace haven::api
