#pragma once

// The DfE validation engine. A rule is a check over a Return that flags rows of its tables; each
// flag becomes a finding naming the rule, table, row, fields and child. Rules carry the collection
// years they apply to, so a year's rule set is the rules whose range covers it, and a new year is
// added by listing what changed (a rule that starts, ends or is redefined), never by copying the
// rule set. Pure: no I/O.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "returns/table.h"

namespace haven::returns {

enum class Severity { kError, kQuery };
std::string_view SeverityName(Severity s);

enum class ReturnKind { kSsda903, kCinCensus };

// A finding refers to its rule's code and message (rules outlive their findings) and shares one
// list of fields with the rule's other findings in the same table, so a return with a hundred
// thousand findings stays small.
struct Finding {
  std::string_view rule;
  Severity severity = Severity::kError;
  std::string table;  // empty for a finding about the whole return
  size_t row = 0;     // 0-based, in the table as given
  std::shared_ptr<const std::vector<std::string>> fields;
  std::string child;  // the row's child id, when the table has one
  std::string_view message;

  const std::vector<std::string>& Fields() const;
};

// What a rule's check writes to.
class Flags {
 public:
  virtual ~Flags() = default;
  // Flags one row of a table.
  virtual void Row(std::string_view table, size_t row) = 0;
  // Flags the return as a whole.
  virtual void Whole() = 0;
};

using Check = std::function<void(const Return&, Flags&)>;

struct Rule {
  std::string code;
  Severity severity = Severity::kError;
  // The fields a finding points at (the DfE's "affected fields"), and Haven's own message.
  std::vector<std::string> fields;
  std::string message;
  // First and last collection years (by the year they end) in which this definition applies.
  int first_year = 0;
  int last_year = 9999;
  Check check;

  bool AppliesIn(int year) const { return year >= first_year && year <= last_year; }
};

// Every definition of every 903 rule, across the years Haven knows.
const std::vector<Rule>& Ssda903Rules();
// Every definition of every CIN census rule. The CIN tables are named as the DfE's tools name
// them (Header, ChildIdentifiers, ChildCharacteristics, Disabilities, CINdetails, Assessments,
// AssessmentFactorsList, CINplanDates, Section47, ChildProtectionPlans, Reviews), keyed by
// LAchildID, with dates in the census's yyyy-mm-dd form.
const std::vector<Rule>& CinRules();
// The definitions in force in `year`, one per code.
std::vector<const Rule*> RulesFor(const std::vector<Rule>& all, int year);

struct Validation {
  std::vector<Finding> findings;  // ordered by rule, then table and row
  size_t rules_run = 0;
  size_t errors = 0;
  size_t queries = 0;
};

// Runs `rules` over `r`. `progress`, if given, is told after each rule (done, total).
Validation Validate(const Return& r, const std::vector<const Rule*>& rules,
                    const std::function<void(size_t, size_t)>& progress = {});

}  // namespace haven::returns
