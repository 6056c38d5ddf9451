#include "clocks/timescales.h"

namespace haven::clocks {

std::string_view UnitName(Unit u) {
  switch (u) {
    case Unit::kWorkingDays: return "working days";
    case Unit::kDays: return "days";
    case Unit::kWeeks: return "weeks";
    case Unit::kMonths: return "months";
  }
  return "days";
}

const std::vector<Timescale>& DefaultTimescales() {
  using U = Unit;
  static const std::vector<Timescale> kRules = {
      {"contact_decision", "decision on a contact, and feedback to the referrer", "contact received",
       U::kWorkingDays, 1, "Working Together to Safeguard Children 2023", false},
      {"assessment", "child and family assessment completed", "referral", U::kWorkingDays, 45,
       "Working Together 2023", false},
      {"icpc", "initial child protection conference", "strategy discussion (the last, where several)",
       U::kWorkingDays, 15, "Working Together 2023", false},
      {"first_core_group", "first core group", "initial child protection conference",
       U::kWorkingDays, 10, "Working Together 2023", false},
      {"first_rcpc", "first child protection review conference", "initial child protection conference",
       U::kMonths, 3, "Working Together 2023", false},
      {"rcpc", "next child protection review conference", "previous review conference", U::kMonths,
       6, "Working Together 2023", false},
      {"cp_visit", "child protection visit", "previous visit or plan start", U::kWorkingDays, 10,
       "local procedures", true},
      // Child in need plans have no national frequency; these are common local standards.
      {"cin_visit", "child in need visit", "previous visit or plan start", U::kWorkingDays, 20,
       "local procedures", true},
      {"cin_review", "child in need plan review", "previous review or plan start", U::kMonths, 3,
       "local procedures", true},
      {"cla_care_plan", "care plan", "first placement", U::kWorkingDays, 10,
       "Care Planning Regulations 2010 reg 4(2)", false},
      {"placement_plan", "placement plan", "placement start", U::kWorkingDays, 5,
       "Care Planning Regulations 2010 reg 9(2)", false},
      {"first_cla_review", "first looked-after review", "coming into care", U::kWorkingDays, 20,
       "Care Planning Regulations 2010 reg 33", false},
      {"second_cla_review", "second looked-after review", "first review", U::kMonths, 3,
       "Care Planning Regulations 2010 reg 33", false},
      {"cla_review", "next looked-after review", "previous review", U::kMonths, 6,
       "Care Planning Regulations 2010 reg 33", false},
      {"first_cla_visit", "first statutory visit", "placement start", U::kWeeks, 1,
       "Care Planning Regulations 2010 reg 28", false},
      {"cla_visit_first_year", "statutory visit in the first year of a placement", "previous visit",
       U::kWeeks, 6, "Care Planning Regulations 2010 reg 28", false},
      {"cla_visit_long_term", "statutory visit in a long-term placement after its first year",
       "previous visit", U::kMonths, 3, "Care Planning Regulations 2010 reg 28", false},
      {"health_review_under_5", "health assessment review, child under 5", "previous assessment",
       U::kMonths, 6, "Care Planning Regulations 2010 reg 7", false},
      {"health_review_5_plus", "health assessment review, child 5 or over", "previous assessment",
       U::kMonths, 12, "Care Planning Regulations 2010 reg 7", false},
      {"pep", "personal education plan started", "coming into care", U::kWorkingDays, 10,
       "statutory guidance on promoting the education of looked-after children", false},
      // "Reviewed each term": three terms a year, so at most about four months apart.
      {"pep_review", "personal education plan review (each term)", "previous plan or review",
       U::kMonths, 4, "statutory guidance on promoting the education of looked-after children",
       false},
      // In time for the first review: the same 20 working days.
      {"initial_health_assessment", "initial health assessment", "coming into care",
       U::kWorkingDays, 20, "statutory guidance on promoting the health of looked-after children",
       false},
      {"return_interview", "return home interview offered", "return from missing", U::kDays, 3,
       "statutory guidance on children who run away or go missing (72 hours)", false},
      {"pathway_plan_review", "pathway plan review", "previous review", U::kMonths, 6,
       "Care Leavers (England) Regulations 2010", false},
      {"pa_contact", "personal adviser contact", "previous contact", U::kMonths, 2,
       "Care Leavers (England) Regulations 2010", false},
      {"care_proceedings", "care proceedings finished", "application to court", U::kWeeks, 26,
       "Children Act 1989 s32", false},
      {"adoption_a1", "child moves in with adopters", "entering care", U::kMonths, 14,
       "DfE adoption scorecard A1", false},
      {"adoption_a2", "match with adopters", "placement order", U::kMonths, 4,
       "DfE adoption scorecard A2", false},
  };
  return kRules;
}

Timescales::Timescales(std::vector<Timescale> rules) : rules_(std::move(rules)) {}

Result<Timescale> Timescales::Find(const std::string& id) const {
  for (const auto& r : rules_) {
    if (r.id == id) return r;
  }
  return NotFound("no timescale called '" + id + "'");
}

Status Timescales::SetLocalStandard(const std::string& id, int amount) {
  for (auto& r : rules_) {
    if (r.id != id) continue;
    if (!r.local) {
      return FailedPrecondition("'" + r.step + "' is a statutory timescale and cannot be changed",
                                "id");
    }
    if (amount < 1 || amount > 366) {
      return InvalidArgument("a local standard must be from 1 to 366 " +
                                 std::string(UnitName(r.unit)),
                             "amount");
    }
    r.amount = amount;
    return Status::Ok();
  }
  return NotFound("no timescale called '" + id + "'");
}

Date DueDate(const Timescale& rule, Date start, const WorkingCalendar& calendar) {
  switch (rule.unit) {
    case Unit::kWorkingDays: return calendar.AddWorkingDays(start, rule.amount);
    case Unit::kDays: return start.AddDays(rule.amount);
    case Unit::kWeeks: return start.AddDays(7 * rule.amount);
    case Unit::kMonths: return start.AddMonths(rule.amount);
  }
  return start;
}

std::string_view ClockStateName(ClockState s) {
  switch (s) {
    case ClockState::kDue: return "due";
    case ClockState::kOverdue: return "overdue";
    case ClockState::kMet: return "met";
    case ClockState::kMetLate: return "met_late";
  }
  return "due";
}

Clock Evaluate(const Timescale& rule, Date started, std::optional<Date> completed, Date today,
               const WorkingCalendar& calendar) {
  Clock c;
  c.timescale_id = rule.id;
  c.started = started;
  c.due = DueDate(rule, started, calendar);
  c.completed = completed;
  if (completed) {
    c.state = *completed <= c.due ? ClockState::kMet : ClockState::kMetLate;
    c.working_days_left = calendar.WorkingDaysBetween(*completed, c.due);
  } else {
    c.state = today <= c.due ? ClockState::kDue : ClockState::kOverdue;
    c.working_days_left = calendar.WorkingDaysBetween(today, c.due);
  }
  return c;
}

}  // namespace haven::clocks
