#include "record/internal/person_rows.h"

#include <set>

#include "domain/name_match.h"

namespace haven::record::internal {

using domain::Person;
using storage::Row;
using storage::Rows;
using storage::Tx;

const char* const kPersonColumns =
    "id, service_area_id, kind, given_name, family_name, date_of_birth, sex, version, created_at, "
    "updated_at, gender, ethnicity, disabilities, la_child_id, upn, former_upn, upn_unknown, "
    "nhs_number, merged_into, restricted";

// Codes are stored sorted and joined by commas.
std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

std::vector<std::string> SplitCodes(const std::optional<std::string>& joined) {
  std::vector<std::string> out;
  if (!joined || joined->empty()) return out;
  size_t start = 0;
  for (size_t comma; (comma = joined->find(',', start)) != std::string::npos; start = comma + 1) {
    out.push_back(joined->substr(start, comma - start));
  }
  out.push_back(joined->substr(start));
  return out;
}

Person PersonFrom(const Row& r) {
  Person p;
  p.id = r.Int(0);
  p.service_area_id = r.Int(1);
  p.kind = domain::ParsePersonKind(r.Text(2)).value_or(domain::PersonKind::kChild);
  p.given_name = r.Text(3);
  p.family_name = r.Text(4);
  p.date_of_birth = r.OptText(5);
  p.sex = r.Text(6);
  p.version = r.Int(7);
  p.created_at = r.Text(8);
  p.updated_at = r.Text(9);
  p.gender = r.OptText(10);
  p.ethnicity = r.OptText(11);
  p.disabilities = SplitCodes(r.OptText(12));
  p.la_child_id = r.OptText(13);
  p.upn = r.OptText(14);
  p.former_upn = r.OptText(15);
  p.upn_unknown = r.OptText(16);
  p.nhs_number = r.OptText(17);
  p.merged_into = r.OptInt(18);
  p.restricted = r.Int(19) == 1;
  return p;
}

Result<Person> LoadPerson(Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query(std::string("SELECT ") + kPersonColumns + " FROM people WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("no person with id " + std::to_string(id));
  return PersonFrom(rows.rows[0]);
}

Result<std::vector<domain::Alert>> LoadAlerts(Tx& tx, int64_t person_id) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, person_id, start_date, end_date, version"
                                       ", kind, detail FROM person_alerts WHERE person_id = ? "
                                       "ORDER BY start_date, id",
                                       {person_id}));
  std::vector<domain::Alert> out;
  for (const Row& r : rows.rows) {
    domain::Alert a;
    a.id = r.Int(0);
    a.person_id = r.Int(1);
    a.start_date = r.OptText(2);
    a.end_date = r.OptText(3);
    a.version = r.Int(4);
    a.kind = r.Text(5);
    a.detail = r.Text(6);
    out.push_back(std::move(a));
  }
  return out;
}

// The values of the people columns other than id, version and the timestamps, in the order the
// INSERT and UPDATE below name them.
storage::Params PersonValues(const Person& p) {
  return {p.service_area_id,
          std::string(domain::PersonKindName(p.kind)),
          p.given_name,
          p.family_name,
          storage::OptionalText(p.date_of_birth),
          p.sex,
          storage::OptionalText(p.gender),
          storage::OptionalText(p.ethnicity),
          p.disabilities.empty() ? storage::Null() : storage::Value(JoinCodes(p.disabilities)),
          storage::OptionalText(p.la_child_id),
          storage::OptionalText(p.upn),
          storage::OptionalText(p.former_upn),
          storage::OptionalText(p.upn_unknown),
          storage::OptionalText(p.nhs_number)};
}

namespace {
// Writes the keys of a person who has none: one statement for them all.
Status InsertSearchKeys(Tx& tx, int64_t person_id, const std::set<std::string>& keys) {
  if (keys.empty()) return Status::Ok();
  std::string sql = "INSERT INTO person_search_keys (person_id, search_key) VALUES ";
  storage::Params params;
  for (const auto& k : keys) {
    sql += params.empty() ? "(?, ?)" : ", (?, ?)";
    params.push_back(person_id);
    params.push_back(k);
  }
  return tx.Exec(sql, params).status();
}
}  // namespace

Result<int64_t> InsertPerson(Tx& tx, const storage::Actor& actor, const Person& p,
                             const std::string& reason, TimePoint at) {
  const std::string stamp = FormatTimestamp(at);
  storage::Params params = PersonValues(p);
  params.push_back(stamp);
  params.push_back(stamp);
  ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query("INSERT INTO people (service_area_id, kind, given_name, family_name, "
               "date_of_birth, sex, gender, ethnicity, disabilities, la_child_id, upn, "
               "former_upn, upn_unknown, nhs_number, version, created_at, updated_at) VALUES "
               "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING *",
               params));
  int64_t id = 0;
  for (size_t i = 0; i < rows.columns.size(); ++i) {
    if (rows.columns[i] == "id") id = rows.rows.at(0).Int(i);
  }
  RETURN_IF_ERROR(storage::WriteVersionOf(tx, actor, {"people", id, "create", reason}, rows, at));
  // A new person has one name and no keys yet.
  std::set<std::string> keys;
  for (auto& k : domain::SearchKeys(p.given_name + " " + p.family_name)) keys.insert(std::move(k));
  RETURN_IF_ERROR(InsertSearchKeys(tx, id, keys));
  return id;
}

Status RefreshSearchKeys(Tx& tx, int64_t person_id) {
  ASSIGN_OR_RETURN(Rows names,
                   tx.Query("SELECT given_name, family_name FROM people WHERE id = ? UNION ALL "
                            "SELECT given_name, family_name FROM person_names WHERE person_id = ?",
                            {person_id, person_id}));
  std::set<std::string> keys;
  for (const Row& r : names.rows) {
    for (auto& k : domain::SearchKeys(r.Text(0) + " " + r.Text(1))) keys.insert(std::move(k));
  }
  // The keys are an index over the names, so replacing them changes no record.
  RETURN_IF_ERROR(
      tx.Exec("DELETE FROM person_search_keys WHERE person_id = ?", {person_id}).status());
  return InsertSearchKeys(tx, person_id, keys);
}

}  // namespace haven::record::internal
