#include "reporting/measures.h"

#include <gtest/gtest.h>

#include <set>

#include "reporting/cube.h"
#include "reporting/model.h"
#include "reporting/scorecard.h"

namespace haven::reporting {
namespace {

// Each test builds a small authority by hand, on 31 March 2026 (the end of the 2025-26 year), so
// the latest month's year is 1 April 2025 to 31 March 2026. The population is 10,000 children, so
// a rate per 10,000 is the count itself. Every expected figure is worked out in the comments.

Date D(const char* s) { return *Date::Parse(s); }

class MeasuresTest : public ::testing::Test {
 protected:
  const clocks::WorkingCalendar calendar_ = clocks::WorkingCalendar::EnglandAndWales();
  const clocks::Timescales timescales_;

  std::unique_ptr<Model> Build(std::vector<ChildFacts> children, Workforce staff = {},
                               const char* today = "2026-03-31") {
    auto model = std::make_unique<Model>(calendar_, *Standards::From(timescales_), 10000, 12);
    std::unordered_map<int64_t, ChildFacts> by_id;
    for (auto& c : children) {
      SortFacts(c);
      by_id[c.person_id] = c;
    }
    model->Load(std::move(by_id), std::move(staff), D(today));
    return model;
  }

  // The figure for the last month shown (or `months_back` before it), for the whole authority.
  static Figure At(const Model& m, const char* measure, int months_back = 0) {
    const int index = MeasureIndex(measure);
    EXPECT_GE(index, 0) << measure;
    return m.cube().At(index, m.frame().months - 1 - months_back, Teams());
  }
};

TEST_F(MeasuresTest, EveryMeasureHasADefinitionAndAListDescription) {
  std::set<std::string> ids;
  for (const Measure& m : Measures()) {
    EXPECT_TRUE(ids.insert(m.id).second) << m.id;
    EXPECT_FALSE(m.title.empty()) << m.id;
    EXPECT_GT(m.definition.size(), 40u) << m.id;
    EXPECT_FALSE(m.basis.empty()) << m.id;
    EXPECT_FALSE(m.denominator.empty()) << m.id;
    if (m.england) {
      EXPECT_FALSE(m.england_note.empty()) << m.id;
    }
  }
  EXPECT_EQ(MeasureIndex("no_such_measure"), -1);
}

TEST_F(MeasuresTest, ContactsDecidedWithinOneWorkingDayCountBankHolidaysOut) {
  ChildFacts a;
  a.person_id = 1;
  // Mon 2 June 2025, decided Tue 3 June: the first working day after; a referral.
  a.contacts.push_back({D("2025-06-02"), D("2025-06-03"), "referral"});
  // Wed 24 Dec 2025, decided Mon 29 Dec: Christmas and Boxing Day are bank holidays and the 27th
  // and 28th a weekend, so the 29th is the first working day after: in time.
  a.contacts.push_back({D("2025-12-24"), D("2025-12-29"), "no_further_action"});
  // Fri 29 Aug 2025, decided Tue 2 Sept: Monday 1 Sept was the first working day; late.
  a.contacts.push_back({D("2025-08-29"), D("2025-09-02"), "advice"});
  // Received before the year, decided in it: counted by its decision; in time is Mon 31 Mar.
  a.contacts.push_back({D("2025-03-28"), D("2025-04-01"), "strategy_discussion"});
  auto m = Build({a});
  // Decided in the year: 4. In time: 2 June, 24 Dec = 2 of 4.
  EXPECT_DOUBLE_EQ(At(*m, "contact_decision_1wd").value, 50.0);
  // Referred (a referral or a strategy discussion): 2 of 4.
  EXPECT_DOUBLE_EQ(At(*m, "contact_conversion").value, 50.0);
  // Contacts received in the year: 3 (the one received in March 2025 is not).
  EXPECT_DOUBLE_EQ(At(*m, "contacts_rate").value, 3.0);
}

TEST_F(MeasuresTest, AReReferralExactlyTwelveMonthsLaterCountsAndADayMoreDoesNot) {
  ChildFacts b;
  b.person_id = 1;
  b.referrals.push_back({D("2024-05-10"), D("2024-06-01"), false, 7});
  b.referrals.push_back({D("2025-05-10"), D("2025-07-01"), false, 7});  // exactly 12 months
  b.referrals.push_back({D("2026-03-01"), std::nullopt, false, 7});     // 10 months after
  ChildFacts c;
  c.person_id = 2;
  c.referrals.push_back({D("2024-03-31"), D("2024-04-30"), false, 8});
  c.referrals.push_back({D("2025-04-01"), D("2025-04-02"), true, 8});  // 12 months and a day
  auto m = Build({b, c});
  // Referrals in the year: 10 May 2025, 1 Mar 2026 and 1 Apr 2025 = 3; re-referrals 2 of 3.
  EXPECT_NEAR(At(*m, "re_referrals").value, 200.0 / 3, 1e-9);
  EXPECT_EQ(At(*m, "re_referrals").numerator, 2);
  EXPECT_DOUBLE_EQ(At(*m, "referrals_rate").value, 3.0);
  EXPECT_NEAR(At(*m, "referrals_nfa").value, 100.0 / 3, 1e-9);
  // Open at 31 March: b's third referral only; nobody is allocated.
  EXPECT_DOUBLE_EQ(At(*m, "cin_rate").value, 1.0);
  EXPECT_DOUBLE_EQ(At(*m, "unallocated").value, 1.0);
}

TEST_F(MeasuresTest, AssessmentsAreTimedInWorkingDaysFromStartAndFromReferral) {
  ChildFacts d;
  d.person_id = 1;
  // 1 Sept to 3 Nov 2025: 21 working days in the rest of September, 23 in October, and Mon 3 Nov:
  // 45, within the limit.
  d.assessments.push_back({D("2025-09-01"), D("2025-11-03"), D("2025-09-01")});
  // 1 Dec 2025 to 6 Feb 2026: 20 working days in December (25 and 26 are holidays), 21 in January
  // (1 Jan is one), 5 in February to Friday the 6th: 46, over.
  d.assessments.push_back({D("2025-12-01"), D("2026-02-06"), D("2025-11-20")});
  // Not yet authorised: not counted.
  d.assessments.push_back({D("2026-03-02"), std::nullopt, D("2026-03-02")});
  auto m = Build({d});
  EXPECT_DOUBLE_EQ(At(*m, "assessments_45wd").value, 50.0);
  EXPECT_DOUBLE_EQ(At(*m, "assessment_median_wd").value, 45.5);
  // From the referral: the first is the same 45; the second starts from 20 Nov, so later still.
  EXPECT_DOUBLE_EQ(At(*m, "assessments_45wd_from_referral").value, 50.0);
}

TEST_F(MeasuresTest, TheIcpcIsTimedFromTheEnquiryByTheDfeAndFromTheStrategyDiscussionLocally) {
  ChildFacts e;
  e.person_id = 1;
  e.s47_starts.push_back(D("2025-10-01"));
  // Wed 1 Oct to Wed 22 Oct: 2 + 5 + 5 + 3 = 15 working days after the enquiry began: in time.
  // From the strategy discussion on Mon 29 Sept it is 17: late by Working Together's measure.
  e.icpcs.push_back({D("2025-10-22"), D("2025-10-01"), D("2025-09-29")});
  // A conference dated before its enquiry: counted, in time, left out of the median.
  e.icpcs.push_back({D("2025-11-03"), D("2025-11-05"), std::nullopt});
  auto m = Build({e});
  EXPECT_DOUBLE_EQ(At(*m, "icpc_15wd").value, 100.0);
  EXPECT_EQ(At(*m, "icpc_15wd").denominator, 2);
  EXPECT_DOUBLE_EQ(At(*m, "icpc_15wd_from_strategy").value, 0.0);
  EXPECT_DOUBLE_EQ(At(*m, "icpc_median_wd").value, 15.0);
  EXPECT_DOUBLE_EQ(At(*m, "s47_rate").value, 1.0);
}

TEST_F(MeasuresTest, ChildProtectionPlansSecondPlansTwoYearsVisitsAndReviews) {
  ChildFacts e;  // a second plan, visited and reviewed in time
  e.person_id = 1;
  e.cp_plans.push_back({D("2023-01-10"), D("2025-01-10"), 0, {}, {}});
  // First review within 3 months (by 1 Sept), the next within 6 (by 28 Feb); visited Fri 20 Mar,
  // next due 10 working days later (after Good Friday 3 Apr: 7 Apr), so in time on 31 Mar.
  e.cp_plans.push_back(
      {D("2025-06-01"), std::nullopt, 0, {D("2025-08-28"), D("2026-02-20")}, {D("2026-03-20")}});
  ChildFacts f;  // a first plan, its first review late, its visit overdue
  f.person_id = 2;
  f.cp_plans.push_back({D("2025-07-01"), std::nullopt, 0, {D("2025-10-15")}, {D("2026-03-02")}});
  ChildFacts g;  // a plan of exactly two years, ending in the year
  g.person_id = 3;
  g.cp_plans.push_back({D("2024-02-01"), D("2026-02-01"), 0, {}, {}});
  ChildFacts h;  // a migrated child with an earlier plan elsewhere; six months, ended
  h.person_id = 4;
  h.cp_plans.push_back({D("2025-05-01"), D("2025-11-01"), 1, {}, {}});
  auto m = Build({e, f, g, h});
  // Starting in the year: e's second, f's, h's (which follows one before the records): 2 of 3.
  EXPECT_NEAR(At(*m, "cp_second_plan").value, 200.0 / 3, 1e-9);
  // Ending in the year: g's (2 years, counted) and h's: 1 of 2.
  EXPECT_DOUBLE_EQ(At(*m, "cp_2_years").value, 50.0);
  // Open on 31 March: e's and f's.
  EXPECT_DOUBLE_EQ(At(*m, "cp_rate").value, 2.0);
  EXPECT_DOUBLE_EQ(At(*m, "cp_visits_in_time").value, 50.0);
  EXPECT_DOUBLE_EQ(At(*m, "cp_reviews_in_time").value, 50.0);
  // On 28 February: e's and f's again (g's ended on 1 February).
  EXPECT_DOUBLE_EQ(At(*m, "cp_rate", 1).value, 2.0);
  // On 31 January: e, f and g (ending 1 Feb).
  EXPECT_DOUBLE_EQ(At(*m, "cp_rate", 2).value, 3.0);
}

ChildFacts InCare(int64_t id, const char* dob, const char* start, std::optional<Date> end = {},
                  const char* legal = "C2") {
  ChildFacts c;
  c.person_id = id;
  c.dob = D(dob);
  c.care.push_back({D(start), end, end ? "E13" : ""});
  c.legal_statuses.push_back({D(start), legal});
  return c;
}

TEST_F(MeasuresTest, ChildrenLookedAfterPlacementsStabilityAndTheEighteenthBirthday) {
  // j: aged 10, in care since Jan 2023, in the same placement since June 2023: stable.
  ChildFacts j = InCare(1, "2015-06-01", "2023-01-01");
  j.placements = {{D("2023-01-01"), "U1", false, 0}, {D("2023-06-01"), "U3", false, 0}};
  // k: three placements in the year, one of them temporary.
  ChildFacts k = InCare(2, "2012-02-02", "2025-05-01");
  k.placements = {{D("2025-05-01"), "U4", false, 0},
                  {D("2025-09-01"), "T0", false, 0},
                  {D("2025-09-10"), "U5", false, 0}};
  // m: short breaks only (V3): never counted as looked after.
  ChildFacts short_breaks = InCare(3, "2014-01-01", "2025-01-01", std::nullopt, "V3");
  short_breaks.placements = {{D("2025-01-01"), "U1", false, 0}};
  // p: left care on her 18th birthday, 15 March 2026.
  ChildFacts p = InCare(4, "2008-03-15", "2020-01-01", D("2026-03-15"));
  p.placements = {{D("2020-01-01"), "U4", false, 0}};
  // q: placed for adoption with the same carers: not a move.
  ChildFacts q = InCare(5, "2022-01-01", "2025-04-10");
  q.placements = {{D("2025-04-10"), "U3", false, 0},
                  {D("2025-06-01"), "U1", false, 0},
                  {D("2025-12-01"), "A5", true, 0}};
  auto m = Build({j, k, short_breaks, p, q});
  // 31 March: j, k and q.
  EXPECT_DOUBLE_EQ(At(*m, "cla_rate").value, 3.0);
  // 28 February: p too, before her birthday.
  EXPECT_DOUBLE_EQ(At(*m, "cla_rate", 1).value, 4.0);
  // Three or more placements: k (3, with the temporary one); q has 2 moves and the adoption
  // placement with the same carers, which is not counted.
  EXPECT_NEAR(At(*m, "cla_3_placements").value, 100.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(At(*m, "cla_3_placements_no_temporary").value, 0.0);
  // Under 16 and in care 2.5 years: only j, who is stable.
  EXPECT_DOUBLE_EQ(At(*m, "cla_long_term_stability").value, 100.0);
  EXPECT_EQ(At(*m, "cla_long_term_stability").denominator, 1);
}

TEST_F(MeasuresTest, ReviewsVisitsPepsAndHealthChecksOfChildrenInCareAreInTime) {
  // a: aged 8, in care and placed on Monday 2 March 2026, with no review, visit or PEP. By 31
  // March the first visit (a week, 9 March), the PEP (10 working days, 16 March) and the first
  // review (20 working days, 30 March) are all overdue. Too new for the 12-month health cohort.
  ChildFacts a = InCare(1, "2017-06-01", "2026-03-02");
  a.placements = {{D("2026-03-02"), "U1", false, 0}};
  // b: aged 12, in care since 6 January 2025. Three reviews, so the next is 6 months after
  // 15 Oct 2025 (15 April 2026): in time. Last visit 20 Jan 2026, after the placement's first
  // year, so the next is 3 months on (20 April): in time. PEP on 1 Dec 2025, due again 1 April:
  // in time. Health review and immunisations in the year; the dental check was before care.
  ChildFacts b = InCare(2, "2013-09-01", "2025-01-06");
  b.placements = {{D("2025-01-06"), "U1", false, 0}};
  b.cla_reviews = {D("2025-01-27"), D("2025-04-20"), D("2025-10-15")};
  b.cla_visits = {D("2025-01-10"), D("2025-10-20"), D("2026-01-20")};
  b.peps = {D("2025-12-01")};
  b.health_checks = {{D("2025-06-01"), "health_review"},
                     {D("2024-12-01"), "dental_check"},
                     {D("2025-05-01"), "immunisations"}};
  // c: aged 16 (no PEP counted), in care since January 2024. One review, so the second was due
  // 3 months after it, in April 2024: overdue. Last visit 1 Oct 2025, due 1 Jan 2026: overdue.
  // Initial health assessment on 1 April 2025, the first day of March's year; dental check on
  // 31 March 2025, the day before it (so in February's year only); no immunisations.
  ChildFacts c = InCare(3, "2009-05-01", "2024-01-08");
  c.placements = {{D("2024-01-08"), "U4", false, 0}};
  c.cla_reviews = {D("2024-01-30")};
  c.cla_visits = {D("2025-10-01")};
  c.health_checks = {{D("2025-04-01"), "initial_health_assessment"},
                     {D("2025-03-31"), "dental_check"}};
  // d: aged 6, in care and placed on Monday 23 March 2026, visited on 27 March. The first review
  // (20 working days) and the next visit (6 weeks) are in April; the PEP is due 10 working days
  // on, skipping Good Friday (3 April) and Easter Monday (6 April): 8 April, so still in time.
  ChildFacts d = InCare(4, "2019-09-01", "2026-03-23");
  d.placements = {{D("2026-03-23"), "U1", false, 0}};
  d.cla_visits = {D("2026-03-27")};
  auto m = Build({a, b, c, d});
  // Reviews and visits: b and d of a, b, c, d.
  EXPECT_DOUBLE_EQ(At(*m, "cla_reviews_in_time").value, 50.0);
  EXPECT_EQ(At(*m, "cla_reviews_in_time").denominator, 4);
  EXPECT_DOUBLE_EQ(At(*m, "cla_visits_in_time").value, 50.0);
  // 28 February: only b and c were in care; b's review was in time, c's was not.
  EXPECT_DOUBLE_EQ(At(*m, "cla_reviews_in_time", 1).value, 50.0);
  EXPECT_EQ(At(*m, "cla_reviews_in_time", 1).denominator, 2);
  // PEPs, aged 5 to 15: a (late), b and d (in time). 2 of 3.
  EXPECT_NEAR(At(*m, "cla_peps_in_time").value, 200.0 / 3, 1e-9);
  EXPECT_EQ(At(*m, "cla_peps_in_time").denominator, 3);
  // In care 12 months at 31 March: b and c. Both had a health assessment in the year.
  EXPECT_DOUBLE_EQ(At(*m, "cla_health_assessments").value, 100.0);
  EXPECT_EQ(At(*m, "cla_health_assessments").denominator, 2);
  // Dental: neither in March's year; c's falls in February's (1 March 2025 to 28 Feb 2026).
  EXPECT_DOUBLE_EQ(At(*m, "cla_dental_checks").value, 0.0);
  EXPECT_DOUBLE_EQ(At(*m, "cla_dental_checks", 1).value, 50.0);
  // Immunisations: b only.
  EXPECT_DOUBLE_EQ(At(*m, "cla_immunisations").value, 50.0);
}

TEST_F(MeasuresTest, MissingReturnInterviewsAndAdoptionTimeliness) {
  ChildFacts k = InCare(1, "2012-02-02", "2025-05-01");
  k.placements = {{D("2025-05-01"), "U4", false, 0}};
  k.missing.push_back({D("2025-10-01"), D("2025-10-02"), true, D("2025-10-04")});  // in 3 days
  k.missing.push_back({D("2025-11-01"), D("2025-11-02"), false, std::nullopt});    // away only
  ChildFacts j = InCare(2, "2015-06-01", "2023-01-01");
  j.placements = {{D("2023-01-01"), "U1", false, 0}};
  j.missing.push_back({D("2026-01-05"), D("2026-01-06"), true, D("2026-01-12")});  // 6 days
  // l: adopted. In care 15 Apr 2025, placed 1 Sept (139 days: 30 + 31 + 30 + 31 + 17), adopted
  // 10 Jan 2026 when care ended (E11). Placement order 1 July, matched 15 Aug: 45 days.
  ChildFacts l = InCare(3, "2024-01-01", "2025-04-15");
  l.care[0].end = D("2026-01-10");
  l.care[0].reason_ended = "E11";
  l.placements = {{D("2025-04-15"), "U3", false, 0}, {D("2025-09-01"), "A6", false, 0}};
  l.adoptions.push_back(
      {D("2025-05-20"), D("2025-07-01"), D("2025-08-15"), D("2025-09-01"), D("2026-01-10"), false});
  // n: left care to live with relatives (E13) in the year.
  ChildFacts n = InCare(4, "2010-01-01", "2024-06-01", D("2025-08-01"));
  n.placements = {{D("2024-06-01"), "U1", false, 0}};
  auto m = Build({k, j, l, n});
  // Looked after in the year: k, j, l, n; missing (not merely away): k and j. 2 of 4.
  EXPECT_DOUBLE_EQ(At(*m, "cla_missing").value, 50.0);
  // Returns in the year: k's (offered in time) and j's (late): 1 of 2.
  EXPECT_DOUBLE_EQ(At(*m, "return_interviews").value, 50.0);
  EXPECT_DOUBLE_EQ(At(*m, "adoption_a1").value, 139.0);
  EXPECT_DOUBLE_EQ(At(*m, "adoption_a2").value, 45.0);
  EXPECT_DOUBLE_EQ(At(*m, "adoption_a3").value, 100.0);
  // Ceased in the year: l (adopted) and n: 1 of 2.
  EXPECT_DOUBLE_EQ(At(*m, "adopted_share").value, 50.0);
}

TEST_F(MeasuresTest, CareLeaversAreCountedAtTheirBirthdayAfterCare) {
  // Left care on his 18th birthday (15 June 2025), in the year; in touch, in education (F2), in
  // supported lodgings that suit him (E1).
  ChildFacts q = InCare(1, "2007-06-15", "2021-01-01", D("2025-06-15"));
  q.leaver_contacts.push_back({D("2025-06-20"), "YES", "F2", "E1"});
  // 21st birthday 20 Jan 2026; not in touch.
  ChildFacts r = InCare(2, "2005-01-20", "2020-01-01", D("2023-01-20"));
  r.leaver_contacts.push_back({D("2026-01-25"), "NO", "G5", ""});
  // In care only before 14: not a care leaver.
  ChildFacts s = InCare(3, "2007-09-01", "2015-01-01", D("2016-01-01"));
  // Returned home for good: left out.
  ChildFacts t = InCare(4, "2006-08-01", "2021-01-01", D("2024-08-01"));
  t.leaver_contacts.push_back({D("2025-08-03"), "RHOM", "", ""});
  auto m = Build({q, r, s, t});
  EXPECT_DOUBLE_EQ(At(*m, "leavers_in_touch").value, 50.0);
  EXPECT_EQ(At(*m, "leavers_in_touch").denominator, 2);
  EXPECT_DOUBLE_EQ(At(*m, "leavers_eet").value, 50.0);
  EXPECT_DOUBLE_EQ(At(*m, "leavers_suitable_accommodation").value, 50.0);
}

TEST_F(MeasuresTest, WorkforceCaseloadAgencyAndTurnover) {
  std::vector<StaffFacts> staff = {
      {1, 7, true, false, 1000, D("2020-01-01"), std::nullopt, {}},     // permanent, full time
      {2, 7, true, true, 500, D("2025-10-01"), std::nullopt, {}},       // agency, half time
      {3, 7, true, false, 1000, D("2019-01-01"), D("2025-12-31"), {}},  // left in the year
      {4, 7, false, false, 1000, D("2019-01-01"), std::nullopt, {}},    // a manager: not counted
  };
  ChildFacts a;  // open, allocated to worker 1
  a.person_id = 1;
  a.referrals.push_back({D("2026-01-01"), std::nullopt, false, 7});
  a.allocations.push_back({7, 1, D("2026-01-02"), std::nullopt});
  ChildFacts b;  // open, allocated to worker 2
  b.person_id = 2;
  b.referrals.push_back({D("2025-06-01"), std::nullopt, false, 7});
  b.allocations.push_back({7, 2, D("2025-10-01"), std::nullopt});
  ChildFacts c;  // open, with the team but no worker
  c.person_id = 3;
  c.referrals.push_back({D("2026-02-01"), std::nullopt, false, 7});
  c.allocations.push_back({7, 0, D("2026-02-01"), std::nullopt});
  auto m = Build({a, b, c}, {staff, {}});
  // In post on 31 March: 1.0 + 0.5 FTE. Cases with a named worker: 2. 2 / 1.5.
  EXPECT_NEAR(At(*m, "caseload").value, 2.0 / 1.5, 1e-9);
  EXPECT_NEAR(At(*m, "agency_rate").value, 100.0 / 3, 1e-9);
  // Left in the year: 1.0 FTE, over 1.5 in post.
  EXPECT_NEAR(At(*m, "turnover").value, 100.0 / 1.5, 1e-9);
  EXPECT_DOUBLE_EQ(At(*m, "unallocated").value, 1.0);
  // The figures of team 7 are the authority's here; another team has none.
  const int caseload = MeasureIndex("caseload");
  EXPECT_NEAR(m->cube().At(caseload, m->frame().months - 1, Teams(std::vector<int32_t>{7})).value,
              2.0 / 1.5, 1e-9);
  EXPECT_FALSE(
      m->cube().At(caseload, m->frame().months - 1, Teams(std::vector<int32_t>{8})).has_value);
}

TEST_F(MeasuresTest, VacanciesArePostsNotHeldByPermanentSocialWorkers) {
  Workforce w;
  w.staff = {
      {1, 7, true, false, 1000, D("2020-01-01"), std::nullopt, {}},  // permanent, full time
      {2, 7, true, false, 500, D("2025-10-01"), std::nullopt, {}},   // permanent, half time
      {3, 7, true, true, 1000, D("2024-01-01"), std::nullopt, {}},   // agency: the post is vacant
      {4, 7, true, false, 1000, D("2019-01-01"), D("2025-12-31"), {}},  // left at the end of 2025
      {5, 7, false, false, 1000, D("2019-01-01"), std::nullopt, {}},    // the manager: not a post
      {6, 8, true, false, 1000, D("2019-01-01"), std::nullopt, {}},     // team 8: 2.5 FTE against
      {7, 8, true, false, 1000, D("2019-01-01"), std::nullopt, {}},     // 2.0 funded
      {8, 8, true, false, 500, D("2019-01-01"), std::nullopt, {}},
      {9, 9, true, false, 1000, D("2019-01-01"), std::nullopt, {}},  // team 9: no establishment
  };
  // Team 7: 5.0 posts from 2025, 6.0 from 1 March 2026. Team 8: 2.0.
  w.establishment = {
      {7, D("2025-01-01"), 5000}, {7, D("2026-03-01"), 6000}, {8, D("2024-01-01"), 2000}};
  auto m = Build({}, w);
  // 31 March 2026. Team 7: 6.0 funded, permanent in post 1.0 + 0.5 = 1.5, so 4.5 vacant.
  // Team 8: 2.0 funded, 2.5 in post: none vacant (not -0.5), 2.5 in post. Team 9 is left out.
  // 4.5 / (4.5 + 1.5 + 0 + 2.5) = 4.5 / 8.5.
  EXPECT_NEAR(At(*m, "vacancy_rate").value, 100.0 * 4.5 / 8.5, 1e-9);
  const int vacancy = MeasureIndex("vacancy_rate");
  const int last = m->frame().months - 1;
  // Team 7 alone: 4.5 of 6.0.
  EXPECT_NEAR(m->cube().At(vacancy, last, Teams(std::vector<int32_t>{7})).value, 75.0, 1e-9);
  // 28 February: 5.0 funded, 1.5 permanent, 3.5 vacant: 70%.
  EXPECT_NEAR(m->cube().At(vacancy, last - 1, Teams(std::vector<int32_t>{7})).value, 70.0, 1e-9);
  // 31 December: the leaver is still in post on her last day: 2.5 permanent, 2.5 vacant: 50%.
  EXPECT_NEAR(m->cube().At(vacancy, last - 3, Teams(std::vector<int32_t>{7})).value, 50.0, 1e-9);
  // 30 September: the half-time worker has not started: 2.0 permanent, 3.0 vacant: 60%.
  EXPECT_NEAR(m->cube().At(vacancy, last - 6, Teams(std::vector<int32_t>{7})).value, 60.0, 1e-9);
  EXPECT_FALSE(m->cube().At(vacancy, last, Teams(std::vector<int32_t>{9})).has_value);
  // The list behind the figure is the teams.
  auto behind = m->cube().Behind(vacancy, last, Teams());
  ASSERT_EQ(behind.size(), 2u);
  for (const Part& p : behind) {
    EXPECT_EQ(p.subject, Subject::kTeam);
    EXPECT_EQ(p.numerator, p.id == 7 ? 4500 : 0) << p.id;
    EXPECT_EQ(p.denominator, p.id == 7 ? 6000 : 2500) << p.id;
  }
  // A change of the workforce (the agency worker made permanent) is the same as a recompute.
  Workforce changed = w;
  changed.staff[2].agency = false;
  m->UpdateWorkforce(changed);
  // Team 7: 2.5 permanent of 6.0: 3.5 vacant.
  EXPECT_NEAR(m->cube().At(vacancy, last, Teams(std::vector<int32_t>{7})).value, 100.0 * 3.5 / 6.0,
              1e-9);
  EXPECT_NEAR(At(*Build({}, changed), "vacancy_rate").value, At(*m, "vacancy_rate").value, 1e-12);
}

TEST_F(MeasuresTest, SicknessIsWorkingDaysLostOverWorkingDaysInPost) {
  // The year to 31 March 2026 has 253 working days: 261 weekdays less the bank holidays of
  // 18 and 21 April, 5 and 26 May, 25 August, 25 and 26 December 2025 and 1 January 2026.
  Workforce w;
  StaffFacts a{1, 7, true, false, 1000, D("2020-01-01"), std::nullopt, {}};
  // 22 December to 2 January: ten weekdays less Christmas, Boxing Day and New Year's Day: 7.
  a.sickness.push_back({D("2025-12-22"), D("2026-01-02")});
  // 27 March to 2 April 2025 spans the start of the year: 1 and 2 April count in it (and 27, 28
  // and 31 March in the year to February).
  a.sickness.push_back({D("2025-03-27"), D("2025-04-02")});
  // Half time from 1 October 2025 (127 working days to 31 March), off since Monday 30 March and
  // not back yet: 2 days, weighted 0.5.
  StaffFacts b{2, 7, true, false, 500, D("2025-10-01"), std::nullopt, {}};
  b.sickness.push_back({D("2026-03-30"), std::nullopt});
  // Left on 30 June 2025 (61 working days in the year), off Monday 2 to Friday 6 June: 5 days.
  StaffFacts c{3, 8, true, false, 1000, D("2019-01-01"), D("2025-06-30"), {}};
  c.sickness.push_back({D("2025-06-02"), D("2025-06-06")});
  // Agency staff and managers are not counted, however long they are off.
  StaffFacts agency{4, 7, true, true, 1000, D("2024-01-01"), std::nullopt, {}};
  agency.sickness.push_back({D("2025-05-01"), std::nullopt});
  StaffFacts manager{5, 7, false, false, 1000, D("2019-01-01"), std::nullopt, {}};
  manager.sickness.push_back({D("2025-05-01"), std::nullopt});
  w.staff = {a, b, c, agency, manager};
  auto m = Build({}, w);
  // (7 + 2 + 2 * 0.5 + 5) / (253 + 127 * 0.5 + 61) = 15 / 377.5.
  const Figure march = At(*m, "sickness_absence");
  EXPECT_EQ(march.numerator, 15000);
  EXPECT_EQ(march.denominator, 377500);
  EXPECT_NEAR(march.value, 100.0 * 15 / 377.5, 1e-9);
  // The year to 28 February: a has 252 working days in post and loses 7 + 3 + 2 = 12; b has 105
  // days in post and no sickness yet; c has 21 + 61 = 82 and loses 5. 17 / (252 + 52.5 + 82).
  EXPECT_NEAR(At(*m, "sickness_absence", 1).value, 100.0 * 17 / 386.5, 1e-9);
  // Team 8 alone: 5 of 61.
  const int sickness = MeasureIndex("sickness_absence");
  EXPECT_NEAR(m->cube().At(sickness, m->frame().months - 1, Teams(std::vector<int32_t>{8})).value,
              100.0 * 5 / 61, 1e-9);
}

TEST_F(MeasuresTest, PlacementSpendIsTheWeeklyCostForTheDaysOfTheMonth) {
  ChildFacts k = InCare(1, "2012-02-02", "2026-03-04");
  // £700 a week from 4 March to 31 March: 28 days, four weeks, £2,800.
  k.placements = {{D("2026-03-04"), "R1", false, 70000}};
  auto m = Build({k});
  EXPECT_DOUBLE_EQ(At(*m, "placement_spend").value, 2800.0);
  EXPECT_DOUBLE_EQ(At(*m, "placement_spend", 1).value, 0.0);
}

TEST_F(MeasuresTest, RefreshingOneChildGivesTheSameFiguresAsARecompute) {
  ChildFacts a;
  a.person_id = 1;
  a.referrals.push_back({D("2025-05-10"), std::nullopt, false, 7});
  a.allocations.push_back({7, 1, D("2025-05-11"), std::nullopt});
  a.assessments.push_back({D("2025-05-12"), D("2025-06-30"), D("2025-05-10")});
  ChildFacts b = InCare(2, "2015-06-01", "2023-01-01");
  b.placements = {{D("2023-01-01"), "U1", false, 50000}};
  auto refreshed = Build({a, b});
  // A new referral and assessment for a, as a worker would record them.
  ChildFacts changed = a;
  changed.referrals.push_back({D("2026-02-01"), std::nullopt, false, 8});
  changed.assessments.push_back({D("2026-02-02"), D("2026-03-20"), D("2026-02-01")});
  refreshed->Update(1, changed);
  auto recomputed = Build({changed, b});
  for (size_t i = 0; i < Measures().size(); ++i) {
    for (int month = refreshed->frame().FirstShown(); month < refreshed->frame().months; ++month) {
      const Figure x = refreshed->cube().At(static_cast<int>(i), month, Teams());
      const Figure y = recomputed->cube().At(static_cast<int>(i), month, Teams());
      EXPECT_EQ(x.numerator, y.numerator) << Measures()[i].id << " month " << month;
      EXPECT_EQ(x.denominator, y.denominator) << Measures()[i].id << " month " << month;
      EXPECT_EQ(x.values, y.values) << Measures()[i].id << " month " << month;
      EXPECT_DOUBLE_EQ(x.value, y.value) << Measures()[i].id << " month " << month;
    }
  }
  // And the refresh changed something: two referrals in the year now.
  EXPECT_DOUBLE_EQ(At(*refreshed, "referrals_rate").value, 2.0);
  // A recompute over the same cube (which reuses its memory) gives the same again, and so does a
  // refresh after it.
  refreshed->Recompute(D("2026-03-31"));
  refreshed->Update(2, b);
  for (size_t i = 0; i < Measures().size(); ++i) {
    const int last = refreshed->frame().months - 1;
    EXPECT_EQ(refreshed->cube().At(static_cast<int>(i), last, Teams()).numerator,
              recomputed->cube().At(static_cast<int>(i), last, Teams()).numerator)
        << Measures()[i].id;
  }
  EXPECT_EQ(refreshed->cube().Contributions(), recomputed->cube().Contributions());
  // Removing a child takes their part away, and a recompute does not bring it back.
  refreshed->Update(1, std::nullopt);
  EXPECT_DOUBLE_EQ(At(*refreshed, "referrals_rate").value, 0.0);
  refreshed->Recompute(D("2026-03-31"));
  EXPECT_DOUBLE_EQ(At(*refreshed, "referrals_rate").value, 0.0);
  EXPECT_TRUE(refreshed->cube()
                  .Behind(MeasureIndex("referrals_rate"), refreshed->frame().months - 1, Teams())
                  .empty());
}

TEST(ScorecardTest, AFigureIsGreenAtItsTargetAmberWithinTheToleranceAndRedBeyond) {
  const Measure& timely = Measures()[MeasureIndex("assessments_45wd")];  // higher is better
  const Measure& again = Measures()[MeasureIndex("re_referrals")];       // lower is better
  auto figure = [](double v) {
    Figure f;
    f.has_value = true;
    f.value = v;
    return f;
  };
  // Target 85%, tolerance 5 points.
  EXPECT_EQ(Grade(timely, figure(85.0), 85, 5), Rag::kGreen);
  EXPECT_EQ(Grade(timely, figure(90.0), 85, 5), Rag::kGreen);
  EXPECT_EQ(Grade(timely, figure(80.0), 85, 5), Rag::kAmber);
  EXPECT_EQ(Grade(timely, figure(79.9), 85, 5), Rag::kRed);
  // Target 20% re-referrals or fewer, tolerance 2.
  EXPECT_EQ(Grade(again, figure(20.0), 20, 2), Rag::kGreen);
  EXPECT_EQ(Grade(again, figure(15.0), 20, 2), Rag::kGreen);
  EXPECT_EQ(Grade(again, figure(22.0), 20, 2), Rag::kAmber);
  EXPECT_EQ(Grade(again, figure(22.5), 20, 2), Rag::kRed);
  // No tolerance: anything short is red. No figure: no grade.
  EXPECT_EQ(Grade(timely, figure(84.9), 85, 0), Rag::kRed);
  EXPECT_EQ(Grade(timely, Figure(), 85, 5), Rag::kNone);
  EXPECT_EQ(RagName(Rag::kNone), "no figure");
}

}  // namespace
}  // namespace haven::reporting
