#include "imports/cin_import.h"

#include <gtest/gtest.h>

#include "returns/cin/read.h"

namespace haven::imports {
namespace {

// A census from another system: one child with a closed episode that held an enquiry, its
// conference and the plan it made, and an earlier plan the census counts but does not hold.
std::string Census(const std::string& extra_detail = "", const std::string& extra_child = "") {
  return R"(<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
    <ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header><Children>
    <Child>
      <ChildIdentifiers><LAchildID>K1</LAchildID><UPNunknown>UN2</UPNunknown>
        <PersonBirthDate>2015-03-27</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity>
        <Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>1A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2026-02-01</CINclosureDate>
        <ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>0</ReferralNFA>
        <Assessments><AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2025-07-10</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors>
            <AssessmentFactors>1C</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <Assessments><AssessmentActualStartDate>2025-10-01</AssessmentActualStartDate>
        </Assessments>
        <Section47><S47ActualStartDate>2025-06-20</S47ActualStartDate>
          <DateOfInitialCPC>2025-07-01</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired>
        </Section47>
        <Section47><S47ActualStartDate>2025-11-03</S47ActualStartDate>
          <ICPCnotRequired>1</ICPCnotRequired></Section47>
        <ChildProtectionPlans><CPPstartDate>2025-07-01</CPPstartDate>
          <CPPendDate>2026-01-15</CPPendDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>2</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2025-10-01</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
)" + extra_detail +
         R"(
      </CINdetails>
    </Child>)" +
         extra_child + R"(
  </Children></Message>)";
}

const record::LoadStep* Find(const record::ChildHistory& h, const std::string& kind,
                             size_t nth = 0) {
  for (const auto& s : h.steps) {
    if (s.kind == kind && nth-- == 0) return &s;
  }
  return nullptr;
}
std::string V(const record::LoadStep* s, const std::string& field) {
  if (s == nullptr) return "(no step)";
  auto it = s->values.find(field);
  return it == s->values.end() || !it->second ? "(none)" : *it->second;
}

Result<ImportCin> Import(const std::string& xml, std::optional<int64_t> authoriser = 42,
                         const std::set<std::string>& skip = {}) {
  auto r = returns::ReadCinXml(xml, "c.xml", 0);
  if (!r.ok()) return r.status();
  return HistoriesFromCin(*r, "c.xml", 3, 9, authoriser, skip);
}

TEST(HistoriesFromCinTest, EachBlockBecomesTheFactsOfTheRecord) {
  auto out = Import(Census());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->children.size(), 1u);
  const auto& h = out->children[0];
  EXPECT_EQ(h.person.la_child_id, "K1");
  EXPECT_EQ(h.person.upn_unknown, "UN2");
  EXPECT_EQ(h.person.sex, "F");
  EXPECT_EQ(h.person.disabilities, std::vector<std::string>{"NONE"});
  const auto* referral = Find(h, "referral");
  EXPECT_EQ(V(referral, "team_id"), "9");
  EXPECT_EQ(V(referral, "closure_reason"), "RC1");
  EXPECT_EQ(V(referral, "nfa"), "0");
  // The authorised assessment: completed and authorised that day, by the authoriser.
  const auto* done = Find(h, "assessment", 0);
  EXPECT_EQ(V(done, "completed_date"), "2025-07-10");
  EXPECT_EQ(V(done, "factors"), "1C,3A");
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->authorised_by, 42);
  EXPECT_EQ(done->authorised_at, "2025-07-10");
  EXPECT_EQ(done->referral_key, referral->key);
  // The unfinished one ended when the episode closed, unauthorised.
  const auto* open = Find(h, "assessment", 1);
  EXPECT_EQ(V(open, "completed_date"), "2026-02-01");
  ASSERT_NE(open, nullptr);
  EXPECT_FALSE(open->authorised_at.has_value());
  // The enquiry ends at its conference, which made the plan; the other needed no conference.
  const auto* s47 = Find(h, "s47", 0);
  EXPECT_EQ(V(s47, "strategy_before_records"), "1");
  EXPECT_EQ(V(s47, "end_date"), "2025-07-01");
  EXPECT_EQ(V(s47, "outcome"), "icpc");
  const auto* icpc = Find(h, "icpc");
  EXPECT_EQ(V(icpc, "outcome"), "cp_plan");
  ASSERT_NE(icpc, nullptr);
  EXPECT_EQ(icpc->refs.at("s47_id"), s47->key);
  const auto* none = Find(h, "s47", 1);
  EXPECT_EQ(V(none, "outcome"), "no_conference");
  EXPECT_EQ(V(none, "end_date"), "2026-02-01");
  const auto* plan = Find(h, "cp_plan");
  EXPECT_EQ(V(plan, "latest_category"), "EMO");
  EXPECT_EQ(V(plan, "plans_before_records"), "2");
  EXPECT_EQ(V(plan, "conference_before_records"), "(none)");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->refs.at("icpc_id"), icpc->key);
  const auto* review = Find(h, "cp_review");
  EXPECT_EQ(V(review, "review_date"), "2025-10-01");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->refs.at("cp_plan_id"), plan->key);
  EXPECT_EQ(plan->key, "c.xml ChildProtectionPlans row 1");
}

TEST(HistoriesFromCinTest, APlanFromBeforeTheCensusFollowsAConferenceBeforeTheRecords) {
  auto out = Import(Census(R"(<ChildProtectionPlans><CPPstartDate>2024-12-01</CPPstartDate>
      <CPPendDate>2025-06-01</CPPendDate><InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse>
      <LatestCategoryOfAbuse>PHY</LatestCategoryOfAbuse><NumberOfPreviousCPP>1</NumberOfPreviousCPP>
      </ChildProtectionPlans>)"));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const auto* earlier = Find(out->children[0], "cp_plan", 1);
  EXPECT_EQ(V(earlier, "conference_before_records"), "1");
  ASSERT_NE(earlier, nullptr);
  EXPECT_EQ(earlier->refs.count("icpc_id"), 0u);
  EXPECT_EQ(V(earlier, "plans_before_records"), "1");
  // The later plan counts two before it: one the census holds, one it does not.
  EXPECT_EQ(V(Find(out->children[0], "cp_plan", 0), "plans_before_records"), "1");
}

TEST(HistoriesFromCinTest, ChildrenAlreadyHeldAreLeftAlone) {
  auto out = Import(Census(), 42, {"K1"});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->children.empty());
  EXPECT_EQ(out->matched, std::vector<std::string>{"K1"});
}

TEST(HistoriesFromCinTest, BadInputNamesTheTableRowAndField) {
  auto no_authoriser = Import(Census(), std::nullopt);
  ASSERT_FALSE(no_authoriser.ok());
  EXPECT_EQ(no_authoriser.status().message(),
            "child K1: c.xml Assessments row 1, AssessmentAuthorisationDate: an authorised "
            "assessment needs the manager it is recorded as authorised by (--authoriser)");
  auto bad_date = Import(Census(R"(<CINPlanDates><CINPlanStartDate>01/09/2025</CINPlanStartDate>
      </CINPlanDates>)"));
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.status().message(),
            "child K1: c.xml CINplanDates row 1, CINPlanStartDate: '01/09/2025' is not a "
            "yyyy-mm-dd date");
  EXPECT_EQ(bad_date.status().field(), "CINPlanStartDate");
  auto twice = Import(Census("", R"(<Child><ChildIdentifiers><LAchildID>K1</LAchildID>
      </ChildIdentifiers></Child>)"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(),
            "c.xml ChildIdentifiers row 2, LAchildID: child K1 is in the census twice");
}

}  // namespace
}  // namespace haven::imports
