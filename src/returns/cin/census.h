#pragma once

// The CIN census for one collection year as Haven derives it from the record, and its XML in the
// DfE's schema (CIN_schema_2025/2026: element order, codes and yyyy-mm-dd dates). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "returns/table.h"

namespace haven::returns {

struct CinAssessment {
  Date start;
  std::optional<Date> authorised;
  std::vector<std::string> factors;
};

struct CinPlanPeriod {
  Date start;
  std::optional<Date> end;
};

struct CinSection47 {
  Date start;
  std::optional<Date> icpc_target;
  std::optional<Date> icpc;
  bool icpc_not_required = false;
};

struct CinProtectionPlan {
  Date start;
  std::optional<Date> end;
  std::string initial_category;
  std::string latest_category;
  int previous_plans = 0;
  std::vector<Date> reviews;
};

// One episode of need: a referral and what followed it.
struct CinDetail {
  Date referral;
  std::string source;
  std::string primary_need;  // empty when not recorded
  std::optional<Date> closure;
  std::string closure_reason;
  std::optional<Date> initial_cpc;
  bool nfa = false;
  std::vector<CinAssessment> assessments;
  std::vector<CinPlanPeriod> plans;
  std::vector<CinSection47> enquiries;
  std::vector<CinProtectionPlan> protection;
};

struct CinChild {
  int64_t person_id = 0;  // Haven's own id, not written to the census
  std::string la_child_id;
  std::string upn;
  std::string former_upn;
  std::string upn_unknown;
  std::optional<Date> birth;
  std::optional<Date> expected_birth;
  std::string sex;  // M, F or U
  std::optional<Date> death;
  std::string ethnicity;
  std::vector<std::string> disabilities;
  std::vector<CinDetail> details;
};

struct CinCensus {
  int year = 0;         // the collection year, by the year it ends
  std::string lea;      // the local authority's three-digit code
  std::string created;  // the file's DateTime, yyyy-mm-ddThh:mm:ss
  std::vector<CinChild> children;
};

std::string WriteCinXml(const CinCensus& census);

}  // namespace haven::returns
