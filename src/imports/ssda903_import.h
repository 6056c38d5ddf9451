#pragma once

// An SSDA903 return from another system, turned into children's histories for the record loader
// (record::RecordLoader), so an authority moving to Haven brings its children looked after with
// it. Pure: the caller reads the files (returns::Read903) and loads the histories.
//
// What becomes of each table:
//   Header          the child: LA child id, date of birth, sex, ethnicity, UPN (or the reason
//                   there is none). The return holds no names: the child is recorded as "Child"
//                   with their LA child id as the family name until a worker records the names.
//   Episodes        periods of care (one from each RNE S, or from the child's first episode),
//                   with the category of need and home postcode of their first episode and the
//                   reason the last one ended; a legal status wherever LS changes; a placement
//                   wherever the placement changes (RNE S, P, B, T, U), with its provider,
//                   postcode, URN, whether the carer is the same (T, U) and the reason for the
//                   move (REASON_PLACE_CHANGE of the episode before).
//   Reviews         looked-after reviews with the child's participation.
//   Missing         missing and away episodes.
//   UASC            UASC status from the child's first episode, ending on DUC when that is
//                   before the 18th birthday.
//   AD1, PlacedAdoption
//                   the plan for adoption: the decision, the match, the adopters, a reversal,
//                   and the adoption order (the day the E11 or E12 episode ended).
//   PrevPerm        the previous permanence order (Z1, none, records nothing).
//   OC3             the care leaver's contact on the birthday the row is about.
//   DoLo            deprivation of liberty orders.
// Not imported, and said so in the result: OC2 (flags for the year with no dates to record
// them on), SWEpisodes (social worker ids, not Haven's staff), the mother items, and a change of
// category of need within a period of care.
//
// Each fact's key names its file and row ("episodes.csv row 12"), so the loader's refusal says
// where the fact came from.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "record/record_loader.h"
#include "returns/table.h"

namespace haven::imports {

struct Import903 {
  std::vector<record::ChildHistory> children;  // in the order of the Header
  std::vector<std::string> matched;            // children already in the record, left alone
  // Rows of each table that were turned into facts, and rows carried by no fact (by table).
  std::map<std::string, size_t> rows_used;
  std::map<std::string, size_t> rows_not_imported;  // of children created, in tables not imported
  std::map<std::string, size_t> rows_matched;       // of children already in the record
  std::vector<std::string> notes;                   // what was left out and why, one line each
};

// An LA child id as importers compare them: upper-cased.
std::string UpperId(std::string id);

// `files` names each table's source file for errors ("Episodes" -> "episodes.csv"); a table
// without one is named by the table. `skip` holds LA child ids already in the record, upper-cased
// as UpperId gives them: their rows are left alone. An error names the file, the row (from 1, under
// the header), the field and the reason.
Result<Import903> HistoriesFrom903(const returns::Return& r,
                                   const std::map<std::string, std::string>& files,
                                   int64_t service_area_id, const std::set<std::string>& skip);

}  // namespace haven::imports

namespace haven::imports {

// One table of the reconciliation: the rows the file held for the children the import created,
// the rows Haven's export of the record gives back for them, and how many of those are the same
// row, cell for cell (as the DfE's tools read a cell: trimmed and upper-cased).
struct TableReconciliation {
  std::string table;
  size_t in = 0;
  size_t out = 0;
  size_t same = 0;
};

// Sets the return that was imported beside the record's own export of the same year, table by
// table (`tables`, each with the children's ids in `id_column`), for the children in `created`
// (upper-cased ids).
std::vector<TableReconciliation> Reconcile(const returns::Return& imported,
                                           const returns::Return& exported,
                                           const std::set<std::string>& created,
                                           const std::vector<std::string>& tables,
                                           const std::string& id_column);
// The 903's tables, by CHILD.
std::vector<TableReconciliation> Reconcile(const returns::Return& imported,
                                           const returns::Return& exported,
                                           const std::set<std::string>& created);

}  // namespace haven::imports
