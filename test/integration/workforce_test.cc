// The workforce behind the vacancy and sickness measures, through the API on SQLite and
// PostgreSQL: a team manager sets the team's establishment and records sickness, and the figures
// and the lists behind them follow at the next look; bad input is refused naming the field with
// nothing stored; each role may do only what it should.
#include <gtest/gtest.h>

#include "support/api_fixture.h"

namespace haven::test {
namespace {

class WorkforceApiTest : public DatedApiTest {
 protected:
  void SetUp() override {
    DatedApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    services_->mi.Configure({10000, 24});
  }

  int64_t User(const std::string& username) {
    return Count("SELECT id FROM users WHERE username = ?", {username});
  }

  Json Now(const std::string& measure) {
    const Json o = Ok(Call(TokenFor("performance"), "GET", "/api/v1/performance"));
    for (const auto& m : o["measures"]) {
      if (m["id"] == measure) return m["now"];
    }
    ADD_FAILURE() << "no measure " << measure;
    return Json::object();
  }

  std::string Path(const char* prefix, int64_t id, const char* suffix) {
    return std::string(prefix) + std::to_string(id) + suffix;
  }
};

TEST_P(WorkforceApiTest, VacanciesAndSicknessFollowWhatTheManagerRecords) {
  Session manager = TokenFor("team.manager");
  const int64_t team = TeamId("CIN-CP-1");
  // No team has an establishment yet: no vacancy rate.
  EXPECT_TRUE(Now("vacancy_rate")["value"].is_null());
  const Json set = Ok(Call(manager, "POST", Path("/api/v1/teams/", team, "/establishment"),
                           Json{{"effective_from", "2025-01-01"}, {"social_worker_fte", 4}}.dump()),
                      201);
  EXPECT_EQ(set["social_worker_fte"], 4.0);
  // Four posts; the demo social worker (permanent, full time since April 2024) holds one; the
  // team manager is not a social worker post. 3 of 4 vacant.
  Json vacancy = Now("vacancy_rate");
  EXPECT_EQ(vacancy["numerator"], 3000);
  EXPECT_EQ(vacancy["denominator"], 4000);
  EXPECT_DOUBLE_EQ(vacancy["value"].get<double>(), 75.0);
  // Set again for the same date: corrected, not doubled.
  Ok(Call(manager, "POST", Path("/api/v1/teams/", team, "/establishment"),
          Json{{"effective_from", "2025-01-01"}, {"social_worker_fte", "5.5"}}.dump()),
     201);
  EXPECT_DOUBLE_EQ(Now("vacancy_rate")["value"].get<double>(), 100.0 * 4.5 / 5.5);
  const Json team_list = Ok(
      Call(TokenFor("performance"), "GET", "/api/v1/performance/measures/vacancy_rate/children"));
  ASSERT_EQ(team_list["rows"].size(), 1u) << team_list.dump();
  EXPECT_EQ(team_list["rows"][0]["kind"], "team");
  EXPECT_EQ(team_list["rows"][0]["id"], team);
  EXPECT_EQ(team_list["rows"][0]["detail"],
            "4.5 vacancies (FTE) of 5.5 vacancies and permanent social workers (FTE)");

  // Sickness: 22 December to 2 January is ten weekdays less Christmas Day, Boxing Day and New
  // Year's Day: 7 working days. The year to today (February 2025 to 5 January 2026) has 233
  // working days, all of them in post.
  const int64_t worker = User("social.worker");
  EXPECT_EQ(Now("sickness_absence")["numerator"], 0);
  EXPECT_EQ(Now("sickness_absence")["denominator"], 233000);
  const Json spell = Ok(Call(manager, "POST", Path("/api/v1/users/", worker, "/sickness"),
                             Json{{"start_date", "2025-12-22"}, {"end_date", "2026-01-02"}}.dump()),
                        201);
  EXPECT_EQ(spell["working_days"], 7);
  EXPECT_EQ(Now("sickness_absence")["numerator"], 7000);
  // Sickness is the worker's health: named to their team's manager and to directors, each read
  // logged; counted, not named, for a performance officer or a commissioner.
  const std::string sickness_list = "/api/v1/performance/measures/sickness_absence/children";
  for (const char* reader : {"team.manager", "director"}) {
    const Json who = Ok(Call(TokenFor(reader), "GET", sickness_list));
    ASSERT_EQ(who["rows"].size(), 1u) << reader << who.dump();
    EXPECT_EQ(who["rows"][0]["kind"], "worker");
    EXPECT_EQ(who["rows"][0]["name"], "Demo Social Worker");
    EXPECT_EQ(who["rows"][0]["detail"], "7.0 days lost (FTE) of 233.0 working days in post (FTE)");
    EXPECT_EQ(who["withheld"], 0);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log WHERE entity = 'users' AND record_id = " +
                  std::to_string(worker) + " AND purpose = 'performance: sickness_absence'"),
            2);
  for (const char* reader : {"performance", "commissioner"}) {
    const Json who = Ok(Call(TokenFor(reader), "GET", sickness_list));
    EXPECT_EQ(who["rows"].size(), 0u) << reader << who.dump();
    EXPECT_EQ(who["withheld"], 1) << reader;
    EXPECT_EQ(who["figure"]["numerator"], 7000) << reader;
  }

  // Off again today, still off: one more day; then back, with today the last day.
  const Json open = Ok(Call(manager, "POST", Path("/api/v1/users/", worker, "/sickness"),
                            Json{{"start_date", "2026-01-05"}}.dump()),
                       201);
  EXPECT_TRUE(open["end_date"].is_null());
  EXPECT_EQ(Now("sickness_absence")["numerator"], 8000);
  const int64_t open_id = open["id"];
  ExpectError(Call(manager, "POST", Path("/api/v1/sickness/", open_id, "/end"),
                   Json{{"end_date", "2026-01-04"}, {"version", 1}}.dump()),
              400, "invalid_argument", "end_date");
  Ok(Call(manager, "POST", Path("/api/v1/sickness/", open_id, "/end"),
          Json{{"end_date", "2026-01-05"}, {"version", 1}}.dump()),
     204);
  // A stale version is refused.
  ExpectError(Call(manager, "POST", Path("/api/v1/sickness/", open_id, "/withdraw"),
                   Json{{"version", 1}, {"reason", "entered twice"}}.dump()),
              409, "failed_precondition", "version");
  // Withdrawn in error: gone from the figure, kept in the history.
  Ok(Call(manager, "POST", Path("/api/v1/sickness/", open_id, "/withdraw"),
          Json{{"version", 2}, {"reason", "entered in error"}}.dump()),
     204);
  EXPECT_EQ(Now("sickness_absence")["numerator"], 7000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions WHERE entity = 'sickness_absences' AND "
                  "record_id = " +
                  std::to_string(open_id)),
            3);

  const Json view = Ok(Call(manager, "GET", Path("/api/v1/teams/", team, "/workforce")));
  EXPECT_EQ(view["establishment"], 5.5);
  EXPECT_EQ(view["permanent_fte"], 1.0);
  EXPECT_EQ(view["vacancies"], 4.5);
  ASSERT_EQ(view["sickness"].size(), 1u);
  EXPECT_EQ(view["sickness"][0]["working_days"], 7);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM access_log WHERE entity = 'users' AND record_id = " +
                  std::to_string(worker) + " AND purpose = 'workforce: sickness'"),
            1);

  // Correcting the establishment against the version seen: a stale one is refused, unchanged.
  const Json row = view["history"][0];
  ASSERT_EQ(row["version"], 2);
  ExpectError(
      Call(manager, "POST", Path("/api/v1/teams/", team, "/establishment"),
           Json{{"effective_from", "2025-01-01"}, {"social_worker_fte", 6}, {"version", 1}}.dump()),
      409, "failed_precondition", "version");
  EXPECT_DOUBLE_EQ(Now("vacancy_rate")["value"].get<double>(), 100.0 * 4.5 / 5.5);
  const Json fixed = Ok(
      Call(manager, "POST", Path("/api/v1/teams/", team, "/establishment"),
           Json{{"effective_from", "2025-01-01"}, {"social_worker_fte", 6}, {"version", 2}}.dump()),
      201);
  EXPECT_EQ(fixed["version"], 3);
  EXPECT_DOUBLE_EQ(Now("vacancy_rate")["value"].get<double>(), 100.0 * 5 / 6);
}

TEST_P(WorkforceApiTest, BadInputNamesTheFieldAndStoresNothing) {
  Session manager = TokenFor("team.manager");
  const std::string posts = Path("/api/v1/teams/", TeamId("CIN-CP-1"), "/establishment");
  auto establishment = [&](Json body, const std::string& field) {
    ExpectError(Call(manager, "POST", posts, body.dump()), 400, "invalid_argument", field);
  };
  establishment({{"social_worker_fte", 4}}, "effective_from");
  establishment({{"effective_from", "2025-02-30"}, {"social_worker_fte", 4}}, "effective_from");
  establishment({{"effective_from", "2028-01-01"}, {"social_worker_fte", 4}}, "effective_from");
  establishment({{"effective_from", "2025-01-01"}}, "social_worker_fte");
  establishment({{"effective_from", "2025-01-01"}, {"social_worker_fte", -1}}, "social_worker_fte");
  establishment({{"effective_from", "2025-01-01"}, {"social_worker_fte", "seven"}},
                "social_worker_fte");
  establishment({{"effective_from", "2025-01-01"}, {"social_worker_fte", 6.555}},
                "social_worker_fte");
  establishment({{"effective_from", "2025-01-01"}, {"social_worker_fte", 501}},
                "social_worker_fte");
  for (const char* text : {"0x1A", " 7", "1e2", "7.", "1.2.3", ""}) {
    establishment({{"effective_from", "2025-01-01"}, {"social_worker_fte", text}},
                  "social_worker_fte");
  }
  establishment({{"effective_from", "2025-01-01"}, {"social_worker_fte", 4}, {"posts", 4}},
                "posts");

  const std::string sick = Path("/api/v1/users/", User("social.worker"), "/sickness");
  auto sickness = [&](Json body, const std::string& field) {
    ExpectError(Call(manager, "POST", sick, body.dump()), 400, "invalid_argument", field);
  };
  sickness(Json::object(), "start_date");
  sickness({{"start_date", "5 January"}}, "start_date");
  sickness({{"start_date", "2026-01-06"}}, "start_date");  // tomorrow
  sickness({{"start_date", "2024-03-01"}, {"end_date", "2024-03-02"}},
           "start_date");  // not yet in post
  sickness({{"start_date", "2025-12-10"}, {"end_date", "2025-12-09"}}, "end_date");
  Ok(Call(manager, "POST", sick,
          Json{{"start_date", "2025-12-01"}, {"end_date", "2025-12-03"}}.dump()),
     201);
  sickness({{"start_date", "2025-11-28"}, {"end_date", "2025-12-01"}}, "start_date");  // overlaps
  sickness({{"start_date", "2025-12-03"}}, "start_date");  // open from a day already off
  ExpectError(Call(manager, "POST", "/api/v1/users/999999/sickness",
                   Json{{"start_date", "2025-12-01"}}.dump()),
              404, "not_found");
  ExpectError(Call(manager, "POST", "/api/v1/sickness/999999/end",
                   Json{{"end_date", "2025-12-01"}, {"version", 1}}.dump()),
              404, "not_found");
  ExpectError(Call(manager, "POST", "/api/v1/sickness/999999/withdraw",
                   Json{{"version", 1}, {"reason", "entered in error"}}.dump()),
              404, "not_found");
  const int64_t stored = Count("SELECT MAX(id) FROM sickness_absences");
  ExpectError(Call(manager, "POST", Path("/api/v1/sickness/", stored, "/withdraw"),
                   Json{{"version", 1}}.dump()),
              400, "invalid_argument", "reason");
  // Only the one good spell is stored, and no establishment.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM team_establishment"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sickness_absences"), 1);
}

TEST_P(WorkforceApiTest, ManagersManageTheirOwnTeamDirectorsAndAdministratorsEveryTeam) {
  const int64_t mine = TeamId("CIN-CP-1");
  const int64_t other = TeamId("CIN-CP-2");
  const Json body = Json{{"effective_from", "2025-01-01"}, {"social_worker_fte", 4}};
  Session manager = TokenFor("team.manager");
  ExpectError(Call(manager, "POST", Path("/api/v1/teams/", other, "/establishment"), body.dump()),
              403, "permission_denied");
  ExpectError(Call(manager, "GET", Path("/api/v1/teams/", other, "/workforce")), 403,
              "permission_denied");
  // The agency worker is in the other team.
  ExpectError(Call(manager, "POST", Path("/api/v1/users/", User("agency.worker"), "/sickness"),
                   Json{{"start_date", "2025-12-01"}}.dump()),
              403, "permission_denied");
  for (const char* role : {"social.worker", "performance", "commissioner", "iro"}) {
    ExpectError(Call(TokenFor(role), "GET", Path("/api/v1/teams/", mine, "/workforce")), 403,
                "permission_denied");
    ExpectError(Call(TokenFor(role), "POST", "/api/v1/sickness/1/withdraw",
                     Json{{"version", 1}, {"reason", "x"}}.dump()),
                403, "permission_denied");
  }
  ExpectError(Send(port_, "GET", Path("/api/v1/teams/", mine, "/workforce")), 401,
              "unauthenticated");
  Ok(Call(TokenFor("director"), "POST", Path("/api/v1/teams/", other, "/establishment"),
          body.dump()),
     201);
  Ok(Call(TokenFor("admin"), "GET", Path("/api/v1/teams/", other, "/workforce")));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM team_establishment"), 1);
}

HAVEN_INSTANTIATE_BACKENDS(WorkforceApiTest);

}  // namespace
}  // namespace haven::test
