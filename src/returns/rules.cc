#include "returns/rules.h"

#include <algorithm>
#include <map>
#include <set>

namespace haven::returns {

std::string_view SeverityName(Severity s) { return s == Severity::kError ? "error" : "query"; }

const std::vector<std::string>& Finding::Fields() const {
  static const std::vector<std::string> kNone;
  return fields ? *fields : kNone;
}

std::vector<const Rule*> RulesFor(const std::vector<Rule>& all, int year) {
  std::vector<const Rule*> out;
  std::set<std::string_view> seen;
  for (const Rule& r : all) {
    if (!r.AppliesIn(year)) continue;
    // Two definitions of one code in one year would be a mistake in the rule tables; the first
    // wins and the test of the tables catches it.
    if (!seen.insert(r.code).second) continue;
    out.push_back(&r);
  }
  return out;
}

namespace {

class Collector final : public Flags {
 public:
  Collector(const Return& r, const Rule& rule, std::vector<Finding>& out)
      : r_(r), rule_(rule), out_(out) {}

  void Row(std::string_view table, size_t row) override {
    if (!FirstFlag(table, row)) return;
    Finding f;
    f.rule = rule_.code;
    f.severity = rule_.severity;
    f.table = std::string(table);
    f.row = row;
    const Table& t = r_.Get(table);
    f.fields = FieldsIn(table, t);
    f.child = std::string(Trimmed(t.Has("CHILD") ? t.At("CHILD", row) : t.At("LAchildID", row)));
    f.message = rule_.message;
    out_.push_back(std::move(f));
  }

  void Whole() override {
    if (whole_) return;
    whole_ = true;
    Finding f;
    f.rule = rule_.code;
    f.severity = rule_.severity;
    f.fields = std::make_shared<const std::vector<std::string>>(rule_.fields);
    f.message = rule_.message;
    out_.push_back(std::move(f));
  }

 private:
  // True the first time a row is flagged (a rule may flag a row twice; it is one finding).
  bool FirstFlag(std::string_view table, size_t row) {
    std::vector<bool>* seen = nullptr;
    for (auto& [name, rows] : flagged_) {
      if (name == table) seen = &rows;
    }
    if (seen == nullptr) seen = &flagged_.emplace_back(std::string(table), std::vector<bool>()).second;
    if (row >= seen->size()) seen->resize(std::max(row + 1, r_.Get(table).size()));
    if ((*seen)[row]) return false;
    (*seen)[row] = true;
    return true;
  }

  // The rule's fields that `t` has (all of them when it has none), worked out once per table.
  std::shared_ptr<const std::vector<std::string>> FieldsIn(std::string_view name, const Table& t) {
    auto it = fields_.find(name);
    if (it != fields_.end()) return it->second;
    std::vector<std::string> list;
    for (const auto& field : rule_.fields) {
      if (t.Has(field)) list.push_back(field);
    }
    if (list.empty()) list = rule_.fields;
    auto shared = std::make_shared<const std::vector<std::string>>(std::move(list));
    fields_.emplace(std::string(name), shared);
    return shared;
  }

  const Return& r_;
  const Rule& rule_;
  std::vector<Finding>& out_;
  std::map<std::string, std::shared_ptr<const std::vector<std::string>>, std::less<>> fields_;
  std::vector<std::pair<std::string, std::vector<bool>>> flagged_;  // rows flagged, per table
  bool whole_ = false;
};

}  // namespace

Validation Validate(const Return& r, const std::vector<const Rule*>& rules,
                    const std::function<void(size_t, size_t)>& progress) {
  Validation v;
  for (const Rule* rule : rules) {
    std::vector<Finding> found;
    Collector c(r, *rule, found);
    rule->check(r, c);
    std::stable_sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.table, a.row) < std::tie(b.table, b.row);
    });
    for (auto& f : found) {
      (f.severity == Severity::kError ? v.errors : v.queries) += 1;
      v.findings.push_back(std::move(f));
    }
    ++v.rules_run;
    if (progress) progress(v.rules_run, rules.size());
  }
  return v;
}

}  // namespace haven::returns
