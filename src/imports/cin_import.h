#pragma once

// A CIN census from another system, turned into children's histories for the record loader, so
// an authority moving to Haven brings its children in need with it. Pure: the caller reads the
// file (returns::ReadCinXml) and loads the histories.
//
// What becomes of each block:
//   ChildIdentifiers, ChildCharacteristics, Disabilities
//                   the child (or an unborn child, by the expected date of birth): LA child id,
//                   UPN, former UPN or the reason there is none, sex, ethnicity, disabilities.
//                   The census holds no names: the child is "Child" with their LA id.
//   CINdetails      a referral (the episode of need) taken by `team`: date, source, primary
//                   need, no further action, closure and its reason.
//   Assessments     an assessment from its start date; the authorisation date is when it was
//                   completed and authorised, by `authoriser`, with its factors.
//   CINplanDates    child in need plans.
//   Section47       a section 47 enquiry (after a strategy discussion before the records held:
//                   the census has none); with a conference date, the initial conference, which
//                   made a plan when a child protection plan starts on its day.
//   ChildProtectionPlans, Reviews
//                   the plans, from the conference in the same episode that made them (or one
//                   before the records held, for a plan that began before the census's enquiries),
//                   with their categories, end dates and review conferences.
// The census gives no end date for an enquiry or an unfinished assessment: an enquiry ends on its
// conference day, and in a closed episode both end the day it closed (said so in the notes); "no
// conference needed" is the enquiry's outcome. A plan keeps the earlier plans the census counts
// but does not hold. Not recorded, and said so: the internal review date of an assessment, and a
// date of death.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "record/record_loader.h"
#include "returns/table.h"

namespace haven::imports {

struct ImportCin {
  std::vector<record::ChildHistory> children;
  std::vector<std::string> matched;  // children already in the record, left alone
  std::vector<std::string> notes;
};

// Each fact's key names the file, the table and the row ("census.xml Assessments row 3"). An
// authorised assessment needs `authoriser` (a user who may authorise). `skip` holds LA child ids
// already in the record, upper-cased (imports::UpperId).
Result<ImportCin> HistoriesFromCin(const returns::Return& r, const std::string& file,
                                   int64_t service_area_id, int64_t team_id,
                                   std::optional<int64_t> authoriser,
                                   const std::set<std::string>& skip);

}  // namespace haven::imports
