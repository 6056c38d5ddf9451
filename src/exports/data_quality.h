#pragma once

// The data-quality view: a return derived from the record as it is now, run through the DfE's
// rules, with the children behind each finding, so errors are put right in the record before the
// return is due. Needs the permission to read across the authority; a child whose record is
// restricted from the reader is counted but not named, and every child named is written to the
// access log.

#include <string>
#include <vector>

#include "access/roles.h"
#include "clocks/calendar.h"
#include "common/clock.h"
#include "record/record_access.h"
#include "returns/rules.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::exports {

struct FlaggedChild {
  int64_t person_id = 0;
  std::string la_child_id;
  std::string table;
  size_t row = 0;  // from 1, as in the return
  std::vector<std::string> fields;
};

struct RuleFindings {
  std::string rule;
  returns::Severity severity = returns::Severity::kError;
  std::string message;
  size_t count = 0;     // findings, named or not
  size_t withheld = 0;  // findings about records restricted from the reader
  std::vector<FlaggedChild> children;
};

struct DataQuality {
  std::string kind;  // "cin"
  int year = 0;
  size_t children = 0;  // in the return
  size_t errors = 0;
  size_t queries = 0;
  std::vector<RuleFindings> rules;  // the rules with findings, errors first
};

class DataQualityService {
 public:
  // `cin_rules` is the rule set to run (the DfE's; tests may give their own).
  DataQualityService(storage::Store& store, const Clock& clock,
                     const clocks::WorkingCalendar& calendar, record::RecordAccess& access,
                     const std::vector<returns::Rule>& cin_rules)
      : store_(store), clock_(clock), calendar_(calendar), access_(access), rules_(cin_rules) {}

  Result<DataQuality> Cin(const access::Principal& who, const storage::Actor& actor, int year);

 private:
  storage::Store& store_;
  const Clock& clock_;
  const clocks::WorkingCalendar& calendar_;
  record::RecordAccess& access_;
  const std::vector<returns::Rule>& rules_;
};

}  // namespace haven::exports
