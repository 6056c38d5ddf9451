#include "synth/stories.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>

#include "domain/care.h"

namespace haven::synth {
namespace {

using record::LoadAllocation;
using record::LoadContact;
using record::LoadStep;

// A weighted choice among codes.
struct Weighted {
  const char* code;
  double weight;
};

template <size_t N>
const char* Choose(Rng& rng, const Weighted (&options)[N]) {
  double total = 0;
  for (const auto& o : options) total += o.weight;
  double x = std::uniform_real_distribution<double>(0, total)(rng);
  for (const auto& o : options) {
    if (x < o.weight) return o.code;
    x -= o.weight;
  }
  return options[N - 1].code;
}

// Contact sources in 2025: police 28%, schools 21%, then health, the authority's own services,
// individuals and others.
constexpr Weighted kSources[] = {{"6", 28}, {"2A", 21}, {"3A", 3}, {"3B", 3}, {"3C", 1}, {"3D", 2},
                                 {"3E", 4}, {"3F", 2},  {"5A", 2}, {"5B", 3}, {"5C", 2}, {"5D", 4},
                                 {"1A", 5}, {"1B", 2},  {"1C", 1}, {"1D", 1}, {"4", 3},  {"7", 2},
                                 {"8", 6},  {"9", 3},   {"10", 2}};
constexpr Weighted kNeeds[] = {{"N1", 57}, {"N2", 5}, {"N3", 4}, {"N4", 8},
                               {"N5", 15}, {"N6", 3}, {"N7", 1}, {"N8", 7}};
constexpr Weighted kCategories[] = {{"NEG", 50}, {"EMO", 36}, {"PHY", 7}, {"SAB", 4}, {"MUL", 3}};
constexpr const char* kFactors[] = {"3B",  "4B",  "2B",  "1B",  "16A", "17A", "18C", "3A",
                                    "14A", "10A", "11A", "24A", "4A",  "5B",  "7A",  "15A"};

std::string D(Date d) { return d.ToString(); }

std::string AgencyFor(const std::string& source) {
  if (source == "6") return "South Yorkshire Police";
  if (source == "2A") return "Primary or secondary school";
  if (source[0] == '3') return "Doncaster health services";
  if (source[0] == '5') return "Doncaster Council";
  if (source == "4") return "St Leger Homes";
  return "";
}

std::string ConcernFor(const std::string& source, Rng& rng) {
  static constexpr const char* kConcerns[] = {
      "Police attended a domestic incident at the home; the child was present.",
      "School reports the child arrives hungry and unkempt and attendance is falling.",
      "Health visitor concerned about home conditions and the parent's low mood.",
      "The child disclosed an injury at school and was upset about going home.",
      "A neighbour reports shouting and the child left alone late at night.",
      "A&E attendance with an injury the explanation does not fit.",
      "The young person has been missing overnight and found with older adults.",
      "Parent asking for help: the family is in crisis and cannot cope.",
      "Concern about parental drug use and the care of the children.",
      "Housing report of a family about to be evicted, children living in one room."};
  (void)source;
  return kConcerns[Uniform(rng, 0, 9)];
}

// The child's story, built fact by fact.
class Builder {
 public:
  Builder(const StoryContext& ctx, int64_t serial)
      : ctx_(ctx), cal_(*ctx.calendar), serial_(serial), last_(ctx.today.AddDays(-1)) {
    rng_.seed(ctx.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(serial));
  }

  Story Build();

 private:
  // --- dates -----------------------------------------------------------------------------------
  bool Past(Date d) const { return d <= last_; }
  Date Wd(Date d, int n) const { return cal_.AddWorkingDays(d, n); }
  Date WorkingOnOrAfter(Date d) const { return cal_.NextWorkingDayOnOrAfter(d); }
  int AgeOn(Date d) const {
    int age = d.year() - dob_.year();
    if (d.month() < dob_.month() || (d.month() == dob_.month() && d.day() < dob_.day())) --age;
    return age;
  }
  Date Birthday(int age) const { return dob_.AddMonths(12 * age); }
  std::string Key(const char* prefix) { return prefix + std::to_string(++keys_); }
  // Forgets the steps of `kind` that begin on or after `from` (a later fact replaces them).
  void DropFrom(const char* kind, Date from) {
    const std::optional<std::string> day = D(from);
    auto& steps = h_.steps;
    steps.erase(std::remove_if(steps.begin(), steps.end(),
                               [&](const LoadStep& s) {
                                 return s.kind == kind && s.values.at("start_date") >= day;
                               }),
                steps.end());
  }
  // The Ofsted URN of one of the authority's own registered services: 1 its fostering service,
  // 2 its adoption agency (made up from the LA code).
  std::string OwnServiceUrn(int service) const {
    char urn[16];
    std::snprintf(urn, sizeof urn, "SC%04d%02d", ctx_.la_code % 10000, service);
    return urn;
  }
  int Days(int64_t lo, int64_t hi) { return static_cast<int>(Uniform(rng_, lo, hi)); }

  LoadStep& Add(const std::string& kind, const std::string& key, const std::string& referral_key,
                domain::Values values) {
    LoadStep s;
    s.kind = kind;
    s.key = key;
    s.referral_key = referral_key;
    s.values = std::move(values);
    s.recorded_by = recorder_;
    h_.steps.push_back(std::move(s));
    return h_.steps.back();
  }

  // --- staff -----------------------------------------------------------------------------------
  const TeamStaff& TeamFor(TeamWork work) {
    auto it = team_of_.find(work);
    if (it != team_of_.end()) return *it->second;
    std::vector<const TeamStaff*> teams;
    for (const auto& t : ctx_.workforce->teams) {
      if (t.work == work) teams.push_back(&t);
    }
    const TeamStaff* t =
        teams[static_cast<size_t>(Uniform(rng_, 0, static_cast<int64_t>(teams.size()) - 1))];
    team_of_[work] = t;
    return *t;
  }
  // Someone in post on `d` (and, with `staying`, still in post the day after).
  const StaffRef* OnDuty(const std::vector<StaffRef>& staff, Date d, bool staying = false) {
    std::vector<const StaffRef*> on;
    for (const auto& s : staff) {
      if (s.start <= d && (!s.end || d < *s.end || (!staying && d == *s.end))) on.push_back(&s);
    }
    if (on.empty()) return nullptr;
    return on[static_cast<size_t>(Uniform(rng_, 0, static_cast<int64_t>(on.size()) - 1))];
  }
  // A manager of the team who may authorise on `d`, if any.
  std::optional<int64_t> Manager(TeamWork work, Date d) {
    const StaffRef* m = OnDuty(TeamFor(work).managers, d);
    if (m == nullptr) return std::nullopt;
    return m->id;
  }
  // Authorises `s` a few working days after `done` by a manager of the team.
  void Authorise(LoadStep& s, TeamWork work, Date done, const std::string& what) {
    int days = static_cast<int>(Uniform(rng_, 0, 4));
    if (Chance(rng_, 0.08)) days = static_cast<int>(Uniform(rng_, 5, 15));
    const bool late = fault_ == "late_authorisation" && what == "assessment" && !fault_done_;
    if (late) days = static_cast<int>(Uniform(rng_, 40, 60));
    const Date at = Wd(done, days);
    if (!Past(at)) return;
    auto m = Manager(work, at);
    if (!m) return;
    s.authorised_at = D(at) + "T16:00";
    s.authorised_by = *m;
    if (late) {
      Plant("late_authorisation", "assessment " + s.key, "authorised_at",
            "authorised 40 or more working days after completion");
    }
  }
  // The team holds the child from `start` until `end` (or still), with a worker where one is free.
  void Hold(TeamWork work, Date start, std::optional<Date> end) {
    if (end && !Past(*end)) end.reset();
    if (!Past(start)) return;
    phases_.push_back({work, start, end});
  }

  void Plant(const std::string& kind, const std::string& record, const std::string& field,
             const std::string& detail) {
    faults_.push_back({*h_.person.la_child_id, kind, record, field, detail});
    fault_done_ = true;
  }

  // --- the story -------------------------------------------------------------------------------
  void MakePerson(Date first_contact);
  void MakeContact(Date day);
  void Referral(const std::string& contact_key, Date day, const std::string& source,
                bool straight_to_strategy);
  // Returns the day the child protection work ended (or nullopt when it goes on).
  std::optional<Date> ChildProtection(const std::string& rkey, Date sd_date, TeamWork team,
                                      std::string* next);
  std::optional<Date> CinPlan(const std::string& rkey, Date start);
  std::optional<Date> Care(Date start, const std::string& need, bool uasc);
  std::optional<Date> CareEnds(Date start, bool adoption, std::string* reason);
  void LegalStatuses(const std::string& period, Date start, std::optional<Date> end, bool uasc);
  void Placements(const std::string& period, Date start, std::optional<Date> end, bool adoption);
  void Adoption(const std::string& period, Date start, std::optional<Date>* end,
                std::string* reason);
  void CareReviews(const std::string& period, Date start, std::optional<Date> end);
  void MissingEpisodes(Date start, std::optional<Date> end);
  void Leaver(Date left, bool staying_put);
  void Visits(const char* kind, const char* ref_field, const std::string& parent,
              const std::string& rkey, Date from, std::optional<Date> to, int every_wd,
              const char* date_field = "visit_date");
  void Allocations();

  const StoryContext& ctx_;
  const clocks::WorkingCalendar& cal_;
  int64_t serial_;
  Date last_;
  Rng rng_;
  record::ChildHistory h_;
  std::vector<Fault> faults_;
  std::string fault_;
  bool fault_done_ = false;
  Date dob_;
  int keys_ = 0;
  int64_t recorder_ = 0;
  Date busy_until_;  // no new contact is taken to a referral before this
  struct Phase {
    TeamWork work;
    Date start;
    std::optional<Date> end;
  };
  std::vector<Phase> phases_;
  std::map<TeamWork, const TeamStaff*> team_of_;
  bool in_care_ = false;
  bool voluntary_ = false;    // accommodated under section 20 (V2): never placed with parents
  bool closed_case_ = false;  // the last contact led to a referral that has closed
  bool known_ = false;        // this contact is about a child whose case closed lately
  bool uasc_ = false;         // an unaccompanied asylum-seeking child, taken into care at once
};

void Builder::MakePerson(Date first_contact) {
  domain::Person& p = h_.person;
  p.service_area_id = ctx_.service_area_id;
  p.sex = Chance(rng_, uasc_ ? 0.9 : 0.51) ? "M" : "F";
  static constexpr const char* kUascEthnicity[] = {"AOTH", "BAFR", "OOTH", "BOTH", "AOTH"};
  const std::string eth = uasc_ ? kUascEthnicity[Uniform(rng_, 0, 4)] : Ethnicity(rng_);
  p.ethnicity = eth;
  {
    // Disabilities as the census records them ("NONE" when the child has none), drawn from a
    // source of their own so the rest of the story is as it was.
    Rng own(ctx_.seed * 7919 + static_cast<uint64_t>(serial_));
    static constexpr const char* kKinds[] = {"LD",   "AUT", "COMM", "BEH", "MOB", "HAND",
                                             "HEAR", "VIS", "PC",   "INC", "CON", "DDA"};
    if (Chance(own, 0.11)) {
      std::set<std::string> kinds;
      const int n = static_cast<int>(Uniform(own, 1, 2));
      for (int i = 0; i < n; ++i) kinds.insert(kKinds[Uniform(own, 0, 11)]);
      p.disabilities.assign(kinds.begin(), kinds.end());
    } else {
      p.disabilities = {"NONE"};
    }
  }
  p.given_name = GivenName(rng_, p.sex, eth);
  p.family_name = FamilyName(rng_, eth);
  // Age at the first contact: more young children and teenagers than middle years.
  constexpr Weighted kAges[] = {{"0", 11}, {"1", 6},  {"2", 5},  {"3", 5},  {"4", 5},  {"5", 5},
                                {"6", 5},  {"7", 5},  {"8", 5},  {"9", 5},  {"10", 5}, {"11", 5},
                                {"12", 6}, {"13", 6}, {"14", 6}, {"15", 6}, {"16", 5}, {"17", 4}};
  const int age = uasc_ ? static_cast<int>(Uniform(rng_, 14, 17)) : std::stoi(Choose(rng_, kAges));
  dob_ = first_contact.AddDays(-365 * age - static_cast<int>(Uniform(rng_, 0, 364)));
  p.date_of_birth = D(dob_);
  char id[32];
  std::snprintf(id, sizeof id, "DN%07lld", static_cast<long long>(serial_));
  p.la_child_id = id;
  // A UPN once the child has been at school; an NHS number from birth.
  if (uasc_) {
    p.upn_unknown = "UN2";  // never at school in England
  } else if (AgeOn(last_) >= 5) {
    p.upn = Upn(ctx_.la_code, serial_, std::min(ctx_.today.year(), dob_.year() + 5));
  } else {
    p.upn_unknown = "UN1";
  }
  p.nhs_number = NhsNumber(serial_);
  domain::Address a = HomeAddress(rng_);
  a.start_date = D(dob_);
  h_.addresses.push_back(a);
  h_.recorded_at = D(first_contact) + "T09:00";
  if (fault_ == "missing_ethnicity") {
    p.ethnicity.reset();
    Plant("missing_ethnicity", "person", "ethnicity", "no ethnicity recorded");
  } else if (fault_ == "missing_upn" && p.upn) {
    p.upn.reset();
    Plant("missing_upn", "person", "upn", "school-age child with no UPN and no reason");
  }
}

Story Builder::Build() {
  if (ctx_.faults && Chance(rng_, 0.03)) {
    static constexpr const char* kFaults[] = {"missing_ethnicity",          "missing_upn",
                                              "late_authorisation",         "assessment_not_seen",
                                              "missing_placement_postcode", "late_case_note"};
    fault_ = kFaults[Uniform(rng_, 0, 5)];
  }
  // The first contact: any day of the history, or of the run-in year before it.
  // About 25 unaccompanied asylum-seeking children a year come into care at Doncaster's size.
  uasc_ = Chance(rng_, 0.0035);
  const Date run_in = ctx_.from.AddDays(-365);
  Date day = WorkingOnOrAfter(
      run_in.AddDays(static_cast<int>(Uniform(rng_, 0, DaysBetween(run_in, last_)))));
  if (!Past(day)) day = last_;
  MakePerson(day);
  busy_until_ = day;
  // Contacts come back: 60% of children are contacted again, after a year and a half on average.
  // A child whose case has just closed is often referred again within the year (22.6% of
  // referrals in England are re-referrals).
  std::exponential_distribution<double> gap(1.0 / 540.0);
  while (Past(day) && AgeOn(day) < 18) {
    MakeContact(day);
    if (in_care_ || !Chance(rng_, 0.62)) break;
    if (closed_case_ && Chance(rng_, 0.7)) {
      day = WorkingOnOrAfter(busy_until_.AddDays(static_cast<int>(Uniform(rng_, 20, 330))));
      known_ = true;
    } else {
      day = WorkingOnOrAfter(std::max(day, busy_until_).AddDays(7 + static_cast<int>(gap(rng_))));
      known_ = false;
    }
    closed_case_ = false;
  }
  if (fault_ == "late_case_note" && !fault_done_ && !h_.contacts.empty()) {
    const Date event = *Date::Parse(h_.contacts.front().contact.received_at.substr(0, 10));
    const Date rec = event.AddDays(30);
    if (Past(rec)) {
      auto& n = Add("case_note", Key("n"), "",
                    {{"note_type", "phone_call"},
                     {"event_date", D(event)},
                     {"subject", "Call with the referrer"},
                     {"body", "Discussed the concerns and the next steps."}});
      n.recorded_at = D(rec) + "T10:00";
      Plant("late_case_note", "case_note " + n.key, "recorded_at",
            "recorded 30 days after the event");
    }
  }
  Allocations();
  Story out;
  out.history = std::move(h_);
  out.faults = std::move(faults_);
  return out;
}

void Builder::MakeContact(Date day) {
  LoadContact c;
  c.key = Key("c");
  c.contact.source = Choose(rng_, kSources);
  {
    char at[24];
    std::snprintf(at, sizeof at, "%02d:%02d", static_cast<int>(Uniform(rng_, 9, 16)),
                  static_cast<int>(Uniform(rng_, 0, 59)));
    c.contact.received_at = D(day) + "T" + at;
  }
  c.contact.referrer_name =
      std::string(c.contact.source == "6" ? "PC " : "") + FamilyName(rng_, "WBRI");
  if (auto agency = AgencyFor(c.contact.source); !agency.empty()) {
    c.contact.referrer_agency = agency;
  }
  c.contact.concerns = ConcernFor(c.contact.source, rng_);
  // The decision: a referral for about one contact in four (more when the child is known).
  const bool busy = day < busy_until_;
  std::string decision;
  const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
  const double referral = uasc_ ? 1.0 : (known_ ? 0.8 : 0.21);
  if (!busy && !uasc_ && r < 0.045) {
    decision = "strategy_discussion";
  } else if (!busy && r < referral) {
    decision = "referral";
  } else if (r < 0.55) {
    decision = "no_further_action";
  } else if (r < 0.80) {
    decision = "advice";
  } else {
    decision = busy ? "advice" : "early_help";
  }
  int hours = static_cast<int>(Uniform(rng_, 1, 5));
  Date decided = day;
  if (Chance(rng_, 0.15)) decided = Wd(day, Chance(rng_, 0.7) ? 1 : 2);
  const StaffRef* fd = OnDuty(TeamFor(TeamWork::kFrontDoor).workers, decided);
  if (Past(decided) && fd != nullptr) {
    c.contact.decision = decision;
    static const std::map<std::string, std::string> kReasons = {
        {"strategy_discussion", "Reasonable cause to suspect significant harm (level 4)"},
        {"referral", "Needs meet the threshold for a statutory assessment (level 4)"},
        {"no_further_action", "No role for children's social care; universal services meet needs"},
        {"advice", "Advice and signposting given to the referrer (level 1-2)"},
        {"early_help", "Needs met by early help with the family's consent (level 3)"}};
    c.contact.threshold_reason = kReasons.at(decision);
    const int minute = std::stoi(c.contact.received_at.substr(11, 2)) * 60 +
                       std::stoi(c.contact.received_at.substr(14, 2));
    const int at = std::min(decided == day ? minute + hours * 60 : 9 * 60 + hours * 60, 23 * 60);
    char stamp[24];
    std::snprintf(stamp, sizeof stamp, "%02d:%02d", at / 60, at % 60);
    c.contact.decided_at = D(decided) + "T" + stamp;
    c.contact.decided_by = fd->id;
  }
  const std::string key = c.key, source = c.contact.source;
  h_.contacts.push_back(std::move(c));
  if (!h_.contacts.back().contact.decision) return;
  if (decision == "early_help") {
    const Date end = decided.AddDays(static_cast<int>(Uniform(rng_, 60, 240)));
    domain::Values v = {{"start_date", D(decided)}};
    if (Past(end)) v["end_date"] = D(end);
    Add("early_help", Key("e"), "", v).refs["contact_id"] = key;
  } else if (decision == "referral" || decision == "strategy_discussion") {
    Referral(key, decided, source, decision == "strategy_discussion");
  }
}

void Builder::Referral(const std::string& contact_key, Date day, const std::string& source,
                       bool straight_to_strategy) {
  const std::string rkey = Key("r");
  const TeamStaff& team = TeamFor(TeamWork::kAssessment);
  domain::Values rv = {
      {"referral_date", D(day)}, {"source", source}, {"team_id", std::to_string(team.team_id)}};
  const size_t rindex = h_.steps.size();
  Add("referral", rkey, "", rv).refs["contact_id"] = contact_key;
  const std::string need = uasc_ ? "N8" : Choose(rng_, kNeeds);
  std::optional<Date> closed;
  std::string closure_reason = "RC7";
  // No further action on the referral itself (6.5% in England).
  if (!straight_to_strategy && Chance(rng_, 0.065)) {
    closed = Wd(day, static_cast<int>(Uniform(rng_, 0, 2)));
    closure_reason = "RC8";
    h_.steps[rindex].values["nfa"] = "1";
    h_.steps[rindex].values["primary_need"] = "N9";
  } else {
    // The assessment: most within 45 working days (86% in England, median 33).
    const Date start = Wd(day, Chance(rng_, 0.7) ? 0 : static_cast<int>(Uniform(rng_, 1, 3)));
    const int length =
        Chance(rng_, 0.86)
            ? static_cast<int>(std::min<int64_t>(Uniform(rng_, 12, 45), Uniform(rng_, 20, 45)))
            : static_cast<int>(Uniform(rng_, 46, 85));
    const Date done = Wd(start, length);
    const Date seen = Wd(start, static_cast<int>(Uniform(rng_, 1, std::min(10, length))));
    Hold(TeamWork::kAssessment, day, done);
    if (!Past(start)) {
      busy_until_ = last_.AddDays(1);
      return;  // referred, the assessment not yet begun
    }
    const std::string akey = Key("a");
    domain::Values av = {{"start_date", D(start)}};
    if (Past(seen)) av["child_seen_date"] = D(seen);
    std::string outcome;
    if (straight_to_strategy) {
      outcome = "strategy_discussion";
    } else if (uasc_) {
      outcome = "looked_after";
    } else {
      constexpr Weighted kOutcomes[] = {{"no_further_action", 34}, {"early_help", 12},
                                        {"cin_plan", 23},          {"strategy_discussion", 28},
                                        {"looked_after", 3.5},     {"other_service", 2}};
      outcome = Choose(rng_, kOutcomes);
    }
    if (Past(done)) {
      av["completed_date"] = D(done);
      std::set<std::string> factors;
      const int n = static_cast<int>(Uniform(rng_, 1, 3));
      for (int i = 0; i < n; ++i) factors.insert(kFactors[Uniform(rng_, 0, 15)]);
      if (uasc_) factors = {"9A"};
      std::string joined;
      for (const auto& f : factors) joined += (joined.empty() ? "" : ",") + f;
      av["factors"] = joined;
      av["outcome"] = outcome;
      if (fault_ == "assessment_not_seen" && !fault_done_) {
        av.erase("child_seen_date");
        Plant("assessment_not_seen", "assessment " + akey, "child_seen_date",
              "completed with no date the child was seen");
      }
    }
    LoadStep& a = Add("assessment", akey, rkey, av);
    // The case closes no earlier than the manager's sign-off of the assessment.
    std::optional<Date> signed_off;
    if (Past(done)) {
      Authorise(a, TeamWork::kAssessment, done, "assessment");
      if (a.authorised_at) signed_off = Date::Parse(a.authorised_at->substr(0, 10));
    }
    h_.steps[rindex].values["primary_need"] = need;
    if (!Past(done)) {
      busy_until_ = last_.AddDays(1);
      return;  // still being assessed
    }
    std::optional<Date> end = done;
    if (outcome == "no_further_action" || outcome == "other_service") {
      closure_reason = "RC8";
    } else if (outcome == "early_help") {
      closure_reason = "RC9";
    } else if (outcome == "cin_plan") {
      end = CinPlan(rkey, done);
    } else if (outcome == "strategy_discussion") {
      std::string next;
      const Date sd = straight_to_strategy ? day : done;
      end = ChildProtection(rkey, sd, TeamWork::kCinCp, &next);
      if (end && next == "cin_plan") end = CinPlan(rkey, *end);
      if (end && next == "looked_after") {
        end = Care(*end, need == "N9" ? "N1" : need, false);
        closure_reason = "RC7";
      }
    } else if (outcome == "looked_after") {
      // An unaccompanied child is accommodated the day they arrive.
      end = Care(uasc_ ? day : Wd(done, 1), need, uasc_);
    }
    if (!end || !signed_off) {
      busy_until_ = last_.AddDays(1);
      return;
    }
    closed = Wd(std::max({*end, done, *signed_off}), static_cast<int>(Uniform(rng_, 0, 3)));
  }
  if (!closed || !Past(*closed)) {
    busy_until_ = last_.AddDays(1);
    return;
  }
  busy_until_ = *closed;
  closed_case_ = true;
  LoadStep& r = h_.steps[rindex];
  r.values["closure_date"] = D(*closed);
  r.values["closure_reason"] = closure_reason;
  r.recorded_at.reset();
  Authorise(r, TeamWork::kAssessment, *closed, "referral");
}

std::optional<Date> Builder::ChildProtection(const std::string& rkey, Date sd_date, TeamWork team,
                                             std::string* next) {
  *next = "";
  const std::string sdkey = Key("sd");
  const bool s47 = Chance(rng_, 0.92);
  Add("strategy_discussion", sdkey, rkey,
      {{"discussion_date", D(sd_date)},
       {"participants", "Police, health, children's social care"},
       {"outcome", s47 ? "s47" : "no_s47"}});
  if (!s47) return sd_date;
  // The enquiry, then (for about a third) the conference: 81% within 15 working days.
  const Date start = sd_date;
  const bool conference = Chance(rng_, 0.31);
  const int to_icpc = Chance(rng_, 0.81) ? static_cast<int>(Uniform(rng_, 6, 15))
                                         : static_cast<int>(Uniform(rng_, 16, 35));
  const Date end = Wd(start, conference ? static_cast<int>(Uniform(rng_, 3, to_icpc - 1))
                                        : static_cast<int>(Uniform(rng_, 5, 15)));
  const std::string skey = Key("s");
  // A few enquiries end with the child brought into care at once (police protection, an EPO).
  const bool emergency = !conference && Chance(rng_, 0.05);
  std::string outcome =
      conference ? "icpc" : (Chance(rng_, 0.45) || emergency ? "cin_plan" : "no_further_action");
  domain::Values sv = {{"start_date", D(start)}};
  if (Past(end)) {
    sv["end_date"] = D(end);
    sv["outcome"] = outcome;
  }
  LoadStep& s = Add("s47", skey, rkey, sv);
  s.refs["strategy_discussion_id"] = sdkey;
  Hold(team, start, end);
  if (!Past(end)) return std::nullopt;
  Authorise(s, team, end, "s47");
  if (outcome == "cin_plan") *next = emergency ? "looked_after" : "cin_plan";
  if (outcome != "icpc") return end;
  const Date icpc = Wd(start, to_icpc);
  if (!Past(icpc)) return std::nullopt;
  const bool plan = Chance(rng_, 0.88);
  const std::string ikey = Key("i");
  Add("icpc", ikey, rkey,
      {{"conference_date", D(icpc)}, {"outcome", plan ? "cp_plan" : "cin_plan"}})
      .refs["s47_id"] = skey;
  if (!plan) {
    *next = "cin_plan";
    return icpc;
  }
  const std::string pkey = Key("p");
  const std::string category = Choose(rng_, kCategories);
  const size_t pindex = h_.steps.size();
  LoadStep& p =
      Add("cp_plan", pkey, rkey, {{"start_date", D(icpc)}, {"initial_category", category}});
  p.refs["icpc_id"] = ikey;
  Authorise(p, TeamWork::kCinCp, icpc, "cp_plan");
  // Reviews at 3 months and then 6-monthly; each may end the plan. About 16% of plans end
  // within 3 months and 4% last 2 years or more.
  static const double kEnd[] = {0.17, 0.45, 0.6, 0.75, 0.7, 0.8};
  std::optional<Date> plan_end;
  std::string review_outcome;
  Date review = icpc;
  for (int i = 0;; ++i) {
    review = Wd(review.AddMonths(i == 0 ? 3 : 6), -static_cast<int>(Uniform(rng_, 1, 10)));
    if (Chance(rng_, 0.06)) review = Wd(review, static_cast<int>(Uniform(rng_, 11, 20)));
    if (!Past(review)) break;
    const bool ends = Chance(rng_, kEnd[std::min(i, 5)]) || AgeOn(review) >= 18;
    review_outcome =
        !ends ? "continue" : (Chance(rng_, 0.6) ? "end_cin_plan" : "end_no_further_action");
    Add("cp_review", Key("cr"), rkey, {{"review_date", D(review)}, {"outcome", review_outcome}})
        .refs["cp_plan_id"] = pkey;
    if (ends) {
      plan_end = review;
      break;
    }
  }
  // Core groups 10 working days after the conference, then six-weekly; visits every 10 working
  // days.
  Visits("core_group", "cp_plan_id", pkey, rkey, Wd(icpc, 8), plan_end, 30, "meeting_date");
  Visits("cp_visit", "cp_plan_id", pkey, rkey, Wd(icpc, 3), plan_end, 10);
  Hold(TeamWork::kCinCp, icpc, plan_end);
  if (!plan_end) return std::nullopt;
  // A few plans end because the child comes into care.
  const bool into_care = Chance(rng_, 0.15);
  h_.steps[pindex].values["end_date"] = D(*plan_end);
  h_.steps[pindex].values["latest_category"] = category;
  h_.steps[pindex].values["end_reason"] =
      into_care ? "Child became looked after"
                : (review_outcome == "end_cin_plan" ? "Risk reduced; child in need plan"
                                                    : "Risk reduced; no further action");
  *next = into_care ? "looked_after" : (review_outcome == "end_cin_plan" ? "cin_plan" : "");
  return plan_end;
}

std::optional<Date> Builder::CinPlan(const std::string& rkey, Date start) {
  start = Wd(start, static_cast<int>(Uniform(rng_, 1, 5)));
  if (!Past(start)) return std::nullopt;
  if (AgeOn(start) >= 18) return start;
  const std::string key = Key("cp");
  const size_t index = h_.steps.size();
  LoadStep& p = Add("cin_plan", key, rkey, {{"start_date", D(start)}});
  Authorise(p, TeamWork::kCinCp, start, "cin_plan");
  std::optional<Date> end = start.AddDays(
      static_cast<int>(Chance(rng_, 0.6) ? Uniform(rng_, 90, 365) : Uniform(rng_, 365, 900)));
  if (*end >= Birthday(18)) end = Birthday(18).AddDays(-1);
  if (!Past(*end)) end.reset();
  for (Date r = start.AddMonths(3); Past(r) && (!end || r <= *end); r = r.AddMonths(3)) {
    const Date d = WorkingOnOrAfter(r.AddDays(-static_cast<int>(Uniform(rng_, 0, 10))));
    if (!Past(d) || (end && d > *end)) break;
    Add("cin_review", Key("vr"), rkey, {{"review_date", D(d)}}).refs["cin_plan_id"] = key;
  }
  Visits("cin_visit", "cin_plan_id", key, rkey, Wd(start, 5), end, 20);
  Hold(TeamWork::kCinCp, start, end);
  if (end) h_.steps[index].values["end_date"] = D(*end);
  return end;
}

void Builder::Visits(const char* kind, const char* ref_field, const std::string& parent,
                     const std::string& rkey, Date from, std::optional<Date> to, int every_wd,
                     const char* date_field) {
  const bool seen_kind = std::string(kind).find("visit") != std::string::npos;
  for (Date d = from; Past(d) && (!to || d <= *to);) {
    domain::Values v = {{date_field, D(d)}};
    if (seen_kind) {
      const bool seen = Chance(rng_, 0.95);
      v["seen"] = seen ? "1" : "0";
      v["seen_alone"] = seen && AgeOn(d) >= 5 && Chance(rng_, 0.6) ? "1" : "0";
    }
    Add(kind, Key("v"), rkey, v).refs[ref_field] = parent;
    int step = every_wd - static_cast<int>(Uniform(rng_, 0, every_wd / 4));
    if (Chance(rng_, 0.1)) step += static_cast<int>(Uniform(rng_, 1, every_wd / 2 + 1));
    d = Wd(d, step);
  }
}

std::optional<Date> Builder::Care(Date start, const std::string& need_in, bool uasc) {
  if (!Past(start)) return std::nullopt;
  if (AgeOn(start) >= 18) return start;
  in_care_ = true;
  const std::string need = need_in == "N9" || need_in == "N0" ? "N1" : need_in;
  const int age = AgeOn(start);
  const std::string period = Key("cla");
  const size_t pindex = h_.steps.size();
  Add("care_period", period, "",
      {{"start_date", D(start)},
       {"category_of_need", need},
       {"home_postcode", h_.addresses.front().postcode}});
  const bool adoption = age < 2 && Chance(rng_, 0.6);
  std::string reason;
  std::optional<Date> end = CareEnds(start, adoption, &reason);
  LegalStatuses(period, start, end, uasc);
  if (uasc) {
    domain::Values u = {{"start_date", D(start)}};
    Add("uasc_status", Key("u"), "", u);
  }
  Placements(period, start, end, adoption);
  if (adoption) Adoption(period, start, &end, &reason);
  CareReviews(period, start, end);
  MissingEpisodes(start, end);
  // A special guardianship order to former foster carers (E45) needs foster carers.
  if (end && reason == "E45") {
    std::string last_place;
    for (const auto& s : h_.steps) {
      if (s.kind == "placement" && s.refs.count("care_period_id") &&
          s.refs.at("care_period_id") == period) {
        last_place = s.values.at("placement_type").value_or("");
      }
    }
    if (!domain::IsFosterPlacement(last_place)) reason = "E41";
  }
  if (end) {
    h_.steps[pindex].values["end_date"] = D(*end);
    h_.steps[pindex].values["reason_ended"] = reason;
  }
  Hold(AgeOn(start) >= 16 ? TeamWork::kLeavingCare : TeamWork::kLookedAfter, start, end);
  // Care leavers: in care for 13 weeks or more since turning 14, and after turning 16.
  if (end && (reason == "E17" || reason == "E5" || reason == "E8" || reason == "E6") &&
      AgeOn(*end) >= 16 && DaysBetween(std::max(start, Birthday(14)), *end) >= 91) {
    Leaver(*end, reason == "E17");
  }
  if (uasc && end) {
    for (auto& s : h_.steps) {
      if (s.kind == "uasc_status" && !s.values.count("end_date")) s.values["end_date"] = D(*end);
    }
  }
  return end;
}

// How care ends (the reason in `reason`): adoption for most babies on that path, else a return home
// within months, a special guardianship or return within a few years, or care until 18. Nullopt
// while care goes on.
std::optional<Date> Builder::CareEnds(Date start, bool adoption, std::string* out_reason) {
  std::optional<Date> end;
  std::string reason;
  if (adoption) {
    end = start.AddDays(static_cast<int>(Uniform(rng_, 480, 900)));
    reason = Chance(rng_, 0.7) ? "E11" : "E12";
  } else {
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r < 0.35) {
      end = start.AddDays(static_cast<int>(Uniform(rng_, 14, 180)));
      reason = Chance(rng_, 0.6) ? "E4A" : (Chance(rng_, 0.5) ? "E4B" : "E13");
    } else if (r < 0.65) {
      end = start.AddDays(static_cast<int>(Uniform(rng_, 180, 900)));
      reason = Chance(rng_, 0.4) ? "E4A" : (Chance(rng_, 0.5) ? "E45" : "E41");
    } else {
      end = Birthday(18);
      reason = Chance(rng_, 0.25) ? "E17" : (Chance(rng_, 0.6) ? "E5" : "E8");
    }
    if (*end > Birthday(18)) {
      end = Birthday(18);
      reason = Chance(rng_, 0.25) ? "E17" : "E5";
    }
  }
  if (!Past(*end)) end.reset();
  *out_reason = reason;
  return end;
}

// Section 20, or police protection or an EPO, an interim care order and then a full one.
void Builder::LegalStatuses(const std::string& period, Date start, std::optional<Date> end,
                            bool uasc) {
  std::string legal = uasc ? "V2" : (Chance(rng_, 0.3) ? "V2" : (Chance(rng_, 0.12) ? "L2" : "C1"));
  voluntary_ = legal == "V2";
  Add("legal_status", Key("ls"), "", {{"start_date", D(start)}, {"legal_status", legal}})
      .refs["care_period_id"] = period;
  if (legal == "L2") {
    const Date d = start.AddDays(static_cast<int>(Uniform(rng_, 3, 8)));
    if (Past(d) && (!end || d < *end)) {
      Add("legal_status", Key("ls"), "", {{"start_date", D(d)}, {"legal_status", "C1"}})
          .refs["care_period_id"] = period;
      legal = "C1";
    }
  }
  if (legal == "C1") {
    const Date d = start.AddDays(static_cast<int>(Uniform(rng_, 150, 300)));
    if (Past(d) && (!end || d < *end)) {
      Add("legal_status", Key("ls"), "", {{"start_date", D(d)}, {"legal_status", "C2"}})
          .refs["care_period_id"] = period;
    }
  }
}

// The first placement by age, then moves, more of them in the first year.
void Builder::Placements(const std::string& period, Date start, std::optional<Date> end,
                         bool adoption) {
  struct Place {
    const char* type;
    const char* carer;
    const char* provider;
    int cost_lo, cost_hi;
  };
  auto pick = [&](int age_now, bool first) -> Place {
    if (adoption && first && Chance(rng_, 0.2)) return {"U5", "in_house_foster", "PR1", 150, 450};
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (age_now < 10) {
      if (r < 0.45) return {"U6", "in_house_foster", "PR1", 150, 450};
      if (r < 0.70) return {"U6", "ifa", "PR4", 800, 1000};
      if (r < 0.88) return {"U3", "family_friends", "PR1", 150, 300};
      if (r < 0.94) return {"P1", "other", "PR0", 0, 0};
      if (r < 0.97 && age_now < 1) return {"R3", "other", "PR4", 2000, 4000};
      return {"U4", "in_house_foster", "PR1", 150, 450};
    }
    if (age_now < 16) {
      if (r < 0.35) return {"U6", "in_house_foster", "PR1", 200, 450};
      if (r < 0.55) return {"U6", "ifa", "PR4", 800, 1000};
      if (r < 0.68) return {"U3", "family_friends", "PR1", 150, 300};
      if (r < 0.90) return {"K2", "childrens_home", Chance(rng_, 0.8) ? "PR4" : "PR1", 4000, 10000};
      return {"P1", "other", "PR0", 0, 0};
    }
    if (r < 0.35) return {"K3", "other", "PR4", 900, 2500};
    if (r < 0.60) return {"U6", "ifa", "PR4", 800, 1000};
    if (r < 0.75) return {"U6", "in_house_foster", "PR1", 200, 450};
    if (r < 0.90) return {"K2", "childrens_home", "PR4", 4000, 10000};
    return {"U3", "family_friends", "PR1", 150, 300};
  };
  std::string last_type;
  auto place = [&](Date d, bool first, const char* change_reason) {
    Place pl = pick(AgeOn(d), first);
    // Home with parents only under an order, and a move is never from parents to parents.
    if (std::string(pl.type) == "P1" && (voluntary_ || last_type == "P1")) {
      pl = {"U6", "in_house_foster", "PR1", 150, 450};
    }
    last_type = pl.type;
    domain::Values v = {{"start_date", D(d)},
                        {"placement_type", pl.type},
                        {"provider", pl.provider},
                        {"carer_kind", pl.carer},
                        {"intended_duration", first ? "emergency" : "medium_term"}};
    if (std::string(pl.type) == "P1") {
      v["postcode"] = h_.addresses.front().postcode;  // at home with parents
    } else {
      v["postcode"] = Postcode(rng_);
      v["weekly_cost_social_care"] = std::to_string(Uniform(rng_, pl.cost_lo, pl.cost_hi));
      v["payer"] = "social_care";
      // Every provider Ofsted registers has its URN: the home, the agency, or the authority's own
      // fostering service.
      if (std::string(pl.carer) == "childrens_home") {
        char urn[32];
        std::snprintf(urn, sizeof urn, "SC%06lld",
                      static_cast<long long>(Uniform(rng_, 400000, 499999)));
        v["urn"] = urn;
        v["carer_name"] = "Children's home";
      } else if (std::string(pl.carer) == "ifa") {
        v["urn"] = std::to_string(Uniform(rng_, 1000000, 1999999));
        v["carer_name"] = "Independent fostering agency";
      } else if (std::string(pl.provider) == "PR1") {
        v["urn"] = OwnServiceUrn(1);
      } else {
        v["urn"] = std::to_string(Uniform(rng_, 2000000, 2999999));
      }
      if (fault_ == "missing_placement_postcode" && !fault_done_) {
        v.erase("postcode");
        Plant("missing_placement_postcode", "placement", "postcode", "no placement postcode");
      }
    }
    if (change_reason) v["change_reason"] = change_reason;
    Add("placement", Key("pl"), "", v).refs["care_period_id"] = period;
  };
  place(start, true, nullptr);
  std::exponential_distribution<double> early(1.3 / 365.0), later(0.4 / 365.0);
  static constexpr const char* kMoveReasons[] = {"CARPL", "CARPL", "CREQB", "CREQO",
                                                 "CHILD", "STAND", "OTHER"};
  Date d = start;
  for (;;) {
    const bool first_year = DaysBetween(start, d) < 365;
    d = d.AddDays(1 + static_cast<int>(first_year ? early(rng_) : later(rng_)));
    if (!Past(d) || (end && d >= *end) || d >= Birthday(18)) break;
    place(d, false, kMoveReasons[Uniform(rng_, 0, 6)]);
  }
}

// The decision, the placement order, the match and the placement with the adopters, then the
// order that ends care; when no adopters are found in time, the plan is reversed and care goes on.
void Builder::Adoption(const std::string& period, Date start, std::optional<Date>* end,
                       std::string* reason) {
  const Date decision = start.AddDays(static_cast<int>(Uniform(rng_, 90, 200)));
  const Date order = decision.AddDays(static_cast<int>(Uniform(rng_, 30, 120)));
  const Date match = order.AddDays(static_cast<int>(Uniform(rng_, 40, 200)));
  const Date placed = match.AddDays(static_cast<int>(Uniform(rng_, 10, 40)));
  if (Past(decision) && (!*end || decision < **end)) {
    domain::Values v = {{"decision_date", D(decision)}};
    const bool placed_in = Past(placed) && (!*end || placed < **end);
    if (Past(order) && (!*end || order < **end)) {
      v["placement_order_date"] = D(order);
      DropFrom("legal_status", order);  // the placement order replaces the care order
      Add("legal_status", Key("ls"), "", {{"start_date", D(order)}, {"legal_status", "E1"}})
          .refs["care_period_id"] = period;
    }
    if (Past(match) && (!*end || match < **end)) v["match_date"] = D(match);
    if (placed_in) {
      v["placed_date"] = D(placed);
      v["adopters"] = Chance(rng_, 0.8) ? "2" : "1";
      v["adopters_sex"] = v["adopters"] == "2" ? "MF" : "F1";
      v["adopters_legal_status"] = v["adopters"] == "2" ? "L11" : "L0";
      DropFrom("placement", placed);  // the adopters' placement replaces any move after it
      Add("placement", Key("pl"), "",
          {{"start_date", D(placed)},
           {"placement_type", "A6"},
           {"provider", "PR1"},
           {"carer_kind", "adopters"},
           {"intended_duration", "permanent"},
           {"urn", OwnServiceUrn(2)},
           {"postcode", Postcode(rng_)},
           {"change_reason", "CARPL"}})
          .refs["care_period_id"] = period;
    }
    if (*end && placed_in) v["adoption_order_date"] = D(**end);
    if (*end && !placed_in) {
      // No adopters were found in time: the plan is reversed and the child stays in foster care.
      end->reset();
      v["reversed_date"] = D(std::min(last_, order.AddDays(365)));
      v["reversed_reason"] = "RD3";
    }
    LoadStep& ap = Add("adoption_plan", Key("ad"), "", v);
    if (v.count("adoption_order_date")) Authorise(ap, TeamWork::kLookedAfter, **end, "adoption");
  } else if (*end) {
    *reason = "E4A";  // care ended before the decision: the child went home
  }
}

// Reviews (20 working days, then 3 months, then 6-monthly), visits, health checks, SDQs and PEPs.
void Builder::CareReviews(const std::string& period, Date start, std::optional<Date> end) {
  const int age = AgeOn(start);
  std::vector<Date> reviews;
  for (Date r = Wd(start, static_cast<int>(Uniform(rng_, 12, 20))), prev = start;;) {
    if (!Past(r) || (end && r > *end)) break;
    reviews.push_back(r);
    prev = r;
    r = reviews.size() == 1 ? Wd(prev.AddMonths(3), -static_cast<int>(Uniform(rng_, 1, 10)))
                            : Wd(prev.AddMonths(6), -static_cast<int>(Uniform(rng_, 1, 15)));
    if (Chance(rng_, 0.05)) r = Wd(r, static_cast<int>(Uniform(rng_, 16, 30)));
  }
  for (Date r : reviews) {
    const int a = AgeOn(r);
    const char* part =
        a < 4 ? "PN0" : (Chance(rng_, 0.7) ? "PN1" : (Chance(rng_, 0.5) ? "PN6" : "PN7"));
    Add("cla_review", Key("rv"), "", {{"review_date", D(r)}, {"participation", part}})
        .refs["care_period_id"] = period;
  }
  Visits("cla_visit", "care_period_id", period, "", start.AddDays(Days(1, 6)), end, 30);
  auto check = [&](const char* kind, Date d) {
    if (Past(d) && (!end || d <= *end)) {
      Add("health_check", Key("h"), "", {{"check_kind", kind}, {"check_date", D(d)}})
          .refs["care_period_id"] = period;
    }
  };
  if (!end || DaysBetween(start, *end) > 28) {
    check("initial_health_assessment",
          Wd(start, Chance(rng_, 0.6) ? static_cast<int>(Uniform(rng_, 8, 20))
                                      : static_cast<int>(Uniform(rng_, 21, 50))));
  }
  for (Date y = start.AddMonths(12); Past(y) && (!end || y <= *end); y = y.AddMonths(12)) {
    if (Chance(rng_, 0.9)) check("health_review", WorkingOnOrAfter(y.AddDays(-Days(5, 40))));
    if (Chance(rng_, 0.8)) check("dental_check", WorkingOnOrAfter(y.AddDays(-Days(10, 60))));
    if (AgeOn(y) >= 4 && AgeOn(y) < 17) {
      const bool score = Chance(rng_, 0.85);
      domain::Values v = {{"sdq_date", D(WorkingOnOrAfter(y.AddDays(-Days(10, 60))))}};
      if (score) {
        v["score"] = std::to_string(Uniform(rng_, 4, 28));
      } else {
        v["no_score_reason"] = Chance(rng_, 0.5) ? "SDQ4" : "SDQ5";
      }
      if (Past(*Date::Parse(*v["sdq_date"]))) Add("sdq", Key("q"), "", v);
    }
  }
  if (age >= 4 && age < 17) {
    for (Date p = Wd(start, static_cast<int>(Uniform(rng_, 10, 25)));
         Past(p) && (!end || p <= *end) && AgeOn(p) < 17; p = p.AddMonths(4)) {
      const bool first = DaysBetween(start, p) < 60;
      const Date on = WorkingOnOrAfter(p);
      if (!Past(on) || (end && on > *end)) break;
      Add("pep", Key("e"), "", {{"pep_date", D(on)}, {"review", first ? "0" : "1"}})
          .refs["care_period_id"] = period;
    }
  }
}

// Missing and away episodes, mostly teenagers, with return home interviews.
void Builder::MissingEpisodes(Date start, std::optional<Date> end) {
  if (AgeOn(start) < 11) return;
  std::exponential_distribution<double> gap(0.25 / 365.0);
  for (Date m = start.AddDays(static_cast<int>(gap(rng_)));
       Past(m.AddDays(3)) && (!end || m.AddDays(3) < *end);
       m = m.AddDays(3 + static_cast<int>(gap(rng_)))) {
    const Date back = m.AddDays(Days(0, 2));
    domain::Values v = {{"missing_kind", Chance(rng_, 0.8) ? "M" : "A"},
                        {"start_date", D(m)},
                        {"end_date", D(back)}};
    if (Chance(rng_, 0.8)) {
      v["rhi_offered_date"] = D(std::min(last_, back.AddDays(Days(0, 3))));
      v["rhi_accepted"] = Chance(rng_, 0.6) ? "1" : "0";
    }
    Add("missing_episode", Key("m"), "", v);
  }
}

void Builder::Leaver(Date left, bool staying_put) {
  const Date eighteen = Birthday(18), twenty_one = Birthday(21);
  const Date from = std::max(left, eighteen);
  if (!Past(from)) return;
  domain::Values v = {{"eligibility", left < eighteen ? "relevant" : "former_relevant"},
                      {"start_date", D(from)},
                      {"personal_adviser", "Leaving care personal adviser"}};
  if (Past(twenty_one)) v["end_date"] = D(twenty_one);
  Add("care_leaver", Key("lv"), "", v);
  if (staying_put) {
    domain::Values sp = {{"start_date", D(eighteen)}};
    const Date sp_end = eighteen.AddDays(Days(180, 900));
    if (Past(sp_end)) sp["end_date"] = D(sp_end);
    Add("staying_put", Key("sp"), "", sp);
  }
  const bool engaged = Chance(rng_, 0.9);
  const bool eet = Chance(rng_, 0.55);
  for (Date d = from.AddMonths(2); Past(d) && d < twenty_one; d = d.AddMonths(2)) {
    const Date day = WorkingOnOrAfter(d.AddDays(-Days(0, 10)));
    if (!Past(day)) break;
    const bool touch = engaged ? Chance(rng_, 0.95) : Chance(rng_, 0.3);
    domain::Values c = {{"contact_date", D(day)}, {"in_touch", touch ? "YES" : "NO"}};
    if (touch) {
      c["activity"] = eet ? (Chance(rng_, 0.6) ? "F2" : "F5") : "G5";
      c["accommodation"] = Chance(rng_, 0.88) ? (staying_put ? "Z1" : "U1") : "S2";
    }
    Add("leaver_contact", Key("lc"), "", c);
  }
  for (Date d = from.AddMonths(6); Past(WorkingOnOrAfter(d)) && d < twenty_one;
       d = d.AddMonths(6)) {
    Add("pathway_plan_review", Key("pp"), "", {{"review_date", D(WorkingOnOrAfter(d))}});
  }
  Hold(TeamWork::kLeavingCare, from,
       Past(twenty_one) ? std::optional<Date>(twenty_one) : std::nullopt);
}

void Builder::Allocations() {
  std::sort(phases_.begin(), phases_.end(),
            [](const Phase& a, const Phase& b) { return a.start < b.start; });
  Date cursor;
  bool open = false;
  bool first = true;
  for (size_t i = 0; i < phases_.size(); ++i) {
    Phase ph = phases_[i];
    if (!first && open) break;  // an earlier phase is still open
    if (!first && ph.start < cursor) ph.start = cursor;
    if (ph.end && *ph.end <= ph.start) continue;
    const TeamStaff& team = TeamFor(ph.work);
    std::optional<std::string> reason =
        first ? std::optional<std::string>("FCONTA") : std::optional<std::string>("TSPROC");
    Date d = ph.start;
    while (true) {
      LoadAllocation a;
      a.team_id = team.team_id;
      a.start_date = D(d);
      a.reason = "Allocated to the team";
      a.change_reason = reason;
      const StaffRef* w = OnDuty(team.workers, d, true);
      std::optional<Date> stop = ph.end;
      if (w != nullptr) {
        a.worker_id = w->id;
        if (recorder_ == 0) recorder_ = w->id;
        if (w->end && (!stop || *w->end < *stop)) stop = *w->end;
      } else {
        // A vacant post: the team holds the child unallocated for a while.
        // A looked-after child is never long without a social worker: the post is covered in days.
        const bool in_care = ph.work == TeamWork::kLookedAfter || ph.work == TeamWork::kLeavingCare;
        const Date wait = d.AddDays(in_care ? Days(1, 5) : Days(5, 20));
        if (!stop || wait < *stop) stop = wait;
      }
      if (stop && Past(*stop)) a.end_date = D(*stop);
      h_.allocations.push_back(a);
      if (!a.end_date) {
        open = true;
        break;
      }
      if (ph.end && *stop >= *ph.end) break;
      d = *stop;
      reason = w != nullptr ? "LEFTRL" : "MANAGE";
    }
    cursor = ph.end.value_or(last_);
    first = false;
  }
  for (auto& s : h_.steps) {
    if (s.recorded_by == 0) s.recorded_by = recorder_;
  }
}

}  // namespace

int64_t ChildrenFor(double scale, int years) {
  return static_cast<int64_t>(std::llround(7000.0 * scale * (years + 1)));
}

Story MakeStory(const StoryContext& ctx, int64_t serial) { return Builder(ctx, serial).Build(); }

}  // namespace haven::synth

namespace haven::synth {

void Tally(const record::ChildHistory& h, const clocks::WorkingCalendar& cal, YearFigures& f) {
  const std::string start = f.start.ToString(), end = f.end.ToString();
  auto in_year = [&](const std::optional<std::string>& d) { return d && *d >= start && *d <= end; };
  auto open_at_end = [&](const std::optional<std::string>& from,
                         const std::optional<std::string>& to) {
    return from && *from <= end && (!to || *to > end);
  };
  auto get = [](const LoadStep& s, const char* field) -> std::optional<std::string> {
    auto it = s.values.find(field);
    if (it == s.values.end()) return std::nullopt;
    return it->second;
  };
  for (const auto& c : h.contacts) {
    if (in_year(c.contact.received_at.substr(0, 10))) ++f.contacts;
  }
  std::map<std::string, std::string> referral_date, s47_start;
  std::vector<std::string> referral_dates;
  bool cin = false, cp = false, cla = false, cla_in = false, missing = false;
  int placements = 0;
  for (const auto& s : h.steps) {
    if (s.kind == "referral") {
      const auto d = get(s, "referral_date");
      referral_date[s.key] = *d;
      if (in_year(d)) {
        ++f.referrals;
        if (domain::IsReReferral(*d, referral_dates)) ++f.re_referrals;
        const auto source = get(s, "source");
        if (source == "6") ++f.referrals_police;
        if (source == "2A") ++f.referrals_school;
        if (get(s, "nfa") == "1") ++f.referrals_nfa;
      }
      referral_dates.push_back(*d);
      if (open_at_end(d, get(s, "closure_date"))) cin = true;
    } else if (s.kind == "assessment") {
      const auto done = get(s, "completed_date");
      if (in_year(done)) {
        ++f.assessments;
        const auto from = Date::Parse(referral_date[s.referral_key]);
        if (from && cal.WorkingDaysBetween(*from, *Date::Parse(*done)) <= 45) ++f.assessments_in_45;
      }
    } else if (s.kind == "s47") {
      s47_start[s.key] = *get(s, "start_date");
      if (in_year(get(s, "start_date"))) ++f.s47;
    } else if (s.kind == "icpc") {
      const auto d = get(s, "conference_date");
      if (in_year(d)) {
        ++f.icpcs;
        const auto from = Date::Parse(s47_start[s.refs.at("s47_id")]);
        if (from && cal.WorkingDaysBetween(*from, *Date::Parse(*d)) <= 15) ++f.icpcs_in_15;
      }
    } else if (s.kind == "cp_plan") {
      const auto from = get(s, "start_date"), to = get(s, "end_date");
      if (open_at_end(from, to)) cp = true;
      if (in_year(to)) {
        ++f.cp_plans_ended;
        if (DaysBetween(*Date::Parse(*from), *Date::Parse(*to)) >= 730) ++f.cp_plans_2y;
      }
    } else if (s.kind == "care_period") {
      const auto from = get(s, "start_date"), to = get(s, "end_date");
      if (open_at_end(from, to)) cla = true;
      if (in_year(from)) ++f.cla_started;
      if (in_year(to)) {
        ++f.cla_ceased;
        const auto why = get(s, "reason_ended");
        if (why == "E11" || why == "E12") ++f.adopted;
      }
      if (*from <= end && (!to || *to >= start)) cla_in = true;
    } else if (s.kind == "placement") {
      if (in_year(get(s, "start_date"))) ++placements;
    } else if (s.kind == "missing_episode") {
      if (in_year(get(s, "start_date"))) missing = true;
    }
  }
  // Placements in the year, counting the one the child was in when it began.
  if (cla_in) {
    ++f.cla_in_year;
    bool placed_at_start = false;
    for (const auto& s : h.steps) {
      if (s.kind == "care_period") {
        const auto from = get(s, "start_date"), to = get(s, "end_date");
        if (*from < start && (!to || *to >= start)) placed_at_start = true;
      }
    }
    if (placements + (placed_at_start ? 1 : 0) >= 3) ++f.cla_3_placements;
  }
  f.cin_at_end += cin ? 1 : 0;
  f.cp_at_end += cp ? 1 : 0;
  f.cla_at_end += cla ? 1 : 0;
  f.missing_children += missing ? 1 : 0;
  // Care leavers aged 19 to 21 at the end of the year, and whether the last contact found them.
  const auto dob = Date::Parse(h.person.date_of_birth.value_or(""));
  if (dob) {
    const Date e = *Date::Parse(end);
    const bool leaver = std::any_of(h.steps.begin(), h.steps.end(),
                                    [](const LoadStep& s) { return s.kind == "care_leaver"; });
    if (leaver && dob->AddMonths(12 * 19) <= e && e < dob->AddMonths(12 * 22)) {
      ++f.leavers_19_21;
      std::optional<std::string> touch;
      for (const auto& s : h.steps) {
        if (s.kind == "leaver_contact" && in_year(get(s, "contact_date")))
          touch = get(s, "in_touch");
      }
      if (touch == "YES") ++f.leavers_in_touch;
    }
  }
}

}  // namespace haven::synth
