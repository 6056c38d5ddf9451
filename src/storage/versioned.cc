#include "storage/versioned.h"

namespace haven::storage {
namespace {

bool IsIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Status CheckNames(const std::string& table, const Columns& columns) {
  if (!IsIdentifier(table)) return Internal("bad table name");
  for (const auto& [name, value] : columns) {
    if (!IsIdentifier(name)) return Internal("bad column name");
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> InsertVersioned(Tx& tx, const Actor& actor, const std::string& table,
                                const Columns& columns, const std::string& reason, TimePoint at) {
  RETURN_IF_ERROR(CheckNames(table, columns));
  std::string names, marks;
  Params params;
  for (const auto& [name, value] : columns) {
    names += name + ", ";
    marks += "?, ";
    params.push_back(value);
  }
  const std::string stamp = FormatTimestamp(at);
  params.push_back(stamp);
  params.push_back(stamp);
  ASSIGN_OR_RETURN(Rows rows, tx.Query("INSERT INTO " + table + " (" + names +
                                           "version, created_at, updated_at) VALUES (" + marks +
                                           "1, ?, ?) RETURNING *",
                                       params));
  size_t id_column = rows.columns.size();
  for (size_t i = 0; i < rows.columns.size(); ++i) {
    if (rows.columns[i] == "id") id_column = i;
  }
  if (rows.empty() || id_column == rows.columns.size()) {
    return Internal("no id came back from the insert into " + table);
  }
  const int64_t id = rows.rows.at(0).Int(id_column);
  RETURN_IF_ERROR(WriteVersionOf(tx, actor, {table, id, "create", reason}, rows, at));
  return id;
}

Status UpdateVersioned(Tx& tx, const Actor& actor, const std::string& table, int64_t id,
                       int64_t expected_version, const Columns& columns,
                       const std::string& operation, const std::string& reason, TimePoint at) {
  RETURN_IF_ERROR(CheckNames(table, columns));
  std::string sets;
  Params params;
  for (const auto& [name, value] : columns) {
    sets += name + " = ?, ";
    params.push_back(value);
  }
  params.push_back(FormatTimestamp(at));
  params.push_back(id);
  params.push_back(expected_version);
  // The row comes back as changed, so its version is written without reading it again.
  ASSIGN_OR_RETURN(
      Rows changed,
      tx.Query("UPDATE " + table + " SET " + sets +
                   "version = version + 1, updated_at = ? WHERE id = ? AND version = ? "
                   "RETURNING *",
               params));
  if (changed.empty()) {
    ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT version FROM " + table + " WHERE id = ?", {id}));
    if (rows.empty()) return NotFound("no " + table + " record with id " + std::to_string(id));
    return FailedPrecondition("the record was changed by someone else (now version " +
                                  rows.rows[0].Text(0) + "); reload it and try again",
                              "version");
  }
  return WriteVersionOf(tx, actor, {table, id, operation, reason}, changed, at);
}

}  // namespace haven::storage
