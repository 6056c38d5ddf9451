#include "returns/rules.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <set>
#include <string>
#include <thread>

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

// What one rule flagged, kept small (a table and a row each) until every rule has run; the
// findings are made from it then.
struct Flagged {
  static constexpr size_t kWhole = static_cast<size_t>(-1);  // the return as a whole
  std::vector<std::string> tables;              // the tables flagged, in the order first flagged
  std::vector<std::vector<bool>> seen;          // the rows flagged, per table
  std::vector<std::pair<size_t, size_t>> hits;  // (index into tables, or kWhole; row)
  bool whole = false;

  std::string_view TableOf(size_t slot) const {
    return slot == kWhole ? std::string_view() : std::string_view(tables[slot]);
  }
};

class Collector final : public Flags {
 public:
  Collector(const Return& r, Flagged& out) : r_(r), out_(out) {}

  void Row(std::string_view table, size_t row) override {
    size_t slot = 0;
    while (slot < out_.tables.size() && out_.tables[slot] != table) ++slot;
    if (slot == out_.tables.size()) {
      out_.tables.emplace_back(table);
      out_.seen.emplace_back();
    }
    // A rule may flag a row twice; it is one finding.
    std::vector<bool>& seen = out_.seen[slot];
    if (row >= seen.size()) seen.resize(std::max(row + 1, r_.Get(table).size()));
    if (seen[row]) return;
    seen[row] = true;
    out_.hits.emplace_back(slot, row);
  }

  void Whole() override {
    if (out_.whole) return;
    out_.whole = true;
    out_.hits.emplace_back(Flagged::kWhole, 0);
  }

 private:
  const Return& r_;
  Flagged& out_;
};

// What one rule flagged, ordered by table and then row.
Flagged RunRule(const Return& r, const Rule& rule) {
  Flagged out;
  Collector c(r, out);
  rule.check(r, c);
  // Most rules flag rows in order, so most need no sorting.
  auto before = [&out](const std::pair<size_t, size_t>& a, const std::pair<size_t, size_t>& b) {
    if (a.first == b.first) return a.second < b.second;
    const std::string_view ta = out.TableOf(a.first), tb = out.TableOf(b.first);
    return ta == tb ? a.second < b.second : ta < tb;
  };
  if (!std::is_sorted(out.hits.begin(), out.hits.end(), before)) {
    std::stable_sort(out.hits.begin(), out.hits.end(), before);
  }
  out.hits.shrink_to_fit();
  out.seen = {};
  return out;
}

// Appends the findings of what `rule` flagged.
void AddFindings(const Return& r, const Rule& rule, const Flagged& flagged,
                 std::vector<Finding>& out) {
  // The rule's fields that a table has (all of them when it has none), shared by the rule's
  // findings in that table.
  std::vector<std::shared_ptr<const std::vector<std::string>>> fields(flagged.tables.size());
  // Each flagged table and the column that names its rows' children, found once per table.
  std::vector<const Table*> tables(flagged.tables.size(), nullptr);
  std::vector<Table::ColumnView> children(flagged.tables.size());
  for (const auto& [slot, row] : flagged.hits) {
    Finding& f = out.emplace_back();  // made in place: a large return has many findings
    f.rule = rule.code;
    f.severity = rule.severity;
    f.message = rule.message;
    if (slot == Flagged::kWhole) {
      f.fields = std::make_shared<const std::vector<std::string>>(rule.fields);
      continue;
    }
    const std::string& name = flagged.tables[slot];
    if (tables[slot] == nullptr) {
      tables[slot] = &r.Get(name);
      children[slot] = tables[slot]->Column(tables[slot]->Has("CHILD") ? "CHILD" : "LAchildID");
    }
    const Table& t = *tables[slot];
    if (!fields[slot]) {
      std::vector<std::string> list;
      for (const auto& field : rule.fields) {
        if (t.Has(field)) list.push_back(field);
      }
      if (list.empty()) list = rule.fields;
      fields[slot] = std::make_shared<const std::vector<std::string>>(std::move(list));
    }
    f.table = name;
    f.row = row;
    f.fields = fields[slot];
    if (row < children[slot].size()) f.child = Trimmed(children[slot][row]);
  }
}

}  // namespace

Validation Validate(const Return& r, const std::vector<const Rule*>& rules,
                    const std::function<void(size_t, size_t)>& progress) {
  // The rules only read the return (its shared indexes are built under a lock), so they run on
  // two threads, each taking the next rule not yet taken; the findings are put back in the order
  // of the rules, and progress is told in that order from this thread.
  const size_t n = rules.size();
  r.memo.Clear();
  std::vector<Flagged> found(n);
  std::vector<std::atomic<bool>> done(n);  // false until the rule's findings are in `found`
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  auto work = [&](bool main) {
    size_t told = 0;
    for (size_t i = next++; i < n; i = next++) {
      found[i] = RunRule(r, *rules[i]);
      done[i] = true;
      if (!main || !progress) continue;
      while (told < n && done[told]) progress(++told, n);
    }
    return told;
  };
  std::thread helper;
  if (n > 1 && std::thread::hardware_concurrency() > 1) {
    helper = std::thread([&] {
      try {
        work(false);
      } catch (...) {
        failure = std::current_exception();
        next = n;
      }
    });
  }
  size_t told = 0;
  try {
    told = work(true);
  } catch (...) {
    next = n;
    if (helper.joinable()) helper.join();
    r.memo.Clear();
    throw;
  }
  if (helper.joinable()) helper.join();
  if (failure) {
    r.memo.Clear();
    std::rethrow_exception(failure);
  }
  if (progress) {
    while (told < n) progress(++told, n);
  }
  // Letting go of the shared values (maps over every child) takes a while, so it is done on
  // another thread while the findings are made; they need only the tables.
  std::jthread clear([&r] { r.memo.Clear(); });
  Validation v;
  size_t total = 0;
  for (const auto& flagged : found) total += flagged.hits.size();
  v.findings.reserve(total);
  for (size_t i = 0; i < n; ++i) {
    const size_t from = v.findings.size();
    AddFindings(r, *rules[i], found[i], v.findings);
    found[i] = {};
    (rules[i]->severity == Severity::kError ? v.errors : v.queries) += v.findings.size() - from;
    ++v.rules_run;
  }
  return v;
}

}  // namespace haven::returns
