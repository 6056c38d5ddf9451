#include "record/internal/step_rows.h"

namespace haven::record::internal {

using domain::FieldType;
using domain::StepRecord;
using domain::StepSpec;

std::string SelectSql(const StepSpec& spec) {
  std::string sql = "SELECT id, person_id, ";
  sql += spec.under_referral ? "referral_id" : "NULL";
  for (const auto& f : spec.fields) sql += ", " + f.name;
  sql += ", recorded_by, authorised_by, authorised_at, version, created_at FROM " + spec.table;
  return sql;
}

StepRecord RecordFrom(const StepSpec& spec, const storage::Row& r) {
  StepRecord s;
  s.kind = spec.kind;
  s.id = r.Int(0);
  s.person_id = r.Int(1);
  s.referral_id = r.OptInt(2);
  size_t i = 3;
  for (const auto& f : spec.fields) s.values[f.name] = r.OptText(i++);
  s.recorded_by = r.OptInt(i++);
  s.authorised_by = r.OptInt(i++);
  s.authorised_at = r.OptText(i++);
  s.version = r.Int(i++);
  s.created_at = r.Text(i);
  return s;
}

storage::Value Bind(const domain::FieldSpec& f, const std::optional<std::string>& v) {
  if (!v) return storage::Null();
  if (f.type == FieldType::kFlag || f.type == FieldType::kRef || f.type == FieldType::kCount) {
    return int64_t{std::stoll(*v)};
  }
  return *v;
}

void ApplyStepDefaults(const StepSpec& spec, StepRecord& rec, const std::string& recorded_at) {
  if (spec.kind == "cp_plan" && !rec.Get("latest_category")) {
    rec.values["latest_category"] = rec.Get("initial_category");
  }
  if (spec.kind == "case_note") rec.values["recorded_at"] = recorded_at;
  for (const auto& f : spec.fields) {
    if (f.type == FieldType::kFlag && !rec.Get(f.name)) rec.values[f.name] = std::string(1, '0');
  }
}

storage::Columns StepColumns(const StepSpec& spec, const StepRecord& rec, int64_t recorded_by) {
  storage::Columns cols = {{"person_id", rec.person_id}};
  if (spec.under_referral) cols.emplace_back("referral_id", *rec.referral_id);
  for (const auto& f : spec.fields) cols.emplace_back(f.name, Bind(f, rec.Get(f.name)));
  cols.emplace_back("recorded_by", recorded_by);
  return cols;
}

}  // namespace haven::record::internal
