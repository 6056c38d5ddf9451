// Management information through the API, on SQLite and PostgreSQL: figures that follow the
// record as it changes (a contact and a referral recorded through the API turn up at the next
// look), the list behind a figure with access checked and logged, filters, downloads, and bad
// input refused with the field named.
#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "support/api_fixture.h"

namespace haven::test {
namespace {

class PerformanceApiTest : public DatedApiTest {
 protected:
  void SetUp() override {
    DatedApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // 10,000 children: a rate per 10,000 is the count itself.
    services_->mi.Configure({10000, 24});
  }

  static Json Measure(const Json& overview, const std::string& id) {
    for (const auto& m : overview["measures"]) {
      if (m["id"] == id) return m;
    }
    ADD_FAILURE() << "no measure " << id;
    return Json::object();
  }

  // A new child with a contact on 5 January 2026 decided as a referral, and the referral.
  int64_t ReferAChild(const Session& front, const Session& manager) {
    const int64_t id = NewChild(front, "Maisie", "Thornton");
    Refer(front, manager, id);
    return id;
  }
};

TEST_P(PerformanceApiTest, FiguresFollowTheRecordAndTheListNamesTheChildren) {
  Session performance = TokenFor("performance");
  Session front = TokenFor("frontdoor");
  Session manager = TokenFor("team.manager");
  const Json before = Ok(Call(performance, "GET", "/api/v1/performance"));
  EXPECT_EQ(before["scope"], "the whole authority");
  EXPECT_EQ(before["months"].size(), 24u);
  EXPECT_EQ(before["months"].back(), "2026-01-05");
  const int64_t contacts = Measure(before, "contacts_rate")["now"]["numerator"];
  const int64_t referrals = Measure(before, "referrals_rate")["now"]["numerator"];
  EXPECT_EQ(Measure(before, "re_referrals")["england"]["value"], 22.6);
  EXPECT_FALSE(Measure(before, "icpc_15wd")["definition"].get<std::string>().empty());

  const int64_t child = ReferAChild(front, manager);
  const Json after = Ok(Call(performance, "GET", "/api/v1/performance"));
  EXPECT_EQ(Measure(after, "contacts_rate")["now"]["numerator"], contacts + 1);
  EXPECT_EQ(Measure(after, "referrals_rate")["now"]["numerator"], referrals + 1);
  EXPECT_EQ(Measure(after, "referrals_rate")["now"]["value"], (referrals + 1) * 1.0);
  // Decided on the day it came in: within one working day.
  const Json decided = Measure(after, "contact_decision_1wd")["now"];
  EXPECT_GE(decided["numerator"].get<int64_t>(), 1);

  // A second contact about the same child, with nothing else changed, is caught up with too.
  Ok(Call(front, "POST", "/api/v1/contacts",
          Json{{"person_id", child},
               {"received_at", "2026-01-05T10:00"},
               {"source", "1A"},
               {"referrer_name", "Health visitor"},
               {"concerns", "Missed appointments"}}
              .dump()),
     201);
  const Json again = Ok(Call(performance, "GET", "/api/v1/performance"));
  EXPECT_EQ(Measure(again, "contacts_rate")["now"]["numerator"], contacts + 2);

  // The list behind the referrals names the new child, and the reading is logged.
  const Json list =
      Ok(Call(performance, "GET", "/api/v1/performance/measures/referrals_rate/children"));
  EXPECT_EQ(list["withheld"], 0);
  bool named = false;
  for (const auto& row : list["rows"]) {
    if (row["id"] == child) {
      named = true;
      EXPECT_EQ(row["name"], "Maisie Thornton");
      EXPECT_EQ(row["date"], "2026-01-05");
      EXPECT_EQ(row["kind"], "child");
    }
  }
  EXPECT_TRUE(named) << list.dump();
  auto logged = storage::QueryOnce(*store_,
                                   "SELECT COUNT(*) FROM access_log WHERE record_id = ? AND "
                                   "purpose = 'performance: referrals_rate'",
                                   {child});
  EXPECT_EQ(logged->rows.at(0).Int(0), 1);

  // By team: the referral belongs to the manager's team, not the front door's.
  const Json cin = Ok(
      Call(performance, "GET", "/api/v1/performance?team=" + std::to_string(TeamId("CIN-CP-1"))));
  EXPECT_EQ(Measure(cin, "referrals_rate")["now"]["numerator"].get<int64_t>(), 1);
  EXPECT_NE(cin["scope"].get<std::string>().find("team"), std::string::npos);
  const Json door = Ok(
      Call(performance, "GET", "/api/v1/performance?team=" + std::to_string(TeamId("FRONT-DOOR"))));
  EXPECT_EQ(Measure(door, "referrals_rate")["now"]["numerator"].get<int64_t>(), 0);
}

// A service moves from the trust back to the council: the figures follow whoever ran it at each
// month's end, and the service area filter takes in its teams.
TEST_P(PerformanceApiTest, OrganisationAndServiceAreaFiltersFollowWhoRanTheService) {
  Session performance = TokenFor("performance");
  const int64_t child = ReferAChild(TokenFor("frontdoor"), TokenFor("team.manager"));
  ASSERT_GT(child, 0);
  const int64_t trust = Count("SELECT id FROM organisations WHERE kind = 'trust'");
  const int64_t council = Count("SELECT id FROM organisations WHERE kind = 'council'");
  const int64_t tfs = AreaId("TFS");
  auto referrals = [&](const std::string& query) {
    const Json o = Ok(Call(performance, "GET", "/api/v1/performance?" + query));
    return Measure(o, "referrals_rate")["now"]["numerator"].get<int64_t>();
  };
  EXPECT_EQ(referrals("organisation=" + std::to_string(trust)), 1);
  EXPECT_EQ(referrals("organisation=" + std::to_string(council)), 0);
  EXPECT_EQ(referrals("service_area=" + std::to_string(tfs)), 1);
  EXPECT_EQ(referrals("service_area=" + std::to_string(AreaId("CYPIC"))), 0);
  // The council takes Targeted Family Support back from 1 January 2026 (today is 5 January).
  ASSERT_TRUE(store_
                  ->Transact(storage::TxMode::kWrite,
                             [&](storage::Tx& tx) -> Status {
                               RETURN_IF_ERROR(
                                   tx.Exec("UPDATE service_area_owners SET effective_to = "
                                           "'2026-01-01' WHERE service_area_id = ? AND "
                                           "effective_to IS NULL",
                                           {tfs})
                                       .status());
                               return tx
                                   .Exec(
                                       "INSERT INTO service_area_owners (service_area_id, "
                                       "organisation_id, effective_from, version, created_at, "
                                       "updated_at) VALUES (?, ?, '2026-01-01', 1, 'now', "
                                       "'now')",
                                       {tfs, council})
                                   .status();
                             })
                  .ok());
  ASSERT_TRUE(services_->mi.Reload().ok());
  EXPECT_EQ(referrals("organisation=" + std::to_string(trust)), 0);
  EXPECT_EQ(referrals("organisation=" + std::to_string(council)), 1);
  // December's figures are still the trust's: its teams, not the council's, at that month's end.
  const Json trust_view =
      Ok(Call(performance, "GET", "/api/v1/performance?organisation=" + std::to_string(trust)));
  const Json council_view =
      Ok(Call(performance, "GET", "/api/v1/performance?organisation=" + std::to_string(council)));
  const auto& months = trust_view["months"];
  ASSERT_EQ(months[months.size() - 2], "2025-12-31");
  const Json trust_cin = Measure(trust_view, "cin_rate")["series"];
  const Json council_cin = Measure(council_view, "cin_rate")["series"];
  EXPECT_EQ(council_cin.back()["numerator"].get<int64_t>(), 1);  // open now, run by the council
  EXPECT_EQ(trust_cin.back()["numerator"].get<int64_t>(), 0);
}

TEST_P(PerformanceApiTest, FiguresAreForThoseWhoReadPerformanceAndListsFollowRecordAccess) {
  Session front = TokenFor("frontdoor");
  Session manager = TokenFor("team.manager");
  const int64_t child = ReferAChild(front, manager);
  ExpectError(Call(TokenFor("social.worker"), "GET", "/api/v1/performance"), 403,
              "permission_denied");
  ExpectError(Send(port_, "GET", "/api/v1/performance"), 401, "unauthenticated");
  // The commissioner sees the figure but may not open children's records: counted, not named.
  const Json list = Ok(Call(TokenFor("commissioner"), "GET",
                            "/api/v1/performance/measures/referrals_rate/children"));
  EXPECT_GE(list["withheld"].get<int64_t>(), 1);
  for (const auto& row : list["rows"]) EXPECT_NE(row["id"], child);
  EXPECT_GE(list["figure"]["numerator"].get<int64_t>(), 1);
}

TEST_P(PerformanceApiTest, BadInputNamesTheField) {
  Session p = TokenFor("performance");
  ExpectError(Call(p, "GET", "/api/v1/performance?team=abc"), 400, "invalid_argument", "team");
  ExpectError(Call(p, "GET", "/api/v1/performance?team=999999"), 400, "invalid_argument", "team");
  ExpectError(Call(p, "GET", "/api/v1/performance?service_area=-1"), 400, "invalid_argument",
              "service_area");
  ExpectError(Call(p, "GET", "/api/v1/performance?organisation=999999"), 400, "invalid_argument",
              "organisation");
  ExpectError(Call(p, "GET", "/api/v1/performance/measures/no_such/children"), 400,
              "invalid_argument", "measure");
  ExpectError(Call(p, "GET", "/api/v1/performance/measures/cp_rate/children?month=2020-01"), 400,
              "invalid_argument", "month");
  ExpectError(Call(p, "GET", "/api/v1/performance/measures/cp_rate/children?month=Jan"), 400,
              "invalid_argument", "month");
  ExpectError(Call(p, "GET", "/api/v1/performance/export?format=pdf"), 400, "invalid_argument",
              "format");
}

TEST_P(PerformanceApiTest, TheFiguresDownloadAsCsvAndXlsx) {
  Session p = TokenFor("performance");
  auto csv = Call(p, "GET", "/api/v1/performance/export?format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("measure,area,title,basis,unit,England,", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("\r\nre_referrals,"), std::string::npos);
  EXPECT_NE(csv.body.find(",2026-01-05\r\n"), std::string::npos);
  const auto xlsx = Call(p, "GET", "/api/v1/performance/export?format=xlsx");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.body.find("re_referrals"), std::string::npos);
}

// The commissioner's contract through the API: a contract between the trust and the council, a
// target on decisions within a working day, and each month graded for the services the trust ran.
TEST_P(PerformanceApiTest, ACommissionerSetsAContractAndItsTargetsAndReadsTheScorecard) {
  ReferAChild(TokenFor("frontdoor"), TokenFor("team.manager"));
  Session commissioner = TokenFor("commissioner");
  const int64_t trust = Count("SELECT id FROM organisations WHERE kind = 'trust'");
  const int64_t council = Count("SELECT id FROM organisations WHERE kind = 'council'");
  const Json made = Ok(Call(commissioner, "POST", "/api/v1/contracts",
                            Json{{"name", "Children's services 2025-2030"},
                                 {"provider_id", trust},
                                 {"commissioner_id", council},
                                 {"start_date", "2025-04-01"}}
                                .dump()),
                       201);
  const std::string path = "/api/v1/contracts/" + std::to_string(made["id"].get<int64_t>());
  EXPECT_EQ(made["provider_id"], trust);
  EXPECT_EQ(made["targets"].size(), 0u);
  // The one contact this month was decided the day it came in: 100%. Green at a target of 90.
  Json with_target = Ok(
      Call(commissioner, "POST", path + "/targets",
           Json{{"measure", "contact_decision_1wd"}, {"target", 90}, {"tolerance", "5"}}.dump()));
  ASSERT_EQ(with_target["targets"].size(), 1u);
  EXPECT_EQ(with_target["targets"][0]["target"], 90.0);
  auto latest_grade = [&] {
    const Json card = Ok(Call(commissioner, "GET", path + "/scorecard"));
    EXPECT_EQ(card["lines"].size(), 1u);
    EXPECT_EQ(card["lines"][0]["measure"]["id"], "contact_decision_1wd");
    const Json& series = card["lines"][0]["series"];
    EXPECT_EQ(series.size(), card["months"].size());
    // December had no contacts: nothing to grade.
    EXPECT_EQ(series[series.size() - 2]["grade"], "no figure");
    return series.back()["grade"].get<std::string>();
  };
  EXPECT_EQ(latest_grade(), "green");
  // The same measure again changes its target: 100 is 2 short of 102, within 5: amber.
  Ok(Call(commissioner, "POST", path + "/targets",
          Json{{"measure", "contact_decision_1wd"}, {"target", 102}, {"tolerance", 5}}.dump()));
  EXPECT_EQ(latest_grade(), "amber");
  // 10 short of 110, beyond a tolerance of 5: red.
  Ok(Call(commissioner, "POST", path + "/targets",
          Json{{"measure", "contact_decision_1wd"}, {"target", 110}, {"tolerance", 5}}.dump()));
  EXPECT_EQ(latest_grade(), "red");
  const Json listed = Ok(Call(TokenFor("performance"), "GET", "/api/v1/contracts"));
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["targets"].size(), 1u);
  EXPECT_EQ(Ok(Call(TokenFor("director"), "GET", path))["name"], "Children's services 2025-2030");
}

TEST_P(PerformanceApiTest, ContractsRefuseBadInputAndOthersChangesNamingTheField) {
  Session commissioner = TokenFor("commissioner");
  const int64_t trust = Count("SELECT id FROM organisations WHERE kind = 'trust'");
  const int64_t council = Count("SELECT id FROM organisations WHERE kind = 'council'");
  // A partner agency neither runs the service nor commissions it.
  const int64_t partner = [&] {
    if (Count("SELECT COUNT(*) FROM organisations WHERE kind = 'partner_agency'") > 0) {
      return Count("SELECT MIN(id) FROM organisations WHERE kind = 'partner_agency'");
    }
    const Json o =
        Ok(Call(TokenFor("admin"), "POST", "/api/v1/admin/organisations",
                Json{{"code", "POLICE"}, {"name", "Police"}, {"kind", "partner_agency"}}.dump()),
           201);
    return o["id"].get<int64_t>();
  }();
  const Json good = {{"name", "Contract"},
                     {"provider_id", trust},
                     {"commissioner_id", council},
                     {"start_date", "2025-04-01"}};
  auto with = [&](const char* field, const Json& value) {
    Json body = good;
    if (value.is_null()) {
      body.erase(field);
    } else {
      body[field] = value;
    }
    return body.dump();
  };
  const std::vector<std::tuple<const char*, Json, const char*>> bad = {
      {"name", "", "name"},
      {"name", nullptr, "name"},
      {"start_date", "2025-02-30", "start_date"},
      {"start_date", 20250401, "start_date"},
      {"provider_id", council, "provider_id"},
      {"provider_id", partner, "provider_id"},
      {"commissioner_id", partner, "commissioner_id"},
      {"provider_id", 999999, "provider_id"},
      {"commissioner_id", 999999, "commissioner_id"},
      {"commissioner_id", "two", "commissioner_id"},
      {"budget", 5, "budget"}};
  for (const auto& [field, value, named] : bad) {
    ExpectError(Call(commissioner, "POST", "/api/v1/contracts", with(field, value)), 400,
                "invalid_argument", named);
  }
  ExpectError(Call(TokenFor("performance"), "POST", "/api/v1/contracts", good.dump()), 403,
              "permission_denied");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 0) << "nothing stored from a refusal";

  const Json made = Ok(Call(commissioner, "POST", "/api/v1/contracts", good.dump()), 201);
  const std::string path = "/api/v1/contracts/" + std::to_string(made["id"].get<int64_t>());
  const std::vector<std::pair<Json, const char*>> bad_targets = {
      {{{"measure", "no_such"}, {"target", 5}}, "measure"},
      {{{"target", 5}}, "measure"},
      {{{"measure", "cp_rate"}}, "target"},
      {{{"measure", "cp_rate"}, {"target", "lots"}}, "target"},
      {{{"measure", "cp_rate"}, {"target", true}}, "target"},
      {{{"measure", "cp_rate"}, {"target", 5}, {"tolerance", -1}}, "tolerance"},
      {{{"measure", "cp_rate"}, {"target", 5}, {"colour", "red"}}, "colour"}};
  for (const auto& [body, named] : bad_targets) {
    ExpectError(Call(commissioner, "POST", path + "/targets", body.dump()), 400, "invalid_argument",
                named);
  }
  // Changing a target against the version seen: a stale one is refused and nothing changes.
  const Json set = Ok(Call(commissioner, "POST", path + "/targets",
                           Json{{"measure", "cp_rate"}, {"target", 40}}.dump()));
  ASSERT_EQ(set["targets"][0]["version"], 1);
  Ok(Call(
      commissioner, "POST", path + "/targets",
      Json{{"measure", "cp_rate"}, {"target", 45}, {"version", 1}, {"reason", "agreed"}}.dump()));
  ExpectError(Call(commissioner, "POST", path + "/targets",
                   Json{{"measure", "cp_rate"}, {"target", 50}, {"version", 1}}.dump()),
              409, "failed_precondition", "version");
  EXPECT_EQ(Ok(Call(commissioner, "GET", path))["targets"][0]["target"], 45.0);
  ExpectError(Call(TokenFor("director"), "POST", path + "/targets",
                   Json{{"measure", "cp_rate"}, {"target", 5}}.dump()),
              403, "permission_denied");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contract_targets"), 1) << "only the target set";
  ExpectError(Call(TokenFor("social.worker"), "GET", "/api/v1/contracts"), 403,
              "permission_denied");
  ExpectError(Send(port_, "GET", "/api/v1/contracts"), 401, "unauthenticated");
  ExpectError(Call(commissioner, "GET", "/api/v1/contracts/999999/scorecard"), 404, "not_found");
  ExpectError(Call(commissioner, "GET", "/api/v1/contracts/abc"), 400, "invalid_argument", "id");
}

HAVEN_INSTANTIATE_BACKENDS(PerformanceApiTest);

}  // namespace
}  // namespace haven::test
