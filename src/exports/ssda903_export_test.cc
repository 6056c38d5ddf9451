#include "exports/ssda903_export.h"

#include <gtest/gtest.h>

#include "returns/rules.h"

namespace haven::exports {
namespace {

// A hand-built record: each test adds the steps of one or two children and reads the 903 for
// 2025-26 (1 April 2025 to 31 March 2026). The expected cells are worked out from the facts here.
class Ssda903FromRecordTest : public ::testing::Test {
 protected:
  domain::StepRecord& Step(CareChild& c, const std::string& kind, domain::Values values) {
    domain::StepRecord s;
    s.kind = kind;
    s.id = ++next_id_;
    s.person_id = c.person_id;
    s.values = std::move(values);
    c.steps.push_back(std::move(s));
    return c.steps.back();
  }
  std::string Id(const domain::StepRecord& s) { return std::to_string(s.id); }

  CareChild Child(const std::string& id, const std::string& dob, const std::string& sex) {
    CareChild c;
    c.person_id = ++next_id_;
    c.child_id = id;
    c.dob = Date::Parse(dob);
    c.sex = sex;
    c.ethnicity = "WBRI";
    c.upn = "UN1";
    return c;
  }

  // Care from `start` (C2, foster care with the authority), optionally ending.
  int64_t Care(CareChild& c, const std::string& start, const std::string& end = "",
               const std::string& reason = "") {
    domain::Values v = {
        {"start_date", start}, {"category_of_need", "N1"}, {"home_postcode", "DN1 1AA"}};
    if (!end.empty()) {
      v["end_date"] = end;
      v["reason_ended"] = reason;
    }
    const auto& p = Step(c, "care_period", v);
    const int64_t period = p.id;
    Step(c, "legal_status",
         {{"care_period_id", std::to_string(period)},
          {"start_date", start},
          {"legal_status", "C2"}});
    Placement(c, period, start, "U4", "");
    return period;
  }
  void Placement(CareChild& c, int64_t period, const std::string& start, const std::string& type,
                 const std::string& reason) {
    domain::Values v = {{"care_period_id", std::to_string(period)},
                        {"start_date", start},
                        {"placement_type", type},
                        {"provider", "PR1"},
                        {"postcode", "DN2 2BB"},
                        {"urn", "SC037101"},
                        {"carer_kind", "in_house_foster"}};
    if (!reason.empty()) v["change_reason"] = reason;
    Step(c, "placement", v);
  }

  const returns::Table& T(const returns::Return& r, const std::string& name) { return r.Get(name); }
  std::string Cell(const returns::Table& t, const std::string& col, size_t row) {
    return std::string(t.At(col, row).value_or("(blank)"));
  }

  int64_t next_id_ = 0;
};

TEST_F(Ssda903FromRecordTest, EpisodesAreThoseOpenInTheYearAndOneEndingLaterIsReportedOpen) {
  CareChild a = Child("A1", "2015-05-05", "M");
  const int64_t period = Care(a, "2024-01-10", "2026-05-01", "E4A");
  Placement(a, period, "2025-06-01", "U6", "CARPL");
  // A period of care long over is not in the return.
  CareChild b = Child("B1", "2012-02-02", "F");
  Care(b, "2020-01-01", "2021-01-01", "E4A");

  auto r = Ssda903FromRecord({a, b}, 2026);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& h = T(*r, "Header");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(Cell(h, "CHILD", 0), "A1");
  EXPECT_EQ(Cell(h, "DOB", 0), "05/05/2015");
  EXPECT_EQ(Cell(h, "SEX", 0), "M");
  EXPECT_EQ(Cell(h, "MOTHER", 0), "(blank)") << "only girls are asked";
  const auto& e = T(*r, "Episodes");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(Cell(e, "DECOM", 0), "10/01/2024");
  EXPECT_EQ(Cell(e, "RNE", 0), "S");
  EXPECT_EQ(Cell(e, "DEC", 0), "01/06/2025");
  EXPECT_EQ(Cell(e, "REC", 0), "X1");
  EXPECT_EQ(Cell(e, "REASON_PLACE_CHANGE", 0), "CARPL");
  EXPECT_EQ(Cell(e, "DECOM", 1), "01/06/2025");
  EXPECT_EQ(Cell(e, "RNE", 1), "P");
  EXPECT_EQ(Cell(e, "PLACE", 1), "U6");
  // Care ended on 1 May 2026, after the year: the return shows the episode open.
  EXPECT_EQ(Cell(e, "DEC", 1), "(blank)");
  EXPECT_EQ(Cell(e, "REC", 1), "(blank)");
  // In care all year: the twelve-month outcomes, aged 10 at 31 March 2026.
  const auto& oc2 = T(*r, "OC2");
  ASSERT_EQ(oc2.size(), 1u);
  EXPECT_EQ(Cell(oc2, "SDQ_REASON", 0), "SDQ4") << "no SDQ recorded for a child of 10";
  EXPECT_EQ(Cell(oc2, "CONVICTED", 0), "0");
  EXPECT_EQ(Cell(oc2, "HEALTH_CHECK", 0), "(blank)") << "only for the under-fives";
  EXPECT_EQ(Cell(oc2, "HEALTH_ASSESSMENT", 0), "0");
  EXPECT_EQ(T(*r, "PrevPerm").size(), 0u) << "care began before the year";
}

TEST_F(Ssda903FromRecordTest, TwelveMonthOutcomesCountWhatHappenedInTheYear) {
  CareChild a = Child("A1", "2022-06-01", "F");  // 3 at 31 March 2026
  const int64_t period = Care(a, "2023-01-01");
  const std::string p = std::to_string(period);
  Step(a, "health_check",
       {{"care_period_id", p}, {"check_kind", "health_review"}, {"check_date", "2025-09-01"}});
  Step(a, "health_check",
       {{"care_period_id", p}, {"check_kind", "immunisations"}, {"check_date", "2025-09-01"}});
  // A dental check before the year does not count.
  Step(a, "health_check",
       {{"care_period_id", p}, {"check_kind", "dental_check"}, {"check_date", "2025-03-31"}});
  CareChild b = Child("B1", "2010-01-01", "M");  // turned 16 in the year
  Care(b, "2024-12-01");
  Step(b, "sdq", {{"sdq_date", "2025-05-01"}, {"score", "14"}});
  Step(b, "substance_misuse",
       {{"identified_date", "2025-07-01"},
        {"intervention_offered", "1"},
        {"intervention_received", "0"}});
  Step(b, "conviction", {{"conviction_date", "2025-08-01"}});
  // Care began in the year: no outcomes yet.
  CareChild c = Child("C1", "2012-01-01", "M");
  Care(c, "2025-04-02");

  auto r = Ssda903FromRecord({a, b, c}, 2026);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& oc2 = T(*r, "OC2");
  ASSERT_EQ(oc2.size(), 2u);
  EXPECT_EQ(Cell(oc2, "CHILD", 0), "A1");
  EXPECT_EQ(Cell(oc2, "HEALTH_CHECK", 0), "1");
  EXPECT_EQ(Cell(oc2, "IMMUNISATIONS", 0), "1");
  EXPECT_EQ(Cell(oc2, "TEETH_CHECK", 0), "0");
  EXPECT_EQ(Cell(oc2, "HEALTH_ASSESSMENT", 0), "1");
  EXPECT_EQ(Cell(oc2, "SDQ_REASON", 0), "(blank)") << "not 4 by the end of the year";
  EXPECT_EQ(Cell(oc2, "CONVICTED", 0), "(blank)") << "under 10";
  EXPECT_EQ(Cell(oc2, "SUBSTANCE_MISUSE", 0), "0");
  EXPECT_EQ(Cell(oc2, "INTERVENTION_OFFERED", 0), "(blank)");
  EXPECT_EQ(Cell(oc2, "CHILD", 1), "B1");
  EXPECT_EQ(Cell(oc2, "SDQ_SCORE", 1), "14");
  EXPECT_EQ(Cell(oc2, "SDQ_REASON", 1), "(blank)");
  EXPECT_EQ(Cell(oc2, "CONVICTED", 1), "1");
  EXPECT_EQ(Cell(oc2, "SUBSTANCE_MISUSE", 1), "1");
  EXPECT_EQ(Cell(oc2, "INTERVENTION_OFFERED", 1), "1");
  EXPECT_EQ(Cell(oc2, "INTERVENTION_RECEIVED", 1), "0");
  // C1 started care in the year: previous permanence, none recorded.
  const auto& pp = T(*r, "PrevPerm");
  ASSERT_EQ(pp.size(), 1u);
  EXPECT_EQ(Cell(pp, "CHILD", 0), "C1");
  EXPECT_EQ(Cell(pp, "PREV_PERM", 0), "Z1");
}

TEST_F(Ssda903FromRecordTest, MothersUascAndAdoption) {
  CareChild girl = Child("G1", "2009-03-03", "F");
  girl.first_child_dob = Date::Parse("2025-01-20");
  Care(girl, "2024-06-01");
  Step(girl, "uasc_status", {{"start_date", "2024-06-01"}});
  CareChild baby = Child("B1", "2023-02-02", "F");
  const int64_t period = Care(baby, "2023-03-01", "2025-10-10", "E11");
  Placement(baby, period, "2025-02-01", "A6", "CARPL");
  Step(baby, "adoption_plan",
       {{"decision_date", "2023-08-01"},
        {"match_date", "2025-01-15"},
        {"placed_date", "2025-02-01"},
        {"adoption_order_date", "2025-10-10"},
        {"adopters", "2"},
        {"adopters_sex", "MF"},
        {"adopters_legal_status", "L11"}});

  auto r = Ssda903FromRecord({girl, baby}, 2026);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& h = T(*r, "Header");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(Cell(h, "MOTHER", 0), "1");
  EXPECT_EQ(Cell(h, "MC_DOB", 0), "20/01/2025");
  EXPECT_EQ(Cell(h, "MOTHER", 1), "0");
  const auto& u = T(*r, "UASC");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(Cell(u, "DUC", 0), "03/03/2027") << "UASC until the 18th birthday";
  const auto& ad1 = T(*r, "AD1");
  ASSERT_EQ(ad1.size(), 1u);
  EXPECT_EQ(Cell(ad1, "DATE_INT", 0), "01/08/2023");
  EXPECT_EQ(Cell(ad1, "DATE_MATCH", 0), "15/01/2025");
  EXPECT_EQ(Cell(ad1, "NB_ADOPTR", 0), "2");
  EXPECT_EQ(Cell(ad1, "FOSTER_CARE", 0), "0");
  const auto& pa = T(*r, "PlacedAdoption");
  ASSERT_EQ(pa.size(), 1u);
  EXPECT_EQ(Cell(pa, "DATE_PLACED", 0), "01/08/2023");
  EXPECT_EQ(Cell(pa, "DATE_PLACED_CEASED", 0), "(blank)") << "an adoption is not a reversal";
  const auto& e = T(*r, "Episodes");
  EXPECT_EQ(Cell(e, "REC", e.size() - 1), "E11");
  // Until 2023-24 sex is coded 1 and 2.
  auto old = Ssda903FromRecord({baby}, 2024);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(Cell(T(*old, "Header"), "SEX", 0), "2");
  EXPECT_FALSE(old->Has("DoLo"));
}

TEST_F(Ssda903FromRecordTest, CareLeaversAreReportedAroundTheirBirthday) {
  // Left care at 18 in 2024; 19 on 1 October 2025.
  CareChild a = Child("L1", "2006-10-01", "F");
  Care(a, "2020-01-01", "2024-10-01", "E5");
  Step(a, "care_leaver", {{"eligibility", "former_relevant"}, {"start_date", "2024-10-01"}});
  Step(a, "leaver_contact",
       {{"contact_date", "2025-06-01"},
        {"in_touch", "YES"},
        {"activity", "F2"},
        {"accommodation", "U1"}});
  Step(a, "leaver_contact",
       {{"contact_date", "2025-09-20"},
        {"in_touch", "YES"},
        {"activity", "F5"},
        {"accommodation", "Z1"}});
  // No contact near the 20th birthday: not in touch, nothing known.
  CareChild b = Child("L2", "2005-11-11", "M");
  Care(b, "2019-01-01", "2023-11-11", "E5");
  Step(b, "care_leaver", {{"eligibility", "former_relevant"}, {"start_date", "2023-11-11"}});
  Step(b, "leaver_contact",
       {{"contact_date", "2025-01-01"},
        {"in_touch", "YES"},
        {"activity", "F2"},
        {"accommodation", "U1"}});

  auto r = Ssda903FromRecord({a, b}, 2026);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& oc3 = T(*r, "OC3");
  ASSERT_EQ(oc3.size(), 2u);
  EXPECT_EQ(Cell(oc3, "IN_TOUCH", 0), "YES");
  EXPECT_EQ(Cell(oc3, "ACTIV", 0), "F5") << "the contact nearest the birthday";
  EXPECT_EQ(Cell(oc3, "ACCOM", 0), "Z1");
  EXPECT_EQ(Cell(oc3, "IN_TOUCH", 1), "NO");
  EXPECT_EQ(Cell(oc3, "ACTIV", 1), "0");
  EXPECT_EQ(Cell(oc3, "ACCOM", 1), "0");
  // In the Header, without the mother item (not looked after in the year), and no episodes.
  const auto& h = T(*r, "Header");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(Cell(h, "MOTHER", 0), "(blank)");
  EXPECT_EQ(T(*r, "Episodes").size(), 0u);
}

TEST_F(Ssda903FromRecordTest, SocialWorkerEpisodesFollowTheAllocationsDuringCare) {
  CareChild a = Child("S1", "2012-01-01", "M");
  Care(a, "2025-02-01", "2025-12-01", "E4A");
  // Allocated before care (the spell is clipped to care), a change of worker, and the worker
  // who held the child when care ended stays on after.
  a.workers = {{10, *Date::Parse("2024-11-01"), Date::Parse("2025-05-01"), "FCONTA"},
               {11, *Date::Parse("2025-05-01"), Date::Parse("2025-08-01"), "LEFTRL"},
               {11, *Date::Parse("2025-08-01"), std::nullopt, "TSPROC"}};
  auto r = Ssda903FromRecord({a}, 2026);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& sw = T(*r, "SWEpisodes");
  ASSERT_EQ(sw.size(), 2u);
  EXPECT_EQ(Cell(sw, "SW_ID", 0), "SW10");
  EXPECT_EQ(Cell(sw, "SW_DECOM", 0), "01/02/2025");
  EXPECT_EQ(Cell(sw, "SW_DEC", 0), "01/05/2025");
  EXPECT_EQ(Cell(sw, "SW_REASON", 0), "FCONTA");
  EXPECT_EQ(Cell(sw, "SW_ID", 1), "SW11") << "one worker's unbroken time is one episode";
  EXPECT_EQ(Cell(sw, "SW_DECOM", 1), "01/05/2025");
  EXPECT_EQ(Cell(sw, "SW_DEC", 1), "(blank)") << "open when care ended";
  EXPECT_EQ(Cell(sw, "SW_REASON", 1), "LEFTRL");
}

TEST_F(Ssda903FromRecordTest, AHistoryThatMakesNoEpisodesNamesTheChild) {
  CareChild a = Child("X1", "2012-01-01", "M");
  // A period of care with no placement from its first day.
  Step(a, "care_period", {{"start_date", "2025-05-01"}, {"category_of_need", "N1"}});
  auto r = Ssda903FromRecord({a}, 2026);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("child X1"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace haven::exports
