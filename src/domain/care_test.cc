#include "domain/care.h"

#include <gtest/gtest.h>

#include "domain/child_clocks.h"

namespace haven::domain {
namespace {

StepRecord Rec(const std::string& kind, int64_t id, Values values) {
  StepRecord r;
  r.kind = kind;
  r.id = id;
  r.person_id = 1;
  r.values = std::move(values);
  return r;
}

StepRecord Period(int64_t id, const std::string& start, std::optional<std::string> end = {},
                  std::optional<std::string> reason = {}) {
  return Rec("care_period", id,
             {{"start_date", start}, {"category_of_need", "N1"}, {"home_postcode", "DN1 3BU"},
              {"end_date", end}, {"reason_ended", reason}});
}
StepRecord LegalStatus(int64_t id, int64_t period, const std::string& start, const std::string& ls) {
  return Rec("legal_status", id,
             {{"care_period_id", std::to_string(period)}, {"start_date", start}, {"legal_status", ls}});
}
StepRecord Placement(int64_t id, int64_t period, const std::string& start, const std::string& place,
                     bool same_carer = false, std::optional<std::string> reason = {}) {
  return Rec("placement", id,
             {{"care_period_id", std::to_string(period)},
              {"start_date", start},
              {"placement_type", place},
              {"provider", place == "P1" ? "PR0" : "PR1"},
              {"postcode", "DN4 5AA"},
              {"same_carer", same_carer ? "1" : "0"},
              {"change_reason", reason}});
}

std::string Rnes(const std::vector<Episode>& eps) {
  std::string out;
  for (const auto& e : eps) out += e.rne;
  return out;
}

TEST(CareEpisodes, EachChangeOfLegalStatusOrPlacementStartsAnEpisode) {
  std::vector<StepRecord> steps = {
      Period(1, "2025-01-10", "2025-12-01", "E4A"),
      LegalStatus(10, 1, "2025-01-10", "V2"),
      Placement(20, 1, "2025-01-10", "U6"),
      LegalStatus(11, 1, "2025-03-01", "C1"),                        // legal status only: L
      Placement(21, 1, "2025-05-01", "U4", false, "CARPL"),       // new carers: P
      Placement(22, 1, "2025-07-01", "U4", true, "PLACE"),        // same carers: T
      LegalStatus(12, 1, "2025-09-01", "C2"),                        // both, new carers: B
      Placement(23, 1, "2025-09-01", "K2", false, "CREQB"),
      LegalStatus(13, 1, "2025-10-01", "E1"),                        // both, same carers: U
      Placement(24, 1, "2025-10-01", "K2", true, "PLACE"),
  };
  auto eps = DeriveEpisodes(steps);
  ASSERT_TRUE(eps.ok()) << eps.status().ToString();
  EXPECT_EQ(Rnes(*eps), "SLPTBU");
  // Episodes chain: each ends the day the next begins (X1); the last ends with care.
  for (size_t i = 0; i + 1 < eps->size(); ++i) {
    EXPECT_EQ((*eps)[i].dec, (*eps)[i + 1].decom);
    EXPECT_EQ((*eps)[i].rec, "X1");
  }
  EXPECT_EQ(eps->back().dec, "2025-12-01");
  EXPECT_EQ(eps->back().rec, "E4A");
  EXPECT_EQ((*eps)[1].ls, "C1");
  EXPECT_EQ((*eps)[1].place, "U6");  // the placement carries on through a change of status
  EXPECT_EQ((*eps)[0].home_post, "DN1 3BU");
  // The reason for a move sits on the episode that ends with it.
  EXPECT_EQ((*eps)[1].reason_place_change, "CARPL");
  EXPECT_EQ((*eps)[2].reason_place_change, "PLACE");
  EXPECT_EQ((*eps)[0].reason_place_change, std::nullopt);  // ended by a change of status only
}

TEST(CareEpisodes, NoReasonForAChangeAroundATemporaryMove) {
  std::vector<StepRecord> steps = {
      Period(1, "2025-01-10"), LegalStatus(10, 1, "2025-01-10", "C2"),
      Placement(20, 1, "2025-01-10", "U4"),
      Rec("placement", 21, {{"care_period_id", "1"}, {"start_date", "2025-03-01"},
                            {"placement_type", "T1"}, {"change_reason", "OTHER"}}),
      Placement(22, 1, "2025-03-10", "U4", true, "PLACE"),
  };
  auto eps = DeriveEpisodes(steps);
  ASSERT_TRUE(eps.ok()) << eps.status().ToString();
  EXPECT_EQ(Rnes(*eps), "SPT");
  for (const auto& e : *eps) EXPECT_EQ(e.reason_place_change, std::nullopt) << e.decom;
}

TEST(CareEpisodes, AnOpenPeriodEndsWithAnOpenEpisodeAndPeriodsFollowEachOther) {
  std::vector<StepRecord> steps = {
      Period(1, "2024-01-10", "2024-06-01", "E13"), LegalStatus(10, 1, "2024-01-10", "V2"),
      Placement(20, 1, "2024-01-10", "U6"),         Period(2, "2025-02-01"),
      LegalStatus(11, 2, "2025-02-01", "C2"),           Placement(21, 2, "2025-02-01", "U4"),
  };
  auto eps = DeriveEpisodes(steps);
  ASSERT_TRUE(eps.ok()) << eps.status().ToString();
  EXPECT_EQ(Rnes(*eps), "SS");
  EXPECT_EQ(eps->back().dec, std::nullopt);
  EXPECT_EQ(eps->back().rec, std::nullopt);
  auto ends = PlacementEnds(steps);
  EXPECT_EQ(ends[20], "2024-06-01");
  EXPECT_EQ(ends[21], std::nullopt);
}

TEST(CareEpisodes, AnInconsistentHistoryIsRefusedNamingTheField) {
  struct Case {
    std::vector<StepRecord> steps;
    std::string field;
  };
  const std::vector<Case> cases = {
      // No legal status from the first day.
      {{Period(1, "2025-01-10"), LegalStatus(10, 1, "2025-01-11", "C1"),
        Placement(20, 1, "2025-01-10", "U6")},
       "legal_status"},
      // No placement from the first day.
      {{Period(1, "2025-01-10"), LegalStatus(10, 1, "2025-01-10", "C1")}, "placement_type"},
      // Two placements on one day.
      {{Period(1, "2025-01-10"), LegalStatus(10, 1, "2025-01-10", "C1"),
        Placement(20, 1, "2025-01-10", "U6"), Placement(21, 1, "2025-03-01", "U4"),
        Placement(22, 1, "2025-03-01", "K2")},
       "start_date"},
      // A placement after care ended.
      {{Period(1, "2025-01-10", "2025-02-01", "E13"), LegalStatus(10, 1, "2025-01-10", "C1"),
        Placement(20, 1, "2025-01-10", "U6"), Placement(21, 1, "2025-03-01", "U4")},
       "start_date"},
      // Care cannot begin in a temporary placement.
      {{Period(1, "2025-01-10"), LegalStatus(10, 1, "2025-01-10", "C1"),
        Placement(20, 1, "2025-01-10", "T1")},
       "placement_type"},
      // Care must last at least a day.
      {{Period(1, "2025-01-10", "2025-01-10", "E13"), LegalStatus(10, 1, "2025-01-10", "C1"),
        Placement(20, 1, "2025-01-10", "U6")},
       "end_date"},
      // A period that begins while another is open.
      {{Period(1, "2025-01-10"), LegalStatus(10, 1, "2025-01-10", "C1"),
        Placement(20, 1, "2025-01-10", "U6"), Period(2, "2025-03-01"),
        LegalStatus(11, 2, "2025-03-01", "C1"), Placement(21, 2, "2025-03-01", "U6")},
       "start_date"},
  };
  for (const auto& c : cases) {
    auto eps = DeriveEpisodes(c.steps);
    ASSERT_FALSE(eps.ok());
    EXPECT_EQ(eps.status().field(), c.field) << eps.status().ToString();
  }
}

TEST(CareSteps, RulesForPlacementsAndOtherStepsNameTheField) {
  std::vector<std::string> warnings;
  auto check = [&](const std::string& kind, const Values& v) {
    warnings.clear();
    return CheckCareStep(*FindStep(kind), v, warnings);
  };
  Values home = {{"placement_type", "K2"}, {"provider", "PR4"}, {"carer_kind", "childrens_home"}};
  EXPECT_EQ(check("placement", home).field(), "urn");
  home["urn"] = "SC123";
  EXPECT_EQ(check("placement", home).field(), "urn");
  home["urn"] = "SC123456";
  EXPECT_TRUE(check("placement", home).ok());
  EXPECT_FALSE(warnings.empty());  // no postcode, no intended duration
  EXPECT_EQ(check("placement", {{"placement_type", "U4"}, {"provider", "PR1"},
                                {"carer_kind", "childrens_home"}, {"urn", "SC123456"}})
                .field(),
            "carer_kind");
  EXPECT_EQ(check("placement", {{"placement_type", "P1"}, {"provider", "PR1"},
                                {"carer_kind", "family_friends"}})
                .field(),
            "provider");
  EXPECT_TRUE(check("placement", {{"placement_type", "K2"}, {"provider", "PR4"},
                                  {"carer_kind", "childrens_home"}, {"urn", "XXXXXXX"}})
                  .ok());
  EXPECT_EQ(check("placement", {{"placement_type", "T2"}, {"provider", "PR1"},
                                {"carer_kind", "other"}})
                .field(),
            "provider");
  EXPECT_TRUE(check("placement", {{"placement_type", "T2"}, {"carer_kind", "other"}}).ok());
  EXPECT_EQ(check("placement", {{"placement_type", "U4"}, {"carer_kind", "in_house_foster"}})
                .field(),
            "provider");
  EXPECT_EQ(check("care_period", {{"end_date", "2025-01-01"}}).field(), "reason_ended");
  EXPECT_EQ(check("sdq", {{"sdq_date", "2025-01-01"}}).field(), "score");
  EXPECT_EQ(check("sdq", {{"score", "41"}}).field(), "score");
  EXPECT_TRUE(check("sdq", {{"no_score_reason", "SDQ1"}}).ok());
  EXPECT_EQ(check("missing_episode", {{"start_date", "2025-01-01"}, {"rhi_accepted", "1"}}).field(),
            "rhi_offered_date");
  EXPECT_EQ(check("missing_episode", {{"start_date", "2025-01-05"}, {"end_date", "2025-01-04"}})
                .field(),
            "end_date");
  EXPECT_EQ(check("adoption_plan", {{"decision_date", "2025-01-05"}, {"match_date", "2025-01-04"}})
                .field(),
            "match_date");
  EXPECT_EQ(check("adoption_plan", {{"decision_date", "2025-01-05"},
                                    {"reversed_date", "2025-03-01"}})
                .field(),
            "reversed_reason");
}

class CareClocksTest : public ::testing::Test {
 protected:
  const DueAction* Find(const std::string& id, const char* today) {
    clocks_ = DeriveClocks(steps_, *Date::Parse(today), timescales_, calendar_, dob_);
    const DueAction* last = nullptr;
    for (const auto& a : clocks_.actions) {
      if (a.timescale_id == id) last = &a;
    }
    return last;
  }
  clocks::WorkingCalendar calendar_ = clocks::WorkingCalendar::EnglandAndWales();
  clocks::Timescales timescales_;
  std::vector<StepRecord> steps_ = {Period(1, "2026-01-05"), LegalStatus(10, 1, "2026-01-05", "C1"),
                                    Placement(20, 1, "2026-01-05", "U4")};
  std::optional<Date> dob_ = Date::Parse("2015-06-01");
  ChildClocks clocks_;
};

TEST_F(CareClocksTest, ReviewsFirstIn20WorkingDaysThenThreeThenSixMonths) {
  EXPECT_EQ(Find("first_cla_review", "2026-01-06")->clock.due.ToString(), "2026-02-02");
  steps_.push_back(Rec("cla_review", 30, {{"care_period_id", "1"}, {"review_date", "2026-01-30"},
                                          {"participation", "PN1"}}));
  EXPECT_EQ(Find("first_cla_review", "2026-02-01")->clock.state, clocks::ClockState::kMet);
  EXPECT_EQ(Find("second_cla_review", "2026-02-01")->clock.due.ToString(), "2026-04-30");
  steps_.push_back(Rec("cla_review", 31, {{"care_period_id", "1"}, {"review_date", "2026-04-20"},
                                          {"participation", "PN1"}}));
  EXPECT_EQ(Find("cla_review", "2026-05-01")->clock.due.ToString(), "2026-10-20");
}

TEST_F(CareClocksTest, VisitsWithinAWeekThenEverySixWeeksThenThreeMonthsWhenLongTerm) {
  EXPECT_EQ(Find("first_cla_visit", "2026-01-06")->clock.due.ToString(), "2026-01-12");
  EXPECT_EQ(Find("first_cla_visit", "2026-01-13")->clock.state, clocks::ClockState::kOverdue);
  EXPECT_EQ(clocks_.drift.size(), 1u);
  steps_.push_back(Rec("cla_visit", 40, {{"care_period_id", "1"}, {"visit_date", "2026-01-09"},
                                         {"seen", "1"}}));
  EXPECT_EQ(Find("cla_visit_first_year", "2026-01-13")->clock.due.ToString(), "2026-02-20");
  // After the placement's first year, a placement meant to last until 18 is visited 3-monthly.
  steps_[2].values["intended_duration"] = "until_18";
  steps_.push_back(Rec("cla_visit", 41, {{"care_period_id", "1"}, {"visit_date", "2027-01-20"},
                                         {"seen", "1"}}));
  EXPECT_EQ(Find("cla_visit_long_term", "2027-01-21")->clock.due.ToString(), "2027-04-20");
  // A move starts the first-week visit again, for the new placement.
  steps_.push_back(Placement(21, 1, "2027-02-01", "U6", false, "CHILD"));
  auto* first = Find("first_cla_visit", "2027-02-02");
  EXPECT_EQ(first->record_id, 21);
  EXPECT_EQ(first->clock.due.ToString(), "2027-02-08");
}

TEST_F(CareClocksTest, HealthEducationReturnInterviewsAndLeavers) {
  EXPECT_EQ(Find("initial_health_assessment", "2026-01-06")->clock.due.ToString(), "2026-02-02");
  EXPECT_EQ(Find("pep", "2026-01-06")->clock.due.ToString(), "2026-01-19");
  steps_.push_back(Rec("health_check", 50, {{"care_period_id", "1"},
                                            {"check_kind", "initial_health_assessment"},
                                            {"check_date", "2026-01-20"}}));
  // The child is 10: reviews every 12 months.
  EXPECT_EQ(Find("health_review_5_plus", "2026-02-01")->clock.due.ToString(), "2027-01-20");
  dob_ = Date::Parse("2023-06-01");  // a 2-year-old: every 6 months
  EXPECT_EQ(Find("health_review_under_5", "2026-02-01")->clock.due.ToString(), "2026-07-20");
  steps_.push_back(Rec("missing_episode", 60, {{"missing_kind", "M"}, {"start_date", "2026-03-01"},
                                               {"end_date", "2026-03-02"}}));
  EXPECT_EQ(Find("return_interview", "2026-03-06")->clock.due.ToString(), "2026-03-05");
  EXPECT_EQ(Find("return_interview", "2026-03-06")->clock.state, clocks::ClockState::kOverdue);
  steps_.push_back(Rec("care_leaver", 70, {{"eligibility", "eligible"},
                                           {"start_date", "2026-03-01"}}));
  EXPECT_EQ(Find("pathway_plan_review", "2026-03-02")->clock.due.ToString(), "2026-09-01");
  EXPECT_EQ(Find("pa_contact", "2026-03-02")->clock.due.ToString(), "2026-05-01");
}

}  // namespace
}  // namespace haven::domain
