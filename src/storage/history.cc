#include "storage/history.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "common/validate.h"

namespace haven::storage {
namespace {

// Columns never copied into a version.
const std::set<std::string>& SecretColumns() {
  static const std::set<std::string> kSecret = {"password_hash", "token_hash", "csrf_token"};
  return kSecret;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace

namespace {

// The row as a JSON object of text (or null) by column name, keys in order, secrets left out.
// Plain ASCII, by far the usual case, is written directly; anything else goes through the JSON
// library, which replaces invalid UTF-8 (text is checked on the way in; this is the last line of
// defence).
std::string RowJson(const Rows& rows) {
  const Row& row = rows.rows[0];
  std::vector<size_t> order;
  for (size_t i = 0; i < rows.columns.size(); ++i) {
    if (!SecretColumns().count(rows.columns[i])) order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return rows.columns[a] < rows.columns[b]; });
  bool ascii = true;
  for (size_t i : order) {
    if (row.IsNull(i)) continue;
    for (unsigned char c : row.Text(i)) {
      if (c >= 0x80) ascii = false;
    }
  }
  if (!ascii) {
    nlohmann::json data = nlohmann::json::object();
    for (size_t i : order) {
      data[rows.columns[i]] = row.IsNull(i) ? nlohmann::json(nullptr) : nlohmann::json(row.Text(i));
    }
    return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string out = "{";
  auto quoted = [&out](const std::string& text) {
    out += '"';
    for (char c : text) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
          } else {
            out += c;
          }
      }
    }
    out += '"';
  };
  for (size_t k = 0; k < order.size(); ++k) {
    if (k > 0) out += ',';
    quoted(rows.columns[order[k]]);
    out += ':';
    if (row.IsNull(order[k])) {
      out += "null";
    } else {
      quoted(row.Text(order[k]));
    }
  }
  out += '}';
  return out;
}

}  // namespace

Status WriteVersion(Tx& tx, const Actor& actor, const Change& change, TimePoint at) {
  // Table names come from code, never from input; still, refuse anything but an identifier.
  if (!IsIdentifier(change.table)) return Internal("bad table name for a version");
  ASSIGN_OR_RETURN(Rows rows,
                   tx.Query("SELECT * FROM " + change.table + " WHERE id = ?", {change.record_id}));
  return WriteVersionOf(tx, actor, change, rows, at);
}

Status WriteVersionOf(Tx& tx, const Actor& actor, const Change& change, const Rows& rows,
                      TimePoint at) {
  RETURN_IF_ERROR(ValidateText(change.reason, "reason", 1000));
  if (rows.empty()) {
    return Internal("no " + change.table + " row " + std::to_string(change.record_id) +
                    " to version");
  }
  int64_t version = 0;
  const Row& row = rows.rows[0];
  for (size_t i = 0; i < rows.columns.size(); ++i) {
    if (rows.columns[i] == "version") version = row.Int(i);
  }
  if (version <= 0) return Internal(change.table + " row has no version number");
  const Params values = {change.table,
                         change.record_id,
                         version,
                         change.operation,
                         actor.user_id ? Value(*actor.user_id) : Null(),
                         FormatTimestamp(at),
                         change.reason,
                         RowJson(rows)};
  return tx
      .Exec(
          "INSERT INTO record_versions (entity, record_id, version, operation, actor_id, at, "
          "reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          values)
      .status();
}

Result<std::vector<Version>> ListVersions(Tx& tx, const std::string& table, int64_t record_id) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT version, operation, actor_id, at, reason, data "
                                       "FROM record_versions WHERE entity = ? AND record_id = ? "
                                       "ORDER BY version",
                                       {table, record_id}));
  std::vector<Version> out;
  for (const Row& r : rows.rows) {
    out.push_back({r.Int(0), r.Text(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5)});
  }
  return out;
}

Status LogAccess(Tx& tx, const Actor& actor, const AccessEvent& event, TimePoint at) {
  if (!actor.user_id) return Internal("a read of a record must have a user to log");
  RETURN_IF_ERROR(ValidateText(event.purpose, "purpose", 200));
  return tx
      .Exec(
          "INSERT INTO access_log (at, actor_id, entity, record_id, action, purpose, request_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {FormatTimestamp(at), *actor.user_id, event.entity, event.record_id, event.action,
           event.purpose.empty() ? Null() : Value(event.purpose),
           actor.request_id.empty() ? Null() : Value(actor.request_id)})
      .status();
}

Result<std::vector<AccessEntry>> ListAccess(Tx& tx, const std::string& entity, int64_t record_id) {
  ASSIGN_OR_RETURN(Rows rows,
                   tx.Query("SELECT id, at, actor_id, entity, record_id, action, purpose, "
                            "request_id FROM access_log WHERE entity = ? AND record_id = ? "
                            "ORDER BY id",
                            {entity, record_id}));
  std::vector<AccessEntry> out;
  for (const Row& r : rows.rows) {
    out.push_back(
        {r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6), r.Text(7)});
  }
  return out;
}

Result<std::vector<int64_t>> RecentlyRead(Tx& tx, int64_t actor_id, const std::string& entity,
                                          int limit) {
  // The access log grows without end, so only the reader's latest entries are looked at.
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT record_id FROM access_log WHERE actor_id = ? "
                                       "AND entity = ? AND action = 'read' ORDER BY id DESC "
                                       "LIMIT 500",
                                       {actor_id, entity}));
  std::vector<int64_t> out;
  for (const Row& r : rows.rows) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (std::find(out.begin(), out.end(), r.Int(0)) == out.end()) out.push_back(r.Int(0));
  }
  return out;
}

}  // namespace haven::storage
