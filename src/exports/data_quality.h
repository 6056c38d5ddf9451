#pragma once

// The data-quality view: a return derived from the record as it is now, run through the DfE's
// rules, with the children behind each finding, so errors are put right in the record before the
// return is due. Needs the permission to read across the authority; a child whose record is
// restricted from the reader is counted but not named, and every child named is written to the
// access log.

#include <map>
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
  std::string kind;  // "cin" or "903"
  int year = 0;
  size_t children = 0;  // in the return
  size_t errors = 0;
  size_t queries = 0;
  std::vector<RuleFindings> rules;  // the rules with findings, errors first
};

class DataQualityService {
 public:
  // `cin_rules` and `ssda903_rules` are the rule sets to run (the DfE's; tests may give their
  // own).
  DataQualityService(storage::Store& store, const Clock& clock,
                     const clocks::WorkingCalendar& calendar, record::RecordAccess& access,
                     const std::vector<returns::Rule>& cin_rules,
                     const std::vector<returns::Rule>& ssda903_rules)
      : store_(store),
        clock_(clock),
        calendar_(calendar),
        access_(access),
        rules_(cin_rules),
        rules_903_(ssda903_rules) {}

  Result<DataQuality> Cin(const access::Principal& who, const storage::Actor& actor, int year);
  // The SSDA903 return as the record stands, with last year's beside it for the rules that
  // compare the two.
  Result<DataQuality> Ssda903(const access::Principal& who, const storage::Actor& actor, int year);

 private:
  storage::Store& store_;
  const Clock& clock_;
  const clocks::WorkingCalendar& calendar_;
  record::RecordAccess& access_;
  // The findings of `v` per rule, with the children behind them that `who` may read.
  Result<DataQuality> Name(const access::Principal& who, const storage::Actor& actor,
                           const returns::Validation& v,
                           const std::map<std::string, int64_t>& person_of);

  const std::vector<returns::Rule>& rules_;
  const std::vector<returns::Rule>& rules_903_;
};

}  // namespace haven::exports
