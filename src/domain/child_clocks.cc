#include "domain/child_clocks.h"

#include <algorithm>
#include <functional>
#include <map>

#include "domain/care.h"

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
    Chain(std::vector<std::string>{first_id}, next_id, on, start, std::move(events), open);
  }
  // The same with several first rules: the first event is due by firsts[0], the second by
  // firsts[1], and so on, then every later one by `next_id`.
  void Chain(const std::vector<std::string>& firsts, const std::string& next_id,
             const StepRecord& on, Date start, std::vector<Date> events, bool open) {
    std::sort(events.begin(), events.end());
    Date from = start;
    size_t n = 0;
    auto id = [&] { return n < firsts.size() ? firsts[n] : next_id; };
    for (Date e : events) {
      Add(id(), on, from, e, open);
      from = e;
      ++n;
    }
    Add(id(), on, from, std::nullopt, open);
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
                         const clocks::WorkingCalendar& calendar,
                         std::optional<Date> date_of_birth) {
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

  for (const StepRecord* p : by_kind["person"]) {
    if (!date_of_birth && p->Get("date_of_birth")) date_of_birth = Date::Parse(*p->Get("date_of_birth"));
  }
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

  // Children looked after: reviews, health, education and visits, while in care.
  const auto placement_ends = PlacementEnds(steps);
  for (const StepRecord* period : by_kind["care_period"]) {
    const bool open = !period->Get("end_date");
    auto start = DateOf(*period, "start_date");
    if (!start) continue;
    auto in_period = [&](const std::string& kind, const std::string& field,
                         const std::function<bool(const StepRecord&)>& keep = {}) {
      std::vector<Date> out;
      for (const StepRecord* s : under(kind, "care_period_id", period->id)) {
        auto d = DateOf(*s, field);
        if (d && (!keep || keep(*s))) out.push_back(*d);
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    b.Chain(std::vector<std::string>{"first_cla_review", "second_cla_review"}, "cla_review", *period, *start,
            in_period("cla_review", "review_date"), open);
    auto peps = in_period("pep", "pep_date");
    b.Chain("pep", "pep_review", *period, *start, peps, open);
    auto kind_is = [](const char* k) {
      return [k](const StepRecord& s) { return s.Get("check_kind") == k; };
    };
    auto initial = in_period("health_check", "check_date", kind_is("initial_health_assessment"));
    std::optional<Date> first_health;
    if (!initial.empty()) first_health = initial.front();
    b.Add("initial_health_assessment", *period, *start, first_health, open);
    if (first_health) {
      // Health reviews: every 6 months under 5, every 12 from 5, counted from the last check.
      Date from = *first_health;
      for (Date d : in_period("health_check", "check_date", kind_is("health_review"))) {
        if (d <= from) continue;
        const bool under5 = date_of_birth && from < date_of_birth->AddMonths(60);
        b.Add(under5 ? "health_review_under_5" : "health_review_5_plus", *period, from, d, open);
        from = d;
      }
      const bool under5 = date_of_birth && from < date_of_birth->AddMonths(60);
      b.Add(under5 ? "health_review_under_5" : "health_review_5_plus", *period, from, std::nullopt,
            open);
    }
    // Visits: within a week of each placement, then every 6 weeks in its first year; after that
    // every 3 months where it is meant to last until 18, else still every 6 weeks. A visit
    // counts when the child is seen.
    const auto visits = in_period("cla_visit", "visit_date",
                                  [](const StepRecord& s) { return s.Get("seen") == "1"; });
    for (const StepRecord* placement : under("placement", "care_period_id", period->id)) {
      auto pstart = DateOf(*placement, "start_date");
      if (!pstart) continue;
      std::optional<Date> pend;
      if (auto e = placement_ends.find(placement->id); e != placement_ends.end() && e->second) {
        pend = Date::Parse(*e->second);
      }
      const bool current = open && !pend;
      const auto duration = placement->Get("intended_duration");
      const bool long_term = duration == "until_18" || duration == "permanent";
      Date from = *pstart;
      std::string rule = "first_cla_visit";
      for (Date v : visits) {
        if (v < *pstart || (pend && v >= *pend)) continue;
        b.Add(rule, *placement, from, v, current);
        from = v;
        rule = long_term && v >= pstart->AddMonths(12) ? "cla_visit_long_term"
                                                       : "cla_visit_first_year";
      }
      b.Add(rule, *placement, from, std::nullopt, current);
    }
  }

  // Return home interviews: offered within 72 hours of the child's return.
  for (const StepRecord* m : by_kind["missing_episode"]) {
    auto returned = DateOf(*m, "end_date");
    if (returned) b.Add("return_interview", *m, *returned, DateOf(*m, "rhi_offered_date"), true);
  }

  // Care leavers: pathway plan reviews every 6 months and personal adviser contact every 2.
  for (const StepRecord* leaver : by_kind["care_leaver"]) {
    const bool open = !leaver->Get("end_date");
    auto start = DateOf(*leaver, "start_date");
    if (!start) continue;
    std::vector<Date> reviews, contacts;
    for (const StepRecord* r : by_kind["pathway_plan_review"]) {
      if (auto d = DateOf(*r, "review_date"); d && *d >= *start) reviews.push_back(*d);
    }
    for (const StepRecord* c : by_kind["leaver_contact"]) {
      if (auto d = DateOf(*c, "contact_date"); d && *d >= *start) contacts.push_back(*d);
    }
    b.Chain("pathway_plan_review", "pathway_plan_review", *leaver, *start, reviews, open);
    b.Chain("pa_contact", "pa_contact", *leaver, *start, contacts, open);
  }

  // Adoption: the scorecard's A1 (into care to moving in with adopters) and A2 (placement order
  // to match).
  for (const StepRecord* plan : by_kind["adoption_plan"]) {
    const bool live = !plan->Get("reversed_date") && !plan->Get("adoption_order_date");
    std::optional<Date> entered;
    for (const StepRecord* period : by_kind["care_period"]) {
      auto d = DateOf(*period, "start_date");
      auto decided = DateOf(*plan, "decision_date");
      if (d && decided && *d <= *decided && (!entered || *d > *entered)) entered = d;
    }
    if (entered) b.Add("adoption_a1", *plan, *entered, DateOf(*plan, "placed_date"), live);
    if (auto order = DateOf(*plan, "placement_order_date")) {
      b.Add("adoption_a2", *plan, *order, DateOf(*plan, "match_date"), live);
    }
  }

  ChildClocks out = b.Take();
  for (const DueAction& a : out.actions) {
    if (a.clock.state != clocks::ClockState::kOverdue) continue;
    static const std::map<std::string, std::string> kDrifting = {
        {"cp_visit", "child protection plan "},   {"first_rcpc", "child protection plan "},
        {"rcpc", "child protection plan "},       {"cin_visit", "child in need plan "},
        {"cin_review", "child in need plan "},    {"first_cla_review", "period of care "},
        {"second_cla_review", "period of care "}, {"cla_review", "period of care "},
        {"first_cla_visit", "placement "},        {"cla_visit_first_year", "placement "},
        {"cla_visit_long_term", "placement "},    {"pathway_plan_review", "care leaver status "}};
    if (auto it = kDrifting.find(a.timescale_id); it != kDrifting.end()) {
      const std::string& plan = it->second;
      out.drift.push_back(plan + std::to_string(a.record_id) + ": " + a.step +
                          " was due " + a.clock.due.ToString() + " (nothing since " +
                          a.clock.started.ToString() + ")");
    }
  }
  return out;
}

}  // namespace haven::domain
