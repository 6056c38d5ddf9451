#include "reporting/measures.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace haven::reporting {

namespace {

// The measures, in the order of Measures().
enum M : uint16_t {
  kContactsRate,
  kReferralsRate,
  kContactConversion,
  kContactDecisionDay,
  kReReferrals,
  kReferralsNfa,
  kCinRate,
  kAssessments45,
  kAssessments45FromReferral,
  kAssessmentMedian,
  kS47Rate,
  kIcpc15,
  kIcpc15FromStrategy,
  kIcpcMedian,
  kCpRate,
  kCpSecondPlan,
  kCpTwoYears,
  kCpVisits,
  kCpReviews,
  kClaRate,
  kClaThreePlacements,
  kClaThreePlacementsNoTemporary,
  kClaStability,
  kClaReviews,
  kClaVisits,
  kClaPeps,
  kClaHealthAssessment,
  kClaDental,
  kClaImmunisations,
  kClaMissing,
  kReturnInterviews,
  kLeaversInTouch,
  kLeaversEet,
  kLeaversAccommodation,
  kAdoptionA1,
  kAdoptionA2,
  kAdoptionA3,
  kAdoptedShare,
  kPlacementSpend,
  kCaseload,
  kUnallocated,
  kAgencyRate,
  kTurnover,
  kVacancyRate,
  kSickness,
  kMeasureCount
};

constexpr double kEnglandChildren = 81770.0 / 67.0 * 10000.0;  // about 12.2 million
const char* const kEnglandRateNote =
    " (England's children under 18 taken as 12.2 million: 81,770 looked after at 67 per 10,000)";

double EnglandRate(double count) { return count / kEnglandChildren * 10000.0; }

std::vector<Measure> Build() {
  std::array<Measure, kMeasureCount> m;
  const std::string front = "Front door and referrals";
  const std::string cp = "Assessments and child protection";
  const std::string cla = "Children in care";
  const std::string leaving = "Leaving care and adoption";
  const std::string work = "Workforce";
  const std::string year = "in the twelve months to the month's end";
  m[kContactsRate] = {"contacts_rate",
                      front,
                      "Contacts per 10,000 children",
                      "Contacts received " + year +
                          ", per 10,000 children aged 0 to 17 in the "
                          "authority (the population is a setting).",
                      "Local",
                      Unit::kPer10k,
                      Window::kYear,
                      Subject::kChild,
                      false,
                      std::nullopt,
                      "",
                      "contacts",
                      "contacts"};
  m[kReferralsRate] = {
      "referrals_rate",
      front,
      "Referrals per 10,000 children",
      "Referrals (CIN episodes by referral date) " + year + ", per 10,000 children aged 0 to 17.",
      "DfE",
      Unit::kPer10k,
      Window::kYear,
      Subject::kChild,
      false,
      EnglandRate(632830),
      std::string("England 2025: 632,830 referrals") + kEnglandRateNote,
      "referrals",
      "referrals"};
  m[kContactConversion] = {"contact_conversion",
                           front,
                           "Contacts that became referrals",
                           "Contacts decided " + year +
                               " whose decision was a referral or a strategy discussion, as a "
                               "share of all contacts decided.",
                           "Local",
                           Unit::kPercent,
                           Window::kYear,
                           Subject::kChild,
                           true,
                           std::nullopt,
                           "",
                           "referred",
                           "contacts decided"};
  m[kContactDecisionDay] = {"contact_decision_1wd",
                            front,
                            "Contact decisions within 1 working day",
                            "Contacts decided " + year +
                                " where the decision was made by the end of the first working day "
                                "after the contact came in (Working Together).",
                            "Working Together (statutory)",
                            Unit::kPercent,
                            Window::kYear,
                            Subject::kChild,
                            true,
                            std::nullopt,
                            "",
                            "within 1 working day",
                            "contacts decided"};
  m[kReReferrals] = {"re_referrals",
                     front,
                     "Re-referrals within 12 months",
                     "Referrals " + year +
                         " made within 12 calendar months of an earlier referral of the same "
                         "child (the same date a year earlier counts; the look-back crosses "
                         "years), as a share of all referrals in the period.",
                     "DfE",
                     Unit::kPercent,
                     Window::kYear,
                     Subject::kChild,
                     false,
                     22.6,
                     "England 2025",
                     "re-referral",
                     "referrals"};
  m[kReferralsNfa] = {"referrals_nfa",
                      front,
                      "Referrals with no further action",
                      "Referrals " + year + " marked no further action, as a share of referrals.",
                      "DfE",
                      Unit::kPercent,
                      Window::kYear,
                      Subject::kChild,
                      false,
                      6.5,
                      "England 2025",
                      "no further action",
                      "referrals"};
  m[kCinRate] = {"cin_rate",
                 front,
                 "Children in need per 10,000",
                 "Children with an open CIN episode (referral) at the month's end, per 10,000 "
                 "children aged 0 to 17.",
                 "DfE",
                 Unit::kPer10k,
                 Window::kMonth,
                 Subject::kChild,
                 false,
                 333.0,
                 "England 2024 (31 March)",
                 "children in need",
                 "children in need"};
  m[kAssessments45] = {"assessments_45wd",
                       cp,
                       "Assessments within 45 working days (DfE)",
                       "Assessments authorised " + year +
                           " whose length, in working days from the assessment's start to the "
                           "manager's authorisation, was 45 or fewer, as a share of assessments "
                           "authorised. This is the DfE's measure from the CIN census.",
                       "DfE",
                       Unit::kPercent,
                       Window::kYear,
                       Subject::kChild,
                       true,
                       85.7,
                       "England 2025",
                       "within 45 working days",
                       "assessments authorised"};
  m[kAssessments45FromReferral] = {
      "assessments_45wd_from_referral",
      cp,
      "Assessments within 45 working days of the referral (Working Together)",
      "Assessments authorised " + year +
          " authorised within 45 working days of the referral, as Working Together times the "
          "assessment, as a share of assessments authorised.",
      "Working Together (statutory)",
      Unit::kPercent,
      Window::kYear,
      Subject::kChild,
      true,
      std::nullopt,
      "",
      "within 45 working days of the referral",
      "assessments authorised"};
  m[kAssessmentMedian] = {"assessment_median_wd",
                          cp,
                          "Median length of assessments",
                          "The median, in working days from start to authorisation, of the "
                          "assessments authorised " +
                              year + ".",
                          "DfE",
                          Unit::kMedian,
                          Window::kYear,
                          Subject::kChild,
                          false,
                          33.0,
                          "England 2025 (quartiles 17 and 43)",
                          "working days",
                          "assessments authorised"};
  m[kS47Rate] = {"s47_rate",
                 cp,
                 "Section 47 enquiries per 10,000 children",
                 "Section 47 enquiries started " + year +
                     " (a child may have several), per 10,000 children aged 0 to 17.",
                 "DfE",
                 Unit::kPer10k,
                 Window::kYear,
                 Subject::kChild,
                 false,
                 EnglandRate(230590),
                 std::string("England 2025: 230,590 enquiries") + kEnglandRateNote,
                 "enquiries",
                 "enquiries"};
  m[kIcpc15] = {"icpc_15wd",
                cp,
                "Initial conferences within 15 working days (DfE)",
                "Initial child protection conferences " + year +
                    " held within 15 working days of the start of the section 47 enquiry, as a "
                    "share of initial conferences that follow an enquiry held in the record. A "
                    "conference dated before its enquiry is counted, and within time, but left "
                    "out of the median.",
                "DfE",
                Unit::kPercent,
                Window::kYear,
                Subject::kChild,
                true,
                81.4,
                "England 2025",
                "within 15 working days",
                "initial conferences"};
  m[kIcpc15FromStrategy] = {
      "icpc_15wd_from_strategy",
      cp,
      "Initial conferences within 15 working days of the strategy discussion (Working Together)",
      "Initial child protection conferences " + year +
          " held within 15 working days of the strategy discussion that began the enquiry, as "
          "Working Together sets the timescale. Conferences whose strategy discussion is not in "
          "the record are left out.",
      "Working Together (statutory)",
      Unit::kPercent,
      Window::kYear,
      Subject::kChild,
      true,
      std::nullopt,
      "",
      "within 15 working days",
      "initial conferences"};
  m[kIcpcMedian] = {"icpc_median_wd",
                    cp,
                    "Median time to initial conference",
                    "The median, in working days from the section 47 enquiry's start, of the "
                    "initial conferences " +
                        year + ".",
                    "DfE",
                    Unit::kMedian,
                    Window::kYear,
                    Subject::kChild,
                    false,
                    14.0,
                    "England 2025",
                    "working days",
                    "initial conferences"};
  m[kCpRate] = {"cp_rate",
                cp,
                "Children on child protection plans per 10,000",
                "Child protection plans open at the month's end, per 10,000 children aged 0 to "
                "17.",
                "DfE",
                Unit::kPer10k,
                Window::kMonth,
                Subject::kChild,
                false,
                EnglandRate(49420),
                std::string("England 2025: 49,420 plans at 31 March") + kEnglandRateNote,
                "plans",
                "plans open"};
  m[kCpSecondPlan] = {"cp_second_plan",
                      cp,
                      "Second or later child protection plans",
                      "Plans starting " + year +
                          " for a child who had an earlier plan with this authority at any time "
                          "(not only within two years), as a share of plans starting.",
                      "DfE",
                      Unit::kPercent,
                      Window::kYear,
                      Subject::kChild,
                      false,
                      std::nullopt,
                      "",
                      "second or later",
                      "plans starting"};
  m[kCpTwoYears] = {
      "cp_2_years",
      cp,
      "Plans lasting 2 years or more",
      "Plans ending " + year + " that had lasted two years or more, as a share of plans ending.",
      "DfE",
      Unit::kPercent,
      Window::kYear,
      Subject::kChild,
      false,
      4.4,
      "England 2025",
      "2 years or more",
      "plans ending"};
  m[kCpVisits] = {"cp_visits_in_time",
                  cp,
                  "Child protection visits in time",
                  "Children on a plan at the month's end whose last visit (or the plan's start) "
                  "was within the local visiting standard (the cp_visit timescale, 10 working "
                  "days unless the authority set another).",
                  "Local",
                  Unit::kPercent,
                  Window::kMonth,
                  Subject::kChild,
                  true,
                  std::nullopt,
                  "",
                  "visited in time",
                  "children on a plan"};
  m[kCpReviews] = {"cp_reviews_in_time",
                   cp,
                   "Child protection reviews in time",
                   "Plans open at the month's end that have lasted 3 months or more, whose first "
                   "review came within 3 months of the plan and each later one within 6 months "
                   "of the last, with none now overdue.",
                   "Working Together (statutory)",
                   Unit::kPercent,
                   Window::kMonth,
                   Subject::kChild,
                   true,
                   std::nullopt,
                   "",
                   "reviewed in time",
                   "plans of 3 months or more"};
  m[kClaRate] = {"cla_rate",
                 cla,
                 "Children looked after per 10,000",
                 "Children looked after at the month's end, per 10,000 children aged 0 to 17, "
                 "leaving out those looked after only under a series of short breaks (V3, V4).",
                 "DfE",
                 Unit::kPer10k,
                 Window::kMonth,
                 Subject::kChild,
                 false,
                 67.0,
                 "England 2025 (81,770 children)",
                 "looked after",
                 "children looked after"};
  m[kClaThreePlacements] = {
      "cla_3_placements",
      cla,
      "Three or more placements in the year",
      "Children looked after at the month's end who had three or more placements in the twelve "
      "months to it, counting every placement change (temporary ones too); a placement for "
      "adoption with the same carers is not a move.",
      "DfE",
      Unit::kPercent,
      Window::kMonth,
      Subject::kChild,
      false,
      std::nullopt,
      "",
      "3 or more placements",
      "children looked after"};
  m[kClaThreePlacementsNoTemporary] = {
      "cla_3_placements_no_temporary",
      cla,
      "Three or more placements in the year, leaving out temporary placements",
      "As the DfE measure, but temporary placements (T0 to T4) are not counted.",
      "Local",
      Unit::kPercent,
      Window::kMonth,
      Subject::kChild,
      false,
      std::nullopt,
      "",
      "3 or more placements",
      "children looked after"};
  m[kClaStability] = {
      "cla_long_term_stability",
      cla,
      "Long-term placement stability",
      "Children under 16 at the month's end, looked after continuously for two and a half years "
      "or more, who have lived in the same placement for two years or more, or are placed for "
      "adoption where that placement and the one before it together last two years or more.",
      "DfE",
      Unit::kPercent,
      Window::kMonth,
      Subject::kChild,
      true,
      69.0,
      "England 2025",
      "same placement 2 years",
      "children under 16 in care 2.5 years"};
  m[kClaReviews] = {"cla_reviews_in_time",
                    cla,
                    "Looked-after reviews in time",
                    "Children looked after at the month's end whose next review is not overdue: "
                    "the first within 20 working days of coming into care, the second within 3 "
                    "months of it, then every 6 months.",
                    "Care Planning Regulations (statutory)",
                    Unit::kPercent,
                    Window::kMonth,
                    Subject::kChild,
                    true,
                    std::nullopt,
                    "",
                    "reviews in time",
                    "children looked after"};
  m[kClaVisits] = {"cla_visits_in_time",
                   cla,
                   "Statutory visits in time",
                   "Children looked after at the month's end whose next statutory visit is not "
                   "overdue: within a week of a placement starting, then every 6 weeks in its "
                   "first year and every 3 months after.",
                   "Care Planning Regulations (statutory)",
                   Unit::kPercent,
                   Window::kMonth,
                   Subject::kChild,
                   true,
                   std::nullopt,
                   "",
                   "visited in time",
                   "children looked after"};
  m[kClaPeps] = {"cla_peps_in_time",
                 cla,
                 "Personal education plans in time",
                 "Children looked after at the month's end and of school age (5 to 15) whose "
                 "personal education plan was made or reviewed in the last 4 months (each term), "
                 "or who came into care in the last 10 working days.",
                 "Statutory guidance",
                 Unit::kPercent,
                 Window::kMonth,
                 Subject::kChild,
                 true,
                 std::nullopt,
                 "",
                 "plan in time",
                 "children of school age in care"};
  const std::string oc2 =
      "Children looked after continuously for 12 months at the month's end (the DfE's OC2 "
      "cohort, taken at each month's end)";
  m[kClaHealthAssessment] = {"cla_health_assessments",
                             cla,
                             "Health assessments in time",
                             oc2 + " who had a health assessment in the last 12 months.",
                             "DfE",
                             Unit::kPercent,
                             Window::kMonth,
                             Subject::kChild,
                             true,
                             std::nullopt,
                             "",
                             "health assessment",
                             "children in care 12 months"};
  m[kClaDental] = {"cla_dental_checks",
                   cla,
                   "Dental checks",
                   oc2 + " who had a dental check in the last 12 months.",
                   "DfE",
                   Unit::kPercent,
                   Window::kMonth,
                   Subject::kChild,
                   true,
                   std::nullopt,
                   "",
                   "dental check",
                   "children in care 12 months"};
  m[kClaImmunisations] = {"cla_immunisations",
                          cla,
                          "Immunisations up to date",
                          oc2 +
                              " whose immunisations were recorded up to date in the last 12 "
                              "months.",
                          "DfE",
                          Unit::kPercent,
                          Window::kMonth,
                          Subject::kChild,
                          true,
                          std::nullopt,
                          "",
                          "immunisations up to date",
                          "children in care 12 months"};
  m[kClaMissing] = {"cla_missing",
                    cla,
                    "Children in care who went missing",
                    "Children looked after at any time in the twelve months to the month's end "
                    "who had at least one missing incident in that time (whereabouts unknown; "
                    "away without authorisation is not counted).",
                    "DfE",
                    Unit::kPercent,
                    Window::kMonth,
                    Subject::kChild,
                    false,
                    11.0,
                    "England 2025 (about 11%)",
                    "went missing",
                    "children looked after"};
  m[kReturnInterviews] = {"return_interviews",
                          cla,
                          "Return home interviews offered in time",
                          "Missing episodes ending " + year +
                              " where a return home interview was offered within 72 hours "
                              "(3 days) of the return.",
                          "Statutory guidance",
                          Unit::kPercent,
                          Window::kYear,
                          Subject::kChild,
                          true,
                          std::nullopt,
                          "",
                          "offered in time",
                          "returns from missing"};
  const std::string oc3 =
      "Care leavers whose 17th to 21st birthday fell " + year +
      ", after their care ended, who were looked after for 13 weeks or more after their 14th "
      "birthday including some time after their 16th (the OC3 cohort); their status is from the "
      "contact nearest the birthday. Those who died or returned home for 6 months are left out; "
      "a young person with no contact recorded counts in the cohort.";
  m[kLeaversInTouch] = {"leavers_in_touch",
                        leaving,
                        "Care leavers in touch",
                        oc3 + " In touch: YES.",
                        "DfE",
                        Unit::kPercent,
                        Window::kMonth,
                        Subject::kChild,
                        true,
                        90.0,
                        "England, aged 19 to 21 (about 90%)",
                        "in touch",
                        "care leavers"};
  m[kLeaversEet] = {"leavers_eet",
                    leaving,
                    "Care leavers in education, employment or training",
                    oc3 +
                        " In education, employment or training: F1, P1, F2, P2, F4, P4, F5 or "
                        "P5.",
                    "DfE",
                    Unit::kPercent,
                    Window::kMonth,
                    Subject::kChild,
                    true,
                    50.0,
                    "England, aged 19 to 21 (about half)",
                    "in education, employment or training",
                    "care leavers"};
  m[kLeaversAccommodation] = {"leavers_suitable_accommodation",
                              leaving,
                              "Care leavers in suitable accommodation",
                              oc3 + " Suitable: an accommodation code ending in 1.",
                              "DfE",
                              Unit::kPercent,
                              Window::kMonth,
                              Subject::kChild,
                              true,
                              std::nullopt,
                              "",
                              "suitable",
                              "care leavers"};
  const std::string adopted_3y = "children adopted in the three years to the month's end";
  m[kAdoptionA1] = {"adoption_a1",
                    leaving,
                    "Adoption A1: entering care to moving in",
                    "The mean number of days from entering care to moving in with the adoptive "
                    "family, for " +
                        adopted_3y +
                        "; when foster carers adopt, to the start of the foster placement (A10). "
                        "The threshold is 14 months (426 days).",
                    "DfE",
                    Unit::kMean,
                    Window::kThreeYears,
                    Subject::kChild,
                    false,
                    std::nullopt,
                    "",
                    "days",
                    "children adopted"};
  m[kAdoptionA2] = {"adoption_a2",
                    leaving,
                    "Adoption A2: placement order to match",
                    "The mean number of days from the placement order to the decision on a "
                    "match, for " +
                        adopted_3y + ". The threshold is 4 months (121 days).",
                    "DfE",
                    Unit::kMean,
                    Window::kThreeYears,
                    Subject::kChild,
                    false,
                    std::nullopt,
                    "",
                    "days",
                    "children adopted"};
  m[kAdoptionA3] = {"adoption_a3",
                    leaving,
                    "Adoption A3: waited less than 14 months",
                    "Of the " + adopted_3y +
                        ", the share who moved in with their adoptive family (A10's date) less "
                        "than 14 months after entering care.",
                    "DfE",
                    Unit::kPercent,
                    Window::kThreeYears,
                    Subject::kChild,
                    true,
                    std::nullopt,
                    "",
                    "less than 14 months",
                    "children adopted"};
  m[kAdoptedShare] = {"adopted_share",
                      leaving,
                      "Adopted, as a share of children leaving care",
                      "Children who ceased to be looked after " + year +
                          " because they were adopted (E11, E12), as a share of all who ceased.",
                      "DfE",
                      Unit::kPercent,
                      Window::kYear,
                      Subject::kChild,
                      true,
                      8.8,
                      "England 2025",
                      "adopted",
                      "children leaving care"};
  m[kPlacementSpend] = {"placement_spend",
                        cla,
                        "Placement spend in the month",
                        "The weekly cost to social care of every placement, for the days of the "
                        "month it lasted.",
                        "Local",
                        Unit::kMoney,
                        Window::kMonth,
                        Subject::kChild,
                        false,
                        std::nullopt,
                        "",
                        "spend",
                        "children placed"};
  m[kCaseload] = {"caseload",
                  work,
                  "Average caseload",
                  "Children allocated to a named worker at the month's end, per full-time "
                  "equivalent social worker in post then.",
                  "DfE",
                  Unit::kRatio,
                  Window::kMonth,
                  Subject::kStaff,
                  false,
                  15.2,
                  "England, September 2025",
                  "cases",
                  "social workers (FTE)"};
  m[kUnallocated] = {"unallocated",
                     work,
                     "Children without a named worker",
                     "Children with an open CIN episode at the month's end and no named worker "
                     "allocated.",
                     "Local",
                     Unit::kCount,
                     Window::kMonth,
                     Subject::kChild,
                     false,
                     std::nullopt,
                     "",
                     "unallocated",
                     "unallocated children"};
  m[kAgencyRate] = {"agency_rate",
                    work,
                    "Agency social workers",
                    "Agency social workers' full-time equivalent as a share of all social "
                    "workers' in post at the month's end (the DfE takes 30 September).",
                    "DfE",
                    Unit::kPercent,
                    Window::kMonth,
                    Subject::kStaff,
                    false,
                    13.0,
                    "England, September 2025",
                    "agency (FTE)",
                    "social workers (FTE)"};
  m[kTurnover] = {"turnover",
                  work,
                  "Social worker turnover",
                  "Full-time equivalent of social workers who left in the twelve months to the "
                  "month's end, as a share of those in post at its end.",
                  "DfE",
                  Unit::kPercent,
                  Window::kMonth,
                  Subject::kStaff,
                  false,
                  11.8,
                  "England, September 2025",
                  "leavers (FTE)",
                  "social workers (FTE)"};
  m[kVacancyRate] = {"vacancy_rate",
                     work,
                     "Social worker vacancies",
                     "Funded social worker posts (full-time equivalent) not held by a permanent "
                     "social worker at the month's end, as a share of those vacancies and the "
                     "permanent social workers in post. A post an agency worker covers is vacant, "
                     "as the DfE counts it. Teams without a recorded establishment are left out.",
                     "DfE",
                     Unit::kPercent,
                     Window::kMonth,
                     Subject::kTeam,
                     false,
                     14.2,
                     "England, September 2025",
                     "vacancies (FTE)",
                     "vacancies and permanent social workers (FTE)"};
  m[kSickness] = {"sickness_absence",
                  work,
                  "Social worker sickness absence",
                  "Working days lost to sickness by permanent social workers in the twelve months "
                  "to the month's end, weighted by their full-time equivalent, as a share of the "
                  "working days they were in post (bank holidays and weekends are not working "
                  "days; the DfE takes the year to 30 September, about 253 working days).",
                  "DfE",
                  Unit::kPercent,
                  Window::kYear,
                  Subject::kStaff,
                  false,
                  3.5,
                  "England, year to September 2025",
                  "days lost (FTE)",
                  "working days in post (FTE)"};
  m[kSickness].staff_named_to_managers_only = true;
  return {m.begin(), m.end()};
}

// ---- reading the facts ----

bool Covers(Date start, const std::optional<Date>& end, Date d) {
  return start <= d && (!end || d <= *end);
}

// The team that held the case on `d`: the allocation then, else the open referral's team.
int32_t TeamAt(const ChildFacts& c, Date d) {
  for (auto it = c.allocations.rbegin(); it != c.allocations.rend(); ++it) {
    if (Covers(it->start, it->end, d)) return static_cast<int32_t>(it->team_id);
  }
  for (auto it = c.referrals.rbegin(); it != c.referrals.rend(); ++it) {
    if (Covers(it->date, it->closed, d)) return static_cast<int32_t>(it->team_id);
  }
  return 0;
}

int64_t WorkerAt(const ChildFacts& c, Date d) {
  for (auto it = c.allocations.rbegin(); it != c.allocations.rend(); ++it) {
    if (Covers(it->start, it->end, d)) return it->worker_id;
  }
  return 0;
}

// The period of care open at the end of `d` (care that ends on a day is over by its end).
const CarePeriodFact* CareAt(const ChildFacts& c, Date d) {
  for (const auto& p : c.care) {
    if (p.start <= d && (!p.end || *p.end > d)) return &p;
  }
  return nullptr;
}

// Every legal status a series of short breaks: never counted as looked after.
bool OnlyShortBreaks(const ChildFacts& c) {
  return !c.legal_statuses.empty() &&
         std::all_of(c.legal_statuses.begin(), c.legal_statuses.end(),
                     [](const LegalStatusFact& l) { return l.code == "V3" || l.code == "V4"; });
}

bool ShortBreaksOnly(const ChildFacts& c, Date d) {
  const LegalStatusFact* now = nullptr;
  for (const auto& l : c.legal_statuses) {
    if (l.start <= d) now = &l;
  }
  return now != nullptr && (now->code == "V3" || now->code == "V4");
}

int AgeOn(const std::optional<Date>& dob, Date d) {
  if (!dob) return -1;
  int age = d.year() - dob->year();
  if (d.month() < dob->month() || (d.month() == dob->month() && d.day() < dob->day())) --age;
  return age;
}

bool IsTemporary(const std::string& place) { return place.size() == 2 && place[0] == 'T'; }

struct Emit {
  const Frame& frame;
  const ChildFacts& child;
  std::vector<Contribution>& out;

  void Add(M measure, int month, Date d, int32_t team, int32_t num, int32_t den,
           std::optional<int32_t> value = std::nullopt) {
    Contribution c;
    c.measure = measure;
    c.month = static_cast<uint16_t>(month);
    c.team_id = team;
    c.numerator = num;
    c.denominator = den;
    c.has_value = value.has_value();
    c.value = value.value_or(0);
    c.date = d.days();
    out.push_back(c);
  }
  // An event counted in the month it happened.
  void Event(M measure, Date d, int32_t num, int32_t den,
             std::optional<int32_t> value = std::nullopt) {
    const int month = frame.MonthOf(d);
    if (month < 0) return;
    Add(measure, month, d, TeamAt(child, d), num, den, value);
  }
  // A state at the end of a shown month.
  void State(M measure, int month, int32_t num, int32_t den, Date d) {
    Add(measure, month, d, TeamAt(child, frame.month_end[month]), num, den);
  }
};

Date AddUnits(const clocks::Timescale& t, Date from, const clocks::WorkingDayTable& days) {
  switch (t.unit) {
    case clocks::Unit::kWorkingDays:
      return days.Add(from, t.amount);
    case clocks::Unit::kDays:
      return from.AddDays(t.amount);
    case clocks::Unit::kWeeks:
      return from.AddDays(7 * t.amount);
    case clocks::Unit::kMonths:
      return from.AddMonths(t.amount);
  }
  return from;
}

using Rules = Standards;

void FrontDoor(Emit& e, const Settings& s) {
  const ChildFacts& c = e.child;
  for (const auto& contact : c.contacts) {
    e.Event(kContactsRate, contact.received, 1, 0);
    if (!contact.decided) continue;
    const bool referred =
        contact.decision == "referral" || contact.decision == "strategy_discussion";
    e.Event(kContactConversion, *contact.decided, referred ? 1 : 0, 1);
    const bool in_day = *contact.decided <= s.days->Add(contact.received, 1);
    e.Event(kContactDecisionDay, *contact.decided, in_day ? 1 : 0, 1);
  }
  for (size_t i = 0; i < c.referrals.size(); ++i) {
    const auto& r = c.referrals[i];
    e.Event(kReferralsRate, r.date, 1, 0);
    const Date year_before = r.date.AddMonths(-12);
    bool again = false;
    for (size_t j = 0; j < i; ++j) again = again || c.referrals[j].date >= year_before;
    e.Event(kReReferrals, r.date, again ? 1 : 0, 1);
    e.Event(kReferralsNfa, r.date, r.nfa ? 1 : 0, 1);
  }
  // Open at each shown month's end: children in need, and those without a named worker or with
  // one (their cases). A month is marked once however many referrals are open in it.
  if (c.referrals.empty()) return;
  const int first = e.frame.FirstShown();
  std::array<bool, 64> open{};
  bool any = false;
  for (const auto& r : c.referrals) {
    if (r.closed && *r.closed <= e.frame.month_end[first]) continue;
    for (int m = std::max(first, e.frame.MonthOf(r.date)); m < e.frame.months && m - first < 64;
         ++m) {
      const Date end = e.frame.month_end[m];
      if (r.date > end) continue;
      if (r.closed && *r.closed <= end) break;
      open[m - first] = true;
      any = true;
    }
  }
  if (!any) return;
  for (int m = first; m < e.frame.months && m - first < 64; ++m) {
    if (!open[m - first]) continue;
    const Date end = e.frame.month_end[m];
    e.State(kCinRate, m, 1, 0, end);
    if (WorkerAt(c, end) == 0) {
      e.State(kUnallocated, m, 1, 0, end);
    } else {
      e.State(kCaseload, m, 1000, 0, end);
    }
  }
}

void Assessments(Emit& e, const Settings& s) {
  for (const auto& a : e.child.assessments) {
    if (!a.authorised) continue;
    const int days = s.days->Between(a.start, *a.authorised);
    e.Event(kAssessments45, *a.authorised, days <= 45 ? 1 : 0, 1);
    e.Event(kAssessmentMedian, *a.authorised, 0, 1, days);
    if (a.referral) {
      const bool in_time = s.days->Between(*a.referral, *a.authorised) <= 45;
      e.Event(kAssessments45FromReferral, *a.authorised, in_time ? 1 : 0, 1);
    }
  }
  for (Date d : e.child.s47_starts) e.Event(kS47Rate, d, 1, 0);
  for (const auto& i : e.child.icpcs) {
    if (i.s47_start) {
      const int days = s.days->Between(*i.s47_start, i.date);
      e.Event(kIcpc15, i.date, days <= 15 ? 1 : 0, 1);
      if (days >= 0) e.Event(kIcpcMedian, i.date, 0, 1, days);
    }
    if (i.strategy) {
      const bool in_time = s.days->Between(*i.strategy, i.date) <= 15;
      e.Event(kIcpc15FromStrategy, i.date, in_time ? 1 : 0, 1);
    }
  }
}

// True when every review of the plan up to `at` came in time and the next is not overdue.
bool ReviewsInTime(const CpPlanFact& p, Date at, const Rules& r,
                   const clocks::WorkingDayTable& days) {
  Date last = p.start;
  bool first = true;
  for (Date review : p.reviews) {
    if (review > at) break;
    if (review > AddUnits(first ? r.first_rcpc : r.rcpc, last, days)) return false;
    last = review;
    first = false;
  }
  return at <= AddUnits(first ? r.first_rcpc : r.rcpc, last, days);
}

void ChildProtection(Emit& e, const Settings& s, const Rules& rules) {
  const ChildFacts& c = e.child;
  for (size_t i = 0; i < c.cp_plans.size(); ++i) {
    const auto& p = c.cp_plans[i];
    const bool again = i > 0 || p.plans_before_records > 0;
    e.Event(kCpSecondPlan, p.start, again ? 1 : 0, 1);
    if (p.end) e.Event(kCpTwoYears, *p.end, *p.end >= p.start.AddMonths(24) ? 1 : 0, 1);
    for (int m = e.frame.FirstShown(); m < e.frame.months; ++m) {
      const Date end = e.frame.month_end[m];
      if (p.start > end || (p.end && *p.end <= end)) continue;
      e.State(kCpRate, m, 1, 0, p.start);
      Date last = p.start;
      for (Date v : p.visits) {
        if (v <= end) last = std::max(last, v);
      }
      e.State(kCpVisits, m, end <= AddUnits(rules.cp_visit, last, *s.days) ? 1 : 0, 1, last);
      if (p.start <= end.AddMonths(-3)) {
        e.State(kCpReviews, m, ReviewsInTime(p, end, rules, *s.days) ? 1 : 0, 1, p.start);
      }
    }
  }
}

// The day placement `i` ended (the next began, or care ended), or nullopt while it lasts.
std::optional<Date> PlacementEnd(const ChildFacts& c, size_t i) {
  const auto& p = c.placements[i];
  std::optional<Date> ends;
  if (i + 1 < c.placements.size()) ends = c.placements[i + 1].start;
  for (const auto& period : c.care) {
    const bool holds = period.start <= p.start && (!period.end || p.start < *period.end);
    if (holds && period.end && (!ends || *period.end < *ends)) ends = period.end;
  }
  return ends;
}

// Placements in force on some day of (from, to].
int PlacementsIn(const ChildFacts& c, Date from, Date to, bool temporary_too) {
  int count = 0;
  for (size_t i = 0; i < c.placements.size(); ++i) {
    const auto& p = c.placements[i];
    if (p.start > to) break;
    const auto ends = PlacementEnd(c, i);
    if (ends && std::max(p.start, from.AddDays(1)) >= *ends) continue;
    if (p.same_carer) continue;  // placed for adoption with the same carers: not a move
    if (!temporary_too && IsTemporary(p.type)) continue;
    ++count;
  }
  return count;
}

// The placement in force on `d` (the last to begin by then), as an index, or -1.
int PlacementAt(const ChildFacts& c, Date d) {
  int at = -1;
  for (size_t i = 0; i < c.placements.size() && c.placements[i].start <= d; ++i) {
    at = static_cast<int>(i);
  }
  return at;
}

bool Stable(const ChildFacts& c, Date end) {
  const int i = PlacementAt(c, end);
  if (i < 0) return false;
  const Date two_years = end.AddMonths(-24);
  const auto& now = c.placements[i];
  if (now.start <= two_years) return true;
  const bool adoption =
      now.type.size() == 2 && now.type[0] == 'A' && now.type[1] >= '3' && now.type[1] <= '6';
  return adoption && i > 0 && c.placements[i - 1].start <= two_years;
}

// The date the next looked-after review is due, by the reviews held in the period to `end`.
Date ReviewDue(const CarePeriodFact& period, const std::vector<Date>& reviews, Date end,
               const Rules& r, const clocks::WorkingDayTable& days) {
  int held = 0;
  Date last = period.start;
  for (Date d : reviews) {
    if (d < period.start || d > end) continue;
    ++held;
    last = d;
  }
  if (held == 0) return AddUnits(r.first_cla_review, period.start, days);
  return AddUnits(held == 1 ? r.second_cla_review : r.cla_review, last, days);
}

Date VisitDue(const ChildFacts& c, Date end, const Rules& r, const clocks::WorkingDayTable& days) {
  const int i = PlacementAt(c, end);
  const Date placed = i >= 0 ? c.placements[i].start : end;
  Date last = placed;
  bool visited = false;
  for (Date v : c.cla_visits) {
    if (v >= placed && v <= end) {
      last = v;
      visited = true;
    }
  }
  if (!visited) return AddUnits(r.first_cla_visit, placed, days);
  const bool first_year = last < placed.AddMonths(12);
  return AddUnits(first_year ? r.cla_visit_first_year : r.cla_visit_long_term, last, days);
}

bool HealthIn(const ChildFacts& c, Date from, Date to, bool (*kind)(const std::string&)) {
  return std::any_of(c.health_checks.begin(), c.health_checks.end(),
                     [&](const auto& h) { return from <= h.date && h.date <= to && kind(h.kind); });
}

void Care(Emit& e, const Settings& s, const Rules& rules) {
  const ChildFacts& c = e.child;
  if (c.care.empty() || OnlyShortBreaks(c)) return;
  for (int m = e.frame.FirstShown(); m < e.frame.months; ++m) {
    const Date end = e.frame.month_end[m];
    const Date year_ago = e.frame.year_before[m];
    // Looked after on some day of the year, and whether they went missing in it.
    const bool in_year = std::any_of(c.care.begin(), c.care.end(), [&](const auto& p) {
      return p.start <= end && (!p.end || *p.end > year_ago);
    });
    if (in_year) {
      const bool went_missing = std::any_of(c.missing.begin(), c.missing.end(), [&](auto& x) {
        return x.missing && x.start > year_ago && x.start <= end;
      });
      e.State(kClaMissing, m, went_missing ? 1 : 0, 1, end);
    }
    const CarePeriodFact* period = CareAt(c, end);
    if (period == nullptr || ShortBreaksOnly(c, end)) continue;
    e.State(kClaRate, m, 1, 0, period->start);
    e.State(kClaThreePlacements, m, PlacementsIn(c, year_ago, end, true) >= 3 ? 1 : 0, 1,
            period->start);
    e.State(kClaThreePlacementsNoTemporary, m, PlacementsIn(c, year_ago, end, false) >= 3 ? 1 : 0,
            1, period->start);
    const int age = AgeOn(c.dob, end);
    if (age >= 0 && age < 16 && period->start <= end.AddMonths(-30)) {
      e.State(kClaStability, m, Stable(c, end) ? 1 : 0, 1, period->start);
    }
    const Date review_due = ReviewDue(*period, c.cla_reviews, end, rules, *s.days);
    e.State(kClaReviews, m, end <= review_due ? 1 : 0, 1, period->start);
    e.State(kClaVisits, m, end <= VisitDue(c, end, rules, *s.days) ? 1 : 0, 1, period->start);
    if (age >= 5 && age <= 15) {
      const bool new_to_care = end <= AddUnits(rules.pep, period->start, *s.days);
      const bool planned = std::any_of(c.peps.begin(), c.peps.end(), [&](Date d) {
        return d <= end && end <= AddUnits(rules.pep_review, d, *s.days);
      });
      e.State(kClaPeps, m, new_to_care || planned ? 1 : 0, 1, period->start);
    }
    if (period->start <= year_ago) {
      const Date from = year_ago.AddDays(1);
      e.State(kClaHealthAssessment, m,
              HealthIn(c, from, end,
                       [](const std::string& k) {
                         return k == "initial_health_assessment" || k == "health_review";
                       })
                  ? 1
                  : 0,
              1, period->start);
      e.State(
          kClaDental, m,
          HealthIn(c, from, end, [](const std::string& k) { return k == "dental_check"; }) ? 1 : 0,
          1, period->start);
      e.State(
          kClaImmunisations, m,
          HealthIn(c, from, end, [](const std::string& k) { return k == "immunisations"; }) ? 1 : 0,
          1, period->start);
    }
  }
  for (const auto& x : c.missing) {
    if (!x.missing || !x.returned) continue;
    const Date due = AddUnits(rules.return_interview, *x.returned, *s.days);
    const bool offered = x.interview_offered && *x.interview_offered <= due;
    e.Event(kReturnInterviews, *x.returned, offered ? 1 : 0, 1);
  }
  for (const auto& p : c.care) {
    if (!p.end) continue;
    const bool adopted = p.reason_ended == "E11" || p.reason_ended == "E12";
    e.Event(kAdoptedShare, *p.end, adopted ? 1 : 0, 1);
  }
  // Spend: each placement's weekly cost for the days of each shown month it lasted.
  for (size_t i = 0; i < c.placements.size(); ++i) {
    const auto& p = c.placements[i];
    if (p.weekly_cost_pence <= 0) continue;
    std::optional<Date> last = PlacementEnd(c, i);  // the last day of the placement
    if (last) last = last->AddDays(-1);
    for (int m = std::max(e.frame.FirstShown(), e.frame.MonthOf(p.start)); m < e.frame.months;
         ++m) {
      const Date month_end = e.frame.month_end[m];
      const Date month_start = Date::FromYmd(month_end.year(), month_end.month(), 1);
      if (m < 0 || (last && *last < month_start)) break;
      const Date from = std::max(month_start, p.start);
      const Date to = last ? std::min(month_end, *last) : month_end;
      if (to < from) continue;
      const int64_t pence = p.weekly_cost_pence * (DaysBetween(from, to) + 1) / 7;
      e.Add(kPlacementSpend, m, p.start, TeamAt(c, to), static_cast<int32_t>(pence), 0);
    }
  }
}

bool Eet(const std::string& a) {
  static const std::array<const char*, 8> kEet = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"};
  return std::any_of(kEet.begin(), kEet.end(), [&](const char* k) { return a == k; });
}

// Days looked after on or after `from` (to the end of each period, or `until`).
int DaysInCareFrom(const ChildFacts& c, Date from, Date until) {
  int days = 0;
  for (const auto& p : c.care) {
    const Date start = std::max(p.start, from);
    const Date end = p.end ? std::min(*p.end, until) : until;
    if (end > start) days += DaysBetween(start, end);
  }
  return days;
}

void LeavingCare(Emit& e) {
  const ChildFacts& c = e.child;
  if (!c.dob || c.care.empty()) return;
  const Date fourteen = c.dob->AddMonths(14 * 12);
  const Date sixteen = c.dob->AddMonths(16 * 12);
  for (int m = e.frame.FirstShown(); m < e.frame.months; ++m) {
    const Date end = e.frame.month_end[m];
    const Date year_ago = e.frame.year_before[m];
    for (int age = 17; age <= 21; ++age) {
      const Date birthday = c.dob->AddMonths(age * 12);
      if (birthday <= year_ago || birthday > end) continue;
      if (CareAt(c, birthday) != nullptr) continue;  // still looked after
      if (DaysInCareFrom(c, fourteen, birthday) < 91 || DaysInCareFrom(c, sixteen, birthday) < 1) {
        continue;
      }
      const LeaverContactFact* nearest = nullptr;
      for (const auto& contact : c.leaver_contacts) {
        if (nearest == nullptr || std::abs(DaysBetween(contact.date, birthday)) <
                                      std::abs(DaysBetween(nearest->date, birthday))) {
          nearest = &contact;
        }
      }
      if (nearest != nullptr && (nearest->in_touch == "DIED" || nearest->in_touch == "RHOM")) {
        continue;
      }
      const bool touch = nearest != nullptr && nearest->in_touch == "YES";
      const bool eet = nearest != nullptr && Eet(nearest->activity);
      const bool suitable = nearest != nullptr && nearest->accommodation.size() == 2 &&
                            nearest->accommodation[1] == '1';
      e.State(kLeaversInTouch, m, touch ? 1 : 0, 1, birthday);
      e.State(kLeaversEet, m, eet ? 1 : 0, 1, birthday);
      e.State(kLeaversAccommodation, m, suitable ? 1 : 0, 1, birthday);
    }
  }
}

void Adoption(Emit& e) {
  const ChildFacts& c = e.child;
  for (const auto& a : c.adoptions) {
    if (!a.adopted || !a.placed) continue;
    // The period of care the child was adopted from: the last to begin by the placement.
    const CarePeriodFact* period = nullptr;
    for (const auto& p : c.care) {
      if (p.start <= *a.placed) period = &p;
    }
    if (period == nullptr) continue;
    Date moved_in = *a.placed;
    if (a.by_foster_carers) {
      const int i = PlacementAt(c, a.placed->AddDays(-1));
      if (i >= 0 && c.placements[i].start >= period->start) moved_in = c.placements[i].start;
    }
    const int a1 = DaysBetween(period->start, moved_in);
    e.Event(kAdoptionA1, *a.adopted, 0, 1, a1);
    e.Event(kAdoptionA3, *a.adopted, moved_in < period->start.AddMonths(14) ? 1 : 0, 1);
    if (a.placement_order && a.matched) {
      e.Event(kAdoptionA2, *a.adopted, 0, 1, DaysBetween(*a.placement_order, *a.matched));
    }
  }
}

}  // namespace

Result<Standards> Standards::From(const clocks::Timescales& t) {
  Standards s;
  const std::vector<std::pair<clocks::Timescale*, const char*>> wanted = {
      {&s.cp_visit, "cp_visit"},
      {&s.first_rcpc, "first_rcpc"},
      {&s.rcpc, "rcpc"},
      {&s.first_cla_review, "first_cla_review"},
      {&s.second_cla_review, "second_cla_review"},
      {&s.cla_review, "cla_review"},
      {&s.first_cla_visit, "first_cla_visit"},
      {&s.cla_visit_first_year, "cla_visit_first_year"},
      {&s.cla_visit_long_term, "cla_visit_long_term"},
      {&s.pep, "pep"},
      {&s.pep_review, "pep_review"},
      {&s.return_interview, "return_interview"}};
  for (const auto& [rule, id] : wanted) {
    ASSIGN_OR_RETURN(*rule, t.Find(id));
  }
  return s;
}

const std::vector<Measure>& Measures() {
  static const std::vector<Measure> kMeasures = Build();
  return kMeasures;
}

int MeasureIndex(const std::string& id) {
  const auto& all = Measures();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::string_view UnitName(Unit u) {
  switch (u) {
    case Unit::kPercent:
      return "percent";
    case Unit::kPer10k:
      return "per 10,000 children";
    case Unit::kCount:
      return "count";
    case Unit::kRatio:
      return "ratio";
    case Unit::kMedian:
      return "median working days";
    case Unit::kMean:
      return "mean days";
    case Unit::kMoney:
      return "pounds";
  }
  return "";
}

std::string FormatValue(const Measure& m, double value) {
  char buf[64];
  switch (m.unit) {
    case Unit::kPercent:
      std::snprintf(buf, sizeof buf, "%.1f%%", value);
      return buf;
    case Unit::kPer10k:
    case Unit::kRatio:
      std::snprintf(buf, sizeof buf, "%.1f", value);
      return buf;
    case Unit::kMedian:
    case Unit::kMean:
    case Unit::kCount: {
      std::snprintf(buf, sizeof buf, value == static_cast<int64_t>(value) ? "%.0f" : "%.1f", value);
      return buf;
    }
    case Unit::kMoney: {
      // Whole pounds with thousands separators.
      std::string digits = std::to_string(static_cast<int64_t>(value + 0.5));
      std::string out;
      for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
      }
      return "£" + out;
    }
  }
  return "";
}

Frame Frame::Ending(Date last, int shown) {
  Frame f;
  f.shown = shown;
  f.months = shown + 35;
  const Date last_month = Date::FromYmd(last.year(), last.month(), 1);
  f.first = last_month.AddMonths(-(f.months - 1));
  for (int i = 0; i < f.months; ++i) f.month_end.push_back(f.first.AddMonths(i + 1).AddDays(-1));
  f.month_end.back() = last;  // the month so far
  for (Date end : f.month_end) f.year_before.push_back(end.AddMonths(-12));
  for (int m = 0; m < f.months; ++m) {
    const Date start = m == 0 ? f.first : f.month_end[m - 1].AddDays(1);
    for (Date d = start; d <= f.month_end[m]; d = d.AddDays(1)) {
      f.month_of_day.push_back(static_cast<int16_t>(m));
    }
  }
  return f;
}

int Frame::MonthOf(Date d) const {
  const int32_t i = d.days() - first.days();
  if (i < 0 || i >= static_cast<int32_t>(month_of_day.size())) return -1;
  return month_of_day[i];
}

void ContributeChild(const ChildFacts& child, const Frame& frame, const Settings& settings,
                     std::vector<Contribution>& out) {
  Emit e{frame, child, out};
  FrontDoor(e, settings);
  Assessments(e, settings);
  ChildProtection(e, settings, settings.standards);
  Care(e, settings, settings.standards);
  LeavingCare(e);
  Adoption(e);
}

namespace {

// Working days in [from, to].
int WorkingDays(const Settings& settings, Date from, Date to) {
  if (to < from) return 0;
  return settings.days->Between(from.AddDays(-1), to);
}

// A permanent social worker's sickness for each month: the working days lost and the working days
// in post, each weighted by their full-time equivalent (in thousandths).
void Sickness(const StaffFacts& staff, const Frame& frame, const Settings& settings,
              std::vector<Contribution>& out) {
  if (staff.agency) return;
  const int first = std::max(0, frame.FirstShown() - 11);
  for (int m = first; m < frame.months; ++m) {
    const Date month_start = m == 0 ? frame.first : frame.month_end[m - 1].AddDays(1);
    const Date from = std::max(month_start, *staff.start);
    const Date to = staff.end ? std::min(frame.month_end[m], *staff.end) : frame.month_end[m];
    const int in_post = WorkingDays(settings, from, to);
    if (in_post <= 0) continue;
    int lost = 0;
    for (const SicknessFact& s : staff.sickness) {
      lost += WorkingDays(settings, std::max(from, s.start), s.end ? std::min(to, *s.end) : to);
    }
    Contribution c;
    c.measure = kSickness;
    c.month = static_cast<uint16_t>(m);
    c.team_id = static_cast<int32_t>(staff.team_id);
    c.numerator = std::min(lost, in_post) * staff.fte_milli;
    c.denominator = in_post * staff.fte_milli;
    c.date = from.days();
    out.push_back(c);
  }
}

}  // namespace

void ContributeStaff(const StaffFacts& staff, const Frame& frame, const Settings& settings,
                     std::vector<Contribution>& out) {
  if (!staff.social_worker || !staff.start) return;
  for (int m = frame.FirstShown(); m < frame.months; ++m) {
    const Date end = frame.month_end[m];
    const Date year_ago = frame.year_before[m];
    const bool in_post = *staff.start <= end && (!staff.end || *staff.end >= end);
    const bool left = staff.end && *staff.end > year_ago && *staff.end < end;
    if (!in_post && !left) continue;
    auto add = [&](M measure, int32_t num, int32_t den) {
      Contribution c;
      c.measure = measure;
      c.month = static_cast<uint16_t>(m);
      c.team_id = static_cast<int32_t>(staff.team_id);
      c.numerator = num;
      c.denominator = den;
      c.date = (left ? *staff.end : *staff.start).days();
      out.push_back(c);
    };
    if (in_post) {
      add(kCaseload, 0, staff.fte_milli);
      add(kAgencyRate, staff.agency ? staff.fte_milli : 0, staff.fte_milli);
      add(kTurnover, 0, staff.fte_milli);
    } else {
      add(kTurnover, staff.fte_milli, 0);
    }
  }
  Sickness(staff, frame, settings, out);
}

std::map<int64_t, std::vector<Contribution>> ContributeTeams(
    const std::vector<EstablishmentFact>& establishment, const std::vector<StaffFacts>& staff,
    const Frame& frame) {
  std::map<int64_t, std::vector<const EstablishmentFact*>> posts;
  for (const EstablishmentFact& e : establishment) posts[e.team_id].push_back(&e);
  std::map<int64_t, std::vector<const StaffFacts*>> members;
  for (const StaffFacts& s : staff) {
    if (s.social_worker && !s.agency && s.start) members[s.team_id].push_back(&s);
  }
  std::map<int64_t, std::vector<Contribution>> out;
  for (auto& [team, changes] : posts) {
    std::sort(
        changes.begin(), changes.end(),
        [](const EstablishmentFact* a, const EstablishmentFact* b) { return a->from < b->from; });
    std::vector<Contribution>& parts = out[team];
    for (int m = frame.FirstShown(); m < frame.months; ++m) {
      const Date end = frame.month_end[m];
      const EstablishmentFact* funded = nullptr;
      for (const EstablishmentFact* e : changes) {
        if (e->from <= end) funded = e;
      }
      if (funded == nullptr) continue;
      int32_t permanent = 0;
      for (const StaffFacts* s : members[team]) {
        if (*s->start <= end && (!s->end || *s->end >= end)) permanent += s->fte_milli;
      }
      const int32_t vacant = std::max(0, funded->fte_milli - permanent);
      Contribution c;
      c.measure = kVacancyRate;
      c.month = static_cast<uint16_t>(m);
      c.team_id = static_cast<int32_t>(team);
      c.numerator = vacant;
      c.denominator = vacant + permanent;
      c.date = funded->from.days();
      parts.push_back(c);
    }
  }
  return out;
}

}  // namespace haven::reporting
