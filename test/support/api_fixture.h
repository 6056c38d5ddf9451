#pragma once

// The API test fixture: the demo authority on a fresh database of the test's backend, served by a
// real server on port 0, with helpers to sign in and call it.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/demo.h"
#include "app/wiring.h"
#include "http/server.h"
#include "support/http_client.h"
#include "support/test_db.h"

namespace haven::test {

using Json = nlohmann::json;

constexpr const char* kPassword = "demo-password";

class ApiTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    OpenDatabase();
    if (HasFatalFailure()) return;
    clock_holder_ = MakeClock();
    services_ =
        std::make_unique<app::Services>(*store_, *clock_holder_, random_, access::HashStrength::kMinimum,
                                        access::AuthOptions{}, std::chrono::hours(12));
    auto demo = app::CreateDemoAuthority(*services_, kPassword);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    http::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.max_body_bytes = 64 * 1024;
    options.error_headers = api::SecurityHeaders();
    server_ = std::make_unique<http::Server>(options, services_->handler,
                                             [this](const http::AccessRecord& r) {
                                               std::lock_guard lock(log_mu_);
                                               access_log_.push_back(r);
                                             });
    ASSERT_TRUE(server_->Start().ok());
    port_ = server_->port();
  }

  void TearDown() override {
    if (server_) {
      server_->Shutdown();
      server_->Wait();
    }
  }

  struct Session {
    std::string cookie;
    std::string csrf;
    std::string bearer;  // an API token instead of the cookie, when set
    int64_t user_id = 0;
  };

  Session SignIn(const std::string& username, const std::string& password = kPassword) {
    auto r = Send(port_, "POST", "/api/v1/session",
                  Json{{"username", username}, {"password", password}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    Session s;
    const std::string set_cookie = r.headers["set-cookie"];
    s.cookie = set_cookie.substr(0, set_cookie.find(';'));
    auto body = Json::parse(r.body, nullptr, false);
    if (body.is_object()) {
      s.csrf = body.value("csrf_token", "");
      s.user_id = body["user"].value("id", int64_t{0});
    }
    return s;
  }

  HttpReply Call(const Session& s, const std::string& method, const std::string& path,
                 const std::string& body = "", std::map<std::string, std::string> extra = {}) {
    if (!s.bearer.empty()) {
      extra["Authorization"] = "Bearer " + s.bearer;
    } else {
      extra["Cookie"] = s.cookie;
      if (method != "GET") extra.emplace("X-CSRF-Token", s.csrf);
    }
    return Send(port_, method, path, body, extra);
  }

  // A time from its timestamp text ("2026-01-05T12:00:00.000Z").
  static TimePoint At(const std::string& stamp) {
    TimePoint t;
    EXPECT_TRUE(ParseTimestamp(stamp, &t)) << stamp;
    return t;
  }

  // The body of a reply that must have `status`, parsed.
  static Json Ok(const HttpReply& r, int status = 200) {
    EXPECT_EQ(r.status, status) << r.body;
    return Json::parse(r.body, nullptr, false);
  }

  int64_t TeamId(const std::string& code) {
    auto r = storage::QueryOnce(*store_, "SELECT id FROM teams WHERE code = ?", {code});
    return r->rows.at(0).Int(0);
  }

  int64_t AreaId(const std::string& code) {
    auto r = storage::QueryOnce(*store_, "SELECT id FROM service_areas WHERE code = ?", {code});
    return r->rows.at(0).Int(0);
  }

  // A girl born 2 March 2019 in the CMARAS service area; returns her id.
  int64_t NewChild(const Session& s, const std::string& given, const std::string& family) {
    auto j = Ok(Call(s, "POST", "/api/v1/people",
                     Json{{"service_area_id", AreaId("CMARAS")},
                          {"given_name", given},
                          {"family_name", family},
                          {"date_of_birth", "2019-03-02"},
                          {"sex", "F"}}
                         .dump()),
                201);
    return j.value("id", int64_t{0});
  }

  // A contact on 5 January 2026 decided as a referral to the manager's team; returns the
  // referral's id.
  int64_t Refer(const Session& front, const Session& manager, int64_t child) {
    auto contact = Ok(Call(front, "POST", "/api/v1/contacts",
                           Json{{"person_id", child},
                                {"received_at", "2026-01-05T09:00"},
                                {"source", "2A"},
                                {"referrer_name", "Head teacher"},
                                {"concerns", "Bruising seen at school"}}
                               .dump()),
                      201);
    const int64_t contact_id = contact.value("id", int64_t{0});
    Ok(Call(front, "POST", "/api/v1/contacts/" + std::to_string(contact_id) + "/decision",
            Json{{"decision", "referral"}, {"threshold_reason", "Significant harm"}, {"version", 1}}
                .dump()));
    auto referral = Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(child) + "/referrals",
                            Json{{"contact_id", contact_id}, {"primary_need", "N1"}}.dump()),
                       201);
    return referral.value("id", int64_t{0});
  }

  static void ExpectError(const HttpReply& r, int status, const std::string& code,
                          const std::string& field = "") {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = Json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    ASSERT_TRUE(j.contains("error")) << r.body;
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_TRUE(j["error"]["message"].is_string() &&
                !j["error"]["message"].get<std::string>().empty());
    if (field.empty()) {
      EXPECT_TRUE(j["error"]["field"].is_null()) << r.body;
    } else {
      EXPECT_EQ(j["error"]["field"], field) << r.body;
    }
  }

  // The clock the services run on; a test that moves time overrides MakeClock.
  virtual std::unique_ptr<Clock> MakeClock() { return std::make_unique<SystemClock>(); }

  // Signs in through the API token route, which no idle timeout ends: for tests that move a
  // fake clock by days.
  Session TokenFor(const std::string& username) {
    auto user = services_->users.FindByUsername(username);
    EXPECT_TRUE(user.ok()) << username;
    access::Principal p;
    p.user_id = user->id;
    p.roles = user->roles;
    auto token = services_->auth.CreateApiToken(p, "test", "");
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    Session s;
    s.bearer = token->second;
    s.user_id = user->id;
    return s;
  }

  std::unique_ptr<Clock> clock_holder_;
  SecureRandom random_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
  std::mutex log_mu_;
  std::vector<http::AccessRecord> access_log_;
};

// The API fixture on a fake clock that starts at noon on Monday 5 January 2026, for tests that
// move time by days.
class DatedApiTest : public ApiTest {
 protected:
  std::unique_ptr<Clock> MakeClock() override {
    auto c = std::make_unique<FakeClock>(At("2026-01-05T12:00:00.000Z"));  // a Monday
    fake_ = c.get();
    return c;
  }

  // Moves the clock to 10:00 UTC on `date`.
  void Today(const std::string& date) {
    const TimePoint target = At(date + "T10:00:00.000Z");
    fake_->Advance(std::chrono::duration_cast<std::chrono::milliseconds>(target - fake_->Now()));
  }

  FakeClock* fake_ = nullptr;
};

}  // namespace haven::test
