#include "domain/casework.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "common/date.h"
#include "common/validate.h"
#include "domain/care.h"
#include "domain/codes.h"
#include "domain/identifiers.h"
#include "domain/step_fields.h"

namespace haven::domain {

using F = FieldType;

namespace {
const std::vector<StepSpec>& CaseworkSteps() {
  static const std::vector<StepSpec> kSteps = {
      {"referral",
       "referrals",
       "referrals",
       "Referral (CIN episode)",
       false,
       {Ref("contact_id", "contact", "The contact it came from", false),
        Ref("team_id", "team", "The team that takes the referral"),
        DateField("referral_date", "Referral date", true),
        CodeField("source", "referral_source", "Referral source", true),
        CodeField("primary_need", "primary_need", "Primary need"),
        Flag("nfa", "No further action on the referral"),
        {"re_referral", F::kFlag, false, "", "Re-referral within 12 months", true},
        DateField("closure_date", "Closure date"),
        CodeField("closure_reason", "closure_reason", "Reason for closure")},
       "referral_date",
       "closure_date",
       true,
       {"contact_id"}},
      {"assessment",
       "assessments",
       "assessments",
       "Child and family assessment",
       true,
       {DateField("start_date", "Start date", true),
        DateField("child_seen_date", "Date the child was seen"),
        DateField("completed_date", "Date completed"),
        {"factors", F::kCodes, false, "assessment_factor", "Factors identified"},
        CodeField("outcome", "assessment_outcome", "Outcome")},
       "start_date",
       "completed_date",
       true,
       {}},
      {"strategy_discussion",
       "strategy_discussions",
       "strategy-discussions",
       "Strategy discussion",
       true,
       {DateField("discussion_date", "Date of the discussion", true),
        Text("participants", "Agencies taking part"),
        CodeField("outcome", "strategy_outcome", "Outcome")},
       "discussion_date",
       "",
       false,
       {}},
      {"s47",
       "s47_enquiries",
       "s47-enquiries",
       "Section 47 enquiry",
       true,
       {Ref("strategy_discussion_id", "strategy_discussion", "The strategy discussion it follows",
            false),
        Flag("strategy_before_records",
             "Follows a strategy discussion before the records held (migrated from another "
             "system)"),
        DateField("start_date", "Start date", true), DateField("end_date", "End date"),
        CodeField("outcome", "s47_outcome", "Outcome")},
       "start_date",
       "end_date",
       true,
       {"strategy_discussion_id"}},
      {"icpc",
       "icpcs",
       "icpcs",
       "Initial child protection conference",
       true,
       {Ref("s47_id", "s47", "The section 47 enquiry it follows"),
        DateField("conference_date", "Date of the conference", true),
        CodeField("outcome", "icpc_outcome", "Outcome")},
       "conference_date",
       "",
       false,
       {"s47_id"}},
      {"cp_plan",
       "cp_plans",
       "cp-plans",
       "Child protection plan",
       true,
       {Ref("icpc_id", "icpc", "The conference that made the plan", false),
        Flag("conference_before_records",
             "Made by a conference before the records held (migrated from another system)"),
        DateField("start_date", "Start date", true),
        CodeField("initial_category", "abuse_category", "Initial category of abuse", true),
        CodeField("latest_category", "abuse_category", "Latest category of abuse"),
        Count("plans_before_records",
              "Earlier child protection plans not in the records held (migrated)"),
        DateField("end_date", "End date"), Text("end_reason", "Reason the plan ended")},
       "start_date",
       "end_date",
       true,
       {"icpc_id", "initial_category"}},
      {"cp_review",
       "cp_reviews",
       "cp-reviews",
       "Child protection review conference",
       true,
       {Ref("cp_plan_id", "cp_plan", "The plan reviewed"),
        DateField("review_date", "Date of the review", true),
        CodeField("outcome", "review_outcome", "Outcome")},
       "review_date",
       "",
       false,
       {"cp_plan_id"},
       "cp_plan_id"},
      {"core_group",
       "core_groups",
       "core-groups",
       "Core group meeting",
       true,
       {Ref("cp_plan_id", "cp_plan", "The plan"),
        DateField("meeting_date", "Date of the meeting", true)},
       "meeting_date",
       "",
       false,
       {"cp_plan_id"},
       "cp_plan_id"},
      {"cp_visit",
       "cp_visits",
       "cp-visits",
       "Child protection visit",
       true,
       {Ref("cp_plan_id", "cp_plan", "The plan"),
        DateField("visit_date", "Date of the visit", true), Flag("seen", "The child was seen"),
        Flag("seen_alone", "The child was seen alone")},
       "visit_date",
       "",
       false,
       {"cp_plan_id"},
       "cp_plan_id"},
      {"cin_plan",
       "cin_plans",
       "cin-plans",
       "Child in need plan",
       true,
       {DateField("start_date", "Start date", true), DateField("end_date", "End date")},
       "start_date",
       "end_date",
       true,
       {}},
      {"cin_review",
       "cin_reviews",
       "cin-reviews",
       "Child in need plan review",
       true,
       {Ref("cin_plan_id", "cin_plan", "The plan reviewed"),
        DateField("review_date", "Date of the review", true)},
       "review_date",
       "",
       false,
       {"cin_plan_id"},
       "cin_plan_id"},
      {"cin_visit",
       "cin_visits",
       "cin-visits",
       "Child in need visit",
       true,
       {Ref("cin_plan_id", "cin_plan", "The plan"),
        DateField("visit_date", "Date of the visit", true), Flag("seen", "The child was seen"),
        Flag("seen_alone", "The child was seen alone")},
       "visit_date",
       "",
       false,
       {"cin_plan_id"},
       "cin_plan_id"},
      {"early_help",
       "early_help",
       "early-help",
       "Early help episode",
       false,
       {Ref("contact_id", "contact", "The contact it came from", false),
        DateField("start_date", "Start date", true), DateField("end_date", "End date"),
        Text("outcome", "Outcome")},
       "start_date",
       "end_date",
       false,
       {"contact_id"}},
      {"case_note",
       "case_notes",
       "case-notes",
       "Case note",
       false,
       {CodeField("note_type", "note_type", "Type of note", true),
        DateField("event_date", "Date of the event", true),
        Text("subject", "Subject", true),
        Text("body", "Note", true),
        {"recorded_at", F::kText, false, "", "When it was recorded", true}},
       "event_date",
       "",
       false,
       {}},
  };
  return kSteps;
}
}  // namespace

const std::vector<StepSpec>& Steps() {
  static const std::vector<StepSpec> kAll = [] {
    std::vector<StepSpec> all = CaseworkSteps();
    all.insert(all.end(), CareSteps().begin(), CareSteps().end());
    return all;
  }();
  return kAll;
}

const StepSpec* FindStep(const std::string& kind) {
  for (const auto& s : Steps()) {
    if (s.kind == kind) return &s;
  }
  return nullptr;
}

const StepSpec* FindStepByPath(const std::string& path) {
  for (const auto& s : Steps()) {
    if (s.path == path) return &s;
  }
  return nullptr;
}

const FieldSpec* FindField(const StepSpec& spec, const std::string& name) {
  for (const auto& f : spec.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::optional<std::string> StepRecord::Get(const std::string& field) const {
  auto it = values.find(field);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> StepRecord::Ref(const std::string& field) const {
  auto v = Get(field);
  if (!v || v->empty()) return std::nullopt;
  return std::stoll(*v);
}

Status CheckFieldValues(const StepSpec& spec, Values& values, bool creating) {
  for (const auto& [name, value] : values) {
    const FieldSpec* f = FindField(spec, name);
    if (f == nullptr || f->derived) {
      return InvalidArgument("a " + spec.title + " has no field '" + name + "' that can be set",
                             name);
    }
  }
  for (const FieldSpec& f : spec.fields) {
    auto it = values.find(f.name);
    if (it == values.end() || !it->second) {
      if (creating && f.required) return InvalidArgument(f.label + " is required", f.name);
      if (!creating && f.required && it != values.end()) {
        return InvalidArgument(f.label + " cannot be removed", f.name);
      }
      continue;
    }
    std::string& v = *it->second;
    switch (f.type) {
      case F::kDate:
        RETURN_IF_ERROR(ValidateDate(v, f.name));
        break;
      case F::kText:
        if (f.required && v.empty()) return InvalidArgument(f.label + " is required", f.name);
        RETURN_IF_ERROR(ValidateText(v, f.name, 20000));
        break;
      case F::kCode:
        RETURN_IF_ERROR(CheckCode(f.list, v, f.name));
        break;
      case F::kCodes: {
        std::set<std::string> codes;
        std::stringstream in(v);
        std::string code;
        while (std::getline(in, code, ',')) {
          if (code.empty()) continue;
          RETURN_IF_ERROR(CheckCode(f.list, code, f.name));
          codes.insert(code);
        }
        if (codes.count("21") != 0 && codes.size() > 1) {
          return InvalidArgument(
              "factor 21 means no factors were identified, so it cannot be "
              "recorded with others",
              f.name);
        }
        std::string joined;
        for (const auto& c : codes) joined += (joined.empty() ? "" : ",") + c;
        v = joined;
        break;
      }
      case F::kFlag:
        if (v != "0" && v != "1")
          return InvalidArgument(f.label + " must be true or false", f.name);
        break;
      case F::kMoney: {
        // Digits, then optionally a point and one or two more: stored with two decimals.
        const size_t dot = v.find('.');
        const std::string whole = v.substr(0, dot);
        const std::string pence = dot == std::string::npos ? "" : v.substr(dot + 1);
        auto digits = [](const std::string& t) {
          return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (whole.empty() || whole.size() > 7 || !digits(whole) || pence.size() > 2 ||
            !digits(pence) || (dot != std::string::npos && pence.empty())) {
          return InvalidArgument(f.label + " must be an amount in pounds, such as 650 or 650.50",
                                 f.name);
        }
        v = std::to_string(std::stoll(whole)) + "." + (pence + "00").substr(0, 2);
        break;
      }
      case F::kPostcode: {
        ASSIGN_OR_RETURN(v, NormalisePostcode(v, f.name));
        break;
      }
      case F::kCount:
        if (v.empty() || v.size() > 3 ||
            !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          return InvalidArgument(f.label + " must be a whole number from 0 to 999", f.name);
        }
        v = std::to_string(std::stoi(v));
        break;
      case F::kRef:
        if (v.empty() || v.size() > 18 ||
            !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          return InvalidArgument(f.label + " must be a record id", f.name);
        }
        break;
    }
  }
  return Status::Ok();
}

namespace {

std::optional<std::string> Value(const Values& v, const std::string& field) {
  auto it = v.find(field);
  if (it == v.end()) return std::nullopt;
  return it->second;
}

std::string Label(const StepSpec& spec, const std::string& field) {
  const FieldSpec* f = FindField(spec, field);
  return f ? f->label : field;
}

// Dates that must lie inside [from, to] of an enclosing record.
Status CheckInside(const std::string& what, const std::string& field, const std::string& date,
                   const std::string& container, const std::optional<std::string>& from,
                   const std::optional<std::string>& to) {
  if (from && date < *from) {
    return InvalidArgument(
        what + " (" + date + ") is before the " + container + " began (" + *from + ")", field);
  }
  if (to && date > *to) {
    return InvalidArgument(
        what + " (" + date + ") is after the " + container + " ended (" + *to + ")", field);
  }
  return Status::Ok();
}

// A step that follows another (`ref`) names it, unless `flag` says the other is before the records
// held (a migrated history); never both.
Status BeforeRecords(bool has_ref, const Values& values, const std::string& flag,
                     const std::string& ref, const std::string& needs) {
  const bool before = Value(values, flag) == "1";
  if (!has_ref && !before) return InvalidArgument(needs, ref);
  if (has_ref && before) {
    return InvalidArgument(
        "it cannot both name the record it follows and follow one before the "
        "records held",
        flag);
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> CheckStep(const StepSpec& spec, const Values& values,
                                           const StepContext& ctx) {
  std::vector<std::string> warnings;
  // No date in the future, and none before the child was born.
  for (const FieldSpec& f : spec.fields) {
    if (f.type != F::kDate) continue;
    auto d = Value(values, f.name);
    if (!d) continue;
    if (*d > ctx.today) return InvalidArgument(f.label + " is in the future", f.name);
    if (ctx.date_of_birth && !ctx.unborn && *d < *ctx.date_of_birth) {
      return InvalidArgument(f.label + " is before the child was born (" + *ctx.date_of_birth + ")",
                             f.name);
    }
  }
  const auto start = Value(values, spec.date_field);
  if (!spec.end_field.empty()) {
    auto end = Value(values, spec.end_field);
    if (start && end && *end < *start) {
      return InvalidArgument(Label(spec, spec.end_field) + " (" + *end + ") is before " +
                                 Label(spec, spec.date_field) + " (" + *start + ")",
                             spec.end_field);
    }
  }
  // Inside the referral it belongs to.
  if (spec.under_referral && ctx.referral != nullptr && start) {
    RETURN_IF_ERROR(CheckInside(spec.title, spec.date_field, *start, "referral",
                                ctx.referral->Get("referral_date"),
                                ctx.referral->Get("closure_date")));
  }
  // After the record it follows, and inside it if that record lasts.
  for (const auto& [field, parent] : ctx.refs) {
    const StepSpec* pspec = FindStep(parent->kind);
    if (pspec == nullptr || !start) continue;
    const auto pstart = parent->Get(pspec->date_field);
    const auto pend = pspec->end_field.empty() ? std::nullopt : parent->Get(pspec->end_field);
    const bool lasting = !pspec->end_field.empty() && spec.inside == field;
    RETURN_IF_ERROR(CheckInside(spec.title, spec.date_field, *start, pspec->title, pstart,
                                lasting ? pend : std::nullopt));
  }
  // Everything that hangs from this record must still fit inside it.
  for (const StepRecord* d : ctx.dependants) {
    const StepSpec* dspec = FindStep(d->kind);
    if (dspec == nullptr) continue;
    auto ddate = d->Get(dspec->date_field);
    if (!ddate) continue;
    if (start && *ddate < *start) {
      return InvalidArgument(Label(spec, spec.date_field) + " (" + *start +
                                 ") would be after the " + dspec->title + " of " + *ddate +
                                 " that belongs to it",
                             spec.date_field);
    }
    auto end = spec.end_field.empty() ? std::nullopt : Value(values, spec.end_field);
    const FieldSpec* holder = dspec->inside.empty() ? nullptr : FindField(*dspec, dspec->inside);
    const bool must_fit =
        spec.kind == "referral" || (holder != nullptr && holder->list == spec.kind);
    if (end && must_fit && *ddate > *end) {
      return InvalidArgument(Label(spec, spec.end_field) + " (" + *end + ") is before the " +
                                 dspec->title + " of " + *ddate + " that belongs to it",
                             spec.end_field);
    }
    // A referral closes only when its plans and enquiries have ended.
    if (spec.kind == "referral" && end && !dspec->end_field.empty() &&
        dspec->kind != "assessment" && !d->Get(dspec->end_field)) {
      return InvalidArgument("end the " + dspec->title + " (id " + std::to_string(d->id) +
                                 ") before closing the referral",
                             "closure_date");
    }
  }

  // Rules particular to one kind of step.
  if (spec.kind == "referral") {
    const bool closed = Value(values, "closure_date").has_value();
    const bool reason = Value(values, "closure_reason").has_value();
    if (closed && !reason) {
      return InvalidArgument("give the reason for closure (RC code)", "closure_reason");
    }
    if (reason && !closed) {
      return InvalidArgument("a reason for closure needs a closure date", "closure_date");
    }
    if (closed && !Value(values, "primary_need")) {
      warnings.push_back(
          "the referral closes without a primary need code; the CIN census needs one");
    }
  } else if (spec.kind == "assessment") {
    auto seen = Value(values, "child_seen_date");
    auto done = Value(values, "completed_date");
    if (ctx.referral != nullptr && seen) {
      auto rdate = ctx.referral->Get("referral_date");
      if (rdate && *seen < *rdate) {
        return InvalidArgument(
            "the child was seen (" + *seen + ") before the referral (" + *rdate + ")",
            "child_seen_date");
      }
    }
    if (done && seen && *seen > *done) {
      warnings.push_back("the child was seen after the assessment was completed");
    }
    if (done && !seen)
      warnings.push_back(
          "the assessment is completed but the child is not "
          "recorded as seen");
    if (done && !Value(values, "factors")) {
      warnings.push_back("no factors are recorded; use 21 if none were identified");
    }
  } else if (spec.kind == "s47") {
    auto sd = ctx.refs.find("strategy_discussion_id");
    RETURN_IF_ERROR(BeforeRecords(sd != ctx.refs.end(), values, "strategy_before_records",
                                  "strategy_discussion_id",
                                  "a section 47 enquiry follows a strategy discussion"));
    if (sd != ctx.refs.end()) {
      auto outcome = sd->second->Get("outcome");
      if (outcome && *outcome != "s47") {
        warnings.push_back("the strategy discussion did not decide on a section 47 enquiry (" +
                           *outcome + ")");
      }
    }
  } else if (spec.kind == "icpc") {
    auto s47 = ctx.refs.find("s47_id");
    if (s47 == ctx.refs.end()) {
      return InvalidArgument(
          "an initial child protection conference needs the section 47 "
          "enquiry it follows",
          "s47_id");
    }
    auto outcome = s47->second->Get("outcome");
    if (outcome && *outcome != "icpc") {
      return InvalidArgument(
          "the section 47 enquiry did not lead to a conference (outcome " + *outcome + ")",
          "s47_id");
    }
  } else if (spec.kind == "cp_plan") {
    auto icpc = ctx.refs.find("icpc_id");
    RETURN_IF_ERROR(BeforeRecords(icpc != ctx.refs.end(), values, "conference_before_records",
                                  "icpc_id",
                                  "a child protection plan needs the conference that made it"));
    if (icpc == ctx.refs.end()) return warnings;
    auto outcome = icpc->second->Get("outcome");
    if (outcome && *outcome != "cp_plan") {
      return InvalidArgument(
          "the conference did not make a child protection plan (outcome " + *outcome + ")",
          "icpc_id");
    }
    if (start && icpc->second->Get("conference_date") != start) {
      warnings.push_back("a plan usually starts on the day of the conference that makes it");
    }
    if (Value(values, "end_date") && !Value(values, "end_reason")) {
      return InvalidArgument("say why the plan ended", "end_reason");
    }
  } else if (spec.kind == "cp_visit" || spec.kind == "cin_visit" || spec.kind == "cla_visit") {
    if (Value(values, "seen_alone") == "1" && Value(values, "seen") != "1") {
      return InvalidArgument("a child seen alone was seen: set seen as well", "seen_alone");
    }
    if (Value(values, "seen") != "1") warnings.push_back("the child was not seen on this visit");
  } else if (spec.kind == "case_note") {
    auto recorded = Value(values, "recorded_at");
    if (start && recorded) {
      auto event = Date::Parse(*start);
      auto rec = Date::Parse(recorded->substr(0, 10));
      if (event && rec && rec->AddDays(-7) > *event) {
        warnings.push_back("recorded more than a week after the event");
      }
    }
  }
  RETURN_IF_ERROR(CheckCareStep(spec, values, warnings));
  return warnings;
}

Status CheckAuthorisable(const StepSpec& spec, const Values& values) {
  if (!spec.needs_authorisation) {
    return FailedPrecondition("a " + spec.title + " does not need authorising");
  }
  if (spec.kind == "referral" && !Value(values, "closure_date")) {
    return FailedPrecondition("a referral is authorised when it closes: record the closure first",
                              "closure_date");
  }
  if (spec.kind == "assessment") {
    if (!Value(values, "completed_date")) {
      return FailedPrecondition("complete the assessment before it is authorised",
                                "completed_date");
    }
    if (!Value(values, "outcome")) {
      return FailedPrecondition("record the outcome before the assessment is authorised",
                                "outcome");
    }
  }
  if (spec.kind == "s47" && (!Value(values, "end_date") || !Value(values, "outcome"))) {
    return FailedPrecondition("record the end date and outcome of the enquiry first", "outcome");
  }
  return Status::Ok();
}

bool IsReReferral(const std::string& date, const std::vector<std::string>& earlier) {
  auto d = Date::Parse(date);
  if (!d) return false;
  const std::string window_start = d->AddMonths(-12).ToString();
  return std::any_of(earlier.begin(), earlier.end(),
                     [&](const std::string& e) { return e < date && e >= window_start; });
}

std::string CaseType(const std::vector<StepRecord>& steps) {
  auto open = [&](const std::string& kind, const std::string& end_field) {
    return std::any_of(steps.begin(), steps.end(),
                       [&](const StepRecord& s) { return s.kind == kind && !s.Get(end_field); });
  };
  if (open("cp_plan", "end_date")) return "cp";
  if (open("cin_plan", "end_date")) return "cin";
  if (open("referral", "closure_date")) return "assessment";
  if (open("early_help", "end_date")) return "early_help";
  return "none";
}

double CaseWeight(const std::string& case_type) {
  static const std::map<std::string, double> kWeights = {
      {"cp", 1.5}, {"cin", 1.0}, {"assessment", 1.0}, {"early_help", 0.5}, {"none", 0.5}};
  auto it = kWeights.find(case_type);
  return it == kWeights.end() ? 1.0 : it->second;
}

}  // namespace haven::domain
