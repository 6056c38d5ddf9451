#include "clocks/timescales.h"

#include <gtest/gtest.h>

#include <set>

namespace haven::clocks {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

TEST(TimescalesTest, EveryRuleIsComplete) {
  std::set<std::string> ids;
  for (const auto& r : DefaultTimescales()) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
    EXPECT_GT(r.amount, 0) << r.id;
    EXPECT_FALSE(r.step.empty()) << r.id;
    EXPECT_FALSE(r.from.empty()) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
  }
}

TEST(TimescalesTest, DueDatesFollowTheStatutoryUnits) {
  const auto cal = WorkingCalendar::EnglandAndWales();
  Timescales t;
  // Assessment: 45 working days from the referral.
  const Date referral = D("2023-01-03");
  const Date due = DueDate(*t.Find("assessment"), referral, cal);
  EXPECT_EQ(cal.WorkingDaysBetween(referral, due), 45);
  // ICPC: 15 working days after a strategy discussion on Monday 5 December 2022 is
  // Wednesday 28 December, past the Christmas holidays.
  EXPECT_EQ(DueDate(*t.Find("icpc"), D("2022-12-05"), cal), D("2022-12-28"));
  // First review conference within 3 months; later ones every 6.
  EXPECT_EQ(DueDate(*t.Find("first_rcpc"), D("2023-11-30"), cal), D("2024-02-29"));
  EXPECT_EQ(DueDate(*t.Find("rcpc"), D("2024-02-29"), cal), D("2024-08-29"));
  // Statutory visit within a week of placement; return interview within 72 hours.
  EXPECT_EQ(DueDate(*t.Find("first_cla_visit"), D("2024-05-01"), cal), D("2024-05-08"));
  EXPECT_EQ(DueDate(*t.Find("return_interview"), D("2024-05-01"), cal), D("2024-05-04"));
}

TEST(TimescalesTest, LocalStandardsCanChangeButTheLawCannot) {
  Timescales t;
  EXPECT_EQ(t.Find("cp_visit")->amount, 10);
  ASSERT_TRUE(t.SetLocalStandard("cp_visit", 15).ok());
  EXPECT_EQ(t.Find("cp_visit")->amount, 15);
  EXPECT_EQ(t.SetLocalStandard("assessment", 60).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(t.SetLocalStandard("cp_visit", 0).field(), "amount");
  EXPECT_EQ(t.SetLocalStandard("nonsense", 5).code(), StatusCode::kNotFound);
  EXPECT_EQ(t.Find("assessment")->amount, 45);
}

TEST(TimescalesTest, ClockStates) {
  const auto cal = WorkingCalendar::EnglandAndWales();
  const Timescale decision = *Timescales().Find("contact_decision");
  // A contact on Friday 23 December 2022 is due a decision on Wednesday 28 December.
  const Date contact = D("2022-12-23");
  auto open = Evaluate(decision, contact, std::nullopt, D("2022-12-27"), cal);
  EXPECT_EQ(open.due, D("2022-12-28"));
  EXPECT_EQ(open.state, ClockState::kDue);
  EXPECT_EQ(open.working_days_left, 1);
  auto late = Evaluate(decision, contact, std::nullopt, D("2022-12-30"), cal);
  EXPECT_EQ(late.state, ClockState::kOverdue);
  EXPECT_EQ(late.working_days_left, -2);
  EXPECT_EQ(Evaluate(decision, contact, D("2022-12-28"), D("2023-01-10"), cal).state, ClockState::kMet);
  auto met_late = Evaluate(decision, contact, D("2022-12-29"), D("2023-01-10"), cal);
  EXPECT_EQ(met_late.state, ClockState::kMetLate);
  EXPECT_EQ(met_late.working_days_left, -1);
}

}  // namespace
}  // namespace haven::clocks
