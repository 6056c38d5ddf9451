#include "exports/annex_a.h"

#include <gtest/gtest.h>

#include <map>

#include "support/annex_a_spec.h"

namespace haven::exports {
namespace {

// ---- a hand-built authority --------------------------------------------------------------------

// The inspection is on 15 June 2026: six months back is 15 December 2025, twelve months back
// 15 June 2025.
const Date kDay = Date::FromYmd(2026, 6, 15);

class AnnexATest : public ::testing::Test {
 protected:
  AnnexAPerson& Person(const std::string& id, const std::string& dob, const std::string& sex,
                       const std::string& ethnicity) {
    AnnexAPerson p;
    p.person_id = ++next_id_;
    p.id = id;
    p.dob = Date::Parse(dob);
    p.sex = sex;
    p.ethnicity = ethnicity;
    p.organisation = "Doncaster Children's Services Trust";
    people_.push_back(std::move(p));
    return people_.back();
  }
  int64_t Step(AnnexAPerson& p, const std::string& kind, domain::Values values,
               std::optional<int64_t> referral = std::nullopt) {
    domain::StepRecord s;
    s.kind = kind;
    s.id = ++next_id_;
    s.person_id = p.person_id;
    s.referral_id = referral;
    s.values = std::move(values);
    p.steps.push_back(std::move(s));
    return p.steps.back().id;
  }
  static std::string Ref(int64_t id) { return std::to_string(id); }

  // The rows of list `n` (from 1) as header -> cell, for the person with `id`.
  std::vector<std::map<std::string, std::string>> Rows(size_t n, const std::string& id) {
    std::vector<std::map<std::string, std::string>> out;
    const AnnexAList& list = lists_.at(n - 1);
    for (const auto& row : list.rows) {
      if (row.at(0) != id) continue;
      std::map<std::string, std::string> m;
      for (size_t i = 0; i < row.size(); ++i) m[list.headers[i]] = row[i];
      out.push_back(m);
    }
    return out;
  }

  // A child on a child protection plan after a referral, a child looked after, a care leaver,
  // a child placed for adoption, an adopter, and the facts just outside each list's period.
  void Build() {
    // A1: boy, 11 on the day (born 20 March 2015).
    AnnexAPerson& a = Person("A1", "2015-03-20", "M", "WBRI");
    a.disabilities = std::vector<std::string>{"NONE"};
    a.contacts = {{Date::FromYmd(2025, 11, 10), "6"},   // 7 months before: not in list 1
                  {Date::FromYmd(2025, 12, 15), "3A"},  // six months to the day: in
                  {Date::FromYmd(2026, 1, 10), "2A"}};  // in
    Step(a, "referral",
         {{"referral_date", "2025-09-01"},
          {"source", "3A"},
          {"nfa", "1"},
          {"closure_date", "2025-10-01"},
          {"closure_reason", "RC8"}});
    const int64_t r2 = Step(
        a, "referral",
        {{"referral_date", "2026-02-01"}, {"source", "6"}, {"nfa", "0"}, {"primary_need", "N1"}});
    Step(a, "referral",
         {{"referral_date", "2025-05-01"},
          {"source", "8"},
          {"nfa", "1"},
          {"closure_date", "2025-05-02"},
          {"closure_reason", "RC8"}});
    Step(a, "assessment",
         {{"start_date", "2026-02-02"},
          {"child_seen_date", "2026-02-05"},
          {"completed_date", "2026-02-19"},
          {"outcome", "strategy_discussion"}},
         r2);
    a.steps.back().authorised_at = "2026-02-20T10:00:00.000Z";
    const int64_t sd = Step(a, "strategy_discussion", {{"discussion_date", "2026-02-21"}}, r2);
    const int64_t s47 = Step(a, "s47",
                             {{"strategy_discussion_id", Ref(sd)},
                              {"start_date", "2026-02-22"},
                              {"end_date", "2026-03-01"},
                              {"outcome", "icpc"}},
                             r2);
    const int64_t icpc =
        Step(a, "icpc",
             {{"s47_id", Ref(s47)}, {"conference_date", "2026-03-10"}, {"outcome", "cp_plan"}}, r2);
    const int64_t plan = Step(a, "cp_plan",
                              {{"icpc_id", Ref(icpc)},
                               {"start_date", "2026-03-10"},
                               {"initial_category", "NEG"},
                               {"latest_category", "EMO"}},
                              r2);
    // An earlier plan, over before the six months: not listed, but counted as previous.
    Step(a, "cp_plan",
         {{"start_date", "2024-01-01"}, {"initial_category", "PHY"}, {"end_date", "2024-06-01"}});
    Step(a, "cp_visit",
         {{"cp_plan_id", Ref(plan)},
          {"visit_date", "2026-04-01"},
          {"seen", "1"},
          {"seen_alone", "0"}});
    Step(a, "cp_visit",
         {{"cp_plan_id", Ref(plan)},
          {"visit_date", "2026-05-01"},
          {"seen", "1"},
          {"seen_alone", "1"}});
    Step(a, "cp_review", {{"cp_plan_id", Ref(plan)}, {"review_date", "2026-06-01"}});
    a.allocations = {
        {Date::FromYmd(2025, 9, 1), Date::FromYmd(2025, 10, 1), "Front Door", "Ann Duty"},
        {Date::FromYmd(2026, 2, 1), std::nullopt, "Assessment Team", "Sam Worker"}};

    // B1: girl, 16 on the day (17 on 1 July 2026), looked after since August 2025.
    AnnexAPerson& b = Person("B1", "2009-07-01", "F", "MWBA");
    const int64_t old_care = Step(b, "care_period",
                                  {{"start_date", "2024-01-10"},
                                   {"category_of_need", "N1"},
                                   {"end_date", "2025-03-01"},
                                   {"reason_ended", "E4A"}});
    Step(b, "legal_status",
         {{"care_period_id", Ref(old_care)}, {"start_date", "2024-01-10"}, {"legal_status", "V2"}});
    const int64_t care = Step(
        b, "care_period",
        {{"start_date", "2025-08-01"}, {"category_of_need", "N4"}, {"home_postcode", "DN1 1AA"}});
    Step(b, "legal_status",
         {{"care_period_id", Ref(care)}, {"start_date", "2025-08-01"}, {"legal_status", "V2"}});
    Step(b, "legal_status",
         {{"care_period_id", Ref(care)}, {"start_date", "2026-01-05"}, {"legal_status", "C1"}});
    Step(b, "placement",
         {{"care_period_id", Ref(care)},
          {"start_date", "2025-08-01"},
          {"placement_type", "U6"},
          {"provider", "PR1"},
          {"postcode", "DN2 2BB"}});
    Step(b, "placement",
         {{"care_period_id", Ref(care)},
          {"start_date", "2026-03-01"},
          {"placement_type", "K2"},
          {"provider", "PR4"},
          {"postcode", "S1 2CC"},
          {"urn", "SC123456"}});
    Step(b, "cla_review", {{"care_period_id", Ref(care)}, {"review_date", "2026-04-01"}});
    Step(b, "cla_visit", {{"care_period_id", Ref(care)}, {"visit_date", "2026-05-20"}});
    Step(b, "health_check",
         {{"care_period_id", Ref(care)},
          {"check_kind", "dental_check"},
          {"check_date", "2026-01-01"}});
    Step(b, "health_check",
         {{"care_period_id", Ref(care)},
          {"check_kind", "health_review"},
          {"check_date", "2025-09-01"}});
    Step(b, "missing_episode",
         {{"missing_kind", "M"},
          {"start_date", "2026-04-10"},
          {"end_date", "2026-04-11"},
          {"rhi_offered_date", "2026-04-12"},
          {"rhi_accepted", "1"}});
    Step(b, "missing_episode",
         {{"missing_kind", "A"}, {"start_date", "2026-05-01"}, {"end_date", "2026-05-01"}});
    Step(b, "missing_episode",
         {{"missing_kind", "M"}, {"start_date", "2025-01-01"}, {"end_date", "2025-01-02"}});
    b.allocations = {{Date::FromYmd(2025, 8, 1), std::nullopt, "Children in Care", ""}};

    // C1: left care 13 months before the day, and a former relevant care leaver since turning 18.
    AnnexAPerson& c = Person("C1", "2008-01-01", "M", "CHNE");
    const int64_t c_care = Step(c, "care_period",
                                {{"start_date", "2024-02-01"},
                                 {"category_of_need", "N8"},
                                 {"end_date", "2025-05-15"},
                                 {"reason_ended", "E5"}});
    Step(c, "legal_status",
         {{"care_period_id", Ref(c_care)}, {"start_date", "2024-02-01"}, {"legal_status", "V2"}});
    Step(c, "uasc_status", {{"start_date", "2024-02-01"}, {"end_date", "2026-01-01"}});
    Step(c, "care_leaver",
         {{"eligibility", "former_relevant"},
          {"start_date", "2026-01-01"},
          {"personal_adviser", "Pat Adviser"}});
    Step(c, "pathway_plan_review", {{"review_date", "2026-03-01"}});
    Step(c, "leaver_contact",
         {{"contact_date", "2026-05-01"},
          {"in_touch", "YES"},
          {"activity", "F2"},
          {"accommodation", "D1"}});

    // D1: early help, one episode in the six months and one long before; a care leaver whose
    // status ended before the day.
    AnnexAPerson& d = Person("D1", "2012-05-05", "U", "");
    Step(d, "early_help", {{"start_date", "2025-10-01"}, {"end_date", "2026-01-10"}});
    Step(d, "early_help", {{"start_date", "2025-01-01"}, {"end_date", "2025-06-01"}});
    Step(d, "care_leaver",
         {{"eligibility", "relevant"}, {"start_date", "2025-01-01"}, {"end_date", "2026-01-01"}});

    // E1: in care, fostered for adoption, then placed for adoption.
    AnnexAPerson& e = Person("E1", "2024-11-01", "F", "BAFR");
    e.disabilities = std::vector<std::string>{"HEAR"};
    const int64_t e_care = Step(
        e, "care_period",
        {{"start_date", "2025-02-01"}, {"category_of_need", "N1"}, {"home_postcode", "DN4 4DD"}});
    Step(e, "legal_status",
         {{"care_period_id", Ref(e_care)}, {"start_date", "2025-02-01"}, {"legal_status", "C1"}});
    Step(e, "legal_status",
         {{"care_period_id", Ref(e_care)}, {"start_date", "2025-10-01"}, {"legal_status", "E1"}});
    Step(e, "placement",
         {{"care_period_id", Ref(e_care)},
          {"start_date", "2025-02-01"},
          {"placement_type", "U5"},
          {"provider", "PR1"},
          {"postcode", "DN5 5EE"}});
    Step(e, "placement",
         {{"care_period_id", Ref(e_care)},
          {"start_date", "2026-03-01"},
          {"placement_type", "A5"},
          {"provider", "PR1"},
          {"postcode", "DN6 6FF"}});
    Step(e, "adoption_plan",
         {{"decision_date", "2025-09-01"},
          {"placement_order_date", "2025-10-01"},
          {"match_date", "2026-02-01"},
          {"placed_date", "2026-03-01"}});

    // F1: adopted before the twelve months began.
    AnnexAPerson& f = Person("F1", "2021-01-01", "M", "WBRI");
    const int64_t f_care = Step(f, "care_period",
                                {{"start_date", "2023-01-01"},
                                 {"category_of_need", "N1"},
                                 {"end_date", "2025-03-01"},
                                 {"reason_ended", "E11"}});
    Step(f, "legal_status",
         {{"care_period_id", Ref(f_care)}, {"start_date", "2023-01-01"}, {"legal_status", "E1"}});
    Step(f, "adoption_plan",
         {{"decision_date", "2023-06-01"}, {"adoption_order_date", "2025-03-01"}});

    // G1 is approved as an adopter during the twelve months; H1 withdrew long before.
    AnnexAPerson& g = Person("G1", "1985-04-04", "F", "WIRI");
    Step(g, "adopter_approval", {{"enquiry_date", "2025-07-01"}, {"approval_date", "2026-01-10"}});
    AnnexAPerson& h = Person("H1", "1980-01-01", "M", "WBRI");
    Step(h, "adopter_approval", {{"enquiry_date", "2024-01-01"}, {"withdrawn_date", "2025-01-01"}});

    lists_ = AnnexAFromRecord(people_, kDay, "Doncaster");
  }

  std::vector<AnnexAPerson> people_;
  std::vector<AnnexAList> lists_;
  int64_t next_id_ = 0;
};

TEST_F(AnnexATest, EveryListHasOfstedsHeadersCodesAndDates) {
  Build();
  test::ExpectMeetsAnnexASpec(lists_);
  for (const auto& list : lists_) EXPECT_FALSE(list.rows.empty()) << list.sheet << " is empty";
}

TEST_F(AnnexATest, ContactsAreThoseOfTheSixMonthsToTheDay) {
  Build();
  const auto rows = Rows(1, "A1");
  ASSERT_EQ(rows.size(), 2u) << "the contact seven months before is not listed";
  EXPECT_EQ(rows[0].at("Date of Contact"), "15/12/2025");
  EXPECT_EQ(rows[0].at("Contact Source"), "d) Health services");
  EXPECT_EQ(rows[1].at("Contact Source"), "b) Schools");
  EXPECT_EQ(rows[0].at("Gender"), "a) Male");
  EXPECT_EQ(rows[0].at("Ethnicity"), "a) White");
  EXPECT_EQ(rows[0].at("Date of Birth"), "20/03/2015");
  EXPECT_EQ(rows[0].at("Age of Child (Years)"), "11");
}

TEST_F(AnnexATest, ReferralsAssessmentsAndEnquiriesOfTheSixMonths) {
  Build();
  const auto referrals = Rows(3, "A1");
  ASSERT_EQ(referrals.size(), 1u) << "September's referral is older than six months";
  EXPECT_EQ(referrals[0].at("Date of referral"), "01/02/2026");
  EXPECT_EQ(referrals[0].at("Referral Source"), "g) Police");
  EXPECT_EQ(referrals[0].at("Referral NFA?"), "No");
  // September 2025 and February 2026; May 2025 is more than twelve months before.
  EXPECT_EQ(referrals[0].at("Number of Referrals in Last 12 Months"), "2");
  EXPECT_EQ(referrals[0].at("Allocated Team"), "Assessment Team");
  EXPECT_EQ(referrals[0].at("Allocated Worker"), "Sam Worker");

  const auto assessments = Rows(4, "A1");
  ASSERT_EQ(assessments.size(), 1u);
  EXPECT_EQ(assessments[0].at("Does the Child have a Disability"), "No");
  EXPECT_EQ(assessments[0].at("Child Seen During Continuous Assessment"), "Yes");
  EXPECT_EQ(assessments[0].at("Continuous Assessment Date of Authorisation"), "20/02/2026");
  EXPECT_EQ(
      assessments[0].at("Was the child assessed as requiring LA children's social care support?"),
      "Yes");

  const auto enquiries = Rows(5, "A1");
  ASSERT_EQ(enquiries.size(), 1u);
  const auto& s47 = enquiries[0];
  EXPECT_EQ(s47.at("Strategy discussion initiating Section 47 Enquiry Start Date"), "21/02/2026");
  EXPECT_EQ(s47.at("Was an Initial Child Protection Conference deemed unnecessary?"), "No");
  EXPECT_EQ(s47.at("Date of Initial Child Protection Conference"), "10/03/2026");
  EXPECT_EQ(s47.at("Did the Initial Child Protection Conference Result in a Child Protection Plan"),
            "Yes");
  EXPECT_EQ(s47.at("Number of Section 47 Enquiries in the last 12 months"), "1");
  EXPECT_EQ(s47.at("Number of ICPCs in the last 12 months"), "1");
}

TEST_F(AnnexATest, ChildrenInNeedAndProtectionShowWhatIsOpenOnTheDay) {
  Build();
  const auto cin = Rows(6, "A1");
  ASSERT_EQ(cin.size(), 1u) << "episodes closed before the six months are not listed";
  EXPECT_EQ(cin[0].at("CIN Start Date"), "01/02/2026");
  EXPECT_EQ(cin[0].at("Primary Need Code"), "a) Abuse or neglect");
  EXPECT_EQ(cin[0].at("Date Child Was Last Seen"), "01/05/2026");
  EXPECT_EQ(cin[0].at("CIN Closure Date"), "");
  EXPECT_EQ(cin[0].at("Case Status"), "b) Child Protection plan");

  const auto plans = Rows(7, "A1");
  ASSERT_EQ(plans.size(), 1u) << "the plan of 2024 ended before the six months";
  const auto& plan = plans[0];
  EXPECT_EQ(plan.at("Child Protection Plan Start Date"), "10/03/2026");
  EXPECT_EQ(plan.at("Initial Category of Abuse"), "a) Neglect");
  EXPECT_EQ(plan.at("Latest Category of Abuse"), "d) Emotional Abuse");
  EXPECT_EQ(plan.at("Date of the Last Statutory Visit"), "01/05/2026");
  EXPECT_EQ(plan.at("Was the Child Seen Alone?"), "Yes");
  EXPECT_EQ(plan.at("Date of latest review conference"), "01/06/2026");
  EXPECT_EQ(plan.at("Number of Previous Child Protection Plans"), "1");
  EXPECT_EQ(plan.at("Subject to Emergency Protection Order or Protected Under Police Powers in "
                    "Last Six Months (Y/N)"),
            "No");
}

TEST_F(AnnexATest, ChildrenInCareOfTheTwelveMonths) {
  Build();
  EXPECT_TRUE(Rows(8, "C1").empty()) << "left care 13 months before the day";
  EXPECT_TRUE(Rows(8, "F1").empty()) << "adopted 15 months before the day";
  const auto rows = Rows(8, "B1");
  ASSERT_EQ(rows.size(), 1u);
  const auto& b = rows[0];
  EXPECT_EQ(b.at("Age of Child (Years)"), "16");
  EXPECT_EQ(b.at("Ethnicity"), "b) Mixed");
  EXPECT_EQ(b.at("Does the Child have a Disability"), "Unknown");
  EXPECT_EQ(b.at("Date Started to be Looked After"), "01/08/2025");
  EXPECT_EQ(b.at("Child's Category of Need"), "d) Family in acute stress");
  EXPECT_EQ(b.at("Is this a second or subsequent period of being a Looked After Child within the "
                 "last 12 months (Y/N)"),
            "No")
      << "the earlier period ended before the twelve months";
  EXPECT_EQ(b.at("Start date of current legal status"), "05/01/2026");
  EXPECT_EQ(b.at("Child's Legal Status"), "a) Interim care orders");
  EXPECT_EQ(b.at("Date of Latest Statutory Review"), "01/04/2026");
  EXPECT_EQ(b.at("Date of Last Social Work Visit"), "20/05/2026");
  EXPECT_EQ(b.at("Date of Last Health Assessment"), "01/09/2025");
  EXPECT_EQ(b.at("Date of Last Dental Check"), "01/01/2026");
  EXPECT_EQ(b.at("Number of Placements in the Last 12 months"), "2");
  EXPECT_EQ(b.at("Start Date of Most Recent Placement"), "01/03/2026");
  EXPECT_EQ(b.at("Placement Type"), "h) Children\u2019s Homes");
  EXPECT_EQ(b.at("Placement Provider"), "b) Private");
  EXPECT_EQ(b.at("Placement postcode"), "S1 2CC");
  EXPECT_EQ(b.at("Placement Location"), "b) Out");
  EXPECT_EQ(b.at("Number of Episodes the Child has been 'Missing' from their Placement in the "
                 "last 12 months"),
            "1");
  EXPECT_EQ(b.at("Number of Episodes the Child has been 'Absent' from their Placement in the "
                 "last 12 months"),
            "1");
  EXPECT_EQ(b.at("Did the child accept a Return Interview after their last missing episode "
                 "(Y/N)?"),
            "Yes");
  EXPECT_EQ(b.at("Allocated Team"), "Children in Care");
  EXPECT_EQ(b.at("Allocated Worker"), "Unallocated");
  const auto e = Rows(8, "E1");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].at("Placement Type"), "b) Placed for adoption");
  EXPECT_EQ(e[0].at("What is the permanence plan for this child?"), "b) Adoption");
  EXPECT_EQ(e[0].at("Placement Location"), "a) In");
  EXPECT_EQ(e[0].at("LA of Placement"), "Doncaster");
}

TEST_F(AnnexATest, CareLeaversAdoptionAndAdopters) {
  Build();
  EXPECT_TRUE(Rows(9, "D1").empty()) << "their status ended before the day";
  const auto leavers = Rows(9, "C1");
  ASSERT_EQ(leavers.size(), 1u);
  const auto& c = leavers[0];
  EXPECT_EQ(c.at("Age of Child (Years)"), "18");
  EXPECT_EQ(c.at("Ethnicity"), "e) Other ethnic group");
  EXPECT_EQ(c.at("Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)"),
            "Yes");
  EXPECT_EQ(c.at("Allocated Personal Advisor"), "Pat Adviser");
  EXPECT_EQ(c.at("Eligibility Category"), "b) Former relevant");
  EXPECT_EQ(c.at("LA in Touch"), "a) In touch");
  EXPECT_EQ(c.at("Type of Accommodation"), "c) Semi-independent transitional accommodation");
  EXPECT_EQ(c.at("Suitability of Accommodation"), "a) Suitable");
  EXPECT_EQ(c.at("Activity Status"), "F2: Full time in education other than higher");

  EXPECT_TRUE(Rows(10, "F1").empty()) << "adopted before the twelve months";
  const auto adoption = Rows(10, "E1");
  ASSERT_EQ(adoption.size(), 1u);
  EXPECT_EQ(adoption[0].at("Age of Child (Years)"), "1");
  EXPECT_EQ(adoption[0].at("Does the Child have a Disability"), "Yes");
  EXPECT_EQ(adoption[0].at("Date the Child Entered Care"), "01/02/2025");
  EXPECT_EQ(adoption[0].at("Date of Decision that Child Should be Placed for Adoption"),
            "01/09/2025");
  EXPECT_EQ(adoption[0].at("Date Placed for Adoption"), "01/03/2026");
  EXPECT_EQ(adoption[0].at(
                "Date the child was placed for fostering in FFA or concurrent planning placement"),
            "01/02/2025");

  const auto early = Rows(2, "D1");
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].at("Assessment completion date"), "10/01/2026");
  EXPECT_EQ(early[0].at("Gender"), "c) Not stated/recorded");
  EXPECT_EQ(early[0].at("Ethnicity"), "f) Not stated");
  EXPECT_EQ(early[0].at("Organisation completing assessment"),
            "Doncaster Children's Services Trust");

  EXPECT_TRUE(Rows(11, "H1").empty()) << "withdrew before the twelve months";
  const auto adopters = Rows(11, "G1");
  ASSERT_EQ(adopters.size(), 1u);
  EXPECT_EQ(adopters[0].at("Date enquiry received"), "01/07/2025");
  EXPECT_EQ(adopters[0].at("Date application approved"), "10/01/2026");
}

TEST_F(AnnexATest, TheWorkbookHasElevenSheetsInOrder) {
  Build();
  const std::string book = AnnexAWorkbook(lists_);
  // An uncompressed zip: the workbook's XML is in the bytes as written.
  size_t at = 0;
  for (const auto& list : lists_) {
    const size_t found = book.find("name=\"" + list.sheet + "\"", at);
    ASSERT_NE(found, std::string::npos) << list.sheet;
    at = found;
  }
  EXPECT_NE(book.find("xl/worksheets/sheet11.xml"), std::string::npos);
  EXPECT_EQ(book.find("xl/worksheets/sheet12.xml"), std::string::npos);
  EXPECT_NE(book.find("Child Unique ID"), std::string::npos);
}

TEST(AnnexAInspectionDate, ABadOrFutureDateNamesTheField) {
  const Date today = Date::FromYmd(2026, 6, 15);
  for (const char* bad : {"", "2026-02-30", "15/06/2026", "2026-6-1", "tomorrow"}) {
    auto r = ParseInspectionDate(bad, today, "--date");
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(r.status().field(), "--date") << bad;
    EXPECT_NE(r.status().message().find("--date"), std::string::npos) << r.status().message();
  }
  EXPECT_EQ(ParseInspectionDate("2026-06-16", today, "date").status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(ParseInspectionDate("2026-06-15", today, "date").ok());
}

}  // namespace
}  // namespace haven::exports
