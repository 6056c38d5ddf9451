#include "domain/child_clocks.h"

#include <algorithm>
#include <map>

namespace haven::domain {
namespace {

std::optional<Date> DateOf(const StepRecord& r, const std::string& field) {
  auto v = r.Get(field);
  if (!v) return std::nullopt;
  return Date::Parse(v->substr(0, 10));
}

class Builder {
 public:
  Builder(Date today, const clocks::Timescales& t, const clocks::WorkingCalendar& c)
      : today_(today), timescales_(t), calendar_(c) {}

  // Adds a clock; an unmet clock on a closed record is dropped.
  void Add(const std::string& id, const StepRecord& on, Date started, std::optional<Date> done,
           bool open) {
    if (!done && !open) return;
    auto rule = timescales_.Find(id);
    if (!rule.ok()) return;
    DueAction a;
    a.timescale_id = id;
    a.step = rule->step;
    a.kind = on.kind;
    a.record_id = on.id;
    a.person_id = on.person_id;
    a.clock = clocks::Evaluate(*rule, started, done, today_, calendar_);
    out_.actions.push_back(std::move(a));
  }

  // A repeating standard (visits, reviews): one clock from the start to the first event, then
  // from each event to the next, and the one still running while the record is open.
  void Chain(const std::string& first_id, const std::string& next_id, const StepRecord& on,
             Date start, std::vector<Date> events, bool open) {
    std::sort(events.begin(), events.end());
    Date from = start;
    std::string id = first_id;
    for (Date e : events) {
      Add(id, on, from, e, open);
      from = e;
      id = next_id;
    }
    Add(id, on, from, std::nullopt, open);
  }

  ChildClocks Take() {
    std::sort(out_.actions.begin(), out_.actions.end(),
              [](const DueAction& a, const DueAction& b) {
                return a.clock.due != b.clock.due ? a.clock.due < b.clock.due
                                                  : a.timescale_id < b.timescale_id;
              });
    return std::move(out_);
  }
  ChildClocks& out() { return out_; }

 private:
  Date today_;
  const clocks::Timescales& timescales_;
  const clocks::WorkingCalendar& calendar_;
  ChildClocks out_;
};

}  // namespace

bool IsOutstanding(const DueAction& a) {
  return a.clock.state == clocks::ClockState::kDue || a.clock.state == clocks::ClockState::kOverdue;
}

ChildClocks DeriveClocks(const std::vector<StepRecord>& steps, Date today,
                         const clocks::Timescales& timescales,
                         const clocks::WorkingCalendar& calendar) {
  Builder b(today, timescales, calendar);
  std::map<std::string, std::vector<const StepRecord*>> by_kind;
  for (const auto& s : steps) by_kind[s.kind].push_back(&s);
  auto under = [&](const std::string& kind, const std::string& field, int64_t id) {
    std::vector<const StepRecord*> out;
    for (const StepRecord* s : by_kind[kind]) {
      if (s->Ref(field) == id) out.push_back(s);
    }
    return out;
  };
  auto find = [&](const std::string& kind, std::optional<int64_t> id) -> const StepRecord* {
    if (!id) return nullptr;
    for (const StepRecord* s : by_kind[kind]) {
      if (s->id == *id) return s;
    }
    return nullptr;
  };

  for (const StepRecord* c : by_kind["contact"]) {
    auto received = DateOf(*c, "received_date");
    if (received) b.Add("contact_decision", *c, *received, DateOf(*c, "decided_date"), true);
  }

  for (const StepRecord* r : by_kind["referral"]) {
    const bool open = !r->Get("closure_date");
    auto referred = DateOf(*r, "referral_date");
    if (!referred) continue;
    // The assessment: 45 working days from the referral, met by the first completed assessment.
    if (r->Get("nfa") != "1") {
      std::optional<Date> done;
      for (const StepRecord* a : by_kind["assessment"]) {
        if (a->referral_id != r->id) continue;
        auto d = DateOf(*a, "completed_date");
        if (d && (!done || *d < *done)) done = d;
      }
      b.Add("assessment", *r, *referred, done, open);
    }
    // The ICPC: 15 working days from the strategy discussion behind each enquiry that leads to
    // one.
    for (const StepRecord* s47 : by_kind["s47"]) {
      if (s47->referral_id != r->id) continue;
      auto icpcs = under("icpc", "s47_id", s47->id);
      if (s47->Get("outcome") != "icpc" && icpcs.empty()) continue;
      const StepRecord* sd = find("strategy_discussion", s47->Ref("strategy_discussion_id"));
      auto from = sd ? DateOf(*sd, "discussion_date") : DateOf(*s47, "start_date");
      if (!from) continue;
      std::optional<Date> held;
      for (const StepRecord* i : icpcs) {
        auto d = DateOf(*i, "conference_date");
        if (d && (!held || *d < *held)) held = d;
      }
      b.Add("icpc", *s47, *from, held, open);
    }
  }

  for (const StepRecord* plan : by_kind["cp_plan"]) {
    const bool open = !plan->Get("end_date");
    auto start = DateOf(*plan, "start_date");
    if (!start) continue;
    const StepRecord* icpc = find("icpc", plan->Ref("icpc_id"));
    const Date conference = icpc && DateOf(*icpc, "conference_date")
                                ? *DateOf(*icpc, "conference_date")
                                : *start;
    std::vector<Date> groups, reviews, visits;
    for (const StepRecord* g : under("core_group", "cp_plan_id", plan->id)) {
      if (auto d = DateOf(*g, "meeting_date")) groups.push_back(*d);
    }
    for (const StepRecord* rv : under("cp_review", "cp_plan_id", plan->id)) {
      if (auto d = DateOf(*rv, "review_date")) reviews.push_back(*d);
    }
    for (const StepRecord* v : under("cp_visit", "cp_plan_id", plan->id)) {
      auto d = DateOf(*v, "visit_date");
      if (d && v->Get("seen") == "1") visits.push_back(*d);  // a visit counts when the child is seen
    }
    std::optional<Date> first_group;
    if (!groups.empty()) first_group = *std::min_element(groups.begin(), groups.end());
    b.Add("first_core_group", *plan, conference, first_group, open);
    b.Chain("first_rcpc", "rcpc", *plan, conference, reviews, open);
    b.Chain("cp_visit", "cp_visit", *plan, *start, visits, open);
  }

  for (const StepRecord* plan : by_kind["cin_plan"]) {
    const bool open = !plan->Get("end_date");
    auto start = DateOf(*plan, "start_date");
    if (!start) continue;
    std::vector<Date> reviews, visits;
    for (const StepRecord* rv : under("cin_review", "cin_plan_id", plan->id)) {
      if (auto d = DateOf(*rv, "review_date")) reviews.push_back(*d);
    }
    for (const StepRecord* v : under("cin_visit", "cin_plan_id", plan->id)) {
      auto d = DateOf(*v, "visit_date");
      if (d && v->Get("seen") == "1") visits.push_back(*d);
    }
    b.Chain("cin_review", "cin_review", *plan, *start, reviews, open);
    b.Chain("cin_visit", "cin_visit", *plan, *start, visits, open);
  }

  ChildClocks out = b.Take();
  for (const DueAction& a : out.actions) {
    if (a.clock.state != clocks::ClockState::kOverdue) continue;
    if (a.timescale_id == "cp_visit" || a.timescale_id == "first_rcpc" ||
        a.timescale_id == "rcpc" || a.timescale_id == "cin_visit" ||
        a.timescale_id == "cin_review") {
      const std::string plan = a.kind == "cp_plan" ? "child protection plan " : "child in need plan ";
      out.drift.push_back(plan + std::to_string(a.record_id) + ": " + a.step +
                          " was due " + a.clock.due.ToString() + " (nothing since " +
                          a.clock.started.ToString() + ")");
    }
  }
  return out;
}

}  // namespace haven::domain
