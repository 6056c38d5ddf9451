// Casework through the API with an injected clock: the child protection journey from contact to
// closure with its due dates and overdue states at each step; bad input refused with the field
// named; record-level access with refusals logged; restricted records; merges and their undo.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "storage/backup.h"
#include "support/api_fixture.h"

namespace haven::test {
namespace {

class CaseworkApiTest : public DatedApiTest {
 protected:
  // The clock with `timescale` in a casework view (the last one, for repeating standards).
  static Json ClockOf(const Json& casework, const std::string& timescale) {
    Json found;
    for (const auto& c : casework["clocks"]) {
      if (c["timescale"] == timescale) found = c;
    }
    return found;
  }

};

TEST_P(CaseworkApiTest, ChildProtectionJourneyFromContactToClosure) {
  Session front = TokenFor("frontdoor");
  Session worker = TokenFor("social.worker");
  Session manager = TokenFor("team.manager");
  const int64_t child = NewChild(front, "Maisie", "Thornton");
  const std::string base = "/api/v1/people/" + std::to_string(child);

  // Contact on Monday 5 January 2026; the decision is due the next working day.
  auto contact = Ok(Call(front, "POST", "/api/v1/contacts",
                         Json{{"person_id", child},
                              {"received_at", "2026-01-05T09:00"},
                              {"source", "2A"},
                              {"referrer_name", "Head teacher"},
                              {"concerns", "Bruising seen at school"}}
                             .dump()),
                    201);
  EXPECT_EQ(contact["decision_due"], "2026-01-06");
  const int64_t contact_id = contact["id"];
  Ok(Call(front, "POST", "/api/v1/contacts/" + std::to_string(contact_id) + "/decision",
          Json{{"decision", "referral"}, {"threshold_reason", "Significant harm"}, {"version", 1}}
              .dump()));

  // The referral takes its date and source from the contact, and the manager's team.
  auto referral = Ok(Call(manager, "POST", base + "/referrals",
                          Json{{"contact_id", contact_id}, {"primary_need", "N1"}}.dump()),
                     201);
  EXPECT_EQ(referral["referral_date"], "2026-01-05");
  EXPECT_EQ(referral["source"], "2A");
  EXPECT_EQ(referral["team_id"], TeamId("CIN-CP-1"));
  EXPECT_EQ(referral["re_referral"], false);
  const std::string rbase = "/api/v1/referrals/" + std::to_string(referral["id"].get<int64_t>());

  // Assessment due 45 working days after the referral (no bank holidays in the window).
  auto cw = Ok(Call(manager, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "assessment")["due"], "2026-03-09");
  EXPECT_EQ(ClockOf(cw, "assessment")["state"], "due");

  // Waiting in the team's queue until allocated.
  const std::string team = "/api/v1/teams/" + std::to_string(TeamId("CIN-CP-1"));
  auto queue = Ok(Call(manager, "GET", team + "/unallocated"));
  ASSERT_EQ(queue["items"].size(), 1u) << queue;
  EXPECT_EQ(queue["items"][0]["person_id"], child);
  Ok(Call(manager, "POST", base + "/allocations",
          Json{{"team_id", TeamId("CIN-CP-1")},
               {"worker_id", worker.user_id},
               {"start_date", "2026-01-05"},
               {"reason", "new referral"}}
              .dump()),
     201);
  EXPECT_TRUE(Ok(Call(manager, "GET", team + "/unallocated"))["items"].empty());

  // Strategy discussion and section 47 enquiry.
  Today("2026-01-07");
  auto sd = Ok(Call(worker, "POST", rbase + "/strategy-discussions",
                    Json{{"discussion_date", "2026-01-07"}, {"outcome", "s47"}}.dump()),
               201);
  auto s47 = Ok(Call(worker, "POST", rbase + "/s47-enquiries",
                     Json{{"strategy_discussion_id", sd["id"]}, {"start_date", "2026-01-07"}}.dump()),
                201);
  Today("2026-01-14");
  s47 = Ok(Call(worker, "PATCH", "/api/v1/s47-enquiries/" + std::to_string(s47["id"].get<int64_t>()),
                Json{{"version", 1}, {"end_date", "2026-01-14"}, {"outcome", "icpc"}}.dump()));
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "icpc")["due"], "2026-01-28");  // 15 working days from the discussion
  EXPECT_EQ(ClockOf(cw, "icpc")["state"], "due");

  // No conference by the 28th: overdue, on the worker's list.
  Today("2026-01-29");
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "icpc")["state"], "overdue");
  auto mine = Ok(Call(worker, "GET", "/api/v1/me/work"));
  ASSERT_FALSE(mine["overdue"].empty()) << mine;
  EXPECT_EQ(mine["overdue"][0]["timescale"], "icpc");

  // The conference is held a day late and makes a plan.
  auto icpc = Ok(Call(worker, "POST", rbase + "/icpcs",
                      Json{{"s47_id", s47["id"]},
                           {"conference_date", "2026-01-29"},
                           {"outcome", "cp_plan"}}
                          .dump()),
                 201);
  auto plan = Ok(Call(worker, "POST", rbase + "/cp-plans",
                      Json{{"icpc_id", icpc["id"]},
                           {"start_date", "2026-01-29"},
                           {"initial_category", "NEG"}}
                          .dump()),
                 201);
  EXPECT_EQ(plan["latest_category"], "NEG");
  const std::string plan_path = "/api/v1/cp-plans/" + std::to_string(plan["id"].get<int64_t>());
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "icpc")["state"], "met_late");
  EXPECT_EQ(ClockOf(cw, "first_core_group")["due"], "2026-02-12");
  EXPECT_EQ(ClockOf(cw, "first_rcpc")["due"], "2026-04-29");
  EXPECT_EQ(ClockOf(cw, "cp_visit")["due"], "2026-02-12");

  // Only a manager authorises the plan.
  ExpectError(Call(worker, "POST", plan_path + "/authorise", Json{{"version", 1}}.dump()), 403,
              "permission_denied");
  auto authorised = Ok(Call(manager, "POST", plan_path + "/authorise", Json{{"version", 1}}.dump()));
  EXPECT_EQ(authorised["authorised_by"], manager.user_id);

  // The assessment, completed and authorised: its clock is met.
  auto assessment = Ok(Call(worker, "POST", rbase + "/assessments",
                            Json{{"start_date", "2026-01-05"},
                                 {"child_seen_date", "2026-01-06"},
                                 {"completed_date", "2026-01-29"},
                                 {"factors", {"3B", "16A"}},
                                 {"outcome", "strategy_discussion"}}
                                .dump()),
                       201);
  EXPECT_EQ(assessment["factors"], Json({"16A", "3B"}));
  Ok(Call(manager, "POST",
          "/api/v1/assessments/" + std::to_string(assessment["id"].get<int64_t>()) + "/authorise",
          Json{{"version", 1}}.dump()));
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "assessment")["state"], "met");

  // Core group and a visit; then nothing for three weeks: the visit is overdue and the plan drifts.
  Today("2026-02-10");
  Ok(Call(worker, "POST", rbase + "/core-groups",
          Json{{"cp_plan_id", plan["id"]}, {"meeting_date", "2026-02-10"}}.dump()),
     201);
  Ok(Call(worker, "POST", rbase + "/cp-visits",
          Json{{"cp_plan_id", plan["id"]}, {"visit_date", "2026-02-10"}, {"seen", true},
               {"seen_alone", true}}
              .dump()),
     201);
  Today("2026-03-02");
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "first_core_group")["state"], "met");
  EXPECT_EQ(ClockOf(cw, "cp_visit")["due"], "2026-02-24");
  EXPECT_EQ(ClockOf(cw, "cp_visit")["state"], "overdue");
  ASSERT_EQ(cw["drift"].size(), 1u) << cw;
  auto team_work = Ok(Call(manager, "GET", team + "/work"));
  EXPECT_EQ(team_work["drift"].size(), 1u) << team_work;
  auto caseloads = Ok(Call(manager, "GET", team + "/caseloads"));
  bool found = false;
  for (const auto& c : caseloads["items"]) {
    if (c["worker_id"] == worker.user_id) {
      found = true;
      EXPECT_EQ(c["children"], 1);
      EXPECT_DOUBLE_EQ(c["weighted"].get<double>(), 1.5);  // a child on a CP plan
      EXPECT_EQ(c["employment_type"], "permanent");
    }
  }
  EXPECT_TRUE(found) << caseloads;
  Ok(Call(worker, "POST", rbase + "/cp-visits",
          Json{{"cp_plan_id", plan["id"]}, {"visit_date", "2026-03-02"}, {"seen", true}}.dump()),
     201);
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_TRUE(cw["drift"].empty()) << cw;

  // The review conference steps the plan down to a CIN plan.
  Today("2026-04-20");
  Ok(Call(worker, "POST", rbase + "/cp-reviews",
          Json{{"cp_plan_id", plan["id"]}, {"review_date", "2026-04-20"}, {"outcome", "end_cin_plan"}}
              .dump()),
     201);
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "first_rcpc")["state"], "met");
  EXPECT_EQ(ClockOf(cw, "rcpc")["due"], "2026-10-20");
  Ok(Call(worker, "PATCH", plan_path,
          Json{{"version", 2}, {"end_date", "2026-04-20"}, {"end_reason", "stepped down"}}.dump()));
  auto cin = Ok(Call(worker, "POST", rbase + "/cin-plans", Json{{"start_date", "2026-04-20"}}.dump()),
                201);
  cw = Ok(Call(worker, "GET", base + "/casework"));
  // The CP plan's clocks stopped; the CIN plan's local standards started.
  std::set<std::string> running;
  for (const auto& c : cw["outstanding"]) running.insert(c["timescale"]);
  EXPECT_EQ(running, (std::set<std::string>{"cin_review", "cin_visit"})) << cw["outstanding"];
  Today("2026-05-11");
  Ok(Call(worker, "POST", rbase + "/cin-visits",
          Json{{"cin_plan_id", cin["id"]}, {"visit_date", "2026-05-11"}, {"seen", true}}.dump()),
     201);
  EXPECT_EQ(ClockOf(Ok(Call(worker, "GET", base + "/casework")), "cin_visit")["started"],
            "2026-05-11");

  // Closing the referral while the CIN plan is open is refused, and changes nothing.
  Today("2026-07-01");
  const std::string ref_path = "/api/v1/referrals/" + std::to_string(referral["id"].get<int64_t>());
  ExpectError(Call(worker, "PATCH", ref_path,
                   Json{{"version", 1}, {"closure_date", "2026-07-01"}, {"closure_reason", "RC7"}}
                       .dump()),
              400, "invalid_argument", "closure_date");
  Ok(Call(worker, "PATCH", "/api/v1/cin-plans/" + std::to_string(cin["id"].get<int64_t>()),
          Json{{"version", 1}, {"end_date", "2026-07-01"}}.dump()));
  auto closed = Ok(Call(worker, "PATCH", ref_path,
                        Json{{"version", 1}, {"closure_date", "2026-07-01"}, {"closure_reason", "RC7"}}
                            .dump()));
  EXPECT_EQ(closed["closure_date"], "2026-07-01");
  Ok(Call(manager, "POST", ref_path + "/authorise", Json{{"version", 2}}.dump()));
  EXPECT_TRUE(Ok(Call(worker, "GET", base + "/casework"))["outstanding"].empty());

  // The chronology lists it all in date order, and filters.
  auto chron = Ok(Call(worker, "GET", base + "/chronology"));
  std::vector<std::string> kinds;
  std::string last;
  for (const auto& e : chron["items"]) {
    EXPECT_LE(last, e["date"].get<std::string>());
    last = e["date"];
    kinds.push_back(e["kind"]);
  }
  for (const char* k : {"contact", "referral", "assessment", "strategy_discussion", "s47", "icpc",
                        "cp_plan", "core_group", "cp_visit", "cp_review", "cin_plan", "allocation"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
  }
  auto visits = Ok(Call(worker, "GET", base + "/chronology?kind=cp_visit"));
  EXPECT_EQ(visits["items"].size(), 2u);
  auto spring = Ok(Call(worker, "GET", base + "/chronology?from=2026-04-01&to=2026-04-30"));
  for (const auto& e : spring["items"]) EXPECT_EQ(e["date"].get<std::string>().substr(0, 7), "2026-04");

  // A new contact shows the front door the child's past involvement.
  Today("2026-09-01");
  auto second = Ok(Call(front, "POST", "/api/v1/contacts",
                        Json{{"person_id", child},
                             {"received_at", "2026-09-01T09:30"},
                             {"source", "6"},
                             {"referrer_name", "PC Lane"},
                             {"concerns", "Found out late at night"}}
                            .dump()),
                   201);
  auto arrival = Ok(Call(front, "GET", "/api/v1/contacts/" + std::to_string(second["id"].get<int64_t>())));
  ASSERT_EQ(arrival["previous_contacts"].size(), 1u) << arrival;
  std::vector<std::string> involved;
  for (const auto& i : arrival["involvement"]) {
    involved.push_back(i["kind"].get<std::string>() + (i["open"] == true ? " open" : " closed"));
  }
  EXPECT_EQ(involved, (std::vector<std::string>{"cin_plan closed", "cp_plan closed", "referral closed"}))
      << arrival["involvement"];

  // A new referral within 12 months is a re-referral.
  auto again = Ok(Call(manager, "POST", base + "/referrals",
                       Json{{"referral_date", "2026-09-01"}, {"source", "6"}}.dump()),
                  201);
  EXPECT_EQ(again["re_referral"], true);
}

TEST_P(CaseworkApiTest, ImpossibleFactsAreRefusedWithTheFieldAndChangeNothing) {
  Session manager = TokenFor("team.manager");
  const int64_t child = NewChild(manager, "Ellis", "Barker");
  const std::string base = "/api/v1/people/" + std::to_string(child);
  Today("2026-02-02");
  auto referral = Ok(Call(manager, "POST", base + "/referrals",
                          Json{{"referral_date", "2026-01-20"}, {"source", "6"}}.dump()),
                     201);
  const std::string rbase = "/api/v1/referrals/" + std::to_string(referral["id"].get<int64_t>());
  const int64_t versions_before = Count("SELECT COUNT(*) FROM record_versions");

  struct Case {
    std::string path;
    Json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {rbase + "/assessments", {{"start_date", "2026-01-10"}}, "start_date"},  // before referral
      {rbase + "/assessments", {{"start_date", "2026-03-01"}}, "start_date"},  // in the future
      {rbase + "/assessments", {{"start_date", "2026-01-21"}, {"factors", {"99Z"}}}, "factors"},
      {rbase + "/assessments", {{"start_date", "2026-01-21"}, {"factors", {"21", "3B"}}}, "factors"},
      {rbase + "/assessments", {{"start_date", "2026-01-21"}, {"completed_date", "2026-01-20"}},
       "completed_date"},
      {rbase + "/icpcs", {{"conference_date", "2026-01-30"}}, "s47_id"},  // no section 47
      {rbase + "/icpcs", {{"conference_date", "2026-01-30"}, {"s47_id", 999}}, "s47_id"},
      {rbase + "/cin-plans", {{"start_date", "2026-01-25"}, {"end_date", "2026-01-22"}}, "end_date"},
      {rbase + "/cin-plans", {{"start_date", "2026-1-25"}}, "start_date"},
      {rbase + "/cin-plans", {{"start_date", "2026-01-25"}, {"colour", "red"}}, "colour"},
      {rbase + "/strategy-discussions", {{"discussion_date", "2026-01-21"}, {"outcome", "maybe"}},
       "outcome"},
      {base + "/referrals", {{"referral_date", "2026-01-21"}, {"source", "XX"}}, "source"},
      {base + "/referrals", {{"referral_date", "2018-01-21"}, {"source", "6"}}, "referral_date"},
      {base + "/referrals",
       {{"referral_date", "2026-01-21"}, {"source", "6"}, {"closure_reason", "RC7"}},
       "closure_date"},
      {base + "/case-notes", {{"note_type", "gossip"}, {"event_date", "2026-01-21"},
                              {"subject", "x"}, {"body", "y"}},
       "note_type"},
      {base + "/case-notes", {{"note_type", "home_visit"}, {"event_date", "2026-01-21"}}, "subject"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path + " " + c.body.dump());
    ExpectError(Call(manager, "POST", c.path, c.body.dump()), 400, "invalid_argument", c.field);
  }
  // A plan from a conference that decided no plan.
  auto sd = Ok(Call(manager, "POST", rbase + "/strategy-discussions",
                    Json{{"discussion_date", "2026-01-21"}, {"outcome", "s47"}}.dump()),
               201);
  auto s47 = Ok(Call(manager, "POST", rbase + "/s47-enquiries",
                     Json{{"strategy_discussion_id", sd["id"]}, {"start_date", "2026-01-21"},
                          {"end_date", "2026-01-26"}, {"outcome", "icpc"}}
                         .dump()),
                201);
  auto icpc = Ok(Call(manager, "POST", rbase + "/icpcs",
                      Json{{"s47_id", s47["id"]}, {"conference_date", "2026-01-28"},
                           {"outcome", "no_further_action"}}
                          .dump()),
                 201);
  const int64_t versions_mid = Count("SELECT COUNT(*) FROM record_versions");
  ExpectError(Call(manager, "POST", rbase + "/cp-plans",
                   Json{{"icpc_id", icpc["id"]}, {"start_date", "2026-01-28"},
                        {"initial_category", "NEG"}}
                       .dump()),
              400, "invalid_argument", "icpc_id");
  // A referral date moved after its own steps.
  ExpectError(Call(manager, "PATCH", "/api/v1/referrals/" + std::to_string(referral["id"].get<int64_t>()),
                   Json{{"version", 1}, {"referral_date", "2026-01-25"}}.dump()),
              400, "invalid_argument", "referral_date");
  // The step's identity is fixed; a stale version is refused.
  ExpectError(Call(manager, "PATCH", "/api/v1/icpcs/" + std::to_string(icpc["id"].get<int64_t>()),
                   Json{{"version", 1}, {"s47_id", s47["id"]}}.dump()),
              400, "invalid_argument", "s47_id");
  ExpectError(Call(manager, "PATCH", "/api/v1/s47-enquiries/" + std::to_string(s47["id"].get<int64_t>()),
                   Json{{"version", 7}, {"end_date", "2026-01-27"}}.dump()),
              409, "failed_precondition", "version");
  // An assessment cannot be authorised before it is complete.
  auto a = Ok(Call(manager, "POST", rbase + "/assessments", Json{{"start_date", "2026-01-21"}}.dump()),
              201);
  ExpectError(Call(manager, "POST",
                   "/api/v1/assessments/" + std::to_string(a["id"].get<int64_t>()) + "/authorise",
                   Json{{"version", 1}}.dump()),
              409, "failed_precondition", "completed_date");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions"), versions_mid + 1);  // only the assessment
  EXPECT_EQ(versions_mid, versions_before + 3);

  // A questionable fact is accepted with a warning.
  auto visitless = Ok(Call(manager, "POST", base + "/case-notes",
                           Json{{"note_type", "home_visit"}, {"event_date", "2026-01-21"},
                                {"subject", "Visit"}, {"body", "Nobody answered the door"}}
                               .dump()),
                      201);
  EXPECT_FALSE(visitless["warnings"].empty()) << visitless;  // recorded 8 working days late
}

TEST_P(CaseworkApiTest, AWorkerOutsideTheTeamIsRefusedAndTheRefusalIsLogged) {
  Session manager = TokenFor("team.manager");
  Session worker = TokenFor("social.worker");
  Session outsider = TokenFor("agency.worker");  // CIN-CP-2
  Session director = TokenFor("director");
  const int64_t child = NewChild(manager, "Rowan", "Hale");
  const std::string base = "/api/v1/people/" + std::to_string(child);
  Ok(Call(manager, "POST", base + "/referrals", Json{{"referral_date", "2026-01-05"}, {"source", "6"}}.dump()),
     201);

  Ok(Call(worker, "GET", base + "/casework"));  // same team
  Ok(Call(director, "GET", base + "/chronology"));
  for (const char* path : {"/casework", "/chronology", ""}) {
    ExpectError(Call(outsider, "GET", base + path), 403, "permission_denied");
  }
  ExpectError(Call(outsider, "POST", base + "/case-notes",
                   Json{{"note_type", "phone_call"}, {"event_date", "2026-01-05"}, {"subject", "s"},
                        {"body", "b"}}
                       .dump()),
              403, "permission_denied");
  auto log = Ok(Call(director, "GET", base + "/access-log"));
  int refused = 0;
  for (const auto& e : log["items"]) {
    if (e["action"] == "refused" && e["actor_id"] == outsider.user_id) ++refused;
  }
  EXPECT_EQ(refused, 4) << log;

  // Restricted to the worker: the director, who reads everything else, is refused too.
  ExpectError(Call(worker, "POST", base + "/restriction",
                   Json{{"users", {worker.user_id}}, {"reason", "staff member's relative"}}.dump()),
              403, "permission_denied");
  Ok(Call(manager, "POST", base + "/restriction",
          Json{{"users", {worker.user_id}}, {"reason", "staff member's relative"}}.dump()));
  ExpectError(Call(director, "GET", base + "/casework"), 403, "permission_denied");
  Ok(Call(worker, "GET", base + "/casework"));
  // Search shows a restricted record only to the users named on it.
  auto search = [&](const Session& who) {
    auto found = Ok(Call(who, "POST", "/api/v1/people/search", Json{{"name", "Rowan Hale"}}.dump()));
    for (const auto& h : found["items"]) {
      if (h["id"] == child) return true;
    }
    return false;
  };
  EXPECT_FALSE(search(director));
  EXPECT_TRUE(search(worker));
  Ok(Call(manager, "GET", base + "/casework"));  // named when restricting
  Ok(Call(manager, "POST", base + "/restriction", Json{{"users", Json::array()}, {"reason", "lifted"}}.dump()));
  Ok(Call(director, "GET", base + "/casework"));
  EXPECT_TRUE(search(director));  // lifted
}

TEST_P(CaseworkApiTest, AManagerMergesTwoRecordsAndUndoesIt) {
  Session manager = TokenFor("team.manager");
  Session worker = TokenFor("social.worker");
  const int64_t kept = NewChild(manager, "Jayden", "Price");
  const int64_t dup = NewChild(manager, "Jaden", "Price");
  Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(dup) + "/names",
          Json{{"kind", "alias"}, {"given_name", "JJ"}, {"family_name", "Price"}}.dump()),
     201);
  auto note = Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(dup) + "/case-notes",
                      Json{{"note_type", "phone_call"}, {"event_date", "2026-01-05"},
                           {"subject", "Call"}, {"body", "Mother called"}}
                          .dump()),
                 201);
  const std::string note_path = "/api/v1/case-notes/" + std::to_string(note["id"].get<int64_t>());

  ExpectError(Call(worker, "POST", "/api/v1/people/" + std::to_string(kept) + "/merge",
                   Json{{"merged_id", dup}, {"reason", "same child"}}.dump()),
              403, "permission_denied");
  ExpectError(Call(manager, "POST", "/api/v1/people/" + std::to_string(kept) + "/merge",
                   Json{{"merged_id", kept}, {"reason", "same child"}}.dump()),
              400, "invalid_argument", "merged_id");
  ExpectError(Call(manager, "POST", "/api/v1/people/" + std::to_string(kept) + "/merge",
                   Json{{"merged_id", dup}}.dump()),
              400, "invalid_argument", "reason");
  auto merge = Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(kept) + "/merge",
                       Json{{"merged_id", dup}, {"reason", "same child, name misspelt"}}.dump()),
                  201);
  EXPECT_EQ(merge["moved_rows"], 2);
  EXPECT_EQ(Ok(Call(manager, "GET", note_path))["person_id"], kept);
  auto record = Ok(Call(manager, "GET", "/api/v1/people/" + std::to_string(kept)));
  EXPECT_EQ(record["other_names"].size(), 1u) << record;
  ExpectError(Call(manager, "POST", "/api/v1/people/" + std::to_string(kept) + "/merge",
                   Json{{"merged_id", dup}, {"reason", "again"}}.dump()),
              409, "failed_precondition", "merged_id");
  auto found = Ok(Call(manager, "POST", "/api/v1/people/search", Json{{"name", "Jaden Price"}}.dump()));
  ASSERT_TRUE(found.contains("items")) << found;
  ASSERT_FALSE(found["items"].empty()) << found;  // the kept record still answers to the name
  for (const auto& h : found["items"]) EXPECT_NE(h["id"], dup) << found;

  const std::string undo = "/api/v1/merges/" + std::to_string(merge["id"].get<int64_t>()) + "/undo";
  auto undone = Ok(Call(manager, "POST", undo, Json{{"reason", "they are twins"}}.dump()));
  EXPECT_FALSE(undone["undone_at"].is_null());
  EXPECT_EQ(Ok(Call(manager, "GET", note_path))["person_id"], dup);
  ExpectError(Call(manager, "POST", undo, Json{{"reason", "again"}}.dump()), 409,
              "failed_precondition");
  auto history = Ok(Call(manager, "GET", "/api/v1/people/" + std::to_string(dup) + "/history"));
  std::vector<std::string> ops;
  for (const auto& v : history["items"]) ops.push_back(v["operation"]);
  EXPECT_NE(std::find(ops.begin(), ops.end(), "merge"), ops.end());
  EXPECT_NE(std::find(ops.begin(), ops.end(), "unmerge"), ops.end());
}

TEST_P(CaseworkApiTest, CaseworkAndAMergeIntoALaterRecordSurviveBackupAndRestore) {
  Session manager = TokenFor("team.manager");
  const int64_t dup = NewChild(manager, "Lola", "Fenwick");  // the older record is the duplicate
  const int64_t kept = NewChild(manager, "Lola", "Fenwick");
  Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(dup) + "/referrals",
          Json{{"referral_date", "2026-01-05"}, {"source", "6"}}.dump()),
     201);
  Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(kept) + "/merge",
          Json{{"merged_id", dup}, {"reason", "same child"}}.dump()),
     201);
  std::stringstream file;
  ASSERT_TRUE(storage::WriteBackup(*store_, file, *clock_holder_).ok());
  TestDb other(GetParam());
  auto dest = other.OpenMigrated();
  std::stringstream in(file.str());
  auto restored = storage::RestoreBackup(*dest, in);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  auto merged = storage::QueryOnce(*dest, "SELECT merged_into FROM people WHERE id = ?", {dup});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->rows.at(0).OptInt(0), kept);
  auto moved = storage::QueryOnce(*dest, "SELECT person_id FROM referrals");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->rows.at(0).Int(0), kept);
}

TEST_P(CaseworkApiTest, AChildComesIntoCareMovesAndLeavesWithEpisodesDerived) {
  Session worker = TokenFor("team.manager");
  const int64_t child = NewChild(worker, "Kai", "Doherty");
  const std::string base = "/api/v1/people/" + std::to_string(child);
  Today("2026-01-05");
  Json placement = {{"placement_type", "U6"},
                    {"provider", "PR1"},
                    {"carer_kind", "in_house_foster"},
                    {"postcode", "dn4 5aa"},
                    {"intended_duration", "medium_term"},
                    {"weekly_cost_social_care", 450.5},
                    {"payer", "social_care"}};
  // Bad requests change nothing.
  const int64_t before = Count("SELECT COUNT(*) FROM record_versions");
  ExpectError(Call(worker, "POST", base + "/care-periods",
                   Json{{"start_date", "2026-01-05"}, {"category_of_need", "N1"},
                        {"legal_status", "V2"}}
                       .dump()),
              400, "invalid_argument", "placement");
  ExpectError(Call(worker, "POST", base + "/care-periods",
                   Json{{"start_date", "2026-01-05"}, {"category_of_need", "N1"},
                        {"legal_status", "ZZ"}, {"placement", placement}}
                       .dump()),
              400, "invalid_argument", "legal_status");
  Json home = placement;
  home["placement_type"] = "K2";
  home["carer_kind"] = "childrens_home";
  ExpectError(Call(worker, "POST", base + "/care-periods",
                   Json{{"start_date", "2026-01-05"}, {"category_of_need", "N1"},
                        {"legal_status", "V2"}, {"placement", home}}
                       .dump()),
              400, "invalid_argument", "urn");
  Json costly = placement;
  costly["weekly_cost_social_care"] = 450.555;
  ExpectError(Call(worker, "POST", base + "/care-periods",
                   Json{{"start_date", "2026-01-05"}, {"category_of_need", "N1"},
                        {"legal_status", "V2"}, {"placement", costly}}
                       .dump()),
              400, "invalid_argument", "weekly_cost_social_care");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions"), before);

  auto started = Ok(Call(worker, "POST", base + "/care-periods",
                         Json{{"start_date", "2026-01-05"}, {"category_of_need", "N1"},
                              {"home_postcode", "DN1 3BU"}, {"legal_status", "V2"},
                              {"placement", placement}}
                             .dump()),
                    201);
  EXPECT_EQ(started["placement"]["postcode"], "DN4 5AA");
  EXPECT_EQ(started["placement"]["weekly_cost_social_care"], "450.50");
  const int64_t period = started["care_period"]["id"];
  auto cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "first_cla_review")["due"], "2026-02-02");
  EXPECT_EQ(ClockOf(cw, "first_cla_visit")["due"], "2026-01-12");

  // A care order, then a move to a children's home.
  Today("2026-03-02");
  Ok(Call(worker, "POST", base + "/legal-statuses",
          Json{{"care_period_id", period}, {"start_date", "2026-02-16"}, {"legal_status", "C1"}}
              .dump()),
     201);
  Ok(Call(worker, "POST", base + "/placements",
          Json{{"care_period_id", period}, {"start_date", "2026-03-02"}, {"placement_type", "K2"},
               {"provider", "PR4"}, {"carer_kind", "childrens_home"}, {"urn", "SC123456"},
               {"postcode", "S1 2AB"}, {"change_reason", "CREQB"}}
              .dump()),
     201);
  // Two placements cannot begin on one day; nothing is stored.
  ExpectError(Call(worker, "POST", base + "/placements",
                   Json{{"care_period_id", period}, {"start_date", "2026-03-02"},
                        {"placement_type", "U4"}, {"provider", "PR1"},
                        {"carer_kind", "in_house_foster"}}
                       .dump()),
              400, "invalid_argument", "start_date");

  // Leaving care ends the last placement with it.
  Today("2026-06-01");
  ExpectError(Call(worker, "PATCH", "/api/v1/care-periods/" + std::to_string(period),
                   Json{{"version", 1}, {"end_date", "2026-06-01"}}.dump()),
              400, "invalid_argument", "reason_ended");
  Ok(Call(worker, "PATCH", "/api/v1/care-periods/" + std::to_string(period),
          Json{{"version", 1}, {"end_date", "2026-06-01"}, {"reason_ended", "E4A"}}.dump()));
  auto care = Ok(Call(worker, "GET", base + "/care"));
  EXPECT_EQ(care["looked_after"], false);
  ASSERT_EQ(care["episodes"].size(), 3u) << care;
  std::string rnes;
  for (const auto& e : care["episodes"]) rnes += e["RNE"].get<std::string>();
  EXPECT_EQ(rnes, "SLP");
  EXPECT_EQ(care["episodes"][1]["REASON_PLACE_CHANGE"], "CREQB");
  EXPECT_EQ(care["episodes"][2]["URN"], "SC123456");
  EXPECT_EQ(care["episodes"][2]["DEC"], "2026-06-01");
  EXPECT_EQ(care["episodes"][2]["REC"], "E4A");
  EXPECT_EQ(care["placements"][0]["end_date"], "2026-03-02");
  EXPECT_EQ(care["placements"][1]["end_date"], "2026-06-01");
  // A correction that would break the history is refused: a placement after care ended.
  Today("2026-07-01");
  ExpectError(Call(worker, "POST", base + "/placements",
                   Json{{"care_period_id", period}, {"start_date", "2026-06-15"},
                        {"placement_type", "U4"}, {"provider", "PR1"},
                        {"carer_kind", "in_house_foster"}}
                       .dump()),
              400, "invalid_argument", "start_date");
  EXPECT_EQ(Ok(Call(worker, "GET", base + "/care"))["episodes"].size(), 3u);

  // Social worker episodes come from the allocations, with the reason the worker changed.
  Session social = TokenFor("social.worker");
  Session agency = TokenFor("agency.worker");
  Ok(Call(worker, "POST", base + "/allocations",
          Json{{"team_id", TeamId("CIN-CP-1")}, {"worker_id", social.user_id},
               {"start_date", "2026-01-05"}}
              .dump()),
     201);
  ExpectError(Call(worker, "POST", base + "/allocations",
                   Json{{"team_id", TeamId("CIN-CP-2")}, {"worker_id", agency.user_id},
                        {"start_date", "2026-03-02"}, {"change_reason", "BORED"}}
                       .dump()),
              400, "invalid_argument", "change_reason");
  ExpectError(Call(worker, "POST", base + "/allocations",
                   Json{{"team_id", TeamId("CIN-CP-1")}, {"worker_id", agency.user_id},
                        {"start_date", "2026-03-02"}}
                       .dump()),
              400, "invalid_argument", "worker_id");  // not in that team
  Ok(Call(worker, "POST", base + "/allocations",
          Json{{"team_id", TeamId("CIN-CP-2")}, {"worker_id", agency.user_id},
               {"start_date", "2026-03-02"}, {"change_reason", "LEFTRL"}}
              .dump()),
     201);
  auto sw = Ok(Call(agency, "GET", base + "/social-worker-episodes"));
  ASSERT_EQ(sw["items"].size(), 2u) << sw;
  EXPECT_EQ(sw["items"][0]["SW_ID"], "social.worker");
  EXPECT_EQ(sw["items"][0]["SW_DEC"], "2026-03-02");
  // The reason is why the worker changed to this one: none was given for the first allocation.
  EXPECT_TRUE(sw["items"][0]["SW_REASON"].is_null()) << sw;
  EXPECT_EQ(sw["items"][1]["SW_REASON"], "LEFTRL");
  EXPECT_TRUE(sw["items"][1]["SW_DEC"].is_null());
  // The child has moved to the other team: the first team's manager no longer opens the record.
  ExpectError(Call(worker, "GET", base + "/care"), 403, "permission_denied");
}

// One episode as the SSDA903 return has it: DECOM RNE LS PLACE PLACE_PROVIDER DEC REC.
std::string EpisodeRow(const Json& e) {
  auto text = [&](const char* k) { return e[k].is_null() ? std::string("-") : e[k].get<std::string>(); };
  return text("DECOM") + " " + text("RNE") + " " + text("LS") + " " + text("PLACE") + " " +
         text("PLACE_PROVIDER") + " " + text("DEC") + " " + text("REC");
}

TEST_P(CaseworkApiTest, IntoCareAndOutAgainAsACareLeaver) {
  Session worker = TokenFor("team.manager");
  auto person = Ok(Call(worker, "POST", "/api/v1/people",
                        Json{{"service_area_id", AreaId("CYPIC")}, {"given_name", "Tyler"},
                             {"family_name", "Marsh"}, {"date_of_birth", "2008-03-10"}, {"sex", "M"}}
                            .dump()),
                   201);
  const std::string base = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  Today("2025-06-02");
  auto started = Ok(Call(worker, "POST", base + "/care-periods",
                         Json{{"start_date", "2025-06-02"}, {"category_of_need", "N4"},
                              {"home_postcode", "DN2 6AB"}, {"legal_status", "V2"},
                              {"placement", {{"placement_type", "U6"}, {"provider", "PR1"},
                                             {"carer_kind", "in_house_foster"},
                                             {"postcode", "DN4 5AA"},
                                             {"intended_duration", "emergency"}}}}
                             .dump()),
                    201);
  const int64_t period = started["care_period"]["id"];
  auto cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "first_cla_review")["due"], "2025-06-30");
  EXPECT_EQ(ClockOf(cw, "first_cla_visit")["due"], "2025-06-09");

  Today("2025-06-27");
  Ok(Call(worker, "POST", base + "/cla-visits",
          Json{{"care_period_id", period}, {"visit_date", "2025-06-06"}, {"seen", true},
               {"seen_alone", true}}
              .dump()),
     201);
  Ok(Call(worker, "POST", base + "/cla-reviews",
          Json{{"care_period_id", period}, {"review_date", "2025-06-27"}, {"participation", "PN1"}}
              .dump()),
     201);
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "first_cla_review")["state"], "met");
  EXPECT_EQ(ClockOf(cw, "second_cla_review")["due"], "2025-09-27");
  EXPECT_EQ(ClockOf(cw, "cla_visit_first_year")["due"], "2025-07-18");

  // An interim care order, then new long-term carers, then a care order.
  Today("2025-10-06");
  Ok(Call(worker, "POST", base + "/legal-statuses",
          Json{{"care_period_id", period}, {"start_date", "2025-07-14"}, {"legal_status", "C1"}}
              .dump()),
     201);
  Ok(Call(worker, "POST", base + "/placements",
          Json{{"care_period_id", period}, {"start_date", "2025-08-04"}, {"placement_type", "U4"},
               {"provider", "PR1"}, {"carer_kind", "in_house_foster"}, {"postcode", "DN5 7XY"},
               {"intended_duration", "until_18"}, {"change_reason", "CARPL"}}
              .dump()),
     201);
  Ok(Call(worker, "POST", base + "/cla-visits",
          Json{{"care_period_id", period}, {"visit_date", "2025-08-08"}, {"seen", true}}.dump()),
     201);
  Ok(Call(worker, "POST", base + "/cla-reviews",
          Json{{"care_period_id", period}, {"review_date", "2025-09-22"}, {"participation", "PN2"}}
              .dump()),
     201);
  Ok(Call(worker, "POST", base + "/legal-statuses",
          Json{{"care_period_id", period}, {"start_date", "2025-10-06"}, {"legal_status", "C2"}}
              .dump()),
     201);
  cw = Ok(Call(worker, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "second_cla_review")["state"], "met");
  EXPECT_EQ(ClockOf(cw, "cla_review")["due"], "2026-03-22");
  EXPECT_EQ(ClockOf(cw, "cla_visit_first_year")["due"], "2025-09-19");  // 6 weeks on
  EXPECT_EQ(ClockOf(cw, "cla_visit_first_year")["state"], "overdue");

  // At 18 the young person leaves care and becomes a care leaver.
  Today("2026-03-10");
  Ok(Call(worker, "PATCH", "/api/v1/care-periods/" + std::to_string(period),
          Json{{"version", 1}, {"end_date", "2026-03-10"}, {"reason_ended", "E5"}}.dump()));
  Ok(Call(worker, "POST", base + "/care-leaver-status",
          Json{{"eligibility", "former_relevant"}, {"start_date", "2026-03-10"},
               {"personal_adviser", "Sam Okafor"}}
              .dump()),
     201);
  auto care = Ok(Call(worker, "GET", base + "/care"));
  std::vector<std::string> rows;
  for (const auto& e : care["episodes"]) rows.push_back(EpisodeRow(e));
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "2025-06-02 S V2 U6 PR1 2025-07-14 X1",
                      "2025-07-14 L C1 U6 PR1 2025-08-04 X1",
                      "2025-08-04 P C1 U4 PR1 2025-10-06 X1",
                      "2025-10-06 L C2 U4 PR1 2026-03-10 E5",
                  }));
  EXPECT_EQ(care["episodes"][1]["REASON_PLACE_CHANGE"], "CARPL");
  EXPECT_EQ(care["episodes"][3]["PL_POST"], "DN5 7XY");
  EXPECT_EQ(care["episodes"][0]["HOME_POST"], "DN2 6AB");
  cw = Ok(Call(worker, "GET", base + "/casework"));
  std::set<std::string> running;
  for (const auto& c : cw["outstanding"]) running.insert(c["timescale"]);
  EXPECT_EQ(running, (std::set<std::string>{"pathway_plan_review", "pa_contact"}))
      << cw["outstanding"];  // the looked-after clocks stopped with care
  EXPECT_EQ(ClockOf(cw, "pathway_plan_review")["due"], "2026-09-10");
}

TEST_P(CaseworkApiTest, ABabyIsAdoptedFromTheDecisionToTheAdoptionOrder) {
  Session manager = TokenFor("team.manager");
  auto person = Ok(Call(manager, "POST", "/api/v1/people",
                        Json{{"service_area_id", AreaId("CYPIC")}, {"given_name", "Ruby"},
                             {"family_name", "Lake"}, {"date_of_birth", "2025-01-06"}, {"sex", "F"}}
                            .dump()),
                   201);
  const std::string base = "/api/v1/people/" + std::to_string(person["id"].get<int64_t>());
  Today("2025-01-08");
  auto started = Ok(Call(manager, "POST", base + "/care-periods",
                         Json{{"start_date", "2025-01-08"}, {"category_of_need", "N1"},
                              {"home_postcode", "DN1 2QQ"}, {"legal_status", "C1"},
                              {"placement", {{"placement_type", "U6"}, {"provider", "PR1"},
                                             {"carer_kind", "in_house_foster"},
                                             {"postcode", "DN3 1AA"}}}}
                             .dump()),
                    201);
  const int64_t period = started["care_period"]["id"];
  Today("2025-04-01");
  auto plan = Ok(Call(manager, "POST", base + "/adoption-plans",
                      Json{{"decision_date", "2025-04-01"}}.dump()),
                 201);
  const std::string plan_path = "/api/v1/adoption-plans/" + std::to_string(plan["id"].get<int64_t>());
  auto cw = Ok(Call(manager, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "adoption_a1")["due"], "2026-03-08");  // 14 months from entering care

  Today("2025-07-14");
  Ok(Call(manager, "POST", base + "/legal-statuses",
          Json{{"care_period_id", period}, {"start_date", "2025-06-02"}, {"legal_status", "E1"}}
              .dump()),
     201);
  plan = Ok(Call(manager, "PATCH", plan_path,
                 Json{{"version", 1}, {"placement_order_date", "2025-06-02"},
                      {"match_date", "2025-07-01"}, {"adopters", 2}, {"adopters_sex", "MF"},
                      {"adopters_legal_status", "L11"}}
                     .dump()));
  Ok(Call(manager, "POST", base + "/placements",
          Json{{"care_period_id", period}, {"start_date", "2025-07-14"}, {"placement_type", "A6"},
               {"provider", "PR1"}, {"carer_kind", "adopters"}, {"postcode", "S10 1AA"},
               {"intended_duration", "permanent"}, {"change_reason", "CARPL"}}
              .dump()),
     201);
  plan = Ok(Call(manager, "PATCH", plan_path,
                 Json{{"version", 2}, {"placed_date", "2025-07-14"}}.dump()));
  ExpectError(Call(manager, "PATCH", plan_path,
                   Json{{"version", 3}, {"adoption_order_date", "2025-07-01"}}.dump()),
              400, "invalid_argument", "adoption_order_date");  // before the placement
  cw = Ok(Call(manager, "GET", base + "/casework"));
  EXPECT_EQ(ClockOf(cw, "adoption_a1")["state"], "met");
  EXPECT_EQ(ClockOf(cw, "adoption_a2")["due"], "2025-10-02");
  EXPECT_EQ(ClockOf(cw, "adoption_a2")["state"], "met");

  Today("2026-01-12");
  Ok(Call(manager, "PATCH", plan_path,
          Json{{"version", 3}, {"adoption_order_date", "2026-01-12"}}.dump()));
  Ok(Call(manager, "POST", plan_path + "/authorise", Json{{"version", 4}}.dump()));
  Ok(Call(manager, "PATCH", "/api/v1/care-periods/" + std::to_string(period),
          Json{{"version", 1}, {"end_date", "2026-01-12"}, {"reason_ended", "E11"}}.dump()));
  auto care = Ok(Call(manager, "GET", base + "/care"));
  std::vector<std::string> rows;
  for (const auto& e : care["episodes"]) rows.push_back(EpisodeRow(e));
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "2025-01-08 S C1 U6 PR1 2025-06-02 X1",
                      "2025-06-02 L E1 U6 PR1 2025-07-14 X1",
                      "2025-07-14 P E1 A6 PR1 2026-01-12 E11",
                  }));
  EXPECT_TRUE(Ok(Call(manager, "GET", base + "/casework"))["outstanding"].empty());
}

TEST_P(CaseworkApiTest, OpenApiDocumentIsServedWithoutSigningInAndCoversEveryRoute) {
  auto r = Send(port_, "GET", "/api/v1/openapi.json");
  auto doc = Ok(r);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  // Every route the server answers is documented, with its method, and nothing else is.
  size_t documented = 0;
  for (const auto& [path, methods] : doc["paths"].items()) documented += methods.size();
  const auto routes = services_->router.Routes();
  for (const auto& [method, pattern] : routes) {
    std::string m(http::MethodName(method));
    std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_TRUE(doc["paths"].contains(pattern) && doc["paths"][pattern].contains(m))
        << m << " " << pattern << " is not in the OpenAPI document";
  }
  EXPECT_EQ(documented, routes.size());
}

HAVEN_INSTANTIATE_BACKENDS(CaseworkApiTest);

}  // namespace
}  // namespace haven::test
