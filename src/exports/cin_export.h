#pragma once

// The CIN census derived from the record, and nothing else: every child whose episode of need
// (a referral) was open on any day of the collection year, with the assessments, CIN plans,
// section 47 enquiries, conferences, child protection plans and reviews that touched the year.
// InitialCPCtarget is 15 working days after the enquiry began; NumberOfPreviousCPP counts the
// child's earlier plans. A bulk administrative read, run by `haven export`.

#include <string>

#include "clocks/calendar.h"
#include "common/status.h"
#include "returns/cin/census.h"
#include "storage/store.h"

namespace haven::exports {

Result<returns::CinCensus> BuildCinCensus(storage::Store& store,
                                          const clocks::WorkingCalendar& calendar, int year,
                                          const std::string& lea, const std::string& created);

}  // namespace haven::exports
