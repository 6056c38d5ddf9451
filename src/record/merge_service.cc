#include "record/merge_service.h"

#include <nlohmann/json.hpp>

#include "common/validate.h"
#include "domain/casework.h"
#include "record/internal/person_rows.h"
#include "storage/versioned.h"

namespace haven::record {
namespace {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

// Every table whose rows belong to a person, and the column that says so.
std::vector<std::pair<std::string, std::string>> PersonColumns() {
  std::vector<std::pair<std::string, std::string>> out = {
      {"person_names", "person_id"},         {"person_addresses", "person_id"},
      {"person_alerts", "person_id"},        {"person_relationships", "person_id"},
      {"person_relationships", "related_person_id"},
      {"contacts", "person_id"},             {"allocations", "person_id"},
      {"record_restrictions", "person_id"}};
  for (const auto& spec : domain::Steps()) out.emplace_back(spec.table, "person_id");
  return out;
}

Result<Merge> LoadMerge(Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, kept_id, merged_id, moved, reason, created_at, "
                                       "undone_at, version FROM person_merges WHERE id = ?",
                                       {id}));
  if (rows.empty()) return NotFound("no merge with id " + std::to_string(id));
  const Row& r = rows.rows[0];
  Merge m;
  m.id = r.Int(0);
  m.kept_id = r.Int(1);
  m.merged_id = r.Int(2);
  m.moved_rows = static_cast<int>(nlohmann::json::parse(r.Text(3)).size());
  m.reason = r.Text(4);
  m.merged_at = r.Text(5);
  m.undone_at = r.OptText(6);
  m.version = r.Int(7);
  return m;
}

Status Repoint(Tx& tx, const storage::Actor& actor, const std::string& table,
               const std::string& column, int64_t id, int64_t to, const std::string& why,
               TimePoint at) {
  ASSIGN_OR_RETURN(Rows v, tx.Query("SELECT version FROM " + table + " WHERE id = ?", {id}));
  if (v.empty()) return Status::Ok();
  return storage::UpdateVersioned(tx, actor, table, id, v.rows[0].Int(0), {{column, to}}, "merge",
                                  why, at);
}

}  // namespace

Result<Merge> MergeService::MergeInto(const access::Principal& who, const storage::Actor& actor,
                                      int64_t kept_id, int64_t merged_id,
                                      const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kMergePeople));
  if (reason.empty()) return InvalidArgument("say why these are the same person", "reason");
  RETURN_IF_ERROR(ValidateText(reason, "reason", 2000));
  if (kept_id == merged_id) return InvalidArgument("a record cannot merge with itself", "merged_id");
  RETURN_IF_ERROR(access_.Check(who, actor, kept_id));
  RETURN_IF_ERROR(access_.Check(who, actor, merged_id));
  Merge out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows both, tx.Query("SELECT id, kind, merged_into, version FROM people "
                                         "WHERE id IN (?, ?)",
                                         {kept_id, merged_id}));
    if (both.size() != 2) return NotFound("both records must exist");
    const Row& kept = both.rows[0].Int(0) == kept_id ? both.rows[0] : both.rows[1];
    const Row& dup = both.rows[0].Int(0) == kept_id ? both.rows[1] : both.rows[0];
    if (!kept.IsNull(2) || !dup.IsNull(2)) {
      return FailedPrecondition("one of these records has already been merged", "merged_id");
    }
    if (kept.Text(1) != dup.Text(1)) {
      return InvalidArgument("a " + dup.Text(1) + "'s record cannot merge into a " +
                                 kept.Text(1) + "'s",
                             "merged_id");
    }
    const TimePoint now = clock_.Now();
    const std::string why = "merged into person " + std::to_string(kept_id);
    nlohmann::json moved = nlohmann::json::array();
    for (const auto& [table, column] : PersonColumns()) {
      std::string sql = "SELECT id FROM " + table + " WHERE " + column + " = ?";
      // A relationship between the two records would become one to itself: it stays behind.
      if (table == "person_relationships") {
        sql += std::string(" AND ") + (column == "person_id" ? "related_person_id" : "person_id") +
               " <> ?";
      }
      ASSIGN_OR_RETURN(Rows rows, table == "person_relationships"
                                      ? tx.Query(sql, {merged_id, kept_id})
                                      : tx.Query(sql, {merged_id}));
      for (const Row& r : rows.rows) {
        RETURN_IF_ERROR(Repoint(tx, actor, table, column, r.Int(0), kept_id, why, now));
        moved.push_back({table, column, r.Int(0)});
      }
    }
    RETURN_IF_ERROR(storage::UpdateVersioned(tx, actor, "people", merged_id, dup.Int(3),
                                             {{"merged_into", kept_id}}, "merge", reason, now));
    RETURN_IF_ERROR(internal::RefreshSearchKeys(tx, kept_id));
    RETURN_IF_ERROR(tx.Exec("DELETE FROM person_search_keys WHERE person_id = ?", {merged_id})
                        .status());
    ASSIGN_OR_RETURN(int64_t id, storage::InsertVersioned(tx, actor, "person_merges",
                                                          {{"kept_id", kept_id},
                                                           {"merged_id", merged_id},
                                                           {"moved", moved.dump()},
                                                           {"reason", reason},
                                                           {"merged_by", who.user_id}},
                                                          reason, now));
    ASSIGN_OR_RETURN(out, LoadMerge(tx, id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<Merge> MergeService::Undo(const access::Principal& who, const storage::Actor& actor,
                                 int64_t merge_id, const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kMergePeople));
  if (reason.empty()) return InvalidArgument("say why the merge is undone", "reason");
  RETURN_IF_ERROR(ValidateText(reason, "reason", 2000));
  Merge before;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(before, LoadMerge(tx, merge_id));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(access_.Check(who, actor, before.kept_id));
  Merge out;
  Status s = store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Merge m, LoadMerge(tx, merge_id));
    if (m.undone_at) return FailedPrecondition("this merge was already undone on " + *m.undone_at);
    ASSIGN_OR_RETURN(Rows moved, tx.Query("SELECT moved FROM person_merges WHERE id = ?",
                                          {merge_id}));
    const TimePoint now = clock_.Now();
    const std::string why = "merge " + std::to_string(merge_id) + " undone";
    for (const auto& entry : nlohmann::json::parse(moved.rows[0].Text(0))) {
      const auto table = entry[0].get<std::string>();
      const auto column = entry[1].get<std::string>();
      // Only names from code may reach SQL: check the pair is one the merge moves.
      bool known = false;
      for (const auto& [t, c] : PersonColumns()) known = known || (t == table && c == column);
      if (!known) return Internal("merge " + std::to_string(merge_id) + " names an unknown table");
      RETURN_IF_ERROR(Repoint(tx, actor, table, column, entry[2].get<int64_t>(), m.merged_id, why,
                              now));
    }
    ASSIGN_OR_RETURN(Rows dup, tx.Query("SELECT version FROM people WHERE id = ?", {m.merged_id}));
    RETURN_IF_ERROR(storage::UpdateVersioned(tx, actor, "people", m.merged_id, dup.rows[0].Int(0),
                                             {{"merged_into", storage::Null()}}, "unmerge", reason,
                                             now));
    RETURN_IF_ERROR(internal::RefreshSearchKeys(tx, m.kept_id));
    RETURN_IF_ERROR(internal::RefreshSearchKeys(tx, m.merged_id));
    RETURN_IF_ERROR(storage::UpdateVersioned(tx, actor, "person_merges", merge_id, m.version,
                                             {{"undone_at", FormatTimestamp(now)},
                                              {"undone_by", who.user_id}},
                                             "undo", reason, now));
    ASSIGN_OR_RETURN(out, LoadMerge(tx, merge_id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace haven::record
