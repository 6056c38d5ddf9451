#pragma once

// Reading and writing casework step rows, shared by the casework service (one step at a time) and
// the record loader (a whole history at once). Columns come from the StepSpec, never from input.

#include <optional>
#include <string>

#include "domain/casework.h"
#include "storage/store.h"
#include "storage/versioned.h"

namespace haven::record::internal {

// SELECT of every column of the step's table, without a WHERE clause.
std::string SelectSql(const domain::StepSpec& spec);
domain::StepRecord RecordFrom(const domain::StepSpec& spec, const storage::Row& r);
// A checked value as the column's parameter (flags, refs and counts as integers).
storage::Value Bind(const domain::FieldSpec& f, const std::optional<std::string>& v);

// What Haven fills in on a new step before the rules see it: unset flags are false, a CP plan's
// latest category starts as its initial one, a case note is stamped with `recorded_at`.
void ApplyStepDefaults(const domain::StepSpec& spec, domain::StepRecord& rec,
                       const std::string& recorded_at);
// The columns of a new step's row.
storage::Columns StepColumns(const domain::StepSpec& spec, const domain::StepRecord& rec,
                             int64_t recorded_by);

}  // namespace haven::record::internal
