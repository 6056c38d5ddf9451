#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

namespace {
constexpr Absent kAllowed = Absent::kAllowed;
constexpr Absent kFlagged = Absent::kFlagged;

// A code check whose list depends on the collection year.
Check CodeInYear(std::string table, std::string field, Codes (*codes)(int), Absent absent) {
  return [=](const Return& r, Flags& flags) { CodeIn(table, field, codes(r.year), absent)(r, flags); };
}
}  // namespace

void AddFieldRules(std::vector<Rule>& rules) {
  auto add = [&rules](std::string code, std::vector<std::string> fields, std::string message,
                      Check check) {
    rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message),
                             std::move(check), 2023));
  };
  // Header
  add("101", {"SEX"}, "Sex is not a valid code.", CodeInYear("Header", "SEX", SexCodes, kFlagged));
  add("102", {"DOB"}, "Date of birth is not a valid date.", IsDate("Header", "DOB", kFlagged));
  add("103", {"ETHNIC"}, "Ethnicity is missing or not a valid code.",
      CodeIn("Header", "ETHNIC", kEthnicity, kFlagged));
  add("171", {"MC_DOB"}, "Date of birth of the mother's child is not a valid date.",
      IsDate("Header", "MC_DOB", kAllowed));
  // Episodes
  add("141", {"DECOM"}, "Date the episode began is not a valid date.",
      IsDate("Episodes", "DECOM", kAllowed));
  add("143", {"RNE"}, "Reason for new episode is not a valid code.",
      CodeIn("Episodes", "RNE", kReasonNewEpisode, kAllowed));
  add("144", {"LS"}, "Legal status is not a valid code.",
      CodeIn("Episodes", "LS", kLegalStatus, kAllowed));
  add("145", {"CIN"}, "Category of need is not a valid code.",
      CodeIn("Episodes", "CIN", kCategoryOfNeed, kAllowed));
  add("146", {"PLACE"}, "Placement type is not a valid code.",
      CodeInYear("Episodes", "PLACE", PlaceCodes, kAllowed));
  add("147", {"DEC"}, "Date the episode ceased is not a valid date.",
      IsDate("Episodes", "DEC", kAllowed));
  add("149", {"REC"}, "Reason the episode ceased is not a valid code.",
      CodeIn("Episodes", "REC", kReasonEpisodeCeased, kAllowed));
  add("1009", {"REASON_PLACE_CHANGE"}, "Reason for placement change is not a valid code.",
      CodeIn("Episodes", "REASON_PLACE_CHANGE", kReasonPlaceChange, kAllowed));
  // Missing
  add("1004", {"MIS_START"}, "Start of the missing or away episode is not a valid date.",
      IsDate("Missing", "MIS_START", kFlagged));
  add("1005", {"MIS_END"}, "End of the missing or away episode is not a valid date.",
      IsDate("Missing", "MIS_END", kAllowed));
  add("1006", {"MISSING"}, "Missing type is not a valid code.",
      CodeIn("Missing", "MISSING", kMissingType, kAllowed));
  // AD1
  add("112", {"DATE_INT"}, "Date the child should be placed for adoption is not a valid date.",
      IsDate("AD1", "DATE_INT", kAllowed));
  add("113", {"DATE_MATCH"}, "Date the child was matched with adopters is not a valid date.",
      IsDate("AD1", "DATE_MATCH", kAllowed));
  add("114", {"FOSTER_CARE"}, "Whether the adopters were the child's foster carers is not 0 or 1.",
      CodeIn("AD1", "FOSTER_CARE", kYesNo, kAllowed));
  add("175", {"NB_ADOPTR"}, "Number of adopters is not 1 or 2.",
      CodeIn("AD1", "NB_ADOPTR", {"1", "2"}, kAllowed));
  add("176", {"SEX_ADOPTR"}, "Sex of the adopters is not a valid code.",
      CodeIn("AD1", "SEX_ADOPTR", kSexOfAdopters, kAllowed));
  add("177", {"LS_ADOPTR"}, "Legal status of the adopters is not a valid code.",
      CodeIn("AD1", "LS_ADOPTR", kLegalStatusOfAdopters, kAllowed));
  add("151",
      {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"},
      "The adoption items must all be filled in or all left blank.",
      AllOrNone("AD1",
                {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}));
  // PlacedAdoption
  add("115", {"DATE_PLACED"}, "Date of the decision to place for adoption is not a valid date.",
      IsDate("PlacedAdoption", "DATE_PLACED", kAllowed));
  add("116", {"DATE_PLACED_CEASED"},
      "Date of the decision no longer to place for adoption is not a valid date.",
      IsDate("PlacedAdoption", "DATE_PLACED_CEASED", kAllowed));
  add("120", {"REASON_PLACED_CEASED"},
      "Reason for no longer placing for adoption is not a valid code.",
      CodeIn("PlacedAdoption", "REASON_PLACED_CEASED", kReasonPlacedCeased, kAllowed));
  // OC3
  add("131", {"IN_TOUCH"}, "Whether the care leaver is in touch is not a valid code.",
      CodeIn("OC3", "IN_TOUCH", kInTouch, kFlagged));
  add("132", {"ACTIV"}, "Care leaver's activity is not a valid code.",
      CodeInYear("OC3", "ACTIV", ActivityCodes, kFlagged));
  add("133", {"ACCOM"}, "Care leaver's accommodation is not a valid code.",
      CodeIn("OC3", "ACCOM", kAccommodation, kFlagged));
  add("153", {"IN_TOUCH", "ACTIV", "ACCOM"},
      "The care leaver's items must all be filled in or all left blank.",
      AllOrNone("OC3", {"IN_TOUCH", "ACTIV", "ACCOM"}));
  // OC2
  add("180", {"SDQ_SCORE"}, "SDQ score is not a whole number from 0 to 40.",
      IntegerIn("OC2", "SDQ_SCORE", 0, 40, kAllowed));
  add("196", {"SDQ_REASON"}, "Reason for no SDQ score is not a valid code.",
      CodeIn("OC2", "SDQ_REASON", kSdqReason, kAllowed));
  // Reviews
  add("166", {"REVIEW"}, "Date of the review is missing or not a valid date.",
      IsDate("Reviews", "REVIEW", kFlagged));
  add("167", {"REVIEW_CODE"}, "Participation in the review is not a valid code.",
      CodeIn("Reviews", "REVIEW_CODE", kReviewParticipation, kAllowed));
}

}  // namespace haven::returns::ssda903
