#include "api/openapi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "access/password.h"
#include "api/api.h"
#include "app/wiring.h"
#include "common/clock.h"
#include "common/random.h"
#include "domain/casework.h"
#include "domain/codes.h"
#include "http/router.h"
#include "record/person_details_service.h"
#include "support/test_db.h"

namespace haven::api {
namespace {

using Json = nlohmann::json;

const Json& Doc() {
  static const Json kDoc = OpenApiDocument();
  return kDoc;
}

// The schema a {"$ref": "#/components/..."} names, or the schema itself.
const Json& Resolve(const Json& s) {
  if (!s.is_object() || !s.contains("$ref")) return s;
  return Doc().at(Json::json_pointer(s.at("$ref").get<std::string>().substr(1)));
}

const Json& Op(const std::string& path, const std::string& method) {
  return Doc().at("paths").at(path).at(method);
}
bool Has(const std::string& path, const std::string& method) {
  const Json& paths = Doc().at("paths");
  return paths.contains(path) && paths.at(path).contains(method);
}
const Json& BodyOf(const Json& op) {
  return Resolve(op.at("requestBody").at("content").at("application/json").at("schema"));
}
const Json& ResponseOf(const Json& op, const std::string& status) {
  return Resolve(op.at("responses").at(status).at("content").at("application/json").at("schema"));
}

// The schema without its nullable wrapper, and with its $ref followed.
const Json& NonNull(const Json& s) {
  return Resolve(s.contains("anyOf") ? s.at("anyOf").at(0) : s);
}

// The enum of a schema (a code list's codes).
std::vector<std::string> EnumIn(const Json& s) {
  return NonNull(s).value("enum", std::vector<std::string>{});
}

// The JSON types a schema allows, null aside.
std::set<std::string> TypesOf(const Json& s) {
  std::set<std::string> out;
  const Json& t = NonNull(s).value("type", Json());
  for (const auto& x : t.is_array() ? t : Json::array({t})) {
    if (x.is_string() && x != "null") out.insert(x.get<std::string>());
  }
  return out;
}
bool AllowsNull(const Json& s) { return s.dump().find("\"null\"") != std::string::npos; }

std::vector<std::string> CodesOf(const std::string& list) {
  std::vector<std::string> out;
  for (const auto& c : domain::Codes(list).codes) out.push_back(c.code);
  return out;
}

std::string Parent(const domain::StepSpec& spec) {
  return spec.under_referral ? "/api/v1/referrals/{id}/" : "/api/v1/people/{id}/";
}
std::string One(const domain::StepSpec& spec) { return "/api/v1/" + spec.path + "/{id}"; }
bool Fixed(const domain::StepSpec& spec, const std::string& field) {
  return std::count(spec.fixed.begin(), spec.fixed.end(), field) != 0;
}

// The {names} in a path pattern.
std::set<std::string> Placeholders(const std::string& path) {
  std::set<std::string> out;
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    out.insert(path.substr(open + 1, path.find('}', open) - open - 1));
  }
  return out;
}

// The path with every {name} replaced by `value`.
std::string Filled(const std::string& path, const std::string& value) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      out += value;
      i = path.find('}', i);
    } else {
      out += path[i];
    }
  }
  return out;
}

// Every operation as (method, path).
std::vector<std::pair<std::string, std::string>> Operations() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, ops] : Doc().at("paths").items()) {
    for (const auto& [method, op] : ops.items()) out.emplace_back(method, path);
  }
  return out;
}

TEST(OpenApiTest, IsOpenApi31WithTitleAndVersion) {
  EXPECT_EQ(Doc().at("openapi").get<std::string>().rfind("3.1.", 0), 0u) << Doc().at("openapi");
  EXPECT_EQ(Doc().at("info").at("version"), HAVEN_VERSION);
  EXPECT_FALSE(Doc().at("info").at("title").get<std::string>().empty());
  EXPECT_GT(Operations().size(), 100u);
}

TEST(OpenApiTest, EveryStepHasCreateGetChangeAndAuthoriseOnlyWhenNeeded) {
  ASSERT_FALSE(domain::Steps().empty());
  for (const domain::StepSpec& spec : domain::Steps()) {
    SCOPED_TRACE(spec.kind);
    EXPECT_TRUE(Has(Parent(spec) + spec.path, "post"));
    EXPECT_TRUE(Has(One(spec), "get"));
    EXPECT_TRUE(Has(One(spec), "patch"));
    EXPECT_EQ(Has(One(spec) + "/authorise", "post"), spec.needs_authorisation);
    const std::string other =
        spec.under_referral ? "/api/v1/people/{id}/" : "/api/v1/referrals/{id}/";
    EXPECT_FALSE(Has(other + spec.path, "post"));
    EXPECT_EQ(ResponseOf(Op(One(spec), "get"), "200").at("title"), spec.title);
  }
}

TEST(OpenApiTest, StepBodiesMarkRequiredFieldsAndChangesNeedTheVersion) {
  for (const domain::StepSpec& spec : domain::Steps()) {
    SCOPED_TRACE(spec.kind);
    const Json& create = BodyOf(Op(Parent(spec) + spec.path, "post"));
    const Json& change = BodyOf(Op(One(spec), "patch"));
    const auto required = create.value("required", std::vector<std::string>{});
    for (const auto& f : spec.fields) {
      if (f.derived) continue;
      SCOPED_TRACE(f.name);
      EXPECT_TRUE(create.at("properties").contains(f.name));
      EXPECT_EQ(std::count(required.begin(), required.end(), f.name), f.required ? 1 : 0);
      // A change may not touch a fixed field (its identity); null clears an optional one.
      EXPECT_EQ(change.at("properties").contains(f.name), !Fixed(spec, f.name));
      if (!f.required && !Fixed(spec, f.name)) {
        EXPECT_TRUE(AllowsNull(change.at("properties").at(f.name)));
      }
    }
    EXPECT_EQ(change.at("required"), Json::array({"version"}));
    EXPECT_EQ(change.at("additionalProperties"), false);
    EXPECT_EQ(create.at("additionalProperties"), false);
    if (spec.needs_authorisation) {
      EXPECT_EQ(BodyOf(Op(One(spec) + "/authorise", "post")).at("required"),
                Json::array({"version"}));
    }
  }
}

TEST(OpenApiTest, FieldTypesFollowTheStepSpecs) {
  std::map<domain::FieldType, int> seen;
  for (const domain::StepSpec& spec : domain::Steps()) {
    const Json& create = BodyOf(Op(Parent(spec) + spec.path, "post"));
    for (const auto& f : spec.fields) {
      if (f.derived) continue;
      SCOPED_TRACE(spec.kind + "." + f.name);
      const Json& s = create.at("properties").at(f.name);
      ++seen[f.type];
      switch (f.type) {
        case domain::FieldType::kDate:
          EXPECT_EQ(TypesOf(s), std::set<std::string>{"string"});
          EXPECT_EQ(NonNull(s).at("format"), "date");
          break;
        case domain::FieldType::kText:
        case domain::FieldType::kPostcode:
          EXPECT_EQ(TypesOf(s), std::set<std::string>{"string"});
          EXPECT_FALSE(NonNull(s).contains("enum"));
          break;
        case domain::FieldType::kCode:
          EXPECT_EQ(TypesOf(s), std::set<std::string>{"string"});
          break;
        case domain::FieldType::kCodes:
          EXPECT_EQ(TypesOf(s), std::set<std::string>{"array"});
          EXPECT_EQ(TypesOf(NonNull(s).at("items")), std::set<std::string>{"string"});
          break;
        case domain::FieldType::kFlag:
          EXPECT_EQ(TypesOf(s), std::set<std::string>{"boolean"});
          break;
        case domain::FieldType::kRef:
        case domain::FieldType::kCount:
          EXPECT_EQ(TypesOf(s), std::set<std::string>{"integer"});
          break;
        case domain::FieldType::kMoney:
          EXPECT_EQ(TypesOf(s), (std::set<std::string>{"string", "number"}));
          break;
      }
    }
  }
  for (auto t : {domain::FieldType::kDate, domain::FieldType::kText, domain::FieldType::kCode,
                 domain::FieldType::kCodes, domain::FieldType::kFlag, domain::FieldType::kRef}) {
    EXPECT_GT(seen[t], 0) << "no field of type " << static_cast<int>(t) << " was checked";
  }
}

TEST(OpenApiTest, CodeFieldEnumsAreTheirCodeLists) {
  int checked = 0;
  for (const domain::StepSpec& spec : domain::Steps()) {
    const Json& create = BodyOf(Op(Parent(spec) + spec.path, "post"));
    const Json& change = BodyOf(Op(One(spec), "patch"));
    const Json& record = ResponseOf(Op(One(spec), "get"), "200");
    for (const auto& f : spec.fields) {
      if (f.type != domain::FieldType::kCode && f.type != domain::FieldType::kCodes) continue;
      SCOPED_TRACE(spec.kind + "." + f.name);
      const std::vector<std::string> codes = CodesOf(f.list);
      ASSERT_FALSE(codes.empty());
      auto enum_of = [&f](const Json& s) {
        return EnumIn(f.type == domain::FieldType::kCode ? s : NonNull(s).at("items"));
      };
      EXPECT_EQ(enum_of(record.at("properties").at(f.name)), codes);
      if (f.derived) continue;
      EXPECT_EQ(enum_of(create.at("properties").at(f.name)), codes);
      if (!Fixed(spec, f.name)) {
        EXPECT_EQ(enum_of(change.at("properties").at(f.name)), codes);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
  // A hand-described route that takes a code takes its list too.
  EXPECT_EQ(EnumIn(BodyOf(Op("/api/v1/contacts", "post")).at("properties").at("source")),
            CodesOf("referral_source"));
  EXPECT_EQ(EnumIn(BodyOf(Op("/api/v1/people/{id}/allocations", "post"))
                       .at("properties")
                       .at("change_reason")),
            CodesOf("sw_change_reason"));
}

TEST(OpenApiTest, DerivedFieldsAreReadOnlyAndNeverTaken) {
  int checked = 0;
  for (const domain::StepSpec& spec : domain::Steps()) {
    const Json& record = ResponseOf(Op(One(spec), "get"), "200");
    const Json& create = BodyOf(Op(Parent(spec) + spec.path, "post"));
    const Json& change = BodyOf(Op(One(spec), "patch"));
    for (const auto& f : spec.fields) {
      SCOPED_TRACE(spec.kind + "." + f.name);
      EXPECT_EQ(record.at("properties").at(f.name).value("readOnly", false), f.derived);
      if (!f.derived) continue;
      EXPECT_FALSE(create.at("properties").contains(f.name));
      EXPECT_FALSE(change.at("properties").contains(f.name));
      ++checked;
    }
    EXPECT_EQ(record.at("properties").contains("authorised_by"), spec.needs_authorisation);
    EXPECT_EQ(record.at("properties").contains("referral_id"), spec.under_referral);
  }
  EXPECT_GT(checked, 0);
}

TEST(OpenApiTest, ComingIntoCareTakesTheLegalStatusAndFirstPlacement) {
  const Json& body = BodyOf(Op("/api/v1/people/{id}/care-periods", "post"));
  const auto required = body.at("required").get<std::vector<std::string>>();
  for (const char* name : {"start_date", "category_of_need", "legal_status", "placement"}) {
    EXPECT_EQ(std::count(required.begin(), required.end(), name), 1) << name;
  }
  EXPECT_EQ(EnumIn(body.at("properties").at("legal_status")), CodesOf("legal_status"));
  const Json& placement = Resolve(body.at("properties").at("placement"));
  EXPECT_FALSE(placement.at("properties").contains("care_period_id"));
  EXPECT_FALSE(placement.at("properties").contains("start_date"));
  EXPECT_TRUE(placement.at("properties").contains("placement_type"));
}

TEST(OpenApiTest, EveryPathPlaceholderIsADeclaredPathParameter) {
  for (const auto& [method, path] : Operations()) {
    SCOPED_TRACE(method + " " + path);
    std::set<std::string> declared;
    for (const auto& p : Op(path, method).value("parameters", Json::array())) {
      if (p.at("in") != "path") continue;
      EXPECT_EQ(p.at("required"), true);
      EXPECT_TRUE(declared.insert(p.at("name").get<std::string>()).second) << p;
    }
    EXPECT_EQ(declared, Placeholders(path));
  }
}

TEST(OpenApiTest, EveryOperationHasAUniqueOperationId) {
  std::map<std::string, std::string> seen;
  for (const auto& [method, path] : Operations()) {
    const Json& op = Op(path, method);
    ASSERT_TRUE(op.contains("operationId")) << method << " " << path;
    const std::string id = op.at("operationId");
    EXPECT_FALSE(id.empty());
    auto [it, fresh] = seen.emplace(id, method + " " + path);
    EXPECT_TRUE(fresh) << id << " is used by " << it->second << " and " << method << " " << path;
  }
}

// Every $ref in the document names something in it.
void CheckRefs(const Json& j, const std::string& where, int& count) {
  if (j.is_object()) {
    if (j.contains("$ref")) {
      const std::string ref = j.at("$ref");
      ++count;
      ASSERT_EQ(ref.rfind("#/", 0), 0u) << where;
      EXPECT_TRUE(Doc().contains(Json::json_pointer(ref.substr(1)))) << ref << " at " << where;
    }
    for (const auto& [k, v] : j.items()) CheckRefs(v, where + "/" + k, count);
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) CheckRefs(j[i], where + "/" + std::to_string(i), count);
  }
}

TEST(OpenApiTest, EveryReferenceResolves) {
  int count = 0;
  CheckRefs(Doc(), "", count);
  EXPECT_GT(count, 100);
}

TEST(OpenApiTest, ErrorsShareOneShapeAndFollowTheOperation) {
  const Json& error = Doc().at("components").at("schemas").at("Error");
  const Json& inner = error.at("properties").at("error");
  EXPECT_EQ(error.at("required"), Json::array({"error"}));
  EXPECT_EQ(inner.at("required"), Json::array({"code", "message", "field"}));
  EXPECT_TRUE(AllowsNull(inner.at("properties").at("field")));
  for (const auto& [method, path] : Operations()) {
    SCOPED_TRACE(method + " " + path);
    const Json& op = Op(path, method);
    const Json& responses = op.at("responses");
    int successes = 0;
    for (const auto& [status, r] : responses.items()) {
      if (status[0] == '2') ++successes;
      if (status[0] == '4' || status[0] == '5') {
        EXPECT_EQ(Resolve(r).at("content").at("application/json").at("schema").at("$ref"),
                  "#/components/schemas/Error")
            << status;
      }
    }
    EXPECT_EQ(successes, 1);
    const bool signed_in = !op.at("security").empty();
    EXPECT_EQ(responses.contains("401"), signed_in || path == "/api/v1/session");
    if (signed_in) {
      EXPECT_TRUE(responses.contains("403"));
    }
    if (op.contains("requestBody")) {
      for (const char* s : {"400", "413", "415"}) {
        EXPECT_TRUE(responses.contains(s)) << s;
      }
    }
    if (!Placeholders(path).empty()) {
      EXPECT_TRUE(responses.contains("404"));
    }
    if (method == "patch") {
      EXPECT_TRUE(responses.contains("409"));
    }
  }
}

TEST(OpenApiTest, SecurityIsTheTokenOrTheSessionWithCsrfForChanges) {
  const Json& schemes = Doc().at("components").at("securitySchemes");
  EXPECT_EQ(schemes.at("bearerToken").at("type"), "http");
  EXPECT_EQ(schemes.at("bearerToken").at("scheme"), "bearer");
  EXPECT_EQ(schemes.at("sessionCookie").at("in"), "cookie");
  EXPECT_EQ(schemes.at("sessionCookie").at("name"), kSessionCookie);
  EXPECT_EQ(schemes.at("csrfToken").at("in"), "header");
  std::string csrf = schemes.at("csrfToken").at("name");
  std::transform(csrf.begin(), csrf.end(), csrf.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  EXPECT_EQ(csrf, kCsrfHeader);

  for (const auto& [method, path] : Operations()) {
    SCOPED_TRACE(method + " " + path);
    const Json& security = Op(path, method).at("security");
    if (security.empty()) continue;  // a public route
    ASSERT_EQ(security.size(), 2u);
    EXPECT_TRUE(security.at(0).contains("bearerToken"));
    EXPECT_TRUE(security.at(1).contains("sessionCookie"));
    EXPECT_EQ(security.at(1).contains("csrfToken"), method != "get");
  }
  for (const char* open : {"/healthz", "/readyz", "/api/v1/openapi.json"}) {
    EXPECT_TRUE(Op(open, "get").at("security").empty()) << open;
  }
  EXPECT_TRUE(Op("/api/v1/session", "post").at("security").empty());
  EXPECT_FALSE(Op("/api/v1/people/{id}", "get").at("security").empty());
}

// ---- the document against the routes the API registers --------------------------------------

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

using RouteSet = std::set<std::pair<std::string, std::string>>;

// Every route the API registers, as (method, pattern), from a real router.
RouteSet RegisteredRoutes() {
  test::TestDb db(test::Backend::kSqlite);
  std::unique_ptr<storage::Store> store = db.Open(1);
  EXPECT_NE(store, nullptr);
  SystemClock clock;
  SecureRandom random;
  app::Services services(*store, clock, random, access::HashStrength::kMinimum,
                         access::AuthOptions{}, std::chrono::hours(12));
  RouteSet out;
  for (const auto& [method, pattern] : services.router.Routes()) {
    out.emplace(Lower(std::string(http::MethodName(method))), pattern);
  }
  return out;
}

TEST(OpenApiTest, EveryRouteTheApiRegistersIsDocumented) {
  const RouteSet registered = RegisteredRoutes();
  // Some 50 hand-written routes, and three or four for each step: with the test below, the same
  // set as the document's.
  EXPECT_GT(registered.size(), 40 + 3 * domain::Steps().size());
  EXPECT_EQ(registered.size(), Operations().size());
  for (const auto& [method, path] : registered) {
    EXPECT_TRUE(Has(path, method)) << method << " " << path << " is registered, not documented";
  }
  for (const domain::StepSpec& spec : domain::Steps()) {
    EXPECT_EQ(registered.count({"get", One(spec)}), 1u) << spec.kind;
  }
}

// The other way round, against the real router: each documented operation reaches the handler
// registered under exactly that method and pattern (the router records the pattern it matched).
TEST(OpenApiTest, EveryDocumentedOperationReachesARegisteredRoute) {
  test::TestDb db(test::Backend::kSqlite);
  std::unique_ptr<storage::Store> store = db.Open(1);
  ASSERT_NE(store, nullptr);
  SystemClock clock;
  SecureRandom random;
  app::Services services(*store, clock, random, access::HashStrength::kMinimum,
                         access::AuthOptions{}, std::chrono::hours(12));
  http::Router router;
  RegisterApi(router, services.api);

  for (const auto& [method, path] : Operations()) {
    http::Request req;
    std::string upper = method;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    req.method = http::ParseMethod(upper);
    // No credentials and no body: each handler refuses before it reaches the store.
    req.path = Filled(path, "7");
    req.target = req.path;
    http::Response res = router.Handle(req);
    EXPECT_EQ(req.route, path) << method << " " << path << " is documented but reached '"
                               << req.route << "' (" << res.status << " " << res.body << ")";
  }
}

}  // namespace
}  // namespace haven::api
