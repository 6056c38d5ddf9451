#include "exports/data_quality.h"

#include <algorithm>
#include <map>
#include <set>

#include "exports/cin_export.h"
#include "returns/cin/read.h"

namespace haven::exports {

Result<DataQuality> DataQualityService::Cin(const access::Principal& who,
                                            const storage::Actor& actor, int year) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadAllRecords));
  if (year < 2023 || year > 2026) {
    return InvalidArgument("year must be a CIN census year Haven has the rules for, 2023 to 2026",
                           "year");
  }
  const std::string now = FormatTimestamp(clock_.Now()).substr(0, 19);
  ASSIGN_OR_RETURN(returns::CinCensus census, BuildCinCensus(store_, calendar_, year, "000", now));
  std::map<std::string, int64_t> person_of;
  for (const auto& c : census.children) person_of[c.la_child_id] = c.person_id;
  // The census is read back as any census file is, so the rules see exactly what would be sent.
  ASSIGN_OR_RETURN(returns::Return r,
                   returns::ReadCinXml(returns::WriteCinXml(census), "census", year));
  const returns::Validation v = returns::Validate(r, returns::RulesFor(rules_, year));

  DataQuality out;
  out.kind = "cin";
  out.year = year;
  out.children = census.children.size();
  out.errors = v.errors;
  out.queries = v.queries;
  RETURN_IF_ERROR(store_.Transact(storage::TxMode::kWrite, [&](storage::Tx& tx) -> Status {
    std::map<int64_t, bool> readable;
    std::set<int64_t> logged;
    std::map<std::string_view, size_t> index;
    for (const auto& f : v.findings) {
      auto [it, added] = index.emplace(f.rule, out.rules.size());
      if (added) {
        out.rules.push_back(
            {std::string(f.rule), f.severity, std::string(f.message), 0, 0, {}});
      }
      RuleFindings& rule = out.rules[it->second];
      ++rule.count;
      const auto person = person_of.find(f.child);
      if (person == person_of.end()) continue;  // a finding about the return as a whole
      auto seen = readable.find(person->second);
      if (seen == readable.end()) {
        ASSIGN_OR_RETURN(auto refusal, access_.Refusal(tx, who, person->second));
        seen = readable.emplace(person->second, !refusal.has_value()).first;
      }
      if (!seen->second) {
        ++rule.withheld;
        continue;
      }
      if (logged.insert(person->second).second) {
        RETURN_IF_ERROR(storage::LogAccess(
            tx, actor, {"people", person->second, "read", "data quality"}, clock_.Now()));
      }
      rule.children.push_back({person->second, f.child, f.table, f.row + 1, f.Fields()});
    }
    return Status::Ok();
  }));
  std::stable_sort(out.rules.begin(), out.rules.end(),
                   [](const RuleFindings& a, const RuleFindings& b) {
                     return a.severity == returns::Severity::kError &&
                            b.severity != returns::Severity::kError;
                   });
  return out;
}

}  // namespace haven::exports
