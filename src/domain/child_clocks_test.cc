#include "domain/child_clocks.h"

#include <gtest/gtest.h>

namespace haven::domain {
namespace {

StepRecord Rec(const std::string& kind, int64_t id, Values values, int64_t referral = 10) {
  StepRecord r;
  r.kind = kind;
  r.id = id;
  r.person_id = 1;
  if (kind != "referral" && kind != "contact") r.referral_id = referral;
  r.values = std::move(values);
  return r;
}

Date D(const char* text) { return *Date::Parse(text); }

class ChildClocksTest : public ::testing::Test {
 protected:
  ChildClocks On(const char* today) {
    return DeriveClocks(steps_, D(today), timescales_, calendar_);
  }
  static const DueAction* Find(const ChildClocks& c, const std::string& id) {
    const DueAction* last = nullptr;
    for (const auto& a : c.actions) {
      if (a.timescale_id == id) last = &a;
    }
    return last;
  }
  clocks::WorkingCalendar calendar_ = clocks::WorkingCalendar::EnglandAndWales();
  clocks::Timescales timescales_;
  std::vector<StepRecord> steps_;
};

TEST_F(ChildClocksTest, TheAssessmentClockCountsWorkingDaysAcrossChristmas) {
  // Referral on Monday 1 December 2025: 45 working days skip the weekends, Christmas Day, Boxing
  // Day and New Year's Day, so the assessment is due on Thursday 5 February 2026.
  steps_.push_back(Rec("referral", 10, {{"referral_date", "2025-12-01"}}));
  auto c = On("2026-01-10");
  ASSERT_NE(Find(c, "assessment"), nullptr);
  EXPECT_EQ(Find(c, "assessment")->clock.due, D("2026-02-05"));
  EXPECT_EQ(Find(c, "assessment")->clock.state, clocks::ClockState::kDue);
  EXPECT_EQ(Find(On("2026-02-05"), "assessment")->clock.state, clocks::ClockState::kDue);
  EXPECT_EQ(Find(On("2026-02-06"), "assessment")->clock.state, clocks::ClockState::kOverdue);
  steps_.push_back(Rec("assessment", 2, {{"start_date", "2025-12-01"},
                                         {"completed_date", "2026-02-03"}}));
  EXPECT_EQ(Find(On("2026-02-06"), "assessment")->clock.state, clocks::ClockState::kMet);
}

TEST_F(ChildClocksTest, NoAssessmentClockAfterANoFurtherActionReferral) {
  steps_.push_back(Rec("referral", 10, {{"referral_date", "2026-01-05"}, {"nfa", "1"}}));
  EXPECT_EQ(Find(On("2026-06-01"), "assessment"), nullptr);
}

TEST_F(ChildClocksTest, ConferenceCoreGroupReviewsAndVisitsChainFromEachOther) {
  steps_ = {
      Rec("referral", 10, {{"referral_date", "2026-01-05"}}),
      Rec("strategy_discussion", 1, {{"discussion_date", "2026-01-07"}}),
      Rec("s47", 2, {{"strategy_discussion_id", "1"}, {"start_date", "2026-01-07"},
                     {"outcome", "icpc"}}),
      Rec("icpc", 3, {{"s47_id", "2"}, {"conference_date", "2026-01-27"}, {"outcome", "cp_plan"}}),
      Rec("cp_plan", 4, {{"icpc_id", "3"}, {"start_date", "2026-01-27"}}),
      Rec("cp_visit", 5, {{"cp_plan_id", "4"}, {"visit_date", "2026-02-05"}, {"seen", "1"}}),
      Rec("cp_visit", 6, {{"cp_plan_id", "4"}, {"visit_date", "2026-02-10"}, {"seen", "0"}}),
      Rec("cp_review", 7, {{"cp_plan_id", "4"}, {"review_date", "2026-04-20"}}),
  };
  auto c = On("2026-03-02");
  EXPECT_EQ(Find(c, "icpc")->clock.due, D("2026-01-28"));
  EXPECT_EQ(Find(c, "icpc")->clock.state, clocks::ClockState::kMet);
  EXPECT_EQ(Find(c, "first_core_group")->clock.state, clocks::ClockState::kOverdue);
  EXPECT_EQ(Find(c, "first_rcpc")->clock.due, D("2026-04-27"));
  // The unseen visit does not count: the next visit was due 10 working days after 5 February.
  EXPECT_EQ(Find(c, "cp_visit")->clock.started, D("2026-02-05"));
  EXPECT_EQ(Find(c, "cp_visit")->clock.due, D("2026-02-19"));
  EXPECT_EQ(Find(c, "cp_visit")->clock.state, clocks::ClockState::kOverdue);
  ASSERT_EQ(c.drift.size(), 1u);
  EXPECT_NE(c.drift[0].find("2026-02-19"), std::string::npos);
  // After the review, the next is due six months on.
  auto later = On("2026-04-21");
  EXPECT_EQ(Find(later, "rcpc")->clock.due, D("2026-10-20"));
}

TEST_F(ChildClocksTest, AnEndedPlanKeepsOnlyTheClocksItMet) {
  steps_ = {
      Rec("referral", 10, {{"referral_date", "2026-01-05"}}),
      Rec("cp_plan", 4, {{"start_date", "2026-01-27"}, {"end_date", "2026-03-01"}}),
      Rec("cp_visit", 5, {{"cp_plan_id", "4"}, {"visit_date", "2026-02-05"}, {"seen", "1"}}),
  };
  auto c = On("2026-06-01");
  for (const auto& a : c.actions) {
    if (a.kind == "cp_plan") {
      EXPECT_FALSE(IsOutstanding(a)) << a.timescale_id;
    }
  }
  EXPECT_TRUE(c.drift.empty());
}

TEST_F(ChildClocksTest, AChildInNeedPlanDriftsWithoutVisitsOrReviews) {
  steps_ = {
      Rec("cin_plan", 4, {{"start_date", "2026-01-05"}}),
      Rec("cin_visit", 5, {{"cin_plan_id", "4"}, {"visit_date", "2026-01-20"}, {"seen", "1"}}),
  };
  auto c = On("2026-02-16");
  EXPECT_EQ(Find(c, "cin_visit")->clock.due, D("2026-02-17"));  // 20 working days on
  EXPECT_TRUE(c.drift.empty());
  auto later = On("2026-04-07");
  EXPECT_EQ(Find(later, "cin_review")->clock.state, clocks::ClockState::kOverdue);  // 3 months
  EXPECT_EQ(later.drift.size(), 2u);
}

TEST_F(ChildClocksTest, ALocalStandardChangesTheVisitClock) {
  steps_ = {Rec("cp_plan", 4, {{"start_date", "2026-01-05"}})};
  ASSERT_TRUE(timescales_.SetLocalStandard("cp_visit", 15).ok());
  EXPECT_EQ(Find(On("2026-01-06"), "cp_visit")->clock.due, D("2026-01-26"));
}

TEST_F(ChildClocksTest, AContactDecisionIsDueTheNextWorkingDay) {
  steps_ = {Rec("contact", 1, {{"received_date", "2026-04-02"}})};  // the Thursday before Easter
  EXPECT_EQ(Find(On("2026-04-02"), "contact_decision")->clock.due, D("2026-04-07"));
}

}  // namespace
}  // namespace haven::domain
