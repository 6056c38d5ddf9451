#pragma once

// Bringing another system's SSDA903 return into the record (`haven import 903`): the children the
// record does not hold yet (by LA child id) are loaded through the record loader in one
// transaction, all or nothing, as the user `who` (who needs the permission to load records); then
// Haven's own export of the year is set beside the file for those children, table by table.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "app/wiring.h"
#include "imports/ssda903_import.h"
#include "returns/table.h"

namespace haven::app {

struct ImportReport {
  size_t created = 0;
  size_t matched = 0;
  std::vector<imports::TableReconciliation> tables;
  std::map<std::string, size_t> rows_matched;       // by table
  std::map<std::string, size_t> rows_not_imported;  // by table
  std::vector<std::string> notes;
};

// `r` as returns::Read903 reads it (its metadata names each table's file). An error names the
// file, row and field, and nothing is stored.
Result<ImportReport> ImportSsda903(Services& s, const returns::Return& r,
                                   const access::Principal& who, int64_t service_area_id);

// A CIN census file (`r` as returns::ReadCinXml reads it, from `file`): the children's referrals
// are taken by `team_id`, and authorised assessments are recorded as authorised by
// `authoriser`. The reconciliation sets the file beside Haven's own census of the year.
Result<ImportReport> ImportCinCensus(Services& s, const returns::Return& r, const std::string& file,
                                     const access::Principal& who, int64_t service_area_id,
                                     int64_t team_id, std::optional<int64_t> authoriser);

}  // namespace haven::app
