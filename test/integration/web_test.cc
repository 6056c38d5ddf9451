// The web pages over a real server, on SQLite and PostgreSQL: signing in, sessions, CSRF, the
// Content-Security-Policy, forms that refuse bad input without storing anything, "check your
// answers" before saving, record access checked and logged, and the assets.

#include "web/web.h"

#include <filesystem>
#include <fstream>

#include "support/api_fixture.h"

namespace haven::test {
namespace {

const std::map<std::string, std::string> kForm = {
    {"Content-Type", "application/x-www-form-urlencoded"}};

// The text between `before` and the next `until` after it in `s`, or "" if `before` is absent.
std::string Between(const std::string& s, const std::string& before, char until) {
  const size_t at = s.find(before);
  if (at == std::string::npos) return "";
  const size_t from = at + before.size();
  return s.substr(from, s.find(until, from) - from);
}

// True if some <script> tag has no src attribute (an inline script).
bool HasInlineScript(const std::string& html) {
  for (size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1)) {
    const std::string tag = html.substr(at, html.find('>', at) - at);
    if (tag.find(" src=") == std::string::npos) return true;
  }
  return false;
}

std::string Encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class WebTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    assets_ = std::filesystem::temp_directory_path() /
              ("haven-web-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_));
    std::filesystem::create_directories(assets_ / "images");
    std::ofstream(assets_ / "haven.css") << "body{color:#0b0c0c}";
    std::ofstream(assets_ / "images" / "x.svg") << "<svg/>";
    ASSERT_EQ(services_->EnableWeb(assets_.string(), {}), 2u);
  }
  void TearDown() override {
    ApiTest::TearDown();
    std::error_code ec;
    if (!assets_.empty()) std::filesystem::remove_all(assets_, ec);
  }

  // A page with the session's cookie; a form post adds the session's CSRF token unless
  // `csrf` is given.
  HttpReply Get(const Session& s, const std::string& path) {
    return Send(port_, "GET", path, "", {{"Cookie", s.cookie}});
  }
  HttpReply Post(const Session& s, const std::string& path,
                 std::vector<std::pair<std::string, std::string>> fields,
                 std::optional<std::string> csrf = std::nullopt) {
    std::string body = "csrf_token=" + Encode(csrf.value_or(s.csrf));
    for (const auto& [k, v] : fields) body += "&" + Encode(k) + "=" + Encode(v);
    auto headers = kForm;
    headers["Cookie"] = s.cookie;
    return Send(port_, "POST", path, body, headers);
  }

  int64_t Count(const std::string& sql, std::vector<storage::Value> args = {}) {
    auto r = storage::QueryOnce(*store_, sql, args);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->rows.at(0).Int(0) : -1;
  }
  int64_t TeamOf(const std::string& username) {
    return Count("SELECT team_id FROM users WHERE username = ?", {username});
  }
  int64_t UserId(const std::string& username) {
    return Count("SELECT id FROM users WHERE username = ?", {username});
  }

  // A child allocated to social.worker in the team manager's team.
  int64_t AllocatedChild(const std::string& given, const std::string& family) {
    Session manager = TokenFor("team.manager");
    auto made = Call(manager, "POST", "/api/v1/people",
                     Json{{"service_area_id", AreaId("CMARAS")},
                          {"given_name", given},
                          {"family_name", family},
                          {"date_of_birth", "2017-05-04"},
                          {"sex", "M"}}
                         .dump());
    EXPECT_EQ(made.status, 201) << made.body;
    const int64_t id = Json::parse(made.body).value("id", int64_t{0});
    auto alloc = Call(manager, "POST", "/api/v1/people/" + std::to_string(id) + "/allocations",
                      Json{{"team_id", TeamOf("team.manager")},
                           {"worker_id", UserId("social.worker")},
                           {"start_date", "2025-01-06"},
                           {"reason", "test"}}
                          .dump());
    EXPECT_EQ(alloc.status, 201) << alloc.body;
    return id;
  }

  // Saved: a redirect to the record, or (when questionable facts were accepted) the
  // confirmation page listing them.
  static void ExpectSaved(const HttpReply& r) {
    const bool confirmed =
        r.status == 200 && r.body.find("govuk-panel--confirmation") != std::string::npos;
    EXPECT_TRUE(r.status == 303 || confirmed) << r.status << r.body.substr(0, 1500);
  }

  // Today's day, month and year as a date input holds them.
  static std::vector<std::pair<std::string, std::string>> TodayAs(const std::string& name) {
    const std::string today = FormatTimestamp(SystemClock().Now()).substr(0, 10);
    return {{name + "-day", today.substr(8, 2)},
            {name + "-month", today.substr(5, 2)},
            {name + "-year", today.substr(0, 4)}};
  }

  std::filesystem::path assets_;
};

TEST_P(WebTest, AVisitorWithoutASessionIsSentToSignIn) {
  for (const char* path : {"/", "/search", "/children/1", "/team", "/admin"}) {
    auto r = Send(port_, "GET", path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.headers["location"], "/sign-in") << path;
  }
  auto forged = Send(port_, "GET", "/", "", {{"Cookie", "haven_session=not-a-session"}});
  EXPECT_EQ(forged.status, 303);
}

TEST_P(WebTest, SigningInByTheFormNeedsItsTokenAndGivesASecureSession) {
  auto page = Send(port_, "GET", "/sign-in");
  ASSERT_EQ(page.status, 200);
  const std::string token = Between(page.body, "name=\"csrf_token\" value=\"", '"');
  ASSERT_FALSE(token.empty()) << page.body;
  EXPECT_NE(page.headers["set-cookie"].find("haven_sign_in=" + token), std::string::npos);
  EXPECT_NE(page.headers["set-cookie"].find("HttpOnly; Secure; SameSite=Strict"),
            std::string::npos);

  const std::string good = "csrf_token=" + token + "&username=social.worker&password=" + kPassword;
  // Without the cookie that matches the form (another site posting the form): refused.
  auto forged = Send(port_, "POST", "/sign-in", good, kForm);
  EXPECT_EQ(forged.status, 400);
  EXPECT_EQ(forged.headers.count("set-cookie") &&
                forged.headers["set-cookie"].find("haven_session=") == 0,
            false);
  auto headers = kForm;
  headers["Cookie"] = "haven_sign_in=" + token;
  // A wrong password: the same words whoever the user is, and no session.
  auto wrong = Send(port_, "POST", "/sign-in",
                    "csrf_token=" + token + "&username=social.worker&password=nope", headers);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("Enter a correct username and password"), std::string::npos);
  EXPECT_NE(wrong.body.find("<title>Error: Sign in"), std::string::npos);
  auto empty =
      Send(port_, "POST", "/sign-in", "csrf_token=" + token + "&username=&password=", headers);
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("href=\"#username\">Enter your username"), std::string::npos);
  EXPECT_NE(empty.body.find("href=\"#password\">Enter your password"), std::string::npos);

  // Both cookies come back: the session set, the sign-in token cleared.
  std::string raw =
      "POST /sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nCookie: haven_sign_in=" +
      token + "\r\nContent-Length: " + std::to_string(good.size()) + "\r\n\r\n" + good;
  const std::string reply = SendRaw(port_, raw);
  EXPECT_NE(reply.find("HTTP/1.1 303"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Location: /\r\n"), std::string::npos);
  const std::string session = Between(reply, "Set-Cookie: haven_session=", ';');
  ASSERT_FALSE(session.empty()) << reply;
  const std::string line = Between(reply, "Set-Cookie: haven_session=", '\r');
  EXPECT_NE(line.find("; Path=/; Max-Age="), std::string::npos) << line;
  EXPECT_TRUE(line.ends_with("; HttpOnly; Secure; SameSite=Strict")) << line;
  EXPECT_NE(reply.find("Set-Cookie: haven_sign_in=; Path=/sign-in; Max-Age=0"), std::string::npos);
  auto home = Send(port_, "GET", "/", "", {{"Cookie", "haven_session=" + session}});
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("Signed in as <strong>Demo Social Worker</strong>"), std::string::npos);
}

TEST_P(WebTest, PagesHaveAStrictContentSecurityPolicyAndNoInlineScriptOrStyle) {
  Session s = SignIn("social.worker");
  const int64_t child = AllocatedChild("Arlo", "Bennett");
  for (const std::string& path :
       {std::string("/"), std::string("/search"), "/children/" + std::to_string(child),
        "/children/" + std::to_string(child) + "/chronology",
        "/children/" + std::to_string(child) + "/new/case-notes", std::string("/sign-in")}) {
    auto r = path == "/sign-in" ? Send(port_, "GET", path) : Get(s, path);
    ASSERT_EQ(r.status, 200) << path << r.body.substr(0, 400);
    EXPECT_EQ(r.headers["content-security-policy"], web::PageContentSecurityPolicy()) << path;
    EXPECT_EQ(r.headers["content-security-policy"].find("unsafe"), std::string::npos);
    EXPECT_EQ(r.headers["x-frame-options"], "DENY");
    EXPECT_EQ(r.headers["cache-control"], "no-store") << path;
    EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
    EXPECT_FALSE(HasInlineScript(r.body)) << path;
    EXPECT_EQ(r.body.find(" style=\""), std::string::npos) << path;
    EXPECT_EQ(r.body.find(" onclick="), std::string::npos) << path;
  }
  // The API keeps its own, stricter policy.
  auto api = Call(s, "GET", "/api/v1/me");
  EXPECT_EQ(api.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
}

TEST_P(WebTest, AFormWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing) {
  Session s = SignIn("social.worker");
  const int64_t child = AllocatedChild("Esme", "Holt");
  const std::string path = "/children/" + std::to_string(child) + "/new/case-notes";
  const std::vector<std::pair<std::string, std::string>> note = {
      {"step", "save"},          {"note_type", "home_visit"}, {"event_date-day", "2"},
      {"event_date-month", "1"}, {"event_date-year", "2026"}, {"subject", "Home visit"},
      {"body", "Saw the child."}};
  for (const std::string& token : {std::string(""), std::string("wrong-token")}) {
    auto r = Post(s, path, note, token);
    EXPECT_EQ(r.status, 403) << r.body.substr(0, 300);
    EXPECT_NE(r.body.find("This form has expired"), std::string::npos);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_notes WHERE person_id = ?", {child}), 0);
  auto sign_out = Post(s, "/sign-out", {}, "wrong");
  EXPECT_EQ(sign_out.status, 403);
  EXPECT_EQ(Get(s, "/").status, 200) << "the session is still signed in";
}

TEST_P(WebTest, AStepFormWithABadDateNamesTheFieldAndStoresNothing) {
  Session s = SignIn("social.worker");
  const int64_t child = AllocatedChild("Isla", "Frost");
  const std::string path = "/children/" + std::to_string(child) + "/new/case-notes";
  auto r = Post(s, path,
                {{"step", "check"},
                 {"note_type", "home_visit"},
                 {"event_date-day", "30"},
                 {"event_date-month", "2"},
                 {"event_date-year", "2026"},
                 {"subject", "<script>alert(1)</script>"},
                 {"body", "Saw the child."}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<title>Error: "), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#event_date-day\">"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("must be a real date"), std::string::npos);
  // What was typed comes back, escaped.
  EXPECT_NE(r.body.find("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), std::string::npos);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_notes WHERE person_id = ?", {child}), 0);
  // An unknown code: refused by the record's own check, naming the field.
  auto bad_code = Post(s, path,
                       {{"step", "check"},
                        {"note_type", "nonsense"},
                        {"event_date-day", "2"},
                        {"event_date-month", "1"},
                        {"event_date-year", "2026"},
                        {"subject", "x"},
                        {"body", "y"}});
  EXPECT_EQ(bad_code.status, 400);
  EXPECT_NE(bad_code.body.find("href=\"#note_type\">"), std::string::npos) << bad_code.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_notes WHERE person_id = ?", {child}), 0);
}

TEST_P(WebTest, CheckYourAnswersComesBeforeAnythingIsSaved) {
  Session s = SignIn("social.worker");
  const int64_t child = AllocatedChild("Noah", "Pike");
  const std::string path = "/children/" + std::to_string(child) + "/new/case-notes";
  std::vector<std::pair<std::string, std::string>> note = {
      {"note_type", "home_visit"}, {"subject", "Home visit"}, {"body", "Saw the child."}};
  for (const auto& part : TodayAs("event_date")) note.push_back(part);
  auto check = note;
  check.emplace_back("step", "check");
  auto r = Post(s, path, check);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_NE(r.body.find("Check your answers"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"subject\" value=\"Home visit\""), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_notes WHERE person_id = ?", {child}), 0);
  auto save = note;
  save.emplace_back("step", "save");
  auto saved = Post(s, path, save);
  EXPECT_EQ(saved.status, 303) << saved.body.substr(0, 500);
  EXPECT_EQ(saved.headers["location"],
            "/children/" + std::to_string(child) + "/notes?saved=case_note");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_notes WHERE person_id = ?", {child}), 1);
  auto tab = Get(s, saved.headers["location"]);
  EXPECT_NE(tab.body.find("Case note saved."), std::string::npos);
  EXPECT_NE(tab.body.find("Saw the child."), std::string::npos);
}

TEST_P(WebTest, SearchTakesItsTermsFromTheBodyNeverFromTheAddress) {
  Session s = SignIn("social.worker");
  const int64_t child = AllocatedChild("Freya", "Whitlock");
  const std::string link = "href=\"/children/" + std::to_string(child) + "\"";
  auto by_url = Get(s, "/search?name=Freya+Whitlock");
  EXPECT_EQ(by_url.status, 200);
  EXPECT_EQ(by_url.body.find(link), std::string::npos) << "a GET never searches";
  auto misspelt = Post(s, "/search", {{"name", "Freya Whitlok"}});
  EXPECT_EQ(misspelt.status, 200);
  EXPECT_NE(misspelt.body.find(link), std::string::npos) << misspelt.body.substr(0, 2000);
  auto nothing = Post(s, "/search", {{"name", ""}});
  EXPECT_EQ(nothing.status, 400);
  EXPECT_NE(nothing.body.find("href=\"#name\">Enter a name"), std::string::npos);
  auto bad_date = Post(s, "/search",
                       {{"name", "Freya"},
                        {"date_of_birth-day", "40"},
                        {"date_of_birth-month", "1"},
                        {"date_of_birth-year", "2017"}});
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_NE(bad_date.body.find("href=\"#date_of_birth-day\">Date of birth must be a real date"),
            std::string::npos);
}

TEST_P(WebTest, OpeningAChildsRecordIsCheckedAndLogged) {
  const int64_t child = AllocatedChild("Reuben", "Marsh");
  Session worker = SignIn("social.worker");
  const int64_t before =
      Count("SELECT COUNT(*) FROM access_log WHERE record_id = ? AND action = 'read'", {child});
  auto page = Get(worker, "/children/" + std::to_string(child));
  EXPECT_EQ(page.status, 200);
  EXPECT_GT(Count("SELECT COUNT(*) FROM access_log WHERE record_id = ? AND action = 'read' "
                  "AND actor_id = ?",
                  {child, UserId("social.worker")}),
            before);
  // Recently viewed on My work.
  auto home = Get(worker, "/");
  EXPECT_NE(home.body.find("Reuben Marsh</a>, born 4 May 2017"), std::string::npos);
  // A worker in another team is refused, and the refusal is logged.
  Session other = SignIn("agency.worker");
  auto refused = Get(other, "/children/" + std::to_string(child));
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("You cannot see or do this"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log WHERE record_id = ? AND action = 'refused' "
                  "AND actor_id = ?",
                  {child, UserId("agency.worker")}),
            1);
  EXPECT_EQ(Get(worker, "/children/999999").status, 404);
  EXPECT_EQ(Get(worker, "/children/abc").status, 404);
  EXPECT_EQ(Get(worker, "/children/" + std::to_string(child) + "/no-such-tab").status, 404);
}

TEST_P(WebTest, OnlyAManagerCanAuthoriseAndTheAuthorisationIsRecorded) {
  const int64_t child = AllocatedChild("Mabel", "Gray");
  Session manager = TokenFor("team.manager");
  auto contact = Call(manager, "POST", "/api/v1/contacts",
                      Json{{"person_id", child},
                           {"received_at", "2026-01-05T09:00"},
                           {"source", "2A"},
                           {"referrer_name", "School"},
                           {"concerns", "Worried"}}
                          .dump());
  ASSERT_EQ(contact.status, 201) << contact.body;
  const int64_t contact_id = Json::parse(contact.body).value("id", int64_t{0});
  Session worker = SignIn("social.worker");
  const std::string base = "/children/" + std::to_string(child);
  auto referral = Post(worker, base + "/new/referrals",
                       {{"step", "save"},
                        {"contact_id", std::to_string(contact_id)},
                        {"team_id", std::to_string(TeamOf("team.manager"))},
                        {"referral_date-day", "6"},
                        {"referral_date-month", "1"},
                        {"referral_date-year", "2026"},
                        {"source", "2A"},
                        {"primary_need", "N1"}});
  ExpectSaved(referral);
  const int64_t referral_id = Count("SELECT id FROM referrals WHERE person_id = ?", {child});
  auto assessment = Post(worker, base + "/new/assessments",
                         {{"step", "save"},
                          {"referral_id", std::to_string(referral_id)},
                          {"start_date-day", "7"},
                          {"start_date-month", "1"},
                          {"start_date-year", "2026"},
                          {"child_seen_date-day", "8"},
                          {"child_seen_date-month", "1"},
                          {"child_seen_date-year", "2026"},
                          {"completed_date-day", "20"},
                          {"completed_date-month", "1"},
                          {"completed_date-year", "2026"},
                          {"outcome", "cin_plan"}});
  ExpectSaved(assessment);
  const int64_t id = Count("SELECT id FROM assessments WHERE person_id = ?", {child});
  auto as_worker = Get(worker, base + "/assessments");
  EXPECT_NE(as_worker.body.find("Awaiting authorisation"), std::string::npos);
  EXPECT_EQ(as_worker.body.find("/authorise\""), std::string::npos);
  const std::string authorise = base + "/steps/assessments/" + std::to_string(id) + "/authorise";
  auto refused = Post(worker, authorise, {{"version", "1"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM assessments WHERE id = ? AND authorised_by IS NOT NULL", {id}),
      0);
  Session boss = SignIn("team.manager");
  auto as_manager = Get(boss, base + "/assessments");
  EXPECT_NE(as_manager.body.find("action=\"" + authorise + "\""), std::string::npos);
  auto done = Post(boss, authorise, {{"version", "1"}});
  EXPECT_EQ(done.status, 303) << done.body.substr(0, 800);
  EXPECT_EQ(Count("SELECT authorised_by FROM assessments WHERE id = ?", {id}),
            UserId("team.manager"));
  // A stale version (someone changed it meanwhile) is refused, not applied twice.
  auto again = Post(boss, authorise, {{"version", "1"}});
  EXPECT_NE(again.status, 303);
}

TEST_P(WebTest, AssetsAreServedWithAnEtagAndCachedUntilTheyChange) {
  auto css = Send(port_, "GET", "/assets/haven.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{color:#0b0c0c}");
  EXPECT_EQ(css.headers["content-type"], "text/css; charset=utf-8");
  EXPECT_EQ(css.headers["cache-control"], "public, max-age=86400");
  ASSERT_FALSE(css.headers["etag"].empty());
  auto again =
      Send(port_, "GET", "/assets/haven.css", "", {{"If-None-Match", css.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Send(port_, "GET", "/assets/images/x.svg").headers["content-type"], "image/svg+xml");
  EXPECT_EQ(Send(port_, "GET", "/assets/nothing.js").status, 404);
  EXPECT_EQ(Send(port_, "GET", "/assets/..%2Fhaven.db").status, 404);
}

TEST_P(WebTest, AllocatingFromTheTeamPageNeedsAWorkerAndADate) {
  Session manager = SignIn("team.manager");
  Session token = TokenFor("team.manager");
  auto made = Call(token, "POST", "/api/v1/people",
                   Json{{"service_area_id", AreaId("CMARAS")},
                        {"given_name", "Ada"},
                        {"family_name", "Quill"},
                        {"date_of_birth", "2018-02-02"},
                        {"sex", "F"}}
                       .dump());
  const int64_t child = Json::parse(made.body).value("id", int64_t{0});
  const std::string path =
      "/team/allocate/" + std::to_string(child) + "?team=" + std::to_string(TeamOf("team.manager"));
  auto form = Get(manager, path);
  ASSERT_EQ(form.status, 200) << form.body.substr(0, 500);
  EXPECT_NE(form.body.find("Demo Social Worker"), std::string::npos);
  auto missing = Post(manager, path, {{"reason", "New case"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("href=\"#worker_id\">Choose the social worker"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM allocations WHERE person_id = ?", {child}), 0);
  auto done = Post(manager, path,
                   {{"worker_id", std::to_string(UserId("social.worker"))},
                    {"start_date-day", "5"},
                    {"start_date-month", "1"},
                    {"start_date-year", "2026"},
                    {"reason", "New case"}});
  EXPECT_EQ(done.status, 303) << done.body.substr(0, 800);
  EXPECT_EQ(
      Count("SELECT worker_id FROM allocations WHERE person_id = ? AND end_date IS NULL", {child}),
      UserId("social.worker"));
  Session worker = SignIn("social.worker");
  EXPECT_EQ(Get(worker, "/team").status, 403) << "a social worker does not allocate";
}

TEST_P(WebTest, AdministratorsChangeUsersWithAReasonButNeverDisableThemselves) {
  Session admin = SignIn("admin");
  const int64_t me = UserId("admin");
  const int64_t worker = UserId("agency.worker");
  auto own = Post(admin, "/admin/users/" + std::to_string(me),
                  {{"display_name", "Demo Administrator"},
                   {"roles", "administrator"},
                   {"status", "disabled"},
                   {"reason", "testing"}});
  EXPECT_EQ(own.status, 400);
  EXPECT_NE(own.body.find("href=\"#status\">You cannot disable your own account"),
            std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE id = ? AND status = 'active'", {me}), 1);
  const std::string path = "/admin/users/" + std::to_string(worker);
  auto no_reason =
      Post(admin, path,
           {{"display_name", "Agency Worker"}, {"roles", "social_worker"}, {"status", "disabled"}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("href=\"#reason\">Give the reason"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE id = ? AND status = 'active'", {worker}), 1);
  auto done = Post(admin, path,
                   {{"display_name", "Agency Worker"},
                    {"roles", "social_worker"},
                    {"status", "disabled"},
                    {"reason", "Contract ended"}});
  EXPECT_EQ(done.status, 303) << done.body.substr(0, 800);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE id = ? AND status = 'disabled'", {worker}), 1);
  Session manager = SignIn("team.manager");
  EXPECT_EQ(Get(manager, "/admin").status, 403);
  EXPECT_EQ(Get(manager, path).status, 403);
  EXPECT_EQ(Get(admin, "/admin/users/999999").status, 404);
}

TEST_P(WebTest, PerformanceShowsEveryMeasureWithItsChartAndTheChildrenBehindAFigure) {
  services_->mi.Configure({10000, 24});
  const int64_t child = AllocatedChild("Nell", "Ashworth");
  Session performance = SignIn("performance");
  auto dashboard = Get(performance, "/performance");
  ASSERT_EQ(dashboard.status, 200) << dashboard.body.substr(0, 400);
  EXPECT_EQ(dashboard.headers["content-security-policy"], web::PageContentSecurityPolicy());
  EXPECT_FALSE(HasInlineScript(dashboard.body));
  EXPECT_EQ(dashboard.body.find(" style=\""), std::string::npos);
  for (const auto& m : reporting::Measures()) {
    EXPECT_NE(dashboard.body.find("/performance/measures/" + m.id), std::string::npos) << m.id;
  }
  EXPECT_NE(dashboard.body.find("<svg class=\"haven-chart haven-chart--small\""),
            std::string::npos);
  // One measure: its definition, a chart with England's line, and the list behind the figure.
  auto page = Get(performance, "/performance/measures/unallocated");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 400);
  EXPECT_NE(page.body.find("Children with an open CIN episode"), std::string::npos);
  auto re = Get(performance, "/performance/measures/re_referrals");
  EXPECT_NE(re.body.find("haven-chart__benchmark"), std::string::npos);
  EXPECT_NE(re.body.find("England 22.6%"), std::string::npos);
  // The allocated child has no open referral: no one is behind "unallocated".
  EXPECT_EQ(page.body.find("/children/" + std::to_string(child)), std::string::npos);
  // Bad filters and months name the field; unknown measures do not exist; others may not look.
  auto bad = Get(performance, "/performance?team=abc");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("team"), std::string::npos);
  EXPECT_EQ(Get(performance, "/performance/measures/cp_rate?month=1999-01").status, 400);
  EXPECT_EQ(Get(performance, "/performance/measures/no_such").status, 404);
  EXPECT_EQ(Get(SignIn("social.worker"), "/performance").status, 403);
  auto csv = Get(performance, "/performance/export.csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
}

// The Annex A page asks for the inspection date, shows the GOV.UK error summary for a bad one,
// and sends a good one to the download, whose URL holds only the date.
TEST_P(WebTest, AnnexAPageAsksForTheDateAndDownloadsTheWorkbook) {
  Session officer = SignIn("performance");
  auto page = Get(officer, "/annex-a");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 400);
  EXPECT_NE(page.body.find("name=\"date-day\""), std::string::npos);
  auto bad =
      Post(officer, "/annex-a", {{"date-day", "31"}, {"date-month", "2"}, {"date-year", "2026"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(bad.body.find("href=\"#date-day\""), std::string::npos) << bad.body;
  auto future =
      Post(officer, "/annex-a", {{"date-day", "1"}, {"date-month", "1"}, {"date-year", "2999"}});
  EXPECT_EQ(future.status, 400);
  EXPECT_NE(future.body.find("today or in the past"), std::string::npos);
  auto good =
      Post(officer, "/annex-a", {{"date-day", "15"}, {"date-month", "6"}, {"date-year", "2026"}});
  ASSERT_EQ(good.status, 303) << good.body.substr(0, 400);
  EXPECT_EQ(good.headers["location"], "/annex-a/download?date=2026-06-15");
  auto file = Get(officer, "/annex-a/download?date=2026-06-15");
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(file.body.substr(0, 2), "PK");
  auto typed = Get(officer, "/annex-a/download?date=not-a-date");
  EXPECT_EQ(typed.status, 400);
  EXPECT_NE(typed.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_EQ(Get(SignIn("social.worker"), "/annex-a").status, 403);
  EXPECT_EQ(Get(SignIn("social.worker"), "/annex-a/download?date=2026-06-15").status, 403);
}

TEST_P(WebTest, ACommissionerSetsAContractsTargetsAndTheScorecardGradesEachMonth) {
  services_->mi.Configure({10000, 24});
  const int64_t trust = Count("SELECT id FROM organisations WHERE kind = 'trust' ORDER BY id");
  const int64_t council =
      Count("SELECT id FROM organisations WHERE kind IN ('council', 'commissioner') ORDER BY id");
  ASSERT_GT(trust, 0);
  ASSERT_GT(council, 0);
  Session commissioner = SignIn("commissioner");
  // Bad input names the field and stores nothing.
  auto bad = Post(commissioner, "/performance/scorecard",
                  {{"name", ""},
                   {"provider_id", std::to_string(trust)},
                   {"commissioner_id", std::to_string(council)},
                   {"start_date-day", "31"},
                   {"start_date-month", "2"},
                   {"start_date-year", "2025"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(bad.body.find("#start_date"), std::string::npos) << "the date is named";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 0);
  auto same = Post(commissioner, "/performance/scorecard",
                   {{"name", "Children's services"},
                    {"provider_id", std::to_string(trust)},
                    {"commissioner_id", std::to_string(trust)},
                    {"start_date-day", "1"},
                    {"start_date-month", "4"},
                    {"start_date-year", "2025"}});
  EXPECT_EQ(same.status, 400);
  EXPECT_NE(same.body.find("#provider_id"), std::string::npos);
  auto made = Post(commissioner, "/performance/scorecard",
                   {{"name", "Children's services"},
                    {"provider_id", std::to_string(trust)},
                    {"commissioner_id", std::to_string(council)},
                    {"start_date-day", "1"},
                    {"start_date-month", "4"},
                    {"start_date-year", "2025"}});
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 600);
  const std::string card = made.headers["location"];
  // A target that is not a number, or a measure that does not exist, is refused by name.
  auto nan = Post(commissioner, card, {{"measure", "re_referrals"}, {"target", "twenty"}});
  EXPECT_EQ(nan.status, 400);
  EXPECT_NE(nan.body.find("#target"), std::string::npos);
  auto unknown = Post(commissioner, card, {{"measure", "nope"}, {"target", "20"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("#measure"), std::string::npos);
  auto negative = Post(commissioner, card,
                       {{"measure", "re_referrals"}, {"target", "20"}, {"tolerance", "-1"}});
  EXPECT_NE(negative.body.find("#tolerance"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contract_targets"), 0);
  EXPECT_EQ(
      Post(commissioner, card, {{"measure", "re_referrals"}, {"target", "20"}, {"tolerance", "2"}})
          .status,
      303);
  EXPECT_EQ(
      Post(commissioner, card, {{"measure", "unallocated"}, {"target", "0"}, {"tolerance", "5"}})
          .status,
      303);
  // Setting the same measure again changes its target.
  EXPECT_EQ(
      Post(commissioner, card, {{"measure", "unallocated"}, {"target", "1"}, {"tolerance", "5"}})
          .status,
      303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contract_targets"), 2);
  auto page = Get(commissioner, card);
  ASSERT_EQ(page.status, 200);
  // No child is unallocated in the demo authority: at or under the target of 1, green.
  EXPECT_NE(page.body.find("green: 0"), std::string::npos) << page.body.substr(0, 3000);
  // The board pack, and who may see and change it.
  auto pack = Get(commissioner, card + "/board-pack");
  ASSERT_EQ(pack.status, 200);
  for (const char* part : {"Board pack", "Scorecard", "Trends", "Workforce", "Placement spend"}) {
    EXPECT_NE(pack.body.find(part), std::string::npos) << part;
  }
  Session performance = SignIn("performance");
  EXPECT_EQ(Get(performance, card).status, 200);
  EXPECT_EQ(Post(performance, card, {{"measure", "re_referrals"}, {"target", "1"}}).status, 403);
  EXPECT_EQ(Get(SignIn("social.worker"), card).status, 403);
  EXPECT_EQ(Get(commissioner, "/performance/scorecard/999999").status, 404);
  // Printed to PDF by chromium where it is installed (as the browser tests install it).
  auto pdf = Get(commissioner, card + "/board-pack.pdf");
  if (std::filesystem::exists("/usr/bin/chromium")) {
    ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
    EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  } else {
    EXPECT_EQ(pdf.status, 503);
  }
}

TEST_P(WebTest, AManagerSetsTheTeamsEstablishmentAndRecordsSicknessWithChecksOnEveryForm) {
  const int64_t team = Count("SELECT id FROM teams WHERE code = 'CIN-CP-1'");
  const int64_t other = Count("SELECT id FROM teams WHERE code = 'CIN-CP-2'");
  const std::string worker =
      std::to_string(Count("SELECT id FROM users WHERE username = 'social.worker'"));
  const std::string page = "/workforce/teams/" + std::to_string(team);
  Session manager = SignIn("team.manager");
  // The manager's Workforce is their own team's page.
  auto overview = Get(manager, "/workforce");
  EXPECT_EQ(overview.status, 303);
  EXPECT_EQ(overview.headers["location"], page);
  auto mine = Get(manager, page);
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("Not recorded: the team is left out of the vacancy rate"),
            std::string::npos);
  EXPECT_NE(mine.body.find("Demo Social Worker"), std::string::npos);
  EXPECT_EQ(Get(manager, "/workforce/teams/" + std::to_string(other)).status, 403);
  EXPECT_EQ(Get(SignIn("social.worker"), page).status, 403);

  // Bad establishment: an impossible date, then posts that are not a number. Nothing stored.
  auto bad_date = Post(manager, page + "/establishment",
                       {{"effective_from-day", "30"},
                        {"effective_from-month", "2"},
                        {"effective_from-year", "2025"},
                        {"social_worker_fte", "4"}});
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_NE(bad_date.body.find("#effective_from"), std::string::npos);
  auto bad_posts = Post(manager, page + "/establishment",
                        {{"effective_from-day", "1"},
                         {"effective_from-month", "1"},
                         {"effective_from-year", "2025"},
                         {"social_worker_fte", "four"}});
  EXPECT_EQ(bad_posts.status, 400);
  EXPECT_NE(bad_posts.body.find("href=\"#social_worker_fte\""), std::string::npos);
  EXPECT_NE(bad_posts.body.find("value=\"four\""), std::string::npos) << "kept as typed";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM team_establishment"), 0);
  auto set = Post(manager, page + "/establishment",
                  {{"effective_from-day", "1"},
                   {"effective_from-month", "1"},
                   {"effective_from-year", "2025"},
                   {"social_worker_fte", "4"}});
  ASSERT_EQ(set.status, 303) << set.body.substr(0, 800);
  auto after = Get(manager, set.headers["location"]);
  EXPECT_NE(after.body.find("Establishment set"), std::string::npos);
  EXPECT_NE(after.body.find("4 FTE social worker posts"), std::string::npos);

  // Sickness: no one chosen, then a last day before the first. Nothing stored.
  auto nobody = Post(manager, page + "/sickness",
                     {{"user_id", ""},
                      {"start_date-day", "1"},
                      {"start_date-month", "12"},
                      {"start_date-year", "2025"}});
  EXPECT_EQ(nobody.status, 400);
  EXPECT_NE(nobody.body.find("#user_id"), std::string::npos);
  auto backwards = Post(manager, page + "/sickness",
                        {{"user_id", worker},
                         {"start_date-day", "3"},
                         {"start_date-month", "12"},
                         {"start_date-year", "2025"},
                         {"end_date-day", "1"},
                         {"end_date-month", "12"},
                         {"end_date-year", "2025"}});
  EXPECT_EQ(backwards.status, 400);
  EXPECT_NE(backwards.body.find("#end_date-day"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sickness_absences"), 0);
  auto sick = Post(manager, page + "/sickness",
                   {{"user_id", worker},
                    {"start_date-day", "1"},
                    {"start_date-month", "12"},
                    {"start_date-year", "2025"}});
  ASSERT_EQ(sick.status, 303) << sick.body.substr(0, 800);
  const int64_t spell = Count("SELECT id FROM sickness_absences");
  const std::string spell_path = "/workforce/sickness/" + std::to_string(spell);
  auto listed = Get(manager, page);
  EXPECT_NE(listed.body.find("Still off"), std::string::npos);
  EXPECT_NE(listed.body.find(spell_path + "/end"), std::string::npos);
  // The return, then withdrawing it: a confirmation page first, and a reason is needed.
  auto back = Post(manager, spell_path + "/end",
                   {{"version", "1"},
                    {"end_date-day", "3"},
                    {"end_date-month", "12"},
                    {"end_date-year", "2025"}});
  ASSERT_EQ(back.status, 303) << back.body.substr(0, 800);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sickness_absences WHERE end_date = '2025-12-03'"), 1);
  auto confirm = Get(manager, spell_path + "/withdraw");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find("Are you sure you want to withdraw this sickness?"),
            std::string::npos);
  EXPECT_EQ(Count("SELECT active FROM sickness_absences"), 1) << "asking changes nothing";
  auto no_reason = Post(manager, spell_path + "/withdraw", {{"version", "2"}, {"reason", ""}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("#reason"), std::string::npos);
  EXPECT_EQ(
      Post(manager, spell_path + "/withdraw", {{"version", "2"}, {"reason", "not sick"}}).status,
      303);
  EXPECT_EQ(Count("SELECT active FROM sickness_absences"), 0);

  // Another team's forms are refused to this manager, and nothing changes: the director records
  // the agency worker's sickness in the other team, and the manager cannot end or withdraw it.
  Session director = SignIn("director");
  const std::string other_page = "/workforce/teams/" + std::to_string(other);
  const std::string agency =
      std::to_string(Count("SELECT id FROM users WHERE username = 'agency.worker'"));
  ASSERT_EQ(Post(director, other_page + "/sickness",
                 {{"user_id", agency},
                  {"start_date-day", "1"},
                  {"start_date-month", "12"},
                  {"start_date-year", "2025"}})
                .status,
            303);
  const std::string theirs =
      "/workforce/sickness/" +
      std::to_string(Count("SELECT id FROM sickness_absences WHERE user_id = " + agency));
  EXPECT_EQ(Post(manager, other_page + "/establishment",
                 {{"effective_from-day", "1"},
                  {"effective_from-month", "1"},
                  {"effective_from-year", "2025"},
                  {"social_worker_fte", "9"}})
                .status,
            403);
  EXPECT_EQ(Post(manager, other_page + "/sickness",
                 {{"user_id", agency},
                  {"start_date-day", "2"},
                  {"start_date-month", "11"},
                  {"start_date-year", "2025"}})
                .status,
            403);
  EXPECT_EQ(Post(manager, theirs + "/end",
                 {{"version", "1"},
                  {"end_date-day", "3"},
                  {"end_date-month", "12"},
                  {"end_date-year", "2025"}})
                .status,
            403);
  EXPECT_EQ(Post(manager, theirs + "/withdraw", {{"version", "1"}, {"reason", "x"}}).status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM team_establishment WHERE team_id = " +
                  std::to_string(other)),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sickness_absences WHERE user_id = " + agency +
                  " AND active = 1 AND end_date IS NULL"),
            1);

  // The director sees every team, with the figures.
  auto all = Get(director, "/workforce");
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find(page), std::string::npos);
  EXPECT_NE(all.body.find("/workforce/teams/" + std::to_string(other)), std::string::npos);
  Session performance = SignIn("performance");
  EXPECT_EQ(Get(performance, "/workforce").status, 403);
  // A performance officer sees the sickness figure with the staff behind it counted, not named.
  auto sickness = Get(performance, "/performance/measures/sickness_absence");
  ASSERT_EQ(sickness.status, 200);
  EXPECT_NE(sickness.body.find("more staff are behind this figure"), std::string::npos);
  EXPECT_EQ(sickness.body.find("Demo Social Worker"), std::string::npos);
  auto named = Get(director, "/performance/measures/sickness_absence");
  EXPECT_NE(named.body.find("Demo Social Worker"), std::string::npos);
}

HAVEN_INSTANTIATE_BACKENDS(WebTest);

}  // namespace
}  // namespace haven::test
