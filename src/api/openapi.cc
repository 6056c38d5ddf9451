#include "api/openapi.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "domain/casework.h"
#include "domain/codes.h"

namespace haven::api {
namespace {

using Json = nlohmann::json;

// A body field of a hand-described route: "name", "name!" (required); the type after a colon
// (string by default): "team_id:integer", "roles!:array", "employment:object".
struct Route {
  const char* method;
  const char* path;
  const char* tag;
  const char* summary;
  std::vector<std::string> body;  // empty: no body
  int status = 200;
};

// The routes that are not generated from the step descriptions.
const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      {"get", "/healthz", "health", "The process is up", {}},
      {"get", "/readyz", "health", "The database answers (503 if not)", {}},
      {"post", "/api/v1/session", "session", "Sign in", {"username!", "password!"}, 201},
      {"delete", "/api/v1/session", "session", "Sign out", {}, 204},
      {"get", "/api/v1/me", "session", "The caller's account", {}},
      {"get", "/api/v1/tokens", "session", "The caller's API tokens", {}},
      {"post", "/api/v1/tokens", "session", "Create an API token (shown once)", {"name!"}, 201},
      {"delete", "/api/v1/tokens/{id}", "session", "Revoke an API token", {}, 204},
      {"get", "/api/v1/admin/users", "administration", "All accounts", {}},
      {"post", "/api/v1/admin/users", "administration", "Create an account",
       {"username!", "display_name!", "password!", "roles!:array", "email", "team_id:integer",
        "employment:object", "reason"},
       201},
      {"get", "/api/v1/admin/users/{id}", "administration", "One account", {}},
      {"patch", "/api/v1/admin/users/{id}", "administration", "Change an account",
       {"display_name", "email", "roles:array", "team_id:integer", "status", "password",
        "employment:object", "reason!"}},
      {"get", "/api/v1/admin/organisations", "administration", "Organisations", {}},
      {"post", "/api/v1/admin/organisations", "administration", "Create an organisation",
       {"code!", "name!", "kind!"}, 201},
      {"get", "/api/v1/admin/service-areas", "administration", "Service areas", {}},
      {"post", "/api/v1/admin/service-areas", "administration", "Create a service area",
       {"code!", "name!", "parent_id:integer", "organisation_id!:integer", "effective_from!:date"},
       201},
      {"get", "/api/v1/admin/teams", "administration", "Teams", {}},
      {"post", "/api/v1/admin/teams", "administration", "Create a team",
       {"code!", "name!", "service_area_id!:integer"}, 201},
      {"post", "/api/v1/people/search", "people", "Find people, ranked",
       {"name", "date_of_birth:date", "approximate_date:boolean", "identifier", "postcode",
        "limit:integer"}},
      {"post", "/api/v1/people", "people", "Create a person (warns of likely duplicates)",
       {"service_area_id!:integer", "given_name!", "family_name!", "kind", "date_of_birth:date",
        "sex", "gender", "ethnicity", "disabilities:array", "la_child_id", "upn", "former_upn",
        "upn_unknown", "nhs_number", "reason"},
       201},
      {"get", "/api/v1/people/{id}", "people", "A person's record (a logged read)", {}},
      {"patch", "/api/v1/people/{id}", "people", "Correct a person's record",
       {"version!:integer", "reason!", "given_name", "family_name", "kind", "date_of_birth:date",
        "sex", "gender", "ethnicity", "disabilities:array", "la_child_id", "upn", "former_upn",
        "upn_unknown", "nhs_number"}},
      {"get", "/api/v1/people/{id}/history", "people", "Every version of the record", {}},
      {"get", "/api/v1/people/{id}/access-log", "people", "Every read of the record", {}},
      {"post", "/api/v1/people/{id}/names", "people", "Add another name",
       {"kind!", "given_name!", "family_name!", "start_date:date", "end_date:date", "reason"}, 201},
      {"post", "/api/v1/people/{id}/addresses", "people", "Add an address",
       {"line1!", "line2", "town", "postcode!", "start_date:date", "end_date:date", "reason"}, 201},
      {"post", "/api/v1/people/{id}/alerts", "people", "Add an alert",
       {"kind!", "detail!", "start_date:date", "end_date:date", "reason"}, 201},
      {"post", "/api/v1/people/{id}/relationships", "people", "Add a relationship",
       {"kind!", "related_person_id!:integer", "start_date:date", "end_date:date", "reason"}, 201},
      {"post", "/api/v1/people/{id}/names/{detail_id}/end", "people", "End another name",
       {"end_date!:date", "version!:integer", "reason!"}, 204},
      {"post", "/api/v1/people/{id}/addresses/{detail_id}/end", "people", "End an address",
       {"end_date!:date", "version!:integer", "reason!"}, 204},
      {"post", "/api/v1/people/{id}/alerts/{detail_id}/end", "people", "End an alert",
       {"end_date!:date", "version!:integer", "reason!"}, 204},
      {"post", "/api/v1/people/{id}/relationships/{detail_id}/end", "people",
       "End a relationship", {"end_date!:date", "version!:integer", "reason!"}, 204},
      {"post", "/api/v1/contacts", "front door", "Record a contact",
       {"person_id!:integer", "received_at!", "source!", "referrer_name!", "referrer_agency",
        "concerns!"},
       201},
      {"get", "/api/v1/contacts/queue", "front door", "Contacts awaiting a decision", {}},
      {"get", "/api/v1/contacts/{id}", "front door",
       "A contact with the child's history on arrival (a logged read)", {}},
      {"post", "/api/v1/contacts/{id}/decision", "front door", "Decide a contact",
       {"decision!", "threshold_reason!", "version!:integer"}},
      {"post", "/api/v1/contacts/{id}/feedback", "front door", "Feed back to the referrer",
       {"feedback!", "version!:integer"}},
      {"get", "/api/v1/people/{id}/care", "children looked after",
       "Periods of care, placements and the derived SSDA903 episodes", {}},
      {"get", "/api/v1/people/{id}/casework", "casework",
       "Every step, every statutory clock, what is outstanding, and drift", {}},
      {"get", "/api/v1/people/{id}/chronology", "casework",
       "Every event in date order (query: kind, from, to)", {}},
      {"post", "/api/v1/people/{id}/allocations", "allocation", "Allocate the child",
       {"team_id!:integer", "worker_id:integer", "start_date!:date", "reason", "change_reason"},
       201},
      {"get", "/api/v1/people/{id}/allocations", "allocation", "Allocation history", {}},
      {"get", "/api/v1/people/{id}/social-worker-episodes", "allocation",
       "Social worker episodes (SSDA903 SWEpisodes)", {}},
      {"get", "/api/v1/teams/{id}/unallocated", "allocation", "The team's unallocated queue", {}},
      {"get", "/api/v1/teams/{id}/caseloads", "allocation", "Caseloads, counted and weighted", {}},
      {"get", "/api/v1/teams/{id}/work", "allocation", "The team's work due and overdue", {}},
      {"get", "/api/v1/workers/{id}/work", "allocation", "A worker's work due and overdue", {}},
      {"get", "/api/v1/me/work", "allocation", "The caller's work due and overdue", {}},
      {"post", "/api/v1/people/{id}/merge", "people", "Merge a duplicate into this record",
       {"merged_id!:integer", "reason!"}, 201},
      {"post", "/api/v1/merges/{id}/undo", "people", "Undo a merge", {"reason!"}},
      {"post", "/api/v1/people/{id}/restriction", "people",
       "Restrict the record to named users ([] lifts it)", {"users!:array", "reason!"}},
      {"get", "/api/v1/code-lists", "reference", "The code lists", {}},
      {"get", "/api/v1/timescales", "reference", "The statutory timescales and local standards",
       {}},
      {"get", "/api/v1/openapi.json", "reference", "This document", {}},
  };
  return kRoutes;
}

Json TypeSchema(const std::string& type) {
  if (type == "date") return {{"type", "string"}, {"format", "date"}};
  if (type == "array") return {{"type", "array"}, {"items", {{"type", "string"}}}};
  return {{"type", type}};
}

Json BodySchema(const std::vector<std::string>& fields) {
  Json props = Json::object();
  Json required = Json::array();
  for (const std::string& f : fields) {
    const size_t colon = f.find(':');
    std::string name = f.substr(0, colon);
    const std::string type = colon == std::string::npos ? "string" : f.substr(colon + 1);
    if (!name.empty() && name.back() == '!') {
      name.pop_back();
      required.push_back(name);
    }
    props[name] = TypeSchema(type);
  }
  Json schema = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

Json CodeEnum(const std::string& list) {
  Json codes = Json::array();
  for (const auto& c : domain::Codes(list).codes) codes.push_back(c.code);
  return codes;
}

Json FieldSchema(const domain::FieldSpec& f) {
  Json s;
  switch (f.type) {
    case domain::FieldType::kDate:
      s = {{"type", "string"}, {"format", "date"}};
      break;
    case domain::FieldType::kCode:
      s = {{"type", "string"}, {"enum", CodeEnum(f.list)}};
      break;
    case domain::FieldType::kCodes:
      s = {{"type", "array"}, {"items", {{"type", "string"}, {"enum", CodeEnum(f.list)}}}};
      break;
    case domain::FieldType::kFlag:
      s = {{"type", "boolean"}};
      break;
    case domain::FieldType::kRef:
    case domain::FieldType::kCount:
      s = {{"type", "integer"}, {"minimum", f.type == domain::FieldType::kRef ? 1 : 0}};
      break;
    case domain::FieldType::kMoney:
      s = {{"type", "string"}, {"pattern", "^[0-9]{1,7}(\\.[0-9]{1,2})?$"}};
      break;
    case domain::FieldType::kPostcode:
    case domain::FieldType::kText:
      s = {{"type", "string"}};
      break;
  }
  s["description"] = f.label;
  if (f.derived) s["readOnly"] = true;
  return s;
}

// The step as returned: its fields plus the common tail.
Json StepSchema(const domain::StepSpec& spec) {
  Json props = {{"kind", {{"type", "string"}, {"const", spec.kind}}},
                {"id", {{"type", "integer"}}},
                {"person_id", {{"type", "integer"}}}};
  if (spec.under_referral) props["referral_id"] = {{"type", "integer"}};
  for (const auto& f : spec.fields) props[f.name] = FieldSchema(f);
  props["recorded_by"] = {{"type", "integer"}};
  if (spec.needs_authorisation) {
    props["authorised_by"] = {{"type", "integer"}};
    props["authorised_at"] = {{"type", "string"}, {"format", "date-time"}};
  }
  props["version"] = {{"type", "integer"}};
  props["created_at"] = {{"type", "string"}, {"format", "date-time"}};
  props["warnings"] = {{"type", "array"}, {"items", {{"type", "string"}}}};
  return {{"type", "object"}, {"title", spec.title}, {"properties", props}};
}

// The body that records or changes a step: its settable fields; `creating` marks the required
// ones; a change carries the version it was read at.
Json StepBody(const domain::StepSpec& spec, bool creating) {
  Json props = Json::object();
  Json required = Json::array();
  for (const auto& f : spec.fields) {
    if (f.derived) continue;
    if (!creating && std::find(spec.fixed.begin(), spec.fixed.end(), f.name) != spec.fixed.end()) {
      continue;
    }
    props[f.name] = FieldSchema(f);
    if (creating && f.required) required.push_back(f.name);
  }
  if (!creating) {
    props["version"] = {{"type", "integer"}};
    required.push_back("version");
  }
  Json schema = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

Json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

Json ErrorResponses(bool has_body) {
  Json out = Json::object();
  auto error = [&](const char* status, const char* text) {
    out[status] = {{"description", text},
                   {"content", {{"application/json", {{"schema", Ref("Error")}}}}}};
  };
  error("401", "Not signed in, or the session has expired");
  error("403", "The role or the record's access rules do not allow it");
  error("404", "No such record");
  if (has_body) {
    error("400", "A field is missing or wrong: `field` names it");
    error("409", "A stale version, a duplicate, or a rule the current state forbids");
    error("413", "The body is too large");
    error("415", "The body is not JSON");
  }
  return out;
}

std::string OperationId(const std::string& method, const std::string& path) {
  std::string id = method;
  bool upper = true;
  for (char c : path) {
    if (c == '/' || c == '-' || c == '{' || c == '}' || c == '.' || c == '_') {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return id;
}

void AddOperation(Json& paths, const std::string& method, const std::string& path,
                  const std::string& tag, const std::string& summary, const Json* body,
                  const Json& response, int status) {
  Json op = {{"operationId", OperationId(method, path)},
             {"tags", {tag}},
             {"summary", summary},
             {"responses", ErrorResponses(body != nullptr)}};
  Json params = Json::array();
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const std::string name = path.substr(open + 1, path.find('}', open) - open - 1);
    params.push_back({{"name", name},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "integer"}, {"minimum", 1}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (body != nullptr) {
    op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", *body}}}}}};
  }
  Json ok = {{"description", "Done"}};
  if (status != 204) ok["content"] = {{"application/json", {{"schema", response}}}};
  op["responses"][std::to_string(status)] = ok;
  if (path == "/healthz" || path == "/readyz" || path == "/api/v1/openapi.json" ||
      (path == "/api/v1/session" && method == "post")) {
    op["security"] = Json::array();
  }
  paths[path][method] = op;
}

}  // namespace

nlohmann::json OpenApiDocument() {
  Json paths = Json::object();
  Json schemas = {
      {"Error",
       {{"type", "object"},
        {"required", {"error"}},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"code", "message"}},
            {"properties",
             {{"code", {{"type", "string"}}},
              {"message", {{"type", "string"}}},
              {"field", {{"type", {"string", "null"}}}}}}}}}}}},
  };
  const Json any = {{"type", "object"}};
  for (const Route& r : Routes()) {
    const Json body = BodySchema(r.body);
    AddOperation(paths, r.method, r.path, r.tag, r.summary, r.body.empty() ? nullptr : &body, any,
                 r.status);
  }
  // Every step, from its description.
  for (const domain::StepSpec& spec : domain::Steps()) {
    schemas[spec.kind] = StepSchema(spec);
    const std::string parent = spec.under_referral ? "/api/v1/referrals/{id}/" : "/api/v1/people/{id}/";
    const std::string tag = std::find_if(domain::CareSteps().begin(), domain::CareSteps().end(),
                                         [&](const domain::StepSpec& c) {
                                           return c.kind == spec.kind;
                                         }) != domain::CareSteps().end()
                                ? "children looked after"
                                : "casework";
    Json create = StepBody(spec, true);
    if (spec.kind == "care_period") {
      // A child comes into care with the first legal status and placement, together.
      create["properties"]["legal_status"] =
          FieldSchema(*domain::FindField(*domain::FindStep("legal_status"), "legal_status"));
      Json placement = StepBody(*domain::FindStep("placement"), true);
      placement["properties"].erase("care_period_id");
      placement["properties"].erase("start_date");
      placement["required"].erase(std::remove(placement["required"].begin(),
                                              placement["required"].end(), "care_period_id"),
                                  placement["required"].end());
      placement["required"].erase(std::remove(placement["required"].begin(),
                                              placement["required"].end(), "start_date"),
                                  placement["required"].end());
      create["properties"]["placement"] = placement;
      create["required"].push_back("legal_status");
      create["required"].push_back("placement");
    }
    AddOperation(paths, "post", parent + spec.path, tag, "Record a " + spec.title, &create,
                 Ref(spec.kind), 201);
    const std::string one = "/api/v1/" + spec.path + "/{id}";
    AddOperation(paths, "get", one, tag, "A " + spec.title + " (a logged read)", nullptr,
                 Ref(spec.kind), 200);
    const Json change = StepBody(spec, false);
    AddOperation(paths, "patch", one, tag, "Correct or complete a " + spec.title, &change,
                 Ref(spec.kind), 200);
    if (spec.needs_authorisation) {
      const Json version = {{"type", "object"},
                            {"required", {"version"}},
                            {"properties", {{"version", {{"type", "integer"}}}}},
                            {"additionalProperties", false}};
      AddOperation(paths, "post", one + "/authorise", tag,
                   "A manager authorises the " + spec.title, &version, Ref(spec.kind), 200);
    }
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Haven API"},
            {"version", HAVEN_VERSION},
            {"description",
             "The children's social care record. Errors have one shape (Error); every read of a "
             "child's record is logged and every change is versioned."}}},
          {"servers", {{{"url", "/"}}}},
          {"security", {{{"bearerToken", Json::array()}}, {{"sessionCookie", Json::array()}}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"bearerToken",
               {{"type", "http"},
                {"scheme", "bearer"},
                {"description", "An API token (hvn_...) from POST /api/v1/tokens"}}},
              {"sessionCookie",
               {{"type", "apiKey"},
                {"in", "cookie"},
                {"name", "haven_session"},
                {"description",
                 "The session from POST /api/v1/session; requests that change something also "
                 "send its csrf_token as X-CSRF-Token"}}}}}}}};
}

}  // namespace haven::api
