#pragma once

// A CIN census return from its XML file, as the tables the DfE's rules read: Header,
// ChildIdentifiers, ChildCharacteristics, Disabilities, CINdetails, Assessments (one row per
// assessment, its factors listed in AssessmentFactors), AssessmentFactorsList (one row per
// factor), CINplanDates, Section47, ChildProtectionPlans and Reviews (one row per review date).
// CINdetailsID, AssessmentID and CPPID number a child's blocks from 1 in document order, as the
// DfE's tools do. The collection year comes from the header's ReferenceDate (31 March) unless the
// caller names it. Pure: the caller reads the file.

#include <string>
#include <string_view>

#include "common/status.h"
#include "returns/table.h"

namespace haven::returns {

// `year` 0 takes the year from the header. Errors name the file, and the line where the XML is
// not well formed.
Result<Return> ReadCinXml(std::string_view xml, const std::string& file, int year);

}  // namespace haven::returns
