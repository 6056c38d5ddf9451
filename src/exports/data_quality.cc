#include "exports/data_quality.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "exports/cin_export.h"
#include "exports/ssda903_export.h"
#include "returns/cin/read.h"
#include "returns/csv.h"
#include "returns/ssda903/layout.h"
#include "returns/ssda903/read.h"

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
  ASSIGN_OR_RETURN(DataQuality out, Name(who, actor, v, person_of));
  out.kind = "cin";
  out.year = year;
  out.children = census.children.size();
  return out;
}

Result<DataQuality> DataQualityService::Ssda903(const access::Principal& who,
                                                const storage::Actor& actor, int year) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadAllRecords));
  if (year < 2023 || year > 2027) {
    return InvalidArgument("year must be an SSDA903 year Haven has the rules for, 2023 to 2027",
                           "year");
  }
  std::map<std::string, int64_t> ids;
  ASSIGN_OR_RETURN(returns::Return now, BuildSsda903(store_, year, &ids));
  // Findings carry the child's id as the return's files are read: in capitals.
  std::map<std::string, int64_t> person_of;
  for (const auto& [id, person] : ids) {
    std::string upper = id;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    person_of[upper] = person;
  }
  ASSIGN_OR_RETURN(returns::Return before, BuildSsda903(store_, year - 1));
  // Both years are written and read back as the return's files are, so the rules see exactly
  // what would be sent.
  std::vector<returns::NamedText> files, last;
  for (const auto& layout : returns::Ssda903Layout(year)) {
    files.push_back({layout.file, returns::WriteCsv(now.Get(layout.table))});
  }
  for (const auto& layout : returns::Ssda903Layout(year - 1)) {
    last.push_back({layout.file, returns::WriteCsv(before.Get(layout.table))});
  }
  ASSIGN_OR_RETURN(returns::Return r, returns::Read903(files, last, year));
  const returns::Validation v = returns::Validate(r, returns::RulesFor(rules_903_, year));
  ASSIGN_OR_RETURN(DataQuality out, Name(who, actor, v, person_of));
  out.kind = "903";
  out.year = year;
  out.children = now.Get("Header").size();
  return out;
}

Result<DataQuality> DataQualityService::Name(const access::Principal& who,
                                             const storage::Actor& actor,
                                             const returns::Validation& v,
                                             const std::map<std::string, int64_t>& person_of) {
  DataQuality out;
  out.errors = v.errors;
  out.queries = v.queries;
  RETURN_IF_ERROR(store_.Transact(storage::TxMode::kWrite, [&](storage::Tx& tx) -> Status {
    std::map<int64_t, bool> readable;
    std::set<int64_t> logged;
    std::map<std::string_view, size_t> index;
    for (const auto& f : v.findings) {
      auto [it, added] = index.emplace(f.rule, out.rules.size());
      if (added) {
        out.rules.push_back({std::string(f.rule), f.severity, std::string(f.message), 0, 0, {}});
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
  std::stable_sort(
      out.rules.begin(), out.rules.end(), [](const RuleFindings& a, const RuleFindings& b) {
        return a.severity == returns::Severity::kError && b.severity != returns::Severity::kError;
      });
  return out;
}

}  // namespace haven::exports
