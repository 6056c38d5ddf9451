#include "domain/care.h"

#include <algorithm>
#include <map>
#include <set>

#include "domain/step_fields.h"

namespace haven::domain {

const std::vector<StepSpec>& CareSteps() {
  const FieldSpec period = Ref("care_period_id", "care_period", "The period of care");
  static const std::vector<StepSpec> kSteps = {
      {"care_period",
       "care_periods",
       "care-periods",
       "Period of care",
       false,
       {DateField("start_date", "Date the child came into care", true),
        CodeField("category_of_need", "cla_need", "Category of need", true),
        Postcode("home_postcode", "Postcode of the child's home when they came into care"),
        DateField("end_date", "Date the child left care"),
        CodeField("reason_ended", "episode_ceased", "Reason care ended"),
        CodeField("continued_episode", "continued_episode",
                  "For care that began before the records held (migrated from another system): "
                  "why the first episode held began")},
       "start_date",
       "end_date",
       false,
       {}},
      {"legal_status",
       "legal_statuses",
       "legal-statuses",
       "Legal status",
       false,
       {period, DateField("start_date", "Date the legal status began", true),
        CodeField("legal_status", "legal_status", "Legal status", true)},
       "start_date",
       "",
       false,
       {"care_period_id"},
       "care_period_id"},
      {"placement",
       "placements",
       "placements",
       "Placement",
       false,
       {period,
        DateField("start_date", "Start date", true),
        CodeField("placement_type", "placement_type", "Placement type", true),
        CodeField("provider", "placement_provider", "Placement provider"),
        CodeField("carer_kind", "carer_kind", "Carer or provider", true),
        Text("carer_name", "Carer, agency or home"),
        Text("urn", "Ofsted unique reference number of the home or agency"),
        Flag("same_carer", "The same carers as the placement before"),
        Text("address", "Address"),
        Postcode("postcode", "Postcode of the placement"),
        CodeField("intended_duration", "intended_duration", "Intended duration"),
        Money("weekly_cost_social_care", "Weekly cost to social care"),
        Money("weekly_cost_education", "Weekly cost to education"),
        Money("weekly_cost_health", "Weekly cost to health"),
        CodeField("payer", "payer", "Who pays"),
        CodeField("change_reason", "placement_change_reason",
                  "Why the child moved here from the placement before")},
       "start_date",
       "",
       false,
       {"care_period_id"},
       "care_period_id"},
      {"uasc_status",
       "uasc_statuses",
       "uasc-statuses",
       "Unaccompanied asylum-seeking child",
       false,
       {DateField("start_date", "Date recorded as unaccompanied asylum-seeking", true),
        DateField("end_date", "Date the status ended")},
       "start_date",
       "end_date",
       false,
       {}},
      {"cla_review",
       "cla_reviews",
       "cla-reviews",
       "Looked-after review",
       false,
       {period, DateField("review_date", "Date of the review", true),
        CodeField("participation", "review_participation", "The child's participation", true)},
       "review_date",
       "",
       false,
       {"care_period_id"},
       "care_period_id"},
      {"cla_visit",
       "cla_visits",
       "cla-visits",
       "Statutory visit",
       false,
       {period, DateField("visit_date", "Date of the visit", true),
        Flag("seen", "The child was seen"), Flag("seen_alone", "The child was seen alone")},
       "visit_date",
       "",
       false,
       {"care_period_id"},
       "care_period_id"},
      {"health_check",
       "health_checks",
       "health-checks",
       "Health check",
       false,
       {period, CodeField("check_kind", "health_check_kind", "Kind of check", true),
        DateField("check_date", "Date of the check", true)},
       "check_date",
       "",
       false,
       {"care_period_id"},
       "care_period_id"},
      {"sdq",
       "sdq_scores",
       "sdq-scores",
       "Strengths and difficulties questionnaire",
       false,
       {DateField("sdq_date", "Date of the questionnaire", true),
        Count("score", "Total difficulties score (0 to 40)"),
        CodeField("no_score_reason", "sdq_reason", "Why there is no score")},
       "sdq_date",
       "",
       false,
       {}},
      {"substance_misuse",
       "substance_misuse",
       "substance-misuse",
       "Substance misuse",
       false,
       {DateField("identified_date", "Date the problem was identified", true),
        Flag("intervention_offered", "An intervention was offered"),
        Flag("intervention_received", "An intervention was received")},
       "identified_date",
       "",
       false,
       {}},
      {"conviction",
       "convictions",
       "convictions",
       "Conviction or final warning",
       false,
       {DateField("conviction_date", "Date", true), Text("detail", "Detail")},
       "conviction_date",
       "",
       false,
       {}},
      {"pep",
       "peps",
       "peps",
       "Personal education plan",
       false,
       {period, DateField("pep_date", "Date of the plan or its review", true),
        Flag("review", "A review of an existing plan")},
       "pep_date",
       "",
       false,
       {"care_period_id"},
       "care_period_id"},
      {"missing_episode",
       "missing_episodes",
       "missing-episodes",
       "Missing or away from placement",
       false,
       {CodeField("missing_kind", "missing_kind", "Missing or away", true),
        DateField("start_date", "Date it began", true), DateField("end_date", "Date of return"),
        DateField("rhi_offered_date", "Date a return home interview was offered"),
        Flag("rhi_accepted", "The return home interview was accepted")},
       "start_date",
       "end_date",
       false,
       {}},
      {"care_leaver",
       "care_leavers",
       "care-leaver-status",
       "Care leaver status",
       false,
       {CodeField("eligibility", "leaver_eligibility", "Eligibility", true),
        DateField("start_date", "From", true), DateField("end_date", "Until"),
        Text("personal_adviser", "Personal adviser")},
       "start_date",
       "end_date",
       false,
       {}},
      {"pathway_plan_review",
       "pathway_plan_reviews",
       "pathway-plan-reviews",
       "Pathway plan review",
       false,
       {DateField("review_date", "Date of the review", true)},
       "review_date",
       "",
       false,
       {}},
      {"leaver_contact",
       "leaver_contacts",
       "leaver-contacts",
       "Care leaver contact",
       false,
       {DateField("contact_date", "Date of the contact", true),
        CodeField("in_touch", "in_touch", "In touch", true),
        CodeField("activity", "leaver_activity", "Main activity"),
        CodeField("accommodation", "leaver_accommodation", "Accommodation")},
       "contact_date",
       "",
       false,
       {}},
      {"staying_put",
       "staying_put",
       "staying-put",
       "Staying put",
       false,
       {DateField("start_date", "Start date", true), DateField("end_date", "End date")},
       "start_date",
       "end_date",
       false,
       {}},
      {"adoption_plan",
       "adoption_plans",
       "adoption-plans",
       "Plan for adoption",
       false,
       {DateField("decision_date", "Date of the decision that the child should be placed for adoption",
                  true),
        DateField("placement_order_date", "Date of the placement order"),
        DateField("match_date", "Date matched with adopters"),
        DateField("placed_date", "Date placed for adoption"),
        DateField("adoption_order_date", "Date of the adoption order"),
        Flag("fostering_for_adoption", "Fostering for adoption"),
        Flag("adopted_by_foster_carers", "Adopted by the child's foster carers"),
        Count("adopters", "Number of adopters"),
        CodeField("adopters_sex", "adopter_sex", "Adopters' sex"),
        CodeField("adopters_legal_status", "adopter_legal_status", "Adopters' legal status"),
        DateField("reversed_date", "Date the decision was reversed"),
        CodeField("reversed_reason", "placed_ceased_reason", "Why the decision was reversed")},
       "decision_date",
       "adoption_order_date",
       true,
       {}},
      {"previous_permanence",
       "previous_permanence",
       "previous-permanence",
       "Previous permanence",
       false,
       {CodeField("order_kind", "previous_permanence", "Order", true),
        DateField("order_date", "Date of the order"),
        Text("authority", "Authority that made the arrangement")},
       "order_date",
       "",
       false,
       {}},
      {"adopter_approval",
       "adopter_approvals",
       "adopter-approvals",
       "Adopter's journey",
       false,
       {DateField("enquiry_date", "Date of enquiry", true),
        DateField("approval_date", "Date approved"), DateField("match_date", "Date matched"),
        DateField("placement_date", "Date a child was placed"),
        DateField("withdrawn_date", "Date withdrew or approval ended")},
       "enquiry_date",
       "withdrawn_date",
       false,
       {}},
      {"dolo",
       "deprivation_of_liberty_orders",
       "deprivation-of-liberty-orders",
       "Deprivation of liberty order",
       false,
       {DateField("start_date", "Date the order began", true),
        DateField("end_date", "Date the order ended")},
       "start_date",
       "end_date",
       false,
       {}},
  };
  return kSteps;
}

bool IsFosterPlacement(const std::string& place) {
  return place.size() == 2 && place[0] == 'U' && place[1] >= '1' && place[1] <= '6';
}

bool IsAdoptionPlacement(const std::string& place) {
  return place.size() == 2 && place[0] == 'A' && place[1] >= '3' && place[1] <= '6';
}

namespace {

std::string Get(const StepRecord& r, const std::string& field) {
  return r.Get(field).value_or("");
}

std::optional<std::string> Value(const Values& v, const std::string& field) {
  auto it = v.find(field);
  return it == v.end() ? std::nullopt : it->second;
}

// Ofsted URNs: SC and six digits for children's homes, or six or seven digits.
bool IsUrn(const std::string& urn) {
  auto digits = [](const std::string& t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (urn == "XXXXXXX") return true;  // a provider Ofsted does not inspect
  if (urn.size() == 8 && urn.rfind("SC", 0) == 0) return digits(urn.substr(2));
  return (urn.size() == 6 || urn.size() == 7) && digits(urn);
}

// Each later date, when present, is on or after each earlier one.
Status InOrder(const Values& v, const std::vector<std::string>& fields) {
  std::optional<std::string> last;
  std::string last_field;
  for (const auto& f : fields) {
    auto d = Value(v, f);
    if (!d) continue;
    if (last && *d < *last) {
      return InvalidArgument(f + " (" + *d + ") is before " + last_field + " (" + *last + ")", f);
    }
    last = d;
    last_field = f;
  }
  return Status::Ok();
}

}  // namespace

std::map<int64_t, std::optional<std::string>> PlacementEnds(const std::vector<StepRecord>& steps) {
  std::map<int64_t, std::optional<std::string>> out;
  std::map<int64_t, std::optional<std::string>> period_end;
  std::map<int64_t, std::vector<const StepRecord*>> by_period;
  for (const auto& s : steps) {
    if (s.kind == "care_period") period_end[s.id] = s.Get("end_date");
    if (s.kind == "placement") by_period[s.Ref("care_period_id").value_or(0)].push_back(&s);
  }
  for (auto& [period, list] : by_period) {
    std::sort(list.begin(), list.end(), [](const StepRecord* a, const StepRecord* b) {
      return Get(*a, "start_date") < Get(*b, "start_date");
    });
    for (size_t i = 0; i < list.size(); ++i) {
      out[list[i]->id] =
          i + 1 < list.size() ? list[i + 1]->Get("start_date") : period_end[period];
    }
  }
  return out;
}

bool ShapesEpisodes(const std::string& kind) {
  return kind == "care_period" || kind == "legal_status" || kind == "placement";
}

Status CheckCareStep(const StepSpec& spec, const Values& v, std::vector<std::string>& warnings) {
  const std::string& kind = spec.kind;
  if (kind == "care_period") {
    if (Value(v, "end_date") && !Value(v, "reason_ended")) {
      return InvalidArgument("give the reason care ended", "reason_ended");
    }
    if (Value(v, "reason_ended") && !Value(v, "end_date")) {
      return InvalidArgument("a reason care ended needs the date it ended", "end_date");
    }
    if (!Value(v, "home_postcode")) {
      warnings.push_back("no home postcode: the SSDA903 return needs it");
    }
  } else if (kind == "placement") {
    const std::string place = Value(v, "placement_type").value_or("");
    const std::string carer = Value(v, "carer_kind").value_or("");
    const std::string provider = Value(v, "provider").value_or("");
    auto urn = Value(v, "urn");
    if (urn && !IsUrn(*urn)) {
      return InvalidArgument("an Ofsted URN is SC and six digits, or six or seven digits, or "
                             "XXXXXXX for a provider Ofsted does not inspect",
                             "urn");
    }
    if ((carer == "childrens_home" || place == "K1" || place == "K2") && !urn) {
      return InvalidArgument("a children's home placement needs the home's Ofsted URN", "urn");
    }
    if (IsFosterPlacement(place) && (carer == "childrens_home" || carer == "adopters")) {
      return InvalidArgument("a foster placement (" + place + ") needs foster carers, not " + carer,
                             "carer_kind");
    }
    const bool temporary = place.size() == 2 && place[0] == 'T';
    const bool other = place.size() == 3 && place.rfind("Z1", 0) == 0;
    if ((temporary || other) && !provider.empty()) {
      return InvalidArgument("a temporary or other placement (" + place + ") has no provider",
                             "provider");
    }
    if (!temporary && !other && provider.empty()) {
      return InvalidArgument("the placement provider is required", "provider");
    }
    if ((place == "P1") != (provider == "PR0")) {
      return InvalidArgument("a placement with parents (P1) is provided by them (PR0), and only it",
                             "provider");
    }
    if (!Value(v, "intended_duration")) {
      warnings.push_back("no intended duration: the visiting standard assumes it is not long term");
    }
    if (!Value(v, "postcode") && place != "P1") {
      warnings.push_back("no placement postcode: the SSDA903 return needs it");
    }
  } else if (kind == "sdq") {
    const bool score = Value(v, "score").has_value();
    const bool reason = Value(v, "no_score_reason").has_value();
    if (score == reason) {
      return InvalidArgument("record either the score or the reason there is none", "score");
    }
    if (score && std::stoi(*Value(v, "score")) > 40) {
      return InvalidArgument("an SDQ total difficulties score is from 0 to 40", "score");
    }
  } else if (kind == "missing_episode") {
    auto offered = Value(v, "rhi_offered_date");
    if (Value(v, "rhi_accepted") == "1" && !offered) {
      return InvalidArgument("an accepted return home interview was offered: give the date",
                             "rhi_offered_date");
    }
    if (offered && !Value(v, "end_date")) {
      return InvalidArgument("a return home interview is offered after the child returns: "
                             "record the date of return",
                             "end_date");
    }
    RETURN_IF_ERROR(InOrder(v, {"start_date", "end_date", "rhi_offered_date"}));
  } else if (kind == "adoption_plan") {
    RETURN_IF_ERROR(InOrder(v, {"decision_date", "match_date", "placed_date",
                                "adoption_order_date"}));
    if (Value(v, "reversed_date") && !Value(v, "reversed_reason")) {
      return InvalidArgument("say why the decision was reversed", "reversed_reason");
    }
    if (Value(v, "reversed_date") && Value(v, "adoption_order_date")) {
      return InvalidArgument("a decision reversed cannot also end in an adoption order",
                             "reversed_date");
    }
    if (Value(v, "reversed_date") && *Value(v, "reversed_date") < *Value(v, "decision_date")) {
      return InvalidArgument("the decision was reversed before it was made", "reversed_date");
    }
    if (auto n = Value(v, "adopters"); n && *n != "1" && *n != "2") {
      return InvalidArgument("one or two adopters", "adopters");
    }
  } else if (kind == "adopter_approval") {
    RETURN_IF_ERROR(
        InOrder(v, {"enquiry_date", "approval_date", "match_date", "placement_date"}));
  }
  return Status::Ok();
}

Result<std::vector<Episode>> DeriveEpisodes(const std::vector<StepRecord>& steps) {
  std::vector<const StepRecord*> periods;
  std::map<int64_t, std::vector<const StepRecord*>> statuses, placements;
  for (const auto& s : steps) {
    if (s.kind == "care_period") periods.push_back(&s);
    if (s.kind == "legal_status") statuses[s.Ref("care_period_id").value_or(0)].push_back(&s);
    if (s.kind == "placement") placements[s.Ref("care_period_id").value_or(0)].push_back(&s);
  }
  auto by = [](const std::string& field) {
    return [field](const StepRecord* a, const StepRecord* b) {
      const auto da = Get(*a, field), db = Get(*b, field);
      return da != db ? da < db : a->id < b->id;
    };
  };
  std::sort(periods.begin(), periods.end(), by("start_date"));

  std::vector<Episode> out;
  std::optional<std::string> previous_end;
  bool previous_open = false;
  for (const StepRecord* period : periods) {
    const std::string start = Get(*period, "start_date");
    const auto end = period->Get("end_date");
    if (end && *end <= start) {
      return InvalidArgument("care must last at least a day: it cannot end the day it began",
                             "end_date");
    }
    if (previous_open || (previous_end && start < *previous_end)) {
      return InvalidArgument("period of care " + std::to_string(period->id) + " begins on " +
                                 start + ", before the previous period ended",
                             "start_date");
    }
    previous_end = end;
    previous_open = !end;

    auto& ls = statuses[period->id];
    auto& pl = placements[period->id];
    std::sort(ls.begin(), ls.end(), by("start_date"));
    std::sort(pl.begin(), pl.end(), by("start_date"));
    if (ls.empty() || Get(*ls.front(), "start_date") != start) {
      return InvalidArgument("period of care " + std::to_string(period->id) + " needs a legal " +
                                 "status from its first day (" + start + ")",
                             "legal_status");
    }
    if (pl.empty() || Get(*pl.front(), "start_date") != start) {
      return InvalidArgument("period of care " + std::to_string(period->id) + " needs a " +
                                 "placement from its first day (" + start + ")",
                             "placement_type");
    }
    auto temporary = [&](const StepRecord* p) { return Get(*p, "placement_type")[0] == 'T'; };
    if (temporary(pl.front())) {
      return InvalidArgument("care cannot begin with a temporary placement (T0-T4)",
                             "placement_type");
    }
    if (end && temporary(pl.back())) {
      return InvalidArgument("care cannot end in a temporary placement (T0-T4)", "end_date");
    }
    for (const StepRecord* s : ls) {
      const auto d = Get(*s, "start_date");
      if (end && d >= *end && d != start) {
        return InvalidArgument("legal status " + std::to_string(s->id) + " begins on " + d +
                                   ", after the period of care ended",
                               "start_date");
      }
    }
    // A placement lasts until the next begins, or until care ends: so there is never a gap or
    // an overlap, but two cannot begin on one day, and none after care ended.
    for (size_t i = 0; i < pl.size(); ++i) {
      const auto d = Get(*pl[i], "start_date");
      if (i + 1 < pl.size() && Get(*pl[i + 1], "start_date") == d) {
        return InvalidArgument("two placements (" + std::to_string(pl[i]->id) + " and " +
                                   std::to_string(pl[i + 1]->id) + ") begin on " + d,
                               "start_date");
      }
      if (end && d >= *end && d != start) {
        return InvalidArgument("placement " + std::to_string(pl[i]->id) + " begins on " + d +
                                   ", after care ended on " + *end,
                               "start_date");
      }
    }

    // Every date on which the legal status or the placement changes starts an episode.
    std::set<std::string> changes;
    for (const StepRecord* s : ls) changes.insert(Get(*s, "start_date"));
    for (const StepRecord* p : pl) changes.insert(Get(*p, "start_date"));
    const size_t first = out.size();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
      const std::string& d = *it;
      const StepRecord* status = nullptr;
      bool status_changed = false;
      for (const StepRecord* s : ls) {
        if (Get(*s, "start_date") <= d) status = s;
        if (Get(*s, "start_date") == d) status_changed = true;
      }
      const StepRecord* placement = nullptr;
      for (const StepRecord* p : pl) {
        if (Get(*p, "start_date") <= d) placement = p;
      }
      const bool placement_changed = Get(*placement, "start_date") == d;
      const bool same_carer = placement->Get("same_carer") == "1";
      Episode e;
      e.decom = d;
      if (d == start) {
        e.rne = period->Get("continued_episode").value_or("S");
      } else if (status_changed && placement_changed) {
        e.rne = same_carer ? "U" : "B";
      } else if (placement_changed) {
        e.rne = same_carer ? "T" : "P";
      } else {
        e.rne = "L";
      }
      e.ls = Get(*status, "legal_status");
      e.cin = Get(*period, "category_of_need");
      e.place = Get(*placement, "placement_type");
      e.place_provider = Get(*placement, "provider");
      e.home_post = period->Get("home_postcode");
      e.pl_post = placement->Get("postcode");
      e.urn = placement->Get("urn");
      e.period_id = period->id;
      e.legal_status_id = status->id;
      e.placement_id = placement->id;
      auto next = std::next(it);
      if (next != changes.end()) {
        e.dec = *next;
        e.rec = "X1";
      } else if (end) {
        e.dec = *end;
        e.rec = period->Get("reason_ended");
      }
      out.push_back(std::move(e));
    }
    // The reason for a move is recorded on the new placement; the return carries it on the
    // episode that ends with the move, except around temporary moves (T0-T4).
    auto is_temporary = [](const std::string& place) { return !place.empty() && place[0] == 'T'; };
    for (size_t i = first; i + 1 < out.size(); ++i) {
      if (is_temporary(out[i].place) || is_temporary(out[i + 1].place)) continue;
      if (out[i + 1].placement_id != out[i].placement_id) {
        for (const StepRecord* p : pl) {
          if (p->id == out[i + 1].placement_id) {
            out[i].reason_place_change = p->Get("change_reason");
          }
        }
      }
    }
  }
  return out;
}

}  // namespace haven::domain
