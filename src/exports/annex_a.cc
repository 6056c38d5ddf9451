#include "exports/annex_a.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "common/xlsx.h"
#include "domain/care.h"
#include "domain/steps_by_kind.h"
#include "record/internal/step_rows.h"

namespace haven::exports {

namespace {

// ---- Ofsted's headers and codes, in Haven's own form ------------------------------------------

const std::vector<std::string> kPerson = {"Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                                          "Age of Child (Years)"};
const char* const kDisability = "Does the Child have a Disability";
const char* const kTeam = "Allocated Team";
const char* const kWorker = "Allocated Worker";

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const char* const kYes = "Yes";
const char* const kNo = "No";
const char* const kUnknown = "Unknown";
const char* const kUnallocated = "Unallocated";

std::string YesNo(bool b) { return b ? kYes : kNo; }

std::string Lookup(const std::map<std::string, std::string>& codes, const std::string& code,
                   const std::string& otherwise = "") {
  auto it = codes.find(code);
  return it == codes.end() ? otherwise : it->second;
}

std::string Gender(const std::string& sex) {
  if (sex == "M") return "a) Male";
  if (sex == "F") return "b) Female";
  return "c) Not stated/recorded";
}

// The DfE ethnicity codes fall into Ofsted's groups by their first letter.
std::string Ethnicity(const std::string& code) {
  if (code.empty() || code == "REFU" || code == "NOBT") return "f) Not stated";
  switch (code[0]) {
    case 'W':
      return "a) White";
    case 'M':
      return "b) Mixed";
    case 'A':
      return "c) Asian or Asian British";
    case 'B':
      return "d) Black or black British";
    default:
      return "e) Other ethnic group";  // CHNE, OOTH
  }
}

std::string Source(const std::string& code) {
  static const std::map<std::string, std::string> kCodes = {{"1A", "a) Individual"},
                                                            {"1B", "a) Individual"},
                                                            {"1C", "a) Individual"},
                                                            {"1D", "a) Individual"},
                                                            {"2A", "b) Schools"},
                                                            {"2B", "c) Education services"},
                                                            {"3A", "d) Health services"},
                                                            {"3B", "d) Health services"},
                                                            {"3C", "d) Health services"},
                                                            {"3D", "d) Health services"},
                                                            {"3E", "d) Health services"},
                                                            {"3F", "d) Health services"},
                                                            {"4", "e) Housing"},
                                                            {"5A", "f) LA services"},
                                                            {"5B", "f) LA services"},
                                                            {"5C", "f) LA services"},
                                                            {"5D", "f) LA services"},
                                                            {"6", "g) Police"},
                                                            {"7", "h) Other legal agency"},
                                                            {"8", "i) Other"},
                                                            {"9", "j) Anonymous"}};
  return Lookup(kCodes, code, "k) Unknown");
}

std::string Need(const std::optional<std::string>& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"N1", "a) Abuse or neglect"},
      {"N2", "b) Child's disability"},
      {"N3", "c) Parents illness or disability"},
      {"N4", "d) Family in acute stress"},
      {"N5", "e) Family dysfunction"},
      {"N6", "f) Socially unacceptable behaviour"},
      {"N7", "g) Low income"},
      {"N8", "h) Absent parenting"},
      {"N9", "i) Not CIN"}};
  return Lookup(kCodes, code.value_or(""), "j) Not stated");
}

std::string ClosureReason(const std::string& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"RC1", "a) Adopted"},
      {"RC2", "b) Died"},
      {"RC3", "c) Residence Order"},
      {"RC4", "d) Special Guardianship Order"},
      {"RC5", "e) Transfer to another LA"},
      {"RC6", "f) Transfer to Adult Social Services"},
      {"RC7", "g) 'Other' incl. Child no longer in need"},
      {"RC8", "h) Child not in need after assessment"},
      {"RC9", "h) Child not in need after assessment"}};
  return Lookup(kCodes, code, "i) Not Stated");
}

std::string Abuse(const std::optional<std::string>& code) {
  static const std::map<std::string, std::string> kCodes = {{"NEG", "a) Neglect"},
                                                            {"PHY", "b) Physical Abuse"},
                                                            {"SAB", "c) Sexual Abuse"},
                                                            {"EMO", "d) Emotional Abuse"},
                                                            {"MUL", "e) Multiple"}};
  return Lookup(kCodes, code.value_or(""), "e) Multiple");
}

std::string LegalStatus(const std::string& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"C1", "a) Interim care orders"},
      {"C2", "b) Full care orders"},
      {"D1", "c) Freed for  Adoption"},  // two spaces, as Ofsted's template has it
      {"E1", "d) Placement order granted"},
      {"V2", "e) Accommodated under S20"},
      {"V3", "e) Accommodated under S20"},
      {"V4", "e) Accommodated under S20"},
      {"L1", "f) Detained on child protection grounds in LA accommodation"},
      {"L2", "f) Detained on child protection grounds in LA accommodation"},
      {"L3", "f) Detained on child protection grounds in LA accommodation"},
      {"J1", "J1: Remanded to LA or youth detention"},
      {"J2", "J2: LA accommodation under PACE"},
      {"J3", "g) Youth justice legal Statuses"}};
  return Lookup(kCodes, code, "zzCodeError");
}

std::string CeasedReason(const std::string& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"E11", "a) Adopted"},
      {"E12", "a) Adopted"},
      {"E2", "b) Died"},
      {"E3", "c) Care taken by another LA"},
      {"E4A", "d) Returned home to live with parents or relatives"},
      {"E4B", "d) Returned home to live with parents or relatives"},
      {"E13",
       "e) Left care to live with parents, relatives or other person with no parental "
       "responsibility"},
      {"E41", "f) Residence order granted"},
      {"E45", "g) Special Guardianship Orders"},
      {"E46", "g) Special Guardianship Orders"},
      {"E47", "g) Special Guardianship Orders"},
      {"E48", "g) Special Guardianship Orders"},
      {"E5", "h) Moved into independent living"},
      {"E6", "h) Moved into independent living"},
      {"E7", "i) Transferred to residential care funded by adult social services"},
      {"E9", "j) Sentenced to custody"},
      {"E14", "k) Accommodation on remand ended"},
      {"E15", "l) Age assessment determined child was 18 or over"},
      {"E16", "m) Child moved abroad"},
      {"E17", "n) Care ceased for any other reason"},
      {"E8", "n) Care ceased for any other reason"}};
  return Lookup(kCodes, code, "n) Care ceased for any other reason");
}

std::string PlacementType(const std::string& code) {
  if (domain::IsFosterPlacement(code)) return "a) Foster placement";
  if (domain::IsAdoptionPlacement(code)) return "b) Placed for adoption";
  if (!code.empty() && code[0] == 'T') return "o) Temporary placement";
  static const std::map<std::string, std::string> kCodes = {
      {"P1", "c) Placed with parents"},
      {"P2", "d) Independent living"},
      {"P3", "e) Residential employment"},
      // Supported accommodation, and before it H5: residential accommodation not subject to
      // the children's homes regulations.
      {"H5", "f) Residential accommodation"},
      {"K3", "f) Residential accommodation"},
      {"K1", "g) Secure Children\u2019s Homes"},
      {"K2", "h) Children\u2019s Homes"},
      {"R1", "i) Residential Care Home"},
      {"R2", "j) NHS/Health Trust"},
      {"R3", "k) Family Centre or Mother and Baby Unit"},
      {"R5", "l) Young Offender Institution"},
      {"S1", "m) Residential school"}};
  return Lookup(kCodes, code, "n) Other placements");
}

std::string Provider(const std::optional<std::string>& code) {
  if (code == "PR1") return "a) Own LA";
  if (code == "PR4") return "b) Private";
  return "c) Other";
}

std::string Eligibility(const std::optional<std::string>& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"relevant", "a) Relevant"},
      {"former_relevant", "b) Former relevant"},
      {"qualifying", "c) Qualifying"},
      {"eligible", "d) Eligible"}};
  return Lookup(kCodes, code.value_or(""), "e) Other");
}

std::string InTouch(const std::optional<std::string>& code) {
  if (!code) return "c) Not recorded";
  if (code == "YES") return "a) In touch";
  if (code == "NO" || code == "REFU") return "b) Not in touch";
  return "d) Exclude";  // died, no longer needs services, returned home
}

// The letter of a care leaver's accommodation code; the digit is its suitability.
std::string Accommodation(const std::string& code) {
  static const std::map<char, std::string> kCodes = {
      {'B', "a) With parents or relatives"},
      {'C', "b) Community home"},
      {'D', "c) Semi-independent transitional accommodation"},
      {'E', "d) Supported lodgings"},
      {'G', "e) Gone abroad"},
      {'H', "f) Deported"},
      {'K', "g) Ordinary lodgings"},
      {'R', "h) Residence not known"},
      {'S', "i) No fixed abode / homeless"},
      {'T', "j) Foyers"},
      {'U', "k) Independent living"},
      {'V', "l) Emergency accommodation"},
      {'W', "m) Bed and breakfast"},
      {'X', "n) In custody"},
      {'Y', "p) Other accommodation"},
      {'Z', "o) With Former Foster Carer"}};
  if (code.size() != 2) return "";
  auto it = kCodes.find(code[0]);
  return it == kCodes.end() ? "" : it->second;
}

std::string Activity(const std::string& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"F1", "F1: Full time in higher education"},
      {"P1", "P1: Part time in higher education"},
      {"F2", "F2: Full time in education other than higher"},
      {"P2", "P2: Part time in education other than higher"},
      {"F4", "F4: Young person engaged full time in an apprenticeship"},
      {"P4", "P4: Young person engaged part time in an apprenticeship"},
      {"F5", "F5: Young person engaged full time in training or employment (not apprenticeship)"},
      {"P5", "P5: Young person engaged part time in training or employment (not apprenticeship)"},
      {"G4", "G4: Not in education, employment or training - illness or disability"},
      {"G5", "G5: Not in education, employment or training - other"},
      {"G6", "G6: Not in education, employment or training - pregnancy or parenting"}};
  return Lookup(kCodes, code);
}

std::string AdoptionReversed(const std::optional<std::string>& code) {
  static const std::map<std::string, std::string> kCodes = {
      {"RD1", "a) Child\u2019s needs changed"},
      {"RD2", "b) Court did not make a PO"},
      {"RD3", "c) Prospective adopters cannot be found"},
      {"RD4", "d) Any other reason"}};
  return Lookup(kCodes, code.value_or(""), "d) Any other reason");
}

// ---- dates and steps ---------------------------------------------------------------------------

std::string Dmy(const std::optional<Date>& d) {
  if (!d) return "";
  const std::string iso = d->ToString();  // YYYY-MM-DD
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::optional<Date> DateOf(const domain::StepRecord& s, const std::string& field) {
  const auto v = s.Get(field);
  return v && v->size() >= 10 ? Date::Parse(v->substr(0, 10)) : std::nullopt;
}

// A date only if it had happened by `by`.
std::optional<Date> By(const std::optional<Date>& d, Date by) {
  return d && *d <= by ? d : std::nullopt;
}

// The inspection date and the periods the lists look back over.
struct Period {
  Date day;
  Date six;     // six months before
  Date twelve;  // twelve months before
  bool InSix(const std::optional<Date>& d) const { return d && *d >= six && *d <= day; }
  bool InTwelve(const std::optional<Date>& d) const { return d && *d >= twelve && *d <= day; }
  // A span that began by the inspection date and had not ended before `from`.
  bool Touches(const std::optional<Date>& start, const std::optional<Date>& end, Date from) const {
    return start && *start <= day && (!end || *end >= from);
  }
};

// The steps of one person by kind.
class Steps : public domain::StepsByKind {
 public:
  using StepsByKind::StepsByKind;
  // The step of `kind` with the latest `field` date on or before `by` (and `keep` true).
  template <typename Keep>
  const domain::StepRecord* Latest(const std::string& kind, const std::string& field, Date by,
                                   Keep keep) const {
    const domain::StepRecord* best = nullptr;
    std::optional<Date> best_date;
    for (const auto* s : Of(kind)) {
      const auto d = By(DateOf(*s, field), by);
      if (d && keep(*s) && (!best_date || *d >= *best_date)) {
        best = s;
        best_date = d;
      }
    }
    return best;
  }
  const domain::StepRecord* Latest(const std::string& kind, const std::string& field,
                                   Date by) const {
    return Latest(kind, field, by, [](const domain::StepRecord&) { return true; });
  }
  size_t Count(const std::string& kind, const std::string& field, Date from, Date to) const {
    return static_cast<size_t>(std::count_if(Of(kind).begin(), Of(kind).end(), [&](const auto* s) {
      const auto d = DateOf(*s, field);
      return d && *d >= from && *d <= to;
    }));
  }
};

bool RefersTo(const domain::StepRecord& s, const std::string& field, int64_t id) {
  return s.Ref(field) == id;
}

// ---- the lists ---------------------------------------------------------------------------------

class Builder {
 public:
  Builder(Date day, std::string authority)
      : p_{day, day.AddMonths(-6), day.AddMonths(-12)}, authority_(std::move(authority)) {
    const std::vector<std::string> child = Concat(kPerson, {kDisability});
    Add("List 1 - Contacts", Concat(kPerson, {"Date of Contact", "Contact Source"}));
    Add("List 2 - Early help",
        Concat(kPerson, {"Assessment start date", "Assessment completion date",
                         "Organisation completing assessment"}));
    Add("List 3 - Referrals",
        Concat(kPerson, {"Date of referral", "Referral Source", "Referral NFA?",
                         "Number of Referrals in Last 12 Months", kTeam, kWorker}));
    Add("List 4 - Assessments",
        Concat(child,
               {"Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                "Continuous Assessment Date of Authorisation",
                "Was the child assessed as requiring LA children's social care support?", kTeam,
                kWorker}));
    Add("List 5 - Section 47",
        Concat(child,
               {"Strategy discussion initiating Section 47 Enquiry Start Date",
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "Date of Initial Child Protection Conference",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Number of Section 47 Enquiries in the last 12 months",
                "Number of ICPCs in the last 12 months", kTeam, kWorker}));
    Add("List 6 - Children in need",
        Concat(child, {"CIN Start Date", "Primary Need Code", "Date Child Was Last Seen",
                       "CIN Closure Date", "Reason for Closure", "Case Status", kTeam, kWorker}));
    Add("List 7 - Child protection",
        Concat(child,
               {"Child Protection Plan Start Date", "Initial Category of Abuse",
                "Latest Category of Abuse", "Date of the Last Statutory Visit",
                "Was the Child Seen Alone?", "Date of latest review conference",
                "Child Protection Plan End Date",
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
                "Six Months (Y/N)",
                "Number of Previous Child Protection Plans", kTeam, kWorker}));
    Add("List 8 - Children in care",
        Concat(kPerson,
               {"Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                kDisability,
                "Date Started to be Looked After",
                "Child's Category of Need",
                "Is this a second or subsequent period of being a Looked After Child within the "
                "last 12 months (Y/N)",
                "Start date of current legal status",
                "Child's Legal Status",
                "Date of Latest Statutory Review",
                "Date of Last Social Work Visit",
                "What is the permanence plan for this child?",
                "Date of Last IRO Visit / Contact to the Child",
                "Date of Last Health Assessment",
                "Date of Last Dental Check",
                "Number of Placements in the Last 12 months",
                "Date Ceased to be Looked After",
                "Reason Ceased to be Looked After",
                "Start Date of Most Recent Placement",
                "Placement Type",
                "Placement Provider",
                "Placement postcode",
                "URN of Placement",
                "Placement Location",
                "LA of Placement",
                "Number of Episodes the Child has been 'Missing' from their Placement in the last "
                "12 months",
                "Number of Episodes the Child has been 'Absent' from their Placement in the last "
                "12 months",
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
                kTeam,
                kWorker}));
    Add("List 9 - Care leavers",
        Concat(kPerson,
               {"Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                kDisability, kTeam, kWorker, "Allocated Personal Advisor", "Eligibility Category",
                "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
                "Type of Accommodation", "Suitability of Accommodation", "Activity Status"}));
    Add("List 10 - Adoption",
        {"Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth",
         "Age of Child (Years)", kDisability, "Date the Child Entered Care",
         "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
         "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
         "Date of Adoption Order",
         "Date of Decision that Child Should No Longer be Placed for Adoption",
         "Reason Why Child No Longer Placed for Adoption",
         "Date the child was placed for fostering in FFA or concurrent planning placement"});
    Add("List 11 - Adopters",
        {"Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
         "Is the (prospective) adopter fostering for adoption?", "Date enquiry received",
         "Date Stage 1 started", "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended",
         "Date application submitted", "Date application approved",
         "Date adopter matched with child(ren)", "Date child/children placed with adopter(s)",
         "No. of children placed", "Date of Adoption Order", "Date of leaving adoption process",
         "Reason for leaving adoption process"});
  }

  void Person(const AnnexAPerson& person) {
    const Steps steps(person.steps);
    Contacts(person);
    EarlyHelp(person, steps);
    Referrals(person, steps);
    Assessments(person, steps);
    Enquiries(person, steps);
    ChildrenInNeed(person, steps);
    Protection(person, steps);
    InCare(person, steps);
    CareLeaver(person, steps);
    Adoption(person, steps);
    Adopter(person, steps);
  }

  std::vector<AnnexAList> Take() { return std::move(lists_); }

 private:
  void Add(std::string sheet, std::vector<std::string> headers) {
    AnnexAList list;
    list.sheet = std::move(sheet);
    for (size_t i = 0; i < headers.size(); ++i) {
      const std::string& h = headers[i];
      if (h.starts_with("Age of") || h.starts_with("Number of") || h.starts_with("No. of")) {
        list.numeric_columns.push_back(i);
      }
    }
    list.headers = std::move(headers);
    lists_.push_back(std::move(list));
  }

  void Row(size_t list, const AnnexAPerson& person, std::vector<std::string> cells) {
    lists_[list].rows.push_back(std::move(cells));
    lists_[list].person_of_row.push_back(person.person_id);
  }

  // Child Unique ID, Gender, Ethnicity, Date of Birth, Age, then `more`.
  std::vector<std::string> Who(const AnnexAPerson& c, std::vector<std::string> more = {}) const {
    std::string age;
    if (c.dob && *c.dob <= p_.day) {
      int years = p_.day.year() - c.dob->year();
      if (c.dob->AddMonths(12 * years) > p_.day) --years;
      age = std::to_string(years);
    }
    return Concat({c.id, Gender(c.sex), Ethnicity(c.ethnicity), Dmy(c.dob), age}, more);
  }

  static std::string Disability(const AnnexAPerson& c) {
    if (!c.disabilities || c.disabilities->empty()) return kUnknown;
    const bool none = std::all_of(c.disabilities->begin(), c.disabilities->end(),
                                  [](const std::string& d) { return d == "NONE"; });
    return none ? kNo : kYes;
  }

  // The team and worker allocated on the inspection date, else the last before it.
  std::vector<std::string> Allocated(const AnnexAPerson& c) const {
    const AnnexAAllocation* found = nullptr;
    for (const auto& a : c.allocations) {
      if (a.start > p_.day) continue;
      if (!found || a.start >= found->start) found = &a;
    }
    if (found == nullptr) return {kUnallocated, kUnallocated};
    return {found->team.empty() ? kUnallocated : found->team,
            found->worker.empty() ? kUnallocated : found->worker};
  }

  void Contacts(const AnnexAPerson& c) {
    for (const auto& contact : c.contacts) {
      if (!p_.InSix(contact.received)) continue;
      Row(0, c, Who(c, {Dmy(contact.received), Source(contact.source)}));
    }
  }

  void EarlyHelp(const AnnexAPerson& c, const Steps& steps) {
    for (const auto* s : steps.Of("early_help")) {
      if (!p_.Touches(DateOf(*s, "start_date"), DateOf(*s, "end_date"), p_.six)) continue;
      Row(1, c,
          Who(c, {Dmy(DateOf(*s, "start_date")), Dmy(By(DateOf(*s, "end_date"), p_.day)),
                  c.organisation}));
    }
  }

  void Referrals(const AnnexAPerson& c, const Steps& steps) {
    const size_t in_year = steps.Count("referral", "referral_date", p_.twelve, p_.day);
    for (const auto* s : steps.Of("referral")) {
      const auto date = DateOf(*s, "referral_date");
      if (!p_.InSix(date)) continue;
      Row(2, c,
          Concat(Who(c, {Dmy(date), Source(s->Get("source").value_or("")),
                         YesNo(s->Get("nfa") == "1"), std::to_string(in_year)}),
                 Allocated(c)));
    }
  }

  void Assessments(const AnnexAPerson& c, const Steps& steps) {
    for (const auto* s : steps.Of("assessment")) {
      std::optional<Date> authorised;
      if (s->authorised_at && s->authorised_at->size() >= 10) {
        authorised = Date::Parse(s->authorised_at->substr(0, 10));
      }
      if (!p_.Touches(DateOf(*s, "start_date"), authorised, p_.six)) continue;
      authorised = By(authorised, p_.day);
      const bool seen = By(DateOf(*s, "child_seen_date"), p_.day).has_value();
      // What the assessment led to, once it was authorised.
      std::string support;
      const auto outcome = s->Get("outcome");
      if (authorised && outcome && outcome != "not_in_records") {
        support = YesNo(outcome == "cin_plan" || outcome == "strategy_discussion" ||
                        outcome == "looked_after");
      }
      Row(3, c,
          Concat(Who(c, {Disability(c), Dmy(DateOf(*s, "start_date")), YesNo(seen), Dmy(authorised),
                         support}),
                 Allocated(c)));
    }
  }

  void Enquiries(const AnnexAPerson& c, const Steps& steps) {
    const std::string enquiries =
        std::to_string(steps.Count("s47", "start_date", p_.twelve, p_.day));
    const std::string conferences =
        std::to_string(steps.Count("icpc", "conference_date", p_.twelve, p_.day));
    for (const auto* s : steps.Of("s47")) {
      if (!p_.Touches(DateOf(*s, "start_date"), DateOf(*s, "end_date"), p_.six)) continue;
      // The strategy discussion that began it, or the enquiry's own start.
      std::optional<Date> began = DateOf(*s, "start_date");
      if (const auto sd = s->Ref("strategy_discussion_id")) {
        for (const auto* d : steps.Of("strategy_discussion")) {
          if (d->id == *sd) began = DateOf(*d, "discussion_date");
        }
      }
      const domain::StepRecord* icpc =
          steps.Latest("icpc", "conference_date", p_.day,
                       [&](const domain::StepRecord& i) { return RefersTo(i, "s47_id", s->id); });
      std::string unnecessary;
      const auto outcome = By(DateOf(*s, "end_date"), p_.day) ? s->Get("outcome") : std::nullopt;
      if (icpc != nullptr || outcome == "icpc") {
        unnecessary = kNo;
      } else if (outcome) {
        unnecessary = kYes;
      }
      std::string plan;
      if (icpc != nullptr) {
        const auto o = icpc->Get("outcome");
        plan = o ? YesNo(o == "cp_plan") : kUnknown;
      }
      Row(4, c,
          Concat(Who(c, {Disability(c), Dmy(began), unnecessary,
                         icpc ? Dmy(DateOf(*icpc, "conference_date")) : "", plan, enquiries,
                         conferences}),
                 Allocated(c)));
    }
  }

  static bool OpenOn(const domain::StepRecord& s, const std::string& start, const std::string& end,
                     Date day) {
    const auto from = DateOf(s, start);
    const auto to = DateOf(s, end);
    return from && *from <= day && (!to || *to >= day);
  }

  void ChildrenInNeed(const AnnexAPerson& c, const Steps& steps) {
    for (const auto* s : steps.Of("referral")) {
      const auto start = DateOf(*s, "referral_date");
      const auto closed = By(DateOf(*s, "closure_date"), p_.day);
      if (!p_.Touches(start, DateOf(*s, "closure_date"), p_.six)) continue;
      // Seen on a visit or by an assessment, by the end of the episode.
      const Date until = closed.value_or(p_.day);
      std::optional<Date> seen;
      auto later = [&](const std::optional<Date>& d) {
        if (d && *d >= *start && *d <= until && (!seen || *d > *seen)) seen = d;
      };
      for (const char* kind : {"cin_visit", "cp_visit", "cla_visit"}) {
        for (const auto* v : steps.Of(kind)) {
          if (v->Get("seen") == "1") later(DateOf(*v, "visit_date"));
        }
      }
      for (const auto* a : steps.Of("assessment")) {
        if (a->referral_id == s->id) later(DateOf(*a, "child_seen_date"));
      }
      std::string status;
      auto any_open = [&](const char* kind, const char* from, const char* to) {
        const auto& of = steps.Of(kind);
        return std::any_of(of.begin(), of.end(),
                           [&](const auto* x) { return OpenOn(*x, from, to, p_.day); });
      };
      if (closed) {
        status = "e) Closed episode";
      } else if (any_open("care_period", "start_date", "end_date")) {
        status = "a) Looked after child";
      } else if (any_open("cp_plan", "start_date", "end_date")) {
        status = "b) Child Protection plan";
      } else if (any_open("cin_plan", "start_date", "end_date")) {
        status = "c) Child in need plan";
      } else {
        // An open episode whose assessment is under way (or yet to start), else one whose plan
        // is still being put in place.
        bool assessed = false;
        for (const auto* a : steps.Of("assessment")) {
          if (a->referral_id == s->id && a->authorised_at) assessed = true;
        }
        status = assessed ? "c) Child in need plan" : "d) Open assessment";
      }
      Row(5, c,
          Concat(
              Who(c,
                  {Disability(c), Dmy(start), Need(s->Get("primary_need")), Dmy(seen), Dmy(closed),
                   closed ? ClosureReason(s->Get("closure_reason").value_or("")) : "", status}),
              Allocated(c)));
    }
  }

  void Protection(const AnnexAPerson& c, const Steps& steps) {
    // Protected by the police or an emergency protection order in the last six months.
    bool emergency = false;
    for (const auto* l : steps.Of("legal_status")) {
      const auto code = l->Get("legal_status");
      emergency |= (code == "L1" || code == "L2") && p_.InSix(DateOf(*l, "start_date"));
    }
    for (const auto* s : steps.Of("cp_plan")) {
      const auto start = DateOf(*s, "start_date");
      if (!p_.Touches(start, DateOf(*s, "end_date"), p_.six)) continue;
      auto of_plan = [&](const domain::StepRecord& x) { return RefersTo(x, "cp_plan_id", s->id); };
      const auto* visit = steps.Latest("cp_visit", "visit_date", p_.day, of_plan);
      const auto* review = steps.Latest("cp_review", "review_date", p_.day, of_plan);
      size_t previous = 0;
      for (const auto* other : steps.Of("cp_plan")) {
        const auto d = DateOf(*other, "start_date");
        if (other->id != s->id && d && *d < *start) ++previous;
      }
      if (const auto before = s->Get("plans_before_records")) previous += std::stoul(*before);
      Row(6, c,
          Concat(Who(c, {Disability(c), Dmy(start), Abuse(s->Get("initial_category")),
                         Abuse(s->Get("latest_category")
                                   .value_or(s->Get("initial_category").value_or(""))),
                         visit ? Dmy(DateOf(*visit, "visit_date")) : "",
                         visit ? YesNo(visit->Get("seen_alone") == "1") : "",
                         review ? Dmy(DateOf(*review, "review_date")) : "",
                         Dmy(By(DateOf(*s, "end_date"), p_.day)), YesNo(emergency),
                         std::to_string(previous)}),
                 Allocated(c)));
    }
  }

  // The part of a postcode before the digits ("DN" of "DN1 3BU").
  static std::string Area(const std::optional<std::string>& postcode) {
    std::string area;
    for (char ch : postcode.value_or("")) {
      if (ch < 'A' || ch > 'Z') break;
      area += ch;
    }
    return area;
  }

  void InCare(const AnnexAPerson& c, const Steps& steps) {
    std::vector<const domain::StepRecord*> periods;
    for (const auto* s : steps.Of("care_period")) {
      if (p_.Touches(DateOf(*s, "start_date"), DateOf(*s, "end_date"), p_.twelve)) {
        periods.push_back(s);
      }
    }
    if (periods.empty()) return;
    std::sort(periods.begin(), periods.end(), [](const auto* a, const auto* b) {
      return DateOf(*a, "start_date") < DateOf(*b, "start_date");
    });
    const domain::StepRecord& period = *periods.back();
    auto in_period = [&](const domain::StepRecord& x) {
      return RefersTo(x, "care_period_id", period.id);
    };
    const auto* legal = steps.Latest("legal_status", "start_date", p_.day, in_period);
    const auto* placement = steps.Latest("placement", "start_date", p_.day, in_period);
    const auto* review = steps.Latest("cla_review", "review_date", p_.day);
    const auto* visit = steps.Latest("cla_visit", "visit_date", p_.day);
    const auto* health =
        steps.Latest("health_check", "check_date", p_.day, [](const domain::StepRecord& h) {
          return h.Get("check_kind") == "initial_health_assessment" ||
                 h.Get("check_kind") == "health_review";
        });
    const auto* dental = steps.Latest(
        "health_check", "check_date", p_.day,
        [](const domain::StepRecord& h) { return h.Get("check_kind") == "dental_check"; });
    bool uasc = false;
    for (const auto* u : steps.Of("uasc_status")) {
      uasc |= p_.Touches(DateOf(*u, "start_date"), DateOf(*u, "end_date"), p_.twelve);
    }
    size_t placements = 0;
    const auto ends = domain::PlacementEnds(c.steps);
    for (const auto* pl : steps.Of("placement")) {
      auto it = ends.find(pl->id);
      std::optional<Date> end;
      if (it != ends.end() && it->second) end = Date::Parse(*it->second);
      if (p_.Touches(DateOf(*pl, "start_date"), end, p_.twelve)) ++placements;
    }
    size_t missing = 0, absent = 0;
    const domain::StepRecord* last_missing = nullptr;
    for (const auto* m : steps.Of("missing_episode")) {
      if (!p_.Touches(DateOf(*m, "start_date"), DateOf(*m, "end_date"), p_.twelve)) continue;
      if (m->Get("missing_kind") == "A") {
        ++absent;
        continue;
      }
      ++missing;
      if (!last_missing || DateOf(*m, "start_date") >= DateOf(*last_missing, "start_date")) {
        last_missing = m;
      }
    }
    std::string offered, accepted;
    if (last_missing != nullptr) {
      const bool was_offered = By(DateOf(*last_missing, "rhi_offered_date"), p_.day).has_value();
      offered = YesNo(was_offered);
      if (was_offered) accepted = YesNo(last_missing->Get("rhi_accepted") == "1");
    }
    const bool adoption = AdoptionLive(steps, p_.day, p_.day) != nullptr;
    const auto ended = By(DateOf(period, "end_date"), p_.day);
    std::string location, la;
    if (placement != nullptr) {
      const std::string there = Area(placement->Get("postcode"));
      const std::string home = Area(period.Get("home_postcode"));
      const bool in =
          !there.empty() && !home.empty() ? there == home : placement->Get("provider") == "PR1";
      location = in ? "a) In" : "b) Out";
      la = in ? authority_ : "Another authority";
    }
    Row(7, c,
        Concat(Who(c, {YesNo(uasc),
                       Disability(c),
                       Dmy(DateOf(period, "start_date")),
                       Need(period.Get("category_of_need")),
                       YesNo(periods.size() > 1),
                       legal ? Dmy(DateOf(*legal, "start_date")) : "",
                       legal ? LegalStatus(legal->Get("legal_status").value_or("")) : "zzCodeError",
                       review ? Dmy(DateOf(*review, "review_date")) : "",
                       visit ? Dmy(DateOf(*visit, "visit_date")) : "",
                       adoption ? "b) Adoption" : "",
                       "",
                       health ? Dmy(DateOf(*health, "check_date")) : "",
                       dental ? Dmy(DateOf(*dental, "check_date")) : "",
                       std::to_string(placements),
                       Dmy(ended),
                       ended ? CeasedReason(period.Get("reason_ended").value_or("")) : "",
                       placement ? Dmy(DateOf(*placement, "start_date")) : "",
                       placement ? PlacementType(placement->Get("placement_type").value_or(""))
                                 : "n) Other placements",
                       Provider(placement ? placement->Get("provider") : std::nullopt),
                       placement ? placement->Get("postcode").value_or("Not recorded")
                                 : "Not recorded",
                       placement ? placement->Get("urn").value_or("") : "",
                       location,
                       la,
                       std::to_string(missing),
                       std::to_string(absent),
                       offered,
                       accepted}),
               Allocated(c)));
  }

  // The plan for adoption live on some day from `from` to `to`: decided by `to`, and neither
  // adopted nor reversed before `from`.
  static const domain::StepRecord* AdoptionLive(const Steps& steps, Date from, Date to) {
    const domain::StepRecord* live = nullptr;
    for (const auto* s : steps.Of("adoption_plan")) {
      const auto decided = DateOf(*s, "decision_date");
      if (!decided || *decided > to) continue;
      const auto order = DateOf(*s, "adoption_order_date");
      const auto reversed = DateOf(*s, "reversed_date");
      if ((order && *order < from) || (reversed && *reversed < from)) continue;
      live = s;
    }
    return live;
  }

  void CareLeaver(const AnnexAPerson& c, const Steps& steps) {
    const domain::StepRecord* status = nullptr;
    for (const auto* s : steps.Of("care_leaver")) {
      if (OpenOn(*s, "start_date", "end_date", p_.day)) status = s;
    }
    if (status == nullptr) return;
    bool uasc = false;
    for (const auto* u : steps.Of("uasc_status"))
      uasc |= By(DateOf(*u, "start_date"), p_.day).has_value();
    const auto* plan = steps.Latest("pathway_plan_review", "review_date", p_.day);
    const auto* contact = steps.Latest("leaver_contact", "contact_date", p_.day);
    const std::optional<std::string> touch =
        contact ? contact->Get("in_touch") : std::optional<std::string>();
    std::string accommodation, suitable, activity;
    if (touch == "YES") {
      const std::string code = contact->Get("accommodation").value_or("");
      accommodation = Accommodation(code);
      if (!accommodation.empty()) suitable = code[1] == '1' ? "a) Suitable" : "b) Not suitable";
      activity = Activity(contact->Get("activity").value_or(""));
    }
    if (suitable.empty()) suitable = "c) Not in touch or not recorded";
    const std::string adviser = status->Get("personal_adviser").value_or("");
    Row(8, c,
        Who(c, Concat(Concat({YesNo(uasc), Disability(c)}, Allocated(c)),
                      {adviser.empty() ? kUnallocated : adviser,
                       Eligibility(status->Get("eligibility")),
                       plan ? Dmy(DateOf(*plan, "review_date")) : "", InTouch(touch),
                       contact ? Dmy(DateOf(*contact, "contact_date")) : "", accommodation,
                       suitable, activity})));
  }

  void Adoption(const AnnexAPerson& c, const Steps& steps) {
    const auto* plan = AdoptionLive(steps, p_.twelve, p_.day);
    if (plan == nullptr) return;
    const auto decided = DateOf(*plan, "decision_date");
    // The period of care the decision was made in, else the first.
    std::optional<Date> entered;
    for (const auto* s : steps.Of("care_period")) {
      const auto start = DateOf(*s, "start_date");
      if (!start) continue;
      if (*start <= *decided && (!entered || *entered > *decided || *start > *entered)) {
        entered = start;
      } else if (!entered) {
        entered = start;
      }
    }
    std::optional<Date> ffa;
    for (const auto* s : steps.Of("placement")) {
      const auto type = s->Get("placement_type");
      const auto start = By(DateOf(*s, "start_date"), p_.day);
      if ((type == "U2" || type == "U5") && start && (!ffa || *start < *ffa)) ffa = start;
    }
    const auto reversed = By(DateOf(*plan, "reversed_date"), p_.day);
    std::vector<std::string> who = Who(c);
    who.insert(who.begin() + 1, "");  // Family identifier: Haven does not group siblings here
    Row(9, c,
        Concat(who, {Disability(c), Dmy(entered), Dmy(decided),
                     Dmy(By(DateOf(*plan, "placement_order_date"), p_.day)),
                     Dmy(By(DateOf(*plan, "match_date"), p_.day)),
                     Dmy(By(DateOf(*plan, "placed_date"), p_.day)),
                     Dmy(By(DateOf(*plan, "adoption_order_date"), p_.day)), Dmy(reversed),
                     reversed ? AdoptionReversed(plan->Get("reversed_reason")) : "", Dmy(ffa)}));
  }

  void Adopter(const AnnexAPerson& c, const Steps& steps) {
    for (const auto* s : steps.Of("adopter_approval")) {
      if (!p_.Touches(DateOf(*s, "enquiry_date"), DateOf(*s, "withdrawn_date"), p_.twelve)) {
        continue;
      }
      const auto left = By(DateOf(*s, "withdrawn_date"), p_.day);
      // Haven records no fostering-for-adoption arrangement on an adopter's journey.
      Row(10, c,
          {c.id, "", Gender(c.sex), Ethnicity(c.ethnicity), Disability(c), kNo,
           Dmy(DateOf(*s, "enquiry_date")), "", "", "", "", "",
           Dmy(By(DateOf(*s, "approval_date"), p_.day)), Dmy(By(DateOf(*s, "match_date"), p_.day)),
           Dmy(By(DateOf(*s, "placement_date"), p_.day)), "", "", Dmy(left),
           left ? "a) Withdrew" : ""});
    }
  }

  Period p_;
  std::string authority_;
  std::vector<AnnexAList> lists_;
};

// The step kinds the lists read.
const char* const kKinds[] = {"referral",
                              "assessment",
                              "strategy_discussion",
                              "s47",
                              "icpc",
                              "cp_plan",
                              "cp_review",
                              "cp_visit",
                              "cin_plan",
                              "cin_visit",
                              "early_help",
                              "care_period",
                              "legal_status",
                              "placement",
                              "uasc_status",
                              "cla_review",
                              "cla_visit",
                              "health_check",
                              "missing_episode",
                              "care_leaver",
                              "pathway_plan_review",
                              "leaver_contact",
                              "adoption_plan",
                              "adopter_approval"};

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::optional<Date> DayOf(const std::optional<std::string>& text) {
  return text && text->size() >= 10 ? Date::Parse(text->substr(0, 10)) : std::nullopt;
}

}  // namespace

std::vector<AnnexAList> AnnexAFromRecord(const std::vector<AnnexAPerson>& people, Date date,
                                         const std::string& authority) {
  Builder b(date, authority);
  for (const auto& person : people) b.Person(person);
  return b.Take();
}

std::string AnnexAWorkbook(const std::vector<AnnexAList>& lists) {
  std::vector<XlsxSheet> sheets;
  for (const auto& list : lists) {
    XlsxSheet sheet{list.sheet, {list.headers}, list.numeric_columns};
    sheet.rows.insert(sheet.rows.end(), list.rows.begin(), list.rows.end());
    sheets.push_back(std::move(sheet));
  }
  return WriteXlsx(sheets);
}

Result<Date> ParseInspectionDate(const std::string& text, Date today, const std::string& field) {
  const auto date = text.size() == 10 ? Date::Parse(text) : std::nullopt;
  if (!date) {
    return InvalidArgument(field + " must be the inspection date as YYYY-MM-DD, such as " +
                               today.ToString() + "; '" + text + "' is not a date",
                           field);
  }
  if (*date > today) {
    return InvalidArgument(field + " must not be after today (" + today.ToString() +
                               "): the lists show the record as it stood on the date",
                           field);
  }
  return *date;
}

Result<std::vector<AnnexAList>> BuildAnnexA(storage::Store& store, Date date) {
  const std::string day = date.ToString();
  const std::string year_before = date.AddMonths(-12).ToString();
  // Everyone a list could name: contacts and referrals of the last year, episodes, plans, care,
  // leaving care and adoption that touch it (the derivation applies each list's own period).
  const std::string ids =
      "(SELECT person_id FROM contacts WHERE received_at >= ? "
      "UNION SELECT person_id FROM referrals WHERE referral_date <= ? AND "
      "(closure_date IS NULL OR closure_date >= ?) "
      "UNION SELECT person_id FROM early_help WHERE start_date <= ? AND "
      "(end_date IS NULL OR end_date >= ?) "
      "UNION SELECT person_id FROM care_periods WHERE start_date <= ? AND "
      "(end_date IS NULL OR end_date >= ?) "
      "UNION SELECT person_id FROM care_leavers WHERE start_date <= ? "
      "UNION SELECT person_id FROM adoption_plans WHERE decision_date <= ? "
      "UNION SELECT person_id FROM adopter_approvals WHERE enquiry_date <= ?)";
  const std::string who = "person_id IN " + ids;
  const storage::Params params = {year_before, day,         year_before, day, year_before,
                                  day,         year_before, day,         day, day};
  std::vector<AnnexAPerson> people;
  std::string authority;
  RETURN_IF_ERROR(store.Transact(storage::TxMode::kRead, [&](storage::Tx& tx) -> Status {
    // The organisation running each service area on the day, and the authority (its council).
    ASSIGN_OR_RETURN(storage::Rows owners,
                     tx.Query("SELECT o.service_area_id, g.name, g.kind FROM service_area_owners o "
                              "JOIN organisations g ON g.id = o.organisation_id WHERE "
                              "o.effective_from <= ? AND (o.effective_to IS NULL OR "
                              "o.effective_to > ?) ORDER BY o.id",
                              {day, day}));
    std::map<int64_t, std::string> owner;
    for (const auto& r : owners.rows) {
      owner[r.Int(0)] = r.Text(1);
      if (r.Text(2) == "council" && authority.empty()) authority = r.Text(1);
    }
    if (authority.empty()) {
      ASSIGN_OR_RETURN(
          storage::Rows councils,
          tx.Query("SELECT name FROM organisations WHERE kind = 'council' ORDER BY id", {}));
      authority = councils.rows.empty() ? "The authority" : councils.rows[0].Text(0);
    }
    ASSIGN_OR_RETURN(
        storage::Rows rows,
        tx.Query("SELECT id, la_child_id, date_of_birth, sex, ethnicity, disabilities, "
                 "service_area_id FROM people WHERE merged_into IS NULL AND id IN " +
                     ids + " ORDER BY id",
                 params));
    std::map<int64_t, size_t> index;
    for (const auto& r : rows.rows) {
      AnnexAPerson p;
      p.person_id = r.Int(0);
      p.id = r.OptText(1).value_or("HVN" + std::to_string(p.person_id));
      p.dob = DayOf(r.OptText(2));
      p.sex = r.Text(3);
      p.ethnicity = r.OptText(4).value_or("");
      if (const auto d = r.OptText(5)) p.disabilities = SplitList(*d);
      auto it = owner.find(r.Int(6));
      p.organisation = it != owner.end() ? it->second : authority;
      index[p.person_id] = people.size();
      people.push_back(std::move(p));
    }
    ASSIGN_OR_RETURN(storage::Rows contacts,
                     tx.Query("SELECT person_id, received_at, source FROM contacts WHERE "
                              "received_at >= ? ORDER BY person_id, received_at, id",
                              {year_before}));
    for (const auto& r : contacts.rows) {
      auto it = index.find(r.Int(0));
      const auto received = DayOf(r.OptText(1));
      if (it != index.end() && received) {
        people[it->second].contacts.push_back({*received, r.Text(2)});
      }
    }
    for (const char* kind : kKinds) {
      const domain::StepSpec* spec = domain::FindStep(kind);
      if (spec == nullptr) return Internal(std::string("no step kind ") + kind);
      ASSIGN_OR_RETURN(
          storage::Rows steps,
          tx.Query(record::internal::SelectSql(*spec) + " WHERE " + who + " ORDER BY person_id, id",
                   params));
      for (const auto& r : steps.rows) {
        auto rec = record::internal::RecordFrom(*spec, r);
        auto it = index.find(rec.person_id);
        if (it != index.end()) people[it->second].steps.push_back(std::move(rec));
      }
    }
    storage::Params with_day = {day};
    with_day.insert(with_day.end(), params.begin(), params.end());
    ASSIGN_OR_RETURN(
        storage::Rows allocations,
        tx.Query("SELECT a.person_id, a.start_date, a.end_date, t.name, u.display_name FROM "
                 "allocations a JOIN teams t ON t.id = a.team_id LEFT JOIN users u ON u.id = "
                 "a.worker_id WHERE a.start_date <= ? AND a." +
                     who + " ORDER BY a.person_id, a.start_date, a.id",
                 with_day));
    for (const auto& r : allocations.rows) {
      auto it = index.find(r.Int(0));
      const auto start = DayOf(r.OptText(1));
      if (it == index.end() || !start) continue;
      people[it->second].allocations.push_back(
          {*start, DayOf(r.OptText(2)), r.Text(3), r.OptText(4).value_or("")});
    }
    return Status::Ok();
  }));
  std::sort(people.begin(), people.end(),
            [](const AnnexAPerson& a, const AnnexAPerson& b) { return a.id < b.id; });
  return AnnexAFromRecord(people, date, authority);
}

Result<AnnexADownload> AnnexAService::Download(const access::Principal& who,
                                               const storage::Actor& actor,
                                               const std::string& date) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadAllRecords));
  const TimePoint now = clock_.Now();
  const Date today = *Date::Parse(FormatTimestamp(now).substr(0, 10));
  ASSIGN_OR_RETURN(Date day, ParseInspectionDate(date, today, "date"));
  ASSIGN_OR_RETURN(std::vector<AnnexAList> lists, BuildAnnexA(store_, day));
  AnnexADownload out;
  out.filename = "annex-a-" + day.ToString() + ".xlsx";
  RETURN_IF_ERROR(store_.Transact(storage::TxMode::kWrite, [&](storage::Tx& tx) -> Status {
    std::map<int64_t, bool> readable;
    for (auto& list : lists) {
      std::vector<std::vector<std::string>> kept;
      std::vector<int64_t> kept_people;
      for (size_t i = 0; i < list.rows.size(); ++i) {
        const int64_t person = list.person_of_row[i];
        auto seen = readable.find(person);
        if (seen == readable.end()) {
          ASSIGN_OR_RETURN(auto refusal, access_.Refusal(tx, who, person));
          seen = readable.emplace(person, !refusal.has_value()).first;
          if (seen->second) {
            RETURN_IF_ERROR(storage::LogAccess(
                tx, actor, {"people", person, "read", "Ofsted Annex A " + day.ToString()}, now));
          }
        }
        if (!seen->second) continue;
        kept.push_back(std::move(list.rows[i]));
        kept_people.push_back(person);
      }
      list.rows = std::move(kept);
      list.person_of_row = std::move(kept_people);
      out.rows += list.rows.size();
    }
    for (const auto& [person, ok] : readable) (ok ? out.people : out.withheld) += 1;
    return tx
        .Exec(
            "INSERT INTO security_events (at, user_id, event, request_id) VALUES (?, ?, ?, ?)",
            {FormatTimestamp(now), actor.user_id ? storage::Value(*actor.user_id) : storage::Null(),
             "annex_a_download " + day.ToString(),
             actor.request_id.empty() ? storage::Null() : storage::Value(actor.request_id)})
        .status();
  }));
  out.workbook = AnnexAWorkbook(lists);
  return out;
}

}  // namespace haven::exports
