#pragma once

// Ofsted's Annex A (the lists an authority gives inspectors at the start of an inspection of local
// authority children's services), derived from the record as it stood on the inspection date.
//
// AnnexAFromRecord is the derivation, pure. Each list has Ofsted's exact column headers and codes;
// dates are dd/mm/YYYY, yes/no columns "Yes"/"No" (the codes of Ofsted's template, which also
// offers "Unknown" where it allows it), ages in whole years on the inspection date. The periods,
// counted back from the inspection date D ("6 months" is D.AddMonths(-6) to D, both included):
//   1  contacts received in the last 6 months (one row per contact);
//   2  early help episodes open on some day of the last 6 months;
//   3  referrals made in the last 6 months;
//   4  assessments open on some day of the last 6 months (started, not yet authorised before it);
//   5  section 47 enquiries open on some day of the last 6 months, with their conference;
//   6  episodes of need (referrals) open on some day of the last 6 months;
//   7  child protection plans open on some day of the last 6 months;
//   8  children looked after on some day of the last 12 months (their latest period of care);
//   9  care leavers (eligible, relevant, former relevant, qualifying) whose status is open on D;
//  10  children whose plan for adoption was live on some day of the last 12 months (decided by D,
//      neither adopted nor reversed before the 12 months began);
//  11  adopters whose journey was open on some day of the last 12 months (enquiry by D, not
//      withdrawn before the 12 months began).
// Columns Haven holds no fact for are blank where Ofsted allows a blank; the others are derived
// (counts "in the last 12 months" end on D; the allocated team and worker are those on D, else the
// last before it, else "Unallocated").
//
// BuildAnnexA reads those facts for the people the lists could name, in one read transaction.
// AnnexAService is the download: it needs the permission to read across the authority, leaves out
// the rows of records restricted from the reader (counting them), and logs every person named
// in the access log and the download itself as a security event.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "common/date.h"
#include "common/status.h"
#include "domain/casework.h"
#include "record/record_access.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::exports {

struct AnnexAContact {
  Date received;
  std::string source;  // referral source code, e.g. "6"
};

// One run of an allocation, with the names the list shows.
struct AnnexAAllocation {
  Date start;
  std::optional<Date> end;
  std::string team;
  std::string worker;  // "" when allocated to the team only
};

// What the lists need of one person (a child, or an adopter for list 11).
struct AnnexAPerson {
  int64_t person_id = 0;
  std::string id;  // the authority's id (la_child_id), or Haven's HVN<id>
  std::optional<Date> dob;
  std::string sex;                                       // M, F or U
  std::string ethnicity;                                 // DfE code, or "" when not recorded
  std::optional<std::vector<std::string>> disabilities;  // DfE codes; nullopt when not recorded
  std::string organisation;  // the organisation running the person's service area on the date
  std::vector<AnnexAContact> contacts;
  std::vector<domain::StepRecord> steps;
  std::vector<AnnexAAllocation> allocations;  // oldest first
};

struct AnnexAList {
  std::string sheet;  // "List 1 - Contacts"
  std::vector<std::string> headers;
  std::vector<size_t> numeric_columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> person_of_row;  // the person each row names
};

// The 11 lists for inspection date `date`. `authority` names the authority, for the placements
// in its area (list 8).
std::vector<AnnexAList> AnnexAFromRecord(const std::vector<AnnexAPerson>& people, Date date,
                                         const std::string& authority);

// The lists as a workbook, one sheet per list in order, headers in the first row.
std::string AnnexAWorkbook(const std::vector<AnnexAList>& lists);

Result<std::vector<AnnexAList>> BuildAnnexA(storage::Store& store, Date date);

// YYYY-MM-DD, a real day not after `today`; InvalidArgument naming `field` otherwise.
Result<Date> ParseInspectionDate(const std::string& text, Date today, const std::string& field);

struct AnnexADownload {
  std::string filename;  // annex-a-YYYY-MM-DD.xlsx
  std::string workbook;
  size_t rows = 0;
  size_t people = 0;
  size_t withheld = 0;  // people left out because their record is restricted from the reader
};

class AnnexAService {
 public:
  AnnexAService(storage::Store& store, const Clock& clock, record::RecordAccess& access)
      : store_(store), clock_(clock), access_(access) {}

  // `date` as given (YYYY-MM-DD); errors name the field "date".
  Result<AnnexADownload> Download(const access::Principal& who, const storage::Actor& actor,
                                  const std::string& date);

 private:
  storage::Store& store_;
  const Clock& clock_;
  record::RecordAccess& access_;
};

}  // namespace haven::exports
