#include "storage/backup.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "storage/migrations.h"
#include "storage/schema.h"

namespace haven::storage {

Result<BackupStats> WriteBackup(Store& store, std::ostream& out, const Clock& clock,
                                const BackupProgress& progress) {
  ASSIGN_OR_RETURN(int schema, SchemaVersion(store));
  if (schema == 0) return FailedPrecondition("the database has no schema: run `haven migrate`");
  BackupStats stats;
  // One read transaction, so the backup is a consistent snapshot.
  Status s = store.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    out << nlohmann::json{{"haven_backup", 1},
                          {"schema_version", schema},
                          {"created_at", FormatTimestamp(clock.Now())}}
               .dump()
        << '\n';
    for (const std::string& table : HavenTables()) {
      ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT * FROM " + table + " ORDER BY 1"));
      for (const Row& row : rows.rows) {
        nlohmann::json r = nlohmann::json::object();
        for (size_t i = 0; i < rows.columns.size(); ++i) {
          r[rows.columns[i]] =
              row.IsNull(i) ? nlohmann::json(nullptr) : nlohmann::json(row.Text(i));
        }
        out << nlohmann::json{{"t", table}, {"r", std::move(r)}}.dump(
                   -1, ' ', false, nlohmann::json::error_handler_t::replace)
            << '\n';
        ++stats.rows;
      }
      ++stats.tables;
      if (progress) progress(table, stats.rows);
    }
    out << nlohmann::json{{"end", true}, {"rows", stats.rows}}.dump() << '\n';
    if (!out) return Unavailable("writing the backup failed");
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return stats;
}

Result<BackupStats> RestoreBackup(Store& store, std::istream& in, const BackupProgress& progress) {
  ASSIGN_OR_RETURN(int schema, SchemaVersion(store));
  std::string line;
  int64_t line_no = 1;
  if (!std::getline(in, line)) return InvalidArgument("the backup file is empty");
  nlohmann::json header = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !header.contains("haven_backup") ||
      !header["schema_version"].is_number_integer()) {
    return InvalidArgument("line 1 is not a Haven backup header");
  }
  const int backup_schema = header["schema_version"].get<int>();
  if (backup_schema != schema) {
    return FailedPrecondition("the backup has schema version " + std::to_string(backup_schema) +
                              " but the database has " + std::to_string(schema) +
                              ": migrate the database to the same version first");
  }
  const std::set<std::string> known(HavenTables().begin(), HavenTables().end());
  // Columns that point into their own table may point at a later row (a record merged into one
  // created after it): they are inserted empty and set once every row is in.
  const std::set<std::pair<std::string, std::string>> self_references = {
      {"people", "merged_into"}, {"service_areas", "parent_id"}};
  struct Deferred {
    std::string table, column, value, id;
  };
  std::vector<Deferred> deferred;
  BackupStats stats;
  Status s = store.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    for (const std::string& table : HavenTables()) {
      ASSIGN_OR_RETURN(Rows any, tx.Query("SELECT 1 FROM " + table + " LIMIT 1"));
      if (!any.empty()) {
        return FailedPrecondition("the database already holds data (table " + table +
                                  "); restore only into an empty database");
      }
    }
    std::string current_table;
    std::set<std::string> touched;
    bool ended = false;
    while (std::getline(in, line)) {
      ++line_no;
      const std::string where = "line " + std::to_string(line_no);
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) return InvalidArgument(where + " is not JSON");
      if (j.contains("end")) {
        if (!j["rows"].is_number_integer() || j["rows"].get<int64_t>() != stats.rows) {
          return InvalidArgument(where +
                                 ": the backup says it holds a different number of rows "
                                 "than it does; the file is damaged");
        }
        ended = true;
        break;
      }
      if (!j["t"].is_string() || !j["r"].is_object()) {
        return InvalidArgument(where + " has no table name (t) or row (r)");
      }
      const std::string table = j["t"].get<std::string>();
      if (!known.count(table))
        return InvalidArgument(where + " names unknown table '" + table + "'");
      if (table != current_table) {
        if (progress && !current_table.empty()) progress(current_table, stats.rows);
        current_table = table;
      }
      if (j["r"].contains("id")) touched.insert(table);
      std::string cols, marks;
      Params params;
      for (auto& [col, value] : j["r"].items()) {
        for (char c : col) {
          if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return InvalidArgument(where + " has a bad column name");
          }
        }
        if (!cols.empty()) {
          cols += ", ";
          marks += ", ";
        }
        cols += col;
        marks += "?";
        if (value.is_string() && self_references.count({table, col}) != 0 &&
            j["r"].contains("id") && j["r"]["id"].is_string()) {
          auto digits = [](const std::string& t) {
            return !t.empty() && t.size() <= 18 &&
                   std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
          };
          Deferred d{table, col, value.get<std::string>(), j["r"]["id"].get<std::string>()};
          if (!digits(d.value) || !digits(d.id)) {
            return InvalidArgument(where + ", column " + col + ": not a record id");
          }
          deferred.push_back(std::move(d));
          params.push_back(Null());
        } else if (value.is_null()) {
          params.push_back(Null());
        } else if (value.is_string()) {
          params.push_back(value.get<std::string>());
        } else {
          return InvalidArgument(where + ", column " + col + ": values must be text or null");
        }
      }
      Status ins =
          tx.Exec("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")", params)
              .status();
      if (!ins.ok()) {
        return Status(ins.code(), where + " (" + table + "): " + ins.message());
      }
      ++stats.rows;
    }
    if (!ended)
      return InvalidArgument("the backup ends early, after line " + std::to_string(line_no) +
                             "; the file is incomplete");
    if (progress && !current_table.empty()) progress(current_table, stats.rows);
    for (const Deferred& d : deferred) {
      RETURN_IF_ERROR(tx.Exec("UPDATE " + d.table + " SET " + d.column + " = ? WHERE id = ?",
                              {std::stoll(d.value), std::stoll(d.id)})
                          .status());
    }
    for (const std::string& table : touched) RETURN_IF_ERROR(store.ResetSequence(tx, table));
    stats.tables = static_cast<int>(touched.size());  // tables with rows and ids
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return stats;
}

}  // namespace haven::storage
