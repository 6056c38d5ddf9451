#include "domain/casework.h"

#include <gtest/gtest.h>

#include "domain/codes.h"

namespace haven::domain {
namespace {

StepRecord Rec(const std::string& kind, int64_t id, Values values) {
  StepRecord r;
  r.kind = kind;
  r.id = id;
  r.person_id = 1;
  r.referral_id = kind == "referral" ? std::nullopt : std::optional<int64_t>(10);
  r.values = std::move(values);
  return r;
}

const StepSpec& Spec(const std::string& kind) { return *FindStep(kind); }

TEST(CaseworkSpec, EveryStepIsWellFormed) {
  for (const auto& spec : Steps()) {
    SCOPED_TRACE(spec.kind);
    EXPECT_EQ(FindStepByPath(spec.path), &spec);
    ASSERT_NE(FindField(spec, spec.date_field), nullptr);
    EXPECT_EQ(FindField(spec, spec.date_field)->type, FieldType::kDate);
    if (!spec.end_field.empty()) {
      ASSERT_NE(FindField(spec, spec.end_field), nullptr);
    }
    for (const auto& name : spec.fixed) EXPECT_NE(FindField(spec, name), nullptr) << name;
    for (const auto& f : spec.fields) {
      if (f.type == FieldType::kCode || f.type == FieldType::kCodes) {
        EXPECT_NO_THROW(Codes(f.list)) << f.name;
      }
      if (f.type == FieldType::kRef && f.list != "contact" && f.list != "team") {
        EXPECT_NE(FindStep(f.list), nullptr) << f.name;
      }
    }
  }
}

TEST(CaseworkFields, TypesCodesAndRequiredFieldsNameTheField) {
  Values ok = {{"start_date", "2026-01-05"}, {"factors", "3B,16A,3B"}};
  ASSERT_TRUE(CheckFieldValues(Spec("assessment"), ok, true).ok());
  EXPECT_EQ(*ok["factors"], "16A,3B");  // sorted, duplicates gone

  struct Bad {
    std::string kind;
    Values values;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {"assessment", {}, "start_date"},
      {"assessment", {{"start_date", "2026-02-30"}}, "start_date"},
      {"assessment", {{"start_date", "2026-01-05"}, {"factors", "1A,ZZ"}}, "factors"},
      {"assessment", {{"start_date", "2026-01-05"}, {"factors", "21,1A"}}, "factors"},
      {"assessment", {{"start_date", "2026-01-05"}, {"outcome", "shrug"}}, "outcome"},
      {"referral", {{"referral_date", "2026-01-05"}, {"source", "6"}, {"team_id", "1"},
                    {"re_referral", "1"}}, "re_referral"},  // derived: never from input
      {"cp_visit", {{"cp_plan_id", "1"}, {"visit_date", "2026-01-05"}, {"seen", "yes"}}, "seen"},
      {"cp_visit", {{"cp_plan_id", "x1"}, {"visit_date", "2026-01-05"}}, "cp_plan_id"},
      {"case_note", {{"note_type", "phone_call"}, {"event_date", "2026-01-05"}, {"subject", ""},
                     {"body", "b"}}, "subject"},
  };
  for (auto b : bad) {
    SCOPED_TRACE(b.kind + " " + b.field);
    Status s = CheckFieldValues(Spec(b.kind), b.values, true);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.field(), b.field) << s.ToString();
  }
  // A change may leave out required fields but not remove them.
  Values change = {{"start_date", std::nullopt}};
  EXPECT_EQ(CheckFieldValues(Spec("assessment"), change, false).field(), "start_date");
  Values partial = {{"outcome", "cin_plan"}};
  EXPECT_TRUE(CheckFieldValues(Spec("assessment"), partial, false).ok());
}

class CaseworkRules : public ::testing::Test {
 protected:
  CaseworkRules() {
    referral_ = Rec("referral", 10, {{"referral_date", "2026-01-05"}, {"source", "6"}});
    ctx_.today = "2026-06-01";
    ctx_.date_of_birth = "2019-03-02";
    ctx_.referral = &referral_;
  }
  Status Check(const std::string& kind, const Values& v) {
    return CheckStep(Spec(kind), v, ctx_).status();
  }
  StepRecord referral_;
  StepContext ctx_;
};

TEST_F(CaseworkRules, StepsLieInsideTheirReferralAndAfterBirth) {
  EXPECT_TRUE(Check("assessment", {{"start_date", "2026-01-05"}}).ok());
  EXPECT_EQ(Check("assessment", {{"start_date", "2026-01-04"}}).field(), "start_date");
  EXPECT_EQ(Check("assessment", {{"start_date", "2026-06-02"}}).field(), "start_date");
  referral_.values["closure_date"] = "2026-03-01";
  EXPECT_EQ(Check("cin_plan", {{"start_date", "2026-03-02"}}).field(), "start_date");
  ctx_.referral = nullptr;
  EXPECT_EQ(Check("case_note", {{"event_date", "2019-03-01"}}).field(), "event_date");
  ctx_.unborn = true;  // pre-birth work is recorded before the expected date
  EXPECT_TRUE(Check("case_note", {{"event_date", "2019-03-01"}}).ok());
}

TEST_F(CaseworkRules, PlansCannotEndBeforeTheyStart) {
  EXPECT_EQ(Check("cin_plan", {{"start_date", "2026-02-01"}, {"end_date", "2026-01-31"}}).field(),
            "end_date");
  EXPECT_TRUE(Check("cin_plan", {{"start_date", "2026-02-01"}, {"end_date", "2026-02-01"}}).ok());
}

TEST_F(CaseworkRules, AConferenceNeedsASection47EnquiryThatLedToOne) {
  EXPECT_EQ(Check("icpc", {{"conference_date", "2026-02-01"}}).field(), "s47_id");
  StepRecord s47 = Rec("s47", 3, {{"start_date", "2026-01-10"}, {"outcome", "no_further_action"}});
  ctx_.refs["s47_id"] = &s47;
  EXPECT_EQ(Check("icpc", {{"s47_id", "3"}, {"conference_date", "2026-02-01"}}).field(), "s47_id");
  s47.values["outcome"] = "icpc";
  EXPECT_TRUE(Check("icpc", {{"s47_id", "3"}, {"conference_date", "2026-02-01"}}).ok());
  EXPECT_EQ(Check("icpc", {{"s47_id", "3"}, {"conference_date", "2026-01-09"}}).field(),
            "conference_date");
}

TEST_F(CaseworkRules, VisitsAndReviewsFallInsideTheirPlan) {
  StepRecord plan = Rec("cp_plan", 4, {{"start_date", "2026-02-01"}, {"end_date", "2026-04-01"}});
  ctx_.refs["cp_plan_id"] = &plan;
  EXPECT_TRUE(Check("cp_visit", {{"visit_date", "2026-03-01"}, {"seen", "1"}}).ok());
  EXPECT_EQ(Check("cp_visit", {{"visit_date", "2026-04-02"}, {"seen", "1"}}).field(), "visit_date");
  EXPECT_EQ(Check("cp_review", {{"review_date", "2026-01-31"}}).field(), "review_date");
  EXPECT_EQ(Check("cp_visit", {{"visit_date", "2026-03-01"}, {"seen", "0"}, {"seen_alone", "1"}})
                .field(),
            "seen_alone");
  auto warned = CheckStep(Spec("cp_visit"), {{"visit_date", "2026-03-01"}, {"seen", "0"}}, ctx_);
  ASSERT_TRUE(warned.ok());
  EXPECT_EQ(warned->size(), 1u);  // accepted, with a warning that the child was not seen
}

TEST_F(CaseworkRules, AReferralClosesOnlyWithAReasonAndWithItsPlansEnded) {
  ctx_.referral = nullptr;
  EXPECT_EQ(Check("referral", {{"referral_date", "2026-01-05"}, {"closure_date", "2026-03-01"}})
                .field(),
            "closure_reason");
  StepRecord plan = Rec("cin_plan", 5, {{"start_date", "2026-02-01"}});
  ctx_.dependants = {&plan};
  Values closing = {{"referral_date", "2026-01-05"},
                    {"closure_date", "2026-03-01"},
                    {"closure_reason", "RC7"}};
  EXPECT_EQ(Check("referral", closing).field(), "closure_date");
  plan.values["end_date"] = "2026-03-01";
  EXPECT_TRUE(Check("referral", closing).ok());
  closing["referral_date"] = "2026-02-02";  // after the plan it holds
  EXPECT_EQ(Check("referral", closing).field(), "referral_date");
}

TEST(CaseworkAuthorisation, OnlyFinishedStepsCanBeAuthorised) {
  EXPECT_EQ(CheckAuthorisable(Spec("assessment"), {{"start_date", "2026-01-05"}}).field(),
            "completed_date");
  EXPECT_TRUE(CheckAuthorisable(Spec("assessment"), {{"completed_date", "2026-02-01"},
                                                     {"outcome", "cin_plan"}})
                  .ok());
  EXPECT_EQ(CheckAuthorisable(Spec("referral"), {{"referral_date", "2026-01-05"}}).field(),
            "closure_date");
  EXPECT_EQ(CheckAuthorisable(Spec("case_note"), {}).code(), StatusCode::kFailedPrecondition);
}

TEST(CaseworkReReferral, WithinTwelveMonthsOfAnEarlierReferral) {
  EXPECT_TRUE(IsReReferral("2026-03-01", {"2025-03-01"}));
  EXPECT_FALSE(IsReReferral("2026-03-01", {"2025-02-28"}));
  EXPECT_FALSE(IsReReferral("2026-03-01", {}));
  EXPECT_FALSE(IsReReferral("2026-03-01", {"2026-03-01"}));  // itself
  EXPECT_TRUE(IsReReferral("2024-02-29", {"2023-03-01", "2020-01-01"}));
}

TEST(CaseworkCaseload, CaseTypeFromOpenStepsAndItsWeight) {
  std::vector<StepRecord> steps = {Rec("referral", 10, {{"referral_date", "2026-01-05"}})};
  EXPECT_EQ(CaseType(steps), "assessment");
  steps.push_back(Rec("cin_plan", 2, {{"start_date", "2026-02-01"}}));
  EXPECT_EQ(CaseType(steps), "cin");
  steps.push_back(Rec("cp_plan", 3, {{"start_date", "2026-02-01"}, {"end_date", "2026-03-01"}}));
  EXPECT_EQ(CaseType(steps), "cin");  // the CP plan has ended
  steps.back().values.erase("end_date");
  EXPECT_EQ(CaseType(steps), "cp");
  EXPECT_GT(CaseWeight("cp"), CaseWeight("cin"));
  EXPECT_GT(CaseWeight("cin"), CaseWeight("early_help"));
}

}  // namespace
}  // namespace haven::domain
