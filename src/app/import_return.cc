#include "app/import_return.h"

#include <filesystem>
#include <set>

#include "exports/ssda903_export.h"

namespace haven::app {

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
  std::set<std::string> known;
  ASSIGN_OR_RETURN(auto ids, storage::QueryOnce(s.store,
                                                "SELECT la_child_id FROM people "
                                                "WHERE la_child_id IS NOT NULL"));
  for (const auto& row : ids.rows) known.insert(row.Text(0));
  ASSIGN_OR_RETURN(imports::Import903 histories,
                   imports::HistoriesFrom903(r, names, service_area_id, known));
  auto loaded = s.loader.Load(who, {who.user_id, "import"}, histories.children,
                              "import of the SSDA903 return " + sources);
  if (!loaded.ok()) {
    return Status(loaded.status().code(), "nothing was imported: " + loaded.status().message(),
                  loaded.status().field());
  }
  std::set<std::string> created;
  for (const auto& h : histories.children) created.insert(*h.person.la_child_id);
  ASSIGN_OR_RETURN(returns::Return back, exports::BuildSsda903(s.store, r.year));
  ImportReport report;
  report.created = created.size();
  report.matched = histories.matched.size();
  report.tables = imports::Reconcile(r, back, created);
  report.rows_matched = std::move(histories.rows_matched);
  report.rows_not_imported = std::move(histories.rows_not_imported);
  report.notes = std::move(histories.notes);
  return report;
}

}  // namespace haven::app
