// The HTTP API end to end: a real server on port 0 over each backend, driven through sockets.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "app/demo.h"
#include "app/wiring.h"
#include "http/server.h"
#include "storage/backup.h"
#include "support/api_fixture.h"

namespace haven::test {
namespace {

using Json = nlohmann::json;

TEST_P(ApiTest, HealthAndReadiness) {
  auto h = Send(port_, "GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(Json::parse(h.body)["status"], "ok");
  EXPECT_FALSE(h.headers["x-request-id"].empty());
  auto r = Send(port_, "GET", "/readyz");
  EXPECT_EQ(r.status, 200);
}

TEST_P(ApiTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const char* path : {"/healthz", "/api/v1/me", "/no/such/thing"}) {
    auto r = Send(port_, "GET", path);
    EXPECT_EQ(r.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'")
        << path;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << path;
    EXPECT_EQ(r.headers["x-frame-options"], "DENY") << path;
    EXPECT_EQ(r.headers["cache-control"], "no-store") << path;
  }
}

TEST_P(ApiTest, AnAdministratorCreatesAUserWhoSignsInAndSeesThemselves) {
  Session admin = SignIn("admin");
  auto created = Call(admin, "POST", "/api/v1/admin/users",
                      Json{{"username", "new.worker"},
                           {"display_name", "New Worker"},
                           {"password", "first day password"},
                           {"roles", {"social_worker"}},
                           {"reason", "joined CIN-CP-1"}}
                          .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = Json::parse(created.body)["id"];

  Session worker = SignIn("new.worker", "first day password");
  auto me = Call(worker, "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  auto body = Json::parse(me.body);
  EXPECT_EQ(body["id"], id);
  EXPECT_EQ(body["username"], "new.worker");
  EXPECT_EQ(body["roles"], Json::array({"social_worker"}));
  EXPECT_EQ(body["signed_in_with"], "session");
  EXPECT_FALSE(body.contains("password_hash"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions WHERE entity = 'users' AND record_id = ? "
                  "AND actor_id = ? AND reason = 'joined CIN-CP-1'",
                  {id, admin.user_id}),
            1);
}

TEST_P(ApiTest, WorkersCarryTheirEmploymentTypeFteAndDates) {
  Session admin = SignIn("admin");
  auto created =
      Call(admin, "POST", "/api/v1/admin/users",
           Json{{"username", "locum.worker"},
                {"display_name", "Locum Worker"},
                {"password", "first day password"},
                {"roles", {"social_worker"}},
                {"employment", {{"type", "agency"}, {"fte", 0.6}, {"start_date", "2026-01-05"}}},
                {"reason", "agency cover"}}
               .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  auto user = Json::parse(created.body);
  EXPECT_EQ(user["employment"]["type"], "agency");
  EXPECT_DOUBLE_EQ(user["employment"]["fte"].get<double>(), 0.6);
  const std::string path = "/api/v1/admin/users/" + std::to_string(user["id"].get<int64_t>());
  auto ended = Call(admin, "PATCH", path,
                    Json{{"employment",
                          {{"type", "agency"},
                           {"fte", 0.6},
                           {"start_date", "2026-01-05"},
                           {"end_date", "2026-03-31"}}},
                         {"reason", "contract ends"}}
                        .dump());
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Json::parse(ended.body)["employment"]["end_date"], "2026-03-31");

  struct Bad {
    Json employment;
    std::string field;
  };
  for (const auto& bad :
       std::vector<Bad>{{{{"type", "zero-hours"}}, "employment_type"},
                        {{{"fte", 1.5}}, "fte"},
                        {{{"fte", "full"}}, "fte"},
                        {{{"start_date", "2026-13-01"}}, "start_date"},
                        {{{"start_date", "2026-02-01"}, {"end_date", "2026-01-01"}}, "end_date"},
                        {{{"grade", "7"}}, "grade"}}) {
    SCOPED_TRACE(bad.employment.dump());
    ExpectError(
        Call(admin, "PATCH", path, Json{{"employment", bad.employment}, {"reason", "r"}}.dump()),
        400, "invalid_argument", bad.field);
  }
  auto after = Json::parse(Call(admin, "GET", path).body);
  EXPECT_EQ(after["employment"]["end_date"], "2026-03-31");  // nothing refused was stored
}

TEST_P(ApiTest, TheSessionCookieIsSecureHttpOnlyAndSameSite) {
  auto r = Send(port_, "POST", "/api/v1/session",
                Json{{"username", "admin"}, {"password", kPassword}}.dump());
  ASSERT_EQ(r.status, 201);
  const std::string c = r.headers["set-cookie"];
  EXPECT_EQ(c.rfind("haven_session=", 0), 0u) << c;
  EXPECT_NE(c.find("HttpOnly"), std::string::npos);
  EXPECT_NE(c.find("Secure"), std::string::npos);
  EXPECT_NE(c.find("SameSite=Strict"), std::string::npos);
}

TEST_P(ApiTest, SignOutEndsTheSession) {
  Session s = SignIn("social.worker");
  EXPECT_EQ(Call(s, "GET", "/api/v1/me").status, 200);
  auto out = Call(s, "DELETE", "/api/v1/session");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  ExpectError(Call(s, "GET", "/api/v1/me"), 401, "unauthenticated");
}

TEST_P(ApiTest, ChangesThroughACookieSessionNeedTheCsrfToken) {
  Session admin = SignIn("admin");
  const std::string body = Json{
      {"username", "csrf.victim"},
      {"display_name", "X"},
      {"password", "a fine password"},
      {"roles", {"director"}}}.dump();
  ExpectError(Send(port_, "POST", "/api/v1/admin/users", body, {{"Cookie", admin.cookie}}), 403,
              "permission_denied");
  ExpectError(Send(port_, "POST", "/api/v1/admin/users", body,
                   {{"Cookie", admin.cookie}, {"X-CSRF-Token", "forged"}}),
              403, "permission_denied");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username = 'csrf.victim'"), 0);
  EXPECT_EQ(Call(admin, "POST", "/api/v1/admin/users", body).status, 201);
}

TEST_P(ApiTest, ApiTokensWorkWithoutCookiesOrCsrf) {
  Session s = SignIn("performance");
  auto created = Call(s, "POST", "/api/v1/tokens", Json{{"name", "dashboard"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = Json::parse(created.body)["token"];
  auto me = Send(port_, "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Json::parse(me.body)["signed_in_with"], "api_token");
  ExpectError(Send(port_, "GET", "/api/v1/me", "", {{"Authorization", "Basic abc"}}), 401,
              "unauthenticated");
  ExpectError(Send(port_, "GET", "/api/v1/me", "", {{"Authorization", "Bearer hvn_forged"}}), 401,
              "unauthenticated");
}

TEST_P(ApiTest, OnlyAdministratorsManageUsers) {
  Session worker = SignIn("social.worker");
  ExpectError(Call(worker, "GET", "/api/v1/admin/users"), 403, "permission_denied");
  ExpectError(Call(worker, "POST", "/api/v1/admin/users",
                   Json{{"username", "sneaky"},
                        {"display_name", "S"},
                        {"password", "a fine password"},
                        {"roles", {"administrator"}}}
                       .dump()),
              403, "permission_denied");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username = 'sneaky'"), 0);
  ExpectError(Send(port_, "GET", "/api/v1/admin/users"), 401, "unauthenticated");
}

TEST_P(ApiTest, AdministratorsDisableAndReenableAccounts) {
  Session admin = SignIn("admin");
  Session worker = SignIn("social.worker");
  auto users = Json::parse(Call(admin, "GET", "/api/v1/admin/users").body)["items"];
  int64_t worker_id = 0;
  for (const auto& u : users) {
    if (u["username"] == "social.worker") worker_id = u["id"];
  }
  ASSERT_GT(worker_id, 0);
  const std::string path = "/api/v1/admin/users/" + std::to_string(worker_id);
  ExpectError(Call(admin, "PATCH", path, Json{{"status", "disabled"}}.dump()), 400,
              "invalid_argument", "reason");
  auto off = Call(admin, "PATCH", path,
                  Json{{"status", "disabled"}, {"reason", "long-term leave"}}.dump());
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(Json::parse(off.body)["status"], "disabled");
  ExpectError(Call(worker, "GET", "/api/v1/me"), 401, "unauthenticated");
  ExpectError(Call(admin, "PATCH", "/api/v1/admin/users/" + std::to_string(admin.user_id),
                   Json{{"status", "disabled"}, {"reason", "oops"}}.dump()),
              409, "failed_precondition", "status");
  auto on =
      Call(admin, "PATCH", path, Json{{"status", "active"}, {"reason", "back from leave"}}.dump());
  EXPECT_EQ(on.status, 200);
  EXPECT_EQ(SignIn("social.worker").user_id, worker_id);
  ExpectError(Call(admin, "GET", "/api/v1/admin/users/99999"), 404, "not_found");
  ExpectError(Call(admin, "GET", "/api/v1/admin/users/abc"), 400, "invalid_argument", "id");
}

TEST_P(ApiTest, EachReadOfAPersonIsInTheAccessLogAndEachWriteHasAVersion) {
  Session worker = SignIn("social.worker");
  auto created = Call(worker, "POST", "/api/v1/people",
                      Json{{"service_area_id", AreaId("TFS")},
                           {"given_name", "Amara"},
                           {"family_name", "Okafor"},
                           {"date_of_birth", "2015-06-01"},
                           {"sex", "F"}}
                          .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = Json::parse(created.body)["id"];
  const std::string path = "/api/v1/people/" + std::to_string(id);

  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM access_log WHERE entity = 'people' AND record_id = ?", {id}), 0);
  auto read = Call(worker, "GET", path, "", {{"X-Haven-Purpose", "home visit preparation"}});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Json::parse(read.body)["given_name"], "Amara");
  Call(worker, "GET", path);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log WHERE entity = 'people' AND record_id = ? AND "
                  "actor_id = ? AND action = 'read'",
                  {id, worker.user_id}),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log WHERE record_id = ? AND purpose = 'home visit "
                  "preparation' "
                  "AND request_id = ?",
                  {id, read.headers["x-request-id"]}),
            1);

  auto fixed = Call(
      worker, "PATCH", path,
      Json{{"family_name", "Okafor-Smith"}, {"version", 1}, {"reason", "name misspelt at contact"}}
          .dump());
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(Json::parse(fixed.body)["version"], 2);
  // A stale edit is refused rather than silently overwriting.
  ExpectError(Call(worker, "PATCH", path,
                   Json{{"family_name", "Other"}, {"version", 1}, {"reason", "stale"}}.dump()),
              409, "failed_precondition", "version");

  Session manager = SignIn("team.manager");
  auto history = Call(manager, "GET", path + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  auto items = Json::parse(history.body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["data"]["family_name"], "Okafor");
  EXPECT_EQ(items[1]["data"]["family_name"], "Okafor-Smith");
  EXPECT_EQ(items[1]["reason"], "name misspelt at contact");
  EXPECT_EQ(items[1]["actor_id"], worker.user_id);
  auto log = Call(manager, "GET", path + "/access-log");
  ASSERT_EQ(log.status, 200);
  // Two reads by the worker, and the manager's look at the history.
  EXPECT_EQ(Json::parse(log.body)["items"].size(), 3u);
  ExpectError(Call(worker, "GET", path + "/history"), 403, "permission_denied");
}

TEST_P(ApiTest, PeopleAreClosedToRolesWithoutRecordAccess) {
  Session worker = SignIn("social.worker");
  auto created =
      Call(worker, "POST", "/api/v1/people",
           Json{{"service_area_id", AreaId("TFS")}, {"given_name", "Sam"}, {"family_name", "Lee"}}
               .dump());
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/people/" + Json::parse(created.body)["id"].dump();
  for (const char* user : {"admin", "commissioner", "partner"}) {
    Session s = SignIn(user);
    ExpectError(Call(s, "GET", path), 403, "permission_denied");
    // The history holds full copies of the record, so it is closed to them too.
    ExpectError(Call(s, "GET", path + "/history"), 403, "permission_denied");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log"), 0) << "a refused read is not a read";
}

TEST_P(ApiTest, BadInputGetsAClearErrorAndChangesNothing) {
  Session worker = SignIn("social.worker");
  const int64_t before = Count("SELECT COUNT(*) FROM people");
  ExpectError(Call(worker, "POST", "/api/v1/people", "{\"given_name\": "), 400, "invalid_argument",
              "body");
  ExpectError(Call(worker, "POST", "/api/v1/people", "[1,2]"), 400, "invalid_argument", "body");
  ExpectError(Call(worker, "POST", "/api/v1/people", "given_name=Sam",
                   {{"Content-Type", "application/x-www-form-urlencoded"}}),
              415, "unsupported_media_type", "Content-Type");
  ExpectError(Call(worker, "POST", "/api/v1/people",
                   Json{{"service_area_id", AreaId("TFS")}, {"given_name", "Sam"}}.dump()),
              400, "invalid_argument", "family_name");
  ExpectError(
      Call(worker, "POST", "/api/v1/people",
           Json{{"service_area_id", "TFS"}, {"given_name", "Sam"}, {"family_name", "Lee"}}.dump()),
      400, "invalid_argument", "service_area_id");
  ExpectError(Call(worker, "POST", "/api/v1/people",
                   Json{{"service_area_id", AreaId("TFS")},
                        {"given_name", "Sam"},
                        {"family_name", "Lee"},
                        {"date_of_birth", "31/12/2015"}}
                       .dump()),
              400, "invalid_argument", "date_of_birth");
  ExpectError(Call(worker, "POST", "/api/v1/people",
                   Json{{"service_area_id", AreaId("TFS")},
                        {"given_name", "Sam"},
                        {"family_name", "Lee"},
                        {"surname", "typo"}}
                       .dump()),
              400, "invalid_argument", "surname");
  ExpectError(
      Call(worker, "POST", "/api/v1/people",
           Json{{"service_area_id", 99999}, {"given_name", "Sam"}, {"family_name", "Lee"}}.dump()),
      400, "invalid_argument", "service_area_id");
  ExpectError(Call(worker, "GET", "/api/v1/people/0"), 400, "invalid_argument", "id");
  ExpectError(Call(worker, "GET", "/api/v1/people/424242"), 404, "not_found");
  ExpectError(Send(port_, "GET", "/api/v1/nothing/here"), 404, "not_found");
  auto wrong_method = Send(port_, "PUT", "/api/v1/session", "{}");
  ExpectError(wrong_method, 405, "method_not_allowed");
  EXPECT_EQ(wrong_method.headers["allow"], "POST, DELETE");
  ExpectError(Send(port_, "POST", "/api/v1/session", Json{{"username", "admin"}}.dump()), 400,
              "invalid_argument", "password");
  ExpectError(
      Send(port_, "POST", "/api/v1/session", Json{{"username", 7}, {"password", "x"}}.dump()), 400,
      "invalid_argument", "username");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people"), before);
}

TEST_P(ApiTest, OversizedBodiesAndBrokenHttpAreRefusedAndTheServerCarriesOn) {
  const std::string big(70 * 1024, 'x');
  auto r = Send(port_, "POST", "/api/v1/session", big);
  ExpectError(r, 413, "payload_too_large");
  // Responses the server writes itself carry the security headers too.
  EXPECT_EQ(r.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
  auto chunked = ParseReplies(
      SendRaw(port_,
              "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              "Transfer-Encoding: chunked\r\n\r\n"
              "11800\r\n" +
                  std::string(0x11800, 'y') + "\r\n0\r\n\r\n"));
  ASSERT_FALSE(chunked.empty());
  EXPECT_EQ(chunked[0].status, 413);
  auto garbage = ParseReplies(SendRaw(port_, "THIS IS NOT HTTP\r\n\r\n"));
  ASSERT_FALSE(garbage.empty());
  EXPECT_EQ(garbage[0].status, 400);
  auto huge_header = ParseReplies(SendRaw(
      port_, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'h') + "\r\n\r\n"));
  ASSERT_FALSE(huge_header.empty());
  EXPECT_EQ(huge_header[0].status, 431);
  EXPECT_EQ(Send(port_, "GET", "/healthz").status, 200) << "the server must survive bad input";
}

TEST_P(ApiTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  const std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string last = "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  auto replies = ParseReplies(SendRaw(port_, one + one + last));
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].status, 200);
  EXPECT_EQ(replies[2].status, 200);
  EXPECT_NE(replies[0].headers["x-request-id"], replies[1].headers["x-request-id"]);
}

TEST_P(ApiTest, TheAccessLogRecordsRoutePatternsAndTheSignedInUser) {
  Session worker = SignIn("social.worker");
  auto created = Call(
      worker, "POST", "/api/v1/people",
      Json{{"service_area_id", AreaId("TFS")}, {"given_name", "Zebedee"}, {"family_name", "Quill"}}
          .dump());
  const std::string id = Json::parse(created.body)["id"].dump();
  Call(worker, "GET", "/api/v1/people/" + id);
  std::lock_guard lock(log_mu_);
  bool saw_route = false;
  for (const auto& rec : access_log_) {
    EXPECT_FALSE(rec.request_id.empty());
    if (rec.route == "/api/v1/people/{id}" && rec.method == "GET") {
      saw_route = true;
      EXPECT_EQ(rec.user_id, worker.user_id);
      EXPECT_EQ(rec.status, 200);
    }
  }
  EXPECT_TRUE(saw_route);
}

TEST_P(ApiTest, APurposeThatIsNotCleanTextIsRefusedAndBackupsStillWork) {
  Session worker = SignIn("social.worker");
  auto created =
      Call(worker, "POST", "/api/v1/people",
           Json{{"service_area_id", AreaId("TFS")}, {"given_name", "Ada"}, {"family_name", "Byrne"}}
               .dump());
  const std::string path = "/api/v1/people/" + Json::parse(created.body)["id"].dump();
  ExpectError(Call(worker, "GET", path, "", {{"X-Haven-Purpose", "\xff\xfe"}}), 400,
              "invalid_argument", "purpose");
  ExpectError(Call(worker, "GET", path, "", {{"X-Haven-Purpose", std::string(300, 'p')}}), 400,
              "invalid_argument", "purpose");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log"), 0);
  std::stringstream backup;
  SystemClock clock;
  EXPECT_TRUE(storage::WriteBackup(*store_, backup, clock).ok());
}

TEST_P(ApiTest, ShutdownFinishesTheRequestInFlight) {
  // A slow request is in flight when shutdown begins; it still gets its answer, and then the
  // server stops accepting.
  http::Router slow_router;
  std::atomic<bool> entered{false};
  slow_router.Add(http::Method::kGet, "/slow", [&](http::Request&) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return http::JsonResponse(200, "{\"done\":true}");
  });
  http::ServerOptions options;
  options.shutdown_grace = std::chrono::seconds(5);
  http::Server server(options, [&](http::Request& req) { return slow_router.Handle(req); });
  ASSERT_TRUE(server.Start().ok());
  const uint16_t port = server.port();
  HttpReply reply;
  std::thread client([&] { reply = Send(port, "GET", "/slow"); });
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.Shutdown();
  client.join();
  server.Wait();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "{\"done\":true}");
  EXPECT_THROW(SendRaw(port, "GET /slow HTTP/1.1\r\n\r\n"), std::runtime_error);
}

// Ofsted's Annex A is a workbook for those who read across the authority, for a date in the
// query; a bad date names the field.
TEST_P(ApiTest, AnnexAIsAWorkbookForThoseWhoReadAcrossTheAuthority) {
  Session officer = TokenFor("performance");
  auto ok = Call(officer, "GET", "/api/v1/annex-a?date=2026-06-15");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(ok.headers["content-disposition"], "attachment; filename=\"annex-a-2026-06-15.xlsx\"");
  EXPECT_EQ(ok.body.substr(0, 2), "PK");
  EXPECT_NE(ok.body.find("List 11 - Adopters"), std::string::npos);
  for (const char* bad : {"?date=2026-13-01", "?date=15%2F06%2F2026", "", "?date=2999-01-01"}) {
    ExpectError(Call(officer, "GET", std::string("/api/v1/annex-a") + bad), 400, "invalid_argument",
                "date");
  }
  ExpectError(Call(TokenFor("social.worker"), "GET", "/api/v1/annex-a?date=2026-06-15"), 403,
              "permission_denied");
}

HAVEN_INSTANTIATE_BACKENDS(ApiTest);

// PostgreSQL down: the server starts (lazily), answers /healthz, and reports 503 elsewhere.
TEST(UnavailableDatabaseTest, ReadinessAndRequestsSay503WhenPostgresIsDown) {
  auto store = app::OpenStore("postgres://haven@127.0.0.1:1/none", 2, /*lazy=*/true);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  SystemClock clock;
  SecureRandom random;
  app::Services services(**store, clock, random, access::HashStrength::kMinimum, {},
                         std::chrono::hours(1));
  http::Server server({}, services.handler);
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(Send(server.port(), "GET", "/healthz").status, 200);
  auto ready = Send(server.port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 503);
  auto sign_in = Send(server.port(), "POST", "/api/v1/session",
                      Json{{"username", "admin"}, {"password", "whatever password"}}.dump());
  EXPECT_EQ(sign_in.status, 503) << sign_in.body;
  EXPECT_EQ(Json::parse(sign_in.body)["error"]["code"], "unavailable");
  EXPECT_EQ(sign_in.body.find("127.0.0.1"), std::string::npos)
      << "no connection details to clients";
}

}  // namespace
}  // namespace haven::test

namespace haven::test {
namespace {

class PersonIdentifiersTest : public ApiTest {};

TEST_P(PersonIdentifiersTest, IdentifiersAreCheckedNormalisedAndKeptUnique) {
  Session worker = SignIn("social.worker");
  Json child = {{"service_area_id", AreaId("TFS")},
                {"given_name", "Leah"},
                {"family_name", "Marsh"},
                {"date_of_birth", "2014-03-02"},
                {"sex", "F"},
                {"ethnicity", "wbri"},
                {"disabilities", {"LD", "COMM"}},
                {"upn", "a950000178301"},
                {"nhs_number", "943 476 5919"},
                {"la_child_id", "DON-000123"}};
  auto created = Call(worker, "POST", "/api/v1/people", child.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = Json::parse(created.body);
  EXPECT_EQ(body["upn"], "A950000178301");
  EXPECT_EQ(body["nhs_number"], "9434765919");
  EXPECT_EQ(body["ethnicity"], "WBRI");
  EXPECT_EQ(body["disabilities"], Json::array({"COMM", "LD"}));

  // Each bad identifier is refused with its field, and nothing is stored.
  const int64_t before = Count("SELECT COUNT(*) FROM people");
  const std::vector<std::pair<Json, std::string>> bad = {
      {{{"upn", "R247962919251"}}, "upn"},
      {{{"former_upn", "X428558133462"}}, "former_upn"},
      {{{"nhs_number", "9434765918"}}, "nhs_number"},
      {{{"ethnicity", "MARTIAN"}}, "ethnicity"},
      {{{"disabilities", {"NONE", "LD"}}}, "disabilities"},
      {{{"sex", "X"}}, "sex"},
      {{{"upn_unknown", "UN1"}, {"upn", "A950000178301"}}, "upn_unknown"},
      {{{"la_child_id", "DON-000123"}}, "la_child_id"},
  };
  for (const auto& [fields, field] : bad) {
    Json attempt = {
        {"service_area_id", AreaId("TFS")}, {"given_name", "Other"}, {"family_name", "Child"}};
    attempt.update(fields);
    auto r = Call(worker, "POST", "/api/v1/people", attempt.dump());
    const int want = field == "la_child_id" ? 409 : 400;
    ExpectError(r, want, want == 409 ? "already_exists" : "invalid_argument", field);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people"), before);

  // A correction clears the NHS number (null) and records a new version.
  const std::string path = "/api/v1/people/" + body["id"].dump();
  auto fixed =
      Call(worker, "PATCH", path,
           Json{{"nhs_number", nullptr}, {"version", 1}, {"reason", "number belonged to a sibling"}}
               .dump());
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_TRUE(Json::parse(fixed.body)["nhs_number"].is_null());
  EXPECT_EQ(Json::parse(fixed.body)["upn"], "A950000178301");
  ExpectError(Call(worker, "PATCH", path,
                   Json{{"upn", "H243278544154"}, {"version", 1}, {"reason", "stale"}}.dump()),
              409, "failed_precondition", "version");
}

HAVEN_INSTANTIATE_BACKENDS(PersonIdentifiersTest);

}  // namespace
}  // namespace haven::test

namespace haven::test {
namespace {

class PersonDetailsApiTest : public ApiTest {
 protected:
  int64_t NewPerson(const Session& s, const std::string& given, const std::string& family,
                    const std::string& kind = "child") {
    auto r = Call(s, "POST", "/api/v1/people",
                  Json{{"service_area_id", AreaId("TFS")},
                       {"given_name", given},
                       {"family_name", family},
                       {"kind", kind}}
                      .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Json::parse(r.body, nullptr, false).value("id", int64_t{0});
  }
};

TEST_P(PersonDetailsApiTest, DetailsAreAddedShownAndEndedNeverDeleted) {
  Session worker = SignIn("social.worker");
  const int64_t child = NewPerson(worker, "Tia", "Reeves");
  const int64_t mother = NewPerson(worker, "Dana", "Reeves", "adult");
  const std::string base = "/api/v1/people/" + std::to_string(child);

  EXPECT_EQ(Call(worker, "POST", base + "/names",
                 Json{{"kind", "alias"}, {"given_name", "Tee"}, {"family_name", "Reeves"}}.dump())
                .status,
            201);
  auto address = Call(worker, "POST", base + "/addresses",
                      Json{{"line1", "4 Bawtry Road"},
                           {"town", "Doncaster"},
                           {"postcode", "dn4 7aa"},
                           {"start_date", "2021-09-01"}}
                          .dump());
  ASSERT_EQ(address.status, 201) << address.body;
  EXPECT_EQ(Json::parse(address.body)["postcode"], "DN4 7AA");
  auto alert = Call(
      worker, "POST", base + "/alerts",
      Json{{"kind", "risk_to_staff"}, {"detail", "Visit in pairs"}, {"start_date", "2024-01-10"}}
          .dump());
  ASSERT_EQ(alert.status, 201) << alert.body;
  const int64_t alert_id = Json::parse(alert.body)["id"];
  auto rel = Call(worker, "POST", "/api/v1/people/" + std::to_string(mother) + "/relationships",
                  Json{{"kind", "child"}, {"related_person_id", child}}.dump());
  ASSERT_EQ(rel.status, 201) << rel.body;

  // The child's record shows it all, with the mother seen from the child's side.
  auto record = Json::parse(Call(worker, "GET", base).body);
  EXPECT_EQ(record["other_names"].size(), 1u);
  EXPECT_EQ(record["addresses"][0]["town"], "Doncaster");
  ASSERT_EQ(record["current_alerts"].size(), 1u);
  EXPECT_EQ(record["current_alerts"][0]["detail"], "Visit in pairs");
  ASSERT_EQ(record["relationships"].size(), 1u);
  EXPECT_EQ(record["relationships"][0]["kind"], "parent");
  EXPECT_EQ(record["relationships"][0]["related_person_id"], mother);
  EXPECT_EQ(record["relationships"][0]["related_name"], "Dana Reeves");

  // Ending the alert keeps it, no longer current; a stale version or a wrong person is refused.
  const std::string end = base + "/alerts/" + std::to_string(alert_id) + "/end";
  ExpectError(Call(worker, "POST", end,
                   Json{{"end_date", "2024-01-01"}, {"version", 1}, {"reason", "x"}}.dump()),
              400, "invalid_argument", "end_date");
  ExpectError(Call(worker, "POST", end,
                   Json{{"end_date", "2024-02-01"}, {"version", 7}, {"reason", "x"}}.dump()),
              409, "failed_precondition", "version");
  ExpectError(Call(worker, "POST",
                   "/api/v1/people/" + std::to_string(mother) + "/alerts/" +
                       std::to_string(alert_id) + "/end",
                   Json{{"end_date", "2024-02-01"}, {"version", 1}, {"reason", "x"}}.dump()),
              404, "not_found");
  EXPECT_EQ(
      Call(worker, "POST", end,
           Json{{"end_date", "2024-02-01"}, {"version", 1}, {"reason", "family moved"}}.dump())
          .status,
      204);
  record = Json::parse(Call(worker, "GET", base).body);
  EXPECT_EQ(record["current_alerts"].size(), 0u);
  EXPECT_EQ(record["alerts"][0]["end_date"], "2024-02-01");
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM record_versions WHERE entity = 'person_alerts' AND record_id = ?",
            {alert_id}),
      2);
}

TEST_P(PersonDetailsApiTest, BadDetailsAreRefusedWithTheField) {
  Session worker = SignIn("social.worker");
  const int64_t child = NewPerson(worker, "Ben", "Cole");
  const std::string base = "/api/v1/people/" + std::to_string(child);
  ExpectError(
      Call(worker, "POST", base + "/addresses",
           Json{{"line1", "1 High St"}, {"postcode", "NOT A CODE"}, {"start_date", "2020-01-01"}}
               .dump()),
      400, "invalid_argument", "postcode");
  ExpectError(Call(worker, "POST", base + "/addresses",
                   Json{{"line1", "1 High St"}, {"postcode", "DN1 1AA"}}.dump()),
              400, "invalid_argument", "start_date");
  ExpectError(Call(worker, "POST", base + "/alerts",
                   Json{{"kind", "rumour"}, {"detail", "x"}, {"start_date", "2020-01-01"}}.dump()),
              400, "invalid_argument", "kind");
  ExpectError(Call(worker, "POST", base + "/relationships",
                   Json{{"kind", "sibling"}, {"related_person_id", child}}.dump()),
              400, "invalid_argument", "related_person_id");
  ExpectError(Call(worker, "POST", base + "/relationships",
                   Json{{"kind", "sibling"}, {"related_person_id", 99999}}.dump()),
              400, "invalid_argument", "related_person_id");
  const int64_t sister = NewPerson(worker, "Amy", "Cole");
  EXPECT_EQ(Call(worker, "POST", base + "/relationships",
                 Json{{"kind", "sibling"}, {"related_person_id", sister}}.dump())
                .status,
            201);
  ExpectError(Call(worker, "POST", "/api/v1/people/" + std::to_string(sister) + "/relationships",
                   Json{{"kind", "sibling"}, {"related_person_id", child}}.dump()),
              409, "already_exists", "related_person_id");
  ExpectError(Call(worker, "POST", "/api/v1/people/99999/alerts",
                   Json{{"kind", "medical"}, {"detail", "x"}, {"start_date", "2020-01-01"}}.dump()),
              404, "not_found");
  Session iro = SignIn("iro");  // reads records, does not change them
  ExpectError(Call(iro, "POST", base + "/alerts",
                   Json{{"kind", "medical"}, {"detail", "x"}, {"start_date", "2020-01-01"}}.dump()),
              403, "permission_denied");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_alerts"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_addresses"), 0);
}

HAVEN_INSTANTIATE_BACKENDS(PersonDetailsApiTest);

}  // namespace
}  // namespace haven::test

namespace haven::test {
namespace {

class SearchApiTest : public ApiTest {
 protected:
  int64_t Add(const Session& s, Json person) {
    person["service_area_id"] = AreaId("TFS");
    auto r = Call(s, "POST", "/api/v1/people", person.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Json::parse(r.body, nullptr, false).value("id", int64_t{0});
  }
  Json Search(const Session& s, const Json& query) {
    auto r = Call(s, "POST", "/api/v1/people/search", query.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body, nullptr, false)["items"];
  }
};

TEST_P(SearchApiTest, FindsAChildDespiteMisspellingsAndRanksTheBestFirst) {
  Session worker = SignIn("social.worker");
  const int64_t kathryn = Add(worker, {{"given_name", "Kathryn"},
                                       {"family_name", "Smith-Jones"},
                                       {"date_of_birth", "2016-04-12"},
                                       {"upn", "A950000178301"}});
  const int64_t katie = Add(
      worker, {{"given_name", "Katie"}, {"family_name", "Smith"}, {"date_of_birth", "2012-01-30"}});
  const int64_t mo =
      Add(worker,
          {{"given_name", "Muhammad"}, {"family_name", "Ali"}, {"date_of_birth", "2018-07-01"}});
  Add(worker,
      {{"given_name", "Bradley"}, {"family_name", "Walker"}, {"date_of_birth", "2016-04-12"}});

  // Spelling variant plus a typo, and the date of birth: Kathryn comes first.
  auto hits = Search(worker, {{"name", "Catherine Smtih"}, {"date_of_birth", "2016-04-12"}});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["id"], kathryn);
  EXPECT_EQ(hits[0]["date_of_birth"], "2016-04-12");
  for (const auto& h : hits)
    EXPECT_NE(h["family_name"], "Walker") << "a stranger with the same birthday";
  // Word order and the second half of a hyphenated name.
  hits = Search(worker, {{"name", "jones kathryn"}});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["id"], kathryn);
  // Mohammed / Muhammad.
  hits = Search(worker, {{"name", "Mohammed Ali"}});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["id"], mo);
  // An impossible date is refused; a date a few days out matches when approximate dates are
  // allowed.
  EXPECT_EQ(Call(worker, "POST", "/api/v1/people/search",
                 Json{{"name", "Katie Smith"}, {"date_of_birth", "2012-30-01"}}.dump())
                .status,
            400);
  hits =
      Search(worker,
             {{"name", "Katy Smith"}, {"date_of_birth", "2012-02-01"}, {"approximate_date", true}});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["id"], katie);
  // An identifier finds exactly, with spaces and case ignored.
  hits = Search(worker, {{"identifier", "a950 0001 78301"}});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["matched_on"][0], "identifier");
}

TEST_P(SearchApiTest, AliasesPostcodesAlertsAndDuplicateWarnings) {
  Session worker = SignIn("social.worker");
  const int64_t child =
      Add(worker,
          {{"given_name", "Tyler"}, {"family_name", "Brooks"}, {"date_of_birth", "2015-05-05"}});
  const std::string base = "/api/v1/people/" + std::to_string(child);
  ASSERT_EQ(
      Call(worker, "POST", base + "/names",
           Json{{"kind", "previous"}, {"given_name", "Tyler"}, {"family_name", "Fenwick"}}.dump())
          .status,
      201);
  ASSERT_EQ(Call(worker, "POST", base + "/addresses",
                 Json{{"line1", "9 Carr House Road"},
                      {"postcode", "DN4 5HP"},
                      {"start_date", "2023-01-01"}}
                     .dump())
                .status,
            201);
  ASSERT_EQ(Call(worker, "POST", base + "/alerts",
                 Json{{"kind", "risk_to_staff"},
                      {"detail", "Aggressive dog"},
                      {"start_date", "2024-01-01"}}
                     .dump())
                .status,
            201);
  auto hits = Search(worker, {{"name", "Tyler Fenwik"}});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["id"], child);
  EXPECT_EQ(hits[0]["matched_on"], Json::array({"other_name"}));
  ASSERT_EQ(hits[0]["current_alerts"].size(), 1u);
  EXPECT_EQ(hits[0]["current_alerts"][0]["detail"], "Aggressive dog");
  hits = Search(worker, {{"postcode", "dn45hp"}});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["id"], child);

  // Creating someone very like him warns, and still creates.
  auto again = Call(worker, "POST", "/api/v1/people",
                    Json{{"service_area_id", AreaId("TFS")},
                         {"given_name", "Tylor"},
                         {"family_name", "Brookes"},
                         {"date_of_birth", "2015-05-05"}}
                        .dump());
  ASSERT_EQ(again.status, 201) << again.body;
  auto dups = Json::parse(again.body)["possible_duplicates"];
  ASSERT_EQ(dups.size(), 1u);
  EXPECT_EQ(dups[0]["id"], child);
  auto fresh = Call(
      worker, "POST", "/api/v1/people",
      Json{{"service_area_id", AreaId("TFS")}, {"given_name", "Zara"}, {"family_name", "Quinn"}}
          .dump());
  EXPECT_TRUE(Json::parse(fresh.body)["possible_duplicates"].empty());
}

TEST_P(SearchApiTest, BadQueriesAndRolesWithoutRecordAccess) {
  Session worker = SignIn("social.worker");
  ExpectError(Call(worker, "POST", "/api/v1/people/search", Json::object().dump()), 400,
              "invalid_argument", "name");
  ExpectError(
      Call(worker, "POST", "/api/v1/people/search", Json{{"name", "x"}, {"limit", 0}}.dump()), 400,
      "invalid_argument", "limit");
  ExpectError(Call(worker, "POST", "/api/v1/people/search", Json{{"postcode", "nowhere"}}.dump()),
              400, "invalid_argument", "postcode");
  ExpectError(Call(worker, "POST", "/api/v1/people/search",
                   Json{{"name", "x"}, {"approximate_date", "yes"}}.dump()),
              400, "invalid_argument", "approximate_date");
  Session admin = SignIn("admin");
  ExpectError(Call(admin, "POST", "/api/v1/people/search", Json{{"name", "Smith"}}.dump()), 403,
              "permission_denied");
}

HAVEN_INSTANTIATE_BACKENDS(SearchApiTest);

}  // namespace
}  // namespace haven::test

namespace haven::test {
namespace {

class FrontDoorApiTest : public ApiTest {};

TEST_P(FrontDoorApiTest, ContactDecisionFeedbackAndHistoryOnArrival) {
  Session fd = SignIn("frontdoor");
  auto child = Call(
      fd, "POST", "/api/v1/people",
      Json{{"service_area_id", AreaId("CMARAS")}, {"given_name", "Ruby"}, {"family_name", "Hale"}}
          .dump());
  const int64_t child_id = Json::parse(child.body)["id"];
  // A police contact on Friday 23 December 2022: the decision is due on Wednesday 28th, after
  // the Christmas bank holidays, and (decided today) it is long overdue.
  auto first = Call(fd, "POST", "/api/v1/contacts",
                    Json{{"person_id", child_id},
                         {"received_at", "2022-12-23T16:40"},
                         {"source", "6"},
                         {"referrer_name", "PC Shaw"},
                         {"referrer_agency", "South Yorkshire Police"},
                         {"concerns", "Domestic incident at the home; child present."}}
                        .dump());
  ASSERT_EQ(first.status, 201) << first.body;
  auto c1 = Json::parse(first.body);
  EXPECT_EQ(c1["decision_due"], "2022-12-28");
  EXPECT_EQ(c1["decision_state"], "overdue");
  const std::string path1 = "/api/v1/contacts/" + c1["id"].dump();

  // It waits in the queue until decided.
  bool queued = false;
  auto queue = Call(fd, "GET", "/api/v1/contacts/queue");
  ASSERT_EQ(queue.status, 200) << queue.body;
  const Json waiting = Json::parse(queue.body)["items"];  // a copy: the parsed value is temporary
  for (const auto& c : waiting) queued = queued || c["id"] == c1["id"];
  EXPECT_TRUE(queued) << queue.body;
  ExpectError(Call(fd, "POST", path1 + "/feedback", Json{{"feedback", "x"}, {"version", 1}}.dump()),
              409, "failed_precondition", "feedback");
  ExpectError(Call(fd, "POST", path1 + "/decision",
                   Json{{"decision", "ignore"}, {"threshold_reason", "x"}, {"version", 1}}.dump()),
              400, "invalid_argument", "decision");
  ExpectError(Call(fd, "POST", path1 + "/decision",
                   Json{{"decision", "referral"}, {"threshold_reason", ""}, {"version", 1}}.dump()),
              400, "invalid_argument", "threshold_reason");
  auto decided =
      Call(fd, "POST", path1 + "/decision",
           Json{{"decision", "referral"},
                {"threshold_reason", "Level 4: risk of significant harm from domestic abuse"},
                {"version", 1}}
               .dump());
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(Json::parse(decided.body)["decision_state"], "met_late");
  EXPECT_EQ(Json::parse(decided.body)["decided_by"], fd.user_id);
  ExpectError(
      Call(fd, "POST", path1 + "/decision",
           Json{{"decision", "advice"}, {"threshold_reason", "again"}, {"version", 2}}.dump()),
      409, "failed_precondition", "decision");
  auto fed_back = Call(
      fd, "POST", path1 + "/feedback",
      Json{{"feedback", "Told PC Shaw it was referred to social care."}, {"version", 2}}.dump());
  ASSERT_EQ(fed_back.status, 200) << fed_back.body;
  const Json after = Json::parse(Call(fd, "GET", "/api/v1/contacts/queue").body)["items"];
  for (const auto& c : after) EXPECT_NE(c["id"], c1["id"]) << "a decided contact leaves the queue";

  // A second contact shows the first on arrival; opening it is a logged read of the child.
  auto second = Call(fd, "POST", "/api/v1/contacts",
                     Json{{"person_id", child_id},
                          {"received_at", "2023-02-01T09:00"},
                          {"source", "2A"},
                          {"referrer_name", "Head of Year 3"},
                          {"concerns", "Bruising noticed at school."}}
                         .dump());
  ASSERT_EQ(second.status, 201) << second.body;
  auto opened = Call(fd, "GET", "/api/v1/contacts/" + Json::parse(second.body)["id"].dump());
  ASSERT_EQ(opened.status, 200) << opened.body;
  auto view = Json::parse(opened.body);
  EXPECT_EQ(view["person"]["family_name"], "Hale");
  ASSERT_EQ(view["previous_contacts"].size(), 1u);
  EXPECT_EQ(view["previous_contacts"][0]["decision"], "referral");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log WHERE record_id = ? AND action = 'contact'",
                  {child_id}),
            1);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM record_versions WHERE entity = 'contacts' AND record_id = ?",
            {c1["id"].get<int64_t>()}),
      3);
}

TEST_P(FrontDoorApiTest, BadContactsAreRefusedWithTheField) {
  Session fd = SignIn("frontdoor");
  auto child = Call(
      fd, "POST", "/api/v1/people",
      Json{{"service_area_id", AreaId("CMARAS")}, {"given_name", "Leo"}, {"family_name", "Park"}}
          .dump());
  const int64_t id = Json::parse(child.body)["id"];
  const Json good = {{"person_id", id},
                     {"received_at", "2024-03-01T10:00"},
                     {"source", "3A"},
                     {"referrer_name", "Dr Lee"},
                     {"concerns", "Missed appointments"}};
  const std::vector<std::pair<Json, std::string>> bad = {
      {{{"received_at", "2024-03-01 10:00"}}, "received_at"},
      {{{"received_at", "2999-01-01T10:00"}}, "received_at"},
      {{{"received_at", "2024-03-01T25:00"}}, "received_at"},
      {{{"source", "99"}}, "source"},
      {{{"referrer_name", ""}}, "referrer_name"},
      {{{"concerns", ""}}, "concerns"},
  };
  for (const auto& [change, field] : bad) {
    Json attempt = good;
    attempt.update(change);
    ExpectError(Call(fd, "POST", "/api/v1/contacts", attempt.dump()), 400, "invalid_argument",
                field);
  }
  Json nobody = good;
  nobody["person_id"] = 99999;
  ExpectError(Call(fd, "POST", "/api/v1/contacts", nobody.dump()), 404, "not_found");
  Session partner = SignIn("partner");
  ExpectError(Call(partner, "POST", "/api/v1/contacts", good.dump()), 403, "permission_denied");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts"), 0);
  EXPECT_EQ(Call(fd, "POST", "/api/v1/contacts", good.dump()).status, 201);
}

HAVEN_INSTANTIATE_BACKENDS(FrontDoorApiTest);

}  // namespace
}  // namespace haven::test

namespace haven::test {
namespace {

// The data-quality view over HTTP: for those who read across the authority, with the year checked.
TEST_P(ApiTest, TheDataQualityViewAnswersThoseWhoReadAcrossTheAuthority) {
  Session officer = SignIn("performance");
  auto ok = Call(officer, "GET", "/api/v1/data-quality/cin?year=2026");
  ASSERT_EQ(ok.status, 200) << ok.body;
  const auto j = Json::parse(ok.body);
  EXPECT_EQ(j["return"], "cin");
  EXPECT_EQ(j["year"], 2026);
  EXPECT_EQ(j["collection"], "2025-26");
  EXPECT_TRUE(j["rules"].is_array());
  ExpectError(Call(officer, "GET", "/api/v1/data-quality/cin?year=twenty"), 400, "invalid_argument",
              "year");
  ExpectError(Call(officer, "GET", "/api/v1/data-quality/cin?year=2019"), 400, "invalid_argument",
              "year");
  Session worker = SignIn("social.worker");
  ExpectError(Call(worker, "GET", "/api/v1/data-quality/cin"), 403, "permission_denied");
  ExpectError(Send(port_, "GET", "/api/v1/data-quality/cin"), 401, "unauthenticated");

  auto ssda = Call(officer, "GET", "/api/v1/data-quality/903?year=2026");
  ASSERT_EQ(ssda.status, 200) << ssda.body;
  const auto k = Json::parse(ssda.body);
  EXPECT_EQ(k["return"], "903");
  EXPECT_EQ(k["collection"], "2025-26");
  EXPECT_TRUE(k["rules"].is_array());
  ExpectError(Call(officer, "GET", "/api/v1/data-quality/903?year=2019"), 400, "invalid_argument",
              "year");
  ExpectError(Call(worker, "GET", "/api/v1/data-quality/903"), 403, "permission_denied");
  ExpectError(Send(port_, "GET", "/api/v1/data-quality/903"), 401, "unauthenticated");
}

}  // namespace
}  // namespace haven::test
