#include "app/import_return.h"

#include <filesystem>
#include <set>

#include "exports/cin_export.h"
#include "exports/ssda903_export.h"
#include "imports/cin_import.h"
#include "returns/cin/read.h"

namespace haven::app {

namespace {
// LA child ids the record holds already, upper-cased: the DfE's tools read a 903 file's cells in
// capitals, so an id is matched whatever its case.
Result<std::set<std::string>> KnownChildren(storage::Store& store) {
  std::set<std::string> known;
  ASSIGN_OR_RETURN(auto ids, storage::QueryOnce(store,
                                                "SELECT la_child_id FROM people "
                                                "WHERE la_child_id IS NOT NULL"));
  for (const auto& row : ids.rows) known.insert(imports::UpperId(row.Text(0)));
  return known;
}

// The LA child ids of the children an import created, upper-cased.
std::set<std::string> Created(const std::vector<record::ChildHistory>& children) {
  std::set<std::string> created;
  for (const auto& h : children) created.insert(imports::UpperId(*h.person.la_child_id));
  return created;
}

Status Refused(const Status& s) {
  return Status(s.code(), "nothing was imported: " + s.message(), s.field());
}
}  // namespace

Result<ImportReport> ImportCinCensus(Services& s, const returns::Return& r, const std::string& file,
                                     const access::Principal& who, int64_t service_area_id,
                                     int64_t team_id, std::optional<int64_t> authoriser) {
  const std::string name = std::filesystem::path(file).filename().string();
  ASSIGN_OR_RETURN(std::set<std::string> known, KnownChildren(s.store));
  ASSIGN_OR_RETURN(imports::ImportCin histories,
                   imports::HistoriesFromCin(r, name, service_area_id, team_id, authoriser, known));
  auto loaded = s.loader.Load(who, {who.user_id, "import"}, histories.children,
                              "import of the CIN census " + name);
  if (!loaded.ok()) return Refused(loaded.status());
  ImportReport report;
  report.created = histories.children.size();
  report.matched = histories.matched.size();
  report.notes = std::move(histories.notes);
  // Haven's own census of the year, read back as any census file is read. The import has
  // committed: a reconciliation that cannot be made is said, not an error.
  auto census = exports::BuildCinCensus(s.store, s.calendar, r.year, "000", "2000-01-01T00:00:00");
  auto back = census.ok() ? returns::ReadCinXml(returns::WriteCinXml(*census), "census", r.year)
                          : Result<returns::Return>(census.status());
  if (!back.ok()) {
    report.notes.push_back(
        "the children were imported, but Haven's census to set beside the "
        "file could not be made: " +
        back.status().message());
    return report;
  }
  report.tables = imports::Reconcile(
      r, *back, Created(histories.children),
      {"ChildIdentifiers", "ChildCharacteristics", "Disabilities", "CINdetails", "Assessments",
       "CINplanDates", "Section47", "ChildProtectionPlans", "Reviews"},
      "LAchildID");
  std::set<std::string> left;
  for (const auto& id : histories.matched) left.insert(imports::UpperId(id));
  for (const auto& t : report.tables) {
    const returns::Table& table = r.Get(t.table);
    size_t matched = 0;
    for (size_t i = 0; i < table.size(); ++i) {
      matched +=
          left.count(imports::UpperId(std::string(returns::Trimmed(table.At("LAchildID", i)))));
    }
    report.rows_matched[t.table] = matched;
  }
  return report;
}

Result<ImportReport> ImportSsda903(Services& s, const returns::Return& r,
                                   const access::Principal& who, int64_t service_area_id) {
  std::map<std::string, std::string> names;  // table -> file name, for errors
  std::string sources;
  for (const auto& [key, value] : r.metadata) {
    if (key.rfind("file:", 0) != 0) continue;
    const std::string file = std::filesystem::path(value).filename().string();
    names[key.substr(5)] = file;
    sources += (sources.empty() ? "" : ", ") + file;
  }
  ASSIGN_OR_RETURN(std::set<std::string> known, KnownChildren(s.store));
  ASSIGN_OR_RETURN(imports::Import903 histories,
                   imports::HistoriesFrom903(r, names, service_area_id, known));
  auto loaded = s.loader.Load(who, {who.user_id, "import"}, histories.children,
                              "import of the SSDA903 return " + sources);
  if (!loaded.ok()) return Refused(loaded.status());
  ImportReport report;
  report.created = histories.children.size();
  report.matched = histories.matched.size();
  report.rows_matched = std::move(histories.rows_matched);
  report.rows_not_imported = std::move(histories.rows_not_imported);
  report.notes = std::move(histories.notes);
  // The import has committed: a reconciliation that cannot be made is said, not an error.
  auto back = exports::BuildSsda903(s.store, r.year);
  if (!back.ok()) {
    report.notes.push_back(
        "the children were imported, but Haven's return to set beside the "
        "file could not be made: " +
        back.status().message());
    return report;
  }
  report.tables = imports::Reconcile(r, *back, Created(histories.children));
  return report;
}

}  // namespace haven::app
