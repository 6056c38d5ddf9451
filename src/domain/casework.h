#pragma once

// Casework: the steps of a child's record after the front door (referrals, which are CIN
// episodes; assessments; strategy discussions; section 47 enquiries; initial conferences; CP plans
// with their reviews, core groups and visits; CIN plans; early help; case notes).
//
// Each step is described once, as data (StepSpec): its fields, their types and code lists, which
// record it hangs from, the date that places it in the chronology, and whether a manager must
// authorise it. Storage, the API, the OpenAPI document and validation all read the same
// description, so a field is declared in one place. The rules that relate one step to another
// (an assessment cannot start before its referral, an ICPC needs a section 47 enquiry) are pure
// functions over the step's values and its context. No I/O here.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace haven::domain {

enum class FieldType {
  kDate,   // YYYY-MM-DD
  kText,   // free text
  kCode,   // one code from `list`
  kCodes,  // several codes from `list`, stored sorted and comma-separated
  kFlag,   // true or false, stored 0/1
  kRef,    // the id of another step, of kind `list`
  kMoney,     // pounds and pence, e.g. "650.00", stored as text with two decimals
  kPostcode,  // a UK postcode, stored normalised ("DN1 3BU")
  kCount,     // a whole number from 0 to 999
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kText;
  bool required = false;
  std::string list;  // code list (kCode, kCodes); step kind, "contact" or "team" (kRef)
  std::string label;
  bool derived = false;  // set by Haven, never taken from input
};

struct StepSpec {
  std::string kind;   // "assessment"
  std::string table;  // "assessments"
  std::string path;   // URL segment, "assessments"
  std::string title;  // "Child and family assessment"
  bool under_referral = false;  // belongs to a CIN episode (carries referral_id)
  std::vector<FieldSpec> fields;
  std::string date_field;  // the date that places the step in the chronology
  std::string end_field;   // closing date, if the step lasts; "" otherwise
  bool needs_authorisation = false;
  // Fields a change may not touch once the step is recorded (its identity).
  std::vector<std::string> fixed{};
  // The reference field whose record must contain this step's date (a visit inside its plan, a
  // placement inside its period of care); "" if none.
  std::string inside{};
};

// Every step: the child in need and child protection steps, then those of children looked after
// and care leavers (care.cc).
const std::vector<StepSpec>& Steps();
const std::vector<StepSpec>& CareSteps();
const StepSpec* FindStep(const std::string& kind);
const StepSpec* FindStepByPath(const std::string& path);
const FieldSpec* FindField(const StepSpec& spec, const std::string& name);

// A step's values by field name; nullopt is "not recorded". Flags are "0"/"1"; code sets are
// sorted and comma-separated; refs are decimal ids.
using Values = std::map<std::string, std::optional<std::string>>;

// Normalises and checks values as submitted: types, code lists, lengths, and (when `creating`)
// that required fields are present. Errors name the field.
Status CheckFieldValues(const StepSpec& spec, Values& values, bool creating);

// One stored step.
struct StepRecord {
  std::string kind;
  int64_t id = 0;
  int64_t person_id = 0;
  std::optional<int64_t> referral_id;
  Values values;
  std::optional<int64_t> recorded_by;
  std::optional<int64_t> authorised_by;
  std::optional<std::string> authorised_at;
  int64_t version = 0;
  std::string created_at;

  std::optional<std::string> Get(const std::string& field) const;
  // The value of a kRef field as an id.
  std::optional<int64_t> Ref(const std::string& field) const;
};

// What a step is checked against.
struct StepContext {
  std::string today;  // YYYY-MM-DD
  std::optional<std::string> date_of_birth;
  bool unborn = false;
  const StepRecord* referral = nullptr;  // the CIN episode, for steps under a referral
  // The record each kRef field points to, by field name.
  std::map<std::string, const StepRecord*> refs;
  // Steps whose kRef fields point at this one (for a change to a referral: every step in it).
  std::vector<const StepRecord*> dependants;
};

// The cross-record rules. An impossible fact is an error naming the field; a questionable one is
// accepted and returned as a warning.
Result<std::vector<std::string>> CheckStep(const StepSpec& spec, const Values& values,
                                           const StepContext& ctx);

// Can a manager authorise this step as it stands? (An assessment must be completed, a referral
// closed, and so on.)
Status CheckAuthorisable(const StepSpec& spec, const Values& values);

// True if a referral on `date` follows another within 12 months (the DfE re-referral measure).
bool IsReReferral(const std::string& date, const std::vector<std::string>& earlier_referral_dates);

// The kind of case a child is, from their open steps (cp, cin, assessment, early_help, none), and
// its caseload weight: a child on a CP plan counts 1.5, a CIN plan or an open assessment 1, early
// help 0.5. The weights are data here so that a team can see how they are counted.
std::string CaseType(const std::vector<StepRecord>& steps);
double CaseWeight(const std::string& case_type);

}  // namespace haven::domain
